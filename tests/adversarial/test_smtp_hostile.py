"""Hostile SMTP input: each case gets its proper reply, and only what should be stored is."""
from __future__ import annotations

import smtplib
import time

import pytest
from sqlalchemy import select

from inbox.models import Message
from tests.conftest import make_letter


def stored(db) -> list[bytes]:
    with db.factory() as s:
        return list(s.scalars(select(Message.raw).order_by(Message.id)))


def envelope(conn, rcpt=b"letters@reaction.life"):
    assert conn.cmd(b"EHLO attacker.example")[0] == 250
    assert conn.cmd(b"MAIL FROM:<a@example.org>")[0] == 250
    assert conn.cmd(b"RCPT TO:<" + rcpt + b">")[0] == 250
    assert conn.cmd(b"DATA")[0] == 354


@pytest.mark.parametrize("smuggle", [b"\n.\r\n", b"\r.\r\n", b"\r\n.\n", b"\n.\n"])
def test_smtp_smuggling_yields_one_letter_never_two(raw_smtp, db, smuggle):
    conn = raw_smtp()
    envelope(conn)
    inner = (b"MAIL FROM:<admin@reaction.life>\r\nRCPT TO:<letters@reaction.life>\r\nDATA\r\n"
             b"From: admin@reaction.life\r\nSubject: smuggled\r\n\r\nsmuggled\r\n")
    conn.send(b"From: a@example.org\r\nSubject: first\r\n\r\nhello" + smuggle + inner + b"\r\n.\r\n")
    assert conn.reply()[0] == 250
    assert conn.cmd(b"QUIT")[0] == 221
    raws = stored(db)
    assert len(raws) == 1 and b"Subject: first" in raws[0]


def test_overlong_command_line_is_refused_and_session_goes_on(raw_smtp):
    conn = raw_smtp()
    assert conn.cmd(b"EHLO x")[0] == 250
    code, _ = conn.cmd(b"MAIL FROM:<" + b"a" * 5000 + b"@example.org>")
    assert code == 500
    assert conn.cmd(b"NOOP")[0] == 250


def test_long_body_lines_are_accepted_not_bounced(send, db):
    # Real HTML mail often breaks the 1,000-byte line limit; bouncing it would lose a letter.
    letter = make_letter(body="<p>" + "word " * 2000 + "</p>")
    assert send(letter) == {}
    assert len(stored(db)) == 1


def test_undeclared_oversize_gets_552_and_session_goes_on(raw_smtp, settings, db):
    conn = raw_smtp(timeout=60)
    envelope(conn)
    chunk = (b"x" * 998 + b"\r\n") * 1024
    sent = 0
    while sent <= settings.max_message_bytes:
        conn.send(chunk)
        sent += len(chunk)
    conn.send(b".\r\n")
    assert conn.reply()[0] == 552
    assert conn.cmd(b"NOOP")[0] == 250
    assert stored(db) == []


def test_junk_commands_are_cut_off(raw_smtp):
    conn = raw_smtp()
    codes = []
    with pytest.raises((ConnectionError, OSError)):
        for i in range(50):
            codes.append(conn.cmd(b"XJUNK%d" % i)[0])
    # 500 for each unknown command, then aiosmtpd says goodbye (502) and closes the connection.
    assert codes[0] == 500 and codes[-1] in (421, 502) and len(codes) < 50


def test_endless_rset_is_cut_off(raw_smtp, settings):
    conn = raw_smtp()
    codes = []
    try:
        for _ in range(settings.command_call_limit + 10):
            codes.append(conn.cmd(b"RSET")[0])
    except ConnectionError:
        pass
    assert 421 in codes


def test_an_idle_connection_is_closed(listener, settings, db):
    # A short timeout for this test; the default is five minutes.
    from inbox.intake.smtp import LettersController
    from tests.conftest import free_port
    quick = LettersController(settings.with_(smtp_timeout=1), listener.writer, host="127.0.0.1", port=free_port())
    quick.start()
    try:
        from tests.rawsmtp import RawSMTP
        conn = RawSMTP(quick.port, timeout=10)
        conn.cmd(b"EHLO x")
        time.sleep(2)
        with pytest.raises((ConnectionError, OSError)):
            conn.cmd(b"NOOP")
        # A client trickling DATA is cut off the same way: the timeout covers the whole DATA phase.
        conn = RawSMTP(quick.port, timeout=10)
        envelope(conn)
        with pytest.raises((ConnectionError, OSError)):
            for _ in range(30):
                conn.send(b"x\r\n")
                time.sleep(0.2)
            conn.reply()
    finally:
        quick.stop()
    assert stored(db) == []


def test_hundreds_of_parallel_connections_from_one_address_do_not_starve_others(listener, settings, db):
    hogs, refused = [], 0
    for _ in range(200):
        try:
            hogs.append(smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10))
        except smtplib.SMTPConnectError as exc:
            assert exc.smtp_code == 421
            refused += 1
    try:
        assert len(hogs) == settings.max_connections_per_client
        assert refused == 200 - settings.max_connections_per_client
        # Meanwhile another client (another loopback address) is served at once.
        with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10,
                          source_address=("127.0.0.2", 0)) as other:
            assert other.sendmail("b@example.org", "letters@reaction.life", make_letter()) == {}
    finally:
        for h in hogs:
            h.close()
    assert len(stored(db)) == 1


def test_a_zero_byte_message_is_kept_for_a_human(raw_smtp, db):
    conn = raw_smtp()
    envelope(conn)
    conn.send(b".\r\n")
    assert conn.reply()[0] == 250
    assert stored(db) == [b""]

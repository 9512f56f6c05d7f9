"""What the listener refuses, and that it says so (issue 13): no AUTH on offer, before or after
STARTTLS; 553 for a non-ASCII path without SMTPUTF8; one structured log line per refusal
(550, 552, 452, 421, 553) with the peer's address and nothing of the letter. Real smtplib and
raw-socket clients against a real listener."""
from __future__ import annotations

import logging
import smtplib
import ssl

import pytest
from sqlalchemy import select

from inbox.listener import Listener
from inbox.models import Message
from tests.conftest import free_port, make_letter
from tests.rawsmtp import RawSMTP


@pytest.fixture
def refusals(caplog):
    """refusals() -> the listener's "refused ..." log lines so far."""
    caplog.set_level(logging.INFO, logger="inbox.intake.smtp")
    return lambda: [r.getMessage() for r in caplog.records
                    if r.name == "inbox.intake.smtp" and r.getMessage().startswith("refused ")]


def stored_senders(db) -> list[str]:
    with db.factory() as s:
        return list(s.scalars(select(Message.mail_from).order_by(Message.id)))


def test_no_auth_is_offered_or_accepted_before_or_after_starttls(settings, db, certificate):
    cert, key = certificate
    listener = Listener(settings.with_(tls_cert=str(cert), tls_key=str(key)), db,
                        host="127.0.0.1", port=free_port()).start()
    try:
        with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10) as client:
            client.ehlo()
            assert client.has_extn("starttls") and not client.has_extn("auth")
            context = ssl.create_default_context(cafile=str(cert))
            context.check_hostname = False
            client.starttls(context=context)
            client.ehlo()
            # aiosmtpd would advertise AUTH LOGIN PLAIN here, and answer every attempt 535.
            assert not client.has_extn("auth")
            assert "AUTH" not in client.ehlo_resp.decode().upper()
            assert client.docmd("AUTH", "PLAIN AGFubgBzZWNyZXQ=")[0] == 500
            # The session is still good for a letter.
            assert client.sendmail("a@example.org", "letters@reaction.life", make_letter()) == {}
    finally:
        listener.stop()
    assert stored_senders(db) == ["a@example.org"]


@pytest.mark.parametrize("path", ["anné@example.org".encode(), b"ann\xe9@example.org"],
                         ids=["utf-8", "latin-1"])
def test_a_non_ascii_path_without_smtputf8_gets_553(listener, db, refusals, path):
    conn = RawSMTP(listener.controller.port)
    try:
        assert conn.cmd(b"EHLO mx.example.org")[0] == 250
        code, reply = conn.cmd(b"MAIL FROM:<" + path + b">")
        assert (code, reply) == (553, b"553 5.6.7 Non-ASCII address without SMTPUTF8")
        # The session goes on; a non-ASCII recipient under an ASCII envelope is refused the same way.
        assert conn.cmd(b"MAIL FROM:<a@example.org>")[0] == 250
        assert conn.cmd(b"RCPT TO:<" + path.replace(b"@example.org", b"@reaction.life") + b">")[0] == 553
        assert conn.cmd(b"RCPT TO:<letters@reaction.life>")[0] == 250
        assert conn.cmd(b"DATA")[0] == 354
        conn.send(make_letter() + b".\r\n")
        assert conn.reply()[0] == 250
        assert conn.cmd(b"QUIT")[0] == 221
    finally:
        conn.close()
    assert stored_senders(db) == ["a@example.org"]
    assert refusals() == ["refused code=553 reason=non-ascii-address peer=127.0.0.1"] * 2


def test_a_non_ascii_sender_with_smtputf8_is_accepted(send, listener, db, refusals):
    with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10) as client:
        refused = client.sendmail("anné@example.org", "letters@reaction.life", make_letter(),
                                  mail_options=["SMTPUTF8"])
    assert refused == {}
    assert stored_senders(db) == ["anné@example.org"]
    assert refusals() == []


def test_relaying_is_refused_and_logged_without_the_address(send, refusals):
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(make_letter(), rcpt="victim@example.com")
    assert refusals() == ["refused code=550 reason=relay peer=127.0.0.1"]


def test_too_many_recipients_are_logged(listener, settings, refusals):
    with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10) as c:
        c.ehlo()
        c.mail("a@example.org")
        codes = [c.rcpt(f"letters+x{i}@reaction.life")[0] for i in range(settings.max_recipients + 1)]
    assert codes[-1] == 452
    assert refusals() == ["refused code=452 reason=recipients peer=127.0.0.1"]


def test_oversized_messages_are_logged_declared_or_not(settings, db, refusals):
    small = settings.with_(max_message_bytes=2000)
    listener = Listener(small, db, host="127.0.0.1", port=free_port()).start()
    try:
        with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10) as c:
            c.ehlo()
            assert c.mail("a@example.org", ["SIZE=5000"])[0] == 552
            c.rset()
            # smtplib declares the size itself; a raw client need not.
        conn = RawSMTP(listener.controller.port)
        try:
            assert conn.cmd(b"EHLO mx.example.org")[0] == 250
            assert conn.cmd(b"MAIL FROM:<a@example.org>")[0] == 250
            assert conn.cmd(b"RCPT TO:<letters@reaction.life>")[0] == 250
            assert conn.cmd(b"DATA")[0] == 354
            conn.send(make_letter(body="Sir, " + "very long. " * 500) + b".\r\n")
            assert conn.reply()[0] == 552
        finally:
            conn.close()
    finally:
        listener.stop()
    lines = refusals()
    assert lines == ["refused code=552 reason=size peer=127.0.0.1"] * 2
    assert not any("long" in line for line in lines)
    assert stored_senders(db) == []


def test_connections_over_the_limit_are_logged(settings, db, refusals):
    listener = Listener(settings.with_(max_connections_per_client=2), db,
                        host="127.0.0.1", port=free_port()).start()
    clients = []
    try:
        for _ in range(2):
            clients.append(smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10))
        with pytest.raises(smtplib.SMTPConnectError) as err:
            smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10)
        assert err.value.smtp_code == 421
    finally:
        for c in clients:
            c.close()
        listener.stop()
    assert refusals() == ["refused code=421 reason=connections peer=127.0.0.1"]


def test_the_command_limit_is_logged(settings, db, refusals):
    listener = Listener(settings.with_(command_call_limit=5), db, host="127.0.0.1", port=free_port()).start()
    try:
        conn = RawSMTP(listener.controller.port)
        try:
            codes = [conn.cmd(b"NOOP")[0] for _ in range(6)]
        finally:
            conn.close()
    finally:
        listener.stop()
    assert codes == [250] * 5 + [421]
    assert refusals() == ["refused code=421 reason=command-limit peer=127.0.0.1"]


def test_accepted_letters_log_no_refusal(send, refusals):
    assert send(make_letter()) == {}
    assert refusals() == []

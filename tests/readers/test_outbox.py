"""Outbound mail over a real relay: what arrives, retries when the relay is down, once after a
crash before the relay took it, in doubt (later, same Message-ID) after a crash once it had, RFC 3834's silences, the acknowledgement interval, and two inboxes that answer
each other without looping."""
from __future__ import annotations

import smtplib
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from inbox.bootstrap import open_database
from inbox.config import Settings
from inbox.db import transaction
from inbox.desk import accounts
from inbox.listener import Listener
from inbox.models import Letter, OutboundMail
from inbox.pipeline.batch import process_pending
from inbox.readers import outbox
from inbox.web import create_app
from tests.conftest import free_port, make_letter
from tests.web.conftest import EDITOR, sign_in


def _send(port: int, raw: bytes, sender="ann@example.org", rcpt="letters@reaction.life"):
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.sendmail(sender, rcpt, raw)


def _outbox(db) -> list[OutboundMail]:
    with db.factory() as s:
        return list(s.scalars(select(OutboundMail).order_by(OutboundMail.id)))


def _ingest(db, settings, raw: bytes, mail_from="ann@example.org"):
    """Store a message as the listener would and process it (the acknowledgement is queued)."""
    import hashlib
    import uuid

    from inbox.models import Message
    with transaction(db.factory) as s:
        s.add(Message(fingerprint=hashlib.sha256(uuid.uuid4().bytes).hexdigest(), raw=raw, size=len(raw),
                      mail_from=mail_from, rcpt_tos=["letters@reaction.life"]))
    process_pending(db.factory, settings)


def test_the_acknowledgement_arrives_threaded_and_marked_automatic(mail_settings, mail_db, sink):
    listener = Listener(mail_settings, mail_db, host="127.0.0.1", port=free_port()).start()
    try:
        _send(listener.controller.port, make_letter(message_id="<letter-1@example.org>"))
        arrived = sink.wait_for(1)[0]
    finally:
        listener.stop()
    msg = arrived.message
    assert arrived.mail_from == "<>"                     # null return path (RFC 3834 3.3)
    assert arrived.rcpt_tos == ["ann@example.org"]
    assert msg["Auto-Submitted"] == "auto-replied"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["In-Reply-To"] == "<letter-1@example.org>"
    assert msg["References"] == "<letter-1@example.org>"
    assert msg["From"] == "Reaction letters <letters@reaction.life>"
    assert msg["Subject"] == "Re: Taiwan"
    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@reaction.life>")
    body = msg.get_body(("plain",)).get_content()
    assert "Dear Ann Reader" in body and "http://inbox.test/reader/" in body
    [row] = _outbox(mail_db)
    assert row.state == "sent" and row.sent_at is not None and f"<{row.message_id}>" == msg["Message-ID"]
    assert len(sink.arrived) == 1


def test_nothing_is_queued_while_mail_is_off(settings, db):
    _ingest(db, settings, make_letter())
    assert _outbox(db) == []


def test_a_relay_that_is_down_delays_the_mail_and_it_arrives_once(mail_settings, mail_db, sink):
    sink.stop()
    _ingest(mail_db, mail_settings, make_letter())
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 0
    [row] = _outbox(mail_db)
    assert row.state == "queued" and row.attempts == 1 and "unavailable" in row.last_error
    assert row.next_attempt_at > row.created_at + timedelta(seconds=25)     # backed off
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 0          # not due yet
    sink.start()
    with transaction(mail_db.factory) as s:                                 # the backoff passes
        s.execute(update(OutboundMail).values(next_attempt_at=row.created_at))
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 1
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 0
    time.sleep(0.2)
    assert len(sink.arrived) == 1
    assert _outbox(mail_db)[0].state == "sent"


def test_backoff_doubles_and_is_capped():
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert outbox.backoff(30) == timedelta(hours=1)


def test_a_permanent_refusal_is_not_retried(mail_settings, mail_db, sink):
    async def refuse(server, session, envelope, address, options):
        return "550 5.1.1 no such user"
    sink.handle_RCPT = refuse
    _ingest(mail_db, mail_settings, make_letter())
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 0
    [row] = _outbox(mail_db)
    assert row.state == "failed" and row.last_error.startswith("550")
    assert sink.arrived == []


def _silent_relay():
    """Accepts connections and never says a word: a sender talking to it hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = threading.Event()
    held = []

    def run():
        try:
            conn, _ = server.accept()
            held.append(conn)
            accepted.set()
        except OSError:
            pass
    threading.Thread(target=run, daemon=True).start()
    return server, accepted, held


CHILD = """
import sys
from datetime import timedelta
from inbox.config import Settings
from inbox.bootstrap import open_database
from inbox.config import Settings
from inbox.readers.outbox import deliver_due
from pathlib import Path
settings = Settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[2] or None, outbound_smtp=sys.argv[3])
db = open_database(settings, upgrade=False, seed=False)
deliver_due(db.factory, settings, lease=timedelta(seconds=1), timeout=120)
"""


def test_a_sender_killed_between_claim_and_send_leaves_the_mail_to_arrive_once(mail_settings, mail_db, sink):
    _ingest(mail_db, mail_settings, make_letter())
    server, accepted, held = _silent_relay()
    port = server.getsockname()[1]
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(mail_settings.data_dir),
                              mail_settings.database_url or "", f"127.0.0.1:{port}"])
    try:
        assert accepted.wait(30), "the sender never reached the relay"
        child.kill()                    # SIGKILL: mid-delivery, nothing cleaned up
        child.wait(10)
    finally:
        server.close()
        for conn in held:
            conn.close()
    [row] = _outbox(mail_db)
    assert row.state == "queued" and row.claimed_until is not None and sink.arrived == []
    time.sleep(1.2)                     # the dead sender's lease runs out
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 1
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 0
    time.sleep(0.2)
    assert len(sink.arrived) == 1


def test_a_sender_killed_after_the_relay_took_the_message_sends_it_again_later_with_the_same_id(
        mail_settings, mail_db, sink):
    """The window no protocol closes: the relay has the message, the sender dies before recording
    it. The sink kills the sending process inside DATA, after keeping the message."""
    _ingest(mail_db, mail_settings, make_letter())
    sender: list[subprocess.Popen] = []
    keep = sink.handle_DATA

    async def keep_then_kill_the_sender(server, session, envelope):
        reply = await keep(server, session, envelope)
        if sender:
            sender.pop().kill()         # SIGKILL before our 250 reaches it
        return reply
    sink.handle_DATA = keep_then_kill_the_sender
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(mail_settings.data_dir),
                              mail_settings.database_url or "", f"127.0.0.1:{sink.port}"])
    sender.append(child)
    assert child.wait(60) == -9
    [row] = _outbox(mail_db)
    assert row.state == "queued" and row.attempt_started_at is not None and len(sink.arrived) == 1
    time.sleep(1.2)                     # the dead sender's lease runs out: the row is in doubt
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 0
    [row] = _outbox(mail_db)
    assert row.interrupted == 1 and row.attempt_started_at is None and row.last_error == outbox.IN_DOUBT_NOTE
    assert row.next_attempt_at >= row.created_at + outbox.IN_DOUBT_DELAY
    assert len(sink.arrived) == 1       # not at once
    with transaction(mail_db.factory) as s:                                 # the delay passes
        s.execute(update(OutboundMail).values(next_attempt_at=row.created_at))
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 1
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 0
    first, second = sink.wait_for(2)
    assert first.raw == second.raw and first.message["Message-ID"] == f"<{row.message_id}>"
    [row] = _outbox(mail_db)
    assert row.state == "sent" and row.interrupted == 1
    app = create_app(mail_settings, db=mail_db, test_config={"TESTING": True})
    with transaction(mail_db.factory) as s:
        accounts.create_user(s, EDITOR[0], EDITOR[1], role="editor")
    client = app.test_client()
    sign_in(client, *EDITOR)
    page = client.get(f"/letters/{row.letter_id}").get_data(as_text=True)
    assert "may have arrived twice" in page and "same Message-ID" in page


RFC3834 = {
    "auto-submitted": ("ann@example.org", "Auto-Submitted: auto-replied\r\n"),
    "auto-generated": ("ann@example.org", "Auto-Submitted: auto-generated\r\n"),
    "precedence bulk": ("ann@example.org", "Precedence: bulk\r\n"),
    "precedence list": ("ann@example.org", "Precedence: list\r\n"),
    "precedence junk": ("ann@example.org", "Precedence: junk\r\n"),
    "list-id": ("ann@example.org", "List-Id: <readers.example.org>\r\n"),
    "empty return path": ("", ""),
    "mailer-daemon": ("MAILER-DAEMON@example.org", ""),
    "no-reply": ("no-reply@example.org", ""),
    "noreply": ("noreply@example.org", ""),
    "postmaster": ("postmaster@example.org", ""),
}


@pytest.mark.parametrize("case", sorted(RFC3834))
def test_rfc3834_nothing_is_sent_to_automated_or_list_mail(case, mail_settings, mail_db, sink):
    envelope, extra = RFC3834[case]
    author = envelope or "ann@example.org"
    _ingest(mail_db, mail_settings, make_letter(sender=f"Someone <{author}>", extra_headers=extra),
            mail_from=envelope)
    with mail_db.factory() as s:
        assert s.scalar(select(func.count()).select_from(Letter)) == 1
    outbox.deliver_due(mail_db.factory, mail_settings)
    assert _outbox(mail_db) == [] and sink.arrived == []


def test_auto_submitted_no_is_a_person(mail_settings, mail_db, sink):
    _ingest(mail_db, mail_settings, make_letter(extra_headers="Auto-Submitted: no\r\n"))
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 1


def test_one_acknowledgement_per_writer_per_interval(mail_settings, mail_db, sink):
    _ingest(mail_db, mail_settings, make_letter(subject="First"))
    _ingest(mail_db, mail_settings, make_letter(subject="Second"))
    _ingest(mail_db, mail_settings, make_letter(subject="Other", sender="Bo <bo@example.org>"),
            mail_from="bo@example.org")
    assert sorted(r.recipient for r in _outbox(mail_db)) == ["ann@example.org", "bo@example.org"]
    with transaction(mail_db.factory) as s:       # the interval passes
        for row in s.scalars(select(OutboundMail)):
            row.created_at -= timedelta(hours=25)
    _ingest(mail_db, mail_settings, make_letter(subject="Third"))
    assert len(_outbox(mail_db)) == 3


def test_two_inboxes_relaying_to_each_other_do_not_loop(tmp_path):
    port_a, port_b = free_port(), free_port()
    inboxes = []
    for name, own, other in (("a", port_a, port_b), ("b", port_b, port_a)):
        s = Settings(data_dir=tmp_path / name, letters_addresses=(f"letters@{name}.test",),
                     outbound_smtp=f"127.0.0.1:{other}")
        db = open_database(s)
        inboxes.append((s, db, Listener(s, db, host="127.0.0.1", port=own).start()))
    try:
        # Inbox B writes (as a person would) to inbox A: A acknowledges to B's letters address.
        _send(port_a, make_letter(sender="Letters B <letters@b.test>").replace(
            b"To: letters@reaction.life", b"To: letters@a.test"), sender="letters@b.test", rcpt="letters@a.test")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with inboxes[1][1].factory() as sess:
                if sess.scalar(select(func.count()).select_from(Letter)):
                    break
            time.sleep(0.1)
        time.sleep(5)                   # two poll rounds on each side: room for a loop to show
        counts = []
        for s, db, _ in inboxes:
            with db.factory() as sess:
                counts.append((sess.scalar(select(func.count()).select_from(Letter)),
                               sess.scalar(select(func.count()).select_from(OutboundMail))))
        with inboxes[1][1].factory() as sess:
            kind = sess.scalar(select(Letter.kind))
    finally:
        for _, db, listener in inboxes:
            listener.stop()
            db.engine.dispose()
    assert counts == [(1, 1), (1, 0)]     # A got the letter and answered once; B answered nothing
    assert kind.value == "automated"


def test_a_letter_without_message_id_is_answered_without_threading_to_an_invented_one(mail_settings, mail_db, sink):
    raw = b"From: Ann Reader <ann@example.org>\r\nTo: letters@reaction.life\r\nSubject: Taiwan\r\n\r\nSir, indeed.\r\n"
    _ingest(mail_db, mail_settings, raw)
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 1
    msg = sink.wait_for(1)[0].message
    assert msg["In-Reply-To"] is None and msg["Auto-Submitted"] == "auto-replied"


def test_a_relay_that_drops_the_line_after_taking_the_message_leaves_it_in_doubt(mail_settings, mail_db, sink):
    """The relay has the whole message and the connection drops before its answer reaches us:
    it may have been delivered, so it is in doubt (later, same bytes), not sent again at once."""
    _ingest(mail_db, mail_settings, make_letter())
    keep = sink.handle_DATA

    async def keep_then_hang_up(server, session, envelope):
        reply = await keep(server, session, envelope)
        server.transport.abort()        # the 250 is never sent
        return reply
    sink.handle_DATA = keep_then_hang_up
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 0
    [row] = _outbox(mail_db)
    assert len(sink.arrived) == 1
    assert row.state == "queued" and row.interrupted == 1 and row.last_error == outbox.IN_DOUBT_NOTE
    assert row.next_attempt_at >= row.created_at + outbox.IN_DOUBT_DELAY
    sink.handle_DATA = keep
    with transaction(mail_db.factory) as s:                                 # the delay passes
        s.execute(update(OutboundMail).values(next_attempt_at=row.created_at))
    assert outbox.deliver_due(mail_db.factory, mail_settings) == 1
    first, second = sink.wait_for(2)
    assert first.raw == second.raw


def _relay_that_hangs_up_at_data():
    """Speaks SMTP up to the DATA command, then closes the connection without a 354."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def run():
        try:
            conn, _ = server.accept()
        except OSError:
            return
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 relay.test ESMTP\r\n")
            for line in lines:
                if line.upper().startswith(b"DATA"):
                    return
                conn.sendall(b"221 bye\r\n" if line.upper().startswith(b"QUIT") else b"250 ok\r\n")
    threading.Thread(target=run, daemon=True).start()
    return server


def test_a_relay_that_drops_the_line_before_the_message_retries_it_as_usual(mail_settings, mail_db):
    _ingest(mail_db, mail_settings, make_letter())
    server = _relay_that_hangs_up_at_data()
    settings = mail_settings.with_(outbound_smtp=f"127.0.0.1:{server.getsockname()[1]}")
    try:
        assert outbox.deliver_due(mail_db.factory, settings) == 0
    finally:
        server.close()
    [row] = _outbox(mail_db)
    assert row.state == "queued" and row.interrupted == 0 and row.attempts == 1
    assert row.last_error.startswith("relay connection lost")
    assert row.next_attempt_at < row.created_at + outbox.IN_DOUBT_DELAY   # the ordinary backoff

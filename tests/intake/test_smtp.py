"""The SMTP listener over a real socket with a real smtplib client."""
from __future__ import annotations

import re
import smtplib
import sqlite3
import threading
import time

import pytest
from sqlalchemy import func, select

from inbox.db import make_engine, session_factory
from inbox.models import Message
from inbox.bootstrap import Database
from inbox.listener import Listener
from tests.conftest import PG_URL, free_port, make_letter


def count_messages(db) -> int:
    with db.factory() as s:
        return s.scalar(select(func.count()).select_from(Message))


def test_accepts_a_letter_and_commits_it_before_answering(send, db):
    refused = send(make_letter())
    assert refused == {}
    # The 250 has been given: the raw message must already be committed.
    assert count_messages(db) == 1


def test_accepts_plus_addresses_in_any_case(send, db):
    send(make_letter(), rcpt="Letters+blinken-beijing@Reaction.LIFE")
    send(make_letter(), rcpt="LETTERS@reaction.life")
    with db.factory() as s:
        assert sorted(s.scalars(select(Message.rcpt_tos))) == [
            ["LETTERS@reaction.life"], ["Letters+blinken-beijing@Reaction.LIFE"]]


@pytest.mark.parametrize("rcpt", ["someone@example.com", "letters@reaction.life.evil.com",
                                  "letters@example.com", "other+letters@reaction.life", "@reaction.life"])
def test_refuses_to_relay(send, db, rcpt):
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(make_letter(), rcpt=rcpt)
    code = list(refused.value.recipients.values())[0][0]
    assert 550 <= code <= 553
    assert count_messages(db) == 0


def test_accepts_only_our_recipients_of_a_mixed_list(send, db):
    refused = send(make_letter(), rcpt=["letters@reaction.life", "victim@example.com"])
    assert list(refused) == ["victim@example.com"] and refused["victim@example.com"][0] == 550
    with db.factory() as s:
        assert s.scalar(select(Message.rcpt_tos)) == ["letters@reaction.life"]


def test_advertises_size_and_refuses_oversized_mail(listener, settings, db):
    big = make_letter(body="x" * 998 + "\n") * 1 + b"y" * (settings.max_message_bytes + 10)
    with smtplib.SMTP("127.0.0.1", listener.controller.port) as client:
        client.ehlo()
        assert int(client.esmtp_features["size"]) == settings.max_message_bytes
        with pytest.raises(smtplib.SMTPResponseException) as err:
            client.sendmail("a@example.org", "letters@reaction.life", big)
        assert err.value.smtp_code == 552
    assert count_messages(db) == 0


def test_refuses_declared_oversize_at_mail_from(listener, settings):
    with smtplib.SMTP("127.0.0.1", listener.controller.port) as client:
        client.ehlo()
        code, _ = client.mail("a@example.org", [f"SIZE={settings.max_message_bytes + 1}"])
        assert code == 552


def test_stores_the_same_message_once_and_answers_250_both_times(send, db):
    letter = make_letter(message_id="<same@example.org>")
    assert send(letter) == {}
    assert send(letter) == {}
    # The same letter relayed by another route differs only in trace headers: still one.
    assert send(b"Received: from mx2.example.org by us\r\n" + letter) == {}
    assert count_messages(db) == 1
    assert send(make_letter(message_id="<other@example.org>")) == {}
    assert count_messages(db) == 2


def test_too_many_recipients_get_452(listener, settings):
    with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10) as c:
        c.ehlo()
        c.mail("a@example.org")
        codes = [c.rcpt(f"letters+x{i}@reaction.life")[0] for i in range(settings.max_recipients + 2)]
    assert codes[:settings.max_recipients] == [250] * settings.max_recipients
    assert codes[settings.max_recipients:] == [452, 452]


def test_limits_connections_per_client(listener, settings):
    clients = []
    try:
        for _ in range(settings.max_connections_per_client):
            c = smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10)
            c.noop()
            clients.append(c)
        with pytest.raises(smtplib.SMTPConnectError) as err:
            smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10)
        assert err.value.smtp_code == 421
    finally:
        for c in clients:
            c.close()
    # Once the others have gone, the client is served again.
    time.sleep(0.2)
    with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10) as c:
        assert c.noop()[0] == 250


def test_cuts_off_a_client_that_repeats_a_command_endlessly(listener, settings):
    with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10) as c:
        codes = []
        for _ in range(settings.command_call_limit + 5):
            try:
                codes.append(c.noop()[0])
            except smtplib.SMTPServerDisconnected:
                break
        assert 421 in codes


def test_strips_control_characters_from_the_helo_name(listener, db):
    with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10) as c:
        c.ehlo("evil\x1b[31m.example")
        c.sendmail("a@example.org", "letters@reaction.life", make_letter())
    with db.factory() as s:
        assert s.scalar(select(Message.helo)) == "evil[31m.example"


def test_a_database_failure_answers_451_and_stores_nothing(settings):
    # A real database that is down: nothing listens on port 1.
    dead = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/test", connect_args={"connect_timeout": 2})
    listener = Listener(settings, Database(dead, session_factory(dead)), host="127.0.0.1", port=free_port()).start()
    try:
        with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=30) as c:
            with pytest.raises(smtplib.SMTPDataError) as err:
                c.sendmail("a@example.org", "letters@reaction.life", make_letter())
            assert err.value.smtp_code == 451
    finally:
        listener.stop()


@pytest.mark.skipif(bool(PG_URL), reason="locks a SQLite file; the PostgreSQL run covers the dead server above")
def test_a_locked_database_answers_451_then_recovers(tmp_path, settings):
    path = tmp_path / "locked.sqlite3"
    from inbox import migrate
    engine = make_engine(f"sqlite:///{path}", connect_args={"timeout": 0.5})
    migrate.upgrade(engine)
    listener = Listener(settings, Database(engine, session_factory(engine)), host="127.0.0.1", port=free_port()).start()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=30) as c:
            with pytest.raises(smtplib.SMTPDataError) as err:
                c.sendmail("a@example.org", "letters@reaction.life", make_letter(message_id="<l1@x>"))
            assert err.value.smtp_code == 451
        blocker.execute("ROLLBACK")
        # The sender retries and the letter goes in: the listener recovered by itself.
        with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=30) as c:
            assert c.sendmail("a@example.org", "letters@reaction.life", make_letter(message_id="<l1@x>")) == {}
        with session_factory(engine)() as s:
            assert s.scalar(select(func.count()).select_from(Message)) == 1
    finally:
        blocker.close()
        listener.stop()


@pytest.mark.skipif(bool(PG_URL), reason="holds a SQLite write lock to make the write slow")
def test_a_slow_write_does_not_stall_other_sessions(listener, db, tmp_path, settings):
    path = settings.data_dir / "inbox.sqlite3"
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")       # the writer now waits for the lock
    result = {}

    def slow_client():
        with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=60) as c:
            result["refused"] = c.sendmail("a@example.org", "letters@reaction.life", make_letter())

    first = threading.Thread(target=slow_client)
    first.start()
    time.sleep(0.5)
    try:
        assert first.is_alive() and count_messages(db) == 0   # still waiting for its 250
        started = time.monotonic()
        with smtplib.SMTP("127.0.0.1", listener.controller.port, timeout=10) as other:
            other.ehlo()
            assert other.mail("b@example.org")[0] == 250
            assert other.rcpt("letters@reaction.life")[0] == 250
            assert other.noop()[0] == 250
        assert time.monotonic() - started < 2, "a second session was stalled by the first one's write"
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    first.join(30)
    assert result["refused"] == {} and count_messages(db) == 1


def test_logs_one_structured_line_per_letter_without_its_content(send, db, caplog, listener, settings):
    import logging
    from inbox.pipeline.batch import process_pending
    caplog.set_level(logging.INFO)
    send(make_letter(subject="Secret subject", body="Private words\n\nAnn Reader\nYork"))
    process_pending(db.factory, settings)
    deadline = time.monotonic() + 10    # the listener's own processor may have claimed it first
    while not (processed := [r.getMessage() for r in caplog.records if r.name == "inbox.pipeline.batch"]):
        assert time.monotonic() < deadline, "no processing line was logged"
        time.sleep(0.05)
    stored = [r.getMessage() for r in caplog.records if r.name == "inbox.intake.smtp"]
    assert len(stored) == 1 and re.match(r"stored message=\d+ size=\d+ duplicate=False peer=127\.0\.0\.1 outcome=250$",
                                         stored[0])
    assert any(re.match(r"processed message=\d+ letter=\d+ kind=letter article=\d+ link=only-article", p)
               for p in processed)
    assert not any("Secret" in m or "Private" in m for m in stored + processed)

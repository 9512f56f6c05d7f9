"""Running behind a mail server: LMTP, and STARTTLS on the SMTP listener (issue 5)."""
from __future__ import annotations

import shutil
import smtplib
import ssl
import subprocess

import pytest
from sqlalchemy import func, select

from inbox.bootstrap import Database
from inbox.db import make_engine, session_factory
from inbox.listener import Listener
from inbox.models import Message
from tests.rawsmtp import RawSMTP
from tests.conftest import free_port, make_letter


def count(db):
    with db.factory() as s:
        return s.scalar(select(func.count()).select_from(Message))


def _send_to_two_recipients(conn: RawSMTP) -> None:
    """One message to two of our recipients over LMTP, up to the end of its DATA."""
    assert conn.cmd(b"LHLO mx.example.org")[0] == 250
    assert conn.cmd(b"MAIL FROM:<a@example.org>")[0] == 250
    assert conn.cmd(b"RCPT TO:<letters@reaction.life>")[0] == 250
    assert conn.cmd(b"RCPT TO:<letters+blinken-beijing@reaction.life>")[0] == 250
    assert conn.cmd(b"DATA")[0] == 354
    conn.send(make_letter() + b".\r\n")


def test_lmtp_answers_once_per_recipient(settings, db):
    listener = Listener(settings, db, host="127.0.0.1", port=free_port(), lmtp=True).start()
    try:
        conn = RawSMTP(listener.controller.port)
        # EHLO is not LMTP: a Postfix speaking SMTP to this port is told so.
        assert conn.cmd(b"EHLO mx.example.org")[0] == 500
        _send_to_two_recipients(conn)
        # RFC 2033: one reply per accepted recipient, each only after the message is stored.
        assert [conn.reply()[0], conn.reply()[0]] == [250, 250]
        assert count(db) == 1
        assert conn.cmd(b"QUIT")[0] == 221
        conn.close()
    finally:
        listener.stop()


def test_lmtp_answers_451_once_per_recipient_when_the_database_fails(settings):
    # A real database that is down (nothing listens on port 1). A Postfix delivering one message
    # to two recipients reads two replies after DATA; one 451 alone would leave it waiting.
    dead = make_engine("postgresql+psycopg://postgres@127.0.0.1:1/test", connect_args={"connect_timeout": 2})
    listener = Listener(settings, Database(dead, session_factory(dead)), host="127.0.0.1",
                        port=free_port(), lmtp=True).start()
    try:
        conn = RawSMTP(listener.controller.port, timeout=30)
        _send_to_two_recipients(conn)
        assert [conn.reply()[0], conn.reply()[0]] == [451, 451]
        # The session is still in step: the next command gets its own answer.
        assert conn.cmd(b"RSET")[0] == 250
        assert conn.cmd(b"QUIT")[0] == 221
        conn.close()
    finally:
        listener.stop()
        dead.dispose()


@pytest.fixture
def certificate(tmp_path):
    if not shutil.which("openssl"):
        pytest.skip(reason="openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=localhost", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def test_starttls_when_a_certificate_is_configured(settings, db, certificate):
    cert, key = certificate
    listener = Listener(settings.with_(tls_cert=str(cert), tls_key=str(key)), db,
                        host="127.0.0.1", port=free_port()).start()
    try:
        with smtplib.SMTP("127.0.0.1", listener.controller.port) as client:
            client.ehlo()
            assert client.has_extn("starttls")
            context = ssl.create_default_context(cafile=str(cert))
            context.check_hostname = False
            client.starttls(context=context)
            client.ehlo()
            assert client.sendmail("a@example.org", "letters@reaction.life", make_letter()) == {}
    finally:
        listener.stop()
    assert count(db) == 1


def test_no_starttls_without_a_certificate(listener):
    with smtplib.SMTP("127.0.0.1", listener.controller.port) as client:
        client.ehlo()
        assert not client.has_extn("starttls")

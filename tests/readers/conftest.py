"""Readers' mail fixtures: a real SMTP relay (an aiosmtpd sink on a free port) that keeps what
arrives, and the system configured to send through it."""
from __future__ import annotations

import email
import email.policy
import time
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller

from inbox.bootstrap import open_database
from tests.conftest import free_port


@dataclass
class Arrived:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self):
        return email.message_from_bytes(self.raw, policy=email.policy.default)


@dataclass
class Sink:
    port: int
    arrived: list[Arrived] = field(default_factory=list)
    controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):
        self.arrived.append(Arrived(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 OK queued"

    def start(self) -> "Sink":
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float = 15) -> list[Arrived]:
        deadline = time.monotonic() + timeout
        while len(self.arrived) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.arrived) >= count, f"{len(self.arrived)} message(s) arrived, expected {count}"
        return self.arrived


@pytest.fixture
def sink():
    running = Sink(free_port()).start()
    yield running
    running.stop()


@pytest.fixture
def mail_settings(settings, sink):
    return settings.with_(outbound_smtp=f"127.0.0.1:{sink.port}", public_url="http://inbox.test")


@pytest.fixture
def mail_db(mail_settings):
    database = open_database(mail_settings)
    yield database
    database.engine.dispose()

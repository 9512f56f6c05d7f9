"""The adversarial suite (issue 7): run it alone with ``pytest -m adversarial``."""
from __future__ import annotations

import socket

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "/adversarial/" in str(item.fspath):
            item.add_marker(pytest.mark.adversarial)


class RawSMTP:
    """A raw socket SMTP peer, for sending what no well-behaved client would."""

    def __init__(self, port: int, timeout: float = 10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""
        self.greeting = self.reply()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def reply(self) -> tuple[int, bytes]:
        lines = []
        while True:
            while b"\r\n" not in self.buf:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise ConnectionError(f"closed; got {lines!r}")
                self.buf += chunk
            line, self.buf = self.buf.split(b"\r\n", 1)
            lines.append(line)
            if line[3:4] != b"-":
                return int(line[:3]), b"\n".join(lines)

    def cmd(self, line: bytes) -> tuple[int, bytes]:
        self.send(line + b"\r\n")
        return self.reply()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def raw_smtp(listener):
    opened = []

    def _open(timeout: float = 10) -> RawSMTP:
        conn = RawSMTP(listener.controller.port, timeout)
        opened.append(conn)
        return conn
    yield _open
    for conn in opened:
        conn.close()

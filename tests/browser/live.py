"""The real system for browser tests and screenshots: database, SMTP listener and the web app
served by waitress, each on a free port, exactly as ``inbox serve`` wires them."""
from __future__ import annotations

import smtplib
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from inbox.desk import accounts
from inbox.config import Settings
from inbox.db import transaction
from inbox.pipeline.batch import process_pending
from inbox.bootstrap import Database, open_database
from inbox.listener import Listener

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveSystem:
    settings: Settings
    db: Database
    listener: Listener
    web_port: int
    _server: object
    _thread: threading.Thread

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def origin_host(self) -> str:
        return f"127.0.0.1:{self.web_port}"

    def send(self, raw: bytes, rcpt: str = "letters@reaction.life", sender: str = "reader@example.org") -> None:
        with smtplib.SMTP("127.0.0.1", self.listener.controller.port, timeout=30) as client:
            client.sendmail(sender, rcpt, raw)

    def wait_for_letters(self, count: int, timeout: float = 20) -> None:
        from sqlalchemy import func, select

        from inbox.models import Letter
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            process_pending(self.db.factory, self.settings)
            with self.db.factory() as s:
                if s.scalar(select(func.count()).select_from(Letter)) >= count:
                    return
            time.sleep(0.1)
        raise AssertionError(f"fewer than {count} letters after {timeout}s")

    def add_user(self, email: str, password: str, role: str = "admin", name: str = "") -> None:
        with transaction(self.db.factory) as s:
            accounts.create_user(s, email, password, role=role, name=name)

    def stop(self) -> None:
        self._server.close()
        self.listener.stop()
        self.db.engine.dispose()


def start_system(data_dir: Path, database_url: str | None = None) -> LiveSystem:
    from waitress.server import create_server

    from inbox.web import create_app

    settings = Settings(data_dir=data_dir, database_url=database_url)
    db = open_database(settings)
    app = create_app(settings, db=db)
    listener = Listener(settings, db, host="127.0.0.1", port=free_port()).start()
    port = free_port()
    server = create_server(app, host="127.0.0.1", port=port, threads=4, ident="inbox")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return LiveSystem(settings, db, listener, port, server, thread)


def sign_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")

"""Starting and stopping the listeners under test as separate processes, and reading their memory."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from inbox.models import Letter, Message


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), 0.5) as s:
                s.recv(100)
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def rss_kib(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


@contextmanager
def bare_listener():
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bench.bare", str(port)])
    try:
        wait_port(port, proc)
        yield port, proc
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


class Store:
    """A fresh database for one run: SQLite in a temp folder, or a new PostgreSQL schema."""

    def __init__(self, pg_url: str | None):
        self.dir = Path(tempfile.mkdtemp(prefix="inbox-bench-"))
        # Retention far off: the generated letters are dated 2023-2024, and the daily purge that
        # ``inbox serve`` runs at start would strip every one of them in one long write
        # transaction (the web app's writes answering 503 meanwhile) and change the data measured.
        self.env = {**os.environ, "INBOX_DATA_DIR": str(self.dir), "INBOX_MAX_CONNECTIONS_PER_CLIENT": "1000",
                    "INBOX_COMMAND_CALL_LIMIT": "100000", "INBOX_RETAIN_UNPUBLISHED_DAYS": "36500",
                    "INBOX_RETAIN_PUBLISHED_DAYS": "36500"}
        self.schema = None
        if pg_url:
            self.schema = "bench_" + self.dir.name.split("-")[-1].lower().replace("_", "")
            self._admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
            with self._admin.connect() as c:
                c.execute(text(f'CREATE SCHEMA "{self.schema}"'))
            sep = "&" if "?" in pg_url else "?"
            self.url = f"{pg_url}{sep}options=-csearch_path%3D{self.schema}"
            self.env["INBOX_DATABASE_URL"] = self.url
        else:
            self.url = f"sqlite:///{self.dir / 'inbox.sqlite3'}"
        self._engine = None

    def counts(self) -> tuple[int, int]:
        if self._engine is None:
            self._engine = create_engine(self.url)
        with self._engine.connect() as c:
            return (c.scalar(select(func.count()).select_from(Message)),
                    c.scalar(select(func.count()).select_from(Letter)))

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
        if self.schema:
            with self._admin.connect() as c:
                c.execute(text(f'DROP SCHEMA "{self.schema}" CASCADE'))
            self._admin.dispose()
        shutil.rmtree(self.dir, ignore_errors=True)


def children_kib(pid: int, field: str = "VmRSS") -> int:
    """The memory of a process's child processes (the listener's worker)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in task.read_text().split():
            try:
                total += rss_kib(int(child), field)
            except OSError:
                pass
    return total


# "process": ``inbox smtp`` as shipped (worker in a child process); "thread": the processor as a
# thread in the listener's process, as before (``bench.inproc``), for before/after figures.
PROCESSOR = {"mode": "process"}


@contextmanager
def our_listener(store: Store):
    port = free_port()
    cmd = (["-m", "inbox", "smtp", "--port", str(port)] if PROCESSOR["mode"] == "process"
           else ["-m", "bench.inproc", str(port)])
    proc = subprocess.Popen([sys.executable, *cmd], env=store.env, stderr=subprocess.DEVNULL)
    try:
        wait_port(port, proc)
        yield port, proc
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)

"""``inbox backup`` / ``inbox restore`` (issue 13): a consistent copy while a real listener takes
letters from several smtplib clients, every letter acknowledged before the backup began in it;
restores that refuse what they must. SQLite always (the backup API is SQLite's); the pg_dump
path runs for real when the suite runs on PostgreSQL."""
from __future__ import annotations

import os
import shlex
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from inbox import backup as backups
from inbox import migrate
from inbox.bootstrap import open_database
from inbox.config import Settings
from inbox.db import make_engine
from inbox.listener import Listener
from tests.conftest import free_port, make_letter

SCRIPT = Path(sys.executable).parent / "inbox"


def inbox(args: list[str], data_dir: Path | None = None, url: str | None = None, **kw):
    env = {k: v for k, v in os.environ.items() if not k.startswith("INBOX_")}
    if data_dir:
        env["INBOX_DATA_DIR"] = str(data_dir)
    if url:
        env["INBOX_DATABASE_URL"] = url
    return subprocess.run([str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120, **kw)


def senders(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT mail_from FROM messages")}
    finally:
        conn.close()


class Load:
    """Several smtplib clients sending letters in a loop; ``acked`` lists each letter's sender
    once its 250 has come back (so it was committed), in order."""

    def __init__(self, port: int, clients: int = 4, prefix: str = "c"):
        self.port, self.prefix, self.acked, self.errors = port, prefix, [], []
        self.lock, self.stop = threading.Lock(), threading.Event()
        self.threads = [threading.Thread(target=self._client, args=(n,)) for n in range(clients)]

    def _client(self, n: int) -> None:
        import smtplib
        try:
            with smtplib.SMTP("127.0.0.1", self.port, timeout=60) as smtp:
                i = 0
                while not self.stop.is_set():
                    sender = f"{self.prefix}{n}-{i}@example.org"
                    smtp.sendmail(sender, "letters@reaction.life", make_letter(body=f"Sir, letter {i}.\n\nA {n}"))
                    with self.lock:
                        self.acked.append(sender)
                    i += 1
        except Exception as e:       # any refusal or 4xx: the test fails on it below
            self.errors.append(repr(e))

    def snapshot(self) -> list[str]:
        with self.lock:
            return list(self.acked)

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 60
        while len(self.snapshot()) < count:
            assert time.monotonic() < deadline and not self.errors, self.errors
            time.sleep(0.02)

    def __enter__(self) -> "Load":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(60)


@pytest.fixture
def live(tmp_path):
    """A SQLite database with a real listener on it (its worker thread processing letters)."""
    settings = Settings(data_dir=tmp_path / "live")
    db = open_database(settings)
    listener = Listener(settings, db, host="127.0.0.1", port=free_port()).start()
    yield settings, listener
    listener.stop()
    db.engine.dispose()


def test_a_backup_under_smtp_load_holds_every_letter_acknowledged_before_it(live, tmp_path):
    settings, listener = live
    database = settings.data_dir / "inbox.sqlite3"
    figures = []
    with Load(listener.controller.port) as load:
        load.wait_for(20)
        for round_ in range(5):
            before = load.snapshot()
            copy = tmp_path / f"copy{round_}.sqlite3"
            contents = backups.backup_sqlite(database, copy)
            in_copy = senders(copy)
            assert set(before) <= in_copy, f"acknowledged but missing: {set(before) - in_copy}"
            assert contents.messages == len(in_copy)
            assert not copy.with_name(copy.name + "-wal").exists()     # one self-contained file
            figures.append(f"backup {round_}: {len(before)} acknowledged before, {len(in_copy)} in the copy")
            load.wait_for(len(before) + 5)      # the listener went on taking letters meanwhile
        # And once through the command, a separate process, while the letters keep coming.
        before = load.snapshot()
        result = inbox(["backup", str(tmp_path / "cli.sqlite3")], data_dir=settings.data_dir)
        assert result.returncode == 0, result.stderr
        assert "backup written" in result.stderr
        during = len(load.snapshot()) - len(before)
    assert load.errors == []                    # no 4xx, no refusal while the backups ran
    assert during > 0, "no letter arrived while the command ran: not a backup under load"
    assert set(before) <= senders(tmp_path / "cli.sqlite3")
    assert not list(tmp_path.glob(".*.tmp"))    # no temporary file left beside the copies
    figures.append(f"inbox backup: {len(before)} acknowledged before, {during} more while it ran, "
                   f"{len(senders(tmp_path / 'cli.sqlite3'))} in the copy; {len(load.acked)} letters in all, 0 errors")
    print("\n".join(figures))      # the figures docs/reliability.md quotes (pytest -s)


def test_restore_refuses_to_overwrite_letters_without_force(live, tmp_path):
    settings, listener = live
    with Load(listener.controller.port, clients=2) as load:
        load.wait_for(10)
    backup_file = tmp_path / "backup.sqlite3"
    assert inbox(["backup", str(backup_file)], data_dir=settings.data_dir).returncode == 0
    backed_up = senders(backup_file)

    # Into an empty data folder: restored, migrated, readable by the other commands.
    fresh = tmp_path / "fresh"
    result = inbox(["restore", str(backup_file)], data_dir=fresh)
    assert result.returncode == 0, result.stderr
    assert senders(fresh / "inbox.sqlite3") == backed_up
    letters = inbox(["letters", "--kind", "all"], data_dir=fresh)
    assert letters.returncode == 0 and letters.stdout.count('"message_id"') == len(backed_up)

    # Over the live database, which has letters (more by now than the backup): refused, unchanged.
    with Load(listener.controller.port, clients=1, prefix="later") as load:
        load.wait_for(3)
    live_db = settings.data_dir / "inbox.sqlite3"
    now = senders(live_db)
    assert now > backed_up
    result = inbox(["restore", str(backup_file)], data_dir=settings.data_dir)
    assert result.returncode == 1
    assert f"holds {len(now)} message(s)" in result.stderr and "--force" in result.stderr
    assert senders(live_db) == now

    # With --force it is replaced, even with the listener running.
    result = inbox(["restore", "--force", str(backup_file)], data_dir=settings.data_dir)
    assert result.returncode == 0, result.stderr
    assert senders(live_db) == backed_up
    with sqlite3.connect(live_db) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_restore_of_a_file_that_is_not_one_of_our_databases_refuses(tmp_path):
    target = tmp_path / "instance"
    assert inbox(["db", "upgrade"], data_dir=target).returncode == 0
    original = (target / "inbox.sqlite3").read_bytes()

    text = tmp_path / "notes.txt"
    text.write_text("Dear editor,\n" * 100)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    real = tmp_path / "real.sqlite3"
    assert inbox(["backup", str(real)], data_dir=target).returncode == 0
    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(real.read_bytes()[: len(real.read_bytes()) // 2])
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(real.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")

    for path, reason in [(text, "is not a SQLite database"), (other, "not a letters inbox"),
                         (damaged, str(damaged)), (newer, "revision this version does not know")]:
        result = inbox(["restore", "--force", str(path)], data_dir=target)
        assert result.returncode == 1, path
        assert reason in result.stderr, result.stderr
        assert (target / "inbox.sqlite3").read_bytes() == original, f"{path.name} changed the database"


def test_restore_runs_the_migrations_on_an_older_backup(tmp_path):
    old = tmp_path / "old.sqlite3"
    engine = make_engine(f"sqlite:///{old}")
    migrate.upgrade(engine, "0002")
    engine.dispose()
    assert backups.inspect(old).revision == "0002"
    result = inbox(["restore", str(old)], data_dir=tmp_path / "instance")
    assert result.returncode == 0, result.stderr
    assert backups.inspect(tmp_path / "instance" / "inbox.sqlite3").revision == migrate.head_revision()


def test_backup_of_a_missing_database_refuses_and_writes_nothing(tmp_path):
    result = inbox(["backup", str(tmp_path / "copy.sqlite3")], data_dir=tmp_path / "nowhere")
    assert result.returncode == 1 and "no database at" in result.stderr
    assert not (tmp_path / "copy.sqlite3").exists() and not (tmp_path / "nowhere").exists()


def test_on_postgresql_backup_prints_the_pg_dump_command(tmp_path, settings, db):
    url = settings.database_url or "postgresql+psycopg://inbox:secret@db.example.org:5432/letters"
    dump = tmp_path / "letters.dump"
    result = inbox(["backup", str(dump)], url=url, cwd=tmp_path)
    assert result.returncode == 1 and "pg_dump" in result.stderr
    command = result.stdout.strip()
    assert command.startswith("pg_dump --format=custom") and "secret" not in command
    assert not dump.exists()
    if settings.database_url:     # on PostgreSQL: run both commands as printed against the server
        with db.factory() as s:
            seeded = s.scalar(text("SELECT count(*) FROM articles"))
        assert seeded > 0
        assert subprocess.run(shlex.split(command), capture_output=True, timeout=120).returncode == 0
        with db.engine.begin() as conn:
            conn.execute(text("DELETE FROM articles"))
        restore = inbox(["restore", str(dump)], url=url, cwd=tmp_path)
        assert restore.returncode == 1 and restore.stdout.startswith("pg_restore ")
        done = subprocess.run(shlex.split(restore.stdout.strip()), capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        db.engine.dispose()
        with db.factory() as s:
            assert s.scalar(text("SELECT count(*) FROM articles")) == seeded

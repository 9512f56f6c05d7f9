"""Two listener processes on one database, many concurrent clients, duplicates sent to both:
every letter stored exactly once (issue 5)."""
from __future__ import annotations

import os
import random
import smtplib
import subprocess
import sys
import threading

import pytest
from sqlalchemy import func, select

from inbox.models import Message
from inbox.pipeline.batch import process_pending
from tests.conftest import free_port, make_letter
from tests.intake.test_durability import start_listener

pytestmark = pytest.mark.slow
LETTERS = 3000
CLIENTS = 16


def test_two_listeners_many_clients_none_lost_none_doubled(settings, db):
    env = {**os.environ, "INBOX_DATA_DIR": str(settings.data_dir), "INBOX_MAX_CONNECTIONS_PER_CLIENT": "100"}
    if settings.database_url:
        env["INBOX_DATABASE_URL"] = settings.database_url
    ports = [free_port(), free_port()]
    procs = [start_listener(env, port) for port in ports]
    rng = random.Random(7)
    # One in ten letters is a duplicate delivered to both listeners at once, as two MX hosts would.
    jobs = []
    for i in range(LETTERS):
        raw = make_letter(subject=f"Letter {i}", message_id=f"<scale-{i}@example.org>")
        jobs.append((raw, ports if rng.random() < 0.1 else [rng.choice(ports)]))
    failures: list[str] = []
    lock = threading.Lock()
    queue = list(enumerate(jobs))

    def client():
        conns = {p: smtplib.SMTP("127.0.0.1", p, timeout=60) for p in ports}
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    i, (raw, targets) = queue.pop()
                for port in targets:
                    try:
                        conns[port].sendmail("a@example.org", "letters@reaction.life", raw)
                    except Exception as exc:
                        failures.append(f"{i}@{port}: {exc!r}")
        finally:
            for c in conns.values():
                c.close()

    try:
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
    finally:
        for proc in procs:
            proc.terminate()
            # A stopping listener lets its worker finish the batch in hand; on a loaded machine
            # with 3,000 letters behind it that has taken over 30 s. A hang guard, not a speed.
            proc.wait(120)
    assert failures == []
    with db.factory() as s:
        assert s.scalar(select(func.count()).select_from(Message)) == LETTERS
        assert s.scalar(select(func.count(func.distinct(Message.fingerprint)))) == LETTERS
    process_pending(db.factory, settings)
    from inbox.models import Letter
    with db.factory() as s:
        assert s.scalar(select(func.count()).select_from(Letter)) == LETTERS
        ids = s.scalars(select(Letter.message_id)).all()
    assert sorted(ids) == sorted(f"scale-{i}@example.org" for i in range(LETTERS))

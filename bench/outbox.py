"""``python -m bench outbox``: the outbox's throughput and what mail adds to
processing (issue 18).

1. Delivery: N notices (default 5,000, each a real ~1 KB message from ``outbox.enqueue``) are
   queued at once, then sent by 1 and by 2 worker processes (each looping on
   ``outbox.deliver_due`` as ``inbox worker`` does) through a real aiosmtpd sink on a free port,
   which notes when each Message-ID arrives. Prints messages/s (first claim to last arrival), the
   p50/p95 latency from queueing to arrival (a burst: the latency is mostly the wait in the
   queue), the workers' CPU per message (not inflated by load), and checks that every message
   arrived exactly once.
2. Processing: ``process_pending`` over M stored letters (default 2,000, each from another
   writer, so each is acknowledged) with mail off and with the acknowledgement on, alternated
   off/on/off/on on fresh databases; the best of each, wall and CPU (``time.process_time``).

    .venv/bin/python -m bench outbox [--notices 5000] [--workers 1,2] [--letters 2000] [--pg URL] [--sqlite-too]
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import statistics
import subprocess
import sys
import threading
import time

from aiosmtpd.controller import Controller
from sqlalchemy import func, insert, select

from bench import data
from bench.servers import Store, free_port
from inbox.bootstrap import open_database
from inbox.config import Settings
from inbox.db import transaction
from inbox.models import Message, OutboundMail
from inbox.pipeline.batch import process_pending
from inbox.readers import outbox
from inbox.readers.compose import AUTO_GENERATED

_MID = re.compile(rb"^Message-ID:\s*<([^>]+)>", re.M | re.I)
WORKER = """
import sys, time
from sqlalchemy import func, select
from inbox.bootstrap import open_database
from inbox.config import Settings
from inbox.models import OutboundMail
from inbox.readers.outbox import deliver_due
from pathlib import Path
settings = Settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[2] or None, outbound_smtp=sys.argv[3])
db = open_database(settings, upgrade=False, seed=False)
while True:
    if deliver_due(db.factory, settings, limit=50) == 0:
        with db.factory() as s:
            if not s.scalar(select(func.count()).select_from(OutboundMail).where(OutboundMail.state == "queued")):
                break
        time.sleep(0.005)        # the other worker holds the rest
print(time.process_time())
"""


class Sink:
    """A relay that keeps only when each Message-ID arrived (and how often)."""

    def __init__(self) -> None:
        self.port = free_port()
        self.arrived: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        now = time.time()
        match = _MID.search(envelope.original_content)
        with self.lock:
            self.arrived.setdefault(match.group(1).decode() if match else "?", []).append(now)
        return "250 2.0.0 OK"

    def count(self) -> int:
        with self.lock:
            return sum(len(v) for v in self.arrived.values())


def _settings(store: Store, pg_url: str | None, **kw) -> Settings:
    return Settings(data_dir=store.dir, database_url=store.url if pg_url else None, **kw)


def delivery(pg_url: str | None, n: int, workers: int) -> dict:
    sink = Sink()
    sink.controller.start()
    store = Store(pg_url)
    try:
        settings = _settings(store, pg_url, outbound_smtp=f"127.0.0.1:{sink.port}")
        db = open_database(settings)
        began = time.process_time()
        for start in range(0, n, 500):
            with transaction(db.factory) as s:
                for i in range(start, min(n, start + 500)):
                    outbox.enqueue(s, settings, kind="selected", to=f"reader{i}@example.org",
                                   subject=f"Your letter has been selected: letter {i}",
                                   text="Dear reader,\n\n" + "Your letter has been selected. " * 20,
                                   reply_to_id=f"bench-{i}@example.org", auto=AUTO_GENERATED)
        enqueue_cpu_ms = (time.process_time() - began) * 1000 / n
        started = time.time()
        procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(store.dir), store.url if pg_url else "",
                                   f"127.0.0.1:{sink.port}"], stdout=subprocess.PIPE, text=True)
                 for _ in range(workers)]
        cpu = sum(float(p.communicate(timeout=1800)[0].strip().splitlines()[-1]) for p in procs)
        if any(p.returncode for p in procs):
            raise RuntimeError("a worker failed")
        deadline = time.time() + 30
        while sink.count() < n and time.time() < deadline:
            time.sleep(0.01)
        with db.factory() as s:
            created = dict(s.execute(select(OutboundMail.message_id, OutboundMail.created_at)).all())
            states = dict(s.execute(select(OutboundMail.state, func.count()).group_by(OutboundMail.state)).all())
        db.engine.dispose()
    finally:
        sink.controller.stop()
        store.close()
    twice = sum(1 for v in sink.arrived.values() if len(v) > 1)
    if sink.count() != n or twice or states != {"sent": n}:
        raise RuntimeError(f"{sink.count()} arrived of {n}, {twice} twice, states {states}")
    latencies = sorted(sink.arrived[mid][0] - at.timestamp() for mid, at in created.items())
    last = max(v[0] for v in sink.arrived.values())
    return dict(name=f"deliver {n:,} notices, {workers} worker(s) ({'PostgreSQL' if pg_url else 'SQLite'})",
                per_s=round(n / (last - started)), p50_s=round(statistics.median(latencies), 2),
                p95_s=round(latencies[int(len(latencies) * 0.95) - 1], 2),
                worker_cpu_ms_per_msg=round(cpu * 1000 / n, 2), enqueue_cpu_ms_per_msg=round(enqueue_cpu_ms, 3),
                arrived_once="all")


def processing(pg_url: str | None, m: int) -> dict:
    relay = f"127.0.0.1:{free_port()}"      # mail on; nothing is sent: processing only queues
    raws = [data.letter(i, seed=18) for i in range(m)]
    best: dict[bool, tuple[float, float]] = {}
    for ack in (False, True, False, True):
        store = Store(pg_url)
        try:
            settings = _settings(store, pg_url, outbound_smtp=relay if ack else None)
            db = open_database(settings)
            with transaction(db.factory) as s:
                s.execute(insert(Message), [dict(fingerprint=hashlib.sha256(r).hexdigest(), raw=r, size=len(r),
                                                 mail_from=f"reader{i}@example.org",
                                                 rcpt_tos=["letters@reaction.life"]) for i, r in enumerate(raws)])
            wall, cpu = time.perf_counter(), time.process_time()
            process_pending(db.factory, settings)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            with db.factory() as s:
                queued = s.scalar(select(func.count()).select_from(OutboundMail))
            if queued != (m if ack else 0):
                raise RuntimeError(f"{queued} acknowledgements queued for {m} letters (ack {ack})")
            db.engine.dispose()
        finally:
            store.close()
        old = best.get(ack)
        best[ack] = (min(wall, old[0]), min(cpu, old[1])) if old else (wall, cpu)
    (off_w, off_c), (on_w, on_c) = best[False], best[True]
    return dict(name=f"process {m:,} letters, acknowledgement off vs on ({'PostgreSQL' if pg_url else 'SQLite'})",
                off_ms_per_letter=round(off_w * 1000 / m, 2), on_ms_per_letter=round(on_w * 1000 / m, 2),
                added_ms=round((on_w - off_w) * 1000 / m, 2),
                off_cpu_ms=round(off_c * 1000 / m, 2), on_cpu_ms=round(on_c * 1000 / m, 2),
                added_cpu_ms=round((on_c - off_c) * 1000 / m, 2))


def run(pg_url: str | None, notices: int, workers: tuple[int, ...], letters: int) -> list[dict]:
    rows = [delivery(pg_url, notices, w) for w in workers] if notices else []
    return rows + ([processing(pg_url, letters)] if letters else [])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench outbox")
    parser.add_argument("--notices", type=int, default=5000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--letters", type=int, default=2000)
    parser.add_argument("--pg", metavar="URL")
    parser.add_argument("--sqlite-too", action="store_true", help="with --pg, also run SQLite")
    args = parser.parse_args(argv)
    backends = [args.pg] if args.pg else [None]
    if args.pg and args.sqlite_too:
        backends.insert(0, None)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    for pg in backends:
        for row in run(pg, args.notices, tuple(int(w) for w in args.workers.split(",")), args.letters):
            print("  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)

"""``python -m bench campaigns``: campaign detection's accuracy and cost.

N letters (default 100,000) of which 5% belong to 50 generated campaigns, each member lightly
rewritten (another greeting and name, a sentence added or removed, paragraphs reordered), plus
hard negatives that must stay out: letters sharing a famous quotation, letters quoting a
campaign paragraph inside their own argument. The letters are stored in arrival order and each is
checked by :func:`inbox.pipeline.campaigns.check` as the worker does, in batches of 100 a
transaction; the time of each letter's check is recorded (wall and CPU; and the part that runs
inside the write lock, the signature being made before it as the worker does). Prints precision
and recall on cluster membership and the p50/p95 time to check one new letter. Then the
processing throughput of ``process_pending`` over real stored messages with detection off and on,
alternated, with the CPU time per letter (which the load of a shared machine inflates much less)
and detection's own CPU time measured inside the same runs (signatures and check), and the load
average.

    .venv/bin/python -m bench campaigns [--letters 100000] [--throughput 3000] [--pairs 3] [--pg URL]
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import random
import statistics
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select

from bench import data, gendb
from bench.servers import Store
from inbox.bootstrap import open_database
from inbox.config import Settings
from inbox.db import transaction
from inbox.models import Kind, Letter, Message, Status
from inbox.pipeline import campaigns
from inbox.pipeline.batch import process_pending

GREETINGS = ["Sir,", "Dear Sir,", "Dear Editor,", "Madam,", "To the editor,", "Sir or Madam,", "Dear Sir or Madam,"]
QUOTE = ("The only thing necessary for the triumph of evil is for good men to do nothing, as Burke is "
         "supposed to have said, though nobody has found it in anything he wrote.")
BATCH = 100


def _vocabulary() -> tuple[list[str], list[float]]:
    """The pages benchmark's: the seed article's words and a long Zipf-like tail of rare ones."""
    words, weights = gendb._vocabulary()
    return words, list(itertools.accumulate(weights))


WORDS, CUMULATIVE = _vocabulary()


def sentence(rng: random.Random) -> str:
    text = " ".join(rng.choices(WORDS, cum_weights=CUMULATIVE, k=rng.randint(8, 20)))
    return text[0].upper() + text[1:] + "."


def paragraphs(rng: random.Random, n: int) -> list[list[str]]:
    return [[sentence(rng) for _ in range(rng.randint(2, 4))] for _ in range(n)]


def render(greeting: str, paras: list[list[str]], name: str) -> str:
    return greeting + "\n\n" + "\n\n".join(" ".join(p) for p in paras) + f"\n\n{name}\nYork"


def member(rng: random.Random, template: list[list[str]], name: str) -> str:
    paras = [list(p) for p in template]
    if rng.random() < 0.5:                       # a sentence removed
        p = rng.choice([p for p in paras if len(p) > 1] or paras)
        p.pop(rng.randrange(len(p)))
    if rng.random() < 0.5:                       # a sentence added
        rng.choice(paras).insert(0, sentence(rng))
    if rng.random() < 0.5:                       # paragraphs reordered
        rng.shuffle(paras)
    return render(rng.choice(GREETINGS), paras, name)


def generate(n: int, seed: int = 7) -> list[tuple[str, int | None]]:
    """(text, campaign number or None) in arrival order."""
    rng = random.Random(seed)
    n_campaigns, n_members = 50, n * 5 // 100
    templates = [paragraphs(rng, rng.randint(3, 5)) for _ in range(n_campaigns)]
    out: list[tuple[str, int | None]] = []
    for i in range(n_members):
        c = i % n_campaigns
        out.append((member(rng, templates[c], rng.choice(data.NAMES)), c))
    for i in range(n - n_members):
        kind = i % 100
        if kind == 0:        # a famous quotation inside the writer's own letter
            paras = paragraphs(rng, 3)
            paras[0].insert(0, QUOTE)
            text = render("Sir,", paras, rng.choice(data.NAMES))
        elif kind == 1:      # quoting one paragraph of a campaign letter, then arguing back
            quoted = " ".join(rng.choice(rng.choice(templates)))
            text = render("Sir,", [[f"Your correspondent writes: {quoted}"]] + paragraphs(rng, 3),
                          rng.choice(data.NAMES))
        else:
            text = render("Sir,", paragraphs(rng, rng.randint(2, 6)), rng.choice(data.NAMES))
        out.append((text, None))
    rng.shuffle(out)
    return out


def accuracy(pg_url: str | None, n: int) -> dict:
    letters = generate(n)
    store = Store(pg_url)
    try:
        db = open_database(Settings(data_dir=store.dir, database_url=store.url if pg_url else None))
        start, truth = datetime(2026, 1, 1, tzinfo=timezone.utc), {}
        wall, cpu, locked = [], [], []      # per letter: the whole check; its part in the lock
        for first in range(0, n, BATCH):
            chunk = letters[first:first + BATCH]
            with transaction(db.factory) as s:
                ids = _store(s, chunk, first, start)
                truth.update((letter_id, c) for letter_id, (_, c) in zip(ids, chunk))
                rows = {l.id: l for l in s.scalars(select(Letter).where(Letter.id.in_(ids)))}
                for letter_id in ids:
                    # As the worker does: the signature first (the build stage, outside the
                    # write lock), then the lookups and inserts (inside it).
                    began, began_cpu = time.perf_counter(), time.thread_time()
                    signature = campaigns.prepare(rows[letter_id].text)
                    inside = time.perf_counter()
                    campaigns.check(s, [rows[letter_id]], {letter_id: signature})
                    ended = time.perf_counter()
                    cpu.append(time.thread_time() - began_cpu)
                    wall.append(ended - began)
                    locked.append(ended - inside)
        with db.factory() as s:
            found = dict(s.execute(select(Letter.id, Letter.campaign_id).order_by(Letter.id)).all())
        tp = sum(1 for i, c in truth.items() if c is not None and found[i] is not None)
        fp = sum(1 for i, c in truth.items() if c is None and found[i] is not None)
        fn = sum(1 for i, c in truth.items() if c is not None and found[i] is None)
        clusters = len({c for c in found.values() if c is not None})
        db.engine.dispose()
        return dict(name=f"campaigns {n:,} letters ({'PostgreSQL' if pg_url else 'SQLite'})",
                    precision=round(tp / max(1, tp + fp), 4), recall=round(tp / max(1, tp + fn), 4),
                    clusters_found=clusters, clusters_made=50,
                    **_percentiles("check", wall), **_percentiles("check_cpu", cpu),
                    **_percentiles("in_lock", locked), load=_load())
    finally:
        store.close()


def _store(session, chunk, first: int, start: datetime) -> list[int]:
    messages, rows = [], []
    for k, (text, _) in enumerate(chunk):
        i = first + k
        at = start + timedelta(seconds=30 * i)
        raw = text.encode()
        messages.append(dict(fingerprint=hashlib.sha256(f"{i}".encode()).hexdigest(), raw=raw, size=len(raw),
                             mail_from=f"w{i}@example.org", rcpt_tos=["letters@reaction.life"],
                             received_at=at, processed_at=at))
        rows.append(dict(kind=Kind.LETTER, status=Status.NEW, text=text, full_text=text, received_at=at,
                         author_email=f"w{i}@example.org", author_name=text.rsplit("\n", 2)[-2],
                         word_count=len(text.split()), message_id=f"b{i}@example.org"))
    ids = list(session.scalars(insert(Message).returning(Message.id, sort_by_parameter_order=True), messages))
    for row, mid in zip(rows, ids):
        row["message_pk"] = mid
    return list(session.scalars(insert(Letter).returning(Letter.id, sort_by_parameter_order=True), rows))


def throughput(pg_url: str | None, n: int, pairs: int = 3) -> dict:
    """process_pending over n real stored messages, detection off and on, alternated (the
    machine is shared: a busy spell then hits both sides alike). Wall rate and CPU time per
    letter of this process (which load does not inflate; PostgreSQL's own CPU is not in it)."""
    wall: dict[bool, list[float]] = {False: [], True: []}
    cpu: dict[bool, list[float]] = {False: [], True: []}
    own: list[float] = []                # detection's own CPU a letter, measured where it runs
    raws = [data.letter(i, seed=3) for i in range(n)]
    for detect in [False, True] * pairs:
        store = Store(pg_url)
        try:
            settings = Settings(data_dir=store.dir, database_url=store.url if pg_url else None,
                                campaign_detection=detect)
            db = open_database(settings)
            with transaction(db.factory) as s:
                s.execute(insert(Message), [dict(fingerprint=hashlib.sha256(r).hexdigest(), raw=r, size=len(r),
                                                 mail_from="reader@example.org",
                                                 rcpt_tos=["letters@reaction.life"]) for r in raws])
            began, began_cpu = time.perf_counter(), time.process_time()
            with _Clocked(campaigns, "prepare_all", "check") as clocked:
                process_pending(db.factory, settings)
            wall[detect].append(n / (time.perf_counter() - began))
            cpu[detect].append((time.process_time() - began_cpu) / n * 1000)
            if detect:
                own.append(clocked.seconds / n * 1000)
            db.engine.dispose()
        finally:
            store.close()
    off, on = max(wall[False]), max(wall[True])
    cpu_off, cpu_on = statistics.median(cpu[False]), statistics.median(cpu[True])
    return dict(name=f"processing {n:,} letters ({'PostgreSQL' if pg_url else 'SQLite'}, {pairs} off/on pairs)",
                off_per_s=round(off), on_per_s=round(on), drop_pct=round(100 * (1 - on / off), 1),
                runs_off=[round(r) for r in wall[False]], runs_on=[round(r) for r in wall[True]],
                cpu_ms_off=round(cpu_off, 2), cpu_ms_on=round(cpu_on, 2),
                cpu_runs_off=[round(c, 2) for c in cpu[False]], cpu_runs_on=[round(c, 2) for c in cpu[True]],
                cpu_drop_best_pct=round(100 * (1 - min(cpu[False]) / min(cpu[True])), 1),
                cpu_drop_pct=round(100 * (1 - cpu_off / cpu_on), 1),
                detection_cpu_ms=round(statistics.median(own), 3),
                detection_share_pct=round(100 * statistics.median([o / c for o, c in zip(own, cpu[True])]), 1),
                load=_load())


class _Clocked:
    """The thread CPU time spent in some functions of a module while in the block: detection's
    own cost (the signatures in the build stage, the check in the write transaction), measured
    in the same runs as the whole, so a shared machine's slowdown inflates both alike. It misses
    what detection costs elsewhere (the commit of its rows): the off/on difference has that."""

    def __init__(self, module, *names: str):
        self.module, self.names, self.seconds, self.depth = module, names, 0.0, 0

    def __enter__(self):
        self.saved = {name: getattr(self.module, name) for name in self.names}
        for name, function in self.saved.items():
            setattr(self.module, name, self._clock(function))
        return self

    def _clock(self, function):
        def clocked(*args, **kwargs):
            began, self.depth = time.thread_time(), self.depth + 1
            try:
                return function(*args, **kwargs)
            finally:
                self.depth -= 1
                if not self.depth:       # one inside the other (the check signing a letter) once
                    self.seconds += time.thread_time() - began
        return clocked

    def __exit__(self, *exc):
        for name, function in self.saved.items():
            setattr(self.module, name, function)


def _percentiles(name: str, times: list[float]) -> dict:
    times = sorted(times)
    return {f"{name}_p50_ms": round(statistics.median(times) * 1000, 2),
            f"{name}_p95_ms": round(times[int(len(times) * 0.95)] * 1000, 2)}


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench campaigns")
    parser.add_argument("--letters", type=int, default=100_000)
    parser.add_argument("--throughput", type=int, default=3000)
    parser.add_argument("--pairs", type=int, default=3, help="off/on throughput runs, alternated")
    parser.add_argument("--pg", metavar="URL")
    parser.add_argument("--sqlite-too", action="store_true", help="with --pg, also run SQLite")
    args = parser.parse_args(argv)
    backends = [args.pg] if args.pg else [None]
    if args.pg and args.sqlite_too:
        backends.insert(0, None)
    for pg in backends:
        runs = ([lambda: accuracy(pg, args.letters)] if args.letters else []) + (
            [lambda: throughput(pg, args.throughput, args.pairs)] if args.throughput else [])
        for run in runs:      # --letters 0 or --throughput 0 skips that part
            print("  ".join(f"{k}={v}" for k, v in run().items()), flush=True)

"""``python -m bench linking [--articles 2000,10000] [--letters 500] [--pg URL]``: how right and
how fast linking is among many articles (bench/linkdata.py makes them and the labelled letters).

For each size and backend: a fresh database migrated as shipped, the generated articles inserted
(full-text indexes kept by the migration's triggers / generated column), then every letter linked
through ``ArticleIndex.load(session).link(...)`` exactly as the worker does, timed one by one.

Right: linked to the labelled article, or rightly left unassigned. Confidently wrong: linked to
an article the letter is not about. Targets: >= 95% right, <= 1% confidently wrong, p95 < 10 ms
at 10,000 articles.

Beside the wall-clock times, the CPU time each link took in this process (``time.thread_time``),
which a loaded machine does not inflate, and on PostgreSQL the server process's CPU per link
(its /proc counters over the whole run, when the server is local), so load cannot hide a result.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections import Counter, defaultdict

from sqlalchemy import insert, text

from bench import linkdata
from bench.servers import Store
from inbox.config import Settings
from inbox.bootstrap import open_database
from inbox.models import Article, utcnow
from inbox.pipeline.linking import ArticleIndex
from inbox.urlforms import url_key


def _load(db, arts) -> None:
    now = utcnow()
    rows = [dict(id=a.id, slug=a.slug, title=a.title, url=a.url, url_key=url_key(a.url), short_url=a.short_url,
                 short_key=url_key(a.short_url), published_on=a.published_on, publication="Reaction",
                 body=a.body, summary=a.summary, source="feed", retired=False, updated_at=now, created_at=now)
            for a in arts]
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM articles"))     # the seed article is not part of the test
        for i in range(0, len(rows), 1000):
            conn.execute(insert(Article), rows[i:i + 1000])
        if conn.dialect.name == "postgresql":
            conn.execute(text("ANALYZE articles"))


def run_one(backend: str, pg_url: str | None, n_articles: int, n_letters: int) -> dict:
    store = Store(pg_url if backend == "postgresql" else None)
    try:
        settings = Settings(data_dir=store.dir, database_url=store.url if backend == "postgresql" else None)
        db = open_database(settings, seed=False)
        arts = linkdata.articles(n_articles)
        started = time.perf_counter()
        _load(db, arts)
        load_s = time.perf_counter() - started
        letters = linkdata.letters(arts, n_letters)
        outcomes, by_kind, times, cpu = Counter(), defaultdict(Counter), [], []
        with db.factory() as session:
            server = _server_pid(session)
            t0 = time.perf_counter()
            ArticleIndex.load(session)       # reads slugs, URLs, headlines and term statistics
            first_load_ms = (time.perf_counter() - t0) * 1000
            loads = []
            server_before = _cpu_ticks(server)
            for letter in letters:
                t0 = time.perf_counter()
                index = ArticleIndex.load(session)   # the worker does this once per batch: cached
                t1, c1 = time.perf_counter(), time.thread_time()
                link = index.link(plus_tags=[], subject=letter.subject, body=letter.body,
                                  reply_refs=[], received_at=letter.received_at)
                times.append((time.perf_counter() - t1) * 1000)
                cpu.append((time.thread_time() - c1) * 1000)
                loads.append((t1 - t0) * 1000)
                verdict = _verdict(letter, link)
                outcomes[verdict] += 1
                by_kind[letter.kind][verdict] += 1
            server_after = _cpu_ticks(server)
        db.engine.dispose()
        n = len(letters)
        times.sort()
        cpu.sort()
        server_ms = (None if server_before is None or server_after is None
                     else round((server_after - server_before) * 1000 / os.sysconf("SC_CLK_TCK") / n, 2))
        return dict(name=f"linking @ {n_articles} articles", backend=backend, letters=n,
                    right_pct=round(100 * outcomes["right"] / n, 1),
                    confidently_wrong_pct=round(100 * outcomes["wrong"] / n, 1),
                    unassigned_pct=round(100 * outcomes["unassigned"] / n, 1),
                    p50_ms=round(statistics.median(times), 2), p95_ms=round(times[int(0.95 * (n - 1))], 2),
                    max_ms=round(times[-1], 2), cpu_p50_ms=round(statistics.median(cpu), 2),
                    cpu_p95_ms=round(cpu[int(0.95 * (n - 1))], 2), server_cpu_ms=server_ms, load_s=round(load_s, 1), first_index_ms=round(first_load_ms, 1),
                    cached_index_p50_ms=round(statistics.median(loads), 2),
                    by_kind={k: dict(v) for k, v in sorted(by_kind.items())})
    finally:
        store.close()


def _server_pid(session) -> int | None:
    if session.bind.dialect.name != "postgresql":
        return None
    return session.scalar(text("SELECT pg_backend_pid()"))


def _cpu_ticks(pid: int | None) -> int | None:
    """User + system clock ticks of a local process (None when it is not ours to read)."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return int(fields[11]) + int(fields[12])


def _verdict(letter, link) -> str:
    if link.article_id == letter.expected:
        if letter.also and letter.expected is not None:    # the other article must be suggested
            suggested = {s["slug"] for s in link.suggestions}
            return "right" if suggested else "right-no-suggestion"
        return "right"
    if link.article_id is None:
        return "right" if letter.vague else "unassigned"
    if link.article_id in letter.also:
        return "tilted"       # both pieces discussed alike, linked to one of them: not wrong, not right
    return "wrong"


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(prog="python -m bench linking")
    parser.add_argument("--articles", default="2000,10000", help="comma-separated article counts")
    parser.add_argument("--letters", type=int, default=600)
    parser.add_argument("--pg", metavar="URL", help="also run on PostgreSQL at this SQLAlchemy URL")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args = parser.parse_args(argv)
    backends = [("sqlite", None)] + ([("postgresql", args.pg)] if args.pg else [])
    rows = []
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print("| articles | backend | letters | right % | confidently wrong % | unassigned % | link p50 ms | link p95 ms "
          "| max ms | CPU p50 / p95 ms | server CPU ms/link | index: first / cached p50 ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for size in (int(s) for s in args.articles.split(",")):
        for backend, url in backends:
            r = run_one(backend, url, size, args.letters)
            rows.append(r)
            print(f"| {size} | {backend} | {r['letters']} | {r['right_pct']} | {r['confidently_wrong_pct']} | "
                  f"{r['unassigned_pct']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | "
                  f"{r['cpu_p50_ms']} / {r['cpu_p95_ms']} | {'-' if r['server_cpu_ms'] is None else r['server_cpu_ms']} | "
                  f"{r['first_index_ms']} / {r['cached_index_p50_ms']} |", flush=True)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    for r in rows:
        print(f"{r['name']} ({r['backend']}): " + "; ".join(f"{k} {v}" for k, v in r["by_kind"].items()))
    if args.json:
        print(json.dumps(rows, indent=2))
    return rows

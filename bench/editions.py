"""The letters page at scale: an edition of 50 letters in a database of N (full: 100,000).

Builds the database (``bench.gendb``), tags a third of the letters with a stance (so the balance
counts have something to count), shortlists 50 letters over three articles and plans them into
an edition with a lead and a headline, through the real services. Then, against ``inbox serve``
over HTTP: the planner page, the Editions list and an article's Balance page (with the queue and
/healthz as the run's baselines); the same pages in this process through the WSGI test client
(``bench.wsgi``), for the CPU time each request costs, which a loaded machine does not inflate;
in this process too: planning plus every export format of the 50-letter edition.
"""
from __future__ import annotations

import time
from datetime import date

from sqlalchemy import select, text, update

from bench import gendb
from bench.servers import Store
from bench.web import Browser, web_server
from bench.wsgi import InProcess

EDITION_LETTERS = 50
PLANNER_TARGET_MS = 50        # p95 of the planner page at 100,000 letters
EXPORT_TARGET_S = 1.0         # an edition of 50 letters, any format
TARGET_SIZE = 100_000


def _prepare(url: str) -> tuple[int, str]:
    """Stances, 50 shortlisted letters in an edition; returns (edition id, an article slug)."""
    from inbox.db import make_engine, session_factory, transaction
    from inbox.desk import editions, moderation
    from inbox.models import Article, Kind, Letter, Stance, Status

    engine = make_engine(url)
    factory = session_factory(engine)
    with transaction(factory) as s:
        for i, stance in enumerate(Stance):     # a third tagged, spread over the three stances
            s.execute(update(Letter).where(text(f"letters.id % 9 = {i}")).values(stance=stance))
        slug = s.scalar(select(Article.slug).join(Letter, Letter.article_id == Article.id)
                        .group_by(Article.slug).order_by(text("count(*) DESC")).limit(1))
        ids = list(s.scalars(select(Letter.id).where(Letter.kind == Kind.LETTER, Letter.status == Status.NEW,
                                                     Letter.article_id.is_not(None))
                             .order_by(Letter.id.desc()).limit(EDITION_LETTERS)))
        for letter_id in ids:
            moderation.shortlist(s, letter_id, user="bench")
        edition = editions.create(s, day=date(2026, 12, 5), title="Letters, Friday 5 December", budget=6000,
                                  actor="bench")
        editions.add(s, edition.id, ids, actor="bench")
        editions.set_lead(s, edition.id, ids[3], actor="bench")
        article_id = s.get(Letter, ids[0]).article_id
        editions.set_headline(s, edition.id, article_id, "A headline over the group", actor="bench")
        edition_id = edition.id
    engine.dispose()
    return edition_id, slug


def _export_rows(url: str, edition_id: int) -> list[dict]:
    from inbox import export as exporting
    from inbox.db import make_engine, session_factory
    from inbox.desk.planning import plan_edition

    engine = make_engine(url)
    rows = []
    with session_factory(engine)() as session:
        for fmt in exporting.FORMATS:
            best = None
            for _ in range(5):
                session.expire_all()
                started = time.perf_counter()
                plan = plan_edition(session, edition_id, word_limit=300)
                out = exporting.export_edition(plan, fmt, editor_note=True)
                seconds = time.perf_counter() - started
                best = seconds if best is None else min(best, seconds)
            rows.append(dict(name=f"edition export {fmt} ({len(plan.entries)} letters, plan included)",
                             seconds=round(best, 3), kib=round(len(out) / 1024, 1),
                             target_1s="met" if best < EXPORT_TARGET_S else "MISSED"))
    engine.dispose()
    return rows


def bench_editions(size: int, requests: int, pg_url: str | None) -> list[dict]:
    store = Store(pg_url)
    try:
        built = gendb.build(store.url, size)
        rows = [dict(name=f"build {size:,} letters", seconds=round(built.seconds, 1))]
        edition_id, slug = _prepare(store.url)
        rows += _export_rows(store.url, edition_id)
        # The baselines show what the machine gives any page in the same run.
        pages = {"healthz (baseline)": ["/healthz"], "queue first page (baseline)": ["/"],
                 "planner (50 letters)": [f"/editions/{edition_id}"], "editions list": ["/editions"],
                 "balance page": [f"/balance/{slug}"]}
        # (The edition's exports are timed in process above: exports are POST-only.)
        inproc = InProcess(store.env)
        try:
            inproc.sign_in(gendb.BENCH_USER, gendb.BENCH_PASSWORD)
            cpu = {name: inproc.time(paths, requests) for name, paths in pages.items()}
        finally:
            inproc.close()
        with web_server(store) as port:
            browser = Browser(port)
            browser.sign_in(gendb.BENCH_USER, gendb.BENCH_PASSWORD)
            try:
                for name, paths in pages.items():
                    figures = browser.time(paths, requests)
                    row = dict(name=f"{name} @ {size:,}", **figures,
                               **{f"inproc_{k}": v for k, v in cpu[name].items()})
                    if name.startswith("planner") and size >= TARGET_SIZE:
                        row["target_p95_50ms"] = "met" if figures["p95_ms"] < PLANNER_TARGET_MS else "MISSED"
                    rows.append(row)
            finally:
                browser.close()
        return rows
    finally:
        store.close()

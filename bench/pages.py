"""The editors' pages over HTTP against a database of N letters, and the query plans behind them.

For each size: build the database (``bench.gendb``), start ``inbox serve``, sign in, then time
each page (round-robin over a few URLs of its kind, after a warm-up): the trivial ``/healthz`` as
the baseline, the queue's first page, a deep page (a keyset cursor half-way down the New tab),
two searches (a surname in about 1 letter in 40, a word in about 1 in 4), the letter view (over
many letters) and the counts endpoint the queue polls.
"""
from __future__ import annotations

import random
from urllib.parse import urlencode

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bench import gendb
from bench.servers import Store
from bench.web import Browser, web_server
from inbox.models import Kind, Letter, Status
from inbox.desk.queue import QueueFilter, encode_cursor, queue_query

TARGET_P95_MS = 50
TARGET_SIZE = 100_000      # the target is set at this size; the others show growth


def _cursor_at(session: Session, depth: int) -> str:
    """The ``after=`` cursor of the letter ``depth`` rows down the New tab, newest first."""
    letter = session.scalars(select(Letter).where(Letter.kind == Kind.LETTER, Letter.status == Status.NEW)
                             .order_by(Letter.received_at.desc(), Letter.id.desc()).offset(depth).limit(1)).first()
    return encode_cursor(letter) if letter else ""


def page_urls(session: Session, size: int) -> dict[str, list[str]]:
    new = session.scalar(select(func.count()).select_from(Letter).where(
        Letter.kind == Kind.LETTER, Letter.status == Status.NEW)) or 0
    deep = [_cursor_at(session, max(0, new // 2 + k * 50)) for k in range(3)]
    ids = random.Random(5).sample(range(1, size + 1), min(size, 100))
    top = session.scalar(select(func.max(Letter.id))) or 0
    return {
        "healthz (baseline)": ["/healthz"],
        "queue first page": ["/", "/?tab=new", "/?tab=rejected"],
        "queue deep page": ["/?" + urlencode({"tab": "new", "after": c}) for c in deep if c],
        "search (surname, ~2.5%)": ["/?" + urlencode({"q": gendb.SEARCH_RARE})],
        "search (word, ~23%)": ["/?" + urlencode({"q": gendb.SEARCH_COMMON})],
        "letter view": [f"/letters/{i}" for i in ids],
        "counts.json": [f"/queue/counts.json?since={max(1, top - 20)}"],
    }


def bench_pages_at(store: Store, size: int, requests: int) -> list[dict]:
    """Time every page on ``store`` (already built with ``size`` letters)."""
    from sqlalchemy import create_engine

    engine = create_engine(store.url)
    with Session(engine) as session:
        urls = page_urls(session, size)
    engine.dispose()
    rows = []
    with web_server(store) as port:
        browser = Browser(port)
        browser.sign_in(gendb.BENCH_USER, gendb.BENCH_PASSWORD)
        try:
            for name, paths in urls.items():
                figures = browser.time(paths, requests)
                row = dict(name=f"{name} @ {size:,}", **figures)
                if size == TARGET_SIZE and not name.startswith("healthz"):
                    row["target_p95_50ms"] = "met" if figures["p95_ms"] < TARGET_P95_MS else "MISSED"
                rows.append(row)
        finally:
            browser.close()
    return rows


def query_plans(store: Store) -> dict[str, list[str]]:
    """EXPLAIN (QUERY PLAN) of the queue's first page and a search, as the app issues them."""
    from inbox.db import make_engine, session_factory

    engine = make_engine(store.url)
    plans = {}
    with session_factory(engine)() as session:
        sqlite = session.bind.dialect.name == "sqlite"
        for name, f in (("queue", QueueFilter()), ("search", QueueFilter(q=gendb.SEARCH_RARE)),
                        ("search common word", QueueFilter(q=gendb.SEARCH_COMMON))):
            query = queue_query(session, f).order_by(Letter.received_at.desc(), Letter.id.desc()).limit(51)
            result = _explain(session, query, sqlite)
            plans[name] = [" | ".join(str(c) for c in row) if sqlite else row[0] for row in result]
        # The tab counts as inbox.queue.tab_counts reads them: from the trigger-kept letter_counts.
        counts_sql = ("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + \
            "SELECT kind, status, sum(n) FROM letter_counts GROUP BY kind, status"
        plans["counts"] = [" | ".join(str(c) for c in row) if sqlite else row[0]
                           for row in session.execute(text(counts_sql))]
    engine.dispose()
    return plans


def _explain(session: Session, query, sqlite: bool):
    """EXPLAIN the statement exactly as the driver receives it (placeholders and bound values)."""
    compiled = query.compile(dialect=session.bind.dialect)
    params = compiled.construct_params()
    for key, process in compiled._bind_processors.items():     # enums, timestamps, as the ORM sends them
        if key in params and params[key] is not None:
            params[key] = process(params[key])
    if compiled.positional:
        params = tuple(params[k] for k in compiled.positiontup)
    prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    return session.connection().exec_driver_sql(prefix + str(compiled), params)


def scans_whole_table(plans: dict[str, list[str]]) -> list[str]:
    """The plans that read every row of ``letters`` (SQLite ``SCAN letters`` without an index,
    PostgreSQL ``Seq Scan on letters``)."""
    bad = []
    for name, lines in plans.items():
        for line in lines:
            if "Seq Scan on letters" in line or (line.rstrip().endswith("SCAN letters")):
                bad.append(name)
    return bad

"""A database of N letters, built fast: bulk INSERTs (SQLAlchemy Core executemany) of ``messages``
and ``letters`` rows as the processor would have written them, without going through SMTP.

Realistic enough to make the queries honest: texts of 80-600 words drawn from the seed article's
vocabulary with a Zipf-like spread (so some words are in most letters and most words in few),
repeat writers, a spread of statuses and kinds, a few articles, newest letters with the highest
ids. The full-text index is filled as the app would have it (FTS5 rebuilt after the load on
SQLite; the GIN index re-created after the load on PostgreSQL), then ANALYZE.
"""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.header import Header
from pathlib import Path

from sqlalchemy import create_engine, event, insert, text
from sqlalchemy.engine import Engine

from bench import data
from inbox import migrate
from inbox.models import Article, Kind, Letter, LinkMethod, Message, Status

CHUNK = 5000
FIRST = ["Ann", "Margaret", "Dafydd", "Zoë", "Siân", "Tomasz", "Peter", "Helen", "James", "Priya", "Oliver",
         "Fiona", "Rupert", "Aisling", "Chen", "Fatima", "George", "Harriet", "Iain", "Judith", "Kwame",
         "Lucy", "Malcolm", "Niamh", "Owain", "Patricia", "Rhodri", "Sarah", "Tobias", "Ursula"]
SURNAMES = ["Reader", "Holloway", "Jones", "Brontë", "Evans", "Nowak", "Smith", "Whitfield", "Okafor",
            "Patel", "Macleod", "Fitzgerald", "Ashworth", "Lambert", "Wei", "Khan", "Pemberton", "Harcourt",
            "Drummond", "Llewellyn", "Osei", "Barrington", "Quigley", "Sinclair", "Thorne", "Vaughan",
            "Wilkinson", "Yeats", "Abbott", "Blackwood", "Carrington", "Dunmore", "Ellison", "Farquhar",
            "Grosvenor", "Hargreaves", "Ingram", "Jessop", "Kilbride", "Lockhart"]
ARTICLES = [("blinken-beijing", None), ("tariffs-and-the-pound", "Tariffs and the pound"),
            ("nhs-waiting-lists", "The waiting lists will not wait"), ("rail-strikes", "Signals failure"),
            ("ai-and-the-civil-service", "The machine in Whitehall"), ("housing-targets", "Build, build, dither")]
# What the pages benchmark searches for: a surname (about 1 letter in 40 is signed by one) and a
# word in about a third of the letters.
SEARCH_RARE, SEARCH_COMMON = "Farquhar", "taiwan"
BENCH_USER, BENCH_PASSWORD = "bench@reaction.life", "benchmark-password-1"


@dataclass
class Built:
    size: int
    seconds: float


def _vocabulary() -> tuple[list[str], list[float]]:
    seed = (Path(__file__).resolve().parents[1] / "seeds" / "blinken-beijing.txt").read_text(encoding="utf-8")
    words = list(dict.fromkeys(w.lower() for w in re.findall(r"[^\W\d_]{2,}", seed)))
    words = [w for w in words if w != SEARCH_COMMON] + [w for w in data.WORDS if w not in words]
    words.insert(100, SEARCH_COMMON)
    # A long tail of made-up words, as real letters have thousands of rare words.
    rng, syllables = random.Random(0), "ka lo mi ter an sel vo ri du pen gra tho lis mar ben ost".split()
    words += list(dict.fromkeys("".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(30000)))
    weights = [1 / (rank + 5) for rank in range(len(words))]     # Zipf-like
    return words, weights


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    words, weights = _vocabulary()
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    out = []
    for _ in range(count):
        ws = rng.choices(words, cum_weights=cum, k=rng.randint(25, 120))
        out.append(" ".join(ws).capitalize() + ".")
    return out


def _sqlite_fast(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA synchronous=OFF")     # a throwaway database: build speed only


class Generator:
    """Rows for letters 1..N; deterministic for a seed."""

    def __init__(self, size: int, *, seed: int = 1, shortlisted_all: bool = False, article_ids: list[int]):
        self.size, self.rng, self.all_short = size, random.Random(seed), shortlisted_all
        self.paras = _paragraphs(self.rng, 4000)
        self.article_ids = article_ids
        self.start = datetime(2023, 1, 1, tzinfo=timezone.utc)
        self.step = timedelta(days=730) / max(size, 1)
        self.encoded = {}
        self.seen: set[str] = set()     # addresses so far: ``first_from_address`` as the triggers would set it

    def rows(self, first: int, last: int) -> tuple[list[dict], list[dict]]:
        rng, messages, letters = self.rng, [], []
        for i in range(first, last + 1):
            name = f"{rng.choice(FIRST)} {SURNAMES[i % 997 % len(SURNAMES)]}"
            email = f"{name.split()[0].lower()}.{i % 4999}@example.org"
            town = rng.choice(data.TOWNS)
            body = "\n\n".join(rng.choice(self.paras) for _ in range(rng.randint(1, 5)))
            text_ = f"{body}\n\n{name}\n{town}"
            subject = f"Re: {rng.choice(ARTICLES)[1] or 'Blinken in Beijing'} ({i})"
            at = self.start + self.step * i
            raw = self._raw(i, name, email, subject, at, text_)
            automated = rng.random() < 0.08 and not self.all_short
            status = self._status(rng)
            messages.append(dict(id=i, fingerprint=hashlib.sha256(raw).hexdigest(), raw=raw, size=len(raw),
                                 mail_from=email, rcpt_tos=["letters@reaction.life"], peer="127.0.0.1",
                                 helo="mx.example.org", received_at=at, processed_at=at))
            article = rng.choice(self.article_ids) if rng.random() < 0.85 else None
            letters.append(dict(
                id=i, message_pk=i, kind=Kind.AUTOMATED if automated else Kind.LETTER, status=status,
                article_id=article, link_method=LinkMethod.SIMILARITY if article else LinkMethod.NONE,
                link_suggestions=[], message_id=f"gen-{i}@example.org", author_name=name,
                author_email=email, author_location=town, subject=subject, received_at=at, sent_at=at,
                word_count=len(text_.split()), text=text_, full_text="Sir,\n\n" + text_, html=None,
                headers=[["From", f"{name} <{email}>"], ["Subject", subject]],
                automated_reason="auto-submitted" if automated else None, flags=[], needs_review=False,
                position=(i if status is Status.SHORTLISTED and i % 3 else None),
                # Given, so the trigger (migration 0014) finds it right and rewrites no row.
                first_from_address=email not in self.seen,
                status_changed_at=at if status is not Status.NEW else None, version=1))
            self.seen.add(email)
        return messages, letters

    def _status(self, rng: random.Random) -> Status:
        if self.all_short:
            return Status.SHORTLISTED
        r = rng.random()
        return (Status.NEW if r < 0.7 else Status.REJECTED if r < 0.9 else
                Status.PUBLISHED if r < 0.97 else Status.SHORTLISTED)

    def _raw(self, i: int, name: str, email: str, subject: str, at: datetime, body: str) -> bytes:
        if name not in self.encoded:
            self.encoded[name] = Header(name, "utf-8").encode()
        head = (f"From: {self.encoded[name]} <{email}>\r\nTo: letters@reaction.life\r\nSubject: {subject}\r\n"
                f"Message-ID: <gen-{i}@example.org>\r\nDate: {at:%a, %d %b %Y %H:%M:%S} +0000\r\n"
                "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n")
        return (head + "Sir,\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n").encode()


def _articles(conn) -> list[int]:
    ids = []
    for n, (slug, title) in enumerate(ARTICLES, start=1000):
        if title is None:
            found = conn.execute(text("SELECT id FROM articles WHERE slug = :s"), {"s": slug}).scalar()
            if found is not None:
                ids.append(found)
                continue
            title = "Blinken in Beijing"
        conn.execute(insert(Article.__table__).values(id=n, slug=slug, title=title, url=None, publication="Reaction",
                                                      body="", updated_at=datetime.now(timezone.utc)))
        ids.append(n)
    return ids


def build(url: str, size: int, *, shortlisted_all: bool = False, seed: int = 1) -> Built:
    """Migrate the (empty) database at ``url`` and fill it with ``size`` letters and a bench user."""
    import time

    from inbox.desk import accounts
    from inbox.desk.articles import load_seeds
    from inbox.db import make_engine, session_factory, transaction
    from inbox.resources import resource_dir

    started = time.perf_counter()
    app_engine = make_engine(url)
    migrate.upgrade(app_engine)
    factory = session_factory(app_engine)
    with transaction(factory) as session:
        load_seeds(session, resource_dir("seeds"))
        accounts.create_user(session, BENCH_USER, BENCH_PASSWORD, name="Bench", role="admin")
    app_engine.dispose()

    engine = create_engine(url)
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        _sqlite_fast(engine)
    with engine.begin() as conn:
        article_ids = _articles(conn)
        trigger = _suspend_search_index(conn, sqlite)
    gen = Generator(size, seed=seed, shortlisted_all=shortlisted_all, article_ids=article_ids)
    for first in range(1, size + 1, CHUNK):
        messages, letters = gen.rows(first, min(size, first + CHUNK - 1))
        with engine.begin() as conn:
            conn.execute(insert(Message.__table__), messages)
            conn.execute(insert(Letter.__table__), letters)
    with engine.begin() as conn:
        _restore_search_index(conn, sqlite, trigger)
        if not sqlite:
            conn.execute(text("SELECT setval(pg_get_serial_sequence('messages', 'id'), :n)"), {"n": size + 1})
            conn.execute(text("SELECT setval(pg_get_serial_sequence('letters', 'id'), :n)"), {"n": size + 1})
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))
    engine.dispose()
    return Built(size, time.perf_counter() - started)


def _suspend_search_index(conn, sqlite: bool) -> str | None:
    """Drop the per-row search indexing for the load (rebuilt in one pass afterwards, faster)."""
    if sqlite:
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'letters_fts_ai'")).scalar()
        conn.execute(text("DROP TRIGGER letters_fts_ai"))
        return sql
    sql = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_letters_search' "
                            "AND schemaname = current_schema()")).scalar()
    conn.execute(text("DROP INDEX ix_letters_search"))
    return sql


def _restore_search_index(conn, sqlite: bool, sql: str) -> None:
    if sqlite:
        conn.execute(text("INSERT INTO letters_fts(letters_fts) VALUES ('rebuild')"))
    else:
        conn.execute(text("SET maintenance_work_mem = '512MB'"))
    conn.execute(text(sql))

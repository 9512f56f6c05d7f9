"""Full-text search over a letter's subject, text and author, on each backend's own engine.

SQLite: the FTS5 table ``letters_fts`` (kept current by triggers, see migration 0001). The
editor's words are never passed through as FTS5 syntax: each word becomes a quoted phrase, so
``AND``, ``NEAR``, ``*``, ``"`` or ``:`` in a search box are just text.

PostgreSQL: ``websearch_to_tsquery`` (which accepts any input without raising), or a prefix
query built from the words' letters and digits only, matched against the stored generated column
``letters.search_document`` (migration 0003) under the GIN index ``ix_letters_search``.
"""
from __future__ import annotations

import re

from sqlalchemy import ColumnElement, func, literal_column, select, text
from sqlalchemy.orm import Session

from inbox.models import Letter

# A tsvector column the models do not map: PostgreSQL computes it on every write (migration 0003).
PG_SEARCH_COLUMN = "letters.search_document"
_WORD = re.compile(r"\w", re.UNICODE)
MAX_QUERY = 200


def fts5_query(q: str) -> str | None:
    """The editor's words as an FTS5 query: every word a quoted phrase, all required.

    The last word also matches as a prefix, so "immig" finds "immigration" as one types.
    """
    words = [w for w in (q or "")[:MAX_QUERY].split() if _WORD.search(w)]
    if not words:
        return None
    phrases = ['"' + w.replace('"', '""') + '"' for w in words[:20]]
    phrases[-1] += "*"
    return " ".join(phrases)


def pg_prefix_query(q: str) -> str | None:
    """``word & word & last:*`` from the letters and digits only, so it can never be bad syntax."""
    words = re.findall(r"\w+", (q or "")[:MAX_QUERY], re.UNICODE)[:20]
    if not words:
        return None
    return " & ".join(words[:-1] + [words[-1] + ":*"])


MANY_MATCHES = 2000


def _many_matches(session: Session, ids) -> bool:
    """Whether the search matches at least MANY_MATCHES letters (counting stops there)."""
    capped = select(func.count()).select_from(ids.limit(MANY_MATCHES).subquery())
    return (session.scalar(capped) or 0) >= MANY_MATCHES


def search_condition(session: Session, q: str) -> ColumnElement[bool] | None:
    """A WHERE condition on ``letters`` for the search words, or None for an empty search."""
    q = (q or "").strip()[:MAX_QUERY]
    if not q:
        return None
    dialect = session.bind.dialect.name
    if dialect == "sqlite":
        match = fts5_query(q)
        if match is None:
            return None
        ids = select(literal_column("rowid")).select_from(text("letters_fts")).where(
            text("letters_fts MATCH :fts_q").bindparams(fts_q=match))
        if _many_matches(session, ids):
            # A common word: walking the queue index newest first and checking each letter
            # against the matches finds a page in a few steps; ``id + 0`` keeps SQLite from
            # instead fetching and sorting every matching letter (100 ms at 100,000 letters).
            return (Letter.id + 0).in_(ids)
        return Letter.id.in_(ids)
    if dialect == "postgresql":
        document = literal_column(PG_SEARCH_COLUMN)
        condition = document.op("@@")(func.websearch_to_tsquery("simple", q))
        prefix = pg_prefix_query(q)
        if prefix:      # as on SQLite, the last word also matches as a prefix ("immig")
            condition = condition | document.op("@@")(func.to_tsquery("simple", prefix))
        return condition
    # Any other backend: a plain, slow substring search (not used in production).
    like = f"%{q}%"
    return Letter.subject.ilike(like) | Letter.text.ilike(like) | Letter.author_name.ilike(like) \
        | Letter.author_email.ilike(like) | Letter.author_location.ilike(like)

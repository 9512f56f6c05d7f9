"""Campaign (form) letters across writers, clustered incrementally as letters arrive.

Each letter's text becomes a MinHash signature (datasketch) over its word 3-grams; the signature
is cut into bands and each band hashed to one 64-bit key (:mod:`inbox.pipeline.campaign_signature`),
stored in ``lsh_keys`` (indexed). A new letter looks up its keys: letters sharing one are the
candidates (locality-sensitive hashing: a probable Jaccard similarity above about 0.5), found by
index lookups, never by comparing with every letter. Each candidate is then confirmed with a
fuzzy score over the whole text (rapidfuzz ``token_sort_ratio``, insensitive to reordered
paragraphs): overall similarity must be high, so a letter quoting another, or two letters
sharing a famous quotation, is not a campaign. Letters from the same writer never make one.

Because the index lives in the database, every worker process and every restart sees it.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from inbox.enums import Flag
from inbox.models import Campaign, Letter
from inbox.pipeline.campaign_signature import letters_keys, words
from inbox.pipeline.rules import Finding

CONFIRM = 80                     # token_sort_ratio (0-100) a candidate must reach
PER_CAMPAIGN = 3                 # members of one existing campaign confirmed against at most


@dataclass(frozen=True)
class Signature:
    """What the check needs of a letter's text: its band keys, made by :func:`prepare_all` in
    the build stage, outside the write lock, so only lookups and inserts are left inside it."""
    keys: list[int]
    text: str = field(repr=False)      # normalised only if a candidate must be confirmed


def prepare(text: str | None) -> Signature | None:
    """The letter's signature, or None when it is too short to compare."""
    return prepare_all([text])[0]


def prepare_all(texts: list[str | None]) -> list[Signature | None]:
    """:func:`prepare` of each text, made together (numpy's fixed cost paid once a batch)."""
    return [None if keys is None else Signature(keys, text or "")
            for text, keys in zip(texts, letters_keys(texts))]


def _normal(text: str | None) -> str:
    """The words, space-separated: what the fuzzy score compares."""
    return " ".join(words(text))


def check(session: Session, letters: list[Letter],
          signatures: dict[int, Signature | None] | None = None) -> dict[int, Finding]:
    """Index these (stored) letters and cluster each with near-identical letters from other
    writers; returns the ``campaign`` flag of every letter whose campaign was made or changed.
    ``signatures``: the letters' :func:`prepare`, made before the write transaction (those
    missing are made here).

    A batch costs a fixed handful of statements, not a few per letter: one lookup of every key
    the batch has, one of the candidates' writers and campaigns, one insert of the batch's keys;
    texts are read only for candidates to confirm, and writes happen only for campaign letters.
    Letters earlier in the batch are candidates for later ones, as if they had come one by one.
    """
    signatures = dict(signatures or {})
    missing = [l for l in letters if l.id not in signatures]
    signatures.update(zip([l.id for l in missing], prepare_all([l.text for l in missing])))
    todo = [(l, sig) for l in letters if (sig := signatures[l.id]) is not None]
    if not todo:
        return {}
    holders: dict[int, list[int]] = defaultdict(list)       # key -> letters holding it
    batch_keys = sorted({k for _, sig in todo for k in sig.keys})
    index = _KeyIndex(session)
    for key, letter_id in index.holders(batch_keys):
        holders[key].append(letter_id)
    holder_ids = sorted({i for ids in holders.values() for i in ids})
    known = {row[0]: _Known(*row[1:]) for row in session.connection().execute(
        _KNOWN, {"ids": holder_ids})} if holder_ids else {}
    texts = _Texts(session)
    changed: set[int] = set()
    for letter, sig in todo:
        campaign_id = None
        texts.raw[letter.id] = sig.text
        matches = _confirmed(letter, sig, holders, known, texts)
        if matches:
            campaign_id, moved = _cluster(session, letter, matches)
            changed |= moved
            for i in moved & known.keys():
                known[i].campaign_id = campaign_id
        known[letter.id] = _Known(campaign_id, letter.writer_id, letter.author_email)
        for key in sig.keys:
            holders[key].append(letter.id)
    index.add([(k, l.id) for l, sig in todo for k in sig.keys])
    if not changed:
        return {}
    rows = session.execute(select(Letter.id, Letter.campaign_id).where(Letter.id.in_(changed)))
    return {letter_id: Finding(Flag.CAMPAIGN, f"Near-identical to letters from other writers: campaign {cid}")
            for letter_id, cid in rows}


@dataclass
class _Known:
    campaign_id: int | None
    writer_id: int | None
    author_email: str | None


class _Texts:
    """Candidates' normalised texts, made only when one must be confirmed: from the batch's own
    letters in memory (``raw``), else read from the database."""

    def __init__(self, session: Session):
        self.session, self.cache, self.raw = session, {}, {}

    def get(self, letter_id: int) -> str:
        if letter_id not in self.cache:
            text = self.raw[letter_id] if letter_id in self.raw else self.session.execute(
                select(Letter.text).where(Letter.id == letter_id)).scalar_one()
            self.cache[letter_id] = _normal(text)
        return self.cache[letter_id]


# Built once: SQLAlchemy caches the compiled statements, so a check costs the queries, not Python.
_KNOWN = (select(Letter.id, Letter.campaign_id, Letter.writer_id, Letter.author_email)
          .where(Letter.id.in_(bindparam("ids", expanding=True))))


class _KeyIndex:
    """``lsh_keys`` on the DB-API cursor of the session's transaction: a batch looks up about
    2,500 keys and inserts as many rows, and through Core most of that time was rendering and
    processing 2,500 bind parameters. Here the keys travel as one parameter (a JSON array on
    SQLite, an array on PostgreSQL) and the rows as one executemany or one ``unnest``."""

    def __init__(self, session: Session):
        self.cursor = session.connection().connection.cursor()
        self.sqlite = session.get_bind().dialect.name == "sqlite"

    def holders(self, keys: list[int]) -> list[tuple[int, int]]:
        if self.sqlite:
            self.cursor.execute("SELECT key, letter_id FROM lsh_keys WHERE key IN "
                                "(SELECT value FROM json_each(?))", (json.dumps(keys),))
        else:
            self.cursor.execute("SELECT key, letter_id FROM lsh_keys WHERE key = ANY(%s)", (keys,))
        return self.cursor.fetchall()

    def add(self, rows: list[tuple[int, int]]) -> None:
        if not rows:
            return
        if self.sqlite:
            self.cursor.executemany("INSERT INTO lsh_keys (key, letter_id) VALUES (?, ?)", rows)
        else:
            keys, ids = zip(*rows)
            self.cursor.execute("INSERT INTO lsh_keys (key, letter_id) SELECT * FROM unnest(%s::bigint[], "
                                "%s::integer[])", (list(keys), list(ids)))


MAX_CANDIDATES = 200


def _confirmed(letter: Letter, sig: Signature, holders, known, texts) -> list[tuple[int, int | None]]:
    """(id, campaign id) of the candidates the fuzzy score confirms, most shared keys first."""
    shared = Counter(i for k in sig.keys for i in holders.get(k, ()))
    tried: dict[int, int] = defaultdict(int)
    matches: list[tuple[int, int | None]] = []
    for other_id, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]:
        other = known.get(other_id)
        if other is None or other_id == letter.id or _same_writer(letter, other.writer_id, other.author_email):
            continue
        campaign_id = other.campaign_id
        if campaign_id is not None:
            if tried[campaign_id] >= PER_CAMPAIGN or any(c == campaign_id for _, c in matches):
                continue       # one confirmed member is enough to join its campaign
            tried[campaign_id] += 1
        if fuzz.token_sort_ratio(texts.get(letter.id), texts.get(other_id)) >= CONFIRM:
            matches.append((other_id, campaign_id))
    return matches


def _same_writer(letter: Letter, writer_id: int | None, email: str | None) -> bool:
    if letter.writer_id is not None and writer_id is not None:
        return letter.writer_id == writer_id
    return bool(letter.author_email) and letter.author_email == email


def _cluster(session: Session, letter: Letter, matches: list[tuple[int, int | None]]) -> tuple[int, set[int]]:
    """Join (or found, or merge) campaigns; returns the campaign and the letters it gained."""
    campaigns = sorted({c for _, c in matches if c is not None})
    changed = {letter.id} | {i for i, c in matches if c is None}
    if campaigns:
        target = campaigns[0]
        if campaigns[1:]:      # this letter bridges campaigns found apart: they are one
            changed |= set(session.scalars(select(Letter.id).where(Letter.campaign_id.in_(campaigns[1:]))))
            session.execute(delete(Campaign).where(Campaign.id.in_(campaigns[1:])))
    else:
        campaign = Campaign(size=0, first_seen=letter.received_at, last_seen=letter.received_at)
        session.add(campaign)
        session.flush()
        target = campaign.id
    # Core: the machine's bookkeeping must not bump the version an editor is looking at.
    session.execute(update(Letter).where(Letter.id.in_(changed)).values(campaign_id=target)
                    .execution_options(synchronize_session=False))
    size, first, last = session.execute(select(func.count(), func.min(Letter.received_at),
                                               func.max(Letter.received_at))
                                        .where(Letter.campaign_id == target)).one()
    session.execute(update(Campaign).where(Campaign.id == target).values(
        size=size, first_seen=first, last_seen=last).execution_options(synchronize_session=False))
    return target, changed

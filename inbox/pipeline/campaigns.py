"""Campaign (form) letters across writers, clustered incrementally as letters arrive.

Each letter's text becomes a MinHash signature (datasketch) over its word 3-grams; the signature
is cut into :data:`BANDS` bands of :data:`ROWS` values and each band hashed to one 64-bit key,
stored in ``lsh_keys`` (indexed). A new letter looks up its keys: letters sharing one are the
candidates (locality-sensitive hashing: a probable Jaccard similarity above about 0.5), found by
index lookups, never by comparing with every letter. Each candidate is then confirmed with a
fuzzy score over the whole text (rapidfuzz ``token_sort_ratio``, insensitive to reordered
paragraphs): overall similarity must be high, so a letter quoting another, or two letters
sharing a famous quotation, is not a campaign. Letters from the same writer never make one.

Because the index lives in the database, every worker process and every restart sees it.
"""
from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict

from datasketch import MinHash
from rapidfuzz import fuzz
from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from inbox.enums import Flag
from inbox.models import Campaign, Letter, LshKey
from inbox.pipeline.rules import Finding

BANDS, ROWS = 25, 5              # P(candidate) = 1 - (1 - J^5)^25: 0.99 at J=0.7, 0.0003 at J=0.2
NUM_PERM = BANDS * ROWS
MIN_WORDS = 40                   # shorter letters ("I agree with Mr Smith") say too little to compare
CONFIRM = 80                     # token_sort_ratio (0-100) a candidate must reach
PER_CAMPAIGN = 3                 # members of one existing campaign confirmed against at most
_WORD = re.compile(r"\w+")
# One permutation family and one hash for every process: signatures are comparable only so.
# CRC-32 is stable across processes (unlike hash()) and several times faster than datasketch's
# default SHA-1; MinHash needs only a well-spread 32-bit value per shingle.
_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=16, hashfunc=zlib.crc32)


def words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def signature(tokens: list[str]):
    """The MinHash values (a numpy array) of the text's word 3-grams."""
    shingles = {" ".join(tokens[i:i + 3]).encode() for i in range(max(1, len(tokens) - 2))}
    mh = MinHash(num_perm=NUM_PERM, seed=16, hashfunc=zlib.crc32, permutations=_TEMPLATE.permutations,
                 scheme=_TEMPLATE.scheme)
    mh.update_batch(list(shingles))
    return mh.hashvalues


def band_keys(hashvalues) -> list[int]:
    """One signed 64-bit key per band (the band's number is part of it: bands never mix)."""
    keys = []
    for band in range(BANDS):
        chunk = hashvalues[band * ROWS:(band + 1) * ROWS].astype("<u8").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return sorted(set(keys))


def _normal(tokens: list[str]) -> str:
    return " ".join(tokens)


def check(session: Session, letters: list[Letter]) -> dict[int, Finding]:
    """Index these (stored) letters and cluster each with near-identical letters from other
    writers; returns the ``campaign`` flag of every letter whose campaign was made or changed."""
    changed: set[int] = set()
    for letter in letters:
        tokens = words(letter.text)
        if len(tokens) < MIN_WORDS:
            continue
        keys = band_keys(signature(tokens))
        matches = _confirmed(session, letter, tokens, keys)
        session.connection().execute(_ADD_KEYS, [{"key": k, "letter_id": letter.id} for k in keys])
        if matches:
            changed |= _cluster(session, letter, matches)
    if not changed:
        return {}
    rows = session.execute(select(Letter.id, Letter.campaign_id).where(Letter.id.in_(changed)))
    return {letter_id: Finding(Flag.CAMPAIGN, f"Near-identical to letters from other writers: campaign {cid}")
            for letter_id, cid in rows}


# Built once: SQLAlchemy caches the compiled statements, so a check costs the queries, not Python.
_SHARED = (select(LshKey.letter_id, func.count().label("n"))
           .where(LshKey.key.in_(bindparam("keys", expanding=True))).group_by(LshKey.letter_id).subquery())
_CANDIDATES = (select(Letter.id, Letter.campaign_id, Letter.writer_id, Letter.author_email, Letter.text)
               .join(_SHARED, _SHARED.c.letter_id == Letter.id).order_by(_SHARED.c.n.desc(), Letter.id)
               .limit(200))
_ADD_KEYS = LshKey.__table__.insert()


def _confirmed(session: Session, letter: Letter, tokens: list[str], keys: list[int]) -> list[tuple[int, int | None]]:
    """(id, campaign id) of the candidates the fuzzy score confirms, most shared keys first."""
    rows = session.connection().execute(_CANDIDATES, {"keys": keys})
    mine, tried = _normal(tokens), defaultdict(int)
    matches = []
    for other_id, campaign_id, writer_id, email, text in rows:
        if other_id == letter.id or _same_writer(letter, writer_id, email):
            continue
        if campaign_id is not None:
            if tried[campaign_id] >= PER_CAMPAIGN or any(c == campaign_id for _, c in matches):
                continue       # one confirmed member is enough to join its campaign
            tried[campaign_id] += 1
        if fuzz.token_sort_ratio(mine, _normal(words(text))) >= CONFIRM:
            matches.append((other_id, campaign_id))
    return matches


def _same_writer(letter: Letter, writer_id: int | None, email: str | None) -> bool:
    if letter.writer_id is not None and writer_id is not None:
        return letter.writer_id == writer_id
    return bool(letter.author_email) and letter.author_email == email


def _cluster(session: Session, letter: Letter, matches: list[tuple[int, int | None]]) -> set[int]:
    """Join (or found, or merge) campaigns; returns the letters whose campaign changed."""
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
    return changed

"""The letters desk at intake: what runs over each batch of new letters once they are stored.

Called by :func:`inbox.pipeline.batch.process_pending` inside the batch's write transaction, with
the CPU work already done outside it (:func:`prepare_all`, in the build stage): recognise writers
and apply their standing, compute the house rules' flags (stored in ``letter_flags`` with their
explanations, so no page view recomputes them), recompute the ``frequent-writer`` flag of the
writers' later letters when a letter arrives out of order and the ``shared-contact`` flag of the
earlier letters a new one shares a phone or address with (:mod:`inbox.pipeline.shared_contact`),
and cluster campaign letters (:mod:`inbox.pipeline.campaigns`).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inbox.config import Settings
from inbox.enums import Flag, Kind
from inbox.models import Letter
from inbox.pipeline import campaigns, rules, shared_contact, writers
from inbox.pipeline.contact_keys import contact_keys
from inbox.pipeline.flag_store import store_flags


@dataclass(frozen=True)
class Prepared:
    """The CPU work of the checks on one letter, done by :func:`prepare_all` in the build stage,
    outside the write transaction: inside it only indexed lookups and inserts are left."""
    contact: dict[str, str]                       # contact keys (:mod:`inbox.pipeline.contact_keys`)
    signature: campaigns.Signature | None         # None: too short to compare, or detection off


def prepare_all(letters: list[Letter], settings: Settings) -> list[Prepared]:
    """The checks' CPU work on each letter; the signatures made together (numpy's fixed cost
    is then paid once a batch, not once a letter)."""
    mine = [l for l in letters if l.kind is Kind.LETTER]
    signatures = iter(campaigns.prepare_all([l.text for l in mine]) if settings.campaign_detection
                      else [None] * len(mine))
    return [Prepared(contact_keys(l.author_contact, settings.phone_region), next(signatures))
            if l.kind is Kind.LETTER else Prepared({}, None) for l in letters]


def check_new_letters(session: Session, letter_ids: list[int], settings: Settings,
                      prepared: dict[int, Prepared] | None = None) -> None:
    """``prepared``: the letters' :func:`prepare_all` by letter id (made here for any missing)."""
    if not letter_ids:
        return
    letters = list(session.scalars(select(Letter).options(selectinload(Letter.article)).where(
        Letter.id.in_(letter_ids), Letter.kind == Kind.LETTER).order_by(Letter.received_at, Letter.id)))
    if not letters:
        return
    prepared = prepared or {}
    missing = [l for l in letters if l.id not in prepared]
    prep = {**{l.id: prepared[l.id] for l in letters if l.id in prepared},
            **dict(zip([l.id for l in missing], prepare_all(missing, settings)))}
    contacts = {i: p.contact for i, p in prep.items() if p.contact}
    found = writers.recognise(session, letters, contacts)
    findings: dict[int, list[rules.Finding]] = {}
    for letter in letters:
        if letter.id in found:
            writers.apply_standing(session, letter, found[letter.id])
        findings[letter.id] = [f for check in rules.LETTER_CHECKS if (f := check(letter, settings))]
    shared_contact.index(session, contacts)
    # Earlier letters whose flag this batch changed: the writers' later letters (their count of
    # earlier ones), the letters sharing a new letter's phone or address.
    for code, recomputed in ((Flag.FREQUENT_WRITER, _frequent(session, [l for l in letters if l.writer_id], settings)),
                             (Flag.SHARED_CONTACT, shared_contact.check(session, contacts))):
        earlier = {}
        for letter_id, finding in recomputed.items():
            (findings if letter_id in findings else earlier).setdefault(letter_id, []).extend(
                [finding] if finding else [])
        store_flags(session, earlier, codes={code})
    store_flags(session, findings)
    if settings.campaign_detection:
        signatures = {i: p.signature for i, p in prep.items()}
        store_flags(session, {i: [f] for i, f in campaigns.check(session, letters, signatures).items()},
                    codes={Flag.CAMPAIGN})


def _frequent(session: Session, letters: list[Letter], settings: Settings) -> dict[int, rules.Finding | None]:
    """frequent-writer for these letters and for their writers' letters received within one
    interval after them (whose count of earlier letters this batch may have changed). One query
    for the whole batch."""
    if not letters:
        return {}
    interval = timedelta(days=settings.writer_interval_days)
    first: dict[int, object] = {}
    for letter in letters:
        first[letter.writer_id] = min(first.get(letter.writer_id, letter.received_at), letter.received_at)
    rows = session.execute(select(Letter.writer_id, Letter.id, Letter.received_at).where(
        Letter.writer_id.in_(first), Letter.kind == Kind.LETTER,
        Letter.received_at >= min(l.received_at for l in letters) - interval,
        Letter.received_at <= max(l.received_at for l in letters) + interval)
        .order_by(Letter.received_at, Letter.id))
    by_writer: dict[int, list] = defaultdict(list)
    for writer_id, letter_id, at in rows:
        by_writer[writer_id].append((letter_id, at))
    out: dict[int, rules.Finding | None] = {}
    for writer_id, mine in by_writer.items():
        for i, (letter_id, at) in enumerate(mine):
            if at >= first[writer_id]:
                earlier = [(j, t) for j, t in mine[:i] if at - t <= interval]
                out[letter_id] = rules.frequent(earlier, settings)
    return out

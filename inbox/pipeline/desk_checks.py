"""The letters desk at intake: what runs over each batch of new letters once they are stored.

Called by :func:`inbox.pipeline.batch.process_pending` inside the batch's write transaction:
recognise writers and apply their standing, compute the house rules' flags (stored in
``letter_flags`` with their explanations, so no page view recomputes them), recompute the
``frequent-writer`` flag of the writers' later letters when a letter arrives out of order, and
cluster campaign letters (:mod:`inbox.pipeline.campaigns`).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, selectinload

from inbox.config import Settings
from inbox.enums import Flag, Kind
from inbox.models import Letter, LetterFlag
from inbox.pipeline import campaigns, rules, writers


def check_new_letters(session: Session, letter_ids: list[int], settings: Settings) -> None:
    if not letter_ids:
        return
    letters = list(session.scalars(select(Letter).options(selectinload(Letter.article)).where(
        Letter.id.in_(letter_ids), Letter.kind == Kind.LETTER).order_by(Letter.received_at, Letter.id)))
    if not letters:
        return
    found = writers.recognise(session, letters)
    findings: dict[int, list[rules.Finding]] = {}
    for letter in letters:
        if letter.id in found:
            writers.apply_standing(session, letter, found[letter.id])
        findings[letter.id] = [f for check in rules.LETTER_CHECKS if (f := check(letter, settings))]
    recomputed = _frequent(session, [l for l in letters if l.writer_id], settings)
    later = {}          # the writers' letters stored before, whose count this batch changed
    for letter_id, finding in recomputed.items():
        if letter_id in findings:
            findings[letter_id] += [finding] if finding else []
        else:
            later[letter_id] = [finding] if finding else []
    store_flags(session, findings)
    store_flags(session, later, codes={Flag.FREQUENT_WRITER})
    if settings.campaign_detection:
        store_flags(session, {i: [f] for i, f in campaigns.check(session, letters).items()},
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


def store_flags(session: Session, findings: dict[int, list[rules.Finding]], *,
                codes: set[Flag] | None = None) -> None:
    """Replace the letters' flags (all of them, or only ``codes``) with these findings."""
    ids = set(findings)
    if not ids:
        return
    query = delete(LetterFlag).where(LetterFlag.letter_id.in_(ids))
    if codes is not None:
        query = query.where(LetterFlag.code.in_(codes))
    session.execute(query)
    rows = [{"letter_id": i, "code": f.flag, "detail": f.detail[:500], "related_letter_id": f.related_letter_id}
            for i, found in findings.items() for f in found if f is not None]
    if rows:
        session.execute(insert(LetterFlag), rows)

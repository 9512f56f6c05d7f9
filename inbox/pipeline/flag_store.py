"""Storing house-rule findings as ``letter_flags`` rows: one definition for intake and for the
recomputations (a writer's later letters, the letters sharing a contact, an erasure)."""
from __future__ import annotations

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from inbox.enums import Flag
from inbox.models import LetterFlag
from inbox.pipeline.rules import Finding


def store_flags(session: Session, findings: dict[int, list[Finding]], *,
                codes: set[Flag] | None = None) -> None:
    """Replace the letters' flags (all of them, or only ``codes``) with these findings."""
    ids = set(findings)
    if not ids:
        return
    query = delete(LetterFlag).where(LetterFlag.letter_id.in_(ids))
    if codes is not None:
        query = query.where(LetterFlag.code.in_(codes))
    session.execute(query)
    rows = [{"letter_id": i, "code": f.flag, "detail": f.detail[:500], "related_letter_id": f.related_letter_id,
             "related": list(f.related) or None}
            for i, found in findings.items() for f in found if f is not None]
    if rows:
        session.execute(insert(LetterFlag), rows)

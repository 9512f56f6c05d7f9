"""Writers and the desk's standing rules for them: ``trusted``, ``hold`` (every letter needs
review), ``block`` (letters go straight to Rejected, "blocked writer"), each with a note.

Blocking also rejects the writer's letters still in New, each through
:func:`inbox.desk.moderation.reject` (audited, restorable); new letters are rejected at intake
(:func:`inbox.pipeline.writers.apply_standing`). Services take a session and never commit.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from inbox.desk import audit, moderation
from inbox.enums import Kind, Standing, Status
from inbox.models import Letter, User, Writer

BLOCKED_REASON = "blocked writer"


class WriterNotFound(LookupError):
    pass


@dataclass(frozen=True)
class WriterSummary:
    writer: Writer
    letters: int
    published: int
    last_published: datetime | None

    def to_dict(self) -> dict:
        w = self.writer
        return {"id": w.id, "email": w.email, "name": w.name, "standing": w.standing.value, "note": w.note,
                "letters": self.letters, "published": self.published,
                "last_published": self.last_published.isoformat().replace("+00:00", "Z")
                if self.last_published else None}


def _summaries(session: Session, condition=None) -> list[WriterSummary]:
    published = Letter.status == Status.PUBLISHED
    query = (select(Writer, func.count(Letter.id), func.sum(case((published, 1), else_=0)),
                    func.max(case((published, Letter.status_changed_at), else_=None)))
             .outerjoin(Letter, (Letter.writer_id == Writer.id) & (Letter.kind == Kind.LETTER))
             .group_by(Writer.id)
             # Writers with a standing rule first.
             .order_by(case((Writer.standing == Standing.NONE, 1), else_=0), Writer.id))
    if condition is not None:
        query = query.where(condition)
    return [WriterSummary(writer, letters or 0, int(n_published or 0), last)
            for writer, letters, n_published, last in session.execute(query)]


def list_writers(session: Session, *, standing: str | None = None) -> list[WriterSummary]:
    """Every writer with their letters' count, published count and last published date; writers
    with a standing rule first."""
    return _summaries(session, Writer.standing == Standing(standing) if standing else None)


def summary(session: Session, writer_id: int) -> WriterSummary:
    rows = _summaries(session, Writer.id == writer_id)
    if not rows:
        raise WriterNotFound(writer_id)
    return rows[0]


def letters_of(session: Session, writer_id: int, limit: int = 200) -> list[Letter]:
    return list(session.scalars(select(Letter).where(Letter.writer_id == writer_id)
                                .order_by(Letter.received_at.desc()).limit(limit)))


def set_standing(session: Session, writer_id: int, standing: str, *, user: User | str,
                 note: str | None = None) -> Writer:
    """Set a writer's standing rule and note, audited; blocking rejects their New letters."""
    writer = session.get(Writer, writer_id)
    if writer is None:
        raise WriterNotFound(writer_id)
    new = Standing(standing)
    before = {"standing": writer.standing.value, "note": writer.note}
    writer.standing = new
    writer.note = (note or "").strip()[:2000] or None
    after = {"standing": new.value, "note": writer.note}
    if before != after:
        audit.record(session, user, "writer-standing", before={"writer": writer.email, **before},
                     after={"writer": writer.email, **after})
    session.flush()
    if new is Standing.BLOCK:
        for letter in session.scalars(select(Letter).where(
                Letter.writer_id == writer.id, Letter.kind == Kind.LETTER, Letter.status == Status.NEW)):
            moderation.reject(session, letter.id, user=user, reason=BLOCKED_REASON)
    return writer

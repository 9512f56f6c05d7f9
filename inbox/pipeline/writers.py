"""Recognising the writer of each new letter, and applying the desk's standing rule for them.

A writer is recognised by email address (lower-cased, ``+tag`` removed). A letter without a
usable address has no writer: recognising one by name plus a phone number or street address
needs the parser's sign-off contact block, which this branch does not have yet.
"""
from __future__ import annotations

from sqlalchemy import bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from inbox.desk import audit
from inbox.desk.writers import BLOCKED_REASON
from inbox.enums import Standing, Status
from inbox.mail.addresses import split_plus
from inbox.models import Letter, Writer, utcnow


def writer_key(email: str | None) -> str | None:
    return split_plus(email)[0] if email else None


def recognise(session: Session, letters: list[Letter]) -> dict[int, Writer]:
    """Give each letter its writer (created on first sight); returns {letter id: writer}.

    Insert-if-absent in one statement, so two workers meeting a new writer at once make one row.
    """
    keys = {letter.id: writer_key(letter.author_email) for letter in letters}
    wanted = {k for k in keys.values() if k}
    if not wanted:
        return {}
    names = {keys[l.id]: l.author_name for l in letters if keys[l.id]}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(Writer).values(
        [{"email": k, "name": names[k], "standing": Standing.NONE.value, "created_at": utcnow()}
         for k in sorted(wanted)]).on_conflict_do_nothing(index_elements=["email"]))
    writers = {w.email: w for w in session.scalars(select(Writer).where(Writer.email.in_(wanted)))}
    found = {l.id: writers[keys[l.id]] for l in letters if keys[l.id] in writers}
    # Core, one executemany: the machine's bookkeeping must not bump the version an editor sees.
    session.connection().execute(_SET_WRITER, [{"lid": i, "wid": w.id} for i, w in found.items()])
    for letter in letters:
        if letter.id in found:
            set_committed_value(letter, "writer_id", found[letter.id].id)    # as stored; nothing to flush
    return found


_SET_WRITER = (update(Letter.__table__).where(Letter.__table__.c.id == bindparam("lid"))
               .values(writer_id=bindparam("wid")))


def apply_standing(session: Session, letter: Letter, writer: Writer) -> None:
    """``hold``: the letter needs review. ``block``: straight to Rejected, audited by "intake"."""
    if writer.standing is Standing.HOLD and not letter.needs_review:
        session.execute(update(Letter).where(Letter.id == letter.id).values(needs_review=True)
                        .execution_options(synchronize_session=False))
    elif writer.standing is Standing.BLOCK and letter.status is Status.NEW:
        session.execute(update(Letter).where(Letter.id == letter.id).values(
            status=Status.REJECTED, reject_reason=BLOCKED_REASON, status_changed_at=utcnow())
            .execution_options(synchronize_session=False))
        audit.record(session, "intake", "reject", letter_id=letter.id, before={"status": Status.NEW.value},
                     after={"status": Status.REJECTED.value, "reject_reason": BLOCKED_REASON})

"""Recognising the writer of each new letter, and applying the desk's standing rule for them.

A writer is recognised by email address (lower-cased, ``+tag`` removed), the writer's own or one
recognised before (``writer_emails``). Failing that, by name plus contact: a letter from a new
address (or with none) whose normalised name and phone or street address (the sign-off's contact
block, :mod:`inbox.pipeline.contact_keys`) match a letter of an existing writer is theirs, and
the new address becomes one of theirs; within one batch, an earlier letter of the batch counts
as one of an existing writer. Otherwise a new address is a new writer.
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
from inbox.models import ContactKey, Letter, Writer, WriterEmail, utcnow
from inbox.pipeline.contact_keys import name_key


def writer_key(email: str | None) -> str | None:
    return split_plus(email)[0] if email else None


def recognise(session: Session, letters: list[Letter], contacts: dict[int, dict[str, str]]) -> dict[int, Writer]:
    """Give each letter its writer (created on first sight); returns {letter id: writer}.
    ``contacts``: each letter's contact keys, {letter id: {"phone": key, "address": key}}.
    ``letters`` in arrival order: within the batch an earlier letter decides for a later one.

    Insert-if-absent in one statement, so two workers meeting a new writer at once make one row.
    """
    keys = {letter.id: writer_key(letter.author_email) for letter in letters}
    known = _by_email(session, {k for k in keys.values() if k})
    by_contact = _by_contact(session, [l for l in letters if keys[l.id] not in known], contacts)
    refs = _in_batch(letters, keys, known, by_contact, contacts)
    names: dict[str, str | None] = {}
    for letter in letters:
        names.setdefault(keys[letter.id], letter.author_name)
    new = {r for r in refs.values() if isinstance(r, str)}
    if new:
        session.execute(_insert(session)(Writer).values(
            [{"email": k, "name": names[k], "standing": Standing.NONE.value, "created_at": utcnow()}
             for k in sorted(new)]).on_conflict_do_nothing(index_elements=["email"]))
        known.update(_by_email(session, new))
    ids = {i: known.get(r) if isinstance(r, str) else r for i, r in refs.items()}
    # A new address recognised as an earlier writer's (here or in the database) becomes theirs.
    aliases = {keys[i]: w for i, w in ids.items() if keys[i] and keys[i] not in known and w is not None}
    if aliases:
        session.execute(_insert(session)(WriterEmail).values(
            [{"email": e, "writer_id": w} for e, w in sorted(aliases.items())]).on_conflict_do_nothing())
    rows = {w.id: w for w in session.scalars(select(Writer).where(Writer.id.in_(
        {i for i in ids.values() if i is not None})))}
    found = {i: rows[w] for i, w in ids.items() if w in rows}
    # Core, one executemany: the machine's bookkeeping must not bump the version an editor sees.
    if found:
        session.connection().execute(_SET_WRITER, [{"lid": i, "wid": w.id} for i, w in found.items()])
    for letter in letters:
        if letter.id in found:
            set_committed_value(letter, "writer_id", found[letter.id].id)    # as stored; nothing to flush
    return found


def _in_batch(letters: list[Letter], keys: dict[int, str | None], known: dict[str, int],
              by_contact: dict[int, int], contacts: dict[int, dict[str, str]]) -> dict[int, int | str | None]:
    """Each letter's writer: a writer's id; a new address (the writer to make for it); or None.

    The database knows the writers of earlier batches, not this one's: two letters from two new
    addresses signed with one name and one phone would otherwise make two writers. So the
    batch's letters are walked in order, and a letter from a new address (or none) that the
    database could not place takes the writer of an earlier letter of the batch with the same
    name and phone or street address, as it would had that letter come in an earlier batch."""
    refs: dict[int, int | str | None] = {}
    by_address: dict[str, int | str] = {}            # a new address: the writer its first letter found
    by_signature: dict[tuple[str, str], int | str] = {}   # (contact key, name): the earliest letter's writer
    for letter in letters:
        key, name = keys[letter.id], name_key(letter.author_name)
        signed = [(k, name) for k in sorted(set(contacts.get(letter.id, {}).values()))] if name else []
        if key in known:
            ref = known[key]
        elif letter.id in by_contact:
            ref = by_contact[letter.id]
        elif key in by_address:
            ref = by_address[key]
        else:
            ref = next((by_signature[s] for s in signed if s in by_signature), key)
        if key and key not in known:
            by_address.setdefault(key, ref)
        if ref is not None:
            for s in signed:
                by_signature.setdefault(s, ref)
        refs[letter.id] = ref
    return refs


def _insert(session: Session):
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _by_email(session: Session, emails: set[str]) -> dict[str, int]:
    """{address: writer id} for the addresses of known writers, theirs or recognised as theirs."""
    if not emails:
        return {}
    found = dict(session.execute(select(WriterEmail.email, WriterEmail.writer_id)
                                 .where(WriterEmail.email.in_(emails))).all())
    found.update(session.execute(select(Writer.email, Writer.id).where(Writer.email.in_(emails))).all())
    return found


def _by_contact(session: Session, letters: list[Letter], contacts: dict[int, dict[str, str]]) -> dict[int, int]:
    """{letter id: writer id} for the letters whose name and phone or address match an earlier
    letter of a known writer: one indexed lookup for the batch."""
    wanted = {l.id: (name_key(l.author_name), set(contacts.get(l.id, {}).values())) for l in letters}
    wanted = {i: (name, ks) for i, (name, ks) in wanted.items() if name and ks}
    if not wanted:
        return {}
    rows = session.execute(select(ContactKey.key, Letter.author_name, Letter.writer_id)
                           .join(Letter, Letter.id == ContactKey.letter_id)
                           .where(ContactKey.key.in_({k for _, ks in wanted.values() for k in ks}),
                                  Letter.writer_id.is_not(None))
                           .order_by(Letter.writer_id))
    by_key: dict[tuple[str, str], int] = {}
    for key, name, writer_id in rows:
        by_key.setdefault((key, name_key(name)), writer_id)      # the oldest writer, if several
    out = {}
    for letter_id, (name, ks) in wanted.items():
        if matches := [by_key[(k, name)] for k in sorted(ks) if (k, name) in by_key]:
            out[letter_id] = min(matches)
    return out


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

"""What editors do to letters: shortlist, reject, restore, publish, edit for publication, relink,
tag the stance, notes, and the order of the shortlist. Every change writes an audit event.

Optimistic concurrency: every action that changes a letter takes the ``version`` the editor saw.
If another editor changed the letter since, :class:`Conflict` is raised and nothing is written,
so the later editor is told rather than silently overwriting. (The models' ``version_id_col``
also catches the race between our check and the UPDATE.)

Services take the session first and never commit: the web request or CLI command does.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from inbox.desk import audit
from inbox.desk.articles import UNASSIGNED, article_by_slug
from inbox.desk.ordering import editor_order_by
from inbox.desk.putback import put_back_in_place
from inbox.desk.verification import require_verified
from inbox.models import (Edition, EditionLetter, EditionStatus, Kind, LinkMethod, Letter, Note, Stance, Status, User,
                          utcnow)
from inbox.readers import consent, notices
from inbox.text import clean_line

MAX_TEXT = 100_000
EXPORT_PUBLISHED = "export-published"     # the audit action of letters published by an export
EDITION_PUBLISHED = "edition-published"   # ... and of letters published with their edition
NO_STANCE = "none"                        # how a form or the CLI says "untagged"


class NotFound(LookupError):
    pass


class Conflict(Exception):
    """The letter changed since the editor loaded it."""

    def __init__(self, letter: Letter, expected: int | None):
        self.letter_id, self.expected, self.actual = letter.id, expected, letter.version
        super().__init__(f"Letter {letter.id} was changed by someone else while you were looking at it "
                         f"(you saw version {expected}, it is now at version {letter.version}). "
                         "Nothing was saved: reload the letter and try again.")

    @classmethod
    def of_count(cls, expected: int, actual: int) -> "Conflict":
        """The queue a bulk action was confirmed for has changed size since."""
        e = cls.__new__(cls)
        e.letter_id, e.expected, e.actual = None, expected, actual
        Exception.__init__(e, f"The queue now holds {actual:,} letters, not the {expected:,} you confirmed "
                              "(someone decided or letters arrived meanwhile). Nothing was changed: check and try again.")
        return e


class InvalidChange(ValueError):
    pass


def get_letter(session: Session, letter_id: int) -> Letter:
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFound(letter_id)
    return letter


def _check(letter: Letter, version: int | None) -> None:
    if version is not None and version != letter.version:
        raise Conflict(letter, version)


def _flush(session: Session, letter: Letter, version: int | None) -> None:
    """Write now, turning the lost race (another UPDATE between our check and ours) into a Conflict."""
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(letter, version) from None


def _snapshot(letter: Letter, fields: Iterable[str]) -> dict[str, Any]:
    """Fields as JSON values: enums by value, timestamps as ISO 8601."""
    out = {}
    for f in fields:
        value = getattr(letter, f)
        out[f] = value.value if hasattr(value, "value") else value.isoformat() if hasattr(value, "isoformat") else value
    return out


def _next_position(session: Session) -> int:
    top = session.scalar(select(func.max(Letter.position)).where(Letter.status == Status.SHORTLISTED))
    return (top or 0) + 1


DECISIONS = ("shortlist", "reject", "restore")
STATUS_FIELDS = ("status", "reject_reason", "position", "status_changed_at")
STARTED_FIELDS = ("publication_text", "signoff_name", "signoff_location")


def _set_status(session: Session, letter: Letter, user: User, status: Status, *,
                version: int | None, reason: str | None = None, next_position=None, flush: bool = True) -> Letter:
    """``next_position`` and ``flush=False`` are for a bulk action over many letters: positions
    handed out in turn, and one flush per batch instead of one per letter."""
    _check(letter, version)
    before = _snapshot(letter, STATUS_FIELDS + STARTED_FIELDS)
    # Query before changing anything: an autoflush in between would count as a second version.
    needs_position = status is Status.SHORTLISTED and (
        letter.position is None or letter.status is not Status.SHORTLISTED)
    position = (next_position or (lambda: _next_position(session)))() if needs_position else letter.position
    letter.status = status
    letter.status_changed_at = utcnow()
    letter.reject_reason = reason if status is Status.REJECTED else None
    if status is Status.SHORTLISTED:
        letter.position = position
        _start_publication(letter)
    else:
        letter.position = None
        _leave_edition(session, letter, user)
    action = {Status.SHORTLISTED: "shortlist", Status.REJECTED: "reject", Status.NEW: "restore"}[status]
    after = _snapshot(letter, STATUS_FIELDS + STARTED_FIELDS)
    # The publication fields are recorded only when a first shortlist started them, so an undo
    # can put them back exactly as they were.
    for f in STARTED_FIELDS:
        if before[f] == after[f]:
            del before[f], after[f]
    audit.record(session, user, action, letter_id=letter.id, before=before, after=after)
    if flush:
        _flush(session, letter, version)
    notices.status_changed(session, letter)      # the writer's notice, in this transaction
    return letter


def _leave_edition(session: Session, letter: Letter, user: User) -> None:
    """A letter that is no longer shortlisted (rejected, restored to New) leaves the page it was
    planned on. A published edition keeps it: that is the record of what was printed."""
    edition_id = session.scalar(select(EditionLetter.edition_id).join(Edition).where(
        EditionLetter.letter_id == letter.id, Edition.status == EditionStatus.DRAFT))
    if edition_id is not None:
        session.execute(delete(EditionLetter).where(EditionLetter.letter_id == letter.id))
        audit.record(session, user, "edition-remove", letter_id=letter.id, before={"edition": edition_id},
                     after={"edition": None})


def _start_publication(letter: Letter) -> None:
    """The publication version starts as the letter as parsed, signed as the reader signed."""
    if letter.publication_text is None:
        letter.publication_text = letter.text
    if letter.signoff_name is None:
        letter.signoff_name = letter.author_name
    if letter.signoff_location is None:
        letter.signoff_location = letter.author_location


def shortlist(session: Session, letter_id: int, *, user: User, version: int | None = None) -> Letter:
    return _set_status(session, get_letter(session, letter_id), user, Status.SHORTLISTED, version=version)


def reject(session: Session, letter_id: int, *, user: User, version: int | None = None,
           reason: str | None = None) -> Letter:
    reason = (reason or "").strip()[:2000] or None
    return _set_status(session, get_letter(session, letter_id), user, Status.REJECTED,
                       version=version, reason=reason)


def restore(session: Session, letter_id: int, *, user: User, version: int | None = None) -> Letter:
    return _set_status(session, get_letter(session, letter_id), user, Status.NEW, version=version)


def publish(session: Session, letters: Iterable[Letter], *, actor: audit.Actor, fmt: str,
            require_verification: bool = False) -> int:
    """The letters went to the page in an export of format ``fmt``: each becomes Published,
    audited with who exported it, the format and the status it had. A letter published already
    is audited too (the record says who exported what) but keeps its status date. Unlike the
    other decisions this keeps the editor's position: it is the order the page was printed in.
    Returns the number of letters."""
    return _publish(session, letters, actor, EXPORT_PUBLISHED, {"format": fmt}, require_verification)


def publish_edition_letters(session: Session, letters: Iterable[Letter], *, actor: audit.Actor,
                            edition_id: int, require_verification: bool = False) -> int:
    """The letters of an edition went to the page: as :func:`publish`, audited with the edition."""
    return _publish(session, letters, actor, EDITION_PUBLISHED, {"edition": edition_id}, require_verification)


def _publish(session: Session, letters: Iterable[Letter], actor: audit.Actor, action: str,
             detail: dict[str, Any], require_verification: bool) -> int:
    """With ``require_verification`` an unverified letter stops the whole publication
    (:class:`inbox.desk.verification.Unverified` names them) and nothing changes; with
    ``INBOX_REQUIRE_CONSENT=1`` so does an edited letter whose writer has not approved its
    version (:class:`InvalidChange`)."""
    letters = list(letters)
    require_verified(letters, require_verification)
    settings = session.info.get("settings")
    if settings is not None and settings.require_consent:
        missing = consent.missing_consent(session, letters)
        if missing:
            raise InvalidChange("Not published: the writer has not approved the edited version of letter(s) "
                                + ", ".join(map(str, missing)) + " (INBOX_REQUIRE_CONSENT).")
    now, count = utcnow(), 0
    for letter in letters:
        before = letter.status.value
        if letter.status is not Status.PUBLISHED:
            letter.status = Status.PUBLISHED
            letter.status_changed_at = now
            notices.status_changed(session, letter)
        audit.record(session, actor, action, letter_id=letter.id, before={"status": before},
                     after={"status": Status.PUBLISHED.value, **detail})
        count += 1
    return count


@dataclass(frozen=True)
class BulkResult:
    done: list[int]
    conflicts: list[int]
    missing: list[int]


ACTIONS = {"shortlist": shortlist, "reject": reject, "restore": restore}
STATUS_OF = {"shortlist": Status.SHORTLISTED, "reject": Status.REJECTED, "restore": Status.NEW}


def bulk(session: Session, action: str, items: Iterable[tuple[int, int | None]], *, user: User,
         reason: str | None = None) -> BulkResult:
    """Apply one action to many letters, each checked against the version the editor saw; a
    conflict on one letter leaves it alone and does not stop the others."""
    if action not in ACTIONS:
        raise InvalidChange(f"unknown action {action!r}")
    done, conflicts, missing = [], [], []
    for letter_id, version in items:
        extra = {"reason": reason} if action == "reject" else {}
        try:
            with session.begin_nested():
                ACTIONS[action](session, letter_id, user=user, version=version, **extra)
            done.append(letter_id)
        except Conflict:
            conflicts.append(letter_id)
        except NotFound:
            missing.append(letter_id)
    return BulkResult(done, conflicts, missing)


PUBLICATION_FIELDS = ("headline", "publication_text", "signoff_name", "signoff_location")


def edit_publication(session: Session, letter_id: int, *, user: User, version: int | None,
                     headline: str | None, publication_text: str, signoff_name: str | None,
                     signoff_location: str | None) -> Letter:
    letter = get_letter(session, letter_id)
    _check(letter, version)
    if letter.status not in (Status.SHORTLISTED, Status.PUBLISHED):
        raise InvalidChange("Only a shortlisted letter has a publication version.")
    before = _snapshot(letter, PUBLICATION_FIELDS)
    letter.headline = clean_line(headline)[:300] or None
    # Keep paragraphs, normalise line endings; the original text is never touched.
    letter.publication_text = (publication_text or "").replace("\r\n", "\n").replace("\r", "\n").strip()[:MAX_TEXT]
    letter.signoff_name = clean_line(signoff_name)[:300] or None
    letter.signoff_location = clean_line(signoff_location)[:300] or None
    after = _snapshot(letter, PUBLICATION_FIELDS)
    changed = [f for f in PUBLICATION_FIELDS if before[f] != after[f]]
    if changed:
        audit.record(session, user, "edit", letter_id=letter.id,
                     before={f: before[f] for f in changed}, after={f: after[f] for f in changed})
    _flush(session, letter, version)
    return letter


def put_back(session: Session, letter_id: int, index: int, *, user: User,
             version: int | None) -> Letter:
    """Put one part the parser removed (``letter.removed[index]``) back into the publication
    text where it stood in the message, between the same paragraphs (``putback``). Audited as
    "put-back" with the part's kind; the parsed text is never touched."""
    letter = get_letter(session, letter_id)
    _check(letter, version)
    if letter.status not in (Status.SHORTLISTED, Status.PUBLISHED):
        raise InvalidChange("Only a shortlisted letter has a publication version to put text back into.")
    parts = list(letter.removed or [])
    if not 0 <= index < len(parts):
        raise InvalidChange("There is no such removed part.")
    part = parts[index]
    before = _snapshot(letter, PUBLICATION_FIELDS)
    current = letter.publication_text if letter.publication_text is not None else letter.text
    joined = put_back_in_place(current or "", letter.text or "", letter.full_text or "", parts, index)
    letter.publication_text = joined.strip()[:MAX_TEXT]
    audit.record(session, user, "put-back", letter_id=letter.id,
                 before={"publication_text": before["publication_text"]},
                 after={"publication_text": letter.publication_text, "kind": part.get("kind"),
                        "part": index})
    _flush(session, letter, version)
    return letter


def relink(session: Session, letter_id: int, *, user: User, version: int | None,
           article_slug: str | None) -> Letter:
    """Link the letter to another article, or to none (``None`` / ``""`` / ``"unassigned"``)."""
    letter = get_letter(session, letter_id)
    _check(letter, version)
    article = None
    if article_slug and article_slug != UNASSIGNED:
        article = article_by_slug(session, article_slug)
        if article is None:
            raise InvalidChange(f"There is no article {article_slug!r}.")
    before = {"article": letter.article.slug if letter.article else None,
              "link_method": letter.link_method.value}
    letter.article = article
    letter.link_method = LinkMethod.EDITOR if article else LinkMethod.NONE
    after = {"article": article.slug if article else None, "link_method": letter.link_method.value}
    if before != after:
        audit.record(session, user, "relink", letter_id=letter.id, before=before, after=after)
    _flush(session, letter, version)
    return letter


def set_stance(session: Session, letter_id: int, stance: str | None, *, user: User | str,
               version: int | None = None) -> Letter:
    """Tag the letter's stance on its article (``None``, ``""`` or ``"none"`` clears it)."""
    letter = get_letter(session, letter_id)
    _check(letter, version)
    if stance and stance != NO_STANCE and stance not in Stance._value2member_map_:
        raise InvalidChange(f"A stance is one of {', '.join(s.value for s in Stance)} or {NO_STANCE}.")
    new = Stance(stance) if stance and stance != NO_STANCE else None
    before = letter.stance.value if letter.stance else None
    if new is not letter.stance:
        letter.stance = new
        audit.record(session, user, "stance", letter_id=letter.id, before={"stance": before},
                     after={"stance": new.value if new else None})
    _flush(session, letter, version)
    return letter


def add_note(session: Session, letter_id: int, *, user: User, body: str) -> Note:
    letter = get_letter(session, letter_id)
    body = (body or "").replace("\r\n", "\n").strip()[:10_000]
    if not body:
        raise InvalidChange("A note cannot be empty.")
    note = Note(letter=letter, user=user, body=body, created_at=utcnow())
    session.add(note)
    audit.record(session, user, "note", letter_id=letter.id, after={"note": body})
    session.flush()
    return note


def shortlist_order(session: Session, *, kind: Kind = Kind.LETTER) -> list[Letter]:
    """The shortlist in the editors' order; letters without a position come last, oldest first."""
    return list(session.scalars(select(Letter).where(
        Letter.status == Status.SHORTLISTED, Letter.kind == kind).order_by(*editor_order_by())))


def move(session: Session, letter_id: int, direction: str, *, user: User) -> Letter:
    """Move a shortlisted letter one place up or down in the editors' order."""
    if direction not in ("up", "down"):
        raise InvalidChange("direction must be up or down")
    letter = get_letter(session, letter_id)
    if letter.status is not Status.SHORTLISTED:
        raise InvalidChange("Only shortlisted letters have an order.")
    order = shortlist_order(session, kind=letter.kind)
    positions = [l.position for l in order]
    if None in positions or len(set(positions)) != len(positions):
        for i, item in enumerate(order, start=1):   # renumber once; then moves swap two rows
            if item.position != i:
                item.position = i
    index = order.index(letter)
    other_index = index - 1 if direction == "up" else index + 1
    if 0 <= other_index < len(order):
        other = order[other_index]
        before = letter.position
        letter.position, other.position = other.position, letter.position
        audit.record(session, user, "move", letter_id=letter.id,
                     before={"position": before}, after={"position": letter.position})
    _flush(session, letter, None)
    return letter

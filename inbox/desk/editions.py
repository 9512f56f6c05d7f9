"""Editions: what editors do to a letters page. Create one (a date, a title, a word budget),
add shortlisted letters, remove them, order them (one place up or down, or a whole new order
from a drag and drop), mark the lead letter, set the headline over a group of letters on one
article, and publish it: the edition and every letter on it become Published.

A letter is in at most one edition at a time: checked here with a message an editor can act on,
and enforced by the unique ``edition_letters.letter_id`` underneath. Only shortlisted (or
already published) readers' letters can be added; a letter that is rejected or restored to New
leaves its edition (``moderation``). A published edition is not changed any more.

Services in the house style: the session first, every change audited, nothing committed here.
"""
from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inbox.desk import audit, moderation
from inbox.desk.moderation import InvalidChange, NotFound
from inbox.models import (Attachment, Edition, EditionHeadline, EditionLetter, EditionStatus, Kind, Letter, Status,
                          utcnow)
from inbox.text import clean_line

ADDABLE = (Status.SHORTLISTED, Status.PUBLISHED)
MAX_TITLE = 300


def _event(session: Session, actor: audit.Actor, action: str, edition: Edition, *,
           letter_id: int | None = None, before: dict | None = None, after: dict | None = None) -> None:
    audit.record(session, actor, action, letter_id=letter_id, before=before,
                 after={"edition": edition.id, **(after or {})})


# What the planner and the exports never read: the letter's original message in full (and of
# its attachments, only their names, types and sizes: never their bytes).
UNREAD_COLUMNS = (Letter.full_text, Letter.html, Letter.headers, Letter.link_suggestions)


def get_edition(session: Session, edition_id: int) -> Edition:
    letters = selectinload(Edition.entries).selectinload(EditionLetter.letter)
    edition = session.get(Edition, edition_id, options=[
        *(letters.defer(c) for c in UNREAD_COLUMNS), letters.selectinload(Letter.article),
        letters.selectinload(Letter.attachments).defer(Attachment.content), selectinload(Edition.headlines)])
    if edition is None:
        raise NotFound(edition_id)
    return edition


def _draft(session: Session, edition_id: int) -> Edition:
    edition = get_edition(session, edition_id)
    if edition.status is not EditionStatus.DRAFT:
        raise InvalidChange(f"Edition {edition.id} is published; it cannot be changed.")
    return edition


def list_editions(session: Session) -> list[Edition]:
    """Newest date first, with their letters loaded in order."""
    letters = selectinload(Edition.entries).selectinload(EditionLetter.letter)
    return list(session.scalars(select(Edition).options(*(letters.defer(c) for c in UNREAD_COLUMNS))
                                .order_by(Edition.day.desc(), Edition.id.desc())))


def draft_editions(session: Session) -> list[Edition]:
    return list(session.scalars(select(Edition).where(Edition.status == EditionStatus.DRAFT)
                                .order_by(Edition.day, Edition.id)))


def recent_editions(session: Session, limit: int = 20) -> list[Edition]:
    return list(session.scalars(select(Edition).order_by(Edition.day.desc(), Edition.id.desc()).limit(limit)))


def edition_of(session: Session, letter_id: int) -> Edition | None:
    return session.scalar(select(Edition).join(EditionLetter).where(EditionLetter.letter_id == letter_id))


def create(session: Session, *, day: date, title: str, budget: int, actor: audit.Actor) -> Edition:
    title = clean_line(title)[:MAX_TITLE]
    if not title:
        raise InvalidChange("An edition needs a title.")
    if budget <= 0:
        raise InvalidChange("The word budget must be a positive number of words.")
    edition = Edition(day=day, title=title, budget=budget, status=EditionStatus.DRAFT, created_at=utcnow())
    session.add(edition)
    session.flush()
    _event(session, actor, "edition-create", edition,
           after={"date": day.isoformat(), "title": title, "budget": budget})
    return edition


def update(session: Session, edition_id: int, *, title: str | None = None, budget: int | None = None,
           day: date | None = None, actor: audit.Actor) -> Edition:
    edition = _draft(session, edition_id)
    before = {"date": edition.day.isoformat(), "title": edition.title, "budget": edition.budget}
    if title is not None:
        edition.title = clean_line(title)[:MAX_TITLE] or edition.title
    if budget is not None:
        if budget <= 0:
            raise InvalidChange("The word budget must be a positive number of words.")
        edition.budget = budget
    if day is not None:
        edition.day = day
    after = {"date": edition.day.isoformat(), "title": edition.title, "budget": edition.budget}
    if after != before:
        _event(session, actor, "edition-update", edition, before=before, after=after)
    session.flush()
    return edition


def add(session: Session, edition_id: int, letter_ids: Iterable[int], *, actor: audit.Actor) -> list[int]:
    """Append the letters to the edition, in the order given; letters already on it stay where
    they are. Raises before changing anything if one cannot be added."""
    edition = _draft(session, edition_id)
    ids = list(dict.fromkeys(letter_ids))
    letters = {l.id: l for l in session.scalars(select(Letter).where(Letter.id.in_(ids)))} if ids else {}
    elsewhere = dict(session.execute(select(EditionLetter.letter_id, EditionLetter.edition_id).where(
        EditionLetter.letter_id.in_(ids), EditionLetter.edition_id != edition.id)).all()) if ids else {}
    present = {e.letter_id for e in edition.entries}
    for letter_id in ids:
        letter = letters.get(letter_id)
        if letter is None:
            raise NotFound(letter_id)
        if letter.kind is not Kind.LETTER or letter.status not in ADDABLE:
            raise InvalidChange(f"Letter {letter_id} is {letter.status.value}: only shortlisted letters "
                                "can go on a page.")
        if letter_id in elsewhere:
            raise InvalidChange(f"Letter {letter_id} is already in edition {elsewhere[letter_id]}; "
                                "remove it there first (a letter is in one edition at a time).")
    position = max((e.position for e in edition.entries), default=0)
    added = []
    for letter_id in ids:
        if letter_id in present:
            continue
        position += 1
        edition.entries.append(EditionLetter(letter_id=letter_id, position=position, lead=False))
        _event(session, actor, "edition-add", edition, letter_id=letter_id, after={"position": position})
        added.append(letter_id)
    session.flush()
    return added


def _entry(edition: Edition, letter_id: int) -> EditionLetter:
    for entry in edition.entries:
        if entry.letter_id == letter_id:
            return entry
    raise InvalidChange(f"Letter {letter_id} is not in edition {edition.id}.")


def remove(session: Session, edition_id: int, letter_id: int, *, actor: audit.Actor) -> None:
    edition = _draft(session, edition_id)
    entry = _entry(edition, letter_id)
    edition.entries.remove(entry)
    _event(session, actor, "edition-remove", edition, letter_id=letter_id,
           before={"edition": edition.id, "position": entry.position}, after={"edition": None})
    session.flush()


def _renumber(edition: Edition, ordered: list[EditionLetter]) -> None:
    for i, entry in enumerate(ordered, start=1):
        if entry.position != i:
            entry.position = i


def ordered_entries(edition: Edition) -> list[EditionLetter]:
    return sorted(edition.entries, key=lambda e: (e.position, e.id or 0))


def move(session: Session, edition_id: int, letter_id: int, direction: str, *, actor: audit.Actor) -> None:
    """One place up or down in the edition's order (the keyboard's way; drag has ``reorder``)."""
    if direction not in ("up", "down"):
        raise InvalidChange("direction must be up or down")
    edition = _draft(session, edition_id)
    order = ordered_entries(edition)
    index = order.index(_entry(edition, letter_id))
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
        _renumber(edition, order)
        _event(session, actor, "edition-move", edition, letter_id=letter_id,
               before={"position": index + 1}, after={"position": other + 1})
    session.flush()


def reorder(session: Session, edition_id: int, letter_ids: list[int], *, actor: audit.Actor) -> None:
    """A whole new order (after a drag and drop): exactly the edition's letters, each once."""
    edition = _draft(session, edition_id)
    by_letter = {e.letter_id: e for e in edition.entries}
    if sorted(letter_ids) != sorted(by_letter):
        raise InvalidChange("The new order must list exactly the edition's letters; reload the page.")
    before = [e.letter_id for e in ordered_entries(edition)]
    if before != letter_ids:
        _renumber(edition, [by_letter[i] for i in letter_ids])
        _event(session, actor, "edition-reorder", edition, before={"letters": before},
               after={"letters": letter_ids})
    session.flush()


def set_lead(session: Session, edition_id: int, letter_id: int | None, *, actor: audit.Actor) -> None:
    """Mark one letter the lead (``None``: no lead). The lead is printed first."""
    edition = _draft(session, edition_id)
    if letter_id is not None:
        _entry(edition, letter_id)
    before = next((e.letter_id for e in edition.entries if e.lead), None)
    for entry in edition.entries:
        entry.lead = entry.letter_id == letter_id
    if before != letter_id:
        _event(session, actor, "edition-lead", edition, letter_id=letter_id,
               before={"lead": before}, after={"lead": letter_id})
    session.flush()


def set_headline(session: Session, edition_id: int, article_key: int, headline: str | None, *,
                 actor: audit.Actor) -> None:
    """The headline over the edition's letters on one article (``article_key``: the article id,
    0 for letters on none); blank removes it and the group is headed by the article's title."""
    edition = _draft(session, edition_id)
    headline = clean_line(headline)[:300]
    current = next((h for h in edition.headlines if h.article_key == article_key), None)
    before = current.headline if current else None
    if headline and current:
        current.headline = headline
    elif headline:
        edition.headlines.append(EditionHeadline(article_key=article_key, headline=headline))
    elif current:
        edition.headlines.remove(current)
    if before != (headline or None):
        _event(session, actor, "edition-headline", edition, before={"article_key": article_key, "headline": before},
               after={"article_key": article_key, "headline": headline or None})
    session.flush()


def publish(session: Session, edition_id: int, *, actor: audit.Actor) -> Edition:
    """The edition went to the page: it and all its letters become Published (each audited)."""
    edition = _draft(session, edition_id)
    moderation.publish_edition_letters(session, [e.letter for e in ordered_entries(edition)],
                                       actor=actor, edition_id=edition.id)
    edition.status = EditionStatus.PUBLISHED
    edition.published_at = utcnow()
    _event(session, actor, "edition-publish", edition, before={"status": EditionStatus.DRAFT.value},
           after={"status": EditionStatus.PUBLISHED.value, "letters": len(edition.entries)})
    session.flush()
    return edition

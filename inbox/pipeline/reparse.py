"""Re-parsing letters stored before the parser said what it removed (migration 0004).

Such letters have an empty ``removed`` list and no ``author_contact``: their text may still hold
a quoted history, a signature or a street address, and nothing says so. ``reparse_letters``
parses their raw message again (with the linked article's text, as intake does) and stores what
the parser now gives: ``text``, ``removed``, ``author_contact``, name, town, word count and the
parser's review notes. Letters parsed since 0004 that had nothing removed are candidates too
(the two cannot be told apart); they come out the same and are left alone.

What an editor made is never overwritten: the publication version (``publication_text``,
``signoff_name``, ``signoff_location``) is not touched; and a shortlisted or published letter
whose publication version was never edited is printed from the parsed text, so that text is
first kept as its publication version, to print what the editor chose. Each change is audited
("reparse", by "cli") with the fields before and after, in batches of short transactions.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session, sessionmaker

from inbox.db import transaction
from inbox.desk import audit
from inbox.mail.parse import parse_message
from inbox.models import Letter, Status
from inbox.text import storable

BATCH = 100
PARSED_FIELDS = ("text", "removed", "author_contact", "author_name", "author_location",
                 "word_count")
_DECIDED = (Status.SHORTLISTED, Status.PUBLISHED)
_REVIEW = "review: "


@dataclass
class ReparseResult:
    examined: int = 0
    changed: list[int] = field(default_factory=list)     # letter ids (would be) re-parsed
    kept_publication: list[int] = field(default_factory=list)   # text kept as publication version


def _fields(letter: Letter) -> dict:
    return {name: getattr(letter, name) for name in PARSED_FIELDS}


def _reparsed(letter: Letter) -> tuple[dict, list[str]]:
    """The parsed fields the parser gives the letter's raw message now, and its review notes."""
    body = letter.article.body if letter.article is not None else ""
    parsed = parse_message(letter.message.raw, sources=(body,) if body else ())
    contact = parsed.author_contact
    found = {
        "text": storable(parsed.text),
        "removed": [{"kind": kind, "text": storable(text)} for kind, text in parsed.removed],
        "author_contact": None if contact is None else {k: storable(v) for k, v in contact.items()},
        "author_name": (parsed.author_name or "")[:300] or None,
        "author_location": (parsed.author_location or "")[:300] or None,
        "word_count": parsed.word_count,
    }
    return found, [f"{_REVIEW}{reason}" for reason in parsed.review]


def _apply(session: Session, letter: Letter, found: dict, review: list[str],
           result: ReparseResult) -> None:
    before = _fields(letter)
    changed = [name for name in PARSED_FIELDS if before[name] != found[name]]
    kept: dict = {}
    if letter.status in _DECIDED:        # printed from these fields until an editor edits them
        if not (letter.publication_text or "").strip():
            kept["publication_text"] = letter.text
        if letter.signoff_name is None:
            kept["signoff_name"] = letter.author_name
        if letter.signoff_location is None:
            kept["signoff_location"] = letter.author_location
    for name, value in {**kept, **{name: found[name] for name in changed}}.items():
        setattr(letter, name, value)
    if kept:
        result.kept_publication.append(letter.id)
    letter.flags = [flag for flag in letter.flags or [] if not str(flag).startswith(_REVIEW)] + review
    letter.needs_review = letter.needs_review or bool(review)
    audit.record(session, "cli", "reparse", letter_id=letter.id,
                 before={name: before[name] for name in changed},
                 after={**{name: found[name] for name in changed}, **kept})


def reparse_letters(factory: sessionmaker[Session], *, dry_run: bool = False,
                    batch: int = BATCH) -> ReparseResult:
    """Re-parse every letter with nothing in ``removed``; with ``dry_run``, only say which
    would change. Each batch is parsed outside any write transaction (the listener's commits
    must not queue behind CPU work), then written in one short one."""
    result = ReparseResult()
    last = 0
    while True:
        with factory() as session:
            letters = list(session.scalars(
                select(Letter).where(Letter.id > last, cast(Letter.removed, String) == "[]")
                .order_by(Letter.id).limit(batch)))
            if not letters:
                return result
            last = letters[-1].id
            todo = {}
            for letter in letters:
                result.examined += 1
                found, review = _reparsed(letter)
                if any(getattr(letter, name) != found[name] for name in PARSED_FIELDS):
                    todo[letter.id] = (found, review, letter.version)
        result.changed += list(todo)
        if dry_run or not todo:
            continue
        with transaction(factory) as session:
            for letter in session.scalars(select(Letter).where(Letter.id.in_(list(todo)))):
                found, review, version = todo[letter.id]
                if letter.version == version:      # an editor acted meanwhile: next run
                    _apply(session, letter, found, review, result)

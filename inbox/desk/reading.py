"""Reading letters: the JSON shape that ``inbox letters`` prints (and export's JSON extends), the
filters by kind, status and article shared by the CLI and export, and the text a letter is
printed with (and its word count, which the editions' budget adds up)."""
from __future__ import annotations

from typing import Any, Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from inbox.desk.articles import article_condition
from inbox.desk.verification import to_dict as verification_dict
from inbox.models import Kind, Letter, Status
from inbox.text import clean_text, word_count


def _chosen_text(letter: Any) -> str:
    edited = letter.publication_text
    return (edited if edited and edited.strip() else letter.text) or ""


def publication_text(letter: Any) -> str:
    """The edited version where an editor edited it (a blank edit counts as none), else the
    parsed letter."""
    return clean_text(_chosen_text(letter)).strip()


def publication_words(letter: Any) -> int:
    # Cleaning only drops invisible characters and turns line breaks into newlines: the words
    # stay the same, so the budget counts the chosen text directly (the planner counts 150).
    return word_count(_chosen_text(letter))


def letter_to_dict(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "kind": letter.kind.value,
        "status": letter.status.value,
        "article": letter.article.slug if letter.article else None,
        "link_method": letter.link_method.value,
        "author_name": letter.author_name,
        "author_email": letter.author_email,
        "author_location": letter.author_location,
        "subject": letter.subject,
        "received_at": letter.received_at.isoformat().replace("+00:00", "Z"),
        "message_id": letter.message_id,
        "word_count": letter.word_count,
        "text": letter.text,
        "attachments": [{"filename": a.filename, "content_type": a.content_type, "size": a.size}
                        for a in letter.attachments if not a.inline],
        "automated_reason": letter.automated_reason,
        # The parser's notes, then the house rules' flags (their explanations are in the letter view).
        "flags": list(letter.flags or []) + [f.code.value for f in letter.rule_flags],
        "needs_review": letter.needs_review,
        "removed": [dict(part) for part in letter.removed or []],
        "author_contact": dict(letter.author_contact) if letter.author_contact else None,
        "campaign": {"id": letter.campaign.id, "size": letter.campaign.size} if letter.campaign else None,
        "verification": verification_dict(letter.verification),
        "stance": letter.stance.value if letter.stance else None,
    }


def letters_query(session: Session, *, kind: str | None = "letter", status: str | None = None,
                  article: str | None = None) -> Select[tuple[Letter]]:
    """Letters filtered by kind, status and article slug (``"unassigned"`` for none); ``None`` or
    ``"all"`` means no filter. Oldest first."""
    query = select(Letter).options(selectinload(Letter.article), selectinload(Letter.attachments),
                                   selectinload(Letter.rule_flags), selectinload(Letter.campaign),
                                   selectinload(Letter.verification))
    if kind not in (None, "all"):
        query = query.where(Letter.kind == Kind(kind))
    if status not in (None, "all"):
        query = query.where(Letter.status == Status(status))
    if (condition := article_condition(session, article)) is not None:
        query = query.where(condition)
    return query.order_by(Letter.received_at, Letter.id)


def list_letters(session: Session, **filters) -> Iterable[Letter]:
    return session.scalars(letters_query(session, **filters))


def removed_spans(full_text: str, removed: list[dict] | None) -> dict[int, tuple[int, int]]:
    """Where each removed part (by its index in ``removed``) stands in the original text, found
    line by line in message order from a cursor: a part the parser reshaped (">From" undone,
    blank lines inside a sign-off) is still found by its first and last lines; one that cannot
    be found has no span."""
    spans: dict[int, tuple[int, int]] = {}
    cursor = 0
    for index, part in enumerate(removed or []):
        lines = [line.strip() for line in str(part.get("text") or "").split("\n") if line.strip()]
        if not lines:
            continue
        start = full_text.find(lines[0], cursor)
        if start < 0:
            continue
        end = full_text.find(lines[-1], start)
        end = end + len(lines[-1]) if end >= 0 else start + len(lines[0])
        spans[index] = (start, end)
        cursor = end
    return spans


def original_segments(full_text: str, removed: list[dict] | None) -> list[tuple[str, str | None]]:
    """The original text cut into (text, kind) pieces, kind naming the removed part a piece is
    (None for what stayed in the letter), so the letter view can label each removed part where
    it stood (``removed_spans``); one that cannot be found is not marked (it is still listed)."""
    pieces: list[tuple[str, str | None]] = []
    cursor = 0
    for index, (start, end) in removed_spans(full_text, removed).items():
        if start > cursor:
            pieces.append((full_text[cursor:start], None))
        pieces.append((full_text[start:end], str(removed[index].get("kind") or "")))
        cursor = end
    if cursor < len(full_text):
        pieces.append((full_text[cursor:], None))
    return pieces

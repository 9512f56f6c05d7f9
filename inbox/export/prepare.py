"""What every export format shares: the letters in the editor's order, grouped by article, each
reduced to what the letters page prints (headline, publication text, sign-off), with text that is
safe to put in any file.

Pure: takes Letter objects (or anything with the same attributes), or an edition's plan
(``group_edition``: its order, lead and group headlines), and returns plain values.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from inbox.desk.ordering import editor_order_key
from inbox.desk.planning import OTHER_LETTERS   # the title of letters not linked to an article
from inbox.desk.reading import publication_text
from inbox.text import clean_line, clean_text

_BLANK_LINES = re.compile(r"\n[ \t]*\n[\s]*")
# Publication formats never carry an email address (or a Message-ID, which looks like one), even
# one the reader typed into the body. The bounded repeats (RFC 5321's limits) keep the search
# linear on a hostile letter that is one enormous word.
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
EMAIL_REMOVED = "(email address removed)"


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a letter (split on blank lines), each with its line breaks kept."""
    text = clean_text(text).strip()
    if not text:
        return []
    return [p.strip("\n") for p in _BLANK_LINES.split(text) if p.strip()]


def quotation(paragraph: str) -> str | None:
    """The quoted words when every line of the paragraph begins "> " (the reader quoting the
    article, as the parser keeps it: issue #12), else None. Each format shows it as a quotation
    in its own way."""
    lines = paragraph.split("\n")
    if not all(line.startswith(">") for line in lines):
        return None
    return "\n".join(line[1:].lstrip(" ") for line in lines)


def without_emails(text: str) -> str:
    # The pattern tries up to 64 characters at every position: skip the scan when it cannot match.
    return EMAIL.sub(EMAIL_REMOVED, text) if "@" in text else text


def _chosen(edited: str | None, parsed: str | None) -> str:
    # None means the editor never touched it; an empty string means they cleared it on purpose.
    return clean_line(parsed if edited is None else edited)


def signoff(letter: Any) -> str:
    """ "Name, Town": the editor's sign-off fields where set, else what the parser found; missing
    parts are left out. An email address in the name (no display name) is dropped."""
    name = _chosen(letter.signoff_name, letter.author_name)
    if EMAIL.search(name):
        name = clean_line(re.sub(r"[<>()\[\]\"]", " ", EMAIL.sub("", name)))
    location = without_emails(_chosen(letter.signoff_location, letter.author_location))
    return ", ".join(part for part in (name, location) if part)


@dataclass(frozen=True)
class PageLetter:
    """One letter as the page prints it, plus the letter itself for the desk formats."""

    letter: Any
    position: int              # 1-based place in the whole export, in printing order
    headline: str
    text: str                  # publication text, cleaned (emails still in: desk formats use it)
    signoff: str

    @property
    def public_text(self) -> str:
        return without_emails(self.text)

    @property
    def public_headline(self) -> str:
        return without_emails(self.headline)


@dataclass(frozen=True)
class AlsoReceived:
    """The editor's note on one group of an edition: letters received on the article, printed."""
    received: int
    printed: int


@dataclass(frozen=True)
class Group:
    title: str                 # the article's title, or OTHER_LETTERS
    slug: str | None
    letters: list[PageLetter]
    headline: str = ""         # an edition's headline over the group, printed instead of the title
    note: AlsoReceived | None = None     # editions only; never printed in the page's text

    @property
    def heading(self) -> str:
        return without_emails(self.headline) or self.title


def editor_note(groups: list[Group]) -> list[str]:
    """The "also received" lines of an edition's groups that carry a note: for the editor, set
    apart from the page in the publication formats that include it."""
    return [f"{g.title}: {g.note.received} letter{'s' if g.note.received != 1 else ''} received, "
            f"{g.note.printed} printed" for g in groups if g.note is not None]


def group_letters(letters: Iterable[Any]) -> list[Group]:
    """Letters grouped by article, in the editor's order.

    Articles appear in the order of their first letter in the editor's order (so the editor's
    ordering decides which article leads the page); letters without an article come last, under
    "Other letters". Positions are numbered 1..N through the groups, in printing order.
    """
    ordered = sorted(letters, key=editor_order_key)
    buckets: dict[Any, list[Any]] = {}
    titles: dict[Any, tuple[str, str | None]] = {}
    for letter in ordered:
        article = letter.article
        key = article.id if article is not None else None
        if key not in buckets:
            buckets[key] = []
            titles[key] = ((clean_line(article.title) or article.slug, article.slug)
                           if article is not None else (OTHER_LETTERS, None))
        buckets[key].append(letter)
    keys = [k for k in buckets if k is not None] + ([None] if None in buckets else [])
    groups, position = [], 0
    for key in keys:
        page_letters = []
        for letter in buckets[key]:
            position += 1
            page_letters.append(_page_letter(letter, position))
        title, slug = titles[key]
        groups.append(Group(title=title, slug=slug, letters=page_letters))
    return groups


def _page_letter(letter: Any, position: int) -> PageLetter:
    return PageLetter(letter=letter, position=position, headline=clean_line(letter.headline),
                      text=publication_text(letter), signoff=signoff(letter))


def group_edition(plan: Any, *, notes: bool = True) -> list[Group]:
    """An edition's groups as planned (``inbox.desk.planning.Plan``): printing order (the lead
    letter first), each group under its headline, with the "also received" note when ``notes``."""
    groups, position = [], 0
    for group in plan.groups:
        letters = []
        for entry in group.entries:
            position += 1
            letters.append(_page_letter(entry.letter, position))
        groups.append(Group(title=group.title, slug=group.slug, letters=letters,
                            headline=clean_line(group.headline), note=AlsoReceived(group.received, group.printed)
                            if notes else None))
    return groups

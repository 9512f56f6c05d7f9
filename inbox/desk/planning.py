"""The page as planned: an edition's letters in their order with the words each takes, the desk's
flags on each (over the limit, needs review, no town, frequent writer, printed recently), the
groups in printing order with their headlines, "also received" per article, the budget, and the
balance warnings. A read model: the planner, ``inbox editions list`` and the export read it.

Printing order: the lead letter first, then the others in the editor's order; letters are
grouped by article, articles in the order of their first letter in printing order (so the lead
letter's article leads the page). "Also received" per article: the readers' letters linked to
it, whatever their status (the trigger-kept ``stance_counts`` over every stance, a few rows),
against those in the edition.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox.desk.balance import NO_STANCE, StanceCounts, one_sided, stance_labels, stance_table
from inbox.desk.editions import get_edition, ordered_entries
from inbox.desk.reading import publication_words
from inbox.models import Edition, Kind, Letter, Status
from inbox.text import clean_line

OTHER_LETTERS = "Other letters"      # the heading of letters not linked to an article
FREQUENT_LETTERS, FREQUENT_DAYS = 3, 30      # this many letters in this many days: a frequent writer
RECENT_DAYS = 30                              # printed within this many days: printed recently


@dataclass
class PlanEntry:
    letter: Letter
    order: int                 # 1-based place in the editor's order
    lead: bool
    words: int                 # publication word count
    flags: list[str]
    regular: bool              # an earlier letter came from the same address

    @property
    def article_key(self) -> int:
        return self.letter.article_id or 0

    @property
    def stance(self) -> str:
        return self.letter.stance.value if self.letter.stance else NO_STANCE


@dataclass
class PlanGroup:
    article_key: int
    slug: str | None
    title: str                        # the article's title, or OTHER_LETTERS
    headline: str | None              # the editor's headline over the group
    entries: list[PlanEntry]
    received: int                     # "also received": letters that came in on the article
    labels: dict[str, str]
    stances: dict[str, StanceCounts]  # received / shortlisted / printed (in this edition) by stance
    one_sided: str | None = None      # the stance every printed letter takes while received is mixed

    @property
    def printed(self) -> int:
        return len(self.entries)

    @property
    def heading(self) -> str:
        return self.headline or self.title

    @property
    def warning(self) -> str | None:
        if self.one_sided is None:
            return None
        return (f"All {self.printed} letter(s) on “{self.title}” are {self.labels[self.one_sided]}, "
                f"but the {self.received} received are mixed.")


@dataclass
class Plan:
    edition: Edition
    entries: list[PlanEntry]          # the editor's order
    groups: list[PlanGroup]           # printing order
    word_limit: int
    writers: dict[str, int] = field(default_factory=dict)    # first-time / regular in the edition

    @property
    def words(self) -> int:
        return sum(e.words for e in self.entries)

    @property
    def budget(self) -> int:
        return self.edition.budget

    @property
    def over_budget(self) -> bool:
        return self.words > self.budget

    @property
    def printing_order(self) -> list[PlanEntry]:
        return [e for g in self.groups for e in g.entries]

    @property
    def lead(self) -> PlanEntry | None:
        return next((e for e in self.entries if e.lead), None)


def _flags(letters: list[Letter], words: dict[int, int], session: Session,
           word_limit: int) -> tuple[dict[int, list[str]], dict[int, bool]]:
    """The desk's flags on each letter, and whether its writer is a regular (one query: every
    letter from the same addresses, these included, with ``first_from_address`` as stored)."""
    emails = {l.author_email for l in letters if l.author_email}
    history: dict[str, list[tuple[int, Any, Any, Any]]] = {}
    first: dict[int, bool] = {}
    if emails:
        for row in session.execute(select(Letter.author_email, Letter.id, Letter.received_at, Letter.status,
                                          Letter.status_changed_at, Letter.first_from_address).where(
                Letter.author_email.in_(emails), Letter.kind == Kind.LETTER)):
            history.setdefault(row[0], []).append(tuple(row[1:5]))
            first[row[1]] = row[5]
    out = {}
    for letter in letters:
        flags = []
        if words[letter.id] > word_limit:
            flags.append(f"over the limit ({words[letter.id]}/{word_limit})")
        if letter.needs_review:
            flags.append("needs review")
        town = letter.signoff_location if letter.signoff_location is not None else letter.author_location
        name = letter.signoff_name if letter.signoff_name is not None else letter.author_name
        if not clean_line(name):
            flags.append("no name")
        if not clean_line(town):
            flags.append("no town")
        mine = history.get(letter.author_email or "", [])
        window = timedelta(days=FREQUENT_DAYS)
        recent = [r for r in mine if abs(r[1] - letter.received_at) <= window]
        if len(recent) >= FREQUENT_LETTERS:
            flags.append(f"frequent writer ({len(recent)} in {FREQUENT_DAYS} days)")
        if any(r[0] != letter.id and r[2] is Status.PUBLISHED and r[3] is not None
               and abs(r[3] - letter.received_at) <= timedelta(days=RECENT_DAYS) for r in mine):
            flags.append("printed recently")
        out[letter.id] = flags
    return out, {l.id: not first.get(l.id, True) for l in letters}


def plan_edition(session: Session, edition_id: int, *, word_limit: int) -> Plan:
    edition = get_edition(session, edition_id)
    entries = ordered_entries(edition)
    letters = [e.letter for e in entries]
    words = {l.id: publication_words(l) for l in letters}
    flags, regular = _flags(letters, words, session, word_limit)
    plan_entries = [PlanEntry(letter=e.letter, order=i, lead=e.lead, words=words[e.letter_id],
                              flags=flags[e.letter_id], regular=regular[e.letter_id])
                    for i, e in enumerate(entries, start=1)]
    printing = sorted(plan_entries, key=lambda e: not e.lead)       # stable: the rest keep their order
    buckets: dict[int, list[PlanEntry]] = {}
    for entry in printing:
        buckets.setdefault(entry.article_key, []).append(entry)
    headlines = {h.article_key: h.headline for h in edition.headlines}
    table = stance_table(session, [k or None for k in buckets])
    groups = []
    for key, group_entries in buckets.items():
        article = group_entries[0].letter.article
        stances = table[key or None]
        received = sum(c.received for c in stances.values())      # "also received": every stance
        for counts in stances.values():
            counts.printed = 0      # for an edition, "printed" is what this edition prints
        for entry in group_entries:
            stances[entry.stance].printed += 1
        group = PlanGroup(
            article_key=key, slug=article.slug if article else None,
            title=(clean_line(article.title) or article.slug) if article else OTHER_LETTERS,
            headline=headlines.get(key), entries=group_entries, received=received,
            labels=stance_labels(article), stances=stances)
        group.one_sided = one_sided(stances, [e.stance for e in group_entries])
        groups.append(group)
    writers = {"first-time": sum(not e.regular for e in plan_entries), "regular": sum(e.regular for e in plan_entries)}
    return Plan(edition=edition, entries=plan_entries, groups=groups, word_limit=word_limit, writers=writers)


def edition_summary(edition: Edition) -> dict[str, Any]:
    """An edition as ``inbox editions list`` prints it (and the Editions page lists it): from its
    entries alone, without the planner's flags and counts."""
    entries = ordered_entries(edition)
    words = sum(publication_words(e.letter) for e in entries)
    return {"id": edition.id, "date": edition.day.isoformat(), "title": edition.title,
            "budget": edition.budget, "words": words, "letters": [e.letter_id for e in entries],
            "status": edition.status.value, "lead": next((e.letter_id for e in entries if e.lead), None)}

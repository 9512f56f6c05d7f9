"""The editors' queue: letters by tab, article and search words, newest or oldest first, a page
at a time, plus the live counts per tab.

Pagination is by keyset on ``(received_at, id)``: the next page starts after the last row seen,
so page 2,000 costs what page 1 costs, and letters arriving meanwhile do not shift the pages.
The ``ix_letters_queue`` / ``ix_letters_article_queue`` indexes serve both the pages and the
counts. The Shortlisted tab can also be shown in the editors' own order (``Letter.position``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, func, literal, select, tuple_
from sqlalchemy.orm import Session, selectinload

from inbox.desk.articles import article_condition, article_key
from inbox.desk.ordering import editor_order_by
from inbox.desk.search import search_condition
from inbox.models import FLAGS, STATUSES, Flag, Kind, Letter, LetterCount, LetterFlag, Status

# A tab per status of readers' letters, and one for automated mail whatever its status.
AUTOMATED_TAB = Kind.AUTOMATED.value
TABS = (*STATUSES, AUTOMATED_TAB)
TAB_LABELS = {tab: tab.capitalize() for tab in TABS}
SORTS = ("newest", "oldest", "order")
PER_PAGE = 50
ORDER_LIMIT = 500      # the shortlist in the editors' order is shown whole (up to this)


@dataclass(frozen=True)
class QueueFilter:
    tab: str = "new"
    article: str | None = None     # a slug, "unassigned", or None for all
    q: str = ""
    sort: str = "newest"
    after: str | None = None       # the cursor: "<received_at iso>|<id>"
    flag: str | None = None        # a house-rule flag: only the letters carrying it

    def __post_init__(self):
        if self.flag not in FLAGS:
            object.__setattr__(self, "flag", None)
        if self.tab not in TABS:
            object.__setattr__(self, "tab", "new")
        if self.sort not in SORTS or (self.sort == "order" and self.tab != "shortlisted"):
            object.__setattr__(self, "sort", "newest")

    def query_args(self, *, page: bool = True) -> dict[str, str]:
        """The queue's state as URL query arguments (what a letter page carries to come back)."""
        args = {"tab": self.tab, "article": self.article, "q": self.q or None, "sort": self.sort,
                "after": self.after if page else None}
        return {k: v for k, v in args.items() if v}


@dataclass(frozen=True)
class QueuePage:
    letters: list[Letter]
    next_cursor: str | None


def _tab_condition(tab: str):
    if tab == AUTOMATED_TAB:
        return Letter.kind == Kind.AUTOMATED
    return and_(Letter.kind == Kind.LETTER, Letter.status == Status(tab))


def _flag_condition(flag: str | None):
    if flag is None:
        return None
    return Letter.id.in_(select(LetterFlag.letter_id).where(LetterFlag.code == Flag(flag)))


def encode_cursor(letter: Letter) -> str:
    return f"{letter.received_at.isoformat()}|{letter.id}"


def decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    if not cursor or "|" not in cursor:
        return None
    stamp, _, ident = cursor.rpartition("|")
    try:
        return datetime.fromisoformat(stamp), int(ident)
    except ValueError:
        return None


def queue_query(session: Session, f: QueueFilter) -> Select[tuple[Letter]]:
    query = select(Letter).options(selectinload(Letter.article), selectinload(Letter.rule_flags)).where(
        _tab_condition(f.tab))
    for cond in (article_condition(session, f.article), search_condition(session, f.q), _flag_condition(f.flag)):
        if cond is not None:
            query = query.where(cond)
    return query


def fetch_page(session: Session, f: QueueFilter, *, per_page: int = PER_PAGE) -> QueuePage:
    query = queue_query(session, f)
    if f.sort == "order":
        query = query.order_by(*editor_order_by())
        return QueuePage(list(session.scalars(query.limit(ORDER_LIMIT))), None)
    key = tuple_(Letter.received_at, Letter.id)
    cursor = decode_cursor(f.after)
    if cursor:   # bound with the column's own type, so SQLite compares like with like
        cursor = (literal(cursor[0], Letter.received_at.type), literal(cursor[1]))
    if f.sort == "oldest":
        if cursor:
            query = query.where(key > tuple_(*cursor))
        query = query.order_by(Letter.received_at, Letter.id)
    else:
        if cursor:
            query = query.where(key < tuple_(*cursor))
        query = query.order_by(Letter.received_at.desc(), Letter.id.desc())
    rows = list(session.scalars(query.limit(per_page + 1)))
    more = len(rows) > per_page
    rows = rows[:per_page]
    return QueuePage(rows, encode_cursor(rows[-1]) if more and rows else None)


def neighbours(session: Session, f: QueueFilter, letter: Letter) -> tuple[int | None, int | None]:
    """The letters before and after ``letter`` in the queue ``f`` (its tab, article, search and
    order), whether or not the letter itself is still in that queue: ids, or None at either end."""
    if f.sort == "order":
        ids = list(session.scalars(queue_query(session, f).with_only_columns(Letter.id)
                                   .order_by(*editor_order_by()).limit(ORDER_LIMIT)))
        if letter.id not in ids:
            return None, (ids[0] if ids else None)
        i = ids.index(letter.id)
        return (ids[i - 1] if i else None), (ids[i + 1] if i + 1 < len(ids) else None)
    key = tuple_(Letter.received_at, Letter.id)
    here = tuple_(literal(letter.received_at, Letter.received_at.type), literal(letter.id))
    out = []
    for forward in (False, True):     # the one before, then the one after, in the queue's order
        query = queue_query(session, f).with_only_columns(Letter.id)
        if (f.sort == "oldest") == forward:
            query = query.where(key > here).order_by(Letter.received_at, Letter.id)
        else:
            query = query.where(key < here).order_by(Letter.received_at.desc(), Letter.id.desc())
        out.append(session.scalar(query.limit(1)))
    return out[0], out[1]


def still_in(session: Session, f: QueueFilter, ids: list[int]) -> set[int]:
    """Which of ``ids`` are still in the queue ``f`` (the others were decided meanwhile)."""
    if not ids:
        return set()
    return set(session.scalars(queue_query(session, f).with_only_columns(Letter.id).where(Letter.id.in_(ids))))


def matching_count(session: Session, f: QueueFilter) -> int:
    """How many letters the queue ``f`` holds (its tab, article and search), all pages. Without
    search words, that is the trigger-kept count of the tab: no rows to count."""
    if not f.q:
        return tab_counts(session, article=None if f.article == "all" else f.article)[f.tab]
    query = queue_query(session, f).with_only_columns(func.count(Letter.id)).order_by(None)
    return session.scalar(query) or 0


def page_span(session: Session, f: QueueFilter, page: QueuePage) -> tuple[int, int, int]:
    """Where the page is in its queue: (first, last, total), e.g. (51, 100, 2015)."""
    total = matching_count(session, f)
    if not page.letters:
        return 0, 0, total
    before = 0
    cursor = decode_cursor(f.after)
    if cursor and f.sort != "order":
        key = tuple_(Letter.received_at, Letter.id)
        bound = tuple_(literal(cursor[0], Letter.received_at.type), literal(cursor[1]))
        cond = key <= bound if f.sort == "oldest" else key >= bound
        before = session.scalar(queue_query(session, f).with_only_columns(func.count(Letter.id))
                                .where(cond).order_by(None)) or 0
    return before + 1, before + len(page.letters), total


def tab_counts(session: Session, *, article: str | None = None) -> dict[str, int]:
    """Letters per tab, from the counts the database keeps by trigger (``letter_counts``): a few
    rows whatever the number of letters."""
    query = select(LetterCount.kind, LetterCount.status, func.sum(LetterCount.n)).group_by(
        LetterCount.kind, LetterCount.status)
    if article:   # unassigned letters are counted under article 0
        query = query.where(LetterCount.article_key == (article_key(session, article) or 0))
    counts = dict.fromkeys(TABS, 0)
    for kind, status, n in session.execute(query):
        if kind == Kind.AUTOMATED.value:
            counts[AUTOMATED_TAB] += int(n or 0)
        else:
            counts[status] += int(n or 0)
    return counts


def newest_id(session: Session) -> int:
    return session.scalar(select(func.max(Letter.id))) or 0


def arrived_since(session: Session, since_id: int) -> int:
    """Letters (not automated mail) that arrived after the letter ``since_id``."""
    return session.scalar(select(func.count()).select_from(Letter).where(
        Letter.id > since_id, Letter.kind == Kind.LETTER)) or 0


_SALUTATION = re.compile(r"^(dear\b.{0,40}|sir|madam|sir or madam|sir/madam|editor|to the editor|hello|hi)[,:.!]?$",
                         re.IGNORECASE)


def first_line(text: str | None, limit: int = 160) -> str:
    """The first line that says something: blank lines and a "Sir," or "Dear Editor," skipped."""
    fallback = ""
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if _SALUTATION.match(line):
            fallback = fallback or line
            continue
        return line if len(line) <= limit else line[:limit - 1] + "…"
    return fallback


def other_letters(session: Session, letter: Letter, limit: int = 20) -> list[Letter]:
    if not letter.author_email:
        return []
    return list(session.scalars(select(Letter).where(
        Letter.author_email == letter.author_email, Letter.id != letter.id).order_by(
        Letter.received_at.desc()).limit(limit)))

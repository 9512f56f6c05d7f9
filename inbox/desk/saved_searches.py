"""An editor's saved searches: a tab, an article filter, search words and an order under a name,
listed with how many letters each matches now."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inbox.desk import queue
from inbox.models import SavedSearch, User
from inbox.text import clean_line

MAX_SAVED = 30


class SavedSearchError(ValueError):
    pass


def as_filter(saved: SavedSearch) -> queue.QueueFilter:
    return queue.QueueFilter(tab=saved.tab, article=saved.article, q=saved.q, sort=saved.sort)


def save(session: Session, user: User, name: str, f: queue.QueueFilter) -> SavedSearch:
    """Save the queue ``f`` (without its page) as ``name``; the same name again replaces it."""
    name = clean_line(name)[:100]
    if not name:
        raise SavedSearchError("Give the search a name.")
    saved = session.scalar(select(SavedSearch).where(SavedSearch.user_id == user.id, SavedSearch.name == name))
    if saved is None:
        if session.scalar(select(func.count()).select_from(SavedSearch).where(SavedSearch.user_id == user.id)) >= MAX_SAVED:
            raise SavedSearchError(f"You have {MAX_SAVED} saved searches already: remove one first.")
        saved = SavedSearch(user_id=user.id, name=name)
        session.add(saved)
    saved.tab, saved.article, saved.q, saved.sort = f.tab, f.article, f.q, f.sort
    session.flush()
    return saved


def remove(session: Session, user: User, saved_id: int) -> None:
    saved = session.get(SavedSearch, saved_id)
    if saved is None or saved.user_id != user.id:
        raise SavedSearchError("There is no such saved search.")
    session.delete(saved)
    session.flush()


def list_with_counts(session: Session, user: User) -> list[tuple[SavedSearch, int]]:
    """The editor's saved searches by name, each with the number of letters it matches now."""
    searches = session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.name))
    return [(s, queue.matching_count(session, as_filter(s))) for s in searches]

"""The tab counts kept by triggers always equal a count of the letters themselves."""
from __future__ import annotations

import random

from sqlalchemy import delete, func, select

from inbox.desk import queue
from inbox.desk.articles import load_seeds
from inbox.db import transaction
from inbox.models import Article, Kind, Letter, Message, Status
from inbox.resources import resource_dir


def counted(session, article_id=None, unassigned=False) -> dict[str, int]:
    query = select(Letter.kind, Letter.status, func.count()).group_by(Letter.kind, Letter.status)
    if unassigned:
        query = query.where(Letter.article_id.is_(None))
    elif article_id is not None:
        query = query.where(Letter.article_id == article_id)
    counts = dict.fromkeys(queue.TABS, 0)
    for kind, status, n in session.execute(query):
        counts["automated" if kind is Kind.AUTOMATED else status.value] += n
    return counts


def test_counts_follow_inserts_updates_relinks_and_deletes(db):
    rng = random.Random(3)
    with transaction(db.factory) as s:
        load_seeds(s, resource_dir("seeds"))
        other = Article(slug="other", title="Other", body="")
        s.add(other)
        s.flush()
        article_ids = [a.id for a in s.scalars(select(Article))] + [None]
        for i in range(60):
            message = Message(fingerprint=f"{i:064d}", raw=b"x", size=1, mail_from="a@x.org", rcpt_tos=[])
            s.add(message)
            s.flush()
            s.add(Letter(message_pk=message.id, kind=rng.choice(list(Kind)), status=rng.choice(list(Status)),
                         article_id=rng.choice(article_ids)))
    for _ in range(3):
        with transaction(db.factory) as s:
            letters = list(s.scalars(select(Letter)))
            for letter in rng.sample(letters, 20):
                letter.status = rng.choice(list(Status))
                letter.article_id = rng.choice(article_ids)
                letter.kind = rng.choice(list(Kind))
            s.execute(delete(Letter).where(Letter.id == rng.choice(letters).id))
    with db.factory() as s:
        slugs = {a.id: a.slug for a in s.scalars(select(Article))}
        assert queue.tab_counts(s) == counted(s)
        assert queue.tab_counts(s, article="unassigned") == counted(s, unassigned=True)
        for article_id, slug in slugs.items():
            assert queue.tab_counts(s, article=slug) == counted(s, article_id=article_id)
        assert sum(queue.tab_counts(s).values()) == s.scalar(select(func.count()).select_from(Letter))

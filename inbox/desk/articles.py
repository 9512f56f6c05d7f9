"""The magazine's articles: the seed documents, and looking an article up by its slug.

A seed document is a header block (``Slug:``, ``Title:``, ``URL:``, ``Published:``,
``Publication:``; other keys are notes for people) then a blank line and the body verbatim.

``article_by_slug`` and ``article_condition`` are the one way to find an article from a slug,
for the CLI, the queue and export alike (``"unassigned"`` means letters linked to none).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from inbox.models import Article, Letter, utcnow

UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class SeedDocument:
    slug: str
    title: str
    url: str | None
    published_on: date | None
    publication: str
    body: str


def read_seed(path: Path) -> SeedDocument:
    text = path.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    meta = {}
    for line in head.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            meta[key.strip().lower()] = value.strip()
    if not meta.get("slug") or not meta.get("title"):
        raise ValueError(f"{path}: a seed document needs Slug: and Title: headers")
    published = meta.get("published")
    return SeedDocument(
        slug=meta["slug"], title=meta["title"], url=meta.get("url") or None,
        published_on=date.fromisoformat(published) if published else None,
        publication=meta.get("publication") or "Reaction", body=body)


def load_seeds(session: Session, folder: Path) -> list[Article]:
    """Insert or update every seed document in ``folder``; running it twice changes nothing."""
    articles = []
    for path in sorted(folder.glob("*.txt")):
        doc = read_seed(path)
        article = session.scalar(select(Article).where(Article.slug == doc.slug))
        if article is None:
            article = Article(slug=doc.slug)
            session.add(article)
        fields = dict(title=doc.title, url=doc.url, published_on=doc.published_on,
                      publication=doc.publication, body=doc.body)
        if any(getattr(article, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(article, key, value)
            article.updated_at = utcnow()
        articles.append(article)
    session.flush()
    return articles


def article_by_slug(session: Session, slug: str) -> Article | None:
    return session.scalar(select(Article).where(Article.slug == slug))


def article_key(session: Session, article: str) -> int | None:
    """The id to filter on for a slug: None for ``"unassigned"``, -1 (matching nothing) for an
    unknown slug."""
    if article == UNASSIGNED:
        return None
    article_id = session.scalar(select(Article.id).where(Article.slug == article))
    return article_id if article_id is not None else -1


def article_condition(session: Session, article: str | None) -> ColumnElement[bool] | None:
    """A WHERE condition on ``letters`` for an article filter (a slug, ``"unassigned"``, or
    None / ``"all"`` for no filter)."""
    if not article or article == "all":
        return None
    key = article_key(session, article)
    return Letter.article_id.is_(None) if key is None else Letter.article_id == key


def list_articles(session: Session) -> list[Article]:
    """Newest first."""
    return list(session.scalars(select(Article).order_by(Article.published_on.desc(), Article.title)))

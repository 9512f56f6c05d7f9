"""The magazine's articles: the service that adds, updates, retires and lists them (for the CLI,
the admin page, feeds and the CMS API alike), the seed documents, and finding one by its slug.

An article is created or updated by its URL (in any of its forms: inbox/urlforms.py), or by its
feed guid; its slug comes from the title unless given, and is unique. Every change is audited.

A seed document is a header block (``Slug:``, ``Title:``, ``URL:``, ``Published:``,
``Publication:``; other keys are notes for people) then a blank line and the body verbatim.

``article_by_slug`` and ``article_condition`` are the one way to find an article from a slug,
for the CLI, the queue and export alike (``"unassigned"`` means letters linked to none).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from slugify import slugify
from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from inbox.desk.audit import Actor, record
from inbox.enums import Kind
from inbox.models import Article, Letter, LetterCount, utcnow
from inbox.text import clean_line, clean_text
from inbox.urlforms import url_key, without_tracking

UNASSIGNED = "unassigned"
SOURCES = ("seed", "feed", "editor", "cli", "api")


class ArticleError(ValueError):
    """A request the service refuses (message fit for the user)."""


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


def _seed_fields(doc: SeedDocument) -> dict:
    return dict(title=doc.title, url=doc.url, url_key=url_key(doc.url), published_on=doc.published_on,
                publication=doc.publication, body=doc.body)


def seeds_current(session: Session, folder: Path) -> bool:
    """Whether every seed document in ``folder`` is already stored as it reads: one read query,
    so that a command's start need not take the write lock to find nothing to change."""
    docs = [read_seed(path) for path in sorted(folder.glob("*.txt"))]
    stored = {a.slug: a for a in session.scalars(select(Article).where(Article.slug.in_([d.slug for d in docs])))}
    return all(d.slug in stored and all(getattr(stored[d.slug], k) == v for k, v in _seed_fields(d).items())
               for d in docs)


def load_seeds(session: Session, folder: Path) -> list[Article]:
    """Insert or update every seed document in ``folder``; running it twice changes nothing."""
    articles = []
    for path in sorted(folder.glob("*.txt")):
        doc = read_seed(path)
        article = session.scalar(select(Article).where(Article.slug == doc.slug))
        if article is None:
            article = Article(slug=doc.slug)
            session.add(article)
        fields = _seed_fields(doc)
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


def list_articles(session: Session, *, include_retired: bool = True) -> list[Article]:
    """Newest first."""
    query = select(Article).order_by(Article.published_on.desc(), Article.title)
    if not include_retired:
        query = query.where(Article.retired.is_(False))
    return list(session.scalars(query))


FIND_LIMIT = 20


def find_articles(session: Session, words: str, *, limit: int = FIND_LIMIT) -> list[Article]:
    """The article picker's matches, newest first: a URL in any of its forms finds its article;
    otherwise every word must occur in the headline, slug or URL (case-insensitively). Blank
    finds the newest. Never the whole list: the picker shows ``limit`` at most."""
    words = words.strip()[:300]
    query = select(Article).order_by(Article.published_on.desc().nulls_last(), Article.id.desc()).limit(limit)
    key = url_key(words) if ("/" in words or "." in words) and " " not in words else None
    if key:
        by_url = list(session.scalars(query.where(or_(Article.url_key == key, Article.short_key == key))))
        if by_url:
            return by_url
    for word in words.lower().split()[:8]:
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(*(func.lower(column).like(pattern, escape="\\")
                                  for column in (Article.title, Article.slug, Article.url))))
    return list(session.scalars(query))


def letter_counts(session: Session) -> dict[int, int]:
    """Letters (not automated mail) per article id, from the trigger-kept counts table."""
    rows = session.execute(select(LetterCount.article_key, func.sum(LetterCount.n))
                           .where(LetterCount.kind == Kind.LETTER.value, LetterCount.article_key != 0)
                           .group_by(LetterCount.article_key))
    return {key: int(n or 0) for key, n in rows}


def article_dict(article: Article, letters: int) -> dict:
    """The public description of an article: ``inbox articles list`` and the API."""
    return {"slug": article.slug, "title": article.title, "url": article.url,
            "published_at": article.published_on.isoformat() if article.published_on else None,
            "letters": letters, "retired": article.retired}


def unique_slug(session: Session, wanted: str, *, exclude_id: int | None = None) -> str:
    """``wanted`` as a slug, with -2, -3... appended while another article has it."""
    base = slugify(wanted, max_length=180, word_boundary=True) or "article"
    taken = set(session.scalars(select(Article.slug).where(
        or_(Article.slug == base, Article.slug.like(f"{base}-%")),
        Article.id != (exclude_id or 0))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def find_article(session: Session, *, url: str | None = None, guid: str | None = None) -> Article | None:
    """The article with this feed guid, or whose URL (or short link) is this URL in any form."""
    if guid:
        found = session.scalar(select(Article).where(Article.guid == guid))
        if found is not None:
            return found
    key = url_key(url)
    if key is None:
        return None
    return session.scalar(select(Article).where(or_(Article.url_key == key, Article.short_key == key))
                          .order_by(Article.id))


def save_article(session: Session, *, url: str, title: str, actor: Actor, source: str,
                 slug: str | None = None, published_on: date | None = None, body: str | None = None,
                 summary: str | None = None, guid: str | None = None,
                 short_url: str | None = None) -> tuple[Article, str]:
    """Create the article with this URL (or guid), or update it: returns it and ``"created"``,
    ``"updated"`` or ``"unchanged"``. Fields left as None keep their value. Text is cleaned of
    control characters (PostgreSQL refuses NUL; none belongs in an article anyway)."""
    title, url = clean_line(title), clean_line(url)
    body = clean_text(body) if body is not None else None
    summary = clean_text(summary) if summary is not None else None
    guid, short_url = clean_line(guid) or None, clean_line(short_url) or None
    if not title:
        raise ArticleError("An article needs a title.")
    if url_key(url) is None:
        raise ArticleError(f"{url!r} is not a web address.")
    article = find_article(session, url=url, guid=guid)
    outcome, renamed = "updated", False
    if article is None:
        article = Article(slug=_free_slug(session, slug, 0) if slug else unique_slug(session, title),
                          source=source, body="", summary="", publication="Reaction", retired=False,
                          created_at=utcnow())
        session.add(article)
        outcome = "created"
    elif slug and slugify(slug) != article.slug:
        article.slug, renamed = _free_slug(session, slug, article.id), True
    # The address as first given stays while it is the same page (a reader-facing form of it,
    # with tracking parameters, must not replace it); a guid match with a moved link updates it.
    same_page = article.url and url_key(article.url) == url_key(url)
    fields = {"title": title[:500], "url": None if same_page else without_tracking(url)[:1000], "url_key": url_key(url),
              "published_on": published_on, "body": body, "summary": summary, "guid": guid,
              "short_url": short_url, "short_key": url_key(short_url)}
    before = _changes(article, fields)
    if outcome == "updated" and not before and not renamed:
        return article, "unchanged"
    for key, value in fields.items():
        if value is not None:
            setattr(article, key, value)
    article.updated_at = utcnow()
    session.flush()
    record(session, actor, f"article.{'create' if outcome == 'created' else 'update'}",
           before=before if outcome == "updated" else None,
           after={"slug": article.slug, "url": article.url, "title": article.title, "source": source})
    return article, outcome


def _free_slug(session: Session, slug: str, article_id: int) -> str:
    wanted = slugify(slug, max_length=180) or "article"
    other = session.scalar(select(Article.id).where(Article.slug == wanted, Article.id != article_id))
    if other is not None:
        raise ArticleError(f"The slug {wanted!r} is taken by another article.")
    return wanted


def _changes(article: Article, fields: dict) -> dict:
    """The current values of the fields that ``fields`` would change (for the audit: the texts
    by their length, not a copy of a whole article)."""
    changed = {k: getattr(article, k) for k, value in fields.items()
               if value is not None and getattr(article, k) != value}
    return {k: (v.isoformat() if isinstance(v, date) else f"{len(v or '')} characters" if k in ("body", "summary") else v)
            for k, v in changed.items()}


def edit_article(session: Session, article: Article, *, title: str, url: str | None, slug: str,
                 published_on: date | None, body: str, actor: Actor) -> None:
    """The admin page's edit: every field as given (a URL may be cleared)."""
    title, url, body = clean_line(title), clean_line(url) or None, clean_text(body)
    if not title:
        raise ArticleError("An article needs a title.")
    if url and url_key(url) is None:
        raise ArticleError(f"{url!r} is not a web address.")
    if url and (other := find_article(session, url=url)) is not None and other.id != article.id:
        raise ArticleError(f"Another article ({other.slug}) has that address.")
    fields = {"title": title[:500], "url": url or None, "url_key": url_key(url), "published_on": published_on,
              "body": body, "slug": _free_slug(session, slug or title, article.id)}
    before = {k: (v.isoformat() if isinstance(v, date) else v)
              for k, v in ((k, getattr(article, k)) for k in fields) if k != "url_key"}
    for key, value in fields.items():
        setattr(article, key, value)
    article.updated_at = utcnow()
    session.flush()
    record(session, actor, "article.update", before=before,
           after={"slug": article.slug, "url": article.url, "title": article.title})


def set_retired(session: Session, article: Article, retired: bool, *, actor: Actor) -> None:
    """A retired article keeps its letters but is no longer offered for linking new ones."""
    if article.retired == retired:
        return
    article.retired = retired
    article.updated_at = utcnow()
    record(session, actor, "article.retire" if retired else "article.restore",
           before={"slug": article.slug, "retired": not retired}, after={"slug": article.slug, "retired": retired})

"""Linking: deciding which article a letter answers.

In order: the plus-address (``letters+<slug>@``); then the article's URL in any of its forms in
the subject, In-Reply-To/References or body; then its headline or slug written there; then the
likeness of the letter's words to each article's, ranked by the database's full-text engine with
a prior for recent articles (inbox/pipeline/ranking.py). With a single article every letter
links to it; retired articles are never chosen.

A letter naming two articles links to the one it weighs towards (a URL outweighs a headline; among
articles named alike, the one the letter discusses when it says next to nothing of the other:
NAMED_CLOSE_RATIO), the other recorded as a suggestion; when they weigh the same the letter stays
unassigned and they are all suggestions for an editor.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inbox.models import Article, LinkMethod
from inbox.pipeline.ranking import DatabaseRanker, MemoryRanker, TermStats
from inbox.pipeline.references import ArticleRef, ReferenceFinder
from inbox.urlforms import URL_IN_TEXT

MAX_SUGGESTIONS = 3
# Naming two articles the same way (two URLs, two headlines) says both matter: they weigh the same
# unless the letter says next to nothing of one of them (its likeness to the letter under a tenth
# of the other's: only pasted, or sharing a topic word or two). Then the letter is about the other;
# otherwise it stays unassigned with both suggested, for an editor's one click. A looser ratio
# (0.5 before) linked half the letters that discuss both alike to whichever the wording tilted to.
NAMED_CLOSE_RATIO = 0.1
SIGNOFF_WORDS = 5       # a trailing line this short is a sign-off, not part of the argument

# database URL -> (version of the articles, slugs, references, term statistics): ArticleIndex.load.
_CACHE: dict[str, tuple[tuple, dict[int, str], ReferenceFinder, TermStats]] = {}


@dataclass(frozen=True)
class Link:
    article_id: int | None
    method: LinkMethod
    suggestions: tuple[dict, ...] = ()


def without_signoff(body: str) -> str:
    """The body less its last short lines (name, town, "Yours faithfully")."""
    lines = body.rstrip().split("\n")
    while lines and len(lines[-1].split()) <= SIGNOFF_WORDS:
        lines.pop()
    return "\n".join(lines) if lines else body


class ArticleIndex:
    """What linking needs to know about the articles. Built from a list (a few articles, ranked
    in memory) or loaded for a session (ranked by the database)."""

    def __init__(self, articles: list, *, ranker=None):
        live = [a for a in articles if not getattr(a, "retired", False)]
        self.slugs = {a.id: a.slug for a in live}
        self.refs = ReferenceFinder(ArticleRef(a.id, a.slug, a.title, a.url, getattr(a, "short_url", None))
                                    for a in live)
        self.ranker = ranker or MemoryRanker(live)
        self._bodies = {a.id: getattr(a, "body", "") or "" for a in live}
        self._session: Session | None = None

    @classmethod
    def load(cls, session: Session) -> "ArticleIndex":
        """The index of the current articles for this session. Slugs, URLs, headlines and the term
        statistics are read again only when an article was added or changed (the newest id or
        update time differ: two index lookups; a count would scan the table, 8 ms on PostgreSQL
        at 10,000 articles). Articles are retired, never deleted: no code path deletes one."""
        version = tuple(session.execute(select(func.max(Article.id), func.max(Article.updated_at))).one())
        key = str(session.bind.url)
        cached = _CACHE.get(key)
        if cached is None or cached[0] != version:
            rows = [ArticleRef(*r) for r in session.execute(
                select(Article.id, Article.slug, Article.title, Article.url, Article.short_url)
                .where(Article.retired.is_(False)).order_by(Article.id))]
            cached = (version, {r.id: r.slug for r in rows}, ReferenceFinder(rows), TermStats.load(session))
            _CACHE[key] = cached
        index = cls.__new__(cls)
        index.slugs, index.refs, index.ranker = cached[1], cached[2], DatabaseRanker(session, cached[3])
        index._bodies, index._session = {}, session
        return index

    def article_text(self, article_id: int) -> str:
        """The article's text (read once per index: a batch's letters answer few articles), so
        the parser can tell a pasted copy of it from the reader's letter."""
        if article_id not in self._bodies and self._session is not None:
            self._bodies[article_id] = self._session.scalar(
                select(Article.body).where(Article.id == article_id)) or ""
        return self._bodies.get(article_id, "")

    def link(self, *, plus_tags: list[str], subject: str, body: str, reply_refs: list[str],
             received_at: datetime | None = None) -> Link:
        for tag in plus_tags:
            if (aid := self.refs.by_slug.get(tag.lower())) is not None:
                return Link(aid, LinkMethod.PLUS_ADDRESS)
        if not self.slugs:
            return Link(None, LinkMethod.NONE)
        if len(self.slugs) == 1:
            return Link(next(iter(self.slugs)), LinkMethod.ONLY_ARTICLE)
        haystack = "\n".join([subject, " ".join(reply_refs), body])
        by_address = self.refs.by_address(haystack)
        by_name = [a for a in self.refs.by_name(haystack) if a not in by_address]
        # Ranked without its URLs and its sign-off: a pasted address's words are not what the
        # letter says, and a reader's name and town are not its subject.
        text = URL_IN_TEXT.sub(" ", f"{subject}\n{without_signoff(body)}")
        for named in (by_address, by_name):
            if len(named) == 1:
                others = [a for a in (*by_address, *by_name) if a != named[0]]
                return Link(named[0], LinkMethod.REFERENCE, self._suggest(others))
            if named:
                return self._choose(self.ranker.rank(text, among=named, now=received_at), named)
        return self._choose(self.ranker.rank(text, now=received_at), [])

    def _choose(self, scores: list[tuple[int, float]], named: list[int]) -> Link:
        """The best-ranked article if it stands out; otherwise unassigned with the candidates."""
        ranked = dict(scores)
        candidates = sorted(set(ranked) | set(named), key=lambda a: -ranked.get(a, 0.0))
        suggestions = tuple({"slug": self.slugs[a], "score": round(ranked.get(a, 0.0), 3)}
                            for a in candidates[:MAX_SUGGESTIONS] if a in self.slugs)
        best = ranked.get(candidates[0], 0.0) if candidates else 0.0
        runner_up = ranked.get(candidates[1], 0.0) if len(candidates) > 1 else 0.0
        minimum = 0.0 if named else self.ranker.minimum     # a named article needs no likeness floor
        close = NAMED_CLOSE_RATIO if named else self.ranker.close_ratio
        if candidates and best > minimum and runner_up < close * best:
            method = LinkMethod.REFERENCE if named else LinkMethod.SIMILARITY
            return Link(candidates[0], method, suggestions[1:])
        return Link(None, LinkMethod.NONE, suggestions)

    def _suggest(self, ids: list[int]) -> tuple[dict, ...]:
        return tuple({"slug": self.slugs[a]} for a in ids[:MAX_SUGGESTIONS] if a in self.slugs)

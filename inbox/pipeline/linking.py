"""Linking: deciding which article a letter answers.

Linking tries, in order: the plus-address (``letters+<slug>@``), then a reference to an article
(its URL, slug or title) in the subject, In-Reply-To/References or body, then the similarity of
the letter's words to each article's words. With a single article every letter links to it. When
the best candidates are about as good as each other the letter stays unassigned and the
candidates are recorded as suggestions for an editor.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox.models import Article, LinkMethod

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Words too common to say anything about which article a letter answers.
_STOP = frozenset("""
the and for that this with from have has had was were are not but you your our his her its their
they them what which who whom will would could should can may might must shall been being into
about after before over under than then there here when where while also only just more most
such some any all each other very much many one two three sir madam dear yours faithfully
sincerely regards letter editor article reaction write writing wrote said says say like
""".split())
SIMILARITY_MIN = 0.08      # below this a letter does not resemble an article at all
CLOSE_RATIO = 0.8          # a runner-up this close to the best makes the choice ambiguous


# database URL -> ((URL, article ids and update times), index): see ArticleIndex.load.
_INDEX_CACHE: dict[str, tuple[tuple, "ArticleIndex"]] = {}


@dataclass(frozen=True)
class Link:
    article_id: int | None
    method: LinkMethod
    suggestions: tuple[dict, ...] = ()


def _terms(text: str) -> Counter:
    return Counter(w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP)


def _normalise_url(url: str) -> str:
    return re.sub(r"^https?://(www\.)?", "", url.strip().lower()).rstrip("/")


class ArticleIndex:
    """What linking needs to know about the articles, built once per batch of letters."""

    def __init__(self, articles: list[Article]):
        self.by_slug = {a.slug.lower(): a.id for a in articles}
        self.slugs = {a.id: a.slug for a in articles}
        self._refs = [(a.id, [r for r in (a.slug.lower(), a.title.lower(),
                                          _normalise_url(a.url) if a.url else None) if r])
                      for a in articles]
        counts = {a.id: _terms(f"{a.title} {a.body}") for a in articles}
        df = Counter(t for c in counts.values() for t in c)
        n = len(articles)
        # Smoothed idf so that with one or two articles shared words still count a little.
        self._idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
        self._vectors = {aid: self._weigh(c) for aid, c in counts.items()}

    @classmethod
    def load(cls, session: Session) -> "ArticleIndex":
        """The index of the current articles; rebuilt only when an article changed, because
        weighing every article's words for every batch of letters is wasted work."""
        key = (str(session.bind.url), tuple(session.execute(select(Article.id, Article.updated_at)
                                                            .order_by(Article.id)).all()))
        cached = _INDEX_CACHE.get(key[0])
        if cached is None or cached[0] != key:
            cached = (key, cls(list(session.scalars(select(Article).order_by(Article.id)))))
            _INDEX_CACHE[key[0]] = cached
        return cached[1]

    def _weigh(self, counts: Counter) -> dict[str, float]:
        vec = {t: (1 + math.log(c)) * self._idf.get(t, 0.0) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items() if v}

    def similarity(self, text: str) -> list[tuple[int, float]]:
        vec = self._weigh(_terms(text))
        scores = [(aid, sum(w * av.get(t, 0.0) for t, w in vec.items())) for aid, av in self._vectors.items()]
        return sorted(scores, key=lambda s: -s[1])

    def link(self, *, plus_tags: list[str], subject: str, body: str, reply_refs: list[str]) -> Link:
        for tag in plus_tags:
            if (aid := self.by_slug.get(tag.lower())) is not None:
                return Link(aid, LinkMethod.PLUS_ADDRESS)
        if not self.slugs:
            return Link(None, LinkMethod.NONE)
        haystack = "\n".join([subject, " ".join(reply_refs), body]).lower()
        referenced = [aid for aid, refs in self._refs if any(_mentions(haystack, r) for r in refs)]
        if len(referenced) == 1:
            return Link(referenced[0], LinkMethod.REFERENCE)
        if len(self.slugs) == 1:
            return Link(next(iter(self.slugs)), LinkMethod.ONLY_ARTICLE)
        scores = [(aid, s) for aid, s in self.similarity(f"{subject}\n{body}")
                  if not referenced or aid in referenced]
        suggestions = tuple({"slug": self.slugs[aid], "score": round(s, 3)} for aid, s in scores[:3])
        best = scores[0] if scores else (None, 0.0)
        runner_up = scores[1][1] if len(scores) > 1 else 0.0
        if best[1] >= SIMILARITY_MIN and runner_up < CLOSE_RATIO * best[1]:
            return Link(best[0], LinkMethod.SIMILARITY, suggestions)
        return Link(None, LinkMethod.NONE, suggestions)


def _mentions(haystack: str, ref: str) -> bool:
    if len(ref) < 4 or ref not in haystack:   # the plain substring test first: most letters fail it
        return False
    # Whole-word match, so the slug "china" would not match "chinaware".
    return re.search(r"(?<![\w-])" + re.escape(ref) + r"(?![\w-])", haystack) is not None

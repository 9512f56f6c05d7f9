"""Finding the articles a letter names: by URL (any of its forms, inbox/urlforms.py), by the slug
written out (``blinken-beijing``, e.g. in a newsletter's Message-ID), or by the headline.

Built once per change of the articles and answered by dictionary lookups, never by testing
every article: a letter's text is scanned once, each position looked up by its first two words.
"""
from __future__ import annotations

import html
import re
from collections import defaultdict
from typing import Iterable, NamedTuple

from inbox.urlforms import url_key, url_keys_in

_TOKEN = re.compile(r"[^\W_]+")
_HYPHENATED = re.compile(r"(?<![\w-])[^\W_]+(?:-[^\W_]+)+(?![\w-])")
MIN_HEADLINE_WORDS = 3      # a two-word headline ("The budget") occurs in letters by chance


class ArticleRef(NamedTuple):
    id: int
    slug: str
    title: str
    url: str | None
    short_url: str | None


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(html.unescape(text).lower().replace("\u2019", "'"))


class ReferenceFinder:
    def __init__(self, articles: Iterable[ArticleRef]):
        self.by_url: dict[str, int] = {}
        self.by_slug: dict[str, int] = {}
        self._headlines: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] = defaultdict(list)
        for a in articles:
            for key in (url_key(a.short_url), url_key(a.url)):   # the canonical URL wins a clash
                if key:
                    self.by_url[key] = a.id
            self.by_slug[a.slug.lower()] = a.id
            words = tuple(_tokens(a.title))
            if len(words) >= MIN_HEADLINE_WORDS:
                self._headlines[words[:2]].append((words, a.id))

    def by_address(self, text: str) -> list[int]:
        return _unique(self.by_url[k] for k in url_keys_in(text) if k in self.by_url)

    def by_name(self, text: str) -> list[int]:
        """Articles whose slug (hyphenated, as a whole word) or headline (as a run of words) the
        text contains."""
        found = [self.by_slug[s] for s in (m.group(0).lower() for m in _HYPHENATED.finditer(text))
                 if "-" in s and s in self.by_slug]
        words = _tokens(text)
        for i in range(len(words) - 1):
            for headline, aid in self._headlines.get((words[i], words[i + 1]), ()):
                if tuple(words[i:i + len(headline)]) == headline:
                    found.append(aid)
        return _unique(found)


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))

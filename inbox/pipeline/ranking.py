"""Ranking articles by their likeness to a letter's text, for linking's last resort.

``DatabaseRanker`` asks the database's own full-text engine (SQLite FTS5 ``bm25`` over
``articles_fts``, PostgreSQL ``ts_rank`` over the GIN-indexed ``search_document``; migration
0007) for the best few articles, then weighs them with a prior for recent ones: readers answer
what they have just read. ``MemoryRanker`` does tf-idf in Python over a given handful of articles
(an index built from a list, as the unit tests do); it is never used on the database's articles.

Scores differ by engine, so each ranker carries the thresholds that go with its scores
(``minimum``: below it a letter resembles nothing; ``close_ratio``: a runner-up this close to
the best makes the choice ambiguous); bench/linking.py measures them. The database ranker finds
articles only by the letter's telling words (rare among the articles, by the engine's own
statistics); its topical words (common, but not everywhere) only weigh among those; and an
article sharing fewer than two of the words is no match.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import text as sql
from sqlalchemy.orm import Session

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Words too common to say anything about which article a letter answers.
_STOP = frozenset("""
the and for that this with from have has had was were are not but you your our his her its their
they them what which who whom will would could should can may might must shall been being into
about after before over under than then there here when where while also only just more most
such some any all each other very much many one two three sir madam dear yours faithfully
sincerely regards letter editor article reaction write writing wrote said says say like
""".split())
QUERY_TERMS = 6             # the letter's most telling words sent to the engine
# Weighing the few articles a letter names (two URLs), each must be asked about with its own words:
# six from the whole letter can all be one article's and leave the other at nothing.
QUERY_TERMS_AMONG = 16
COMMON = 0.05               # a word in more than this share of the articles tells nothing alone,
MAX_DF = 150                # nor one in more than this many (and each costs the engine its postings)
# The letter's subject words (in more articles than that, in at most this share): they choose no
# article alone but tell apart the few that share a name ("Hartgate" in a piece on Brexit or one on
# the NHS). Weighed only among the articles a telling word found: they never widen the search.
TOPICAL = 0.25
TOPICAL_TERMS = 4
TOPICAL_BELOW = 3
CANDIDATES = 8
TF_WEIGHT = 10.0            # PostgreSQL: ts_rank's 0-0.1 for one word -> up to doubling its idf
# Only the newest articles sharing a telling word are ranked (readers answer recent pieces: the
# prior again), which bounds the engine's work whatever the size of the archive.
POOL = 300
# One shared name (a reader called Cavendish) is a coincidence, not a link: the best article must
# share two of the query's words, a telling one and another, telling or topical.
MIN_SHARED = 2
RECENCY_HALF_LIFE = 21.0    # days: an article this old counts half as "recent"
RECENCY_WEIGHT = 1.0        # how much being recent can add to a score (x2 at most)


def terms(text: str) -> Counter:
    return Counter(w for w in (m.lower() for m in _WORD.findall(text)) if w not in _STOP)


def _plain(text: str) -> str:
    """As FTS5's unicode61 tokenizer with remove_diacritics folds it."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def recency(published: date | None, now: datetime) -> float:
    if published is None:
        return 1.0
    age = max(0, (now.date() - published).days)
    return 1.0 + RECENCY_WEIGHT * 0.5 ** (age / RECENCY_HALF_LIFE)


@dataclass(frozen=True)
class TermStats:
    """How many articles each indexed word occurs in, read from the engine's own statistics
    (FTS5's vocabulary table, PostgreSQL's ts_stat) once per change of the articles; it tells
    which of a letter's words are worth asking about."""
    articles: int
    df: dict[str, int]

    @classmethod
    def load(cls, session: Session) -> "TermStats":
        if session.bind.dialect.name == "sqlite":
            rows = session.execute(sql("SELECT term, doc FROM articles_fts_vocab"))
        else:
            rows = session.execute(sql("SELECT word, ndoc FROM ts_stat('SELECT search_document FROM articles')"))
        df = {term: n for term, n in rows if _LEXEME.match(term)}
        return cls(session.scalar(sql("SELECT count(*) FROM articles")) or 0, df)

    def telling(self, counts: Counter, n: int = QUERY_TERMS) -> list[str]:
        """The letter's words that occur in some articles but not in too many, most telling first."""
        return self._best(counts, 0, max(2, min(MAX_DF, COMMON * self.articles)), n)

    def topical(self, counts: Counter) -> list[str]:
        """The letter's subject words: in more articles than a telling word, in at most TOPICAL of them."""
        return self._best(counts, max(2, min(MAX_DF, COMMON * self.articles)), TOPICAL * self.articles, TOPICAL_TERMS)

    def idf(self, term: str) -> float:
        return math.log((self.articles + 1) / (self.df.get(term, 0) + 0.5))

    def _best(self, counts: Counter, above: float, limit: float, n: int) -> list[str]:
        weights = {t: c * math.log(self.articles / self.df[t]) for t, c in counts.items()
                   if above < self.df.get(t, 0) <= limit}
        return sorted(weights, key=lambda t: (-weights[t], t))[:n]


_LEXEME = re.compile(r"^[^\W_]+$")    # what may go into a query unquoted: letters and digits only


class DatabaseRanker:
    minimum = 0.0           # no floor on the engine's score (its scale differs by engine and corpus):
    # MIN_SHARED says whether a letter resembles an article at all. A runner-up this close to the
    # best makes the choice ambiguous; measured per engine by bench/linking.py (bm25 and the
    # idf-weighted ts_rank below spread their scores differently).
    CLOSE_RATIO = {"sqlite": 0.8, "postgresql": 0.8}

    def __init__(self, session: Session, stats: TermStats):
        self.session, self.stats = session, stats
        self.dialect = session.bind.dialect.name
        self.close_ratio = self.CLOSE_RATIO.get(self.dialect, 0.8)

    def rank(self, text: str, *, among: list[int] | None = None, now: datetime | None = None) -> list[tuple[int, float]]:
        counts = self._counts(text)
        words = self.stats.telling(counts, QUERY_TERMS_AMONG if among else QUERY_TERMS)
        if not words:
            return []
        # Three telling words already tell the articles apart; the topical ones are for letters
        # naming only one or two particulars (and each costs the engine the word's postings).
        topical = self.stats.topical(counts) if among or len(words) < TOPICAL_BELOW else []
        if among:       # a handful of named articles: every word may find one, at no cost
            words, topical = words + topical, []
        now = now or datetime.now(timezone.utc)
        # Nobody answers a piece not yet published (a day's slack for time zones and embargoes).
        latest = now.date() + timedelta(days=1)
        rows = (self._sqlite if self.dialect == "sqlite" else self._postgresql)(words, topical, among, latest)
        # Per query word, so a long letter does not outscore a short one just by length.
        per_word = math.sqrt(len(words) + len(topical))
        scored = sorted(((aid, score / per_word * recency(published, now), shared)
                         for aid, score, published, shared in rows), key=lambda s: -s[1])
        if not among and scored and self._shared(scored[0], words + topical) < MIN_SHARED:
            return []
        return [(aid, score) for aid, score, _ in scored]

    def _shared(self, best: tuple, words: list[str]) -> int:
        """How many of the query words the best article has (PostgreSQL counts them in the ranking
        query; SQLite reads the one row: no scan, no second round trip to a server)."""
        article_id, _, shared = best
        if shared is not None:
            return shared
        row = self.session.execute(sql("SELECT title, summary, body FROM articles WHERE id = :id"),
                                   {"id": article_id}).one()
        return len(set(words) & set(terms(_plain(" ".join(r or "" for r in row)))))

    def _counts(self, text: str) -> Counter:
        if self.dialect == "sqlite":
            return terms(_plain(text))
        # PostgreSQL stems ("hospitals" -> "hospit"): its own parser gives the letter's lexemes.
        rows = self.session.execute(sql("SELECT lexeme, coalesce(array_length(positions, 1), 1) "
                                        "FROM unnest(to_tsvector('english', :text))"), {"text": text[:100_000]})
        return Counter({lexeme: n for lexeme, n in rows if _LEXEME.match(lexeme)})

    def _sqlite(self, words: list[str], topical: list[str], among: list[int] | None, latest: date):
        def any_of(ws: list[str]) -> str:
            return " OR ".join(f'"{w}"' for w in ws)      # quoted: never FTS5 query syntax
        telling = any_of(words)
        # The topical words only weigh (bm25 sums over every phrase): the AND keeps the matches
        # to the articles a telling word found, so the engine seeks past the common words' postings.
        match = f"({telling}) AND ({any_of(words + topical)})" if topical else telling
        if among:
            # The named few looked up by rowid inside the engine: the common words' postings are
            # never walked (restricting after the newest-first pool took 20-40 ms at 10,000).
            ids = ", ".join(str(int(i)) for i in among)
            where = f"articles_fts.rowid IN ({ids}) AND a.retired = 0 AND (a.published_on IS NULL OR a.published_on <= :latest)"
        else:
            where = ("a.id IN (SELECT p.id FROM articles_fts f JOIN articles p ON p.id = f.rowid WHERE articles_fts MATCH :telling"
                     " AND p.retired = 0 AND (p.published_on IS NULL OR p.published_on <= :latest)"
                     " ORDER BY p.published_on DESC LIMIT :pool)")
        rows = self.session.execute(sql(
            "SELECT a.id, -bm25(articles_fts, 8.0, 3.0, 1.0) AS score, a.published_on "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            f"WHERE articles_fts MATCH :match AND {where} ORDER BY rank LIMIT :limit"),
            {"match": match, "telling": telling, "limit": CANDIDATES, "latest": latest, "pool": POOL})
        return [(aid, score, date.fromisoformat(p) if isinstance(p, str) else p, None) for aid, score, p in rows]

    def _postgresql(self, words: list[str], topical: list[str], among: list[int] | None, latest: date):
        """One round trip: the pool (GIN index on the telling words, newest first), each article
        scored, as bm25 does, by the sum over the query words it has of their idf, each raised by
        how much the article makes of the word (ts_rank: weights A headline, B standfirst, C body;
        length-normalised). ts_rank over the OR query alone is mostly term frequency: an article
        repeating its topic's words led the one sharing the letter's two names. The shared-word
        count comes back with the candidates."""
        restrict = " AND id = ANY(:among)" if among else ""
        query = words + topical
        # One scalar expression per article (no per-word subplan): sum of idf * (has it + how much).
        score = " + ".join(f":idf{i} * (sign(ts_rank(search_document, CAST(:w{i} AS tsquery), 1)) "
                           f"+ :tf * ts_rank(search_document, CAST(:w{i} AS tsquery), 1))" for i in range(len(query)))
        shared = " + ".join(f"(search_document @@ CAST(:w{i} AS tsquery))::int" for i in range(len(query)))
        rows = self.session.execute(sql(
            "WITH pool AS ("
            "  SELECT id, search_document, published_on FROM articles WHERE search_document @@ to_tsquery('simple', :telling)"
            f"  AND NOT retired AND (published_on IS NULL OR published_on <= :latest){restrict}"
            "  ORDER BY published_on DESC NULLS LAST LIMIT :pool), "
            # Each document read out of TOAST and decompressed once, not once per query word.
            "docs AS MATERIALIZED (SELECT id, published_on, search_document || ''::tsvector AS search_document FROM pool), "
            f"scored AS (SELECT id, published_on, search_document, {score} AS score FROM docs ORDER BY score DESC LIMIT :limit) "
            f"SELECT id, score * 10, published_on, {shared} FROM scored"),
            {"telling": " | ".join(words), **{f"w{i}": w for i, w in enumerate(query)},
             **{f"idf{i}": self.stats.idf(w) for i, w in enumerate(query)},
             "tf": TF_WEIGHT, "limit": CANDIDATES, "latest": latest, "pool": POOL, **({"among": among} if among else {})})
        return list(rows)


class MemoryRanker:
    """tf-idf cosine over a few articles held in memory (ArticleIndex built from a list)."""

    minimum = 0.08
    close_ratio = 0.8

    def __init__(self, articles):
        counts = {a.id: terms(f"{a.title} {a.body}") for a in articles}
        df = Counter(t for c in counts.values() for t in c)
        n = len(counts)
        # Smoothed idf so that with one or two articles shared words still count a little.
        self._idf = {t: math.log((n + 1) / (d + 0.5)) for t, d in df.items()}
        self._vectors = {aid: self._weigh(c) for aid, c in counts.items()}

    def _weigh(self, counts: Counter) -> dict[str, float]:
        vec = {t: (1 + math.log(c)) * self._idf.get(t, 0.0) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items() if v}

    def rank(self, text: str, *, among: list[int] | None = None, now: datetime | None = None) -> list[tuple[int, float]]:
        vec = self._weigh(terms(text))
        scores = [(aid, sum(w * av.get(t, 0.0) for t, w in vec.items())) for aid, av in self._vectors.items()
                  if not among or aid in among]
        return sorted(scores, key=lambda s: -s[1])

"""Balance: what was received on an article against what was shortlisted and printed, by the
stance editors tagged (for, against, mixed, none), first-time writers against regulars, and
letters per day since the article appeared. 
"Received" is every reader's letter linked to the article, whatever its status; "shortlisted"
those shortlisted now; "printed" those published. For an edition, "printed" is the edition's
own letters on the article. A writer is a regular when an earlier letter came from the same
address (any article, any status); a letter without an address counts as first-time. Each
letter carries that answer (``first_from_address``, kept by triggers, migration 0014).

The counts by stance come from ``stance_counts``, kept by triggers (migration 0009): a few rows
whatever the number of letters on an article.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inbox.desk import audit
from inbox.desk.moderation import NO_STANCE
from inbox.models import Article, Kind, Letter, Stance, StanceCount, Status

STANCE_KEYS = (*(s.value for s in Stance), NO_STANCE)
CHART_DAYS = 60          # the letters-per-day chart covers at most this many days


def stance_labels(article: Article | None) -> dict[str, str]:
    """How each stance is named on this article: its configured labels, else the stance itself."""
    labels = {s.value: s.value for s in Stance}
    labels[NO_STANCE] = "no stance"
    configured = (article.stance_labels or {}) if article is not None else {}
    labels.update({k: str(v) for k, v in configured.items() if k in labels and str(v).strip()})
    return labels


def set_labels(session: Session, article: Article, labels: dict[str, str], *, actor: audit.Actor) -> None:
    clean = {k: v.strip()[:60] for k, v in labels.items() if k in Stance._value2member_map_ and v and v.strip()}
    before = article.stance_labels or None
    if clean != (before or {}):
        article.stance_labels = clean or None
        audit.record(session, actor, "stance-labels", before={"article": article.slug, "labels": before},
                     after={"article": article.slug, "labels": clean or None})
    session.flush()


@dataclass
class StanceCounts:
    """received / shortlisted / printed for one stance."""
    received: int = 0
    shortlisted: int = 0
    printed: int = 0

    def count(self, status: Status, n: int) -> None:
        self.received += n
        if status is Status.SHORTLISTED:
            self.shortlisted += n
        elif status is Status.PUBLISHED:
            self.printed += n


@dataclass
class Balance:
    labels: dict[str, str]
    stances: dict[str, StanceCounts] = field(default_factory=dict)      # STANCE_KEYS -> counts
    writers: dict[str, StanceCounts] = field(default_factory=dict)      # "first-time", "regular"
    per_day: list[tuple[date, int]] = field(default_factory=list)

    @property
    def total(self) -> StanceCounts:
        return StanceCounts(*(sum(getattr(c, f) for c in self.stances.values())
                              for f in ("received", "shortlisted", "printed")))


def one_sided(stances: dict[str, StanceCounts], printed: Iterable[str]) -> str | None:
    """The stance every printed letter takes (untagged ones aside) when letters taking another
    stance were received, else None: the planner's balance warning."""
    taken = {s for s in printed if s != NO_STANCE}
    if len(taken) != 1:
        return None
    (only,) = taken
    others = {k for k, c in stances.items() if k not in (NO_STANCE, only) and c.received}
    return only if others else None


def _article_filter(article_id: int | None):
    return Letter.article_id.is_(None) if article_id is None else Letter.article_id == article_id


def stance_table(session: Session, article_ids: Iterable[int | None]) -> dict[int | None, dict[str, StanceCounts]]:
    """Per article (None: unassigned): counts by stance, from the trigger-kept ``stance_counts``."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[int | None, dict[str, StanceCounts]] = {a: {k: StanceCounts() for k in STANCE_KEYS} for a in ids}
    if not ids:
        return out
    rows = session.execute(select(StanceCount.article_key, StanceCount.stance, StanceCount.status, StanceCount.n)
                           .where(StanceCount.kind == Kind.LETTER.value,
                                  StanceCount.article_key.in_([a or 0 for a in ids]), StanceCount.n > 0))
    for key, stance, status, n in rows:
        out[key or None][stance].count(Status(status), n)
    return out


def _writers(session: Session, article_id: int | None) -> dict[str, StanceCounts]:
    # ``first_from_address`` is kept by triggers (migration 0014): an index-only count.
    rows = session.execute(select(Letter.first_from_address, Letter.status, func.count()).where(
        Letter.kind == Kind.LETTER, _article_filter(article_id)).group_by(Letter.first_from_address, Letter.status))
    out = {"first-time": StanceCounts(), "regular": StanceCounts()}
    for first, status, n in rows:
        out["first-time" if first else "regular"].count(status, n)
    return out


def _per_day(session: Session, article: Article | None) -> list[tuple[date, int]]:
    day = func.date(Letter.received_at)
    article_id = article.id if article is not None else None
    rows = {date.fromisoformat(str(d)[:10]): n for d, n in session.execute(
        select(day, func.count()).where(Letter.kind == Kind.LETTER, _article_filter(article_id))
        .group_by(day)) if d is not None}
    if not rows:
        return []
    start = article.published_on if article is not None and article.published_on else min(rows)
    start = max(min(start, max(rows)), max(rows) - timedelta(days=CHART_DAYS - 1))
    days = (max(rows) - start).days + 1
    return [(start + timedelta(days=i), rows.get(start + timedelta(days=i), 0)) for i in range(days)]


def article_balance(session: Session, article: Article | None) -> Balance:
    """The Balance panel of one article (None: the letters on no article)."""
    article_id = article.id if article is not None else None
    return Balance(labels=stance_labels(article), stances=stance_table(session, [article_id])[article_id],
                   writers=_writers(session, article_id), per_day=_per_day(session, article))


def chart_bars(per_day: list[tuple[date, int]], *, width: int = 300, height: int = 60) -> dict[str, Any]:
    """Bar geometry for the server-drawn SVG of letters per day (the template draws it)."""
    if not per_day:
        return {"bars": [], "width": width, "height": height, "peak": 0}
    peak = max(n for _, n in per_day) or 1
    step = width / len(per_day)
    bars = [{"x": round(i * step, 2), "w": round(max(step - 1, 1), 2), "h": round(n / peak * (height - 2), 2),
             "day": d.isoformat(), "n": n} for i, (d, n) in enumerate(per_day)]
    return {"bars": bars, "width": width, "height": height, "peak": peak,
            "first": per_day[0][0], "last": per_day[-1][0]}

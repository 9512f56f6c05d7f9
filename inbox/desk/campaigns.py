"""What editors do with a campaign (form letters from many writers, clustered at intake by
:mod:`inbox.pipeline.campaigns`): read it as a template with each member's differences, and
shortlist one representative while rejecting the rest ("campaign letter") in one audited action.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from inbox.desk import audit, moderation
from inbox.desk.textdiff import Segment, word_diff
from inbox.enums import Status
from inbox.models import Campaign, Letter, User

CAMPAIGN_REASON = "campaign letter"


class CampaignNotFound(LookupError):
    pass


@dataclass(frozen=True)
class Member:
    letter: Letter
    diff: list[Segment]          # the template against this member's text


@dataclass(frozen=True)
class CampaignView:
    campaign: Campaign
    template: Letter             # the first letter seen: what the others are compared with
    members: list[Member]
    articles: list[str]


def list_campaigns(session: Session, limit: int = 200) -> list[tuple[Campaign, list[str]]]:
    """Campaigns newest activity first, each with the titles of the articles its letters answer."""
    rows = list(session.scalars(select(Campaign).where(Campaign.size > 1)
                                .order_by(Campaign.last_seen.desc()).limit(limit)))
    titles: dict[int, set[str]] = {c.id: set() for c in rows}
    if rows:
        for cid, letter in session.execute(select(Letter.campaign_id, Letter).options(
                selectinload(Letter.article)).where(Letter.campaign_id.in_(titles))):
            if letter.article:
                titles[cid].add(letter.article.title)
    return [(c, sorted(titles[c.id])) for c in rows]


def members_of(session: Session, campaign_id: int) -> list[Letter]:
    return list(session.scalars(select(Letter).options(selectinload(Letter.article))
                                .where(Letter.campaign_id == campaign_id).order_by(Letter.received_at, Letter.id)))


def campaign_view(session: Session, campaign_id: int) -> CampaignView:
    campaign = session.get(Campaign, campaign_id)
    letters = members_of(session, campaign_id) if campaign else []
    if not letters:
        raise CampaignNotFound(campaign_id)
    template = letters[0]
    return CampaignView(campaign, template, [Member(l, member_diff(template.text, l.text)) for l in letters],
                        sorted({l.article.title for l in letters if l.article}))


def _paragraphs(text: str | None) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")) if p.strip()]


def member_diff(template: str, text: str) -> list[Segment]:
    """A member's differences from the template, paragraph by paragraph: each of its paragraphs
    against the template paragraph most like it, so reordered paragraphs show as the same and
    only the words that differ are marked; template paragraphs it dropped come last, deleted."""
    source = _paragraphs(template)
    unused = set(range(len(source)))
    out: list[Segment] = []
    for paragraph in _paragraphs(text):
        best = max(unused, key=lambda i: fuzz.ratio(source[i], paragraph), default=None)
        if out:
            out.append(Segment("same", "\n\n"))
        if best is not None and fuzz.ratio(source[best], paragraph) >= 60:
            unused.discard(best)
            out += word_diff(source[best], paragraph)
        else:
            out.append(Segment("ins", paragraph))
    for i in sorted(unused):
        out += [Segment("same", "\n\n"), Segment("del", source[i])]
    return out


@dataclass(frozen=True)
class Resolution:
    kept: int
    rejected: list[int]
    conflicts: list[int]


def keep_one(session: Session, campaign_id: int, keep_id: int, *, user: User | str) -> Resolution:
    """Shortlist ``keep_id`` and reject every other member with the reason "campaign letter",
    each decision audited, plus one event for the whole action. Letters already rejected or
    published are left as they are."""
    letters = members_of(session, campaign_id)
    if keep_id not in {l.id for l in letters}:
        raise moderation.InvalidChange(f"Letter {keep_id} is not in campaign {campaign_id}.")
    keep = next(l for l in letters if l.id == keep_id)
    if keep.status is not Status.SHORTLISTED:
        moderation.shortlist(session, keep_id, user=user)
    others = [l.id for l in letters if l.id != keep_id and l.status in (Status.NEW, Status.SHORTLISTED)]
    result = moderation.bulk(session, "reject", [(i, None) for i in others], user=user, reason=CAMPAIGN_REASON)
    audit.record(session, user, "campaign-keep-one", letter_id=keep_id,
                 after={"campaign": campaign_id, "kept": keep_id, "rejected": result.done})
    return Resolution(keep_id, result.done, result.conflicts)

"""The typed SQLAlchemy 2 models, one module per part of the product, all importable from here.

``core``: articles, raw messages, letters and their attachments, editors, the audit log.
``desk``: the desk's own tables (reject reasons, saved searches, presence, writers, flags,
campaigns, verification). ``editions``: the letters page. ``cms``: feeds and API tokens.
``readers``: mail to readers. Every module is imported here, so the mappers know every class
whichever one a caller imports.
"""
from __future__ import annotations

from inbox.enums import (FLAGS, KINDS, STATUSES, EditionStatus, Flag, Kind, LinkMethod, Role, Stance, Standing, Status,
                         VerifyMethod)
from inbox.models.base import Base, UTCDateTime, intpk, timestamp, utcnow
from inbox.models.core import (Article, Attachment, AuditEvent, Letter, LetterCount, LoginAttempt, Message, Note,
                               User)
from inbox.models.cms import ApiToken, ArticleFeed
from inbox.models.desk import (Campaign, ContactKey, LetterFlag, LshKey, Presence, RejectReason, SavedSearch,
                               Verification, Writer, WriterEmail)
from inbox.models.editions import Edition, EditionHeadline, EditionLetter, StanceCount
from inbox.models.readers import ConsentRequest, OutboundMail, ReaderNotice

__all__ = [
    "FLAGS", "KINDS", "STATUSES", "EditionStatus", "Flag", "Kind", "LinkMethod", "Role", "Stance", "Standing",
    "Status", "VerifyMethod", "Base", "UTCDateTime", "utcnow", "intpk", "timestamp",
    "ApiToken", "Article", "ArticleFeed", "Attachment", "AuditEvent", "Campaign", "ConsentRequest", "Edition",
    "EditionHeadline", "EditionLetter", "Letter", "LetterCount", "LetterFlag", "LoginAttempt", "LshKey", "ContactKey", "Message",
    "Note", "OutboundMail", "Presence", "ReaderNotice", "RejectReason", "SavedSearch", "StanceCount", "User",
    "Verification", "Writer", "WriterEmail",
]

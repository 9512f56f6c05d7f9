"""The vocabulary every layer shares: kinds of mail, letter statuses, how a letter was linked,
editors' roles, a letter's stance on its article, an edition's status. The one definition of each; the models store them by value, the CLI's choices
and the queue's tabs are built from them. No imports beyond the standard library, so a command
can name its choices without loading the database layer.
"""
from __future__ import annotations

import enum


class Kind(str, enum.Enum):
    LETTER = "letter"
    AUTOMATED = "automated"


class Status(str, enum.Enum):
    NEW = "new"
    SHORTLISTED = "shortlisted"
    REJECTED = "rejected"
    PUBLISHED = "published"


# The one list of each, in the order editors meet them; choices and tabs are built from these.
KINDS = tuple(k.value for k in Kind)
STATUSES = tuple(s.value for s in Status)


# The reject reason of a letter its writer withdrew (issue 18): exports refuse such a letter.
WITHDRAWN_REASON = "withdrawn by the writer"
# The flag of a letter withdrawn after it was published: the editors are warned (a correction?).
WITHDRAWN_AFTER_PUBLICATION = "withdrawn-after-publication"


class LinkMethod(str, enum.Enum):
    PLUS_ADDRESS = "plus-address"
    REFERENCE = "reference"        # the article's URL, slug or title in subject/body/In-Reply-To
    SIMILARITY = "similarity"
    ONLY_ARTICLE = "only-article"
    EDITOR = "editor"
    NONE = "none"                  # unassigned; suggestions recorded for an editor


class Role(str, enum.Enum):
    EDITOR = "editor"
    ADMIN = "admin"


class Flag(str, enum.Enum):
    """The house rules' flags, computed once when a letter is processed (:mod:`inbox.pipeline.rules`)."""

    OVER_WORD_LIMIT = "over-word-limit"
    FREQUENT_WRITER = "frequent-writer"
    NO_FULL_NAME = "no-full-name"
    NO_TOWN = "no-town"
    NOT_EXCLUSIVE = "not-exclusive"
    STALE_ARTICLE = "stale-article"
    REPLY_TO_MISMATCH = "reply-to-mismatch"
    CAMPAIGN = "campaign"
    SHARED_CONTACT = "shared-contact"


FLAGS = tuple(f.value for f in Flag)


class Standing(str, enum.Enum):
    """A writer's standing rule, as in Mailman's sender lists."""

    NONE = "none"
    TRUSTED = "trusted"
    HOLD = "hold"          # every letter needs review
    BLOCK = "block"        # letters go straight to Rejected ("blocked writer")


STANDINGS = tuple(s.value for s in Standing)


class VerifyMethod(str, enum.Enum):
    PHONE = "phone"
    EMAIL_REPLY = "email reply"
    IN_PERSON = "in person"
    KNOWN_WRITER = "known writer"


VERIFY_METHODS = tuple(m.value for m in VerifyMethod)
class Stance(str, enum.Enum):
    """An editor's reading of where a letter stands on its article (none when untagged)."""
    FOR = "for"
    AGAINST = "against"
    MIXED = "mixed"


STANCES = tuple(s.value for s in Stance)


class EditionStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"

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


class Stance(str, enum.Enum):
    """An editor's reading of where a letter stands on its article (none when untagged)."""
    FOR = "for"
    AGAINST = "against"
    MIXED = "mixed"


STANCES = tuple(s.value for s in Stance)


class EditionStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"

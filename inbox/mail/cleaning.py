"""Salvaging text from a broken MIME structure (character hygiene itself is in :mod:`inbox.text`)."""
from __future__ import annotations

import re

_MIME_SCAFFOLDING = re.compile(r"^(?:--\S+\s*|content-[\w-]+:.*|mime-version:.*)$", re.I)


def drop_mime_scaffolding(text: str) -> str:
    """Boundary and part-header lines, left in text salvaged from a broken MIME structure."""
    return "\n".join(line for line in text.split("\n") if not _MIME_SCAFFOLDING.match(line))

"""Small text helpers shared by every layer: control characters never reach storage, logs or pages."""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_line(value: str | None) -> str:
    """One line of text: control and bidi-override characters become spaces, runs collapse."""
    if not value:
        return ""
    return " ".join(_CONTROL.sub(" ", value).split())


def word_count(text: str | None) -> int:
    return len(text.split()) if text else 0

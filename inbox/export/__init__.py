"""Export: letters -> Markdown, plain text, HTML, DOCX (the publication formats) and CSV, JSON
(the desk formats). A domain package: no Flask, no click; the CLI (``inbox export``) and the web
blueprint (``inbox.web.export``) are thin layers over it.

    letters = select_for_export(session, status="shortlisted", article="blinken-beijing")
    data = export_letters(letters, "docx")                 # always bytes
    name = export_filename("blinken-beijing", "docx", date.today())

``export_edition(plan, fmt)`` exports an edition as planned (``inbox.desk.planning``).

What every format shares (``prepare``): letters grouped by article, articles in the order of
their first letter, letters without an article last under "Other letters"; within the export the
editor's order (position ascending where set, then oldest first); per letter the headline, the
publication text (the edited version where edited) and the sign-off "Name, Town". The
publication formats never contain email addresses (not even one typed into a letter), message
ids or other private details; the desk formats carry them for verification.
"""
from __future__ import annotations

import importlib
import re
from datetime import date
from typing import Any, Callable, Iterable

from inbox.export.formats import CONTENT_TYPES, FORMATS, PUBLICATION_FORMATS, REGISTRY

__all__ = [
    "CONTENT_TYPES", "FORMATS", "OTHER_LETTERS", "PUBLICATION_FORMATS", "REGISTRY",
    "export_edition", "export_filename", "export_letters", "select_for_export",
]

DEFAULT_TITLE = "Letters to the Editor"

# Everything below the registry is imported on first use. Importing ``inbox.export.formats`` (as
# the CLI does for its --format choices) runs this package first, and loading SQLAlchemy, the
# models and python-docx here cost every ``inbox`` command a third of a second at start.


_LAZY = {"select_for_export": "inbox.export.selection", "OTHER_LETTERS": "inbox.desk.planning"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _renderer(fmt: str) -> Callable[[list, str], str | bytes]:
    """Format name -> renderer(groups, title), as the registry names it."""
    module, _, function = REGISTRY[fmt].renderer.partition(":")
    return getattr(importlib.import_module(module), function)


def export_letters(letters: Iterable[Any], fmt: str, *, title: str = DEFAULT_TITLE) -> bytes:
    """The letters in one format, as the bytes of the file (text formats in UTF-8; CSV with a
    byte-order mark). ``letters`` are Letter objects with their article and attachments loaded
    (as ``select_for_export`` returns them); their order is decided here, not by the caller."""
    from inbox.export.prepare import group_letters

    return _render(group_letters(letters), fmt, title)


def export_edition(plan: Any, fmt: str, *, editor_note: bool = False) -> bytes:
    """An edition (``inbox.desk.planning.Plan``) in one format, in its printing order under its
    headlines, titled with the edition's title. The desk formats always carry "also received";
    the publication formats only with ``editor_note``, as a separate section after the page
    (on a page of its own in DOCX), so the page itself never contains it."""
    from inbox.export.prepare import group_edition

    _check_format(fmt)
    notes = editor_note or not REGISTRY[fmt].publication
    return _render(group_edition(plan, notes=notes), fmt, plan.edition.title)


def _check_format(fmt: str) -> None:
    if fmt not in REGISTRY:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _render(groups: list, fmt: str, title: str) -> bytes:
    _check_format(fmt)
    data = _renderer(fmt)(groups, title)
    # Cleaning removed lone surrogates already; "replace" only guards against a future slip.
    return data if isinstance(data, bytes) else data.encode("utf-8", errors="replace")


_UNSAFE_NAME = re.compile(r"[^a-z0-9-]+")


def export_filename(article_slug: str | None, fmt: str, day: date) -> str:
    """``letters-<slug>-<YYYY-MM-DD>.<fmt>``, or ``letters-<date>.<fmt>`` without an article. The
    slug is reduced to ``[a-z0-9-]`` so the name is safe in a Content-Disposition header and on
    any file system."""
    if fmt not in CONTENT_TYPES:
        raise ValueError(f"unknown export format {fmt!r}")
    slug = _UNSAFE_NAME.sub("-", (article_slug or "").lower()).strip("-")[:80].strip("-")
    return "-".join(part for part in ("letters", slug, day.isoformat()) if part) + "." + fmt

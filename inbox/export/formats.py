"""The export formats: the one registry that the exporter, the CLI's choices and the web's
Export control all read. Metadata only, so the CLI can offer the choices without loading the
renderers: each format names its renderer as ``module:function``, imported on first use by
``inbox.export.export_letters``.

Publication formats (md, txt, html, docx) are what goes to the page: no email addresses, message
ids or other private details. Desk formats (csv, json) carry them, for verification.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    label: str                       # as the Export control offers it
    content_type: str
    publication: bool                # False: a desk format, with private details
    binary: bool                     # True: never written to a terminal (the CLI wants --output)
    renderer: str                    # "module:function", called as function(groups, title)


REGISTRY: dict[str, Format] = {f.name: f for f in (
    Format("docx", "Word (DOCX)",
           "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
           True, True, "inbox.export.word:render_docx"),
    Format("md", "Markdown", "text/markdown; charset=utf-8", True, False, "inbox.export.text:render_markdown"),
    Format("txt", "Plain text", "text/plain; charset=utf-8", True, False, "inbox.export.text:render_text"),
    Format("html", "HTML (print)", "text/html; charset=utf-8", True, False, "inbox.export.html:render_html"),
    Format("csv", "CSV (desk, with emails)", "text/csv; charset=utf-8", False, False,
           "inbox.export.desk:render_csv"),
    Format("json", "JSON (desk, with emails)", "application/json", False, False,
           "inbox.export.desk:render_json"),
)}
# The order the CLI has always listed them in.
FORMATS = ("md", "txt", "html", "docx", "csv", "json")
PUBLICATION_FORMATS = tuple(name for name in FORMATS if REGISTRY[name].publication)
CONTENT_TYPES = {name: REGISTRY[name].content_type for name in FORMATS}

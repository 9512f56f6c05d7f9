"""DOCX (python-docx): the Word document the subeditor works from.

A title, a Heading 1 per article, and for each letter its headline (Heading 2), its paragraphs
and its sign-off (italic). Characters that XML cannot hold are removed instead of failing.

Paragraphs are appended to the body's XML directly: python-docx's ``add_paragraph`` looks for
the section properties among all the body's children on every call, which makes a 10,000-letter
document take minutes; appending and then moving ``w:sectPr`` back to the end is linear.
"""
from __future__ import annotations

import io
import re

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from inbox.export.prepare import Group, editor_note, paragraphs, quotation

# XML 1.0 allows tab, newline, carriage return and these ranges; everything else goes.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_SPACE = qn("xml:space")
_VAL = qn("w:val")


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _element(tag: str, *children, val: str | None = None):
    element = OxmlElement(tag)
    if val is not None:
        element.set(_VAL, val)
    for child in children:
        element.append(child)
    return element


class _Writer:
    def __init__(self, title: str):
        self.document = Document()
        self.body = self.document.element.body
        self.section = self.body.sectPr
        if self.section is not None:
            self.body.remove(self.section)
        styles = self.document.styles
        self.styles = {name: styles[name].style_id for name in ("Title", "Heading 1", "Heading 2", "Quote")}
        props = self.document.core_properties
        props.title = xml_safe(title)
        props.author = props.last_modified_by = "Reaction letters"
        props.comments = props.subject = props.keywords = ""

    def paragraph(self, text: str, *, style: str | None = None, italic: bool = False) -> None:
        # The XML is built here rather than through Paragraph/add_run/run.text: python-docx runs
        # an XPath query per call and assembles text one character at a time (18 million calls,
        # most of the time of a 10,000-letter export). Same elements python-docx would write.
        p = _element("w:p")
        if style:
            p.append(_element("w:pPr", _element("w:pStyle", val=self.styles[style])))
        run = _element("w:r")
        if italic:
            run.append(_element("w:rPr", _element("w:i")))
        # Cleaned text has no tabs; a line break inside a paragraph becomes <w:br/>.
        for i, line in enumerate(xml_safe(text).split("\n")):
            if i:
                run.append(_element("w:br"))
            t = _element("w:t")
            t.text = line
            t.set(_SPACE, "preserve")
            run.append(t)
        p.append(run)
        self.body.append(p)

    def page_break(self) -> None:
        brk = _element("w:br")
        brk.set(qn("w:type"), "page")
        self.body.append(_element("w:p", _element("w:r", brk)))

    def to_bytes(self) -> bytes:
        if self.section is not None:
            self.body.append(self.section)
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def render_docx(groups: list[Group], title: str) -> bytes:
    writer = _Writer(title)
    writer.paragraph(title, style="Title")
    if not groups:
        writer.paragraph("There are no letters to export.")
    for group in groups:
        writer.paragraph(group.heading, style="Heading 1")
        for item in group.letters:
            if item.public_headline:
                writer.paragraph(item.public_headline, style="Heading 2")
            for para in paragraphs(item.public_text):
                quoted = quotation(para)     # the reader quoting the article: Word's Quote style
                writer.paragraph(para if quoted is None else quoted,
                                 style=None if quoted is None else "Quote")
            if item.signoff:
                writer.paragraph(item.signoff, italic=True)
    if note := editor_note(groups):
        # On a page of its own, so the page above it can be dropped in whole.
        writer.page_break()
        writer.paragraph("Editor’s note, not for publication: also received", style="Heading 2")
        for line in note:
            writer.paragraph(line)
    return writer.to_bytes()

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
from docx.text.paragraph import Paragraph

from inbox.export.prepare import Group, paragraphs

# XML 1.0 allows tab, newline, carriage return and these ranges; everything else goes.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    return _XML_INVALID.sub("", text)


class _Writer:
    def __init__(self, title: str):
        self.document = Document()
        self.body = self.document.element.body
        self.blockparent = self.document._body     # what Paragraph objects hang off
        self.section = self.body.sectPr
        if self.section is not None:
            self.body.remove(self.section)
        styles = self.document.styles
        self.styles = {name: styles[name].style_id for name in ("Title", "Heading 1", "Heading 2")}
        props = self.document.core_properties
        props.title = xml_safe(title)
        props.author = props.last_modified_by = "Reaction letters"
        props.comments = props.subject = props.keywords = ""

    def paragraph(self, text: str, *, style: str | None = None, italic: bool = False) -> None:
        p = OxmlElement("w:p")
        if style:
            p.get_or_add_pPr().style = self.styles[style]
        self.body.append(p)
        run = Paragraph(p, self.blockparent).add_run(xml_safe(text))
        if italic:
            run.italic = True

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
        writer.paragraph(group.title, style="Heading 1")
        for item in group.letters:
            if item.public_headline:
                writer.paragraph(item.public_headline, style="Heading 2")
            for para in paragraphs(item.public_text):
                writer.paragraph(para)
            if item.signoff:
                writer.paragraph(item.signoff, italic=True)
    return writer.to_bytes()

"""Markdown and plain text: ready to paste into the CMS or an email to the subeditor.

Publication formats: no email addresses, message ids or other private details. Markdown escapes
everything in letter content that Markdown (CommonMark + GFM) would act on, so a reader cannot
smuggle a link, an image, raw HTML or a heading onto the page.
"""
from __future__ import annotations

import re

from inbox.export.prepare import Group, editor_note, paragraphs, quotation

# Inline syntax: emphasis, code, links/images/footnotes, raw HTML and autolinks, entities, GFM
# tables and strikethrough. The backslash itself goes first so our own escapes stay escapes.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~])")
# Block syntax at the start of a line: headings, list bullets, setext underlines, quotes.
_LINE_START = re.compile(r"^([#+\-=>])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def md_escape(text: str) -> str:
    """Escape one paragraph (or title) of letter content for Markdown, line by line."""
    lines = []
    for line in text.split("\n"):
        # Leading indentation would turn a line into a code block; it means nothing in a letter.
        line = _INLINE.sub(r"\\\1", line.strip().replace("\t", " "))
        line = _LINE_START.sub(r"\\\1", line)
        line = _ORDERED.sub(r"\1\\\2", line)
        lines.append(line)
    return "\n".join(lines)


def render_markdown(groups: list[Group], title: str) -> str:
    out = [f"# {md_escape(title)}", ""]
    if not groups:
        out += ["There are no letters to export.", ""]
    for group in groups:
        out += [f"## {md_escape(group.heading)}", ""]
        for item in group.letters:
            if item.public_headline:
                out += [f"### {md_escape(item.public_headline)}", ""]
            for para in paragraphs(item.public_text):
                quoted = quotation(para)
                if quoted is None:
                    out += [md_escape(para), ""]
                else:      # a block quote: our own "> ", the reader's words escaped under it
                    out += ["\n".join(f"> {line}" for line in md_escape(quoted).split("\n")), ""]
            if item.signoff:
                out += [f"*{md_escape(item.signoff)}*", ""]
    if note := editor_note(groups):
        out += ["---", "", "> **Editor’s note, not for publication: also received**", ">"]
        out += [f"> - {md_escape(line)}" for line in note] + [""]
    return "\n".join(out)


def _underline(text: str, char: str) -> list[str]:
    return [text, char * max(3, len(text))]


def render_text(groups: list[Group], title: str) -> str:
    out = [*_underline(title.upper(), "="), ""]
    if not groups:
        out += ["There are no letters to export.", ""]
    for group in groups:
        out += ["", *_underline(group.heading, "-"), ""]
        for item in group.letters:
            if item.public_headline:
                out += [item.public_headline, ""]
            for para in paragraphs(item.public_text):
                quoted = quotation(para)
                if quoted is not None:       # plain text shows a quotation indented
                    para = "\n".join(f"    {line}" for line in quoted.split("\n"))
                out += [para.replace("\t", " "), ""]
            if item.signoff:
                out += [item.signoff, ""]
            out.append("")
    if note := editor_note(groups):
        out += ["", "-" * 60, "Editor’s note, not for publication: also received", ""]
        out += [f"* {line}" for line in note]
    return "\n".join(out).rstrip("\n") + "\n"

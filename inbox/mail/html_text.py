"""HTML mail bodies to plain paragraphs: what a reader sees, without the markup.

The tokenizer is a small hand-written scanner, not ``html.parser`` and not ``nh3``: on Python
3.11.7 ``html.parser`` takes minutes on 400 KB of unclosed ``<!--`` or ``<a `` (it rescans the
unparsed tail for every ``<``), and nh3's html5ever takes 35 s on 100,000 nested ``<div>``. Here
every ``<`` is looked at once and every search starts where the last one ended, so the work is
linear in the input, whatever the input. Nothing is ever evaluated or fetched.

Output: paragraphs separated by a blank line, ``<br>`` and ``<div>`` as line breaks, list items as
"- " lines, blockquotes prefixed "> " (so quote stripping treats them like quoted plain text),
links as their text plus " (url)" when the url says something the text does not. Script, style,
title and comments (including Office conditional comments) are dropped; Office tags like ``<o:p>``
are ignored like any unknown tag.
"""
from __future__ import annotations

import html
import re

_NAME = re.compile(r"/?([A-Za-z][A-Za-z0-9:_-]*)")
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_SPACE = re.compile(r"[ \t\n\r\f\v\u00a0]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u034f]")
_SKIPPED = {"script", "style", "title", "xml", "template", "noscript", "svg", "object", "iframe",
            "noframes", "noembed", "select", "math"}
_SKIP_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in _SKIPPED}
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "pre", "hr",
              "blockquote", "address", "figure", "fieldset", "form", "section", "article",
              "header", "footer", "aside", "nav", "main", "center", "body"}
_LINE = {"div", "li", "tr", "dt", "dd", "caption", "figcaption", "details", "summary", "label",
         "option", "legend"}
_CELL = {"td", "th"}
MAX_LIST_DEPTH = 50
MAX_INPUT = 1_000_000


class _Text:
    """Lines under construction, each remembering its blockquote depth."""

    def __init__(self) -> None:
        self.lines: list[tuple[int, str]] = []
        self.current: list[str] = []
        self.quote = 0
        self.line_quote = 0
        self.pre = 0

    def add(self, text: str) -> None:
        if not self.pre:
            text = _SPACE.sub(" ", text)
            if not self.current or self.current[-1].endswith(" "):
                text = text.lstrip(" ")
        if not text:
            return
        if self.pre and "\n" in text:
            first, *rest = text.split("\n")
            self.add_raw(first)
            for piece in rest:
                self.newline()
                self.add_raw(piece)
            return
        self.add_raw(text)

    def add_raw(self, text: str) -> None:
        if not self.current:
            self.line_quote = self.quote
        self.current.append(text)

    def newline(self) -> None:
        self.lines.append((self.line_quote if self.current else self.quote,
                           "".join(self.current).rstrip()))
        self.current = []

    def end_line(self) -> None:
        if "".join(self.current).strip():
            self.newline()
        else:
            self.current = []

    def paragraph(self) -> None:
        self.end_line()
        if self.lines and self.lines[-1][1]:
            self.lines.append((self.quote, ""))

    def render(self) -> str:
        self.end_line()
        out: list[str] = []
        for depth, text in self.lines:
            text = _INVISIBLE.sub("", text)
            if depth:
                text = ("> " * depth + text).rstrip()
            if text or (out and out[-1]):
                out.append(text)
        while out and not out[-1].strip("> "):   # blank lines, quoted or not, at the very end
            out.pop()
        return "\n".join(out).strip("\n")


class _Converter:
    def __init__(self) -> None:
        self.text = _Text()
        self.lists: list[list] = []                 # [kind, counter] per open ul/ol
        self.links: list[tuple[str, int, int]] = []  # href, line count, pieces on the line

    def tag(self, name: str, closing: bool, attrs: str) -> None:
        text = self.text
        if name == "br":
            text.newline()
        elif name in _PARAGRAPH:
            text.paragraph()
            self._structure(name, closing)
        elif name in _LINE:
            text.end_line()
            if name == "li" and not closing:
                self._bullet()
        elif name in _CELL and not closing:
            if text.current and not text.current[-1].endswith(" "):
                text.add_raw(" ")
        elif name == "a":
            self._link(closing, attrs)

    def _structure(self, name: str, closing: bool) -> None:
        text = self.text
        if name == "blockquote":
            text.quote = max(0, text.quote - 1) if closing else min(text.quote + 1, 20)
        elif name == "pre":
            text.pre = max(0, text.pre - 1) if closing else text.pre + 1
        elif name in ("ul", "ol"):
            if closing:
                if self.lists:
                    self.lists.pop()
            elif len(self.lists) < MAX_LIST_DEPTH:
                self.lists.append([name, 0])

    def _bullet(self) -> None:
        if self.lists and self.lists[-1][0] == "ol":
            self.lists[-1][1] += 1
            self.text.add_raw(f"{self.lists[-1][1]}. ")
        else:
            self.text.add_raw("- ")

    def _link(self, closing: bool, attrs: str) -> None:
        text = self.text
        if not closing:
            match = _HREF.search(attrs)
            href = html.unescape(next(g for g in match.groups() if g is not None)) if match else ""
            if len(self.links) < 50:
                self.links.append((href.strip(), len(text.lines), len(text.current)))
            return
        if not self.links:
            return
        href, line_count, start = self.links.pop()
        if line_count != len(text.lines) or not href.lower().startswith(("http://", "https://")):
            return
        label = "".join(text.current[start:]).strip()
        bare = href.split("://", 1)[1].rstrip("/")
        if label and bare not in label and label.rstrip("/") not in (href, bare):
            text.add_raw(f" ({href})")

    def feed(self, source: str) -> None:
        position, length = 0, len(source)
        while position < length:
            start = source.find("<", position)
            if start < 0:
                self.data(source[position:])
                return
            if start > position:
                self.data(source[position:start])
            if source.startswith("<!--", start):
                end = source.find("-->", start + 4)   # unclosed: the rest is a comment
                position = length if end < 0 else end + 3
                continue
            if source.startswith(("<!", "<?"), start):  # doctype, <![if ...]>, <?xml ...?>
                end = source.find(">", start + 2)
                position = length if end < 0 else end + 1
                continue
            match = _NAME.match(source, start + 1)
            if not match:
                self.data("<")
                position = start + 1
                continue
            end = source.find(">", match.end())
            if end < 0:            # an unfinished tag at the end of the document is dropped
                return
            name = match.group(1).lower()
            closing = source[start + 1] == "/"
            position = end + 1
            if name in _SKIPPED and not closing and not source[end - 1] == "/":
                close = _SKIP_END[name].search(source, position)
                position = length if close is None else close.end()
                continue
            self.tag(name, closing, source[match.end():end])

    def data(self, chunk: str) -> None:
        self.text.add(html.unescape(chunk))


def html_to_text(markup: str) -> str:
    """Plain text from HTML, paragraph by paragraph. Never raises on any string.

    Only the first ``MAX_INPUT`` characters are read: no letter needs more, and the cap keeps a
    hostile 25 MB body from holding the worker for seconds.
    """
    if not markup:
        return ""
    converter = _Converter()
    try:
        converter.feed(markup[:MAX_INPUT])
    except Exception:  # a bug here must cost formatting, not the letter: keep what we have
        pass
    return converter.text.render()

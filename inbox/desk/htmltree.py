"""A reader's HTML rebuilt, in one linear pass, as a well-formed tree of bounded depth and work.

Why: an HTML5 parser (nh3's html5ever, and every browser's) repairs broken markup with rules
whose cost is not linear. A stray end tag walks the stack of open elements looking for its
match, so ``<div></span>`` repeated nests for real and costs the square of its length; a
formatting element closed implicitly stays in the "active formatting elements" list and is
re-created inside every later block (``<div><b>`` x 900 then ``<div>x</div>`` x 5,000 turned 72 KB
into 85 MB and 6 s). Counting tags could not bound that: the parser's repairs are the cost.

So we do the repairs ourselves, with simple rules, and hand nh3 a document that needs none:
every element is closed explicitly, in order; nothing is left for the parser to close, move
(foster-parent) or re-create. The rules follow the HTML parser where a letter would show the
difference (``<p>`` closed by a block, ``<li>`` by the next ``<li>``, a new row or cell closing the
last, content directly in a table put into a cell) and are simpler where it would not
(misnested formatting is closed at the first end tag that crosses it).

Every step is counted (:class:`Bound`): tokens, stack walks, pops, attributes and, for each
start tag, the depth at which the parser will handle it (its scope checks walk the stack).
Past ``max_depth`` or ``budget`` the rebuild stops and answers None: the caller shows the
letter as text. The count is also what bounds nh3's work on the result, which is this tree.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import AbstractSet, Mapping

# Elements whose content is not markup: skipped whole, up to their end tag.
RAW_TEXT = {"script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript"}
VOID = {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
        "input", "keygen", "link", "meta", "param", "source", "track", "wbr"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Start tags before which the parser closes an open <p> (the spec's list).
CLOSES_P = HEADINGS | {
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl",
    "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p",
    "search", "section", "summary", "ul", "pre", "listing", "form", "hr", "table", "li", "dd", "dt"}
# The spec's "special" elements that stop the search for an open <li>/<dd>/<dt>.
SPECIAL = CLOSES_P - {"address", "div", "p"} | {"tbody", "td", "tfoot", "th", "thead", "tr", "caption"}
SECTIONS = {"tbody", "thead", "tfoot"}
TABLE_PARTS = {"table", "tr", "td", "th"} | SECTIONS
CELLS = {"td", "th"}
NOT_FLOW = {"table", "tr"} | SECTIONS           # where text or a block needs a cell around it

# The units of work. A token costs the most (this module handles it in Python, then nh3 parses
# and serialises it); a step along the stack is a comparison; the parser's own scope checks at a
# start tag walk the stack in Rust, a few nanoseconds a step. Calibrated in bench/hostile.py.
TOKEN_COST = 8

_TEXT = re.compile(r"[^<]+")
# One attribute: a name, and perhaps = and a value (quoted, or up to a space or >).
_ATTR_SRC = (r"""[^\t\n\f\r />][^\t\n\f\r /=>]*"""
             r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r >]*))?""")
# A start or end tag, as the tokenizer reads it: the name, then attributes, then > (or the end).
_TAG = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*)((?:[\t\n\f\r /]+|" + _ATTR_SRC + r")*)>?")
_ATTR = re.compile(r"""([^\t\n\f\r />][^\t\n\f\r /=>]*)"""
                   r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*("[^"]*"|'[^']*'|[^\t\n\f\r >]*))?""")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_COMMENT_END = re.compile(r"--!?>")


class OverBudget(Exception):
    """The document is too deep or too much work to rebuild within the bound."""


@dataclass
class Bound:
    """What one rebuild may cost, and what it did cost (``work``, ``depth``)."""

    max_depth: int
    budget: int
    work: int = 0
    depth: int = 0

    def spend(self, units: int) -> None:
        self.work += units
        if self.work > self.budget:
            raise OverBudget(f"over the work budget of {self.budget}")


def rebuild(html: str, *, keep: AbstractSet[str], drop: AbstractSet[str],
            attributes: Mapping[str, AbstractSet[str]], bound: Bound) -> str | None:
    """The document as a well-formed tree of the ``keep`` elements (others unwrapped, ``drop``
    ones removed with their content, attributes limited to ``attributes``), or None past ``bound``."""
    try:
        return _Builder(keep, drop, attributes, bound).run(html)
    except OverBudget:
        return None


class _Builder:
    def __init__(self, keep, drop, attributes, bound: Bound):
        self.keep, self.drop, self.attributes, self.bound = keep, drop, attributes, bound
        self.out: list[str] = []
        self.stack: list[str] = []
        self.open = Counter()
        self.dropping = -1          # index in the stack of the dropped element we are inside

    # -- the token loop -------------------------------------------------------------------
    def run(self, html: str) -> str:
        pos, end, bound = 0, len(html), self.bound
        bound.spend(end // 64)           # scanning characters is cheap, but not free
        while pos < end:
            bound.work += TOKEN_COST
            if bound.work > bound.budget:
                raise OverBudget(f"over the work budget of {bound.budget}")
            if html[pos] != "<":
                m = _TEXT.match(html, pos)
                self.text(m.group())
                pos = m.end()
                continue
            m = _TAG.match(html, pos)
            if m is None:
                pos = self._skip_other(html, pos)
                continue
            pos = m.end()
            name = m.group(2).translate(_ASCII_LOWER)
            if m.group(1):
                self.end_tag(name)
            elif name in RAW_TEXT:
                pos = _after_end_tag(html, name, pos)
            elif name == "plaintext":
                pos = end
            else:
                self.start_tag(name, m.group(3))
        self.pop_to(0)
        return "".join(self.out)

    def _skip_other(self, html: str, pos: int) -> int:
        """Past what starts with ``<`` but is not a tag: comments, DOCTYPE, CDATA, bogus
        comments (dropped), or a ``<`` that is only text."""
        if html.startswith("<!--", pos):
            if html.startswith(">", pos + 4) or html.startswith("->", pos + 4):
                return html.index(">", pos + 4) + 1
            m = _COMMENT_END.search(html, pos + 4)
            return m.end() if m else len(html)
        if html.startswith("<![CDATA[", pos):
            found = html.find("]]>", pos)
            return len(html) if found < 0 else found + 3
        if html.startswith(("<!", "<?", "</"), pos):
            if html.startswith("</>", pos):
                return pos + 3
            return _after(html, ">", pos)           # DOCTYPE, bogus comments
        self.text("<")
        return pos + 1

    # -- tree building --------------------------------------------------------------------
    def emit(self, piece: str) -> None:
        if self.dropping < 0:
            self.out.append(piece)

    def text(self, text: str) -> None:
        if self.stack and self.stack[-1] in NOT_FLOW and text.strip("\t\n\f\r "):
            self.open_cell()
        self.emit(text.replace("<", "&lt;"))

    def start_tag(self, name: str, attrs: str) -> None:
        self.bound.spend(len(self.stack) // 8)      # the parser's scope checks walk the stack (in Rust)
        if name in VOID:
            if name in self.keep:
                self.flow_start(name)
                self.emit(self._start(name, attrs))
            return
        if name in self.drop:
            self.push(name)
            if self.dropping < 0:
                self.dropping = len(self.stack) - 1
            return
        if name not in self.keep:
            return                                  # unwrapped: its content stays
        if name in TABLE_PARTS and name != "table":
            if not self.table_part(name):
                return
        else:
            self.flow_start(name)
        self.push(name)
        self.emit(self._start(name, attrs))

    def flow_start(self, name: str) -> None:
        """Close what the parser would close before ``name`` opens, so it never has to."""
        if self.stack and self.stack[-1] in NOT_FLOW:
            self.open_cell()
        if name in ("li", "dd", "dt"):
            siblings = {"li"} if name == "li" else {"dd", "dt"}
            self.close_nearest(siblings, stop=SPECIAL)
        if name == "a":
            self.close_nearest({"a"}, stop=CELLS)
        if name in CLOSES_P:
            self.close_nearest({"p"}, stop={"table"} | CELLS)
        if name in HEADINGS and self.stack and self.stack[-1] in HEADINGS:
            self.pop_to(len(self.stack) - 1)

    def table_part(self, name: str) -> bool:
        """Make room for a row, cell or section in the nearest table; False if there is none."""
        table = self.nearest({"table"}, stop=frozenset())
        if table < 0:
            return False                            # the parser ignores it too
        if name in SECTIONS:
            self.pop_to(table + 1)
            return True
        keep_open = {"table"} | SECTIONS | ({"tr"} if name in CELLS else set())
        while self.stack[-1] not in keep_open:
            self.pop_to(len(self.stack) - 1)
        if name in CELLS and self.stack[-1] != "tr":
            self.push("tr")
            self.emit("<tr>")
        return True

    def open_cell(self) -> None:
        if self.stack[-1] != "tr":
            self.push("tr")
            self.emit("<tr>")
        self.push("td")
        self.emit("<td>")

    def end_tag(self, name: str) -> None:
        if name == "br":
            self.start_tag("br", "")                # the parser reads </br> as <br>
            return
        if not self.open[name]:
            return                                  # nothing to close: ignored, at no cost
        # A table's parts close what is open inside them; anything else stays inside its cell.
        stop = frozenset() if name == "table" else {"table"} if name in TABLE_PARTS else TABLE_PARTS
        found = self.nearest({name}, stop=stop)
        if found >= 0:
            self.pop_to(found)

    # -- the stack ------------------------------------------------------------------------
    def push(self, name: str) -> None:
        self.stack.append(name)
        self.open[name] += 1
        bound = self.bound
        if len(self.stack) > bound.depth:
            bound.depth = len(self.stack)
            if bound.depth > bound.max_depth:
                raise OverBudget(f"nested deeper than {bound.max_depth}")

    def nearest(self, names: AbstractSet[str], *, stop: AbstractSet[str]) -> int:
        """The index of the topmost open element in ``names``, not looking past one in ``stop``
        (nor past the dropped element we are inside: its content cannot close what is outside)."""
        if not any(self.open[n] for n in names):
            return -1
        stack, spend = self.stack, self.bound.spend
        for i in range(len(stack) - 1, max(self.dropping, 0) - 1, -1):
            spend(1)
            if stack[i] in names:
                return i
            if stack[i] in stop:
                return -1
        return -1

    def close_nearest(self, names: AbstractSet[str], *, stop: AbstractSet[str]) -> None:
        found = self.nearest(names, stop=stop)
        if found >= 0:
            self.pop_to(found)

    def pop_to(self, index: int) -> None:
        """Close every element from the top down to (and including) the one at ``index``."""
        self.bound.spend(len(self.stack) - index)
        while len(self.stack) > index:
            name = self.stack.pop()
            self.open[name] -= 1
            if self.dropping == len(self.stack):
                self.dropping = -1
            else:
                self.emit(f"</{name}>")

    def _start(self, name: str, attrs: str) -> str:
        """The start tag with its allowed attributes, in the allowlist's order (the caller may
        rely on that: the sanitiser puts an image's src first)."""
        given: dict[str, str] = {}
        if attrs:
            found = _ATTR.findall(attrs)
            self.bound.spend(2 * len(found))
            for attr, raw in found:
                given.setdefault(attr.translate(_ASCII_LOWER), raw)   # the parser keeps the first
        parts = [name]
        for attr in (*self.attributes.get(name, ()), *self.attributes.get("*", ())):
            raw = given.get(attr)
            if raw is not None:
                quoted = len(raw) > 1 and raw[0] in "'\"" and raw[-1] == raw[0]
                value = raw[1:-1] if quoted else raw
                parts.append(f'{attr}="{value.replace(chr(34), "&quot;")}"')
        return "<" + " ".join(parts) + ">"


def _after(html: str, char: str, pos: int) -> int:
    found = html.find(char, pos)
    return len(html) if found < 0 else found + 1


_RAW_END = {name: re.compile(r"</" + name + r"[\t\n\f\r />]", re.IGNORECASE | re.ASCII) for name in RAW_TEXT}


def _after_end_tag(html: str, name: str, pos: int) -> int:
    """The position after ``</name>`` (any case, as the tokenizer ends raw text), or the end."""
    m = _RAW_END[name].search(html, pos)
    return len(html) if not m else _after(html, ">", m.end() - 1)

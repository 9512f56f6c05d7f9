"""Walking a parsed message: which part is the letter's body, and how a part becomes text.

The stdlib's ``get_body()`` is not used: it returns None for 17 corpus files and its
``get_content()`` raises on unknown charsets and unsplittable multiparts. Here the walk is
explicit, bounded (``MAX_DEPTH`` levels, ``MAX_PARTS`` parts per walk) and every stdlib call that
can raise on hostile input is guarded.

Body choice: in multipart/alternative the first non-empty text/plain, else HTML converted to
paragraphs, else whatever a nested part offers (text/enriched counts as text); in
multipart/related the root part; in multipart/signed the signed part; in multipart/mixed (and
report, digest, anything unknown) the first part that yields a body, plus any further inline
text/plain parts (Apple Mail splits a letter's text around an inline image). Signatures,
calendars and images are never the body; enclosed messages are left to ``forwards``.
"""
from __future__ import annotations

import re
from email.message import Message

from inbox.mail.charsets import decode_bytes
from inbox.mail.html_text import html_to_text
from inbox.mail.rawmail import drop_mime_scaffolding
from inbox.mail.parts import (ENCLOSED_TYPES, Budget, Context, children, content_id,
                              content_type, is_attachment, param, payload_bytes, repaired)

MAX_DEPTH = 50
PLAIN_TYPES = {"text/plain", "text/enriched", "text/richtext", "text/markdown", "text/x-markdown"}
RENDERINGS = PLAIN_TYPES | {"text/html", "text/watch-html"}   # one text, several formats
SIGNATURE_TYPES = {"application/pkcs7-signature", "application/x-pkcs7-signature",
                   "application/pgp-signature"}
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]{1,40})", re.I)
_ENRICHED = re.compile(r"<<|<(/?)([A-Za-z0-9-]{1,60})>")


class Body:
    """A candidate body: its text (HTML converted only when asked: the HTML alternative of a plain
    text body is kept as sent, and converting it would be wasted work), its HTML, and the parts
    it uses up."""

    def __init__(self, text: str | None, html: str | None = None, parts: set[int] | None = None,
                 related: Message | None = None) -> None:
        self._text = text
        self.html = html                  # the HTML representation, as sent
        self.parts = parts or set()       # id() of parts used up by the body
        self.related = related            # the multipart/related holding the HTML (cid: images)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = html_to_text(self.html or "")
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text = value


def decoded_text(part: Message, context: Context) -> str:
    """A text part's content as a str, in whatever charset it really uses."""
    data = payload_bytes(part, context)
    charset = param(part, "charset")
    if charset is None and content_type(part) == "text/html":
        found = _META_CHARSET.search(data[:4096])
        charset = found.group(1).decode("ascii") if found else None
    text, problem = decode_bytes(data, charset)
    if problem:
        context.defect(f"{content_type(part)} part: {problem}")
    return text


def unflow(text: str, delsp: bool) -> str:
    """RFC 3676 format=flowed: join soft-broken lines (ending in a space) back into paragraphs."""
    out: list[str] = []
    pieces: list[str] = []          # the paragraph being joined
    depth_of_pieces = 0

    def flush() -> None:
        if pieces:
            prefix = ">" * depth_of_pieces + (" " if depth_of_pieces else "")
            out.append(prefix + "".join(pieces))
            pieces.clear()

    for line in text.split("\n"):
        line = line.rstrip("\r")
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]                      # space-stuffing
        if pieces and (depth != depth_of_pieces or content == "-- "):
            flush()                     # a new quote depth or the signature line ends a paragraph
        depth_of_pieces = depth
        soft = content.endswith(" ") and content != "-- "
        pieces.append(content[:-1] if soft and delsp else content)
        if not soft:
            flush()
    flush()
    return "\n".join(out)


def enriched_to_text(text: str) -> str:
    """RFC 1896 text/enriched: drop the formatting commands, keep the words and paragraphs."""
    text = text.replace("\r\n", "\n")
    text = _ENRICHED.sub(lambda m: "<" if m.group(0) == "<<" else "", text)
    return re.sub(r"\n(\n*)", lambda m: m.group(1) or " ", text)


def leaf_body(part: Message, context: Context, ctype: str) -> Body | None:
    if ctype in PLAIN_TYPES:
        text = decoded_text(part, context)
        if ctype in ("text/enriched", "text/richtext"):
            text = enriched_to_text(text)
        elif (param(part, "format") or "").lower() == "flowed":
            text = unflow(text, (param(part, "delsp") or "").lower() == "yes")
        return Body(text, None, {id(part)})
    if ctype == "text/html":
        return Body(None, decoded_text(part, context), {id(part)})
    return None


def find_body(part: Message, context: Context, budget: Budget, depth: int = 0) -> Body | None:
    if depth > MAX_DEPTH:
        context.defect(f"MIME parts nested deeper than {MAX_DEPTH} levels were not read")
        return None
    if not budget.spend():
        return None
    ctype = content_type(part)
    if not part.is_multipart():
        if ctype.startswith("multipart/"):
            fixed = repaired(part, context)
            if fixed is not None:
                return find_body(fixed, context, budget, depth + 1)
            body = leaf_body(part, context, "text/plain")   # the broken container's own text
            if body is not None:
                body.text = drop_mime_scaffolding(body.text.replace("\r\n", "\n"))
            return body
        if ctype in ENCLOSED_TYPES or is_attachment(part, context):
            return None
        if ctype.endswith("/plain"):     # application/plain (flanker__signed) and the like
            ctype = "text/plain"
        return leaf_body(part, context, ctype)
    if ctype.startswith("message/"):
        return None
    kids = children(part)
    if ctype == "multipart/alternative":
        return _alternative(kids, context, budget, depth)
    if ctype == "multipart/related":
        return _related(part, kids, context, budget, depth)
    if ctype in ("multipart/signed", "multipart/encrypted"):
        kids = kids[:1]
    return _mixed(kids, context, budget, depth)


def _alternative(kids: list[Message], context: Context, budget: Budget, depth: int) -> Body | None:
    plain = html = other = None
    for kid in kids:
        body = find_body(kid, context, budget, depth + 1)
        if body is None:
            continue
        kind = content_type(kid)
        if kind in PLAIN_TYPES and body.text.strip() and plain is None:
            plain = body
        elif kind == "text/html" and html is None:
            html = body
        elif other is None and (body.html or body.text.strip()):
            other = body
    chosen = plain or html or other
    if chosen is None:
        return None
    richer = html or other
    if chosen is plain and richer is not None and richer.html:
        chosen.html, chosen.related = richer.html, richer.related
    for kid in kids:   # the other renderings of the same text are not attachments (a calendar is)
        kind = content_type(kid)
        if (kind in RENDERINGS or kind.startswith("multipart/")) and not is_attachment(kid, context):
            chosen.parts.add(id(kid))
    for body in (plain, html, other):
        if body is not None:
            chosen.parts |= body.parts
    return chosen


def _related(part: Message, kids: list[Message], context: Context, budget: Budget,
             depth: int) -> Body | None:
    if not kids:
        return None
    start = (param(part, "start") or "").strip().strip("<>")
    root = next((kid for kid in kids if start and content_id(kid) == start), kids[0])
    body = find_body(root, context, budget, depth + 1)
    if body is not None:
        body.related = part
    return body


def _mixed(kids: list[Message], context: Context, budget: Budget, depth: int) -> Body | None:
    body = None
    for kid in kids:
        kind = content_type(kid)
        if kind.startswith("message/"):
            continue
        if body is None:
            body = find_body(kid, context, budget, depth + 1)
        elif not kid.is_multipart() and kind in ("text/plain", "text/html") \
                and not is_attachment(kid, context) and budget.spend():
            extra = leaf_body(kid, context, kind)
            if extra is None:
                continue
            if kind == "text/html" and body.html is None:
                body.html = extra.html
            elif kind == "text/plain" and extra.text.strip():
                body.text = f"{body.text.rstrip()}\n\n{extra.text.strip()}"
            body.parts |= extra.parts
    return body

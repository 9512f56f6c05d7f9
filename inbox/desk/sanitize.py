"""A reader's HTML made inert for an editor's eyes, with nh3 (the maintained Rust sanitiser).

It runs once, when the letter is processed (:mod:`inbox.pipeline.build`), and the result is
stored in ``letters.html_sanitised``; a page view only reads it. Four layers:

0. :mod:`inbox.desk.htmltree` rebuilds the HTML as a well-formed tree within a bound on depth and
   work, so that nh3's parser has nothing to repair and its cost stays linear. A letter past the
   bound is not rendered at all (flag :data:`TOO_COMPLEX_FLAG`): the app shows its text.
1. nh3 keeps an allowlist of text-formatting tags and attributes; scripts, styles, forms,
   frames, objects, SVG and meta are dropped with their content, event handlers and
   ``javascript:`` URLs never survive.
2. Nothing may fetch from elsewhere: every image source except an inline ``cid:`` part is
   removed (the frame embeds those as ``data:`` URLs, raster types only), and any ``style``
   attribute that mentions ``url(``, ``image-set``, ``expression`` or a CSS escape is dropped whole.
3. The web app serves the result into ``<iframe sandbox="">`` with its own CSP
   (:data:`FRAME_CSP`): no script, no plugin, no request to any host, even if 1 and 2 failed.
"""
from __future__ import annotations

import base64
import html as htmllib
import re
from typing import AbstractSet, Callable, Mapping

import nh3

from inbox.desk.htmltree import Bound, rebuild

FRAME_CSP = ("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
             "frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox")

# No caption, col or colgroup: the rebuild unwraps them (their parsing rules are a table of
# special cases, and they only carry a caption's text and column widths).
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "center", "cite", "code",
    "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "small", "span", "strike", "strong",
    "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
# Removed together with everything inside them (not merely unwrapped).
DROP_WITH_CONTENT = {"script", "style", "title", "head", "template", "noscript", "textarea",
                     "select", "option", "iframe", "object", "embed", "svg", "math", "form",
                     "button", "applet", "audio", "video", "canvas", "xml", "noembed", "noframes"}
ATTRIBUTES = {
    "*": {"title", "style", "align", "dir", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "valign", "width"},
    "th": {"colspan", "rowspan", "valign", "width"},
    "table": {"border", "cellpadding", "cellspacing", "width"},
    "font": {"color", "face", "size"},
    "ol": {"start", "type"},
}
STYLE_PROPERTIES = {
    "color", "font-family", "font-size", "font-style", "font-weight", "text-align",
    "text-decoration", "line-height", "margin", "margin-left", "margin-right", "margin-top",
    "margin-bottom", "padding", "padding-left", "padding-right", "padding-top", "padding-bottom",
    "border", "border-left", "white-space", "width", "max-width", "background-color",
    "vertical-align", "list-style-type",
}
INLINE_IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
MAX_INLINE_IMAGE = 2 * 1024 * 1024
_DANGEROUS_CSS = re.compile(r"url\s*\(|image-set|expression|@import|\\|behavior|-moz-binding",
                            re.IGNORECASE)


# Past these the letter is shown as text. Blink's HTML parser stops nesting at 512 elements;
# mail is nowhere near. The work budget is in the rebuild's units (inbox/desk/htmltree.py): a
# 1 MB letter of ordinary markup costs under half of it, and a letter that reaches it costs the
# worker 1-2.5 s once, when it is processed (bench/RESULTS.md, "Hostile HTML").
MAX_DEPTH = 512
WORK_BUDGET = 4_000_000
TOO_COMPLEX_FLAG = "html-too-complex"


def _filter(inline_ids: AbstractSet[str]) -> Callable[[str, str, str], str | None]:
    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if attr == "style" and _DANGEROUS_CSS.search(value):
            return None
        if tag == "img" and attr == "src":
            cid = value.strip()
            if cid[:4].lower() != "cid:":
                return None                     # remote, protocol-relative, data: from the sender...
            found = _cid(cid[4:])
            return f"cid:{found}" if found in inline_ids else None
        return value
    return attribute_filter


def _cid(content_id: str) -> str:
    return content_id.strip("<> ").lower()


def inline_image_ids(parts) -> set[str]:
    """The Content-IDs (normalised) of the parts an ``<img src="cid:...">`` may show: inline
    raster images up to :data:`MAX_INLINE_IMAGE`. ``parts`` have content_id, content_type, size."""
    return {_cid(p.content_id) for p in parts
            if p.content_id and p.content_type.lower() in INLINE_IMAGE_TYPES and p.size <= MAX_INLINE_IMAGE}


def sanitize_html(html: str | None, *, inline_ids: AbstractSet[str] = frozenset(),
                  bound: Bound | None = None) -> str | None:
    """Inert HTML, or None if it cannot be cleaned within the bound (``bound`` says what it cost).
    Inline images stay as ``<img src="cid:ID">`` for :func:`embed_inline_images`."""
    if not html:
        return ""
    bound = bound or Bound(MAX_DEPTH, WORK_BUDGET)
    tree = rebuild(html, keep=TAGS, drop=DROP_WITH_CONTENT - {"head"}, attributes=_ATTRIBUTE_ORDER, bound=bound)
    if tree is None:
        return None
    return nh3.clean(
        tree, tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES,
        attribute_filter=_filter(inline_ids), strip_comments=True, link_rel="noopener noreferrer nofollow",
        url_schemes={"http", "https", "mailto", "cid"}, filter_style_properties=STYLE_PROPERTIES,
    )


# The rebuild writes an image's src first; nh3 keeps the order, so the frame finds inline images
# with one anchored pattern (in its output a literal '<img src="' can only be a real tag).
_ATTRIBUTE_ORDER = {**ATTRIBUTES, "img": ("src", *sorted(ATTRIBUTES["img"] - {"src"}))}
_INLINE_SRC = re.compile(r'<img src="cid:([^"]*)"')


def embed_inline_images(fragment: str, images: Mapping[str, tuple[str, bytes]]) -> str:
    """A stored fragment with its ``cid:`` images as ``data:`` URLs (``images`` maps a Content-ID
    to ``(content_type, bytes)``; only small raster ones are used, the rest lose their source)."""
    usable = {_cid(cid): (ctype.lower(), data) for cid, (ctype, data) in images.items()
              if ctype.lower() in INLINE_IMAGE_TYPES and len(data) <= MAX_INLINE_IMAGE}

    def data_url(m: re.Match) -> str:
        found = usable.get(htmllib.unescape(m.group(1)))
        if not found:
            return "<img"
        return f'<img src="data:{found[0]};base64,{base64.b64encode(found[1]).decode("ascii")}"'
    return _INLINE_SRC.sub(data_url, fragment)


def frame_document(fragment: str) -> str:
    """A whole document for the sandboxed frame: the cleaned fragment and a little type style."""
    return ("<!doctype html><html><head><meta charset=\"utf-8\">"
            "<style>body{font:15px/1.5 Georgia,serif;color:#222;margin:12px;word-wrap:break-word}"
            "img{max-width:100%;height:auto}</style></head><body>" + fragment + "</body></html>")


TOO_COMPLEX_NOTICE = ("This letter's HTML is too complex to show safely (nested too deeply, or too much "
                      "markup to clean in time), so here is its text. The original can be downloaded as "
                      "raw.eml.")
PENDING_NOTICE = ("This letter arrived before its HTML was prepared for display, and the worker has not "
                  "reached it yet, so here is its text. Reload in a minute to see it as sent.")


def as_text_document(text: str | None, *, pending: bool) -> str:
    """The frame's document for a letter whose HTML is not shown: a notice, then its text."""
    notice = PENDING_NOTICE if pending else TOO_COMPLEX_NOTICE
    return frame_document(f'<p class="notice"><em>{notice}</em></p>'
                          f'<pre style="white-space:pre-wrap">{htmllib.escape(text or "")}</pre>')

"""A reader's HTML made inert for an editor's eyes, with nh3 (the maintained Rust sanitiser).

Three layers, each enough on its own against a different mistake:

1. nh3 keeps an allowlist of text-formatting tags and attributes; scripts, styles, forms,
   frames, objects, SVG and meta are dropped with their content, event handlers and
   ``javascript:`` URLs never survive.
2. Nothing may fetch from elsewhere: every image source except an inline ``cid:`` part (which
   we embed as a ``data:`` URL, raster types only) is removed, and any ``style`` attribute that
   mentions ``url(``, ``image-set``, ``expression`` or a CSS escape is dropped whole.
3. The web app serves the result into ``<iframe sandbox="">`` with its own CSP
   (:data:`FRAME_CSP`): no script, no plugin, no request to any host, even if 1 and 2 failed.
"""
from __future__ import annotations

import base64
import re
from typing import Callable, Mapping

import nh3

FRAME_CSP = ("default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; "
             "frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox")

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "center", "cite", "code", "col", "colgroup",
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


def _filter(images: Mapping[str, tuple[str, bytes]]) -> Callable[[str, str, str], str | None]:
    def attribute_filter(tag: str, attr: str, value: str) -> str | None:
        if attr == "style" and _DANGEROUS_CSS.search(value):
            return None
        if tag == "img" and attr == "src":
            cid = value.strip()
            if cid[:4].lower() != "cid:":
                return None                     # remote, protocol-relative, data: from the sender...
            found = images.get(cid[4:].strip("<> ").lower())
            if not found:
                return None
            content_type, content = found
            return f"data:{content_type};base64," + base64.b64encode(content).decode("ascii")
        return value
    return attribute_filter


# The HTML parser's time grows with the square of the nesting depth: 30,000 nested elements
# (1 MB, well under the message size cap) took 18 seconds per page view. Real mail is nowhere near.
MAX_DEPTH = 1000
TOO_DEEP = ("<p><em>This letter's HTML is nested too deeply to show safely. Its text is on the letter "
            "page, and the original can be downloaded as raw.eml.</em></p>")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
# Elements that never nest: void ones, and ones a new sibling closes implicitly (<p><p> is two).
_FLAT = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
         "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot"}


def too_deep(html: str, limit: int = MAX_DEPTH) -> bool:
    """A linear estimate of the element nesting depth, compared with ``limit``."""
    depth = 0
    for match in _TAG.finditer(html):
        if match.group(2).lower() in _FLAT:
            continue
        if match.group(1):
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > limit:
                return True
    return False


def sanitize_html(html: str | None, *, inline_images: Mapping[str, tuple[str, bytes]] | None = None) -> str:
    """Inert HTML. ``inline_images`` maps a Content-ID (no angle brackets, any case) to
    ``(content_type, bytes)``; only small raster images are embedded."""
    if not html:
        return ""
    if too_deep(html):
        return TOO_DEEP
    images = {cid.strip("<> ").lower(): (ctype, data)
              for cid, (ctype, data) in (inline_images or {}).items()
              if ctype in INLINE_IMAGE_TYPES and len(data) <= MAX_INLINE_IMAGE}
    return nh3.clean(
        html, tags=TAGS, clean_content_tags=DROP_WITH_CONTENT, attributes=ATTRIBUTES,
        attribute_filter=_filter(images), strip_comments=True, link_rel="noopener noreferrer nofollow",
        url_schemes={"http", "https", "mailto", "cid"}, filter_style_properties=STYLE_PROPERTIES,
    )


def frame_document(fragment: str) -> str:
    """A whole document for the sandboxed frame: the cleaned fragment and a little type style."""
    return ("<!doctype html><html><head><meta charset=\"utf-8\">"
            "<style>body{font:15px/1.5 Georgia,serif;color:#222;margin:12px;word-wrap:break-word}"
            "img{max-width:100%;height:auto}</style></head><body>" + fragment + "</body></html>")

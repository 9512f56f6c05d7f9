"""Every download the app serves (exports, attachments, the raw .eml): one way to build it.

* The file name per RFC 6266: an ASCII ``filename="..."`` for old clients and the exact name as
  ``filename*=UTF-8''...`` (RFC 5987 percent-encoding). A header must be Latin-1 on the wire, so a
  name such as ``編集者への手紙.txt`` put there raw made the server answer 500.
* Never framed (``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``), never run (a CSP
  sandbox with nothing allowed, if a browser ignored the disposition); no sniffing and no caching
  come from :mod:`inbox.web.security` as for every response.
"""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from flask import Response

DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
# RFC 5987 attr-char besides letters and digits (quote() keeps "_.-~" and alphanumerics).
_ATTR_CHARS = "!#$&+^`|"
# Bidirectional controls would let "invoice\u202etxt.exe" show as "invoiceexe.txt": dropped.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_ASCII = re.compile(r'[^A-Za-z0-9 ._()\[\]+,=@~!#$&\'^{}-]+')


def content_disposition(filename: str, fallback: str) -> str:
    """``attachment`` with ``filename`` (any characters but bidirectional controls) and an ASCII
    stand-in; ``fallback`` is the stand-in when nothing of the name is ASCII (``attachment-7.txt``
    for ``手紙.txt``)."""
    filename = _BIDI.sub("", filename)
    ascii_name = _UNSAFE_ASCII.sub("_", unicodedata.normalize("NFKD", filename)
                                   .encode("ascii", "ignore").decode("ascii")).strip(" ")
    stem = ascii_name.rpartition(".")[0] if "." in ascii_name else ascii_name
    if not any(c.isalnum() for c in stem):          # nothing recognisable left: "手紙.txt" -> ".txt"
        ascii_name = fallback
    ascii_name = ascii_name.lstrip(".") or fallback  # not a hidden file
    header = f'attachment; filename="{ascii_name}"'
    if ascii_name != filename:
        header += "; filename*=UTF-8''" + quote(filename, safe=_ATTR_CHARS)
    return header


def download(data: bytes, filename: str, content_type: str, *, fallback: str) -> Response:
    response = Response(data, status=200)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = content_disposition(filename, fallback)
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    response.headers["X-Frame-Options"] = "DENY"
    return response

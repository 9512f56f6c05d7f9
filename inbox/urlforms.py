"""An article's URL in all its forms, reduced to one key: the one definition that linking, the
article service (create or update by URL) and the API share.

Readers paste links with or without ``www`` or the scheme, with a trailing slash or not, with
``utm_*`` and other tracking parameters, as the AMP or mobile page, through Google's AMP cache,
or as WordPress's short ``?p=123`` link. All of them reduce to ``host/path`` (lower case, no
``www.``/``m.``/``amp.`` prefix, no ``/amp`` segment, no trailing slash) plus the query
parameters that name content, sorted.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

# Query parameters that say where a click came from, never which page it is.
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|ref|ref_src|"
                       r"s|share|cmpid|ito|amp|outputtype|output|__twitter_impression|at_.*)$")
_HOST_PREFIX = re.compile(r"^(?:www\d?|m|mobile|amp)\.")
# https://www-reaction-life.cdn.ampproject.org/c/s/reaction.life/x/  and  google.com/amp/s/reaction.life/x
_AMP_CACHE = re.compile(r"^(?:[^/]+\.cdn\.ampproject\.org/(?:[a-z]/)*|(?:www\.)?google\.[a-z.]+/amp/(?:s/)?)(.+)$")
# A URL in running text: with a scheme, or starting www., or a bare host we know ends in a TLD.
URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:life|com|co\.uk|org|net)/[^\s<>\"'()\[\]]*",
                         re.IGNORECASE)


def url_key(url: str | None) -> str | None:
    """The key of a URL (None for something that is not one)."""
    if not url:
        return None
    text = url.strip().strip(".,;:!?»”’\"'").lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    if (m := _AMP_CACHE.match(text)) is not None:
        text = m.group(1)
    parts = urlsplit("//" + text)
    host = (parts.hostname or "").rstrip(".")
    if not host or "." not in host:
        return None
    host = _HOST_PREFIX.sub("", host)
    segments = [s for s in parts.path.split("/") if s and s != "amp"]
    path = "/".join(segments)
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _TRACKING.match(k))
    key = f"{host}/{path}"
    if query:
        key += "?" + urlencode(query)
    return key[:1000]


def without_tracking(url: str) -> str:
    """The URL as given, less its tracking parameters (what we store and show)."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k.lower())]
    return parts._replace(query=urlencode(query), fragment="").geturl()


def url_keys_in(text: str) -> set[str]:
    """The keys of every URL written in a text (subject, body, references)."""
    return {k for k in (url_key(m.group(0)) for m in URL_IN_TEXT.finditer(text)) if k}

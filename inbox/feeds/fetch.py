"""Fetching a feed over HTTP without trusting the server: a total deadline, a size cap on the
decoded bytes, a bounded number of redirects, http(s) only, and conditional GET.

httpx's timeouts bound each wait (connect, one read), not the whole download: a server dripping a
byte a second would never trip them, so the body is read in chunks against a deadline of our own.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import httpx

MAX_BYTES = 10 * 1024 * 1024     # a year of a daily magazine's feed is well under 1 MB
TIMEOUT = 30.0                   # seconds for the whole fetch, headers to last byte
MAX_REDIRECTS = 5
USER_AGENT = "reaction-letters-inbox/0.1 (+https://reaction.life/)"


class FeedError(Exception):
    """The feed could not be fetched or read (message fit for a log line)."""


@dataclass(frozen=True)
class Fetched:
    content: bytes | None        # None: not modified since the validators we sent
    etag: str | None = None
    last_modified: str | None = None


def fetch(source: str, *, etag: str | None = None, last_modified: str | None = None,
          max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT) -> Fetched:
    """The feed at an http(s) URL or a local path."""
    if not source.lower().startswith(("http://", "https://")):
        return Fetched(_read_file(Path(source), max_bytes))
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + timeout
    per_wait = httpx.Timeout(min(timeout, 10.0))
    try:
        with httpx.Client(timeout=per_wait, follow_redirects=True, max_redirects=MAX_REDIRECTS) as client:
            with client.stream("GET", source, headers=headers) as response:
                if response.url.scheme not in ("http", "https"):
                    raise FeedError(f"redirected to a {response.url.scheme} URL")
                if response.status_code == 304:
                    return Fetched(None, etag, last_modified)
                if response.status_code != 200:
                    raise FeedError(f"HTTP {response.status_code}")
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FeedError(f"{declared} bytes, over the {max_bytes}-byte cap")
                body = _read_capped(response, max_bytes, deadline)
                return Fetched(body, response.headers.get("etag"), response.headers.get("last-modified"))
    except httpx.TooManyRedirects:
        raise FeedError(f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException as e:
        raise FeedError(f"timed out ({type(e).__name__})") from None
    except httpx.HTTPError as e:
        raise FeedError(f"{type(e).__name__}: {e}") from None


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    chunks, total = [], 0
    for chunk in response.iter_bytes():     # decoded: a gzip bomb counts at its inflated size
        total += len(chunk)
        if total > max_bytes:
            raise FeedError(f"over the {max_bytes}-byte cap")
        if time.monotonic() > deadline:
            raise FeedError("too slow: the whole feed did not arrive in time")
        chunks.append(chunk)
    return b"".join(chunks)


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as e:
        raise FeedError(f"{path}: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise FeedError(f"{path}: over the {max_bytes}-byte cap")
    return data

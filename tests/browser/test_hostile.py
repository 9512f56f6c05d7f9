"""Hostile mail opened in a real browser: no dialog, no script, no request to any other host."""
from __future__ import annotations

import uuid

import pytest

from .conftest import ADMIN
from .live import sign_in

pytestmark = pytest.mark.browser

PWN = "window.__pwned=1;document.title='pwned';alert(1)"
HOSTILE_HTML = [
    f"<p>Dear editor</p><script>{PWN}</script>",
    f'<img src="http://evil.example/track.png" onerror="{PWN}"><img src="x" onerror="{PWN}">',
    f'<a href="javascript:{PWN}" id="jslink">click me</a><a href="https://evil.example/">link</a>',
    f'<svg onload="{PWN}"><script>{PWN}</script><image href="http://evil.example/svg.png"/></svg>'
    f'<svg><a xlink:href="javascript:{PWN}"><text>svg</text></a></svg>',
    '<meta http-equiv="refresh" content="0;url=http://evil.example/refresh">',
    '<form action="http://evil.example/form" method="post"><input name="q" value="x"><button>Go</button></form>'
    f'<button formaction="javascript:{PWN}">b</button>',
    '<div style="background:url(http://evil.example/bg.png)">css url</div>'
    '<style>@import url("http://evil.example/x.css"); body{background:url(//evil.example/b.png)}</style>'
    '<link rel="stylesheet" href="http://evil.example/s.css">',
    f'<iframe src="http://evil.example/frame"></iframe><object data="http://evil.example/o.swf"></object>'
    f'<embed src="http://evil.example/e.swf"><video src="http://evil.example/v.mp4" poster="http://evil.example/p.png"></video>',
    f'<base href="http://evil.example/"><img src="relative.png"><details open ontoggle="{PWN}">x</details>',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{PWN}">',
    f'<div style="width:expression(alert(1))">ie</div><p style="background-image:u\\72l(http://evil.example/e.png)">esc</p>',
]


def html_letter(i: int, html: str) -> bytes:
    boundary = uuid.uuid4().hex
    return (f"From: Mallory {i} <mallory{i}@example.org>\r\nTo: letters@reaction.life\r\n"
            f"Subject: <script>{PWN}</script> hostile {i}\r\nMessage-ID: <{uuid.uuid4().hex}@example.org>\r\n"
            f"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n"
            f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSir, <img src=x onerror=\"{PWN}\"> text {i}\r\n"
            f"--{boundary}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body>{html}</body></html>\r\n"
            f"--{boundary}--\r\n").encode()


def test_hostile_letters_are_inert_in_the_browser(live, page):
    for i, html in enumerate(HOSTILE_HTML):
        live.send(html_letter(i, html), sender=f"mallory{i}@example.org")
    live.wait_for_letters(len(HOSTILE_HTML))
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.context.on("request", lambda r: requests.append(r.url))
    sign_in(page, live.url, *ADMIN)                 # the queue lists the hostile subjects too
    page.goto(live.url + "/?tab=automated")
    page.goto(live.url + "/")
    from sqlalchemy import select

    from inbox.models import Letter
    with live.db.factory() as s:
        letters = list(s.execute(select(Letter.id, Letter.html)))
    assert len(letters) == len(HOSTILE_HTML)
    assert sum(1 for _, html in letters if html) >= len(HOSTILE_HTML) - 1   # the parser kept the HTML
    framed = 0
    for letter_id, html in letters:
        page.goto(f"{live.url}/letters/{letter_id}")
        frame = page.locator("iframe.original")
        if html:
            assert frame.get_attribute("sandbox") == ""
            framed += 1
        page.wait_for_load_state("networkidle")
        for link in page.frame_locator("iframe.original").locator("a").all():
            try:                                                # javascript: links were removed
                link.click(timeout=2000, no_wait_after=True)
            except Exception:       # a link the browser will not follow is fine; requests are checked below
                pass
        page.wait_for_timeout(150)
        assert page.evaluate("() => window.__pwned") is None
        assert page.title() != "pwned"
        for frame in page.frames:
            try:
                assert frame.evaluate("() => window.__pwned") is None
            except Exception:      # a frame that refuses evaluation ran no script either
                pass
    assert framed >= 1
    assert dialogs == []
    foreign = [u for u in requests if not u.startswith(live.url + "/") and not u.startswith("data:")
               and u != "about:blank" and not u.startswith("about:srcdoc")]
    assert foreign == [], foreign
    assert not any("evil.example" in u for u in requests)

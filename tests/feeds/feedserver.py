"""A real HTTP server on a free port (http.server in a thread) serving feed files, including the
hostile ones: a broken feed, a 30 MB feed, a slow one, and one that redirects to itself."""
from __future__ import annotations

import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RSS_ITEM = """<item>
  <title>{title}</title>
  <link>https://reaction.life/{slug}/?utm_source=rss&amp;utm_medium=rss</link>
  <guid isPermaLink="false">https://reaction.life/?p={p}</guid>
  <pubDate>{date}</pubDate>
  <description><![CDATA[<p>{summary}</p>]]></description>
  <content:encoded><![CDATA[<p>{body}</p><script>alert(1)</script><p>Write to us at letters@reaction.life</p>]]></content:encoded>
</item>"""


def rss(items: list[dict]) -> bytes:
    body = "\n".join(RSS_ITEM.format(**i) for i in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Reaction</title><link>https://reaction.life/</link><description>Reaction</description>
{body}
</channel></rss>""".encode()


def atom(entries: list[dict]) -> bytes:
    body = "\n".join(f"""<entry><title>{e['title']}</title><id>{e['id']}</id>
<link rel="alternate" href="{e['url']}"/><updated>{e['updated']}</updated>
<summary>{e['summary']}</summary><content type="html">&lt;p&gt;{e['body']}&lt;/p&gt;</content></entry>""" for e in entries)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Reaction</title><id>urn:reaction</id>
<updated>2026-11-30T10:00:00Z</updated>{body}</feed>""".encode()


class FeedServer:
    """``files`` maps a path to bytes; ``/slow`` drips a byte every half second, ``/loop``
    redirects to itself, ``/huge`` streams 30 MB (chunked, no Content-Length), ``/huge-declared``
    says 30 MB up front. Requests are counted by path, and 304s too."""

    def __init__(self):
        self.files: dict[str, bytes] = {}
        self.requests: list[tuple[str, dict]] = []
        self.not_modified = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, dict(self.headers)))
                try:
                    server.handle(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.last_modified = formatdate(time.time() - 3600, usegmt=True)

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        if path == "/loop":
            h.send_response(302)
            h.send_header("Location", "/loop")
            h.send_header("Content-Length", "0")
            h.end_headers()
        elif path == "/slow":
            h.send_response(200)
            h.send_header("Content-Type", "application/rss+xml")
            h.send_header("Content-Length", "100000")
            h.end_headers()
            for _ in range(200):
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(0.5)
        elif path in ("/huge", "/huge-declared"):
            h.send_response(200)
            h.send_header("Content-Type", "application/rss+xml")
            size = 30 * 1024 * 1024
            if path == "/huge-declared":
                h.send_header("Content-Length", str(size))
            else:
                h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            chunk = b"<!-- " + b"x" * 65_000 + b" -->"
            for _ in range(size // len(chunk) + 1):
                data = chunk if path == "/huge-declared" else b"%x\r\n%s\r\n" % (len(chunk), chunk)
                h.wfile.write(data)
        elif path in self.files:
            content = self.files[path]
            etag = f'"{hash(content) & 0xffffffff:x}"'
            if h.headers.get("If-None-Match") == etag:
                self.not_modified += 1
                h.send_response(304)
                h.send_header("ETag", etag)
                h.end_headers()
                return
            h.send_response(200)
            h.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            h.send_header("Content-Length", str(len(content)))
            h.send_header("ETag", etag)
            h.send_header("Last-Modified", self.last_modified)
            h.end_headers()
            h.wfile.write(content)
        else:
            h.send_response(404)
            h.send_header("Content-Length", "0")
            h.end_headers()

    def start(self) -> "FeedServer":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

"""The web app under waitress on a real socket, as ``inbox serve`` runs it, and a browser-free
HTTP client with its own cookies and its own address (sent as X-Forwarded-For, which the app
believes only with INBOX_TRUSTED_PROXIES)."""
from __future__ import annotations

import http.client
import re
import threading
from contextlib import contextmanager
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from inbox.cli.serve import web_server
from inbox.web import create_app
from tests.conftest import free_port

_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@contextmanager
def serving(settings, db):
    """Yield the port of the app on ``settings`` and ``db``, served by waitress."""
    port = free_port()
    srv = web_server(create_app(settings, db=db), settings, host="127.0.0.1", port=port, threads=4)
    thread = threading.Thread(target=_run, args=(srv,), daemon=True)
    thread.start()
    try:
        yield port
    finally:
        srv.close()


def _run(srv) -> None:
    try:
        srv.run()
    except OSError:
        pass            # closed by the fixture while it waited in select()


class Client:
    """A browser without a browser: its own cookies and address, one request at a time."""

    def __init__(self, port: int, address: str):
        self.port, self.address = port, address
        self.cookies: dict[str, str] = {}
        self.headers: dict[str, str] = {}       # sent with every request (e.g. X-Forwarded-Proto)

    def request(self, method: str, path: str, form: dict | None = None) -> http.client.HTTPResponse:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"X-Forwarded-For": self.address, **self.headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST" and self.headers.get("X-Forwarded-Proto") == "https":
            # Over HTTPS the CSRF check also wants a same-origin Referer, as a browser sends it.
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.body = response.read()
        response.text = response.body.decode("utf-8", errors="replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response

    def token(self, path: str) -> str:
        return _TOKEN.search(self.request("GET", path).text).group(1)

    def sign_in(self, email: str, password: str) -> http.client.HTTPResponse:
        return self.request("POST", "/signin", {"email": email, "password": password,
                                                "csrf_token": self.token("/signin")})

    def sign_out(self) -> None:
        assert self.request("POST", "/signout", {"csrf_token": self.token("/")}).status == 302

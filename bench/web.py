"""The web app under its production server, and a signed-in keep-alive HTTP client for timing it.

``web_server(store)`` runs ``python -m inbox serve`` (waitress, 4 page threads) as a subprocess on free
ports; ``Browser`` signs in by posting the sign-in form with its CSRF token and keeps the session
cookie, one persistent ``http.client`` connection, so each timing is one request and response.
"""
from __future__ import annotations

import http.client
import re
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.servers import Store, free_port, wait_port


@contextmanager
def web_server(store: Store, smtp_port: int | None = None):
    """Yield the web port of ``inbox serve`` on the store's database; stop it afterwards."""
    with serve_process(store, smtp_port) as (web, _):
        yield web


@contextmanager
def serve_process(store: Store, smtp_port: int | None = None):
    """``inbox serve`` on the store's database: yield (web port, process)."""
    web, smtp = free_port(), smtp_port or free_port()
    proc = subprocess.Popen([sys.executable, "-m", "inbox", "serve", "--host", "127.0.0.1",
                             "--smtp-port", str(smtp), "--web-port", str(web)], env=store.env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(smtp, proc, timeout=120)
        _wait_http(web, proc)
        yield web, proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_http(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"inbox serve exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the web app did not start")


class Unavailable(RuntimeError):
    retry_after = 5


class Browser:
    """One signed-in editor: a keep-alive connection and the session cookie."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed the kept-alive connection meanwhile (gunicorn's gthread workers
            # after their keep-alive seconds): reconnect once, as a browser does.
            self.conn.close()
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
        data = resp.read()
        for value in resp.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return resp.status, data

    def get(self, path: str) -> bytes:
        status, data = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        return data

    def sign_in(self, email: str, password: str, attempts: int = 5) -> None:
        """Sign in; a 503 (the database busy past its timeout, as on a loaded machine while the
        worker starts on a large database) is retried after its Retry-After, a few times."""
        for _ in range(attempts - 1):
            try:
                return self._sign_in(email, password)
            except Unavailable as busy:
                time.sleep(busy.retry_after)
        self._sign_in(email, password)

    def _sign_in(self, email: str, password: str) -> None:
        status, page = self.request("GET", "/signin")
        if status == 503:
            raise Unavailable()
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        if status != 200 or not token:
            raise RuntimeError(f"no sign-in form ({status})")
        form = urlencode({"csrf_token": token.group(1).decode(), "email": email, "password": password})
        status, _ = self.request("POST", "/signin", form.encode(),
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        if status == 503:
            raise Unavailable()
        if status != 302:
            raise RuntimeError(f"sign-in answered {status}")

    def time(self, paths: list[str], requests: int, warmup: int = 5) -> dict:
        """Request the paths round-robin ``requests`` times (after a warm-up); latency in ms."""
        for i in range(warmup):
            self.get(paths[i % len(paths)])
        times = []
        for i in range(requests):
            started = time.perf_counter()
            self.get(paths[i % len(paths)])
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        return dict(p50_ms=round(statistics.median(times), 1),
                    p95_ms=round(times[min(len(times) - 1, int(len(times) * 0.95))], 1),
                    max_ms=round(times[-1], 1))

    def close(self) -> None:
        self.conn.close()

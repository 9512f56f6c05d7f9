"""The web app in this process, timed through Werkzeug's test client: wall time and the CPU time
this thread spent on each request (``time.thread_time``).

Beside the HTTP figures of ``bench.web``: a loaded machine inflates wall time (the request waits
for a core) but not the CPU a request costs, so the CPU figure says what a page costs whatever
the others on the machine are doing. Request, routing, view, queries (the database driver runs
in this thread; SQLite's work is in-thread too, PostgreSQL's is in the server and not counted),
template and response, without the socket and the WSGI server.
"""
from __future__ import annotations

import re
import statistics
import time
from typing import Mapping


def _ms(values: list[float], name: str) -> dict:
    values = sorted(values)
    return {f"{name}_p50_ms": round(statistics.median(values), 1),
            f"{name}_p95_ms": round(values[min(len(values) - 1, int(len(values) * 0.95))], 1)}


class InProcess:
    """One signed-in editor on an app built from ``env`` (the store's INBOX_* settings)."""

    def __init__(self, env: Mapping[str, str]):
        from inbox.config import Settings
        from inbox.web import create_app

        self.app = create_app(Settings.from_env(env))
        self.client = self.app.test_client()

    def sign_in(self, email: str, password: str) -> None:
        page = self.client.get("/signin").get_data()
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        response = self.client.post("/signin", data={"csrf_token": token.group(1).decode() if token else "",
                                                     "email": email, "password": password})
        if response.status_code != 302:
            raise RuntimeError(f"sign-in answered {response.status_code}")

    def time(self, paths: list[str], requests: int, warmup: int = 5) -> dict:
        """Like ``bench.web.Browser.time``; cpu_p50_ms / cpu_p95_ms are this thread's CPU time."""
        for i in range(warmup):
            self._get(paths[i % len(paths)])
        walls, cpus = [], []
        for i in range(requests):
            wall, cpu = time.perf_counter(), time.thread_time()
            self._get(paths[i % len(paths)])
            cpus.append((time.thread_time() - cpu) * 1000)
            walls.append((time.perf_counter() - wall) * 1000)
        return {**_ms(walls, "wall"), **_ms(cpus, "cpu")}

    def _get(self, path: str) -> None:
        response = self.client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")
        response.get_data()

    def close(self) -> None:
        self.app.extensions["inbox.db"].engine.dispose()

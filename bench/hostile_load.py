"""The load part of ``python -m bench --only hostile``: server configurations compared under the
same load, alternately, so that the machine's other load hits each alike.

``clients`` signed-in keep-alive clients (threads here) open the letter views and frames in a loop
while a probe in a process of its own (:mod:`bench.probe`) times ``/healthz`` every 20 ms. Each
configuration runs on the same database; the windows alternate configuration by configuration,
``rounds`` times. Per configuration: ``/healthz`` p50 / p95 / max, the pages' p95 and rate, and
the server's CPU time per page (which the machine's load does not inflate), with the load average.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from bench.servers import Store, free_port
from bench.web import Browser, _wait_http

HEALTH_TARGET_P95_MS, PAGE_TARGET_MS = 50, 1000

# name -> the command line after ``python -m`` (None: the ``inbox serve`` already running).
CONFIGS = {
    "inbox serve as shipped (health lane, switch interval 1 ms)": None,
    "before: waitress 8 threads, one queue": ["bench.webonly", "{port}", "8", "0", "0"],
    "the health lane alone (switch interval 5 ms)": ["bench.webonly", "{port}", "8", "0", "1"],
    "gunicorn 2 workers x 4 threads (gthread)": ["gunicorn", "--workers", "2", "--threads", "4", "--worker-class",
                                                 "gthread", "--bind", "127.0.0.1:{port}", "inbox.web:create_app()"],
}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its descendants (gunicorn's workers, serve's worker)."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            for child in task.read_text().split():
                total += _cpu_seconds(int(child))
    except OSError:
        pass
    return total


def _settled(pid: int, timeout: float = 30) -> None:
    """Wait until a server has finished starting (gunicorn's workers boot after the first answers):
    its CPU time stops growing, so that start-up is not counted as the cost of pages."""
    deadline, last = time.monotonic() + timeout, _cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = _cpu_seconds(pid)
        if now - last < 0.02:
            return
        last = now


@contextmanager
def servers(store: Store, serve_port: int, serve_pid: int, names: list[str]):
    """Start every configuration's server on the store's database; yield {name: (port, pid)}."""
    procs, started = [], {}
    try:
        for name in names:
            argv = CONFIGS[name]
            if argv is None:
                started[name] = (serve_port, serve_pid)
                continue
            port = free_port()
            proc = subprocess.Popen([sys.executable, "-m", *[a.format(port=port) for a in argv]], env=store.env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(proc)
            _wait_http(port, proc, timeout=120)
            started[name] = (port, proc.pid)
        for _, pid in started.values():
            _settled(pid)
        yield started
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@contextmanager
def signed_in(started: dict, user: tuple[str, str], clients: int):
    """``clients`` signed-in keep-alive browsers per configuration, made once (a sign-in hashes
    a password: doing it per window would load the machine and lengthen the run)."""
    browsers = {}
    try:
        for name, (port, _) in started.items():
            browsers[name] = []
            for _ in range(clients):
                b = Browser(port)
                browsers[name].append(b)
                b.sign_in(*user)
        yield browsers
    finally:
        for b in (b for group in browsers.values() for b in group):
            b.close()


def _window(port: int, browsers: list[Browser], paths: list[str], seconds: float):
    """One load window: (healthz times, page times)."""
    stop = threading.Event()
    page_times: list[float] = []

    def loop(b: Browser, k: int) -> None:
        while not stop.is_set():
            started = time.perf_counter()
            b.get(paths[k % len(paths)])
            page_times.append((time.perf_counter() - started) * 1000)
            k += 1

    threads = [threading.Thread(target=loop, args=(b, i)) for i, b in enumerate(browsers)]
    for t in threads:
        t.start()
    try:
        probe = subprocess.run([sys.executable, "-m", "bench.probe", str(port), str(seconds), "20"],
                               capture_output=True, text=True, check=True)
    finally:
        stop.set()
        for t in threads:
            t.join()
    return json.loads(probe.stdout), page_times


def idle_floor(started: dict, seconds: float, percentiles) -> dict:
    """``/healthz`` of the first configuration with no other client: what this machine's own
    load costs the probe (scheduling the probe and the server), the floor under every figure."""
    port, _ = next(iter(started.values()))
    load = os.getloadavg()[0]
    probe = subprocess.run([sys.executable, "-m", "bench.probe", str(port), str(seconds), "20"],
                           capture_output=True, text=True, check=True)
    h = percentiles(json.loads(probe.stdout))
    return dict(name=f"healthz, {next(iter(started))}, no other client (the machine's floor)",
                load_1min=round(load, 1), healthz_p50_ms=h["p50_ms"], healthz_p95_ms=h["p95_ms"],
                healthz_max_ms=h["max_ms"])


def compare(started: dict, browsers: dict, ids: dict[str, int], *, seconds: float, rounds: int, what: str,
            percentiles) -> list[dict]:
    paths = [p for i in ids.values() for p in (f"/letters/{i}", f"/letters/{i}/original.html")]
    figures = {name: dict(health=[], pages=[], cpu=0.0, wall=0.0) for name in started}
    load_before = os.getloadavg()
    for _ in range(rounds):
        for name, (port, pid) in started.items():
            cpu, wall = _cpu_seconds(pid), time.perf_counter()
            health, pages = _window(port, browsers[name], paths, seconds)
            f = figures[name]
            f["cpu"] += _cpu_seconds(pid) - cpu
            f["wall"] += time.perf_counter() - wall
            f["health"] += health
            f["pages"] += pages
    load = f"{load_before[0]:.1f} -> {os.getloadavg()[0]:.1f}"
    rows = []
    for name, f in figures.items():
        h, p = percentiles(f["health"]), percentiles(f["pages"])
        rows.append(dict(name=f"{what}: {name}", load_1min=load,
                         healthz_p50_ms=h["p50_ms"], healthz_p95_ms=h["p95_ms"], healthz_max_ms=h["max_ms"],
                         healthz_target="met" if h["p95_ms"] < HEALTH_TARGET_P95_MS else "MISSED",
                         pages_p95_ms=p["p95_ms"], pages_max_ms=p["max_ms"],
                         pages_per_s=round(len(f["pages"]) / f["wall"], 1),
                         server_cpu_ms_per_page=round(f["cpu"] * 1000 / max(1, len(f["pages"])), 1)))
    return rows

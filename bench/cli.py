"""How long an ``inbox`` command takes to start (issue 13: under 0.5 s). Each command runs as a
fresh process of the installed ``inbox`` script, ``runs`` times, on a migrated empty database;
median and slowest wall time. ``python -c pass`` is the floor: what the interpreter alone costs
on this machine. The ``--help`` rows are the start proper (imports, settings, argument parsing);
the others do their work too (migrations check, processing, the query) and are reported."""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.servers import Store

START_TARGET_S = 0.5
STARTS = (["--help"], ["letters", "--help"], ["export", "--help"], ["users", "--help"],
          ["backup", "--help"], ["serve", "--help"])
WORK = (["letters"], ["users", "list"], ["export", "--format", "json"], ["db", "upgrade"])


def _script() -> list[str]:
    script = Path(sys.executable).parent / "inbox"
    return [str(script)] if script.exists() else [sys.executable, "-m", "inbox"]


def _time(command: list[str], env: dict, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, env=env, check=True, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def _row(name: str, times: list[float], target: bool) -> dict:
    median = statistics.median(times)
    row = dict(name=name, median_s=round(median, 3), max_s=round(max(times), 3), runs=len(times))
    if target:
        row["target_0.5s"] = "met" if median < START_TARGET_S else "MISSED"
    return row


def bench_cli(runs: int, pg_url: str | None) -> list[dict]:
    store = Store(pg_url)
    try:
        inbox = _script()
        subprocess.run([*inbox, "db", "upgrade"], env=store.env, check=True, timeout=300,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = [_row("python -c pass (the floor)", _time([sys.executable, "-c", "pass"], store.env, runs), False)]
        rows += [_row("inbox " + " ".join(args), _time([*inbox, *args], store.env, runs), True) for args in STARTS]
        rows += [_row("inbox " + " ".join(args) + " (with its work)", _time([*inbox, *args], store.env, runs), False)
                 for args in WORK]
        return rows
    finally:
        store.close()

"""How long an ``inbox`` command takes to start (issue 13: under 0.5 s). Each command runs as a
fresh process of the installed ``inbox`` script, ``runs`` times, on a migrated database holding one letter;
median and slowest wall time, and the median CPU time. ``python -c pass`` is the floor: what the interpreter alone costs
on this machine. The ``--help`` rows are the start proper (imports, settings, argument parsing);
the others do their work too (migrations check, processing, the query) and are reported."""
from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import data
from bench.servers import Store

START_TARGET_S = 0.5
STARTS = (["--help"], ["letters", "--help"], ["export", "--help"], ["users", "--help"],
          ["backup", "--help"], ["serve", "--help"])
WORK = (["letters"], ["users", "list"], ["export", "--format", "json"], ["db", "upgrade"])


def _script() -> list[str]:
    script = Path(sys.executable).parent / "inbox"
    return [str(script)] if script.exists() else [sys.executable, "-m", "inbox"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time(command: list[str], env: dict, runs: int) -> tuple[list[float], list[float]]:
    """Wall seconds and CPU seconds (user + system, which other load inflates far less) per run."""
    times, cpu = [], []
    for _ in range(runs):
        started, cpu_before = time.perf_counter(), _children_cpu()
        subprocess.run(command, env=env, check=True, timeout=120,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
        cpu.append(_children_cpu() - cpu_before)
    return times, cpu


def _row(name: str, measured: tuple[list[float], list[float]], target: bool) -> dict:
    times, cpu = measured
    median = statistics.median(times)
    row = dict(name=name, median_s=round(median, 3), max_s=round(max(times), 3),
               cpu_median_s=round(statistics.median(cpu), 3), runs=len(times), load_1min=round(os.getloadavg()[0], 1))
    if target:
        row["target_0.5s"] = "met" if median < START_TARGET_S else "MISSED"
    return row


def _one_letter(store: Store) -> None:
    """One acknowledged message, as the listener stores it: the commands then have a letter to
    list, and the first ``inbox letters`` (not timed) makes it a letter."""
    from sqlalchemy import create_engine

    from inbox.intake.store import IncomingMessage, MessageStore

    engine = create_engine(store.url)
    writer = MessageStore(engine)
    try:
        writer.write([writer.prepare(IncomingMessage(data.letter(0), "bench@example.org", ("letters@reaction.life",)))])
    finally:
        writer.close()
        engine.dispose()


def bench_cli(runs: int, pg_url: str | None) -> list[dict]:
    store = Store(pg_url)
    try:
        inbox = _script()
        subprocess.run([*inbox, "db", "upgrade"], env=store.env, check=True, timeout=300,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _one_letter(store)
        subprocess.run([*inbox, "letters"], env=store.env, check=True, timeout=300,     # processes it
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows = [_row("python -c pass (the floor)", _time([sys.executable, "-c", "pass"], store.env, runs), False)]
        rows += [_row("inbox " + " ".join(args), _time([*inbox, *args], store.env, runs), True) for args in STARTS]
        rows += [_row("inbox " + " ".join(args) + " (with its work)", _time([*inbox, *args], store.env, runs), False)
                 for args in WORK]
        return rows
    finally:
        store.close()

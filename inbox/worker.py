"""The processor in its own process, so parsing never competes with the SMTP event loop.

Python threads share one interpreter lock: parsing, linking and indexing in the listener's process
(about 1 ms of CPU per letter) came straight off the rate at which it could answer SMTP. ``inbox
smtp`` and ``inbox serve`` therefore start ``inbox worker --parent-pipe`` as a child process and
wake it through its stdin after every group commit (one byte, never blocking: a full pipe already
means "there is work"). When the parent goes away, for whatever reason, the pipe reaches EOF and
the worker processes what is pending and exits, so no orphan is left behind. The worker also polls,
so nothing waits long for a lost wake-up; and ``inbox letters``/``export`` process pending messages
themselves, so every acknowledged message is accounted for even without a worker.
"""
from __future__ import annotations

import logging
import os
import select
import signal
import subprocess
import sys
import time

from inbox.config import Settings

log = logging.getLogger(__name__)
RESPAWN_SECONDS = 5.0
GATHER_SECONDS = 0.05


class WorkerProcess:
    """A child ``inbox worker``, with the :class:`inbox.processing.Processor` interface."""

    def __init__(self, poll_seconds: float = 2.0):
        self._poll = poll_seconds
        self._proc: subprocess.Popen | None = None
        self._started = 0.0

    def start(self) -> "WorkerProcess":
        self._proc = subprocess.Popen([sys.executable, "-m", "inbox", "worker", "--parent-pipe",
                                       "--poll", str(self._poll)], stdin=subprocess.PIPE)
        os.set_blocking(self._proc.stdin.fileno(), False)
        self._started = time.monotonic()
        return self

    def wake(self) -> None:
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is not None:
            if time.monotonic() - self._started > RESPAWN_SECONDS:
                log.warning("the worker exited with %s; starting another", proc.returncode)
                self.start()
            return
        try:
            os.write(proc.stdin.fileno(), b".")
        except (BlockingIOError, BrokenPipeError, OSError):
            pass    # a full pipe is a pending wake-up already; a dead worker is respawned above

    def stop(self, timeout: float = 30) -> None:
        proc, self._proc = self._proc, None
        if proc is None:
            return
        proc.stdin.close()          # EOF: finish what is pending, then exit
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.terminate()
            proc.wait(10)


def lower_priority(priority: str) -> None:
    """Answering SMTP comes first: a sender kept waiting times out and sends again, adding load,
    while a stored message waits safely. With "idle" (the default) the kernel runs the worker only
    on CPU time nothing else wants (SCHED_IDLE), so under a flood the listener keeps the CPU and
    the worker catches up as the flood eases: on two cores this took the listener from about
    1,350 to 1,800 letters/s at 10 clients (bench/RESULTS.md); a nice increment of 10 gained little,
    because a waking listener still waited for the worker's time slice.

    The cost: the worker also holds SQLite's write lock for its short write phase (about 25 ms
    per 100 letters). The processes that wait for that lock (listener, web) sleep meanwhile and
    so leave the CPU to the worker; only some unrelated program keeping every core busy could
    stretch that wait. ``INBOX_WORKER_PRIORITY=normal`` (or 1-19, a nice increment) if so."""
    if priority == "normal":
        return
    if priority == "idle":
        try:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            return
        except (AttributeError, OSError):    # not Linux: the lowest nice value instead
            priority = "19"
    os.nice(int(priority))


def run_worker(settings: Settings, *, parent_pipe: bool, poll_seconds: float = 2.0) -> None:
    """Process stored messages until stopped (SIGTERM/SIGINT) or, with ``parent_pipe``, until
    stdin reaches EOF; woken early by any byte on stdin."""
    from inbox.processing import process_pending
    from inbox.runtime import open_database

    lower_priority(settings.worker_priority)
    db = open_database(settings, upgrade=False, seed=False)
    stopping = []
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.append(True))
    fd = sys.stdin.fileno() if parent_pipe else None
    try:
        while not stopping:
            try:
                process_pending(db.factory, settings)
            except Exception:   # the database may be down; the messages wait safely
                log.warning("processing pending messages failed; will retry", exc_info=True)
            if fd is None:
                time.sleep(poll_seconds)
                continue
            try:
                ready, _, _ = select.select([fd], [], [], poll_seconds)
            except InterruptedError:
                continue
            if ready and not os.read(fd, 65536):    # EOF: the parent has gone
                process_pending(db.factory, settings)
                return
            if ready:
                # Let the letters of a busy moment gather into one batch: each batch costs one
                # write transaction, and the listener waits for the write lock meanwhile.
                time.sleep(GATHER_SECONDS)
    finally:
        db.engine.dispose()

"""What runs ``process_pending`` beside a listener: a thread, or a child process.

Both have one small interface (``start``, ``wake``, ``stop``) and one loop (:func:`run_loop`):
process what is pending, wait for a wake-up or the poll interval, again. The listener calls
``wake`` after every group commit.

The child process (:class:`WorkerProcess`, ``inbox worker --parent-pipe``) is what ``inbox smtp``
and ``inbox serve`` run. Python threads share one interpreter lock: parsing, linking and indexing
in the listener's process (about 1 ms of CPU per letter) came straight off the rate at which it
could answer SMTP. The child is woken through its stdin (one byte, never blocking: a full pipe
already means "there is work"). When the parent goes away, for whatever reason, the pipe reaches
EOF and the worker processes what is pending and exits, so no orphan is left behind. The worker
also polls, so nothing waits long for a lost wake-up; and ``inbox letters``/``export`` process
pending messages themselves, so every acknowledged message is accounted for even without a worker.

The thread (:class:`Processor`) serves the tests that build a listener in-process.
"""
from __future__ import annotations

import enum
import logging
import os
import select
import signal
import subprocess
import sys
import threading
import time
from typing import Callable, Protocol

from sqlalchemy.orm import Session, sessionmaker

from inbox.config import Settings
from inbox.pipeline.backfill import Backfill, process_then_backfill
from inbox.readers.notices import close_out
from inbox.readers.outbox import deliver_due

log = logging.getLogger(__name__)
RESPAWN_SECONDS = 5.0
GATHER_SECONDS = 0.05


class Runner(Protocol):
    def start(self) -> "Runner": ...
    def wake(self) -> None: ...
    def stop(self) -> None: ...


class Wait(enum.Enum):
    TIMEOUT = "timeout"     # the poll interval passed: look for work anyway
    WOKEN = "woken"         # a commit happened: there is work
    CLOSED = "closed"       # the parent has gone: process what is pending, then return
    STOP = "stop"           # asked to stop (a signal, or stop()): return now


def run_loop(process: Callable[[], object], wait: Callable[[], Wait], *, gather: float = 0.0) -> None:
    """Process, then wait, until ``wait`` says CLOSED or STOP; a failed round is logged and
    retried."""
    while True:
        try:
            process()
        except Exception:   # the database may be down; the messages wait safely
            log.warning("processing pending messages failed; will retry", exc_info=True)
        outcome = wait()
        if outcome is Wait.STOP:
            return
        if outcome is Wait.CLOSED:
            process()
            return
        if outcome is Wait.WOKEN and gather:
            # Let the letters of a busy moment gather into one batch: each batch costs one write
            # transaction, and the listener waits for the write lock meanwhile.
            time.sleep(gather)


CLOSE_OUT_SECONDS = 3600.0


class Round:
    """One round of the worker: pending messages into letters (and the backfill of older
    letters' sanitised HTML, while ``keep_going()``), then mail to readers that is due (and,
    hourly, the close-out sweep). Mail is sent after processing, so a round's acknowledgements
    go out in the same round."""

    def __init__(self, factory: sessionmaker[Session], settings: Settings, *,
                 keep_going: Callable[[], bool] = lambda: True):
        self.factory, self.settings = factory, settings
        self._backfill = Backfill(factory, settings)
        self._keep_going = keep_going
        self._closed_out = 0.0

    def __call__(self) -> None:
        process_then_backfill(self.factory, self.settings, self._backfill, keep_going=self._keep_going)
        if self.settings.outbound_relay is None:
            return
        if time.monotonic() - self._closed_out > CLOSE_OUT_SECONDS:
            self._closed_out = time.monotonic()
            close_out(self.factory, self.settings)
        deliver_due(self.factory, self.settings)


class Processor:
    """The loop in a background thread of this process."""

    def __init__(self, factory: sessionmaker[Session], settings: Settings, poll_seconds: float = 2.0):
        self._poll = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._process = Round(factory, settings, keep_going=lambda: not self._stop.is_set())
        self._thread = threading.Thread(target=run_loop, args=(self._process, self._wait),
                                        name="processor", daemon=True)

    def _wait(self) -> Wait:
        woken = self._wake.wait(self._poll)
        self._wake.clear()
        if self._stop.is_set():
            return Wait.STOP
        return Wait.WOKEN if woken else Wait.TIMEOUT

    def start(self) -> "Processor":
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)


class WorkerProcess:
    """A child ``inbox worker --parent-pipe``, woken through its stdin."""

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


def run_worker(factory: sessionmaker[Session], settings: Settings, *, parent_pipe: bool,
               poll_seconds: float = 2.0) -> None:
    """The body of ``inbox worker``: the loop in this process until SIGTERM/SIGINT or, with
    ``parent_pipe``, until stdin reaches EOF; woken early by any byte on stdin."""
    stopping = []           # a signal, or (with parent_pipe) the parent gone
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.append(True))
    fd = sys.stdin.fileno() if parent_pipe else None

    def wait() -> Wait:
        if stopping:
            return Wait.STOP
        if fd is None:
            time.sleep(poll_seconds)
            return Wait.STOP if stopping else Wait.TIMEOUT
        try:
            ready, _, _ = select.select([fd], [], [], poll_seconds)
        except InterruptedError:
            return Wait.STOP if stopping else Wait.TIMEOUT
        if stopping:
            return Wait.STOP
        if not ready:
            return Wait.TIMEOUT
        if os.read(fd, 65536):
            return Wait.WOKEN
        stopping.append(True)       # EOF: the parent has gone; process what is pending, no backfill
        return Wait.CLOSED

    run_loop(Round(factory, settings, keep_going=lambda: not stopping), wait, gather=GATHER_SECONDS)

"""A letter acknowledged with 250 survives the listener being killed with SIGKILL."""
from __future__ import annotations

import json
import os
import signal
import smtplib
import subprocess
import sys
import time

from tests.conftest import free_port, make_letter


def start_listener(env, port):
    # The log goes to a file: a pipe nobody reads would fill up and block the listener.
    os.makedirs(env["INBOX_DATA_DIR"], exist_ok=True)
    log = open(os.path.join(env["INBOX_DATA_DIR"], f"smtp-{port}.log"), "ab")
    proc = subprocess.Popen([sys.executable, "-m", "inbox", "smtp", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=5) as c:
                c.noop()
                return proc
        except OSError:
            assert proc.poll() is None, open(log.name, errors="replace").read()[-2000:]
            time.sleep(0.1)
    raise AssertionError("the listener did not start")


def test_acknowledged_letters_survive_sigkill(tmp_path, settings):
    env = {**os.environ, "INBOX_DATA_DIR": str(settings.data_dir)}
    if settings.database_url:
        env["INBOX_DATABASE_URL"] = settings.database_url
    port = free_port()
    proc = start_listener(env, port)
    acknowledged = []
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as c:
            for i in range(20):
                c.sendmail("a@example.org", "letters@reaction.life",
                           make_letter(subject=f"Letter {i}", message_id=f"<kill-{i}@example.org>"))
                acknowledged.append(f"kill-{i}@example.org")
    finally:
        proc.send_signal(signal.SIGKILL)   # no chance to flush or clean up
        proc.wait()
    proc = start_listener(env, port)       # the restart must also cope with whatever was left
    proc.send_signal(signal.SIGTERM)
    proc.wait(30)
    out = subprocess.run([sys.executable, "-m", "inbox", "letters"], env=env, capture_output=True, check=True)
    stored = [row["message_id"] for row in json.loads(out.stdout)]
    assert sorted(stored) == sorted(acknowledged)


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as f:
            found += [int(c) for c in f.read().split()]
    return found


def _worker_of(proc) -> int:
    (worker,) = _children(proc.pid)
    return worker


def _wait_for(check, timeout=30):
    # The worker lowers its priority once it has started up.
    deadline = time.monotonic() + timeout
    while not check() and time.monotonic() < deadline:
        time.sleep(0.05)
    return check()


def _listener_env(settings, **extra):
    env = {**os.environ, "INBOX_DATA_DIR": str(settings.data_dir), **extra}
    if settings.database_url:
        env["INBOX_DATABASE_URL"] = settings.database_url
    return env


def test_the_listener_runs_its_worker_on_spare_cpu_only(settings):
    proc = start_listener(_listener_env(settings), free_port())
    try:
        worker = _worker_of(proc)
        assert _wait_for(lambda: os.sched_getscheduler(worker) == os.SCHED_IDLE)
        assert os.sched_getscheduler(proc.pid) == os.SCHED_OTHER      # the listener itself is not lowered
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)


def test_the_worker_priority_can_be_a_nice_increment(settings):
    proc = start_listener(_listener_env(settings, INBOX_WORKER_PRIORITY="7"), free_port())
    try:
        worker = _worker_of(proc)
        listener_nice = os.getpriority(os.PRIO_PROCESS, proc.pid)
        assert _wait_for(lambda: os.getpriority(os.PRIO_PROCESS, worker) == listener_nice + 7)
        assert os.sched_getscheduler(worker) == os.SCHED_OTHER
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)

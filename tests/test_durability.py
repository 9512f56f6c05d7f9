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


def test_the_listener_runs_its_worker_at_a_lower_priority(settings):
    env = {**os.environ, "INBOX_DATA_DIR": str(settings.data_dir), "INBOX_WORKER_NICE": "7"}
    if settings.database_url:
        env["INBOX_DATABASE_URL"] = settings.database_url
    proc = start_listener(env, free_port())
    try:
        (worker,) = _children(proc.pid)
        listener_nice = os.getpriority(os.PRIO_PROCESS, proc.pid)
        deadline = time.monotonic() + 30         # the worker lowers itself once it has started up
        while os.getpriority(os.PRIO_PROCESS, worker) == listener_nice and time.monotonic() < deadline:
            time.sleep(0.05)
        assert os.getpriority(os.PRIO_PROCESS, worker) == listener_nice + 7
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)

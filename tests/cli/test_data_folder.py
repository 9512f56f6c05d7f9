"""Which data a command works on (issue 13): every command logs the data folder's absolute path
and the database (password masked); a read command run where there is no database says so and
fails instead of creating an empty one; the first-run hint gives a command that works as printed.
Real subprocesses of the installed ``inbox`` script, from a folder of their own."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inbox.config import Settings
from tests.conftest import free_port

SCRIPT = Path(sys.executable).parent / "inbox"


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("INBOX_")}
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, env={**base, **(env or {})},
                          capture_output=True, text=True, timeout=120, **kw)


@pytest.mark.parametrize("args", [["letters"], ["letters", "--kind", "all"], ["export", "--format", "json"],
                                  ["users", "list"]])
def test_a_read_command_without_a_database_says_so_and_creates_none(tmp_path, args):
    result = run(args, cwd=tmp_path)
    assert result.returncode != 0
    assert result.stdout == ""           # not an empty "[]" that reads as "no letters"
    expected = tmp_path.resolve() / "instance" / "inbox.sqlite3"
    assert f"no database at {expected}" in result.stderr
    assert f"relative to the current folder {tmp_path.resolve()}" in result.stderr
    assert "INBOX_DATA_DIR=/path/to/instance" in result.stderr
    assert not (tmp_path / "instance" / "inbox.sqlite3").exists()


def test_the_same_read_command_pointed_at_the_data_works(tmp_path):
    data = tmp_path / "srv" / "instance"
    assert run(["db", "upgrade"], cwd=tmp_path, env={"INBOX_DATA_DIR": str(data)}).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(["letters"], cwd=elsewhere, env={"INBOX_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert not (elsewhere / "instance").exists()


@pytest.mark.parametrize("args", [["db", "upgrade"], ["seed"], ["letters"], ["users", "list"]])
def test_every_command_logs_the_absolute_data_folder_and_database(tmp_path, args):
    run(["db", "upgrade"], cwd=tmp_path, env={"INBOX_DATA_DIR": "data"})
    result = run(args, cwd=tmp_path, env={"INBOX_DATA_DIR": "data"})
    assert result.returncode == 0, result.stderr
    folder = tmp_path.resolve() / "data"
    assert f"data folder={folder} database=sqlite:///{folder / 'inbox.sqlite3'}" in result.stderr


def test_the_logged_database_url_hides_its_password(tmp_path):
    url = "postgresql+psycopg://inbox:s3cr%40t@127.0.0.1:1/letters"
    result = run(["letters", "--help"], cwd=tmp_path, env={"INBOX_DATABASE_URL": url})
    assert result.returncode == 0
    assert "database=postgresql+psycopg://inbox:***@127.0.0.1:1/letters" in result.stderr
    assert "s3cr" not in result.stderr


def test_database_label_without_a_password_is_the_url():
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    assert Settings(database_url=url).database_label == url


def test_the_first_run_hint_works_as_printed(tmp_path):
    # As the README runs it: a relative .venv/bin/inbox, from the checkout's folder.
    command = os.path.relpath(SCRIPT, tmp_path)
    base = {k: v for k, v in os.environ.items() if not k.startswith("INBOX_")}
    server = subprocess.Popen([command, "serve", "--smtp-port", str(free_port()), "--web-port", str(free_port())],
                              cwd=tmp_path, env=base, stderr=subprocess.PIPE, text=True)
    try:
        lines, deadline = [], time.monotonic() + 60
        while not any("users add" in line for line in lines):
            assert time.monotonic() < deadline and server.poll() is None, "".join(lines)
            lines.append(server.stderr.readline())
    finally:
        server.terminate()
        server.wait(30)
    printed = next(line for line in lines if "users add" in line).strip()
    assert printed.startswith(f"{command} users add ")
    assert not printed.startswith("inbox ")       # not on the PATH after the README's install
    # Run it exactly as printed (with the documented --password-stdin), then see the account.
    created = subprocess.run(["bash", "-c", printed + " --password-stdin"], cwd=tmp_path, env=base,
                             input="a long enough passphrase\n", capture_output=True, text=True, timeout=120)
    assert created.returncode == 0, created.stderr
    listed = subprocess.run(shlex.split(command) + ["users", "list"], cwd=tmp_path, env=base,
                            capture_output=True, text=True, timeout=120)
    assert re.search(r"^you@example\.org\tadmin\tactive$", listed.stdout, re.M)

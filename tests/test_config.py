"""Settings come from INBOX_* variables; a bad value fails at start with its name, not later."""
from __future__ import annotations

import pytest

from inbox.config import Settings


def test_defaults_without_any_variable():
    s = Settings.from_env({})
    assert s.worker_priority == "idle" and s.max_recipients == 20 and s.database_url is None


@pytest.mark.parametrize("raw, expected", [("idle", "idle"), (" Normal ", "normal"), ("7", "7"), ("", "idle")])
def test_worker_priority(raw, expected):
    assert Settings.from_env({"INBOX_WORKER_PRIORITY": raw}).worker_priority == expected


@pytest.mark.parametrize("raw", ["0", "20", "-5", "low", "1.5"])
def test_a_bad_worker_priority_is_refused_by_name(raw):
    with pytest.raises(ValueError, match="INBOX_WORKER_PRIORITY"):
        Settings.from_env({"INBOX_WORKER_PRIORITY": raw})


def test_a_bad_number_is_refused_by_name():
    with pytest.raises(ValueError, match="INBOX_MAX_RECIPIENTS"):
        Settings.from_env({"INBOX_MAX_RECIPIENTS": "lots"})

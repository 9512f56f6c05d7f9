"""The adversarial suite (issue 7): run it alone with ``pytest -m adversarial``."""
from __future__ import annotations

import pytest

from tests.rawsmtp import RawSMTP


def pytest_collection_modifyitems(items):
    for item in items:
        if "/adversarial/" in str(item.fspath):
            item.add_marker(pytest.mark.adversarial)


@pytest.fixture
def raw_smtp(listener):
    opened = []

    def _open(timeout: float = 10) -> RawSMTP:
        conn = RawSMTP(listener.controller.port, timeout)
        opened.append(conn)
        return conn
    yield _open
    for conn in opened:
        conn.close()

"""Browser fixtures: the live system and a headless Debian chromium driven by Playwright."""
from __future__ import annotations

import os

import pytest

from .live import CHROMIUM, CHROMIUM_ARGS, start_system

ADMIN = ("admin@reaction.life", "browser passphrase 1234")


@pytest.fixture
def live(tmp_path, database_url):
    system = start_system(tmp_path / "instance", database_url)
    system.add_user(*ADMIN, role="admin", name="Ada Admin")
    yield system
    system.stop()


@pytest.fixture
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()

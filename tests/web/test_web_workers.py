"""The web app under gunicorn with several workers on one database (issue 5): sign-in throttling
is shared by the workers, and every worker serves the same sessions."""
from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from inbox.desk import accounts
from inbox.db import transaction
from tests.conftest import free_port

pytestmark = pytest.mark.skipif(not shutil.which("gunicorn", path=os.path.dirname(sys.executable)),
                                reason="gunicorn is in the test extras: pip install -e '.[test]'")


@pytest.fixture
def gunicorn(settings, db):
    port = free_port()
    env = {**os.environ, "INBOX_DATA_DIR": str(settings.data_dir), "INBOX_LOGIN_ATTEMPTS": "4"}
    if settings.database_url:
        env["INBOX_DATABASE_URL"] = settings.database_url
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    log = open(settings.data_dir / "gunicorn.log", "ab")
    proc = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "gunicorn"), "--workers", "3",
                             "--bind", f"127.0.0.1:{port}", "inbox.web:create_app()"],
                            env=env, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2)
            break
        except OSError:
            assert proc.poll() is None and time.monotonic() < deadline, open(log.name).read()[-2000:]
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(30)


def sign_in(base: str, email: str, password: str) -> tuple[int, urllib.request.OpenerDirector]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/signin", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token}).encode()
    try:
        return opener.open(base + "/signin", data=data, timeout=10).status, opener
    except urllib.error.HTTPError as err:
        return err.code, opener


def test_sign_in_throttling_holds_across_workers(gunicorn, db):
    with transaction(db.factory) as s:
        accounts.create_user(s, "ed@reaction.life", "the right passphrase", role="editor")
    # Every attempt is a new connection and a new session: the workers share nothing but the database.
    codes = [sign_in(gunicorn, "ed@reaction.life", "a wrong passphrase")[0] for _ in range(8)]
    assert codes[:4] == [401] * 4
    assert set(codes[4:]) == {429}
    # Even the right password is refused while the account is throttled.
    assert sign_in(gunicorn, "ed@reaction.life", "the right passphrase")[0] == 429


def test_a_session_made_by_one_worker_is_good_on_every_worker(gunicorn, db):
    with transaction(db.factory) as s:
        accounts.create_user(s, "ann@reaction.life", "the right passphrase", role="editor")
    code, opener = sign_in(gunicorn, "ann@reaction.life", "the right passphrase")
    assert code == 200       # redirected to the queue
    for _ in range(10):      # new connections, spread over the workers
        page = opener.open(gunicorn + "/", timeout=10)
        assert page.status == 200 and "Sign out" in page.read().decode()

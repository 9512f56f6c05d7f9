"""The writer's consent page in headless chromium, opened from the link in the mail that really
arrived at a relay: approve, suggest a change, withdraw, an expired link, a tampered link."""
from __future__ import annotations

import re
import time

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from inbox.db import transaction
from inbox.desk import moderation
from inbox.enums import WITHDRAWN_REASON
from inbox.models import Letter
from inbox.readers import consent, links, outbox
from tests.conftest import free_port, make_letter
from tests.readers.conftest import Sink

from .live import start_system

pytestmark = pytest.mark.browser

EDITED = "Sir, the Strait matters to everyone."


@pytest.fixture
def relay():
    sink = Sink(free_port()).start()
    yield sink
    sink.stop()


@pytest.fixture
def system(tmp_path, database_url, relay):
    live = start_system(tmp_path / "instance", database_url, outbound_smtp=f"127.0.0.1:{relay.port}")
    yield live
    live.stop()


def _consent_link(system, relay) -> tuple[int, str]:
    """A letter over SMTP, shortlisted and edited, sent for approval; the link from the mail."""
    system.send(make_letter(body="Sir, the Strait matters to everyone, and always has.\n\nAnn Reader\nYork"),
                sender="ann@example.org")
    system.wait_for_letters(1)
    with transaction(system.db.factory) as s:
        letter_id = s.query(Letter.id).scalar()
        moderation.shortlist(s, letter_id, user=None)
        moderation.edit_publication(s, letter_id, user=None, version=None, headline=None,
                                    publication_text=EDITED, signoff_name="Ann Reader", signoff_location="York")
        consent.send_for_approval(s, system.settings, s.get(Letter, letter_id), user=None)
    outbox.deliver_due(system.db.factory, system.settings)
    mail = [a for a in relay.wait_for(3) if "approval" in a.message["Subject"]][0]
    text = mail.message.get_body(("plain",)).get_content()
    return letter_id, re.search(r"(http://127\.0\.0\.1:\d+/reader/\S+)", text).group(1)


def _state(system, letter_id):
    with system.db.factory() as s:
        request = consent.latest(s, letter_id)
        return request.state, request.suggestion, s.get(Letter, letter_id)


def test_approve(system, relay, page):
    letter_id, url = _consent_link(system, relay)
    page.goto(url)
    assert EDITED in page.locator("#version").inner_text()
    assert "and always has" in page.locator("#diff del").inner_text()
    page.get_by_role("button", name="Approve").click()
    assert "you approved" in page.locator("#outcome").inner_text()
    assert _state(system, letter_id)[0] == "approved"
    page.goto(url)                                       # the used link explains itself
    assert "used already" in page.locator("#outcome").inner_text()
    assert page.get_by_role("button", name="Approve").count() == 0


def test_suggest_a_change(system, relay, page):
    letter_id, url = _consent_link(system, relay)
    page.goto(url)
    page.get_by_label("Your change").fill("Please keep the last words.")
    page.get_by_role("button", name="Suggest a change").click()
    assert "read your suggestion" in page.locator("#outcome").inner_text()
    assert _state(system, letter_id)[:2] == ("suggested", "Please keep the last words.")


def test_withdraw(system, relay, page):
    letter_id, url = _consent_link(system, relay)
    page.goto(url)
    page.get_by_role("button", name="Withdraw").click()
    assert "withdrawn" in page.locator("#outcome").inner_text()
    state, _, letter = _state(system, letter_id)
    assert state == "withdrawn" and letter.reject_reason == WITHDRAWN_REASON


class _PastSigner(TimestampSigner):
    def get_timestamp(self):
        return int(time.time()) - 60 * 86400


def test_an_expired_link(system, relay, page):
    letter_id, url = _consent_link(system, relay)
    nonce = links.read_token(system.settings, url.rsplit("/", 1)[1]).nonce
    old = URLSafeTimedSerializer(system.settings.secret_key(), salt=links.SALT, signer=_PastSigner).dumps(
        {"l": letter_id, "p": "consent", "n": nonce})
    response = page.goto(f"{system.url}/reader/{old}")
    assert response.status == 410
    assert "expired" in page.locator("h1").inner_text()
    assert _state(system, letter_id)[0] == "awaiting"


def test_a_tampered_link(system, relay, page):
    letter_id, url = _consent_link(system, relay)
    token = url.rsplit("/", 1)[1]
    payload, rest = token.split(".", 1)
    forged = links.make_token(system.settings, letter_id + 1, "consent", "x").split(".", 1)[0]
    response = page.goto(f"{system.url}/reader/{forged}.{rest}")
    assert response.status == 400
    assert "not valid" in page.locator("h1").inner_text()
    assert page.get_by_role("button", name="Approve").count() == 0

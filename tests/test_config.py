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


def test_readers_settings():
    from inbox.config import Settings
    s = Settings.from_env({"INBOX_OUTBOUND_SMTP": "relay.example:587", "INBOX_OUTBOUND_STARTTLS": "1",
                           "INBOX_LETTERS_ADDRESS": "a@x.org,b@x.org", "INBOX_KEEP_PUBLISHED": "0",
                           "INBOX_ACK_INTERVAL_HOURS": "6", "INBOX_PUBLIC_URL": "https://in.example/"})
    assert s.outbound_relay == ("relay.example", 587) and s.outbound_starttls
    assert s.sender_address == "a@x.org" and not s.keep_published and s.ack_interval_hours == 6
    assert s.public_url == "https://in.example"
    d = Settings.from_env({})
    assert d.outbound_relay is None and d.keep_published and d.retain_unpublished_days == 180
    assert d.retain_published_days == 365 and not d.require_consent and d.close_out_days == 0
    import pytest
    with pytest.raises(ValueError, match="host:port"):
        Settings.from_env({"INBOX_OUTBOUND_SMTP": "relay.example"})
def test_the_desk_settings_at_intake():
    s = Settings.from_env({})
    assert (s.writer_interval_days, s.article_max_age_days, s.many_recipients) == (30, 14, 5)
    assert "letters@thetimes.co.uk" in s.other_publications
    assert s.campaign_detection and not s.require_verification and s.trusted_authserv_ids == ()
    assert s.phone_region == "GB" and Settings.from_env({"INBOX_PHONE_REGION": "us"}).phone_region == "US"
    s = Settings.from_env({"INBOX_WRITER_INTERVAL_DAYS": "7", "INBOX_ARTICLE_MAX_AGE_DAYS": "3",
                           "INBOX_OTHER_PUBLICATIONS": "Letters@Paper.example, ed@other.example",
                           "INBOX_CAMPAIGN_DETECTION": "0", "INBOX_REQUIRE_VERIFICATION": "1",
                           "INBOX_TRUSTED_AUTHSERV_ID": "mx.reaction.life"})
    assert (s.writer_interval_days, s.article_max_age_days) == (7, 3)
    assert s.other_publications == ("letters@paper.example", "ed@other.example")
    assert not s.campaign_detection and s.require_verification
    assert s.trusted_authserv_ids == ("mx.reaction.life",)
    assert Settings.from_env({"INBOX_OTHER_PUBLICATIONS": ""}).other_publications == ()

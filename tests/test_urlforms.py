"""Every form of an article's URL reduces to one key."""
from __future__ import annotations

import pytest

from inbox.urlforms import url_key, url_keys_in, without_tracking

SAME = [
    "https://reaction.life/blinken-in-beijing/",
    "http://reaction.life/blinken-in-beijing",
    "https://www.reaction.life/blinken-in-beijing/?utm_source=newsletter&utm_medium=email&fbclid=abc",
    "reaction.life/blinken-in-beijing",
    "https://reaction.life/blinken-in-beijing/amp/",
    "https://reaction.life/amp/blinken-in-beijing",
    "https://m.reaction.life/blinken-in-beijing/",
    "https://amp.reaction.life/blinken-in-beijing?amp=1",
    "https://www-reaction-life.cdn.ampproject.org/c/s/reaction.life/blinken-in-beijing/amp/",
    "https://www.google.com/amp/s/reaction.life/blinken-in-beijing/",
    "HTTPS://Reaction.Life/Blinken-In-Beijing/.",
]


@pytest.mark.parametrize("url", SAME)
def test_every_form_has_the_same_key(url):
    assert url_key(url) == "reaction.life/blinken-in-beijing"


def test_content_parameters_stay_and_tracking_goes():
    assert url_key("https://reaction.life/?p=123&utm_campaign=x") == "reaction.life/?p=123"
    assert url_key("https://reaction.life/?p=123") != url_key("https://reaction.life/?p=124")
    assert url_key("https://reaction.life/a/") != url_key("https://reaction.life/b/")


def test_not_urls():
    assert url_key("") is None and url_key(None) is None and url_key("hello") is None


def test_urls_in_running_text():
    text = ("Sir, your piece (https://www.reaction.life/blinken-in-beijing/?utm_source=x), and "
            "reaction.life/?p=99. See also www.example.com/page.")
    assert url_keys_in(text) == {"reaction.life/blinken-in-beijing", "reaction.life/?p=99", "example.com/page"}


def test_without_tracking_keeps_the_address_as_given():
    assert without_tracking("https://Reaction.life/a/?utm_source=x&p=2#top") == "https://Reaction.life/a/?p=2"
    assert without_tracking("https://reaction.life/a/") == "https://reaction.life/a/"

"""The listener's fast reading of MAIL FROM / RCPT TO paths gives exactly aiosmtpd's answer.

``LettersServer._getaddr`` takes plain ``<local@domain>`` paths directly and hands everything else
to aiosmtpd's own parser; both are run here on the same inputs and must agree."""
from __future__ import annotations

import asyncio

import pytest
from aiosmtpd.smtp import SMTP
from hypothesis import given, settings as hsettings, strategies as st

from inbox.intake.smtp import _server_class


class _Handler:
    pass


def _servers():
    async def build():
        return _server_class(lmtp=False)(_Handler()), SMTP(_Handler())
    return asyncio.run(build())


OURS, THEIRS = _servers()


def outcome(server, arg):
    # The stdlib parser raises on some garbage (an IndexError): then both must raise alike.
    try:
        return server._getaddr(arg)
    except Exception as exc:
        return type(exc)


def agree(arg):
    assert outcome(OURS, arg) == outcome(THEIRS, arg)

CASES = [
    "<reader@example.org>", "<reader@example.org> SIZE=3000 BODY=8BITMIME", "  <a.b.c@mail.example.co.uk>",
    "<first.last+tag@example.org>", "<o'brien@example.ie>", "<x!#$%&'*+/=?^_`{|}~-@example.org>",
    "<>", "<reader@[127.0.0.1]>", '<"quoted local"@example.org>', "<reader@example.org",
    "reader@example.org", "<reader..dots@example.org>", "<.reader@example.org>", "<reader.@example.org>",
    "<reader@-example.org>", "<reader@example..org>", "< reader@example.org>", "<reader @example.org>",
    "<@relay.example:reader@example.org>", "<jörg@example.de>", "<reader@exämple.de>",
    "<reader@example.org>trailing", "<" + "l" * 64 + "@example.org>", "<" + "l" * 65 + "@example.org>",
    "<reader@example.org>\r\n", "<reader@example.org> <second@example.org>", "",
    "<reader@example.org>\t SIZE=1", "<reader@example.org>  (comment) SIZE=1", "<reader@example.org>(c)",
    "<reader@example.org> \r\n SIZE=1",
    "<(comment)reader@example.org>", "<reader@example.org(comment)>",
]


@pytest.mark.parametrize("arg", CASES)
def test_fast_path_agrees_with_aiosmtpd(arg):
    agree(arg)


def test_fast_path_is_taken_for_plain_paths():
    # The point of the override: a plain path never reaches the email package's parser.
    from inbox.intake.smtp import _PLAIN_PATH
    assert _PLAIN_PATH.fullmatch("<reader@example.org> SIZE=10")
    assert not _PLAIN_PATH.fullmatch('<"quoted"@example.org>')


PATH_CHARS = st.sampled_from(list("abcXYZ019.-_+@<> \"()[]:,;\\!#$%&'*/=?^`{|}~é\t\r\n\x0b"))


@hsettings(max_examples=400, deadline=None)
@given(st.text(PATH_CHARS, max_size=40))
def test_fast_path_agrees_on_random_paths(arg):
    agree(arg)


@hsettings(max_examples=200, deadline=None)
@given(local=st.from_regex(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]{1,70}(\.[a-z0-9-]{1,5}){0,2}", fullmatch=True),
       domain=st.from_regex(r"[a-z0-9-]{1,10}(\.[a-z0-9-]{1,10}){0,3}", fullmatch=True),
       rest=st.sampled_from(["", " SIZE=100", "  BODY=8BITMIME SMTPUTF8", "x", "\tSIZE=1", " (c)"]))
def test_fast_path_agrees_on_plausible_addresses(local, domain, rest):
    agree(f"<{local}@{domain}>{rest}")

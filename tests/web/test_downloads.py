"""Every download (exports, attachments, the raw .eml): RFC 6266 file names, never framed (issue 13).

Downloading an attachment named ``編集者への手紙.txt`` answered 500: the name went raw into a
header, which must be Latin-1 on the wire. Over a real server (waitress), each download now
carries ``filename*=UTF-8''...`` (RFC 5987) with an ASCII ``filename=`` beside it, and
``frame-ancestors 'none'`` with ``X-Frame-Options: DENY``.
"""
from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from inbox.db import transaction
from inbox.desk import accounts
from inbox.models import Status
from inbox.web.downloads import content_disposition
from tests.web.conftest import store_letter
from tests.web.live_http import Client, serving

EDITOR = ("downloads-editor@reaction.life", "a long editor passphrase")
NAMES = ["編集者への手紙.txt", "Résumé d'un lecteur.pdf", 'quote" and \\ back;slash.txt', "plain-name.csv",
         "\u202eevil\u202d.txt", "🙂.png"]


def parse_disposition(header: str) -> tuple[str, str | None]:
    """(the ASCII filename, the RFC 5987 filename* decoded or None), as a browser reads them."""
    assert header.startswith("attachment; "), header
    plain = re.search(r'filename="([^"]*)"', header).group(1)
    extended = re.search(r"filename\*=UTF-8''([^;\s]+)", header)
    return plain, unquote(extended.group(1), encoding="utf-8", errors="strict") if extended else None


@pytest.mark.parametrize("name", NAMES)
def test_every_name_is_encoded_per_rfc_6266(name):
    header = content_disposition(name, fallback="attachment-1.txt")
    header.encode("latin-1")                          # the header can go on the wire
    assert header.isascii()
    plain, extended = parse_disposition(header)
    # The exact name for clients that read filename*, less bidirectional controls (a spoofing aid).
    assert (extended or plain) == name.replace("\u202e", "").replace("\u202d", "")
    assert plain and '"' not in plain and "\\" not in plain and all(31 < ord(c) < 127 for c in plain)


@pytest.fixture
def letter(db):
    with transaction(db.factory) as s:
        accounts.create_user(s, *EDITOR)
    return store_letter(db, attachments=[(n, "text/plain", b"Sir, attached.", False, None) for n in NAMES])


def test_downloads_over_a_real_server_keep_their_names_and_refuse_framing(settings, db, letter):
    with serving(settings, db) as port:
        client = Client(port, "198.51.100.30")
        assert client.sign_in(*EDITOR).status == 302
        page = client.request("GET", f"/letters/{letter}").text
        links = re.findall(rf'href="(/letters/{letter}/attachments/\d+)"', page)
        assert len(links) == len(NAMES)
        got = {}
        for link in links + [f"/letters/{letter}/raw.eml"]:
            r = client.request("GET", link)
            assert r.status == 200, (link, r.status)
            assert r.getheader("X-Frame-Options") == "DENY"
            assert "frame-ancestors 'none'" in r.getheader("Content-Security-Policy")
            assert r.getheader("X-Content-Type-Options") == "nosniff"
            plain, extended = parse_disposition(r.getheader("Content-Disposition"))
            got[extended or plain] = plain
        assert set(got) == {n.replace("\u202e", "").replace("\u202d", "") for n in NAMES} | {f"letter-{letter}.eml"}
        assert got["編集者への手紙.txt"].endswith(".txt")   # the ASCII stand-in keeps the extension

        r = client.request("POST", "/export", {"format": "csv", "status": "all", "csrf_token": client.token("/")})
        assert r.status == 200 and r.getheader("X-Frame-Options") == "DENY"
        assert "frame-ancestors 'none'" in r.getheader("Content-Security-Policy")
        assert parse_disposition(r.getheader("Content-Disposition"))[0].startswith("letters-")
        assert client.request("GET", "/export?format=csv&status=all").status == 405

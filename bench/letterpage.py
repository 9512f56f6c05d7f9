"""The letter page for long letters, over HTTP against ``inbox serve``: a small generated database
plus letters of each length in ``--words`` (full: 1,000, 7,685, 20,000), each three ways: new
(no publication text yet), shortlisted with the publication text edited throughout (a word
changed in every tenth paragraph, a paragraph inserted, one cut), and as one single paragraph
edited at both ends. The new letters also carry a 300-character subject and a 2,500-character
URL. Each page is timed ``requests`` times after a warm-up; ``/healthz`` first, as the floor.
"""
from __future__ import annotations

import hashlib
import random
from datetime import datetime, timezone

from bench import gendb
from bench.servers import Store
from bench.web import Browser, web_server

TARGET_P95_MS = 100


def _text(rng: random.Random, words: int) -> str:
    paras, count = [], 0
    for para in gendb._paragraphs(rng, words // 20 + 10):
        paras.append(para)
        count += len(para.split())
        if count >= words:
            break
    return "\n\n".join(paras)


def _edited(text: str) -> str:
    paras = text.split("\n\n")
    for i in range(0, len(paras), 10):
        words = paras[i].split(" ")
        words[len(words) // 2] = "EDITED"
        paras[i] = " ".join(words)
    paras.insert(len(paras) // 2, "A paragraph the editor added.")
    del paras[-2]
    return "\n\n".join(paras)


def add_letters(url: str, word_counts: tuple[int, ...]) -> dict[str, str]:
    """Insert the long letters; returns {case name: letter page path}."""
    from inbox.db import make_engine, session_factory, transaction
    from inbox.models import Kind, Letter, Message, Status

    engine = make_engine(url)
    rng, paths = random.Random(11), {}
    long_url = "https://example.org/" + "a" * 2_480
    with transaction(session_factory(engine)) as s:
        for words in word_counts:
            text = _text(rng, words)
            one_paragraph = text.replace("\n\n", " ")
            cases = {
                "new": dict(status=Status.NEW, text=text + "\n\n" + long_url, publication_text=None,
                            subject="Re: " + "the long subject " * 18),
                "shortlisted, edited throughout": dict(status=Status.SHORTLISTED, text=text,
                                                       publication_text=_edited(text)),
                "one paragraph, edited at both ends": dict(
                    status=Status.SHORTLISTED, text=one_paragraph,
                    publication_text="Frankly, " + one_paragraph + " Indeed."),
            }
            for case, fields in cases.items():
                now = datetime.now(timezone.utc)
                raw = f"Subject: long letter\r\n\r\n{fields['text']}\r\n".encode()
                letter = Letter(message=Message(fingerprint=hashlib.sha256(raw + case.encode()).hexdigest(), raw=raw,
                                                size=len(raw), received_at=now, processed_at=now),
                                kind=Kind.LETTER, received_at=now, word_count=len(fields["text"].split()),
                                full_text=fields["text"], author_name="Long Writer", author_email="long@example.org",
                                subject=fields.pop("subject", f"A letter of {words} words"), position=1, **fields)
                s.add(letter)
                s.flush()
                paths[f"{words:,} words, {case}"] = f"/letters/{letter.id}"
    engine.dispose()
    return paths


def bench_letterpage(words: tuple[int, ...], requests: int, pg_url: str | None) -> list[dict]:
    store = Store(pg_url)
    try:
        gendb.build(store.url, 200)
        paths = add_letters(store.url, words)
        rows = []
        with web_server(store) as port:
            browser = Browser(port)
            browser.sign_in(gendb.BENCH_USER, gendb.BENCH_PASSWORD)
            try:
                # The server's first seconds (its worker starting, cold caches) are not the page's:
                # one pass over every page first, as an editor's day would have warmed it.
                browser.time(list(paths.values()), 10 * len(paths))
                rows.append(dict(name="healthz (baseline)", **browser.time(["/healthz"], requests)))
                for name, path in paths.items():
                    figures = browser.time([path], requests)
                    rows.append(dict(name=f"letter page, {name}", **figures,
                                     target_p95_100ms="met" if figures["p95_ms"] < TARGET_P95_MS else "MISSED"))
            finally:
                browser.close()
        return rows
    finally:
        store.close()

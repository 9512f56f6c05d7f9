"""Property-based fuzzing (hypothesis) of the parser and of the pipeline's entry, ``process_pending``.

Inputs are random bytes, random header-shaped text, and messages from the shared corpus with
random mutations (byte flips, truncation, duplicated headers, damaged MIME boundaries, stray CR,
LF and NUL). The properties: the parser never raises and hands out only clean values, and every
stored message becomes exactly one committed letter through ``process_pending`` itself (not its
``processing-failed`` safety net).

Examples are modest (``EXAMPLES`` each) and without deadline so that the suite stays fast; set
``HYPOTHESIS_PROFILE=deep`` for a long run.
"""
from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from inbox.intake.store import IncomingMessage, MessageStore, fingerprint
from inbox.mail.parse import parse_message
from inbox.mail.parsed import ParsedLetter
from inbox.models import Letter
from inbox.pipeline.batch import process_pending
from tests.conftest import CORPUS

DEEP = os.environ.get("HYPOTHESIS_PROFILE") == "deep"
EXAMPLES = 2000 if DEEP else 200
FUZZ = hsettings(max_examples=EXAMPLES, deadline=None, derandomize=not DEEP, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                        HealthCheck.data_too_large])
BAD = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ud800-\udfff]")
ONE_LINE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
CORPUS_FILES = sorted(CORPUS.rglob("*.eml")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS_FILES, reason=f"the shared corpus is not at {CORPUS}")


# ---------------------------------------------------------------------------------------------
# Strategies

HEADER_NAMES = ["From", "To", "Cc", "Subject", "Message-ID", "In-Reply-To", "References", "Date",
                "Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "MIME-Version",
                "Reply-To", "Sender", "Auto-Submitted", "Precedence", "X-Whatever"]
VALUE_ATOMS = ["=?utf-8?q?a=0D=0Ab?=", "=?x-unknown?b?////?=", "=?utf-8?b?", "<a@b>", "a@b.c", "\"q\\\"",
               "(c(o)m", ")<bob@example.org>", "multipart/mixed; boundary=", "text/plain; charset=",
               "base64", "quoted-printable", "\xe9", "\u202e", "\x00", "\r", "\n", "\r\n ", ";", ",", ":"]


@st.composite
def header_soup(draw) -> bytes:
    """Header-shaped text with hostile pieces, then a body: more likely to reach deep code paths
    than uniformly random bytes."""
    lines = []
    for _ in range(draw(st.integers(0, 12))):
        name = draw(st.sampled_from(HEADER_NAMES))
        atoms = draw(st.lists(st.one_of(st.sampled_from(VALUE_ATOMS), st.text(max_size=20)), max_size=6))
        lines.append(f"{name}: {''.join(atoms)}")
    body = draw(st.one_of(st.text(max_size=300), st.sampled_from(["--b\r\nContent-Type: text/html\r\n\r\n<p>x",
                                                                  "<html><body><p>Sir</p>", "=\r\n=ZZ"])))
    encoding = draw(st.sampled_from(["utf-8", "latin-1"]))
    errors = "surrogatepass" if encoding == "utf-8" else "replace"
    return ("\r\n".join(lines) + "\r\n\r\n" + body).encode(encoding, errors)


def _mutate(data: bytes, kind: str, position: int, extra: bytes) -> bytes:
    if not data:
        return extra
    at = position % (len(data) + 1)
    if kind == "flip":
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (extra[0] if extra else 0xff)]) + data[at + 1:]
    if kind == "truncate":
        return data[:at]
    if kind == "insert":
        return data[:at] + extra + data[at:]
    if kind == "duplicate-header":
        end = data.find(b"\n\n") if b"\r\n\r\n" not in data else data.find(b"\r\n\r\n")
        head = data[:end if end > 0 else len(data)]
        lines = head.splitlines(keepends=True)
        line = lines[position % len(lines)] if lines else b"X: y\n"
        return line * (1 + position % 5) + data
    if kind == "damage-boundary":
        match = re.search(rb'boundary="?([^";\r\n]+)', data, re.I)
        if not match:
            return data + b"\r\n--" + extra
        boundary = match.group(1)
        occurrences = [m.start() for m in re.finditer(re.escape(b"--" + boundary), data)]
        if not occurrences:
            return data
        start = occurrences[position % len(occurrences)]
        damaged = b"--" + boundary[: position % (len(boundary) + 1)] + extra
        return data[:start] + damaged + data[start + 2 + len(boundary):]
    if kind == "line-noise":
        return data[:at] + (b"\r", b"\n", b"\x00", b"\r\n\r\n", b"\n.\n")[position % 5] + data[at:]
    raise AssertionError(kind)


MUTATIONS = st.lists(st.tuples(st.sampled_from(["flip", "truncate", "insert", "duplicate-header", "damage-boundary",
                                                 "line-noise"]),
                               st.integers(0, 1 << 20), st.binary(min_size=1, max_size=16)),
                     min_size=1, max_size=4)


@st.composite
def mutated_corpus_message(draw) -> bytes:
    data = draw(st.sampled_from(CORPUS_FILES)).read_bytes()
    for kind, position, extra in draw(MUTATIONS):
        data = _mutate(data, kind, position, extra)
    return data


ANY_MESSAGE = st.one_of(st.binary(max_size=2000), header_soup())


# ---------------------------------------------------------------------------------------------
# What the parser hands out (tests/mail/test_corpus.py fuzzes the parser alone with random bytes
# and byte-level corpus mutations; these strategies add header soup, duplicated headers and damaged
# boundaries, and go on to storage)


def check_parsed(parsed: ParsedLetter) -> None:
    assert isinstance(parsed, ParsedLetter)
    for value in (parsed.subject, parsed.from_name, parsed.from_email, parsed.message_id, parsed.author_name,
                  parsed.author_location, parsed.in_reply_to):
        assert value is None or not ONE_LINE.search(value), repr(value)
    for value in (parsed.text, parsed.full_text):
        assert not BAD.search(value), repr(value[:200])
    for attachment in parsed.attachments:
        for value in (attachment.content_type, attachment.content_id):
            assert value is None or not ONE_LINE.search(value), repr(value)
    for name, value in parsed.headers:
        assert not ONE_LINE.search(name) and not ONE_LINE.search(value), (name, value)
    for attachment in parsed.attachments:
        assert attachment.filename and "/" not in attachment.filename and "\\" not in attachment.filename
        assert not ONE_LINE.search(attachment.filename) and not attachment.filename.startswith(".")
        assert attachment.size == len(attachment.content)
    if parsed.from_email is not None:
        assert "@" in parsed.from_email and parsed.from_email == parsed.from_email.lower()


# ---------------------------------------------------------------------------------------------
# process_pending: every stored message becomes one committed letter


def receive(db, settings, raw: bytes) -> None:
    check_parsed(parse_message(raw))
    incoming = IncomingMessage(raw=raw, mail_from="fuzz@example.org", rcpt_tos=("letters@reaction.life",))
    store = MessageStore(db.engine)
    try:
        stored = store.write([store.prepare(incoming)])[0]
    finally:
        store.close()
    process_pending(db.factory, settings)     # a duplicate of an earlier example is done already
    # Committed: a fresh session sees exactly one letter for the message, with its raw bytes.
    with db.factory() as s:
        letters = s.query(Letter).filter_by(message_pk=stored.message_pk).all()
        assert len(letters) == 1
        letter = letters[0]
        # The same content modulo line endings and trace headers is the same message (deduplicated).
        assert fingerprint(letter.message.raw) == fingerprint(raw) and letter.message.processed_at is not None
        assert letter.message_id and "processing-failed" not in letter.flags
        if letter.needs_review:    # and says why: unreadable, or the parser was unsure (#12)
            assert "unparseable" in letter.flags or any(f.startswith("review: ") for f in letter.flags)


@FUZZ
@given(raw=ANY_MESSAGE)
def test_every_random_input_becomes_one_letter(db, settings, raw):
    receive(db, settings, raw)


@needs_corpus
@FUZZ
@given(raw=mutated_corpus_message())
def test_every_mutated_corpus_message_becomes_one_letter(db, settings, raw):
    receive(db, settings, raw)


# Counted into docs/reliability.md ("hostile inputs tried").
GENERATED = 2 * EXAMPLES

"""The parser over every file of the shared real-world corpus, plus property tests (hypothesis).

Every file (messages, reply bodies, expectations, the README itself) goes through parse_message:
nothing may raise and every value handed out must be clean. Charset files are spot-checked
against words they are known to contain, and the README's traps are checked by name.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from inbox.mail.parse import parse_message
from inbox.mail.parsed import ParsedLetter
from inbox.pipeline.screening import automated_reason
from tests.mail.conftest import CORPUS, NO_CORPUS, corpus_id

if not CORPUS.is_dir():
    pytest.skip(reason=NO_CORPUS, allow_module_level=True)

ALL_FILES = sorted(path for path in CORPUS.rglob("*") if path.is_file())
MESSAGES = [path for path in ALL_FILES if path.suffix == ".eml"]
ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
MULTI_LINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def parsed(name: str) -> ParsedLetter:
    return parse_message((CORPUS / name).read_bytes())


def assert_clean(letter: ParsedLetter) -> None:
    assert isinstance(letter, ParsedLetter)
    assert isinstance(letter.subject, str) and isinstance(letter.text, str)
    for value in (letter.subject, letter.from_name, letter.from_email, letter.message_id,
                  letter.in_reply_to, letter.author_name, letter.author_location, *letter.to,
                  *letter.references, *(part for header in letter.headers for part in header)):
        assert value is None or not ONE_LINE.search(value), repr(value)
    for value in (letter.text, letter.full_text):
        assert not MULTI_LINE.search(value), repr(value[:200])
    if letter.from_email is not None:
        assert EMAIL.fullmatch(letter.from_email) and letter.from_email == letter.from_email.lower()
    for attachment in letter.attachments:
        name = attachment.filename
        assert name and name == name.strip() and len(name.encode()) <= 255
        assert "/" not in name and "\\" not in name and ".." not in name and not name.startswith(".")
        assert not ONE_LINE.search(name)
        assert re.fullmatch(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*", attachment.content_type)
        assert attachment.content_id is None or not ONE_LINE.search(attachment.content_id)
        assert attachment.size == len(attachment.content)
    if letter.sent_at is not None:
        assert letter.sent_at.utcoffset().total_seconds() == 0


@pytest.mark.parametrize("path", ALL_FILES, ids=corpus_id)
def test_every_corpus_file_parses_cleanly(path):
    assert_clean(parse_message(path.read_bytes()))


@pytest.mark.parametrize("path", MESSAGES, ids=corpus_id)
def test_every_corpus_message_parses_cleanly_with_crlf_line_endings(path):
    # As it arrives over SMTP: CRLF everywhere.
    raw = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    assert_clean(parse_message(raw))


@pytest.mark.parametrize("name, words", [
    ("charsets/thunderbird__noCharsetKOI8U.eml", ["Моя семья", "бабушка и дедушка"]),
    ("charsets/thunderbird__noCharsetWindows1252.eml", ["Aquí tenemos texto en español", "España"]),
    ("charsets/thunderbird__wronglyDeclaredUTF8.eml", ["メールを簡単に。", "Thunderbird です。"]),
    ("charsets/mikel-mail__japanese_iso_2022.eml", ["すみません。"]),
    ("charsets/mikel-mail__japanese_shift_jis.eml", ["あいうえお", "このメールはテスト用のメールです。"]),
    ("charsets/mikel-mail__ks_c_5601-1987.eml", ["스티해"]),
    ("charsets/mikel-mail__raw_email.eml", ["대부분의 마찬가지로", "제 이름은 Jamis입니다."]),
    ("charsets/php-mmp__issue230.eml", ["Dear Colleague", "Текущий счет"]),
    ("charsets/php-mmp__m0022.eml", ["Det här är ett flerdelat meddelande"]),
    ("charsets/spamscope__mail_test_12.eml", ["你好！我公司可代开各类增值税发票"]),
    ("charsets/stalwart__thirdparty-005.eml", ["Test message", "『世界人権宣言』"]),
    ("charsets/thunderbird__sample04.eml", ["Вопрос"]),
    ("charsets/thunderbird__sample05.eml", ["Вопрос"]),
    ("charsets/flanker__bilingual-simple.eml", ["This line is in English", "А эта линия по-русски."]),
    ("malformed/enmime__low-quality-incorrect-charset.eml", ["∮ E⋅da = Q"]),
    ("malformed/enmime__low-quality-unk-charset-part.eml", ["A text section"]),
    ("malformed/mikel-mail__raw_email10.eml", ["Envoyé par le service de messagerie texte de Bell Mobilité"]),
    ("html/enmime__mail-non-mime-html-charset-header-only.eml", ["Test Müller"]),
    ("multipart/flanker__signed.eml", ["a pöstal sign of our times"]),
])
def test_charset_files_decode_to_their_known_words(name, words):
    letter = parsed(name)
    for word in words:
        assert word in letter.full_text, (word, letter.full_text[:300])
    assert "\ufffd" not in letter.full_text


@pytest.mark.parametrize("name, subject", [
    ("charsets/thunderbird__sample04.eml", "Алфавит"),          # the newline inside the word is gone
    ("charsets/thunderbird__sample05.eml", "Алфавит"),
    ("charsets/mikel-mail__raw_email.eml", "NOTE: 한국말로 하는 것"),
    ("charsets/php-mmp__m0022.eml", "[PRJ-OTH] asdf árvíztűrő tükörfúrógép"),
    ("charsets/php-mmp__issue116.eml", "ЖД№41 от 28.09.2016"),
    ("charsets/spamscope__mail_test_12.eml", "代开各地增值税发票"),
    ("charsets/flanker__bilingual-simple.eml", "Simple text. How are you? Как ты поживаешь?"),
    ("headers/mikel-mail__raw_email_with_partially_quoted_subject.eml", 'Re: Test: "漢字" mid "漢字" tail'),
    ("headers/mikel-mail__utf8_headers.eml", "Säying Hello"),
    ("headers/enmime__mail-qp-utf8-header-recursed.eml", "MIME UTF8 Test ¢ More Text"),
    ("malformed/mikel-mail__invalid_subject_characters.eml",
     "Formação FrenetikPolis: Mega Campanha Final Verão | Cursos de Setembro"),
    ("malformed/mikel-mail__bad_encoded_subject.eml", "TEST"),
    ("malformed/thunderbird__badly-folded-headers.eml",
     "Badly folded headers, one line with space between To and From"),
    ("autoreplies/out-of-office/php-mmp__issue212.eml",
     "Automatyczna odpowiedź: Piotrze, test z 6 miesięcy nauki ciągle na Ciebie czeka"),
])
def test_subjects_decode(name, subject):
    assert parsed(name).subject == subject


@pytest.mark.parametrize("name, from_name, from_email", [
    ("headers/flanker__encoded-header.eml", "Bar Foo", "foo.bar@example.com"),          # "Foo, Bar"
    ("headers/spamscope__mail_test_18.eml", "FirstName LastßlName", "comma.name@example.com"),
    ("headers/thunderbird__evil.eml", None, "from@example.com"),                        # first From
    ("headers/enmime__mail-qp-utf8-header-recursed.eml", "James Hillyerd", "jamehi03@jamehi03lx.noa.com"),
    ("headers/mikel-mail__raw_email_multiple_from.eml", None, None),                    # ambiguous
    ("headers/mikel-mail__utf8_headers.eml", "Jöhn Doe", "jdöe@mächine.example"),
    ("plain/mikel-mail__raw_email_trailing_dot.eml", "Sandy M.", "noreply@rubyforge.org"),
    ("plain/spamscope__mail_test_19.eml", None, "bob@example.com"),                     # CVE shape
    ("malformed/flanker__from-encoding.eml", "Ingo Lütkebohle", "ingo@blank.pages.de"),
    ("autoreplies/out-of-office/sisimai__rfc3834-02.eml", "Nyaan Neko", "nekonyaan@example.org"),
    ("malformed/thunderbird__mail-without-from.eml", None, None),
])
def test_senders_are_read_carefully(name, from_name, from_email):
    letter = parsed(name)
    assert (letter.from_name, letter.from_email) == (from_name, from_email)


def test_path_traversal_attachment_name_is_cut_to_its_base_name():
    assert [a.filename for a in parsed("attachments/php-mmp__m0027.eml").attachments] == ["1234.txt"]


def test_encoded_and_8bit_attachment_names_decode():
    assert [a.filename for a in parsed("malformed/enmime__mail-mime-bad-8bit-filename.eml").attachments] \
        == ["管理.doc"]
    assert [a.filename for a in parsed("headers/mikel-mail__japanese_attachment_long_name.eml").attachments] \
        == ["かきくけこかきくけこかきくけこかきくけこかきくけこ.txt"]
    assert [a.filename for a in parsed("attachments/mikel-mail__attachment_with_quoted_filename.eml")
            .attachments] == ["Eelanalüüsi päring.jpg"]


def test_ten_attachments_and_a_text_body():
    letter = parsed("attachments/php-mmp__m0028.eml")
    assert letter.text == "This is the plain text content of the email"
    assert len(letter.attachments) == 10


def test_inline_images_stay_with_the_html():
    letter = parsed("inline-images/mailpit__mime-attachment.eml")
    assert [(a.filename, a.inline) for a in letter.attachments] == \
        [("inline-image.jpg", True), ("Sample PDF.pdf", False)]
    assert all(a.inline for a in parsed("inline-images/php-mmp__m0129.eml").attachments)


@pytest.mark.parametrize("name", [
    "multipart/thunderbird__test-alt-plain-HTML-reversed.eml", "multipart/thunderbird__test-alt-rogue.eml",
])
def test_the_plain_part_is_chosen_whatever_its_position(name):
    letter = parsed(name)
    assert letter.text == "Plain Text" and letter.html is not None


def test_replies_lose_their_quotes():
    for name in ("replies/talon__gmail.eml", "replies/talon__outlook.eml", "replies/talon__android.eml",
                 "replies/talon__hotmail.eml", "replies/talon__yahoo.eml"):
        assert parsed(name).text == "Hello", name


def test_forwards_follow_the_cover_note_policy():
    enclosed = parsed("forwarded/flanker__enclosed.eml")               # "Hello" over an enclosed mail
    assert enclosed.forwarded and enclosed.text.startswith("dudes... you're kicking ass.")
    assert enclosed.author_name == "Bob Marley"                         # the outer sender stays
    bare = parsed("forwarded/cpython__msg_46.eml")                       # nothing but message/rfc822
    assert bare.forwarded and bare.text == "Testing email forwarding with Groupwise 1.2.2010"
    inline = parsed("forwarded/flanker__multi-received-headers.eml")   # a forward of a forward
    assert inline.forwarded and inline.text == "Forward please"
    substantial = parsed("forwarded/stalwart__thirdparty-015.eml")     # a long note over 3 mails
    assert not substantial.forwarded and substantial.text.startswith("Hallo Stoiko,")
    assert [a.content_type for a in substantial.attachments] == ["message/rfc822"] * 3


def test_broken_mime_keeps_whatever_text_there_is():
    assert parsed("malformed/cpython__msg_31.eml").text == "message 1\n\nmessage 2"
    assert parsed("malformed/cpython__msg_41.eml").text == "Blah blah blah"
    assert parsed("malformed/flanker__mailformed-headers.eml").text == "Hello"
    assert [a.filename for a in parsed("malformed/stalwart__malformed-017.eml").attachments] == \
        ["image001.png"]


def test_a_non_message_is_unparseable_with_its_text():
    letter = parsed("malformed/enmime__mail-erroneous.eml")
    assert letter.unparseable and letter.text == "// Not an RFC-822 Document"


@pytest.mark.parametrize("name", [
    "replies/cpython__msg_32.eml", "forwarded/flanker__apache-message-news-mime.eml",
    "malformed/flanker__from-encoding.eml", "forwarded/stalwart__thirdparty-015.eml",
    "forwarded/sisimai__is-not-bounce-02.eml",
])
def test_the_readme_traps_are_not_automated(name):
    assert automated_reason(parsed(name), "reader@example.org") is None


@pytest.mark.parametrize("path", [p for p in MESSAGES if "autoreplies" in p.parts], ids=corpus_id)
def test_autoreplies_are_recognised(path):
    letter = parse_message(path.read_bytes())
    assert automated_reason(letter, "") and automated_reason(letter, "someone@example.org")


# --------------------------------------------------------------------------------------------
# Properties


PROPERTY = settings(max_examples=200, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(st.binary(max_size=3000))
def test_never_raises_on_arbitrary_bytes(raw):
    assert_clean(parse_message(raw))


@st.composite
def mutated_message(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(MESSAGES)).read_bytes())
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[at] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[at:at] = draw(st.sampled_from([b"\r", b"\n", b"\x00", b"\r\n\r\n", b"--", b"=?utf-8?b?",
                                                b"Content-Type: multipart/mixed; boundary=x\r\n", b"<",
                                                b"\xff\xfe", b"=", b"\"", b"("]))
        elif kind == "delete":
            del data[at:at + draw(st.integers(1, 64))]
        else:
            del data[at:]
    return bytes(data)


@PROPERTY
@given(mutated_message())
def test_never_raises_on_mutated_corpus_messages(raw):
    assert_clean(parse_message(raw))

"""parse_message on hand-written messages: one behaviour per test, every message a bytes literal."""
from __future__ import annotations

import base64
import time
from datetime import datetime, timezone

from inbox.mail.parse import parse_message

CONTROL = {chr(c) for c in range(32) if c != 10} | {"\x7f"}


def cpu(fn, *args):
    """``fn(*args)`` and the CPU seconds this thread spent in it. The hostile inputs below are
    bounded in CPU time, not wall-clock time: a loaded machine stretches the one, not the other.
    (How fast an ordinary letter parses is shown by ``python -m bench fidelity``.)"""
    started = time.thread_time()
    result = fn(*args)
    return result, time.thread_time() - started


def no_control(value: str | None) -> bool:
    return value is None or not (set(value) & CONTROL)


# --------------------------------------------------------------------------------------------
# An ordinary letter


LETTER = (
    b"Return-Path: <margaret@example.org>\r\n"
    b"From: Margaret Holloway <Margaret.Holloway@Example.ORG>\r\n"
    b"To: Letters <letters@reaction.life>, editor@reaction.life\r\n"
    b"Cc: \"Smith, John\" <john@example.net>\r\n"
    b"Subject: Re: The housing crisis\r\n"
    b"Date: Mon, 4 Mar 2024 09:12:10 +0100\r\n"
    b"Message-ID: < CAFoo123@mail.example.org >\r\n"
    b"In-Reply-To: <newsletter-2024-03-03@reaction.life>\r\n"
    b"References: <a@reaction.life>\r\n <newsletter-2024-03-03@reaction.life>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"Sir,\r\n\r\nYour leader on housing (3 March) misses the point.\r\n\r\n"
    b"Yours faithfully,\r\nMargaret Holloway\r\nGuildford, Surrey\r\n\r\n"
    b"On Sun, 3 Mar 2024 at 08:00, Reaction <newsletter@reaction.life> wrote:\r\n"
    b"> The housing crisis, explained.\r\n"
)


def test_reads_the_fields_of_an_ordinary_letter():
    parsed = parse_message(LETTER)
    assert parsed.message_id == "CAFoo123@mail.example.org"
    assert parsed.subject == "Re: The housing crisis"
    assert parsed.from_name == "Margaret Holloway"
    assert parsed.from_email == "margaret.holloway@example.org"
    assert parsed.to == ("letters@reaction.life", "editor@reaction.life", "john@example.net")
    assert parsed.sent_at == datetime(2024, 3, 4, 8, 12, 10, tzinfo=timezone.utc)
    assert parsed.in_reply_to == "newsletter-2024-03-03@reaction.life"
    assert parsed.references == ("a@reaction.life", "newsletter-2024-03-03@reaction.life")
    assert ("Subject", "Re: The housing crisis") in parsed.headers
    assert not parsed.unparseable and not parsed.forwarded and parsed.defects == ()


def test_text_is_the_letter_without_quote_or_signoff_and_full_text_keeps_everything():
    parsed = parse_message(LETTER)
    assert parsed.text == "Sir,\n\nYour leader on housing (3 March) misses the point."
    assert parsed.author_name == "Margaret Holloway"
    assert parsed.author_location == "Guildford, Surrey"
    assert "> The housing crisis, explained." in parsed.full_text
    assert "\r" not in parsed.full_text
    assert parsed.word_count == 10     # "Yours faithfully," leaves with the sign-off


def test_author_falls_back_to_the_display_name_without_a_signoff():
    parsed = parse_message(b"From: \"Holloway, Margaret\" <m@example.org>\r\n\r\nSir, agreed.\r\n")
    assert parsed.from_name == "Margaret Holloway"
    assert parsed.author_name == "Margaret Holloway" and parsed.author_location is None


def test_signature_lines_are_removed_from_text():
    raw = (b"From: a@example.org\r\nSubject: x\r\n\r\n"
           b"Sir, the bridge is late.\r\n\r\nSent from my iPhone\r\n\r\n-- \r\nAnn Example\r\n07700 900000\r\n")
    parsed = parse_message(raw)
    assert parsed.text == "Sir, the bridge is late."
    assert "Sent from my iPhone" in parsed.full_text


# --------------------------------------------------------------------------------------------
# Not a message at all


def test_empty_bytes_are_unparseable_not_an_error():
    parsed = parse_message(b"")
    assert parsed.unparseable and parsed.text == "" and parsed.defects


def test_garbage_is_unparseable_with_the_text_salvaged():
    parsed = parse_message(b"// Not an RFC-822 Document\x00\x01 \xff\xfe")
    assert parsed.unparseable
    assert "Not an RFC-822 Document" in parsed.text
    assert no_control(parsed.text) and no_control(parsed.full_text)


def test_every_byte_value_is_survived():
    parsed = parse_message(bytes(range(256)) * 16)
    assert parsed.unparseable and no_control(parsed.text)


def test_a_str_instead_of_bytes_is_still_parsed():
    parsed = parse_message("Subject: caf\u00e9\n\nbody\n")   # type: ignore[arg-type]
    assert parsed.subject == "caf\u00e9"


# --------------------------------------------------------------------------------------------
# Headers: RFC 2047, RFC 6532, raw 8-bit, control characters


def test_decodes_rfc2047_subject_with_words_split_inside_a_character():
    # "Привет, мир" in UTF-8, base64, split in the middle of the two bytes of "е".
    first = base64.b64encode("Приве".encode()[:-1]).decode()
    second = base64.b64encode("Привет, мир".encode()[len("Приве".encode()) - 1:]).decode()
    raw = f"Subject: =?utf-8?b?{first}?=\r\n =?UTF-8?B?{second}?=\r\n\r\nx\r\n".encode()
    assert parse_message(raw).subject == "Привет, мир"


def test_decodes_q_encoding_and_partly_encoded_subjects():
    raw = b"Subject: Re: Test: =?ISO-8859-1?Q?caf=E9_society?= and =?utf-8?q?more?= tail\r\n\r\nx\r\n"
    assert parse_message(raw).subject == "Re: Test: café society and more tail"


def test_an_encoded_comma_does_not_split_the_sender_and_last_first_is_turned_round():
    raw = b"From: =?UTF-8?B?SG9sbG93YXksIE1hcmdhcmV0?= <m@example.org>\r\n\r\nx\r\n"   # Holloway, Margaret
    parsed = parse_message(raw)
    assert (parsed.from_name, parsed.from_email) == ("Margaret Holloway", "m@example.org")


def test_folded_long_encoded_name_is_joined():
    raw = (b"From: =?utf-8?q?Margaret_Anne?=\r\n =?utf-8?q?_Holloway-Smythe?= <m@example.org>\r\n"
           b"\r\nx\r\n")
    assert parse_message(raw).from_name == "Margaret Anne Holloway-Smythe"


def test_raw_utf8_headers_are_read_as_rfc6532():
    raw = "From: \"Jöhn Dœ\" <jöhn@exämple.org>\r\nSubject: Säying Hello\r\n\r\nx\r\n".encode()
    parsed = parse_message(raw)
    assert parsed.subject == "Säying Hello"
    assert parsed.from_name == "Jöhn Dœ" and parsed.from_email == "jöhn@exämple.org"


def test_raw_latin1_header_bytes_use_the_charset_the_message_declares():
    raw = (b"From: =?windows-1252?q?Forma=E7=E3o?= <info@example.org>\r\n"
           b"Subject: Forma\xe7\xe3o: Ver\xe3o\r\nContent-Type: text/plain; charset=windows-1252\r\n"
           b"\r\nx\r\n")
    assert parse_message(raw).subject == "Formação: Verão"


def test_control_characters_and_bidi_overrides_are_stripped_from_headers():
    raw = b"From: Ann\x1b[31m <ann@example.org>\r\nSubject: a\x00b\tc =?utf-8?q?=E2=80=AEevil?=\r\n\r\nx\r\n"
    parsed = parse_message(raw)
    assert parsed.subject == "ab c evil"
    assert all(no_control(name) and no_control(value) for name, value in parsed.headers)
    assert no_control(parsed.from_name)


def test_encoded_crlf_in_a_header_cannot_create_a_header():
    raw = (b"From: =?utf-8?q?Ann=0D=0AX-Injected:_1?= <ann@example.org>\r\n"
           b"Subject: =?utf-8?q?hi=0D=0ABcc:_victim@example.org?=\r\n\r\nbody\r\n")
    parsed = parse_message(raw)
    assert parsed.subject == "hi Bcc: victim@example.org"
    assert parsed.from_email == "ann@example.org"
    names = {name.lower() for name, _ in parsed.headers}
    assert "bcc" not in names and "x-injected" not in names


def test_a_bare_cr_in_the_header_block_is_a_space_not_a_line_end():
    raw = b"From: ann@example.org\r\nSubject: hi\rX-Injected: 1\r\n\r\nbody\r\n"
    parsed = parse_message(raw)
    assert parsed.subject == "hi X-Injected: 1"
    assert "x-injected" not in {name.lower() for name, _ in parsed.headers}


def test_bare_lf_messages_parse_like_crlf_ones():
    crlf = parse_message(LETTER)
    lf = parse_message(LETTER.replace(b"\r\n", b"\n"))
    assert (lf.subject, lf.from_email, lf.text, lf.to) == (crlf.subject, crlf.from_email, crlf.text, crlf.to)


def test_duplicate_subject_and_message_id_take_the_first_and_say_so():
    raw = (b"From: a@example.org\r\nSubject: An email\r\nSubject: Dup subject\r\n"
           b"Message-ID: <one@x>\r\nMessage-ID: <two@x>\r\n\r\nx\r\n")
    parsed = parse_message(raw)
    assert parsed.subject == "An email" and parsed.message_id == "one@x"
    assert any("subject" in defect for defect in parsed.defects)


def test_broken_encoded_words_still_decode():
    assert parse_message(b"Subject: =?NONE?B?VEVTVA=?=\r\n\r\nx").subject == "TEST"   # bad padding
    assert parse_message(b"Subject: =?utf-8?q?caf=E9?=\r\n\r\nx").subject == "café"   # latin-1 bytes
    assert parse_message(b"Subject: =?utf-8?b?\r\n\r\nx").subject == "=?utf-8?b?"      # not a word


def test_message_id_without_brackets_and_missing_message_id():
    assert parse_message(b"Message-ID: abc@example.org \r\n\r\nx\r\n").message_id == "abc@example.org"
    assert parse_message(b"Message-ID: <>\r\n\r\nx\r\n").message_id is None
    assert parse_message(b"Subject: none\r\n\r\nx\r\n").message_id is None


def test_dates_are_utc_or_none():
    assert parse_message(b"Date: Mon, 4 Mar 2024 09:12:10 -0000\r\n\r\nx").sent_at == \
        datetime(2024, 3, 4, 9, 12, 10, tzinfo=timezone.utc)
    assert parse_message(b"Date: Wed, 15 Dec 2010    59:10 -0500\r\n\r\nx").sent_at is None
    assert parse_message(b"Date: Mon, 99 Foo 99999 99:99:99 +9999\r\n\r\nx").sent_at is None
    assert parse_message(b"Date: Mon, 30 Jun 3609 15:33:50 +0600\r\n\r\nx").sent_at is None


# --------------------------------------------------------------------------------------------
# Senders: CVE-2023-27043 and friends


def test_cve_2023_27043_from_is_never_read_as_alice():
    parsed = parse_message(b"From: alice@example.org)<bob@example.org>\r\n\r\nSir.\r\n")
    assert parsed.from_email == "bob@example.org"          # the one <angle-addr>
    assert parsed.from_name is None                         # the misleading text is dropped
    assert any("alice@example.org" in defect for defect in parsed.defects)


def test_a_display_name_showing_another_address_is_dropped():
    parsed = parse_message(b"From: \"alice@example.org\" <bob@example.org>\r\n\r\nSir.\r\n")
    assert (parsed.from_name, parsed.from_email) == (None, "bob@example.org")
    assert parsed.defects


def test_two_bare_addresses_in_from_are_ambiguous():
    parsed = parse_message(b"From: alice@example.org bob@example.org\r\n\r\nSir.\r\n")
    assert parsed.from_email is None
    assert any("ambiguous" in defect for defect in parsed.defects)


def test_two_angle_addresses_in_one_mailbox_are_ambiguous():
    assert parse_message(b"From: <alice@example.org> <bob@example.org>\r\n\r\nx").from_email is None


def test_the_first_usable_of_several_from_fields_is_taken():
    raw = b"From: Nobody <not an address>\r\nFrom: evil@example.org\r\nFrom: third@example.org\r\n\r\nx"
    parsed = parse_message(raw)
    assert parsed.from_email == "evil@example.org"
    assert any("From fields" in defect for defect in parsed.defects)


def test_an_invalid_address_is_not_kept():
    assert parse_message(b"From: Ann <ann@localhost>\r\n\r\nx").from_email is None
    assert parse_message(b"From: Ann <ann@@example.org>\r\n\r\nx").from_email is None


def test_old_style_comment_names_are_read():
    parsed = parse_message(b"From: ann@example.org (Ann Example)\r\n\r\nx")
    assert (parsed.from_name, parsed.from_email) == ("Ann Example", "ann@example.org")


def test_a_missing_from_is_a_defect():
    parsed = parse_message(b"To: letters@reaction.life\r\nSubject: no from\r\n\r\nSir.\r\n")
    assert parsed.from_email is None and "no From field" in parsed.defects


def test_a_to_header_with_20000_addresses_is_capped_and_fast():
    addresses = b",\r\n ".join(b"reader%d@example.org" % i for i in range(20000))
    raw = b"From: ann@example.org\r\nTo: " + addresses + b"\r\nSubject: many\r\n\r\nSir.\r\n"
    parsed, spent = cpu(parse_message, raw)
    assert spent < 2.0
    assert len(parsed.to) == 200 and parsed.to[0] == "reader0@example.org"
    assert all(len(value) <= 8000 for _, value in parsed.headers)
    assert any("recipients" in defect for defect in parsed.defects)


# --------------------------------------------------------------------------------------------
# Charsets


def test_x_mac_cyrillic_is_known_by_its_alias():
    raw = (b"Content-Type: text/plain; charset=x-mac-cyrillic\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           + "Привет из Москвы".encode("mac_cyrillic"))
    assert parse_message(raw).text == "Привет из Москвы"


def test_ks_c_5601_1987_decodes_as_korean():
    raw = (b"Content-Type: text/plain; charset=\"ks_c_5601-1987\"\r\n\r\n"
           + "안녕하세요 여러분".encode("cp949"))
    assert parse_message(raw).text == "안녕하세요 여러분"


def test_an_unknown_charset_falls_back_to_readable_text():
    raw = (b"Subject: =?x-unknown-42?b?Q2Fmw6kgc29jaWV0eQ==?=\r\n"
           b"Content-Type: text/plain; charset=\"x-no-such-charset\"\r\n\r\n"
           + "Sir, the café society of Rhône.".encode("latin-1"))
    parsed = parse_message(raw)
    assert parsed.subject == "Café society"
    assert parsed.text == "Sir, the café society of Rhône."
    assert any("x-no-such-charset" in defect for defect in parsed.defects)


def test_utf8_declared_as_windows_1252_is_read_as_utf8():
    raw = (b"Content-Type: text/plain; charset=windows-1252\r\n\r\n"
           + "Thunderbird の設定も簡単 — naïve café".encode())
    assert parse_message(raw).text == "Thunderbird の設定も簡単 — naïve café"


def test_windows_1252_without_a_charset_is_read_as_western_text():
    raw = (b"Content-Type: text/plain;\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           + "Aquí tenemos texto en español: el día de la Hispanidad, “comillas”.".encode("cp1252"))
    assert parse_message(raw).text == "Aquí tenemos texto en español: el día de la Hispanidad, “comillas”."


def test_russian_without_a_charset_is_detected():
    text = ("Моя семья. У меня большая семья из шести человек: я, мама, папа, старшая сестра, "
            "бабушка и дедушка. Мы живем все вместе с собакой Бимом и кошкой Муркой в большом доме.")
    parsed = parse_message(b"Subject: no charset\r\n\r\n" + text.encode("koi8-r"))
    assert parsed.text == text


def test_a_stray_bad_byte_does_not_cost_the_declared_charset():
    text = "你好！我们的城市需要更多的公共汽车和更好的铁路。"
    raw = (b"Content-Type: text/plain; charset=gb2312\r\n\r\n"
           + text[:6].encode("gb2312") + b"\xff" + text[6:].encode("gb2312"))
    parsed = parse_message(raw)
    assert parsed.text.startswith(text[:6]) and parsed.text.endswith(text[6:])


def test_iso_2022_jp_with_microsoft_extensions_decodes():
    raw = b"Subject: =?iso-2022-jp?B?GyRCLWIbKEIx?=\r\n\r\nx"   # NEC "№" then "1"
    assert parse_message(raw).subject == "№1"


def test_utf16_parts_decode():
    raw = (b"Content-Type: text/plain; charset=utf-16le\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           + base64.b64encode("Sir, a UTF-16 letter.".encode("utf-16-le")))
    assert parse_message(raw).text == "Sir, a UTF-16 letter."


def test_quoted_printable_and_format_flowed_become_paragraphs():
    raw = (b"Content-Type: text/plain; charset=utf-8; format=flowed\r\n"
           b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
           b"Sir, this line is =C3=A9crit and \r\nflows on.\r\n\r\nNew paragraph.\r\n")
    assert parse_message(raw).text == "Sir, this line is écrit and flows on.\n\nNew paragraph."


# --------------------------------------------------------------------------------------------
# Body choice and HTML


ALTERNATIVE = (
    b"From: ann@example.org\r\nContent-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n"
    b"--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>HTML <b>version</b></p>\r\n"
    b"--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPlain version\r\n--alt--\r\n"
)


def test_alternative_prefers_plain_text_and_keeps_the_html():
    parsed = parse_message(ALTERNATIVE)
    assert parsed.text == "Plain version"
    assert parsed.html == "<p>HTML <b>version</b></p>"
    assert parsed.attachments == ()


def test_an_html_only_letter_is_converted_without_scripts_or_styles():
    raw = (b"From: ann@example.org\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
           b"<html><head><title>T</title><style>p {color: red}</style></head><body>"
           b"<script>alert('x')</script><p>Sir,</p><p>The bridge &amp; the tunnel<br>are late.</p>"
           b"<!--[if mso]><o:p>office</o:p><![endif]--></body></html>")
    parsed = parse_message(raw)
    assert parsed.text == "Sir,\n\nThe bridge & the tunnel\nare late."
    assert "<script>" in parsed.html          # kept as sent; the UI sanitises


def test_an_empty_plain_alternative_gives_way_to_the_html():
    raw = (b"Content-Type: multipart/alternative; boundary=a\r\n\r\n--a\r\nContent-Type: text/plain\r\n\r\n"
           b"\r\n--a\r\nContent-Type: text/html\r\n\r\n<p>Real text</p>\r\n--a--\r\n")
    assert parse_message(raw).text == "Real text"


def test_format_flowed_never_joins_the_signature_line():
    raw = (b"Content-Type: text/plain; format=flowed\r\n\r\n"
           b"Sir, agreed. \r\n-- \r\nAnn Example\r\n")
    parsed = parse_message(raw)
    assert parsed.text == "Sir, agreed." and parsed.full_text == "Sir, agreed. \n-- \nAnn Example"


def test_text_enriched_counts_as_text():
    raw = (b"Content-Type: text/enriched\r\n\r\n<bold>Sir</bold>, the <<tag>\r\nis literal.\r\n\r\nNext.\r\n")
    assert parse_message(raw).text == "Sir, the <tag> is literal.\nNext."


def test_inline_text_parts_around_an_image_are_joined():
    raw = (b"Content-Type: multipart/mixed; boundary=m\r\n\r\n"
           b"--m\r\nContent-Type: text/plain\r\n\r\nBefore the photo.\r\n"
           b"--m\r\nContent-Type: image/jpeg\r\nContent-Disposition: inline; filename=photo.jpg\r\n\r\nJPEG\r\n"
           b"--m\r\nContent-Type: text/plain\r\n\r\nAfter the photo.\r\n--m--\r\n")
    parsed = parse_message(raw)
    assert parsed.text == "Before the photo.\n\nAfter the photo."
    assert [a.filename for a in parsed.attachments] == ["photo.jpg"]


def test_a_multipart_without_a_usable_boundary_is_split_on_its_delimiters():
    raw = (b"From: a@example.org\r\nContent-Type: multipart/mixed; boundary=WRONG\r\n\r\n"
           b"--REAL\r\nContent-Type: text/plain\r\n\r\nmessage 1\r\n--REAL\r\nContent-Type: text/plain\r\n\r\n"
           b"message 2\r\n--REAL--\r\n")
    parsed = parse_message(raw)
    assert parsed.text == "message 1\n\nmessage 2"
    assert any("boundary" in defect for defect in parsed.defects)


def test_a_multipart_with_no_boundary_at_all_keeps_its_text():
    raw = b"From: a@example.org\r\nContent-Type: multipart/alternative;\r\n\r\nBlah blah blah\r\n"
    assert parse_message(raw).text == "Blah blah blah"


def test_signature_parts_are_neither_body_nor_attachment():
    raw = (b"Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=s\r\n\r\n"
           b"--s\r\nContent-Type: text/plain\r\n\r\nSigned letter.\r\n"
           b"--s\r\nContent-Type: application/pkcs7-signature; name=smime.p7s\r\n"
           b"Content-Disposition: attachment; filename=smime.p7s\r\n\r\nMIAGCSqGSIb3\r\n--s--\r\n")
    parsed = parse_message(raw)
    assert parsed.text == "Signed letter." and parsed.attachments == ()


def test_a_calendar_part_is_an_attachment_not_the_body():
    raw = (b"Content-Type: multipart/alternative; boundary=c\r\n\r\n"
           b"--c\r\nContent-Type: text/plain\r\n\r\nSee you there.\r\n"
           b"--c\r\nContent-Type: text/calendar; method=REQUEST\r\n\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n--c--\r\n")
    parsed = parse_message(raw)
    assert parsed.text == "See you there."
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [("attachment-1.ics", "text/calendar")]


# --------------------------------------------------------------------------------------------
# Attachments


def attachment_message(*params: bytes) -> bytes:
    parts = b"".join(b"--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; "
                     + param + b"\r\nContent-Transfer-Encoding: base64\r\n\r\nSGVsbG8=\r\n" for param in params)
    return (b"From: a@example.org\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            b"--b\r\nContent-Type: text/plain\r\n\r\nSee attached.\r\n" + parts + b"--b--\r\n")


def test_attachment_names_lose_their_directories():
    parsed = parse_message(attachment_message(
        b'filename="1234/../../1234.txt"', b'filename="..\\\\..\\\\win.ini"',
        b'filename="C:\\\\Windows\\\\evil.dll"', b"filename*=utf-8''..%2F..%2F.ssh%2Fkeys"))
    assert [a.filename for a in parsed.attachments] == ["1234.txt", "win.ini", "evil.dll", "keys"]
    assert all(a.content == b"Hello" and a.size == 5 for a in parsed.attachments)


def test_attachment_names_lose_control_characters_and_leading_dots():
    parsed = parse_message(attachment_message(
        b'filename=".htaccess"', b'filename="=?utf-8?q?a=0D=0Ab.txt?="', b'filename="...."',
        b'filename=""'))
    assert [a.filename for a in parsed.attachments] == ["htaccess", "a b.txt", "attachment-3.bin",
                                                        "attachment-4.bin"]


def test_long_attachment_names_keep_their_extension_within_255_bytes():
    parsed = parse_message(attachment_message(b'filename="' + "é".encode() * 300 + b'.pdf"'))
    name = parsed.attachments[0].filename
    assert name.endswith(".pdf") and len(name.encode()) <= 255


def test_encoded_and_8bit_attachment_names_are_decoded():
    parsed = parse_message(attachment_message(
        b'filename="=?ISO-8859-1?Q?Eelanal=FC=FCsi_p=E4ring.jpg?="', "filename=管理.doc".encode(),
        b"filename*0*=utf-8''%E3%81%8B%E3%81%8D;\r\n filename*1*=%E3%81%8F.txt"))
    assert [a.filename for a in parsed.attachments] == ["Eelanalüüsi päring.jpg", "管理.doc", "かきく.txt"]


def test_malformed_content_types_and_ids_are_cleaned():
    raw = (b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: \x00/\r\n\r\nSir.\r\n"
           b"--b\r\nContent-Type: image/png\r\nContent-ID: <image\x0001.png@x>\r\n\r\nPNG\r\n--b--\r\n")
    parsed = parse_message(raw)
    assert parsed.text == "Sir."                       # an unreadable type is text/plain (RFC 2045)
    assert [(a.content_type, a.content_id) for a in parsed.attachments] == [("image/png", "image01.png@x")]


def test_a_message_that_is_only_an_attachment_has_no_text():
    raw = (b"From: a@example.org\r\nContent-Type: application/x-gzip; NAME=blah.gz\r\n"
           b"Content-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\nH4sIAAAA\r\n")
    parsed = parse_message(raw)
    assert parsed.text == "" and [a.filename for a in parsed.attachments] == ["blah.gz"]


def test_cid_images_of_the_html_body_are_inline():
    raw = (b"Content-Type: multipart/related; boundary=r\r\n\r\n"
           b"--r\r\nContent-Type: text/html\r\n\r\n<p>Look: <img src=\"cid:pic1@x\"></p>\r\n"
           b"--r\r\nContent-Type: image/png\r\nContent-ID: <pic1@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           b"iVBORw0KGgo=\r\n--r--\r\n")
    parsed = parse_message(raw)
    assert parsed.text == "Look:"
    [image] = parsed.attachments
    assert image.inline and image.content_id == "pic1@x" and image.filename == "attachment-1.png"
    assert image.content == b"\x89PNG\r\n\x1a\n"


def test_a_thousand_parts_are_capped():
    parts = b"".join(b"--b\r\nContent-Type: image/png; name=\"a%d.png\"\r\n\r\nxx\r\n" % i for i in range(1000))
    raw = b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSir.\r\n" \
        + parts + b"--b--\r\n"
    parsed, spent = cpu(parse_message, raw)
    assert spent < 2.0
    assert parsed.text == "Sir." and len(parsed.attachments) < 100
    assert any("MIME parts" in defect for defect in parsed.defects)


# --------------------------------------------------------------------------------------------
# Forwards


ENCLOSED = (b"From: Margaret Holloway <margaret@example.org>\r\nTo: letters@reaction.life\r\n"
            b"Subject: My letter\r\n\r\nSir, the bridge is late again.\r\n\r\nMargaret Holloway\r\nGuildford\r\n")


def forward(note: bytes, sender: bytes = b"From: Margaret <margaret@example.org>\r\n") -> bytes:
    return (sender + b"Subject: Fwd: My letter\r\nContent-Type: multipart/mixed; boundary=f\r\n\r\n"
            b"--f\r\nContent-Type: text/plain\r\n\r\n" + note + b"\r\n"
            b"--f\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=letter.eml\r\n\r\n"
            + ENCLOSED + b"--f--\r\n")


def test_a_cover_note_over_an_enclosed_letter_takes_the_enclosed_text():
    parsed = parse_message(forward(b"Resending as my first attempt bounced."))
    assert parsed.forwarded
    assert parsed.text == "Sir, the bridge is late again."
    assert (parsed.author_name, parsed.author_location) == ("Margaret Holloway", "Guildford")
    assert parsed.from_email == "margaret@example.org"            # the outer sender stays
    assert parsed.full_text.startswith("Resending as my first attempt bounced.")
    assert parsed.attachments == ()                                # the enclosed mail is the letter


def test_an_enclosed_letter_without_an_outer_from_gives_the_sender():
    parsed = parse_message(forward(b"", sender=b""))
    assert parsed.forwarded and parsed.from_email == "margaret@example.org"
    assert any("forwarded message" in defect for defect in parsed.defects)


def test_a_substantial_note_is_the_letter_and_the_enclosed_mail_an_attachment():
    note = b"Sir, " + b"I write at length about the bridge and its many delays this winter. " * 6
    parsed = parse_message(forward(note))
    assert not parsed.forwarded and parsed.text.startswith("Sir, I write at length")
    assert [(a.filename, a.content_type) for a in parsed.attachments] == [("letter.eml", "message/rfc822")]
    assert b"Sir, the bridge is late again." in parsed.attachments[0].content


def test_an_inline_gmail_forward_under_a_short_note_is_unwrapped():
    raw = (b"From: Margaret <margaret@example.org>\r\nSubject: Fwd: My letter\r\n\r\n"
           b"Please consider this.\r\n\r\n---------- Forwarded message ---------\r\n"
           b"From: Margaret <margaret@example.org>\r\nDate: Mon, 4 Mar 2024 at 09:00\r\n"
           b"Subject: My letter\r\nTo: <letters@reaction.life>\r\n\r\n\r\n"
           b"Sir, the bridge is late again.\r\n")
    parsed = parse_message(raw)
    assert parsed.forwarded and parsed.text == "Sir, the bridge is late again."


def test_an_apple_mail_forward_is_unquoted():
    raw = (b"From: m@example.org\r\nSubject: Fwd: x\r\n\r\nBegin forwarded message:\r\n\r\n"
           b"> From: Margaret <m@example.org>\r\n> Subject: My letter\r\n> Date: 4 March 2024\r\n>\r\n"
           b"> Sir, the bridge is late.\r\n")
    parsed = parse_message(raw)
    assert parsed.forwarded and parsed.text == "Sir, the bridge is late."


def test_a_short_reply_above_an_original_message_is_a_reply_not_a_forward():
    raw = (b"From: m@example.org\r\nSubject: Re: Test\r\n\r\nHello\r\n\r\n-----Original Message-----\r\n"
           b"From: bob <bob@example.com>\r\nSent: Mon, Apr 2, 2012 5:49 pm\r\nSubject: Test\r\n\r\nHi\r\n")
    parsed = parse_message(raw)
    assert not parsed.forwarded and parsed.text == "Hello"


# --------------------------------------------------------------------------------------------
# Hostile structure


def nested_multipart(depth: int) -> bytes:
    opening = b"".join(b"Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n" % (i, i)
                       for i in range(depth))
    closing = b"".join(b"--b%d--\r\n" % i for i in reversed(range(depth)))
    return (b"From: Deep <deep@example.org>\r\nSubject: deep\r\n" + opening
            + b"Content-Type: text/plain\r\n\r\nSir, at the bottom of the well.\r\n" + closing)


def test_2000_levels_of_nesting_are_salvaged_quickly():
    parsed, spent = cpu(parse_message, nested_multipart(2000))
    assert spent < 2.0
    assert parsed.unparseable and parsed.defects
    assert parsed.text == "Sir, at the bottom of the well."
    assert (parsed.subject, parsed.from_email) == ("deep", "deep@example.org")


def test_nesting_beyond_the_depth_cap_is_read_as_salvaged_text():
    parsed = parse_message(nested_multipart(60))
    assert not parsed.unparseable
    assert parsed.text == "Sir, at the bottom of the well."
    assert any("deeper than" in defect for defect in parsed.defects)


def test_a_flood_of_headers_is_bounded():
    junk = b"".join(b"X-Junk-%d: %s\r\n" % (i, b"v" * 40) for i in range(20000))
    parsed, spent = cpu(parse_message, b"From: ann@example.org\r\n" + junk + b"Subject: s\r\n\r\nSir.\r\n")
    assert spent < 2.0
    assert parsed.text == "Sir." and parsed.subject == "s" and len(parsed.headers) == 300


def test_deeply_nested_html_is_linear():
    html = b"<div><b><i>" * 30000 + b"Sir, nested." + b"</i></b></div>" * 30000
    parsed, spent = cpu(parse_message, b"Content-Type: text/html\r\n\r\n" + html)
    assert spent < 3.0
    assert parsed.text == "Sir, nested."


def test_a_huge_body_is_read_in_seconds_and_the_letter_capped():
    raw = b"From: a@example.org\r\nSubject: big\r\n\r\n" + b"From: a\r\n> quoted\r\n" * 300_000
    parsed, spent = cpu(parse_message, raw)
    assert spent < 5.0
    assert len(parsed.text) <= 200_000 and len(parsed.full_text) > 1_000_000
    assert any("letter longer than" in defect for defect in parsed.defects)


def test_overlong_values_are_capped():
    raw = (b"From: " + b"N" * 2000 + b" <ann@example.org>\r\nSubject: " + b"S" * 5000
           + b"\r\nMessage-ID: <" + b"m" * 3000 + b"@example.org>\r\n\r\nSir.\r\n")
    parsed = parse_message(raw)
    assert len(parsed.subject) <= 998 and len(parsed.from_name) <= 300 and len(parsed.message_id) <= 998

"""Letter fidelity (issue #12), through ``parse_message``: one behaviour per test, every message
hand-written here (no corpus needed)."""
from __future__ import annotations

import pytest

from inbox.mail.letter_text import REMOVED_KINDS
from inbox.mail.parse import parse_message


def mail(body: str, sender: str = "Ann Reader <ann@example.org>", headers: str = "",
         content_type: str = "text/plain; charset=utf-8") -> bytes:
    return (f"From: {sender}\r\nTo: letters@reaction.life\r\nSubject: Your article\r\n{headers}"
            f"Content-Type: {content_type}\r\n\r\n{body}").replace("\r\n", "\n").replace(
        "\n", "\r\n").encode("utf-8")


def kinds(parsed) -> list[str]:
    return [kind for kind, _ in parsed.removed]


# --- never lose the reader's words -----------------------------------------------------------

@pytest.mark.parametrize("salutation, rest", [
    ("Sir,", "From Dublin it seems that London has forgotten the backstop ever existed."),
    ("Dear Sir,", "From Paris, the British debate looks like a family quarrel in a burning house."),
])
def test_an_escaped_from_line_is_the_readers_own(salutation, rest):
    parsed = parse_message(mail(f"{salutation}\n\n>{rest}\n\nSean Murphy\nDublin\n"))
    assert parsed.text == f"{salutation}\n\n{rest}"
    assert parsed.removed == (("sign-off", "Sean Murphy\nDublin"),)


def test_an_escaped_from_inside_a_quoted_block_stays_quoted():
    body = ("Agreed.\n\nOn Mon, 26 Jun 2023 at 08:00, Bob <bob@example.org> wrote:\n> one\n"
            ">From the other side\n> two\n")
    parsed = parse_message(mail(body))
    assert parsed.text == "Agreed."
    assert ">From the other side" in parsed.removed[-1][1]


def test_a_quotation_the_reader_answers_stays_as_its_own_paragraph():
    body = ("In your article you wrote:\n\n> Blinken said he was \"clear-eyed\"\n> about China.\n\n"
            "Clear-eyed is what every Secretary of State says.\n\nAnn Reader\nYork\n")
    parsed = parse_message(mail(body))
    assert parsed.text == ("In your article you wrote:\n\n> Blinken said he was \"clear-eyed\"\n"
                           "> about China.\n\nClear-eyed is what every Secretary of State says.")
    assert not parsed.review


def test_an_interleaved_reply_keeps_each_quotation_and_answer():
    body = ("Dear Editor,\n\n> Heat pumps do not work in old houses.\n\nMine does, in an 1890 house.\n\n"
            "> Net zero will fall on the poorest.\n\nOnly if it is designed that way.\n")
    parsed = parse_message(mail(body))
    assert parsed.text == ("Dear Editor,\n\n> Heat pumps do not work in old houses.\n\n"
                           "Mine does, in an 1890 house.\n\n> Net zero will fall on the poorest.\n\n"
                           "Only if it is designed that way.")


def test_a_top_posted_replys_quoted_trailer_is_removed_and_reported():
    body = ("Sir,\n\nYour leader was right.\n\nOn Mon, 26 Jun 2023 at 08:00, Reaction "
            "<newsletter@reaction.life> wrote:\n\n> THE WEEK IN REACTION\n> Blinken in Beijing\n")
    parsed = parse_message(mail(body))
    assert parsed.text == "Sir,\n\nYour leader was right."
    assert parsed.removed[-1][0] == "quote" and "THE WEEK IN REACTION" in parsed.removed[-1][1]


def test_a_quotation_at_the_very_top_is_kept_but_flagged():
    parsed = parse_message(mail("> The railways are finished.\n\nThey are not.\n"))
    assert parsed.text == "> The railways are finished.\n\nThey are not."
    assert parsed.review and "quoted lines at the top" in parsed.review[0]


def test_a_letter_reduced_to_its_salutation_is_flagged():
    body = "Sir,\n\n-----Original Message-----\nFrom: Ann\nSent: Monday\nTo: Bob\n\nThe whole letter.\n"
    parsed = parse_message(mail(body))
    assert parsed.text == "Sir,"
    assert any("salutation" in reason for reason in parsed.review)


# --- removed ---------------------------------------------------------------------------------

def test_removed_lists_every_kind_in_message_order():
    body = ("Sir,\n\nThe trains are late.\n\nYours faithfully,\nAnn Reader\n12 High Street\n"
            "York YO1 7HH\n\nSent from my iPhone\n\nThis e-mail and any attachments are "
            "confidential. If you are not the intended recipient, please delete it.\n\n"
            "On Mon, 26 Jun 2023 at 08:00, Bob <bob@example.org> wrote:\n> old\n")
    parsed = parse_message(mail(body))
    assert parsed.text == "Sir,\n\nThe trains are late."
    assert kinds(parsed) == ["sign-off", "contact", "signature", "disclaimer", "quote"]
    assert set(kinds(parsed)) <= set(REMOVED_KINDS)


def test_a_forward_marker_under_the_letter_is_a_forward_header():
    body = ("Sir,\n\n" + "The timetable is a disgrace and everyone on my line knows it. " * 8 +
            "\n\n---------- Forwarded message ---------\nFrom: Bob <bob@example.org>\nDate: Mon, 26 Jun"
            " 2023\nSubject: Trains\nTo: Ann\n\nOld text\n")
    parsed = parse_message(mail(body))
    assert kinds(parsed)[-1] == "forward-header" and "Old text" not in parsed.text


def test_a_mailing_list_footer_is_removed():
    body = ("Sir,\n\nThe trains are late.\n\nAnn Reader\nYork\n\n"
            "_______________________________________________\nreaders mailing list\n"
            "https://lists.example.org/mailman/listinfo/readers\n")
    parsed = parse_message(mail(body))
    assert parsed.text == "Sir,\n\nThe trains are late."
    assert kinds(parsed) == ["sign-off", "list-footer"]


def test_a_corporate_signature_block_without_dashes_is_removed():
    body = ("Sir,\n\nYour piece on the Bank of England was excellent.\n\n"
            "Kate Ellis | Senior Analyst | Example Ltd\nT: +44 20 7946 0000 | M: +44 7700 900123\n"
            "www.example.com\n")
    parsed = parse_message(mail(body, "Kate Ellis <kate@example.com>"))
    assert parsed.text == "Sir,\n\nYour piece on the Bank of England was excellent."
    assert kinds(parsed) == ["signature"] and parsed.author_name == "Kate Ellis"


def test_a_prose_paragraph_mentioning_confidentiality_is_not_a_disclaimer():
    body = ("Sir,\n\nThe report was confidential.\n\nIt is still confidential, and it should not "
            "be: the public paid for it.\n\nAnn Reader\nYork\n")
    parsed = parse_message(mail(body))
    assert "It is still confidential" in parsed.text


# --- sign-off, name, town, contact ---------------------------------------------------------------

def test_a_full_postal_sign_off_gives_name_town_and_private_contact():
    body = ("Sir,\n\nThe Close deserves better.\n\nYours faithfully,\nColonel Hugh Fanshawe (retd)\n"
            "12 The Close\nSalisbury\nWiltshire SP1 2EF\nTel: 01722 123456\n")
    parsed = parse_message(mail(body, "Hugh Fanshawe <hf@example.org>"))
    assert parsed.text == "Sir,\n\nThe Close deserves better."
    assert parsed.author_name == "Colonel Hugh Fanshawe (retd)"
    assert parsed.author_location == "Salisbury, Wiltshire"
    assert parsed.author_contact == {"address": "12 The Close, Salisbury, Wiltshire SP1 2EF",
                                     "phone": "01722 123456"}
    assert kinds(parsed) == ["sign-off", "contact"]


def test_a_flat_address_never_becomes_the_town():
    parsed = parse_message(mail("Sir,\n\nAgreed.\n\nDr Jane Smith\nFlat 3, 14 High Street\nOxford OX1 4AB\n"))
    assert (parsed.author_name, parsed.author_location) == ("Dr Jane Smith", "Oxford")
    assert parsed.author_contact == {"address": "Flat 3, 14 High Street, Oxford OX1 4AB", "phone": None}
    assert "High Street" not in parsed.text and "OX1" not in parsed.text


def test_a_first_name_matching_the_header_takes_the_full_name():
    parsed = parse_message(mail("Sir,\n\nThe timetable is a disgrace.\n\nPeter\n",
                                "Peter Mallory <peter@example.org>"))
    assert parsed.text == "Sir,\n\nThe timetable is a disgrace."
    assert parsed.author_name == "Peter Mallory"


@pytest.mark.parametrize("ending, name, town", [
    ("— Tom Baker, Manchester", "Tom Baker", "Manchester"),
    ("-Abhishek Kona", "Abhishek Kona", None),
    ("John Smith, Newcastle upon Tyne", "John Smith", "Newcastle upon Tyne"),
    ("Edward Hall\nLudlow\nShropshire", "Edward Hall", "Ludlow, Shropshire"),
    ("Yours sincerely,\n\nProfessor Sir Richard Evans FBA\nDepartment of War Studies, King's College London",
     "Professor Sir Richard Evans FBA, Department of War Studies, King's College London", None),
])
def test_sign_off_forms(ending, name, town):
    parsed = parse_message(mail(f"Sir,\n\nA letter.\n\n{ending}\n"))
    assert (parsed.text, parsed.author_name, parsed.author_location) == ("Sir,\n\nA letter.", name, town)


@pytest.mark.parametrize("valediction", ["Yours faithfully,", "Best wishes,", "Regards",
                                         "Mit freundlichen Grüßen", "Cordialement,"])
def test_a_valediction_leaves_the_text_and_the_salutation_stays(valediction):
    parsed = parse_message(mail(f"Dear Editor,\n\nA letter.\n\n{valediction}\nAnn Reader\nYork\n"))
    assert parsed.text == "Dear Editor,\n\nA letter."
    assert parsed.removed == (("sign-off", f"{valediction}\nAnn Reader\nYork"),)


# --- quote headers and device lines across languages -------------------------------------

@pytest.mark.parametrize("header", [
    "2017-11-24 16:32 GMT+01:00 Bob Smith <bob@example.org>:",
    "Il giorno ven 24 nov 2017 alle ore 16:32 Bob <bob@example.org> ha scritto:",
    "Op 24 nov. 2017, om 16:32 heeft Bob <bob@example.org> het volgende geschreven:",
    "Op vr 24 nov. 2017 om 16:32 schreef Bob <bob@example.org>:",
    "fre. 24. nov. 2017 kl. 16:32 skrev Bob <bob@example.org>:",
    "pe 24. marrask. 2017 klo 16.32 Bob (bob@example.org) kirjoitti:",
    "пт, 24 нояб. 2017 г. в 16:32, Bob <bob@example.org>:",
    "Vào Th 6, 24 thg 11, 2017 vào lúc 16:32 Bob <bob@example.org> đã viết:",
    "Bob <bob@example.org> 于2017年11月24日周五 下午4:32写道：",
    "2017年11月24日(金) 16:32 Bob <bob@example.org>:",
    "Bob <bob@example.org>, 24 Kas 2017 Cum, 16:32 tarihinde şunu yazdı:",
    "---- Bob Smith wrote ----",
    "------On Fri, 24 Nov 2017, Bob wrote-----",
    "On Fri, 24 Nov 2017 at 16:32, Bob Smith\n<bob@example.org>\nwrote:",
])
def test_quote_headers_in_many_languages_and_clients(header):
    parsed = parse_message(mail(f"Sir,\n\nMy reply.\n\n{header}\n\n> the old mail\n"))
    assert parsed.text == "Sir,\n\nMy reply." and kinds(parsed) == ["quote"]


@pytest.mark.parametrize("block", [
    "De : Reaction <news@reaction.life>\nEnvoyé : lundi 26 juin 2023 08:00\nÀ : Anne\nObjet : Blinken",
    "Von: Reaction <news@reaction.life>\nGesendet: Montag, 26. Juni 2023\nAn: Ann\nBetreff: Blinken",
    "Da: Reaction\nInviato: lunedì 26 giugno 2023\nA: Marco\nOggetto: Blinken",
    "Od: Reaction\nWysłano: poniedziałek\nDo: Tomasz\nTemat: Blinken",
    "差出人: Reaction\n送信日時: 2023年6月26日\n宛先: Taro\n件名: 北京",
    "Từ: Reaction\nĐã gửi: Thứ Hai\nĐến: Lan\nChủ đề: Blinken",
    "Date: Mon, 26 Jun 2023 08:00\nTo: ann@example.org\nSubject: Blinken in Beijing",
])
def test_localised_header_blocks_cut_the_history(block):
    parsed = parse_message(mail(f"Sir,\n\nMy reply.\n\n{block}\n\nThe old mail.\n"))
    assert parsed.text == "Sir,\n\nMy reply."


def test_a_forward_inside_a_quote_does_not_leak_its_headers():
    body = ("Sir,\n\nMy reply.\n\nOn Mon, 26 Jun 2023 at 09:00, Bob <bob@example.org> wrote:\n"
            "> ---------- Forwarded message ---------\n> From: Reaction <news@reaction.life>\n"
            "> Subject: Blinken\n>\n> THE WEEK\n")
    parsed = parse_message(mail(body))
    assert parsed.text == "Sir,\n\nMy reply." and not parsed.forwarded


@pytest.mark.parametrize("line", ["Sent from TypeApp", "Gesendet von Outlook für Android",
                                  "Inviato da iPhone", "Verstuurd vanaf mijn iPhone",
                                  "Отправлено с iPhone", "iPhoneから送信", "发自我的iPhone",
                                  "Được gửi từ iPhone của tôi", "Lähetetty iPhonesta"])
def test_device_lines_in_many_languages_are_signatures(line):
    parsed = parse_message(mail(f"Sir,\n\nAgreed.\n\n{line}\n"))
    assert parsed.text == "Sir,\n\nAgreed." and parsed.removed == (("signature", line),)


# --- paragraphs and counts -----------------------------------------------------------------------

def test_hard_wrapped_paragraphs_are_rejoined_and_verse_keeps_its_lines():
    body = ("Sir,\n\nYour leader on the railways was right to say that the problem is not the\n"
            "trains but the timetable, which has been written for a network that no\n"
            "longer exists.\n\nThe Chancellor of the Exchequer\nWas a terrible wrecker.\n\nAnn Reader\nYork\n")
    parsed = parse_message(mail(body))
    assert parsed.text == ("Sir,\n\nYour leader on the railways was right to say that the problem is "
                           "not the trains but the timetable, which has been written for a network "
                           "that no longer exists.\n\nThe Chancellor of the Exchequer\n"
                           "Was a terrible wrecker.")


def test_format_flowed_with_delsp_is_joined():
    # DelSp=yes: the space before a soft break is the sender's, so a real one is doubled.
    body = "Sir,\n\nThe thaw is a pa \nuse, and everyone  \nknows it.\n"
    parsed = parse_message(mail(body, content_type="text/plain; charset=utf-8; format=flowed; delsp=yes"))
    assert parsed.text == "Sir,\n\nThe thaw is a pause, and everyone knows it."


def test_cjk_characters_count_one_each():
    parsed = parse_message(mail("編集者様\n\n北京での会談についての記事を読みました。\n",
                                "Taro Yamada <taro@example.jp>"))
    assert parsed.word_count == 4 + 19   # 編集者様, then 19 Han and kana; "。" counts nothing


def test_a_cover_note_over_a_forwarded_letter_is_reported_as_removed():
    body = ("Resending, as my first attempt bounced.\n\n---------- Forwarded message ---------\n"
            "From: Ann Reader <ann@example.org>\nDate: Mon, 26 Jun 2023\nSubject: Blinken in Beijing: a thaw\n"
            " or a pause\nTo: <letters@reaction.life>\n\nSir,\n\nThe thaw is a pause.\n\nAnn Reader\nYork\n")
    parsed = parse_message(mail(body))
    assert parsed.forwarded and parsed.text == "Sir,\n\nThe thaw is a pause."
    kind, text = parsed.removed[0]
    assert kind == "forward-header" and text.startswith("Resending") and "or a pause" in text


def test_a_single_quoted_line_inside_a_paragraph_is_the_readers_text():
    body = "Visit us now for assistance...\n>>> http://www.example.com <<<\nVisit our site."
    assert parse_message(mail(body)).text == body


def test_a_bottom_posted_reply_under_a_clients_attribution_loses_only_the_old_mail():
    body = "On 04/02/2012 06:26 PM, Megan One <megan@example.org> wrote:\n> Hi\n> there\n\nHello Megan, agreed."
    parsed = parse_message(mail(body))
    assert parsed.text == "Hello Megan, agreed." and not parsed.review
    assert parsed.removed == (("quote", "On 04/02/2012 06:26 PM, Megan One <megan@example.org> wrote:\n"
                                        "> Hi\n> there"),)


def test_an_interleaved_reply_under_a_clients_attribution_keeps_its_quotations():
    body = ("On Mon, 26 Jun 2023 at 08:00, Bob <bob@example.org> wrote:\n> Question one?\n\nAnswer one.\n\n"
            "> Question two?\n\nAnswer two.")
    parsed = parse_message(mail(body))
    assert parsed.text == "> Question one?\n\nAnswer one.\n\n> Question two?\n\nAnswer two."

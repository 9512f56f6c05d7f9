"""One case for each failure listed in issue #12's "Why", written out whole."""
from __future__ import annotations


def _case(case_id: str, body: str, text: str, name: str | None, location: str | None = None,
          contact: dict | None = None, removed: list[str] | None = None,
          sender: str | None = None, **extra) -> dict:
    expected_extra = extra.pop("expected_extra", {})
    return {"id": case_id, "tags": ["why", case_id], "from": sender or f"{name} <r@example.org>",
            "body": body, **extra,
            "expected": {"text": text, "author_name": name, "author_location": location,
                         "author_contact": contact, "removed": sorted(removed or []),
                         **expected_extra}}


SPECIALS = [
    _case("escaped-from-dublin",
          "Sir,\n\n>From Dublin it seems that London has forgotten the backstop ever existed.\n\n"
          "Sean Murphy\nDublin",
          "Sir,\n\nFrom Dublin it seems that London has forgotten the backstop ever existed.",
          "Sean Murphy", "Dublin", removed=["sign-off"]),
    _case("escaped-from-paris",
          "Dear Sir,\n\n>From Paris, the British debate about the single market looks like a "
          "family quarrel in a burning house.\n\nYours faithfully,\nClaire Martin\nParis",
          "Dear Sir,\n\nFrom Paris, the British debate about the single market looks like a "
          "family quarrel in a burning house.",
          "Claire Martin", "Paris", removed=["sign-off"]),
    _case("article-quote",
          "In your article you wrote:\n\n> Blinken said he was \"clear-eyed\" about China.\n\n"
          "Clear-eyed is what every Secretary of State says when he has nothing to announce.\n\n"
          "Ann Reader\nYork",
          "In your article you wrote:\n\n> Blinken said he was \"clear-eyed\" about China.\n\n"
          "Clear-eyed is what every Secretary of State says when he has nothing to announce.",
          "Ann Reader", "York", removed=["sign-off"]),
    _case("kate-ellis-corporate",
          "Sir,\n\nYour piece on the Bank of England was excellent.\n\n"
          "Kate Ellis | Senior Analyst | Example Ltd\nT: +44 20 7946 0000 | M: +44 7700 900123\n"
          "www.example.com",
          "Sir,\n\nYour piece on the Bank of England was excellent.",
          "Kate Ellis", removed=["signature"], sender="Kate Ellis <kate.ellis@example.com>"),
    _case("typeapp",
          "Sir,\n\nThe Proms are the best thing the BBC does.\n\nJohn Smith\nLeeds\n\n"
          "Sent from TypeApp",
          "Sir,\n\nThe Proms are the best thing the BBC does.", "John Smith", "Leeds",
          removed=["sign-off", "signature"]),
    _case("outlook-android-de",
          "Sehr geehrte Redaktion,\n\nIhr Artikel über die Energiewende war ausgezeichnet.\n\n"
          "Klaus Müller\nMünchen\n\nGesendet von Outlook für Android",
          "Sehr geehrte Redaktion,\n\nIhr Artikel über die Energiewende war ausgezeichnet.",
          "Klaus Müller", "München", removed=["sign-off", "signature"]),
    _case("first-name-peter",
          "Sir,\n\nThe new timetable is a disgrace.\n\nPeter",
          "Sir,\n\nThe new timetable is a disgrace.", "Peter Mallory",
          removed=["sign-off"], sender="Peter Mallory <peter@example.org>"),
    _case("stray-yours-faithfully",
          "Sir,\n\nNo government has ever built its way out of a housing crisis.\n\n"
          "Yours faithfully,",
          "Sir,\n\nNo government has ever built its way out of a housing crisis.",
          "Ann Reader", removed=["sign-off"], sender="Ann Reader <ann@example.org>"),
    _case("italian-ha-scritto",
          "Gentile direttore,\n\nIl vostro articolo sull'Europa è stato ottimo.\n\nMarco Rossi\n"
          "Milano\n\nIl giorno lun 26 giu 2023 alle ore 08:00 Reaction "
          "<newsletter@reaction.life> ha scritto:\n\n> La settimana di Reaction",
          "Gentile direttore,\n\nIl vostro articolo sull'Europa è stato ottimo.", "Marco Rossi",
          "Milano", removed=["sign-off", "quote"]),
    _case("japanese",
          "編集者様\n\n北京での会談についての記事を大変興味深く読みました。米中関係は今後も難しい"
          "局面が続くと思いますが、対話が続くことを願っています。",
          "編集者様\n\n北京での会談についての記事を大変興味深く読みました。米中関係は今後も難しい"
          "局面が続くと思いますが、対話が続くことを願っています。",
          "Taro Yamada", removed=[], sender="Taro Yamada <taro@example.jp>",
          expected_extra={"cjk": True}),
    _case("hard-wrapped",
          "Sir,\n\nYour leader on the railways was right to say that the problem is not the\n"
          "trains but the timetable, which has been written for a network that no\n"
          "longer exists and passengers who no longer travel at those hours.\n\n"
          "Ann Reader\nYork",
          "Sir,\n\nYour leader on the railways was right to say that the problem is not the "
          "trains but the timetable, which has been written for a network that no longer "
          "exists and passengers who no longer travel at those hours.",
          "Ann Reader", "York", removed=["sign-off"]),
    _case("newsletter",
          "THE WEEKLY DIGEST\n\nTen stories you missed this week.\n\nTo unsubscribe, visit "
          "https://digest.example.com/unsubscribe",
          "THE WEEKLY DIGEST\n\nTen stories you missed this week.", "Digest",
          removed=["list-footer"], sender="Digest <news@digest.example.com>",
          headers={"List-Id": "<weekly.digest.example.com>", "Precedence": "bulk",
                   "List-Unsubscribe": "<https://digest.example.com/unsubscribe>"},
          expected_extra={"kind": "automated", "automated_reason": "list-mail"}),
    _case("bulk-but-personal",
          "Sir,\n\nMy mail server marks everything as bulk; this is a letter all the same.\n\n"
          "Ann Reader\nYork",
          "Sir,\n\nMy mail server marks everything as bulk; this is a letter all the same.",
          "Ann Reader", "York", removed=["sign-off"], headers={"Precedence": "bulk"},
          expected_extra={"kind": "letter"}),
    _case("forward-folded-subject",
          "Resending, as my first attempt bounced.\n\n---------- Forwarded message ---------\n"
          "From: Ann Reader <ann@example.org>\nDate: Mon, 26 Jun 2023 at 08:00\n"
          "Subject: Blinken in Beijing: a thaw, or a pause, and what it means\n for the Strait\n"
          "To: <letters@reaction.life>\n\nSir,\n\nThe thaw is a pause, and everyone in the "
          "region knows it.\n\nAnn Reader\nYork",
          "Sir,\n\nThe thaw is a pause, and everyone in the region knows it.", "Ann Reader", "York",
          removed=["forward-header", "sign-off"], sender="Ann Reader <ann@example.org>"),
]

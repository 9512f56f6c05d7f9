"""A second batch, written after the parser work and scored before any fix (bench/RESULTS.md
gives that first figure): whole letters in forms the first batch's parts do not combine."""
from __future__ import annotations

from bench.fidelity.specials import _case

UNSEEN = [
    _case("u-two-paragraph-signoff-block",
          "Dear Sir,\n\nI read Mr Hammond's piece with dismay.\n\nThe council did consult; the "
          "residents did not come.\n\nYours sincerely\n\nMrs P. Entwistle\nHebden Bridge\n"
          "West Yorkshire",
          "Dear Sir,\n\nI read Mr Hammond's piece with dismay.\n\nThe council did consult; the "
          "residents did not come.", "Mrs P. Entwistle", "Hebden Bridge, West Yorkshire",
          removed=["sign-off"]),
    _case("u-gmail-reply-with-signature-dashes",
          "Sir,\n\nOn the contrary: the Bank was late, not early.\n\nBest,\nOwen\n\n-- \nOwen Price\n"
          "Economist, retired\n\nOn Tue, 27 Jun 2023 at 09:12, Reaction <newsletter@reaction.life> "
          "wrote:\n\n> Was the Bank too early?\n",
          "Sir,\n\nOn the contrary: the Bank was late, not early.", "Owen Price",
          removed=["quote", "sign-off", "signature"], sender="Owen Price <owen@example.org>"),
    _case("u-us-address",
          "To the Editor:\n\nAs an American living in Boston I can assure you that the view from "
          "here is different.\n\nSincerely,\nMichael O'Connor\n24 Beacon Street\nBoston, MA 02108\n"
          "(617) 555-0142",
          "To the Editor:\n\nAs an American living in Boston I can assure you that the view from "
          "here is different.", "Michael O'Connor", "Boston",
          contact={"address": "24 Beacon Street, Boston, MA 02108", "phone": "(617) 555-0142"},
          removed=["sign-off", "contact"]),
    _case("u-german-address",
          "Sehr geehrte Damen und Herren,\n\nIhr Kommentar zur Schuldenbremse greift zu kurz.\n\n"
          "Mit freundlichen Grüßen\nDr. Hans Becker\nHauptstraße 5\n10115 Berlin",
          "Sehr geehrte Damen und Herren,\n\nIhr Kommentar zur Schuldenbremse greift zu kurz.",
          "Dr. Hans Becker", "Berlin", contact={"address": "Hauptstraße 5, 10115 Berlin",
                                                "phone": None},
          removed=["sign-off", "contact"]),
    _case("u-mobile-number-label",
          "Sir,\n\nThe A303 tunnel is a folly.\n\nRichard Cole\nAmesbury\nMob: 07700 900456",
          "Sir,\n\nThe A303 tunnel is a folly.", "Richard Cole", "Amesbury",
          contact={"address": None, "phone": "07700 900456"}, removed=["sign-off", "contact"]),
    _case("u-title-lord",
          "Sir,\n\nThe Lords are not the problem.\n\nLord Smith of Finsbury\nHouse of Lords, London",
          "Sir,\n\nThe Lords are not the problem.", "Lord Smith of Finsbury, House of Lords, London",
          removed=["sign-off"], sender="Chris Smith <lord.smith@example.org>"),
    # (an affiliation stays with the name: issue #12)
    _case("u-cheers-first-name",
          "Hi,\n\nLoved the podcast this week.\n\nCheers,\nDave",
          "Hi,\n\nLoved the podcast this week.", "Dave Wilson", removed=["sign-off"],
          sender="Dave Wilson <dave@example.org>"),
    _case("u-no-signoff",
          "Sir,\n\nEvery time you print a letter about cyclists, a cyclist writes in. Here I am.",
          "Sir,\n\nEvery time you print a letter about cyclists, a cyclist writes in. Here I am.",
          "Jo Bloggs", sender="Jo Bloggs <jo@example.org>"),
    _case("u-list-in-letter",
          "Sir,\n\nThree things the minister forgot:\n\n- the hospitals\n- the schools\n- the roads\n\n"
          "Helen Ward\nNorwich",
          "Sir,\n\nThree things the minister forgot:\n\n- the hospitals\n- the schools\n- the roads",
          "Helen Ward", "Norwich", removed=["sign-off"]),
    _case("u-outlook-reply-below-sig",
          "Dear Editor,\n\nPlease correct the date: the bridge opened in 1894.\n\nKind regards\n\n"
          "Simon Hart\nTower Hamlets, London\n\nFrom: Reaction <newsletter@reaction.life>\n"
          "Sent: 26 June 2023 08:00\nTo: Simon Hart <simon@example.org>\nSubject: Tower Bridge\n\n"
          "Tower Bridge opened in 1896.",
          "Dear Editor,\n\nPlease correct the date: the bridge opened in 1894.", "Simon Hart",
          "Tower Hamlets, London", removed=["sign-off", "quote"]),
    _case("u-quote-then-ps",
          "Sir,\n\nYour obituary of the Queen's piper was moving.\n\nAnn Reader\nYork\n\n"
          "PS I met him once, in Balmoral, in 1987.",
          "Sir,\n\nYour obituary of the Queen's piper was moving.\n\nAnn Reader\nYork\n\n"
          "PS I met him once, in Balmoral, in 1987.", "Ann Reader", removed=[]),
    _case("u-dutch-full",
          "Geachte redactie,\n\nUw stuk over de Brexit was helder.\n\nMet vriendelijke groet,\n"
          "Jan de Vries\nUtrecht\n\nOp ma 26 jun. 2023 om 08:00 schreef Reaction "
          "<newsletter@reaction.life>:\n\n> Brexit, zeven jaar later",
          "Geachte redactie,\n\nUw stuk over de Brexit was helder.", "Jan de Vries", "Utrecht",
          removed=["sign-off", "quote"]),
    _case("u-spanish-full",
          "Estimado director:\n\nSu artículo sobre Gibraltar olvida a los trabajadores "
          "transfronterizos.\n\nAtentamente,\nCarmen López\nLa Línea de la Concepción\n\n"
          "Enviado desde mi iPhone",
          "Estimado director:\n\nSu artículo sobre Gibraltar olvida a los trabajadores "
          "transfronterizos.", "Carmen López", "La Línea de la Concepción",
          removed=["sign-off", "signature"]),
    _case("u-initials-only",
          "Sir,\n\nQuite so.\n\nJ. K. L. Morris\nCambridge",
          "Sir,\n\nQuite so.", "J. K. L. Morris", "Cambridge", removed=["sign-off"]),
    _case("u-yahoo-unquoted-history",
          "Sir,\n\nThe strike was avoidable.\n\nPaul Green\nCoventry\n\n\n\nOn Monday, 26 June 2023 "
          "at 08:00:00 BST, Reaction <newsletter@reaction.life> wrote:\n\n\nTHE WEEK IN REACTION\n"
          "Strikes: who blinks first?",
          "Sir,\n\nThe strike was avoidable.", "Paul Green", "Coventry",
          removed=["sign-off", "quote"]),
    _case("u-apple-signature-url",
          "Sir,\n\nI agree with every word.\n\nLucy Grey\nBristol\n\nwww.lucygrey.example",
          "Sir,\n\nI agree with every word.", "Lucy Grey", "Bristol",
          removed=["sign-off", "signature"]),
    _case("u-hyphen-town",
          "Sir,\n\nIt was ever thus.\n\nGeorge Pike, Stratford-upon-Avon",
          "Sir,\n\nIt was ever thus.", "George Pike", "Stratford-upon-Avon", removed=["sign-off"]),
    _case("u-wrapped-with-quote",
          "Sir,\n\nYour correspondent (24 June) writes:\n\n> Nobody under forty reads a newspaper.\n\n"
          "I am thirty-one, I read three, and I know many people of my age who do the\nsame, "
          "though most of them read them on a screen rather than on paper.\n\nTom Hughes\nSwansea",
          "Sir,\n\nYour correspondent (24 June) writes:\n\n> Nobody under forty reads a newspaper.\n\n"
          "I am thirty-one, I read three, and I know many people of my age who do the same, "
          "though most of them read them on a screen rather than on paper.",
          "Tom Hughes", "Swansea", removed=["sign-off"]),
    _case("u-chinese-letter",
          "编辑您好：\n\n贵刊关于中美关系的文章写得很好。\n\n此致\n敬礼\n\n李明\n上海",
          "编辑您好：\n\n贵刊关于中美关系的文章写得很好。\n\n此致\n敬礼\n\n李明\n上海",
          "Li Ming", sender="Li Ming <li@example.cn>"),
    _case("u-phone-with-plus",
          "Sir,\n\nThe ferry should be saved.\n\nMorag MacLeod\nStornoway, Isle of Lewis\n"
          "+44 1851 700000",
          "Sir,\n\nThe ferry should be saved.", "Morag MacLeod", "Stornoway, Isle of Lewis",
          contact={"address": None, "phone": "+44 1851 700000"}, removed=["sign-off", "contact"]),
]

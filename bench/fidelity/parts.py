"""The hand-written parts of the labelled set: letters' bodies and sign-off forms (the trailers
clients add are in ``trailers``, the one-off cases from issue #12 in ``specials``)."""
from __future__ import annotations

from bench.fidelity.specials import SPECIALS
from bench.fidelity.trailers import TRAILERS

__all__ = ["BODIES", "SIGNOFFS", "SPECIALS", "TRAILERS"]

BODIES = [
    {"id": "housing", "salutation": "Sir,", "paragraphs": [
        "Your leader on housing (24 June) misses the point. The shortage is not of land but of "
        "permissions, and no amount of tinkering with stamp duty will change that while every "
        "application in the green belt is fought to the last appeal.",
        "When my parents bought their first house in 1968 it cost three times my father's salary. "
        "My daughter has been told that a flat in the same town would cost her eleven times hers."]},
    {"id": "blinken", "salutation": "Dear Editor,", "paragraphs": [
        "Antony Blinken's visit to Beijing was described in your pages as a thaw. It was nothing of "
        "the kind: it was a pause, agreed by two governments that each need a quiet summer.",
        "The test will come in the autumn, when the chip export rules are renewed and the Taiwan "
        "Strait is again full of warships."]},
    {"id": "railways", "salutation": "Sir,", "paragraphs": [
        "Your correspondent is wrong to say that the railways are finished. On my line the trains "
        "are fuller than they have ever been, and late for the same reason: there are not enough "
        "of them."]},
    {"id": "quote-article", "salutation": "Sir,", "paragraphs": [
        "In your article on the summit you wrote:",
        "> Blinken said he was \"clear-eyed\" about the relationship with China.",
        "Clear-eyed is what every Secretary of State says when he has nothing to announce. The "
        "phrase has been used about Moscow, Tehran and Pyongyang, and it has preceded no thaw "
        "that I can remember."]},
    {"id": "nhs", "salutation": "Dear Sir,", "paragraphs": [
        "As a retired GP I read your piece on waiting lists with a sense of weary recognition.",
        "The lists will not fall until we train more doctors and keep the ones we have. Both take "
        "ten years, which is two more than any government is prepared to think about.",
        "I do not expect this letter to change anything, but I should like it on the record."]},
    {"id": "schools", "salutation": "Madam,", "paragraphs": [
        "Your report on school funding quotes the Department's figure for spending per pupil "
        "without saying that it includes the cost of pensions, which have risen faster than "
        "anything else in the budget. Teachers' pay in real terms is lower than in 2010."]},
    {"id": "from-line", "salutation": "Sir,", "paragraphs": [
        "From where I sit, in a village with one bus a week, the government's talk of levelling "
        "up sounds like a joke told in another room.",
        "We were promised a station in 2019. We have a sign."]},
    {"id": "interleaved", "salutation": "Dear Editor,", "paragraphs": [
        "Two points on your leader.",
        "> The cost of net zero will fall on the poorest households.",
        "Only if the government designs it that way. It need not.",
        "> Heat pumps do not work in old houses.",
        "Mine is in a house built in 1890 and it works very well."]},
    {"id": "europe", "salutation": "Sir,", "paragraphs": [
        "Your columnist writes as if the single market were a closed chapter. Every business I "
        "know that exports to Europe would reopen it tomorrow, and so, I suspect, would most of "
        "their employees."]},
    {"id": "short", "salutation": "Sir,", "paragraphs": [
        "Bravo for your piece on the Proms. More of this, please."]},
    {"id": "ukraine", "salutation": "Dear Sir or Madam,", "paragraphs": [
        "I served in the army for twenty-two years, and I have never read a more sober account of "
        "what the counter-offensive can and cannot achieve than Professor Freedman's.",
        "Those who expect a collapse of the Russian lines by the autumn should read it twice."]},
    {"id": "language", "salutation": "Sir,", "paragraphs": [
        "Must we really \"reach out\" to one another? In my day we wrote, telephoned or, if "
        "pressed, called round. I blame the management consultants."]},
    {"id": "farming", "salutation": "Dear Editor,", "paragraphs": [
        "Your article on food security ignores the farmers themselves. The average age of a "
        "British farmer is now fifty-nine, and very few of their children want the job.",
        "Without them there is no food security to speak of, whatever the trade deals say."]},
    {"id": "verse", "salutation": "Sir,", "paragraphs": [
        "Your competition asked for a clerihew on a minister. Mine:",
        "The Chancellor of the Exchequer\nWas a terrible wrecker.\nHe balanced the books\n"
        "By hiding the crooks."]},
]

# Each sign-off: the lines as signed, and what the parser should make of them.
SIGNOFFS = [
    {"id": "valediction-name-town", "lines": ["Yours faithfully,", "Margaret Holloway",
                                              "Guildford, Surrey"],
     "name": "Margaret Holloway", "location": "Guildford, Surrey"},
    {"id": "name-town-lines", "lines": ["Ann Reader", "York"], "name": "Ann Reader",
     "location": "York"},
    {"id": "name-comma-town", "lines": ["John Smith, Newcastle upon Tyne"], "name": "John Smith",
     "location": "Newcastle upon Tyne"},
    {"id": "dash-name-town", "lines": ["— Tom Baker, Manchester"], "name": "Tom Baker",
     "location": "Manchester"},
    {"id": "hyphen-name", "lines": ["-Abhishek Kona"], "name": "Abhishek Kona"},
    {"id": "first-name", "lines": ["Best wishes,", "Peter"], "name": "Peter Mallory",
     "from": "Peter Mallory <peter.mallory@example.org>"},
    {"id": "colonel-address-phone",
     "lines": ["Yours faithfully,", "Colonel Hugh Fanshawe (retd)", "12 The Close", "Salisbury",
               "Wiltshire SP1 2EF", "Tel: 01722 123456"],
     "name": "Colonel Hugh Fanshawe (retd)", "location": "Salisbury, Wiltshire",
     "contact": {"address": "12 The Close, Salisbury, Wiltshire SP1 2EF", "phone": "01722 123456"},
     "removed": ["sign-off", "contact"], "from": "Hugh Fanshawe <hf@example.org>"},
    {"id": "flat-address", "lines": ["Best wishes,", "Dr Jane Smith", "Flat 3, 14 High Street",
                                     "Oxford OX1 4AB"],
     "name": "Dr Jane Smith", "location": "Oxford",
     "contact": {"address": "Flat 3, 14 High Street, Oxford OX1 4AB", "phone": None},
     "removed": ["sign-off", "contact"]},
    {"id": "affiliation", "lines": ["Yours sincerely,", "", "Professor Sir Richard Evans FBA",
                                    "Department of War Studies, King's College London"],
     "name": "Professor Sir Richard Evans FBA, Department of War Studies, King's College London",
     "from": "Richard Evans <r.evans@example.ac.uk>"},
    {"id": "regards-welsh", "lines": ["Regards", "Siân Evans", "Cardiff"], "name": "Siân Evans",
     "location": "Cardiff"},
    {"id": "town-country", "lines": ["Kind regards,", "Tomasz Nowak", "Kraków, Poland"],
     "name": "Tomasz Nowak", "location": "Kraków, Poland"},
    {"id": "german", "lines": ["Mit freundlichen Grüßen", "Klaus Müller", "München"],
     "name": "Klaus Müller", "location": "München"},
    {"id": "french", "lines": ["Cordialement,", "Anne Lecteur", "Lyon, France"],
     "name": "Anne Lecteur", "location": "Lyon, France"},
    {"id": "phone-only", "lines": ["Best,", "Dafydd Jones", "Aberystwyth", "07700 900123"],
     "name": "Dafydd Jones", "location": "Aberystwyth",
     "contact": {"address": None, "phone": "07700 900123"}, "removed": ["sign-off", "contact"]},
    {"id": "clergy", "lines": ["The Rev Canon Ann Smith", "York"], "name": "The Rev Canon Ann Smith",
     "location": "York"},
    {"id": "irish", "lines": ["Thanks,", "Mary-Jane O'Brien", "Cork, Ireland"],
     "name": "Mary-Jane O'Brien", "location": "Cork, Ireland"},
    {"id": "postnominal", "lines": ["Sincerely,", "Dr J. R. McDonald-Smith OBE",
                                    "Bury St Edmunds, Suffolk"],
     "name": "Dr J. R. McDonald-Smith OBE", "location": "Bury St Edmunds, Suffolk"},
    {"id": "diacritics", "lines": ["Zoë Brontë", "Haworth, West Yorkshire"], "name": "Zoë Brontë",
     "location": "Haworth, West Yorkshire"},
    {"id": "town-county-lines", "lines": ["Yours,", "Edward Hall", "Ludlow", "Shropshire"],
     "name": "Edward Hall", "location": "Ludlow, Shropshire"},
]

"""Realistic generated letters: varied sizes, charsets, HTML, sign-offs (no external data)."""
from __future__ import annotations

import random
from email.message import EmailMessage
from email.policy import SMTP

WORDS = ("the strait taiwan beijing washington blinken xi trade chips decoupling de-risking sanctions "
         "fentanyl students diplomacy summit balloon relations economy security allies pacific navy "
         "europe ukraine moscow weapons conflict competition dialogue policy government minister "
         "reader letter editor sir madam argument history century power influence markets").split()
TOWNS = ["York", "Guildford, Surrey", "Edinburgh", "Bath", "Cardiff", "Leeds", "Truro, Cornwall"]
NAMES = ["Ann Reader", "Margaret Holloway", "Dafydd Jones", "Zoë Brontë", "Siân Evans", "Tomasz Nowak"]


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def letter(i: int, size: int = 3000, seed: int = 0) -> bytes:
    """One letter of about ``size`` bytes; every fourth is HTML, every fifth is Latin-1."""
    rng = random.Random(seed * 1_000_003 + i)
    name, town = rng.choice(NAMES), rng.choice(TOWNS)
    paras, length = [], 0
    while length < size * 0.85:
        p = paragraph(rng, rng.randint(30, 90))
        paras.append(p)
        length += len(p) + 2
    body = "Sir,\n\n" + "\n\n".join(paras) + f"\n\n{name}\n{town}\n"
    msg = EmailMessage(policy=SMTP)
    msg["From"] = f"{name} <reader{i}@example.org>"
    msg["To"] = "letters@reaction.life"
    msg["Subject"] = f"Blinken in Beijing ({i})"
    msg["Message-ID"] = f"<bench-{seed}-{i}@example.org>"
    msg["Date"] = "Mon, 26 Jun 2023 10:00:00 +0000"
    if i % 4 == 3:
        html = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        msg.set_content(f"<html><body>{html}<script>alert(1)</script></body></html>", subtype="html")
    elif i % 5 == 4:
        msg.set_content(body.replace("Zoë", "Zoe"), charset="iso-8859-1", cte="quoted-printable")
    else:
        msg.set_content(body)
    return msg.as_bytes()


def large_letter(size: int) -> bytes:
    """A letter with an attachment making it about ``size`` bytes."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = "Ann Reader <ann@example.org>"
    msg["To"] = "letters@reaction.life"
    msg["Subject"] = "A long letter with the evidence attached"
    msg["Message-ID"] = f"<bench-large-{size}@example.org>"
    msg.set_content("Sir,\n\nPlease see the attached document.\n\nAnn Reader\nYork\n")
    payload = random.Random(1).randbytes(int(size * 0.74))   # base64 grows it by a third
    msg.add_attachment(payload, maintype="application", subtype="pdf", filename="evidence.pdf")
    return msg.as_bytes()

"""Take the UI screenshots in this folder: the queue and the letter view, at laptop size.

    .venv/bin/python docs/screenshots/take.py

Starts the real system (SMTP listener + web app) in a temporary folder, delivers a handful of
realistic letters over SMTP, signs in with headless Debian chromium and saves queue.png and
letter.png next to this script.
"""
from __future__ import annotations

import sys
import tempfile
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from tests.browser.live import CHROMIUM, CHROMIUM_ARGS, sign_in, start_system  # noqa: E402

LETTERS = [
    ("Blinken's visit was worth making", "Margaret Ellison <m.ellison@example.org>",
     "Sir,\n\nYour correspondent is too quick to dismiss the Secretary of State's visit to Beijing as "
     "theatre. Channels that stay open in calm weather are the ones that work in a storm, and the "
     "agreement to resume military-to-military talks is no small thing.\n\nThe harder question is "
     "what Washington is prepared to offer in return.\n\nMargaret Ellison\nHarrogate"),
    ("Re: Blinken in Beijing", "Dr Tunde Okafor <tunde.okafor@example.net>",
     "Sir,\n\nThe piece rightly notes that trade, not diplomacy, sets the tone. Britain should be "
     "careful not to mistake a thaw for a spring.\n\nTunde Okafor\nLeicester"),
    ("Taiwan and deterrence", "Jean Whitworth <jean.w@example.com>",
     "Sir,\n\nDeterrence is cheaper than war, but only if it is believed. Our own defence budget "
     "tells a different story.\n\nJean Whitworth\nBath"),
    ("Export controls", "Alastair Reid <a.reid@example.co.uk>",
     "Sir,\n\nChip export controls have bought time, not security.\n\nAlastair Reid\nEdinburgh"),
    ("A reader since 2019", "Priya Natarajan <priya@example.org>",
     "Sir,\n\nThank you for the clearest account of the visit I have read anywhere.\n\nPriya Natarajan\nYork"),
]


def raw_letter(subject: str, sender: str, body: str) -> bytes:
    return (f"From: {sender}\r\nTo: letters@reaction.life\r\nSubject: {subject}\r\n"
            f"Message-ID: <{uuid.uuid4().hex}@example.org>\r\nDate: Mon, 26 Jun 2023 10:00:00 +0000\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body.replace("\n", "\r\n") + "\r\n").encode()


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        live = start_system(Path(tmp) / "instance")
        try:
            live.add_user("editor@reaction.life", "screenshot passphrase", role="admin", name="Sam Editor")
            for subject, sender, body in LETTERS:
                live.send(raw_letter(subject, sender, body))
            live.wait_for_letters(len(LETTERS))
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1366, "height": 800})
                sign_in(page, live.url, "editor@reaction.life", "screenshot passphrase")
                page.keyboard.press("j")
                page.screenshot(path=str(HERE / "queue.png"))
                page.get_by_role("link", name=LETTERS[0][0]).click()
                page.wait_for_load_state()
                letter_url = page.url
                page.get_by_role("button", name="Shortlist").click()     # the next letter opens ...
                page.wait_for_load_state()
                page.goto(letter_url)                                   # ... go back to edit this one
                text = page.locator("#pub-publication_text")
                text.fill(text.input_value().replace("is no small thing", "matters"))
                page.get_by_label("Headline").fill("Open channels")
                page.get_by_role("button", name="Save publication version").click()
                page.wait_for_load_state()
                page.screenshot(path=str(HERE / "letter.png"), full_page=True)
                browser.close()
        finally:
            live.stop()
    print("wrote", HERE / "queue.png", "and", HERE / "letter.png")


if __name__ == "__main__":
    main()

"""Writes ``cases/letters.jsonl``, the labelled set: ``python -m bench.fidelity.make_cases``.

Each case is a letter as a reader would send it to the letters page: a salutation and the
reader's paragraphs (hand-written below), one of the sign-off forms, and what their mail client
or employer adds under it (a quote header and quoted history in one of 17 languages and a dozen
clients, a device line, a corporate block, a disclaimer, a list footer). The expectation is
written from the parts themselves, never from the parser's output: the text is the salutation
and the paragraphs (hard wraps undone, inline quotations as "> " paragraphs); name, town and
contact are the sign-off's. Then the failures listed in issue #12's "Why", one case each, and
a batch of whole letters written afterwards (``unseen``: its first score is in bench/RESULTS.md).

The parts are combined in a fixed order (no randomness), so the file only changes when the parts
do. Review the parts, not the file.
"""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

from bench.fidelity.parts import BODIES, SIGNOFFS, SPECIALS, TRAILERS
from bench.fidelity.unseen import UNSEEN

OUT = Path(__file__).resolve().parent / "cases" / "letters.jsonl"


def _body_text(body: dict, wrap: bool) -> tuple[str, str]:
    """(as sent, as expected): the salutation, then paragraphs, wrapped at 72 when ``wrap``."""
    sent, expected = [body["salutation"]], [body["salutation"]]
    for paragraph in body["paragraphs"]:
        if paragraph.startswith("> "):
            sent.append(paragraph)
            expected.append(paragraph)
            continue
        wrapped = wrap and "\n" not in paragraph      # verse keeps its own lines
        sent.append(textwrap.fill(paragraph, 72) if wrapped else paragraph)
        expected.append(paragraph)
    return "\n\n".join(sent), "\n\n".join(expected)


def cases() -> list[dict]:
    out = []
    count = 0
    for round_ in range(3):
        for index, trailer in enumerate(TRAILERS):
            body = BODIES[(index + round_ * 7) % len(BODIES)]
            signoff = SIGNOFFS[(index * 3 + round_ * 5) % len(SIGNOFFS)]
            wrap = (index + round_) % 3 == 0
            sent, expected = _body_text(body, wrap)
            top = trailer.get("position") == "top"
            lines = [sent, "\n".join(signoff["lines"])]
            if trailer.get("between"):
                lines.append(trailer["between"])
            message = "\n\n".join(lines)
            if trailer.get("after"):
                message = f"{message}\n\n{trailer['after']}"
            if top:
                message = f"{trailer['before']}\n\n{message}"
            count += 1
            out.append({
                "id": f"{trailer['id']}+{signoff['id']}+{body['id']}{'+wrapped' if wrap else ''}",
                "tags": [trailer["id"], signoff["id"], body["id"], *(["wrapped"] if wrap else [])],
                "from": signoff.get("from") or f"{signoff['name']} <reader{count}@example.org>",
                "body": message,
                "expected": {
                    "text": expected,
                    "author_name": signoff["name"],
                    "author_location": signoff.get("location"),
                    "author_contact": signoff.get("contact"),
                    "removed": sorted({*signoff.get("removed", ["sign-off"]),
                                       *trailer.get("removed", [])}),
                },
            })
    out.extend(SPECIALS)
    out.extend({**case, "tags": ["unseen", *case["tags"][1:]]} for case in UNSEEN)
    return out


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as handle:
        for case in cases():
            handle.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"{len(cases())} cases written to {OUT}")


if __name__ == "__main__":
    main()

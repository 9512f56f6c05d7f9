"""CSV and JSON: the desk formats, for checking letters against their writers before printing.

Unlike the publication formats they carry the private details (author_email, message_id,
subject, the original text) because verification needs them. Both are still made inert:

* CSV follows RFC 4180 (the csv module, CRLF, minimal quoting), UTF-8 with a byte-order mark so
  Excel reads it as UTF-8, and any cell that begins with ``=``, ``+``, ``-``, ``@``, tab or CR is
  prefixed with a single quote so a spreadsheet shows it as text instead of running it as a
  formula (OWASP, "CSV Injection").
* JSON has the fields of ``inbox letters`` plus ``headline``, ``publication_text`` (the text
  that is printed), ``signoff``, ``position``, and ``article_title``, ``editor_position``,
  ``edited``. ``position`` is the letter's 1-based place in this export (the order the page
  prints, through the article groups); the editor's stored position is in ``editor_position``
  (null when the editor set no order). ``<``, ``>`` and ``&`` are written as ``\\u`` escapes
  so the file cannot become markup even if pasted into a page.

An edition's export adds ``group_headline`` and ``also_received`` ({"received", "printed"}: the
letters that came in on the letter's article and how many the edition prints) to each record,
and the matching CSV columns.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from inbox.export.prepare import Group
from inbox.text import clean_line, clean_text
from inbox.desk.reading import letter_to_dict

# OWASP's list, plus a line feed: our cleaning turns a lone CR into one.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")

CSV_COLUMNS = [
    "position", "id", "article", "article_title", "status", "headline", "publication_text",
    "signoff", "author_name", "author_email", "author_location", "subject", "received_at",
    "message_id", "word_count", "edited", "text",
]
# An edition's export adds its group headline and "also received" (the editor's note).
EDITION_COLUMNS = ["group_headline", "received_on_article", "printed_on_article"]


def neutralise_cell(value: Any) -> Any:
    """A spreadsheet cell that cannot run as a formula. Only strings can begin with a prefix."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _json_clean(value: Any) -> Any:
    """Strings without control characters or lone surrogates (JSON escapes them, but desk tools
    and UTF-8 encoders choke on them), recursively."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_json_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_clean(v) for k, v in value.items()}
    return value


def desk_record(group: Group, item) -> dict[str, Any]:
    letter = item.letter
    record = letter_to_dict(letter)
    record.update(
        article_title=group.title if group.slug else None,
        headline=item.headline or None,
        publication_text=item.text,
        signoff=item.signoff,
        position=item.position,
        editor_position=letter.position,
        # Shortlisting copies the parsed text into publication_text, so "edited" means "differs".
        edited=bool(letter.publication_text and letter.publication_text.strip()
                    and letter.publication_text != letter.text),
    )
    if group.note is not None:     # an edition: its group headline and the editor's note
        record.update(group_headline=group.headline or None,
                      also_received={"received": group.note.received, "printed": group.note.printed})
    return _json_clean(record)


def records(groups: list[Group]) -> list[dict[str, Any]]:
    return [desk_record(group, item) for group in groups for item in group.letters]


def render_json(groups: list[Group], title: str | None = None) -> str:
    """The desk records as JSON; ``title`` is taken like every renderer's and not printed (a
    desk file is records, not a page)."""
    text = json.dumps(records(groups), ensure_ascii=False, indent=1)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")) + "\n"


def render_csv(groups: list[Group], title: str | None = None) -> str:
    """The CSV text, starting with the byte-order mark (encode it as UTF-8)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    columns = CSV_COLUMNS + (EDITION_COLUMNS if any(g.note is not None for g in groups) else [])
    writer.writerow(columns)
    for record in records(groups):
        row = dict(record)
        if "also_received" in row:
            row.update(received_on_article=row["also_received"]["received"],
                       printed_on_article=row["also_received"]["printed"])
        # One line per cell where a line is expected, so a sorted sheet stays readable.
        for key in ("headline", "signoff", "author_name", "author_location", "subject"):
            row[key] = clean_line(row[key]) if row[key] is not None else ""
        writer.writerow([neutralise_cell("" if row.get(c) is None else row[c]) for c in columns])
    return buffer.getvalue()

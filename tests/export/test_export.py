"""Export (issue 4): every format read back with a real reader and checked for content, the
editor's order, grouping by article, headline and sign-off, private data only in the desk
formats, hostile content made inert, and a 10,000-letter export."""
from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from datetime import date, datetime, timezone
from html.parser import HTMLParser

import docx
import pytest

from tests.export_support import add_letter, article, bulk_letters, transient_letter
from inbox.desk.moderation import publish
from inbox.export import (CONTENT_TYPES, FORMATS, OTHER_LETTERS, export_filename, export_letters,
                          select_for_export)
from inbox.export.desk import neutralise_cell
from inbox.desk.reading import letter_to_dict
from inbox.models import AuditEvent, Status

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BLINKEN = "Blinken in Beijing: competition without conflict"


# --- readers ------------------------------------------------------------------------------

class Page(HTMLParser):
    """The HTML export as tags, attributes and text blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.blocks, self._stack, self._text = [], [], [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, k, v) for k, v in attrs)
        if tag in ("h1", "h2", "h3", "p"):
            self._stack.append((tag, dict(attrs).get("class")))
            self._text = []

    def handle_endtag(self, tag):
        if self._stack and tag == self._stack[-1][0]:
            name, cls = self._stack.pop()
            self.blocks.append((name, cls, "".join(self._text)))

    def handle_data(self, data):
        self._text.append(data)


def read_html(data: bytes) -> Page:
    page = Page()
    page.feed(data.decode("utf-8"))
    page.close()
    return page


def read_csv(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def read_docx(data: bytes) -> list[tuple[str, str, bool]]:
    document = docx.Document(io.BytesIO(data))
    return [(p.style.name, p.text, any(r.italic for r in p.runs)) for p in document.paragraphs]


def docx_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))


def render_markdown(text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


# --- the letters ----------------------------------------------------------------------------

@pytest.fixture
def shortlist(session):
    """Seven letters; five are exported. Expected page: Budget (L2), then Blinken (L3, L1, L5),
    then Other letters (L4)."""
    blinken = article(session, "blinken-beijing", BLINKEN)
    budget = article(session, "autumn-budget", "The Autumn Budget")
    at = lambda day: datetime(2026, 11, day, 12, tzinfo=timezone.utc)  # noqa: E731
    letters = {
        "L1": add_letter(session, article=blinken, position=3, received_at=at(21), headline="Diplomacy first",
                         text="Sir, talking is better than not talking.\n\nIt always was.",
                         author_name="Ann Reader", author_location="York", author_email="ann@example.org",
                         message_id="ann-1@mail.example.org"),
        "L2": add_letter(session, article=budget, position=1, received_at=at(23), headline="Tax & spend",
                         text="Sir, the parsed text.", publication_text="Sir, the edited text.",
                         signoff_name="Robert Smith", signoff_location="Leeds",
                         author_name="Bob Smith", author_email="bob@example.org"),
        "L3": add_letter(session, article=blinken, position=2, received_at=at(22),
                         text="Sir, Beijing listens.", author_name="Carol Jones", author_location=None,
                         author_email="carol@example.org"),
        "L4": add_letter(session, article=None, received_at=at(20), text="Sir, about nothing in particular.",
                         author_name="Dan Brown", author_location="Bath", author_email="dan@example.org"),
        "L5": add_letter(session, article=blinken, received_at=at(24), text="Sir, late but unordered.",
                         author_name="Eve Adams", author_location="Truro", author_email="eve@example.org"),
        "new": add_letter(session, article=blinken, status="new", text="Sir, not chosen.",
                          author_email="new@example.org"),
        "auto": add_letter(session, article=blinken, kind="automated", text="Out of office",
                           author_email="auto@example.org"),
    }
    session.commit()
    return letters


EXPECTED = ["L2", "L3", "L1", "L5", "L4"]


def ids(shortlist, names):
    return [shortlist[n].id for n in names]


def exported(session, fmt, **filters) -> bytes:
    return export_letters(select_for_export(session, **filters), fmt)


# --- selection ------------------------------------------------------------------------------

def test_selects_shortlisted_readers_letters_only(session, shortlist):
    chosen = {l.id for l in select_for_export(session)}
    assert chosen == set(ids(shortlist, EXPECTED))


def test_selects_by_article_status_and_inclusive_utc_dates(session, shortlist):
    assert [l.id for l in select_for_export(session, article="autumn-budget")] == ids(shortlist, ["L2"])
    assert [l.id for l in select_for_export(session, article="unassigned")] == ids(shortlist, ["L4"])
    assert {l.id for l in select_for_export(session, status="all")} >= set(ids(shortlist, [*EXPECTED, "new"]))
    assert shortlist["auto"].id not in {l.id for l in select_for_export(session, status="all")}
    assert [l.id for l in select_for_export(session, status="new")] == ids(shortlist, ["new"])
    # 21st to 22nd inclusive: L1 (21st, noon) and L3 (22nd, noon)
    got = {l.id for l in select_for_export(session, since=date(2026, 11, 21), until=date(2026, 11, 22))}
    assert got == set(ids(shortlist, ["L1", "L3"]))
    assert select_for_export(session, since=date(2026, 11, 25)) == []


# --- JSON ---------------------------------------------------------------------------------

def test_json_has_the_letters_fields_plus_the_page_fields_in_page_order(session, shortlist):
    rows = json.loads(exported(session, "json"))
    assert [r["id"] for r in rows] == ids(shortlist, EXPECTED)
    assert [r["position"] for r in rows] == [1, 2, 3, 4, 5]
    assert [r["editor_position"] for r in rows] == [1, 2, 3, None, None]
    for row in rows:
        expected = letter_to_dict(session.get(type(shortlist["L1"]), row["id"]))
        assert set(expected) <= set(row)
        assert {k: row[k] for k in expected} == expected
    l2 = rows[0]
    assert l2["headline"] == "Tax & spend"
    assert l2["publication_text"] == "Sir, the edited text."
    assert l2["text"] == "Sir, the parsed text."
    assert l2["signoff"] == "Robert Smith, Leeds"
    assert l2["author_email"] == "bob@example.org"
    assert l2["article"] == "autumn-budget" and l2["article_title"] == "The Autumn Budget"
    assert rows[1]["signoff"] == "Carol Jones" and rows[1]["headline"] is None
    assert rows[4]["article"] is None and rows[4]["article_title"] is None
    assert rows[2]["message_id"] == "ann-1@mail.example.org"


# --- CSV ----------------------------------------------------------------------------------

def test_csv_is_rfc4180_with_bom_crlf_and_private_details(session, shortlist):
    data = exported(session, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    header, _, rest = data.partition(b"\r\n")
    assert b"\n" not in header and rest.endswith(b"\r\n")
    rows = read_csv(data)
    assert [int(r["id"]) for r in rows] == ids(shortlist, EXPECTED)
    assert [r["position"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert rows[0]["author_email"] == "bob@example.org"
    assert rows[0]["publication_text"] == "Sir, the edited text." and rows[0]["edited"] == "True"
    assert rows[2]["message_id"] == "ann-1@mail.example.org"
    assert rows[2]["publication_text"] == "Sir, talking is better than not talking.\n\nIt always was."
    assert [r["article_title"] for r in rows] == ["The Autumn Budget", BLINKEN, BLINKEN, BLINKEN, ""]


# --- the publication formats ------------------------------------------------------------------

PRIVATE = ["@example.org", "example.org", "mail.example.org", "ann-1", "bob@", "On the article",
           "Sir, the parsed text."]


def test_markdown_is_grouped_ordered_and_private_details_free(session, shortlist):
    text = exported(session, "md").decode("utf-8")
    for secret in PRIVATE:
        assert secret not in text
    html = render_markdown(text)
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings == ["The Autumn Budget", BLINKEN, OTHER_LETTERS]
    order = [html.index(s) for s in ("Sir, the edited text.", "Sir, Beijing listens.",
                                     "Sir, talking is better", "It always was.", "Sir, late but unordered.",
                                     "Sir, about nothing")]
    assert order == sorted(order)
    assert "<h3>Tax &amp; spend</h3>" in html and "<h3>Diplomacy first</h3>" in html
    for signoff in ("Robert Smith, Leeds", "Carol Jones", "Ann Reader, York", "Eve Adams, Truro", "Dan Brown, Bath"):
        assert f"<em>{signoff}</em>" in html


def test_plain_text_is_grouped_ordered_and_private_details_free(session, shortlist):
    text = exported(session, "txt").decode("utf-8")
    for secret in PRIVATE:
        assert secret not in text
    lines = [l for l in text.splitlines() if l.strip()]
    expected = ["The Autumn Budget", "Tax & spend", "Sir, the edited text.", "Robert Smith, Leeds",
                BLINKEN, "Sir, Beijing listens.", "Carol Jones", "Diplomacy first",
                "Sir, talking is better than not talking.", "It always was.", "Ann Reader, York",
                "Sir, late but unordered.", "Eve Adams, Truro", OTHER_LETTERS,
                "Sir, about nothing in particular.", "Dan Brown, Bath"]
    positions = [lines.index(e) for e in expected]
    assert positions == sorted(positions)


def test_html_is_one_inert_page_grouped_and_ordered(session, shortlist):
    data = exported(session, "html")
    page = read_html(data)
    text = data.decode("utf-8")
    for secret in PRIVATE:
        assert secret not in text
    assert ("meta", "http-equiv", "Content-Security-Policy") in page.attrs
    assert ("meta", "content", "default-src 'none'; style-src 'unsafe-inline'") in page.attrs
    assert "@media print" in text and "script" not in page.tags
    h2 = [t for tag, _, t in page.blocks if tag == "h2"]
    assert h2 == ["The Autumn Budget", BLINKEN, OTHER_LETTERS]
    blocks = [(tag, t) for tag, cls, t in page.blocks if tag != "h1"]
    assert blocks[:4] == [("h2", "The Autumn Budget"), ("h3", "Tax & spend"), ("p", "Sir, the edited text."),
                          ("p", "Robert Smith, Leeds")]
    signoffs = [t for tag, cls, t in page.blocks if cls == "signoff"]
    assert signoffs == ["Robert Smith, Leeds", "Carol Jones", "Ann Reader, York", "Eve Adams, Truro",
                        "Dan Brown, Bath"]


def test_docx_has_a_heading_per_article_and_each_letter_in_order(session, shortlist):
    data = exported(session, "docx")
    paras = read_docx(data)
    assert paras[0][:2] == ("Title", "Letters to the Editor")
    assert [t for s, t, _ in paras if s == "Heading 1"] == ["The Autumn Budget", BLINKEN, OTHER_LETTERS]
    assert [t for s, t, _ in paras if s == "Heading 2"] == ["Tax & spend", "Diplomacy first"]
    assert [t for s, t, italic in paras if italic] == ["Robert Smith, Leeds", "Carol Jones", "Ann Reader, York",
                                                       "Eve Adams, Truro", "Dan Brown, Bath"]
    body = [t for s, t, i in paras if s == "Normal" and not i]
    assert body == ["Sir, the edited text.", "Sir, Beijing listens.", "Sir, talking is better than not talking.",
                    "It always was.", "Sir, late but unordered.", "Sir, about nothing in particular."]
    xml = docx_xml(data)
    for secret in PRIVATE:
        assert secret not in xml


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "docx"])
def test_publication_formats_drop_email_addresses_typed_into_letters(session, fmt):
    add_letter(session, text="Sir, write to me at ann.reader@example.com or ann@example.org.",
               author_name="ann@example.org", author_location=None, author_email="ann@example.org")
    session.commit()
    data = exported(session, fmt)
    content = docx_xml(data) if fmt == "docx" else data.decode("utf-8")
    assert "ann.reader@example.com" not in content and "ann@example.org" not in content
    assert "email address removed" in content


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_export_is_still_a_valid_file(session, fmt):
    data = export_letters([], fmt)
    if fmt == "docx":
        assert any("no letters" in t for _, t, _ in read_docx(data))
    elif fmt == "json":
        assert json.loads(data) == []
    elif fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf") and read_csv(data) == []
    elif fmt == "html":
        assert "no letters" in " ".join(t for _, _, t in read_html(data).blocks)
    else:
        assert "no letters" in data.decode("utf-8")


# --- hostile content ----------------------------------------------------------------------

HOSTILE_TEXT = ("Sir, <script>alert(1)</script> and <img src=x onerror=alert(2)>\n"
                "[click me](javascript:alert(3)) ![x](https://evil.example/pixel.png) <javascript:alert(4)>\n"
                "# Not a heading\n=HYPERLINK(\"https://evil.example\",\"x\")\n"
                "Controls:\x00\x0b\x1b[31m\x07\x7f\x85\u202e end &amp; [ref]: https://evil.example\n\n"
                "[ref]\n<a href=\"javascript:alert(5)\">a</a> `code` *em* _em_ ~~strike~~ | table |")


@pytest.fixture
def hostile():
    """Hostile letters built without a database (PostgreSQL would refuse a NUL): export is pure."""
    first = transient_letter(1, text=HOSTILE_TEXT, headline="=HYPERLINK(\"https://evil.example\")",
                             author_name="+cmd|' /C calc'!A0", author_location="@SUM(1+1)*cmd|' /C calc'!A0",
                             subject="-2+3+cmd|' /C calc'!A0", author_email="evil@example.org",
                             publication_text="\tTabbed =1+1\n\n" + HOSTILE_TEXT, position=1)
    second = transient_letter(2, text="\rCR first", subject="\r=1+1", headline="@mention",
                              author_name="-Minus", author_location="\t=tab", position=2)
    return [first, second]


def test_csv_neutralises_every_formula_prefix(hostile):
    rows = read_csv(export_letters(hostile, "csv"))
    assert len(rows) == 2
    for row in rows:
        for name, cell in row.items():
            assert not cell.startswith(FORMULA_PREFIXES), (name, cell)
    first, second = rows
    assert first["headline"] == "'=HYPERLINK(\"https://evil.example\")"
    assert first["author_name"] == "'+cmd|' /C calc'!A0"
    assert first["author_location"].startswith("'@SUM")
    assert first["subject"].startswith("'-2+3")
    assert first["publication_text"].startswith("Tabbed")     # the printed text is trimmed
    assert second["headline"] == "'@mention" and second["author_name"] == "'-Minus"
    assert "CR first" in second["text"]      # the leading CR is gone, so nothing to neutralise
    for cell in (first["text"], first["publication_text"]):
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u202e]", cell)


def test_neutralise_cell_follows_owasp():
    for prefix in FORMULA_PREFIXES:
        assert neutralise_cell(prefix + "x") == "'" + prefix + "x"
    assert neutralise_cell("plain") == "plain" and neutralise_cell(5) == 5 and neutralise_cell("") == ""


def test_html_keeps_hostile_content_as_text(hostile):
    data = export_letters(hostile, "html")
    page = read_html(data)
    assert set(page.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "section",
                              "article", "p", "br"}
    assert not [a for a in page.attrs if a[1].startswith("on") or a[1] in ("href", "src")]
    text = " ".join(t for _, _, t in page.blocks)
    assert "<script>alert(1)</script>" in text and '<a href="javascript:alert(5)">a</a>' in text
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u202e]", data.decode("utf-8"))


def test_markdown_renders_hostile_content_as_text(hostile):
    text = export_letters(hostile, "md").decode("utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x85\u202e]", text)
    html = render_markdown(text)
    for tag in ("<script", "<img", "<a ", "<a>", "<code", "<del", "<table", "<strong"):
        assert tag not in html, tag
    assert "href=\"" not in html and "src=\"" not in html
    assert re.findall(r"<h(\d)>", html) == ["1", "2", "3", "3"]     # title, group, the two headlines
    assert html.count("<em>") == 2       # the two sign-offs, not the letter's *em* or _em_
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "[click me](javascript:alert(3))" in html and "# Not a heading" in html


def test_plain_text_drops_control_characters(hostile):
    text = export_letters(hostile, "txt").decode("utf-8")
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", text)
    assert "<script>alert(1)</script>" in text     # plain text is inert as it stands


def test_docx_removes_xml_invalid_characters_instead_of_failing(hostile):
    hostile.append(transient_letter(3, text="Sir,\x00 nul\x01\x0b\x0c\x1b[0m \ud800 lone \ufffe\uffff done",
                                    headline="Bad\x00 head", author_name="Nul\x00 Name",
                                    author_location="Town\x1f", position=3))
    paras = read_docx(export_letters(hostile, "docx"))
    texts = [t for _, t, _ in paras]
    # Control characters and noncharacters go (VT and FF break lines, as in the parser); a lone
    # surrogate becomes U+FFFD, as everywhere else.
    assert "Sir, nul" in texts and "[0m \ufffd lone  done" in texts
    assert "Bad head" in texts and "Nul Name, Town" in texts
    assert "<script>alert(1)</script> and <img src=x onerror=alert(2)>" in "\n".join(texts)


def test_json_is_valid_and_cannot_become_markup(hostile):
    data = export_letters(hostile, "json")
    assert b"<" not in data and b">" not in data and b"&" not in data
    rows = json.loads(data)
    assert "<script>alert(1)</script>" in rows[0]["text"]
    assert "\x00" not in rows[0]["text"] and "\x1b" not in rows[0]["text"]
    assert rows[0]["author_email"] == "evil@example.org"


def test_lone_surrogates_do_not_break_any_format():
    letter = transient_letter(1, text="a\udfffb", headline="\ud800h", author_name="N\ud800",
                              subject="\udc00")
    for fmt in FORMATS:
        assert export_letters([letter], fmt)


# --- marking published -----------------------------------------------------------------------

def test_publishing_an_export_sets_status_and_audits_who_and_format(session, shortlist):
    letters = select_for_export(session, article="blinken-beijing")
    positions = [l.position for l in letters]
    assert publish(session, letters, actor="ed@reaction.life", fmt="docx") == 3
    session.commit()
    for letter in letters:
        assert letter.status is Status.PUBLISHED and letter.status_changed_at is not None
    # The page's order stays: a published page exports again in the order it was printed.
    assert [l.position for l in letters] == positions
    assert [l.id for l in select_for_export(session, status="published")] == [l.id for l in letters]
    events = session.query(AuditEvent).filter_by(action="export-published").all()
    assert {e.letter_id for e in events} == {l.id for l in letters}
    assert all(e.before == {"status": "shortlisted"} and e.after == {"status": "published", "format": "docx"}
               and e.user_email == "ed@reaction.life" for e in events)
    assert {l.id for l in select_for_export(session)} == set(ids(shortlist, ["L2", "L4"]))


# --- file names and types -------------------------------------------------------------------

def test_export_filename():
    day = date(2026, 11, 28)
    assert export_filename("blinken-beijing", "docx", day) == "letters-blinken-beijing-2026-11-28.docx"
    assert export_filename(None, "csv", day) == "letters-2026-11-28.csv"
    assert export_filename('../"evil"\r\n slug', "md", day) == "letters-evil-slug-2026-11-28.md"
    assert set(CONTENT_TYPES) == {"md", "txt", "html", "docx", "csv", "json"}
    with pytest.raises(ValueError):
        export_letters([], "pdf")


# --- scale --------------------------------------------------------------------------------

@pytest.mark.slow
def test_ten_thousand_letters_in_every_format(session):
    blinken = article(session, "blinken-beijing", BLINKEN)
    budget = article(session, "autumn-budget", "The Autumn Budget")
    bulk_letters(session, 10_000, articles=[blinken, budget, None])
    letters = select_for_export(session)
    assert len(letters) == 10_000
    for fmt in FORMATS:
        data = export_letters(letters, fmt)
        if fmt == "json":
            rows = json.loads(data)
            assert len(rows) == 10_000 and [r["position"] for r in rows] == list(range(1, 10_001))
        elif fmt == "csv":
            assert len(read_csv(data)) == 10_000
        elif fmt == "docx":
            # python-docx opens it; counting through its XML keeps the check quick.
            body = docx.Document(io.BytesIO(data)).element.body
            assert len(body.xpath('./w:p[w:pPr/w:pStyle/@w:val="Heading1"]')) == 3
            assert len(body.xpath("./w:p[w:r/w:rPr/w:i]")) == 10_000
        elif fmt == "html":
            assert sum(1 for _, cls, _ in read_html(data).blocks if cls == "signoff") == 10_000
        else:
            assert data.decode("utf-8").count(", Bath") == 10_000

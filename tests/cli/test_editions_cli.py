"""``inbox editions`` and ``inbox export --edition`` through click, against the test database:
the JSON contracts, refusals, publishing, and the edition in every format in its planned order."""
from __future__ import annotations

import csv
import io
import json
from datetime import date

import docx
import pytest
from click.testing import CliRunner
from sqlalchemy import select

from inbox.cli import main
from inbox.desk import editions
from inbox.models import AuditEvent, Letter, Status
from tests.cli.test_export_cli import env_for
from tests.export_support import add_letter, article


@pytest.fixture
def cli(settings, db):
    def _run(*args, ok=True):
        result = CliRunner().invoke(main, list(args), env=env_for(settings), catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result
    return _run


@pytest.fixture
def shortlist(session):
    hs2 = article(session, "hs2", "The case for HS2")
    other = article(session, "tariffs", "Tariffs and the pound")
    ids = [add_letter(session, article=hs2 if i % 2 == 0 else other, text=f"Sir, letter number {i}.",
                      author_name=f"Writer {i}", author_location=f"Town {i}").id for i in range(4)]
    new = add_letter(session, article=hs2, status="new").id
    session.commit()
    return ids, new


def test_create_add_list_publish(cli, shortlist, session):
    ids, new = shortlist
    created = json.loads(cli("editions", "create", "--date", "2026-12-05", "--title",
                             "Letters, Friday 5 December", "--budget", "900").stdout)
    assert created["title"] == "Letters, Friday 5 December" and created["budget"] == 900
    eid = created["id"]
    added = json.loads(cli("editions", "add", str(eid), str(ids[2]), str(ids[0])).stdout)
    assert added["letters"] == [ids[2], ids[0]]
    refused = cli("editions", "add", str(eid), str(new), ok=False)
    assert refused.exit_code != 0 and "only shortlisted" in refused.output
    [listed] = json.loads(cli("editions", "list").stdout)
    assert {k: listed[k] for k in ("id", "date", "title", "budget", "letters", "status")} == {
        "id": eid, "date": "2026-12-05", "title": "Letters, Friday 5 December", "budget": 900,
        "letters": [ids[2], ids[0]], "status": "draft"}
    assert listed["words"] == 8       # "Sir, letter number N." twice
    published = json.loads(cli("editions", "publish", str(eid)).stdout)
    assert published["status"] == "published"
    session.expire_all()
    assert [session.get(Letter, i).status for i in (ids[2], ids[0], ids[1])] == [
        Status.PUBLISHED, Status.PUBLISHED, Status.SHORTLISTED]
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "edition-published")).all()
    assert sorted(e.letter_id for e in events) == sorted([ids[2], ids[0]])
    assert all(e.user_email == "cli" and e.after["edition"] == eid for e in events)
    assert "date" in cli("editions", "create", "--date", "5 Dec", "--title", "x", ok=False).output


@pytest.fixture
def planned(session, shortlist):
    ids, _ = shortlist
    e = editions.create(session, day=date(2026, 12, 5), title="Letters, Friday",
                        budget=500, actor="t")
    editions.add(session, e.id, [ids[0], ids[1], ids[2], ids[3]], actor="t")
    editions.set_lead(session, e.id, ids[3], actor="t")
    editions.set_headline(session, e.id, session.get(Letter, ids[0]).article_id, "Full steam ahead", actor="t")
    session.commit()
    # printing order: the lead (tariffs) first, then its article's other letter, then HS2's
    return e.id, [ids[3], ids[1], ids[0], ids[2]]


def test_export_edition_docx_in_planned_order(cli, planned, tmp_path):
    eid, printed = planned
    out = tmp_path / "page.docx"
    cli("export", "--edition", str(eid), "--format", "docx", "-o", str(out))
    paragraphs = [(p.style.name, p.text) for p in docx.Document(str(out)).paragraphs]
    assert paragraphs[0] == ("Title", "Letters, Friday")
    headings = [t for s, t in paragraphs if s == "Heading 1"]
    assert headings == ["Tariffs and the pound", "Full steam ahead"]
    body = [t for s, t in paragraphs if t.startswith("Sir,")]
    assert body == [f"Sir, letter number {n}." for n in (3, 1, 0, 2)]
    signoffs = [t for s, t in paragraphs if t.startswith("Writer")]
    assert signoffs == ["Writer 3, Town 3", "Writer 1, Town 1", "Writer 0, Town 0", "Writer 2, Town 2"]
    assert not any("received" in t for _, t in paragraphs)      # no editor's note on the page
    cli("export", "--edition", str(eid), "--format", "docx", "-o", str(out), "--editor-note")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "not for publication" in text and "The case for HS2: 3 letters received, 2 printed" in text


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_export_edition_text_formats(cli, planned, fmt):
    eid, _ = planned
    text = cli("export", "--edition", str(eid), "--format", fmt).stdout
    positions = [text.index(f"letter number {n}") for n in (3, 1, 0, 2)]
    assert positions == sorted(positions)
    assert "Full steam ahead" in text and "received" not in text
    noted = cli("export", "--edition", str(eid), "--format", fmt, "--editor-note").stdout
    page, _, note = noted.partition("not for publication")
    assert "received" not in page and "Tariffs and the pound: 2 letters received, 2 printed" in note


def test_export_edition_desk_formats_carry_also_received(cli, planned):
    eid, printed = planned
    rows = json.loads(cli("export", "--edition", str(eid), "--format", "json").stdout)
    assert [r["id"] for r in rows] == printed and [r["position"] for r in rows] == [1, 2, 3, 4]
    assert rows[2]["group_headline"] == "Full steam ahead"
    assert rows[2]["also_received"] == {"received": 3, "printed": 2}
    sheet = list(csv.DictReader(io.StringIO(cli("export", "--edition", str(eid), "--format", "csv")
                                             .stdout_bytes.decode("utf-8-sig"))))
    assert [int(r["id"]) for r in sheet] == printed
    assert sheet[0]["received_on_article"] == "2" and sheet[0]["printed_on_article"] == "2"


def test_export_edition_refusals(cli, planned):
    eid, _ = planned
    assert cli("export", "--edition", "999", "--format", "md", ok=False).exit_code != 0
    assert cli("export", "--edition", str(eid), "--format", "md", "--mark-published", ok=False).exit_code != 0
    assert cli("export", "--format", "md", "--editor-note", ok=False).exit_code != 0
    # without --edition the export is what it always was: grouped by article, no notes
    assert "received" not in cli("export", "--format", "md").stdout


def test_inbox_letters_prints_the_stance(cli, shortlist, session):
    from inbox.desk import moderation
    ids, _ = shortlist
    moderation.set_stance(session, ids[0], "against", user="t")
    session.commit()
    rows = {r["id"]: r for r in json.loads(cli("letters").stdout)}
    assert rows[ids[0]]["stance"] == "against" and rows[ids[1]]["stance"] is None

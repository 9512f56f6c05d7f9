"""``inbox export`` end to end: click's runner for the options, a real subprocess for the
contract (every format to a file, even with nothing shortlisted), and one letter over real SMTP."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime, timezone

import docx
import pytest
from click.testing import CliRunner

from tests.conftest import make_letter
from tests.export_support import add_letter, article
from inbox.cli import main
from inbox.models import AuditEvent, Letter, Status

FORMATS = ["md", "txt", "html", "docx", "csv", "json"]


def env_for(settings) -> dict[str, str]:
    return {"INBOX_DATA_DIR": str(settings.data_dir), "INBOX_DATABASE_URL": settings.database_url or ""}


@pytest.fixture
def run(settings, db):
    """run(*args) -> click Result, against the test database."""
    def _run(*args):
        return CliRunner().invoke(main, ["export", *args], env=env_for(settings), catch_exceptions=False)
    return _run


@pytest.fixture
def letters(session):
    blinken = article(session, "blinken-beijing", "Blinken in Beijing")
    day = lambda d: datetime(2026, 11, d, 8, tzinfo=timezone.utc)  # noqa: E731
    made = {
        "early": add_letter(session, article=blinken, received_at=day(10), text="Sir, early.", position=2,
                            author_email="early@example.org"),
        "late": add_letter(session, article=blinken, received_at=day(12), text="Sir, late.", position=1,
                           author_email="late@example.org"),
        "other": add_letter(session, article=None, received_at=day(11), text="Sir, unlinked.",
                            author_email="other@example.org"),
        "new": add_letter(session, article=blinken, status="new", received_at=day(11), text="Sir, new."),
    }
    session.commit()
    return {k: v.id for k, v in made.items()}


def exported_ids(result) -> list[int]:
    assert result.exit_code == 0, result.output
    return [row["id"] for row in json.loads(result.stdout_bytes)]


def test_markdown_goes_to_stdout_in_the_editors_order(run, letters):
    result = run("--format", "md")
    assert result.exit_code == 0
    out = result.stdout_bytes.decode("utf-8")
    assert out.startswith("# Letters to the Editor")
    assert out.index("Sir, late.") < out.index("Sir, early.") < out.index("Sir, unlinked.")
    assert "Sir, new." not in out and "@example.org" not in out


def test_filters_by_status_article_and_inclusive_dates(run, letters):
    assert exported_ids(run("--format", "json")) == [letters["late"], letters["early"], letters["other"]]
    assert exported_ids(run("--format", "json", "--article", "blinken-beijing")) == [letters["late"], letters["early"]]
    assert exported_ids(run("--format", "json", "--article", "unassigned")) == [letters["other"]]
    assert exported_ids(run("--format", "json", "--status", "new")) == [letters["new"]]
    assert letters["new"] in exported_ids(run("--format", "json", "--status", "all"))
    assert exported_ids(run("--format", "json", "--since", "2026-11-11", "--until", "2026-11-12")) == [
        letters["late"], letters["other"]]
    assert exported_ids(run("--format", "json", "--until", "2026-11-10")) == [letters["early"]]


def test_refuses_bad_options_with_usage_errors(run, letters, tmp_path):
    result = run("--format", "docx")
    assert result.exit_code == 2 and "--output" in result.output
    assert run("--format", "pdf").exit_code == 2
    assert run("--format", "md", "--since", "28/11/2026").exit_code == 2
    assert run("--format", "md", "--since", "2026-11-12", "--until", "2026-11-10").exit_code == 2
    result = run("--format", "md", "--article", "no-such-article")
    assert result.exit_code == 2 and "no-such-article" in result.output


def test_writes_docx_to_the_output_file(run, letters, tmp_path):
    out = tmp_path / "page.docx"
    result = run("--format", "docx", "--output", str(out))
    assert result.exit_code == 0 and result.stdout_bytes == b""
    texts = [p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs]
    assert texts.index("Sir, late.") < texts.index("Sir, early.") < texts.index("Sir, unlinked.")


def test_mark_published_publishes_what_was_exported_and_audits_it(run, letters, tmp_path, db):
    out = tmp_path / "page.csv"
    result = run("--format", "csv", "--article", "blinken-beijing", "--output", str(out), "--mark-published")
    assert result.exit_code == 0 and out.read_bytes().startswith(b"\xef\xbb\xbf")
    with db.factory() as s:
        statuses = {l.id: l.status for l in s.query(Letter)}
        events = s.query(AuditEvent).filter_by(action="export-published").all()
    assert statuses[letters["late"]] is statuses[letters["early"]] is Status.PUBLISHED
    assert statuses[letters["other"]] is Status.SHORTLISTED and statuses[letters["new"]] is Status.NEW
    assert sorted(e.letter_id for e in events) == sorted([letters["late"], letters["early"]])
    assert all(e.user_email == "cli" and e.before == {"status": "shortlisted"}
               and e.after == {"status": "published", "format": "csv"} for e in events)
    assert exported_ids(run("--format", "json")) == [letters["other"]]


def test_without_mark_published_nothing_changes(run, letters, db):
    assert run("--format", "html").exit_code == 0
    with db.factory() as s:
        assert s.query(AuditEvent).filter_by(action="export-published").count() == 0
        assert s.get(Letter, letters["late"]).status is Status.SHORTLISTED


def _inbox(settings, *args, timeout=120):
    env = {**os.environ, **env_for(settings)}
    return subprocess.run([sys.executable, "-m", "inbox", *args], env=env, capture_output=True, timeout=timeout)


@pytest.mark.slow
def test_every_format_to_a_file_even_with_nothing_shortlisted(settings, db, tmp_path):
    """The contract check: `inbox export --format F --output FILE` exits 0 and makes the file."""
    for fmt in FORMATS:
        out = tmp_path / f"empty.{fmt}"
        result = _inbox(settings, "export", "--format", fmt, "--output", str(out))
        assert result.returncode == 0, result.stderr.decode(errors="replace")
        assert out.exists() and out.stat().st_size > 0
        assert result.stdout == b""
    assert json.loads((tmp_path / "empty.json").read_bytes()) == []
    assert "no letters" in " ".join(p.text for p in docx.Document(str(tmp_path / "empty.docx")).paragraphs)
    refused = _inbox(settings, "export", "--format", "docx")
    assert refused.returncode == 2 and b"--output" in refused.stderr


@pytest.mark.slow
def test_a_letter_sent_over_smtp_is_exported(settings, db, send, listener):
    send(make_letter(subject="Blinken in Beijing", body="Sir, talking to Beijing is wise.\n\nAnn Reader\nYork",
                     sender="Ann Reader <ann@example.org>"))
    result = _inbox(settings, "export", "--status", "all", "--format", "json")
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    rows = json.loads(result.stdout)
    assert len(rows) == 1 and "talking to Beijing is wise" in rows[0]["publication_text"]
    assert rows[0]["author_email"] == "ann@example.org" and rows[0]["position"] == 1
    markdown = _inbox(settings, "export", "--status", "all", "--format", "md").stdout.decode("utf-8")
    assert "talking to Beijing is wise" in markdown and "ann@example.org" not in markdown

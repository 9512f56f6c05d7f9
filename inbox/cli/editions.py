"""``inbox editions``: letters pages from the command line, for checks and scripts.

    inbox editions create --date 2026-12-05 --title "Letters, Friday 5 December" [--budget 1200]
    inbox editions add EDITION_ID LETTER_ID...
    inbox editions list
    inbox editions publish EDITION_ID

Every command prints JSON on stdout; changes are audited as made by "cli". Export an edition
with ``inbox export --edition EDITION_ID --format ...``.
"""
from __future__ import annotations

import json
import sys
from datetime import date, datetime

import click

from inbox.config import Settings

ACTOR = "cli"


def _day(ctx, param, value: str) -> date:
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _print(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


def _change(settings: Settings, work):
    """Run ``work(session)`` in one write transaction; refusals become a clean CLI error."""
    from inbox.bootstrap import open_database
    from inbox.db import transaction
    from inbox.desk.moderation import InvalidChange, NotFound

    db = open_database(settings)
    try:
        with transaction(db.factory) as session:
            return work(session)
    except NotFound as e:
        raise click.ClickException(f"not found: {e}") from None
    except InvalidChange as e:
        raise click.ClickException(str(e)) from None


def _summary(session, edition_id: int) -> dict:
    from inbox.desk.editions import get_edition
    from inbox.desk.planning import edition_summary
    return edition_summary(get_edition(session, edition_id))


@click.group()
def editions() -> None:
    """Editions: letters pages with a date, a title, a word budget and ordered letters."""


@editions.command()
@click.option("--date", "day", required=True, metavar="YYYY-MM-DD", callback=_day, help="The page's date.")
@click.option("--title", required=True, help='e.g. "Letters, Friday 5 December".')
@click.option("--budget", type=click.IntRange(min=1), metavar="WORDS",
              help="Words the page has room for (default: INBOX_EDITION_BUDGET).")
@click.pass_obj
def create(settings: Settings, day: date, title: str, budget: int | None) -> None:
    """Create an edition; prints it as JSON (with its id)."""
    from inbox.desk import editions as service

    def work(session):
        edition = service.create(session, day=day, title=title, budget=budget or settings.edition_budget,
                                 actor=ACTOR)
        return _summary(session, edition.id)
    _print(_change(settings, work))


@editions.command()
@click.argument("edition_id", type=int)
@click.argument("letter_ids", type=int, nargs=-1, required=True)
@click.pass_obj
def add(settings: Settings, edition_id: int, letter_ids: tuple[int, ...]) -> None:
    """Add shortlisted letters to an edition, in the order given; prints the edition."""
    from inbox.desk import editions as service

    def work(session):
        service.add(session, edition_id, letter_ids, actor=ACTOR)
        return _summary(session, edition_id)
    _print(_change(settings, work))


@editions.command("list")
@click.pass_obj
def list_(settings: Settings) -> None:
    """Every edition, newest date first, as a JSON array."""
    from inbox.bootstrap import open_database
    from inbox.desk import editions as service
    from inbox.desk.planning import edition_summary

    db = open_database(settings)
    with db.factory() as session:
        rows = [edition_summary(e) for e in service.list_editions(session)]
    _print(rows)


@editions.command()
@click.argument("edition_id", type=int)
@click.pass_obj
def publish(settings: Settings, edition_id: int) -> None:
    """Mark the edition and all its letters Published (audited); prints the edition."""
    from inbox.desk import editions as service

    def work(session):
        service.publish(session, edition_id, actor=ACTOR)
        return _summary(session, edition_id)
    _print(_change(settings, work))

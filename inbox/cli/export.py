"""``inbox export``: the shortlisted letters (or any status), or one edition as planned
(``--edition``), in a publication or desk format.

Text formats go to stdout unless ``--output`` is given; DOCX needs ``--output``. With
``--mark-published`` the exported letters become Published, audited as exported by "cli", and
only after the file has been written, so a failed write publishes nothing.
"""
from __future__ import annotations

import logging
import os
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

import click

from inbox.cli.common import account_for_pending, require_database
from inbox.config import Settings
from inbox.enums import STATUSES, Status
from inbox.export.formats import FORMATS, REGISTRY

log = logging.getLogger("inbox.export")


def _day(ctx, param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def _write_atomically(path: Path, data: bytes) -> None:
    """Write beside the target and rename, so a half-written export never replaces a good one."""
    path = path.expanduser()
    fd, tmp = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@click.command()
@click.option("--status", type=click.Choice([*STATUSES, "all"]), default=Status.SHORTLISTED.value,
              show_default=True,
              help='Which letters: one status, or "all".')
@click.option("--article", metavar="SLUG", help='Only letters on this article ("unassigned" for none).')
@click.option("--since", metavar="YYYY-MM-DD", callback=_day, help="Received on or after this day (UTC).")
@click.option("--until", metavar="YYYY-MM-DD", callback=_day, help="Received on or before this day (UTC).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="md, txt, html, docx (publication); csv, json (desk, with private details).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write to this file instead of stdout (required for docx).")
@click.option("--mark-published", is_flag=True, help="Mark the exported letters Published (audited).")
@click.option("--edition", "edition_id", type=int, metavar="EDITION_ID",
              help="Export this edition as planned (its order, lead and headlines) instead of a selection.")
@click.option("--editor-note", is_flag=True,
              help='With --edition: add "also received" to md/txt/html/docx as a separate note after the page '
                   "(csv and json always carry it).")
@click.pass_obj
def export(settings: Settings, status: str, article: str | None, since: date | None,
           until: date | None, fmt: str, output: Path | None, mark_published: bool,
           edition_id: int | None, editor_note: bool) -> None:
    """Export letters for the letters page, grouped by article in the editor's order (or an
    edition, with --edition)."""
    from inbox import export as exporting
    from inbox.bootstrap import open_database
    from inbox.db import transaction
    from inbox.desk import moderation
    from inbox.desk.articles import UNASSIGNED, article_by_slug
    from inbox.desk.verification import Unverified, require_verified

    if REGISTRY[fmt].binary and output is None:
        raise click.UsageError(f"{fmt.upper()} is a binary format: give --output FILE.")
    if since and until and since > until:
        raise click.UsageError("--since is after --until.")

    require_database(settings)
    if editor_note and edition_id is None:
        raise click.UsageError("--editor-note goes with --edition.")
    if edition_id is not None:
        if mark_published or article or since or until:
            raise click.UsageError("--edition exports the edition as planned: no --article, --since, --until or "
                                   "--mark-published (publish it with `inbox editions publish`).")
        return _export_edition(settings, edition_id, fmt, output, editor_note)

    db = open_database(settings)
    account_for_pending(db, settings)
    with transaction(db.factory) as session:
        if article and article != UNASSIGNED and article_by_slug(session, article) is None:
            raise click.BadParameter(f"no article with the slug {article!r}", param_hint="--article")
        letters = exporting.select_for_export(session, status=status, article=article,
                                              since=since, until=until)
        try:   # for print (or to publish) every letter must be verified, when the house says so
            require_verified(letters, settings.require_verification
                             and (REGISTRY[fmt].publication or mark_published))
        except Unverified as e:
            raise click.ClickException(str(e)) from None
        data = exporting.export_letters(letters, fmt)
        _emit(data, output)
        log.info("exported %d letter(s) as %s to %s", len(letters), fmt, output or "stdout")
        if mark_published:
            try:
                count = moderation.publish(session, letters, actor="cli", fmt=fmt,
                                           require_verification=settings.require_verification)
            except moderation.InvalidChange as e:
                raise click.ClickException(str(e)) from None
            log.info("marked %d letter(s) published", count)


def _emit(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        _write_atomically(output, data)


def _export_edition(settings: Settings, edition_id: int, fmt: str, output: Path | None,
                    editor_note: bool) -> None:
    from inbox import export as exporting
    from inbox.bootstrap import open_database
    from inbox.desk.moderation import NotFound
    from inbox.desk.planning import plan_edition

    db = open_database(settings)
    with db.factory() as session:
        try:
            plan = plan_edition(session, edition_id, word_limit=settings.house_word_limit)
        except NotFound:
            raise click.BadParameter(f"there is no edition {edition_id}", param_hint="--edition") from None
        _emit(exporting.export_edition(plan, fmt, editor_note=editor_note), output)
    log.info("exported edition %d (%d letter(s)) as %s to %s", edition_id, len(plan.entries), fmt,
             output or "stdout")

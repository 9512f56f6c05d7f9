"""The ``export`` blueprint: the Export control's download.

``POST /export`` (format, status, article, since, until, and a CSRF token) downloads the letters
and, with ``mark_published``, also marks them Published. With ``edition=ID`` it exports that
edition as planned instead (``editor_note=y`` adds "also received" after the page). Only by
POST: an export holds readers' names and, in the desk formats, their addresses, and a GET could
be set off by a link or an image on another site. ``GET /export`` answers 405. The domain work
is in ``inbox.export``; this module only reads the form and builds the response.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import Blueprint, Response, abort
from werkzeug.exceptions import MethodNotAllowed
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from inbox import export as exporting
from inbox.desk import moderation
from inbox.desk.planning import plan_edition
from inbox.models import STATUSES, Status
from inbox.desk.verification import Unverified, require_verified
from inbox.web.context import current_user, db_session, settings
from inbox.web.downloads import download

bp = Blueprint("export", __name__)

# The shortlist first: it is what goes to the page.
STATUS_CHOICES = sorted(STATUSES, key=lambda s: s != Status.SHORTLISTED.value) + ["all"]
# In the registry's order, Word first: what the desk uses most.
FORMAT_CHOICES = [SelectChoice(f.name, f.label) for f in exporting.REGISTRY.values()]


class ExportForm(FlaskForm):
    """The Export control. Templates render it with ``form.hidden_tag()`` for the CSRF token."""

    format = SelectField("Format", choices=FORMAT_CHOICES, validators=[InputRequired()])
    status = SelectField("Status", choices=STATUS_CHOICES, default=Status.SHORTLISTED.value)
    article = StringField("Article", validators=[Optional(), Length(max=200)])
    since = DateField("Received from", validators=[Optional()])
    until = DateField("Received until", validators=[Optional()])
    mark_published = BooleanField("Mark the exported letters Published")
    edition = IntegerField("Edition", validators=[Optional()])     # an edition as planned instead
    editor_note = BooleanField("Add the editor's note (also received) after the page")
    submit = SubmitField("Export")


@bp.before_request
def _signed_in_only():
    # The app-wide guard already sends signed-out visitors to the sign-in page; this keeps the
    # blueprint closed even if it is ever mounted without that guard.
    if current_user() is None:
        abort(401)


@bp.get("/export")
def refuse_get():
    raise MethodNotAllowed(valid_methods=["POST"], description=(
        "Exports are made with the Export button on the queue page: a form with this site's token, "
        "so that no link from elsewhere can download readers' letters."))


@bp.post("/export")
def download_and_mark():
    form = ExportForm()
    if not form.validate():
        problems = "; ".join(f"{name}: {', '.join(errs)}" for name, errs in form.errors.items())
        return Response(f"Cannot export: {problems}\n", status=400, mimetype="text/plain")
    if form.since.data and form.until.data and form.since.data > form.until.data:
        return Response("Cannot export: the start date is after the end date.\n", status=400,
                        mimetype="text/plain")
    fmt, article = form.format.data, (form.article.data or "").strip() or None
    if form.edition.data is not None:
        if form.mark_published.data:
            return Response("Cannot export: an edition is published with its planner's Publish, not by an "
                            "export.\n", status=400, mimetype="text/plain")
        return _export_edition(form.edition.data, fmt, editor_note=form.editor_note.data)
    session = db_session()
    letters = exporting.select_for_export(session, status=form.status.data, article=article,
                                          since=form.since.data, until=form.until.data)
    publishing = bool(form.mark_published.data)
    try:   # for print (or to publish) every letter must be verified, when the house says so
        require_verified(letters, settings().require_verification
                         and (exporting.REGISTRY[fmt].publication or publishing))
    except Unverified as e:
        return Response(f"Cannot export: {e}\n", status=409, mimetype="text/plain")
    data = exporting.export_letters(letters, fmt)
    if publishing:
        try:
            moderation.publish(session, letters, actor=current_user(), fmt=fmt,
                               require_verification=settings().require_verification)
        except moderation.InvalidChange as e:
            session.rollback()
            return Response(f"{e}\n", status=409, mimetype="text/plain")
        session.commit()
    name = exporting.export_filename(article, fmt, datetime.now(timezone.utc).date())
    return _download(data, fmt, name)


def _export_edition(edition_id: int, fmt: str, *, editor_note: bool) -> Response:
    """An edition in its planned order; publishing it is the planner's Publish, never an export."""
    try:
        plan = plan_edition(db_session(), edition_id, word_limit=settings().house_word_limit)
    except moderation.NotFound:
        return Response("Cannot export: there is no such edition.\n", status=404, mimetype="text/plain")
    data = exporting.export_edition(plan, fmt, editor_note=editor_note)
    return _download(data, fmt, exporting.export_filename(f"edition-{edition_id}", fmt, plan.edition.day))


def _download(data: bytes, fmt: str, name: str) -> Response:
    # Not cached (Cache-Control: no-store, as every page): readers' letters and addresses.
    return download(data, name, exporting.CONTENT_TYPES[fmt], fallback=f"letters.{fmt}")

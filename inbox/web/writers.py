"""The Writers page (each writer's standing, letters, published count, last published date) and
the standing form the letter view shows (``_writer_card.html``)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from inbox.desk import writers
from inbox.enums import STANDINGS
from inbox.web.context import current_user, db_session, safe_next

bp = Blueprint("writers", __name__, url_prefix="/writers")


@bp.app_template_global()
def writer_summary(writer_id: int | None):
    """For the letter view's writer card: the writer with their published count and date."""
    if writer_id is None:
        return None
    try:
        return writers.summary(db_session(), writer_id)
    except writers.WriterNotFound:
        return None


@bp.app_template_global()
def writer_standings():
    return STANDINGS


@bp.get("/")
def index():
    standing = request.args.get("standing")
    rows = writers.list_writers(db_session(), standing=standing if standing in STANDINGS else None)
    return render_template("writers.html", rows=rows, standing=standing)


@bp.get("/<int:writer_id>")
def view(writer_id: int):
    s = db_session()
    try:
        row = writers.summary(s, writer_id)
    except writers.WriterNotFound:
        abort(404, "There is no such writer.")
    return render_template("writer.html", row=row, letters=writers.letters_of(s, writer_id))


@bp.post("/<int:writer_id>/standing")
def standing(writer_id: int):
    # CSRFProtect has checked the token already; the values are checked here.
    back = safe_next(request.form.get("next"), url_for("writers.view", writer_id=writer_id))
    value = request.form.get("standing", "")
    if value not in STANDINGS:
        flash("Choose a standing: none, trusted, hold or block.", "error")
        return redirect(back)
    s = db_session()
    try:
        writer = writers.set_standing(s, writer_id, value, user=current_user(), note=request.form.get("note"))
    except writers.WriterNotFound:
        abort(404, "There is no such writer.")
    s.commit()
    flash(f"{writer.email}: {value}.")
    return redirect(back)

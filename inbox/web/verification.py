"""Recording a letter's verification from the letter view (``_verification.html``), and the
header signals shown beside it."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for

from inbox.desk import signals, verification
from inbox.enums import VERIFY_METHODS
from inbox.models import Letter
from inbox.web.context import current_user, db_session, settings

bp = Blueprint("verification", __name__, url_prefix="/letters")


@bp.app_template_global()
def letter_signals(letter: Letter):
    return signals.signals(letter, settings().trusted_authserv_ids)


@bp.app_template_global()
def verify_methods():
    return VERIFY_METHODS


@bp.post("/<int:letter_id>/verification")
def record(letter_id: int):
    # CSRFProtect has checked the token; the values are checked here.
    s = db_session()
    letter = s.get(Letter, letter_id)
    if letter is None:
        abort(404, "There is no such letter.")
    back = url_for("letters.view", letter_id=letter_id) + "#verification"
    method = request.form.get("method", "")
    if method not in VERIFY_METHODS:
        flash("Choose how the letter was verified: " + ", ".join(VERIFY_METHODS) + ".", "error")
        return redirect(back)
    verification.verify(s, letter, user=current_user(), method=method, note=request.form.get("note"))
    s.commit()
    flash(f"Letter {letter_id} recorded as verified ({method}).")
    return redirect(back)

"""The Reader mail page (admins): each notice's template, on or off, with a preview; and the
per-letter partial that lists what was sent to the writer (``reader_mail_for`` in templates)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from inbox.models import Letter, Role
from inbox.readers import outbox, templates
from inbox.web.context import current_user, db_session, settings

bp = Blueprint("reader_mail", __name__, url_prefix="/admin/reader-mail")


@bp.before_request
def admins_only():
    user = current_user()
    if user is None or user.role is not Role.ADMIN:
        abort(403)


def _page(previews: dict | None = None, errors: dict | None = None, status: int = 200):
    s = db_session()
    notices = [templates.notice(s, name) for name in templates.DEFAULTS]
    return render_template("admin_reader_mail.html", notices=notices, previews=previews or {},
                           errors=errors or {}, mail_on=settings().outbound_relay is not None,
                           sample=templates.SAMPLE), status


@bp.get("")
def index():
    return _page()


@bp.post("/<name>")
def save(name: str):
    if name not in templates.DEFAULTS:
        abort(404)
    subject, body = request.form.get("subject", ""), request.form.get("body", "")
    if request.form.get("action") == "preview":
        try:
            preview = (templates.render(subject, templates.SAMPLE), templates.render(body, templates.SAMPLE))
        except templates.TemplateInvalid as e:
            return _page(errors={name: str(e)}, status=400)
        return _page(previews={name: preview})
    s = db_session()
    try:
        templates.save(s, name, actor=current_user(), enabled=request.form.get("enabled") == "on",
                       subject=subject, body=body)
    except templates.TemplateInvalid as e:
        s.rollback()
        return _page(errors={name: str(e)}, status=400)
    s.commit()
    flash(f"Saved: {templates.DEFAULTS[name].label}.")
    return redirect(url_for("reader_mail.index") + f"#notice-{name}")


@bp.app_context_processor
def letter_mail():
    def reader_mail_for(letter: Letter) -> dict:
        return {"mail": outbox.mail_for_letter(db_session(), letter.id)}
    return {"reader_mail_for": reader_mail_for}

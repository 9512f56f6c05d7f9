"""The Reader mail page (admins): each notice's template, on or off, with a preview; the
per-letter partial (``reader_mail_for`` in templates): what was sent to the writer, the consent
state, and **Send for approval** (editors)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from inbox.models import Letter
from inbox.readers import consent, outbox, templates
from inbox.web.context import current_user, db_session, settings

# Nested in the admin blueprint (``admin.reader_mail.*``, under /admin): admins only.
bp = Blueprint("reader_mail", __name__, url_prefix="/reader-mail")
desk = Blueprint("consent_desk", __name__, url_prefix="/letters")


def _page(previews: dict | None = None, errors: dict | None = None, status: int = 200):
    s = db_session()
    notices = [templates.notice(s, name) for name in templates.DEFAULTS]
    return render_template("admin_reader_mail.html", notices=notices, previews=previews or {},
                           errors=errors or {}, mail_on=settings().outbound_relay is not None,
                           variables=templates.VARIABLES), status


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
    return redirect(url_for("admin.reader_mail.index") + f"#notice-{name}")


@desk.post("/<int:letter_id>/send-for-approval")
def send_for_approval(letter_id: int):
    s = db_session()
    letter = s.get(Letter, letter_id)
    if letter is None:
        abort(404, "There is no such letter.")
    try:
        consent.send_for_approval(s, settings(), letter, user=current_user())
    except consent.ConsentError as e:
        s.rollback()
        flash(str(e), "error")
    else:
        s.commit()
        flash(f"Sent for approval to the writer of letter {letter_id}.")
    return redirect(url_for("letters.view", letter_id=letter_id) + "#reader-mail")


@bp.app_context_processor
def letter_mail():
    def reader_mail_for(letter: Letter) -> dict:
        s = db_session()
        return {"mail": outbox.mail_for_letter(s, letter.id), "consent": consent.latest(s, letter.id),
                "edited": consent.is_edited(letter), "mail_on": settings().outbound_relay is not None}
    def consent_of(letters) -> dict:
        """The planner's consent badges: the latest request of each letter (one query), and
        whether an edited letter never sent for approval is worth a badge (consent required)."""
        return {"latest": consent.latest_by_letter(db_session(), [letter.id for letter in letters]),
                "required": settings().require_consent, "version_of": consent.version_of,
                "is_edited": consent.is_edited}

    return {"reader_mail_for": reader_mail_for, "consent_of": consent_of}

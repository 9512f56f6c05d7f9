"""The admin page for a writer's data: everything held about them (shown, and as a JSON download)
and its erasure, confirmed by typing the address again. Nested in the admin blueprint."""
from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from inbox.readers.privacy import erase_writer, export_writer
from inbox.web.context import current_user, db_session, settings

bp = Blueprint("readers", __name__, url_prefix="/readers")


@bp.get("")
def index():
    email = (request.args.get("email") or "").strip()
    data = preview = None
    if email:
        s = db_session()
        data = json.dumps(export_writer(s, email), ensure_ascii=False, indent=2)
        preview = erase_writer(s, settings(), email, actor=current_user(), dry_run=True).counts()
    return render_template("admin_readers.html", email=email, data=data, preview=preview)


@bp.get("/export.json")
def export_json():
    email = (request.args.get("email") or "").strip()
    data = export_writer(db_session(), email)
    response = Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json")
    response.headers.set("Content-Disposition", "attachment", filename="reader-data.json")
    return response


@bp.post("/erase")
def erase():
    email = (request.form.get("email") or "").strip()
    if not email or request.form.get("confirm", "").strip().lower() != email.lower():
        flash("Type the address again to confirm the erasure; nothing was erased.", "error")
        return redirect(url_for("admin.readers.index", email=email))
    s = db_session()
    result = erase_writer(s, settings(), email, actor=current_user())
    s.commit()
    counts = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in result.counts().items())
    flash(f"Erased. {counts}.")
    return redirect(url_for("admin.readers.index"))

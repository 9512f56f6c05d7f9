"""Admin pages: accounts (add, change role, deactivate, reset password), the canned reject
reasons, the CMS API's tokens (make, revoke) and the whole audit log.
Editors get 403 here (enforced for the whole blueprint in :func:`context.load_user_and_guard`)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from inbox.desk import accounts, audit, reject_reasons, tokens
from inbox.models import User
from inbox.web.context import current_user, db_session, settings
from inbox.web.forms import Form, ReasonForm, ResetPasswordForm, TokenAddForm, UserAddForm, UserEditForm
from inbox.web.reader_mail import bp as reader_mail_bp
from inbox.web.reader_privacy import bp as reader_privacy_bp

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.register_blueprint(reader_mail_bp)       # /admin/reader-mail (issue 18)
bp.register_blueprint(reader_privacy_bp)    # /admin/readers: a writer's data


def _user(user_id: int) -> User:
    user = db_session().get(User, user_id)
    if user is None:
        abort(404, "There is no such account.")
    return user


def _render_users(add_form=None, status=200):
    s = db_session()
    users = accounts.list_users(s)
    edit_forms = {u.id: UserEditForm(prefix=f"u{u.id}", formdata=None, role=u.role.value, active=u.active)
                  for u in users}
    return render_template("admin_users.html", users=users, add_form=add_form or UserAddForm(prefix="add"),
                           edit_forms=edit_forms, reset_form=ResetPasswordForm(prefix="reset", formdata=None)), status


@bp.get("/users")
def users():
    return _render_users()


@bp.post("/users")
def add_user():
    form = UserAddForm(prefix="add")
    if not form.validate():
        return _render_users(form, 400)
    s = db_session()
    try:
        user = accounts.create_user(s, form.email.data, form.password.data, name=form.name.data or "",
                                    role=form.role.data, actor=current_user())
    except accounts.AccountError as e:
        form.form_errors.append(str(e))
        s.rollback()
        return _render_users(form, 400)
    s.commit()
    flash(f"Account {user.email} added.")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>")
def edit_user(user_id: int):
    user = _user(user_id)
    form = UserEditForm(prefix=f"u{user_id}")
    if not form.validate():
        flash("Could not save that account.", "error")
        return redirect(url_for("admin.users"))
    s = db_session()
    try:
        accounts.update_account(s, user, role=form.role.data, active=bool(form.active.data),
                                actor=current_user())
    except accounts.AccountError as e:
        flash(str(e), "error")
        return redirect(url_for("admin.users"))
    s.commit()
    flash(f"Account {user.email} saved.")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/password")
def reset_password(user_id: int):
    user = _user(user_id)
    form = ResetPasswordForm(prefix="reset")
    if not form.validate():
        flash("Passwords must be at least %d characters long." % accounts.MIN_PASSWORD_LENGTH, "error")
        return redirect(url_for("admin.users"))
    s = db_session()
    accounts.reset_password(s, user, form.password.data, actor=current_user())
    s.commit()
    flash(f"Password reset for {user.email}; their sessions are signed out.")
    return redirect(url_for("admin.users"))


@bp.get("/reasons")
def reasons(form=None, status=200):
    return render_template("admin_reasons.html", reasons=reject_reasons.list_reasons(db_session()),
                           form=form or ReasonForm(prefix="reason", formdata=None)), status


@bp.post("/reasons")
def add_reason():
    form = ReasonForm(prefix="reason")
    if not form.validate():
        return reasons(form, 400)
    s = db_session()
    try:
        reject_reasons.add_reason(s, form.label.data, actor=current_user())
    except reject_reasons.ReasonError as e:
        s.rollback()
        form.form_errors.append(str(e))
        return reasons(form, 400)
    s.commit()
    flash("Reason added.")
    return redirect(url_for("admin.reasons"))


@bp.post("/reasons/<int:reason_id>/remove")
def remove_reason(reason_id: int):
    s = db_session()
    try:
        reject_reasons.remove_reason(s, reason_id, actor=current_user())
    except reject_reasons.ReasonError:
        abort(404, "There is no such reason.")
    s.commit()
    flash("Reason removed.")
    return redirect(url_for("admin.reasons"))


@bp.get("/audit")
def audit_log():
    s = db_session()
    try:
        before = int(request.args.get("before", "0")) or None
    except ValueError:
        before = None
    page = audit.audit_page(s, before=before, action=request.args.get("action") or None)
    return render_template("admin_audit.html", page=page)


def _render_tokens(form=None, secret=None, status=200):
    return render_template("admin_tokens.html", tokens=tokens.list_tokens(db_session()),
                           form=form or TokenAddForm(prefix="tok", formdata=None), secret=secret), status


@bp.get("/tokens")
def api_tokens():
    return _render_tokens()


@bp.post("/tokens")
def add_token():
    form = TokenAddForm(prefix="tok")
    if not form.validate():
        return _render_tokens(form, status=400)
    s = db_session()
    try:
        token, secret = tokens.create_token(s, form.name.data, form.scope.data, actor=current_user())
    except tokens.TokenError as e:
        s.rollback()
        form.form_errors.append(str(e))
        return _render_tokens(form, status=400)
    s.commit()
    # Shown on this response only (no redirect, no flash: neither may keep a copy).
    return _render_tokens(secret=(token.name, secret))


@bp.post("/tokens/<int:token_id>/revoke")
def revoke_token(token_id: int):
    Form()      # CSRFProtect has checked the token already
    s = db_session()
    token = s.get(tokens.ApiToken, token_id)
    if token is None:
        abort(404, "There is no such token.")
    tokens.revoke_token(s, token.name, actor=current_user())
    s.commit()
    flash(f"Token {token.name} revoked.")
    return redirect(url_for("admin.api_tokens"))


@bp.get("/house-rules")
def house_rules():
    """Each house rule and its setting, read from the INBOX_* settings (read-only here)."""
    from inbox.pipeline.rules import rules_with_settings
    return render_template("admin_house_rules.html", rules=rules_with_settings(settings()))

"""Sign in, sign out, change one's password and one's preferences (open the next letter after
a decision); the device cookie that sign-in throttling trusts.

A browser that signs in gets ``inbox_device``: the account's email and a random device id,
signed with the app's key (itsdangerous, as Flask signs its session). Shown again for the same
email, it makes the attempt a known device's, counted on its own (see :mod:`inbox.desk.accounts`).
"""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from inbox.desk import accounts
from inbox.web.context import (client_address, cookies_secure, current_user, db_session, safe_next, settings,
                               sign_in_session)
from inbox.web.forms import PasswordForm, PreferencesForm, SignInForm

bp = Blueprint("auth", __name__)

DEVICE_COOKIE = "inbox_device"
DEVICE_LIFETIME = timedelta(days=365)


def _devices() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.secret_key, salt="inbox-device-cookie")


def known_device(email: str) -> str | None:
    """This browser's device id, if its device cookie is genuine and was issued for ``email``."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        value = _devices().loads(raw)
    except BadSignature:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("d"), str):
        return None
    return value["d"] if value.get("e") == accounts.normalise_email(email) else None


def remember_device(response, email: str, device: str):
    response.set_cookie(DEVICE_COOKIE, _devices().dumps({"e": accounts.normalise_email(email), "d": device}),
                        max_age=int(DEVICE_LIFETIME.total_seconds()), httponly=True, samesite="Lax",
                        secure=cookies_secure())
    return response


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    if current_user() is not None and request.method == "GET":
        return redirect(safe_next(request.args.get("next"), url_for("queue.index")))
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        s = db_session()
        result = accounts.authenticate(s, form.email.data, form.password.data, client=client_address(),
                                       settings=settings(), device=known_device(form.email.data))
        s.commit()      # the attempt is recorded whatever the outcome
        if result.throttled:
            form.form_errors.append(f"Too many failed sign-ins. Wait {_wait_words(result.retry_after)} "
                                    "and try again.")
            return render_template("signin.html", form=form), 429, {"Retry-After": str(result.retry_after)}
        if result.user is None:
            status = 401
            form.form_errors.append("That email and password do not match an active account.")
        else:
            sign_in_session(result.user)
            response = redirect(safe_next(request.args.get("next"), url_for("queue.index")))
            return remember_device(response, result.user.email, result.device)
    elif request.method == "POST":
        status = 400
    return render_template("signin.html", form=form), status


def _wait_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{round(seconds / 60)} minutes"


@bp.post("/signout")
def signout():
    user = current_user()
    s = db_session()
    accounts.end_sessions(s, user)
    s.commit()
    session.clear()
    flash("You are signed out.")
    return redirect(url_for("auth.signin"))


@bp.route("/account/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        s = db_session()
        user = current_user()
        try:
            accounts.change_password(s, user, form.current.data, form.new.data, client=client_address(),
                                     settings=settings(), device=known_device(user.email))
        except accounts.Throttled as e:
            s.rollback()
            form.form_errors.append(f"Too many wrong passwords. Wait {_wait_words(e.retry_after)} and try again.")
            return render_template("password.html", form=form, prefs=_prefs_form()), 429, {"Retry-After": str(e.retry_after)}
        except accounts.AccountError as e:
            s.commit()      # the failed check is recorded, so it counts
            form.form_errors.append(str(e))
        else:
            s.commit()
            sign_in_session(user)     # this browser keeps going with the new token; others end
            flash("Your password is changed, and every other session is signed out.")
            return redirect(url_for("queue.index"))
    return render_template("password.html", form=form, prefs=_prefs_form()), (400 if form.errors or form.form_errors else 200)


def _prefs_form() -> PreferencesForm:
    form = PreferencesForm(prefix="pref", formdata=None)
    form.auto_advance.data = current_user().auto_advance
    return form


@bp.post("/account/preferences")
def preferences():
    form = PreferencesForm(prefix="pref")
    s = db_session()
    accounts.set_preferences(s, current_user(), auto_advance=bool(form.auto_advance.data))
    s.commit()
    flash("Your preferences are saved.")
    return redirect(url_for("auth.password"))

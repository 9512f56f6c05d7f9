"""Sign in, sign out, change one's password and one's preferences (open the next letter after
a decision)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from inbox.desk import accounts
from inbox.web.context import client_address, current_user, db_session, safe_next, settings, sign_in_session
from inbox.web.forms import PasswordForm, PreferencesForm, SignInForm

bp = Blueprint("auth", __name__)


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    if current_user() is not None and request.method == "GET":
        return redirect(safe_next(request.args.get("next"), url_for("queue.index")))
    form = SignInForm()
    status = 200
    if form.validate_on_submit():
        s = db_session()
        result = accounts.authenticate(s, form.email.data, form.password.data,
                                       client=client_address(), settings=settings())
        s.commit()      # the attempt is recorded whatever the outcome
        if result.throttled:
            status = 429
            form.form_errors.append("Too many failed sign-ins. Wait a few minutes and try again.")
        elif result.user is None:
            status = 401
            form.form_errors.append("That email and password do not match an active account.")
        else:
            sign_in_session(result.user)
            return redirect(safe_next(request.args.get("next"), url_for("queue.index")))
    elif request.method == "POST":
        status = 400
    return render_template("signin.html", form=form), status


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
            accounts.change_password(s, user, form.current.data, form.new.data)
        except accounts.AccountError as e:
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

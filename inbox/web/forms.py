"""Every form in the app, as WTForms classes (Flask-WTF adds the CSRF token to each)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, EmailField, HiddenField, IntegerField, PasswordField, SelectField,
                     StringField, SubmitField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import HiddenInput
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, Optional

from inbox.desk.accounts import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

ROLES = [SelectChoice("editor", "Editor"), SelectChoice("admin", "Admin")]


class Form(FlaskForm):
    """Our forms' base. CSRFProtect checks the token of every POST before any view runs, so
    the forms do not check it a second time; templates render one ``csrf_token()`` input."""

    class Meta:
        csrf = False


class SignInForm(Form):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)])
    submit = SubmitField("Sign in")


class SignOutForm(Form):
    submit = SubmitField("Sign out")


class PasswordForm(Form):
    current = PasswordField("Current password", validators=[DataRequired()])
    new = PasswordField("New password", validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)])
    confirm = PasswordField("New password again", validators=[EqualTo("new", "The two passwords differ.")])
    submit = SubmitField("Change password")


class VersionedForm(Form):
    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    next = HiddenField()


class ActionForm(VersionedForm):
    """Shortlist / Restore: just the version the editor saw."""


class RejectForm(VersionedForm):
    reason = StringField("Reason (optional)", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Reject")


class PublicationForm(VersionedForm):
    headline = StringField("Headline", validators=[Optional(), Length(max=300)])
    publication_text = TextAreaField("Publication text", validators=[Length(max=100_000)])
    signoff_name = StringField("Sign-off name", validators=[Optional(), Length(max=300)])
    signoff_location = StringField("Town", validators=[Optional(), Length(max=300)])
    submit = SubmitField("Save publication version")


class ArticleForm(VersionedForm):
    # A slug or "unassigned", from the picker's buttons (never a list of every article); the
    # service refuses a slug that names no article.
    article = StringField("Article", validators=[DataRequired(), Length(max=300)])
    submit = SubmitField("Link")


class NoteForm(Form):
    body = TextAreaField("Note for editors", validators=[DataRequired(), Length(max=10_000)])
    submit = SubmitField("Add note")


class MoveForm(Form):
    direction = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class BulkForm(Form):
    """Bulk actions: the checked rows arrive as ``letter`` values "<id>:<version>"."""
    action = HiddenField()
    reason = StringField("Reason (optional)", validators=[Optional(), Length(max=2000)])
    next = HiddenField()
    scope = HiddenField()        # "matching": every letter of the queue, not just the ticked rows
    confirmed = HiddenField()    # the count the editor confirmed, for more than a page of letters


class ReasonForm(Form):
    label = StringField("Reason", validators=[DataRequired(), Length(max=200)])
    submit = SubmitField("Add reason")


class SavedSearchForm(Form):
    name = StringField("Name", validators=[DataRequired(), Length(max=100)])
    submit = SubmitField("Save this search")


class UndoForm(Form):
    token = HiddenField(validators=[DataRequired()])
    next = HiddenField()


class PreferencesForm(Form):
    auto_advance = BooleanField("After Shortlist or Reject, open the next letter")
    submit = SubmitField("Save")


class UserAddForm(Form):
    email = EmailField("Email", validators=[DataRequired(), Length(max=320)])
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    role = SelectField("Role", choices=ROLES)
    password = PasswordField("Password", validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)])
    submit = SubmitField("Add account")


class UserEditForm(Form):
    role = SelectField("Role", choices=ROLES)
    active = BooleanField("Active")
    submit = SubmitField("Save")


class ResetPasswordForm(Form):
    password = PasswordField("New password", validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)])
    submit = SubmitField("Reset password")


class ArticleEditForm(Form):
    """The Articles page: add one, or edit one (issue 15)."""
    title = StringField("Headline", validators=[DataRequired(), Length(max=500)])
    url = StringField("URL", validators=[DataRequired(), Length(max=1000)])
    slug = StringField("Slug (optional)", validators=[Optional(), Length(max=180)])
    published = DateField("Published", validators=[Optional()])
    body = TextAreaField("Text (optional, helps linking)", validators=[Optional(), Length(max=1_000_000)])
    submit = SubmitField("Save article")


class TokenAddForm(Form):
    """Admin: a bearer token for the CMS API (issue 15)."""
    name = StringField("Name", validators=[DataRequired(), Length(max=100)])
    scope = SelectField("Scope", choices=[SelectChoice("read", "Read"), SelectChoice("write", "Write")])
    submit = SubmitField("Make token")

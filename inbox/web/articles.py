"""The Articles page: every article with its letter count; admins add, edit, retire and restore,
editors see the list (the linking choices in the letter view come from it)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from inbox.desk import articles as service
from inbox.models import Article, Role
from inbox.web.context import current_user, db_session
from inbox.web.forms import ArticleEditForm, Form

bp = Blueprint("articles", __name__, url_prefix="/articles")


def _admin_only() -> None:
    if current_user().role is not Role.ADMIN:
        abort(403, "Only admins change articles.")


def _article(article_id: int) -> Article:
    article = db_session().get(Article, article_id)
    if article is None:
        abort(404, "There is no such article.")
    return article


def _render_list(form=None, status=200):
    s = db_session()
    counts = service.letter_counts(s)
    return render_template("articles.html", articles=service.list_articles(s), counts=counts,
                           form=form or ArticleEditForm(prefix="add", formdata=None),
                           can_edit=current_user().role is Role.ADMIN), status


@bp.get("")
def index():
    return _render_list()


@bp.post("")
def add():
    _admin_only()
    form = ArticleEditForm(prefix="add")
    if not form.validate():
        return _render_list(form, 400)
    s = db_session()
    try:
        article, outcome = service.save_article(
            s, url=form.url.data, title=form.title.data, slug=form.slug.data or None,
            published_on=form.published.data, body=form.body.data or None, source="editor", actor=current_user())
    except service.ArticleError as e:
        s.rollback()
        form.form_errors.append(str(e))
        return _render_list(form, 400)
    s.commit()
    flash(f"Article {article.slug} {outcome}.")
    return redirect(url_for("articles.index"))


@bp.get("/<int:article_id>")
def edit(article_id: int):
    _admin_only()
    a = _article(article_id)
    form = ArticleEditForm(prefix="edit", formdata=None, title=a.title, url=a.url, slug=a.slug,
                           published=a.published_on, body=a.body)
    return render_template("article_edit.html", article=a, form=form)


@bp.post("/<int:article_id>")
def save(article_id: int):
    _admin_only()
    a = _article(article_id)
    form = ArticleEditForm(prefix="edit")
    s = db_session()
    if form.validate():
        try:
            service.edit_article(s, a, title=form.title.data, url=form.url.data, slug=form.slug.data or "",
                                 published_on=form.published.data, body=form.body.data or "", actor=current_user())
        except service.ArticleError as e:
            s.rollback()
            form.form_errors.append(str(e))
        else:
            s.commit()
            flash(f"Article {a.slug} saved.")
            return redirect(url_for("articles.index"))
    return render_template("article_edit.html", article=_article(article_id), form=form), 400


@bp.post("/<int:article_id>/retire")
def retire(article_id: int):
    return _set_retired(article_id, True)


@bp.post("/<int:article_id>/restore")
def restore(article_id: int):
    return _set_retired(article_id, False)


def _set_retired(article_id: int, retired: bool):
    _admin_only()
    Form()      # CSRFProtect has checked the token already; nothing else to read
    a = _article(article_id)
    service.set_retired(db_session(), a, retired, actor=current_user())
    db_session().commit()
    flash(f"Article {a.slug} {'retired: new letters are no longer linked to it' if retired else 'restored'}.")
    return redirect(url_for("articles.index"))

"""The ``editions`` blueprint: the Editions page (list, create) and the planner of one edition
(add, remove, order by keyboard or drag and drop, lead, group headlines, budget, publish). Its
Export control is the ``export`` blueprint's, with ``edition=ID``.

Thin: forms in, ``inbox.desk.editions`` does the work, ``inbox.desk.planning`` says what the page
looks like. Every change is a CSRF-protected POST that redirects back (so the planner works
without script); the drag and drop of ``static/editions.js`` posts the same forms with fetch and
gets JSON. Its context processor gives the queue and the letter view their small "Add to
edition" controls without touching those views.
"""
from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select

from inbox.desk import editions as service
from inbox.desk.balance import STANCE_KEYS, stance_labels
from inbox.desk.moderation import InvalidChange, NotFound
from inbox.desk.ordering import editor_order_by
from inbox.desk.planning import edition_summary, plan_edition
from inbox.desk.reading import publication_words
from inbox.export.formats import REGISTRY
from inbox.models import Article, EditionLetter, Kind, Letter, Status
from inbox.web.context import current_user, db_session, safe_next, settings

bp = Blueprint("editions", __name__, url_prefix="/editions")
SHORTLIST_SHOWN = 50      # shortlisted letters offered beside the plan (the oldest decisions first)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _planner(edition_id: int) -> str:
    return url_for("editions.plan", edition_id=edition_id)


def _done(edition_id: int, message: str | None = None, *, anchor: str = ""):
    if _wants_json():
        summary = edition_summary(service.get_edition(db_session(), edition_id))
        return jsonify(ok=True, words=summary["words"], budget=summary["budget"], letters=summary["letters"])
    if message:
        flash(message)
    return redirect(safe_next(request.form.get("next"), _planner(edition_id)) + anchor)


def _refused(edition_id: int | None, error: Exception):
    db_session().rollback()
    message = str(error) if isinstance(error, InvalidChange) else f"There is no such letter or edition ({error})."
    if _wants_json():
        return jsonify(ok=False, error=message), 400
    flash(message, "error")
    back = _planner(edition_id) if edition_id else url_for("editions.index")
    return redirect(safe_next(request.form.get("next"), back))


def _int(value: str | None) -> int | None:
    try:
        return int((value or "").partition(":")[0])
    except ValueError:
        return None


@bp.app_context_processor
def edition_controls():
    """For the queue's bulk bar and the letter view's partial: the draft editions to add to, and
    which edition a letter is in. Functions, so only pages that use them run the queries."""
    def draft_editions():
        return service.draft_editions(db_session())

    def edition_of(letter_id: int):
        return service.edition_of(db_session(), letter_id)

    def stance_labels_of(letter):
        return stance_labels(letter.article)

    def recent_editions():
        return service.recent_editions(db_session())
    return {"draft_editions": draft_editions, "edition_of": edition_of, "stance_labels_of": stance_labels_of,
            "recent_editions": recent_editions}


@bp.get("")
def index():
    s = db_session()
    return render_template("editions.html", editions=[edition_summary(e) for e in service.list_editions(s)],
                           today=date.today(), default_budget=settings().edition_budget)


@bp.post("")
def create():
    form = request.form
    try:
        day = date.fromisoformat(form.get("date", ""))
        budget = int(form.get("budget") or settings().edition_budget)
    except ValueError:
        flash("Give the date as YYYY-MM-DD and the budget as a number of words.", "error")
        return redirect(url_for("editions.index"))
    s = db_session()
    try:
        edition = service.create(s, day=day, title=form.get("title", ""), budget=budget, actor=current_user())
    except InvalidChange as e:
        return _refused(None, e)
    s.commit()
    flash(f"Edition created: {edition.title}.")
    return redirect(_planner(edition.id))


def _shortlist(s) -> list:
    """Shortlisted letters on no page yet, in the editors' order: the order from the index
    (``ix_letters_order``), then only those letters' shown columns, as rows (no ORM objects:
    the side list only shows them), each with its ``words``."""
    ids = list(s.scalars(select(Letter.id).where(
        Letter.kind == Kind.LETTER, Letter.status == Status.SHORTLISTED,
        Letter.id.not_in(select(EditionLetter.letter_id))).order_by(*editor_order_by()).limit(SHORTLIST_SHOWN)))
    if not ids:
        return []
    rows = {r.id: r for r in s.execute(
        select(Letter.id, Letter.headline, Letter.subject, Letter.author_name, Letter.needs_review, Letter.text,
               Letter.publication_text, Article.title.label("article_title"))
        .outerjoin(Article, Article.id == Letter.article_id).where(Letter.id.in_(ids)))}
    return [SimpleNamespace(**rows[i]._asdict(), words=publication_words(rows[i])) for i in ids]


@bp.get("/<int:edition_id>")
def plan(edition_id: int):
    s = db_session()
    try:
        planned = plan_edition(s, edition_id, word_limit=settings().house_word_limit)
    except NotFound:
        return render_template("error.html", code=404, title="Not found", message="There is no such edition."), 404
    shortlist = _shortlist(s) if planned.edition.status.value == "draft" else []
    return render_template("edition.html", plan=planned, shortlist=shortlist,
                           formats=list(REGISTRY.values()), keys=STANCE_KEYS)


@bp.post("/<int:edition_id>/update")
def update(edition_id: int):
    form = request.form
    s = db_session()
    try:
        budget = int(form["budget"]) if form.get("budget") else None
        day = date.fromisoformat(form["date"]) if form.get("date") else None
        service.update(s, edition_id, title=form.get("title"), budget=budget, day=day, actor=current_user())
    except ValueError as e:
        return _refused(edition_id, e if isinstance(e, InvalidChange) else InvalidChange(
            "Give the date as YYYY-MM-DD and the budget as a number of words."))
    except NotFound as e:
        return _refused(edition_id, e)
    s.commit()
    return _done(edition_id, "Edition saved.")


def _letter_ids() -> list[int]:
    ids = [_int(v) for v in request.form.getlist("letter")[:1000]]
    return [i for i in ids if i is not None]


@bp.post("/<int:edition_id>/add")
def add(edition_id: int):
    return _add(edition_id)


@bp.post("/add")
def add_from_queue():
    """The queue's bulk action and the letter view's control: the edition comes with the form."""
    edition_id = _int(request.form.get("edition"))
    if edition_id is None:
        flash("Choose an edition to add the letters to.", "error")
        return redirect(safe_next(request.form.get("next"), url_for("editions.index")))
    return _add(edition_id)


def _add(edition_id: int):
    ids = _letter_ids()
    if not ids:
        return _refused(edition_id, InvalidChange("No letters were selected."))
    s = db_session()
    try:
        added = service.add(s, edition_id, ids, actor=current_user())
    except (InvalidChange, NotFound) as e:
        return _refused(edition_id, e)
    s.commit()
    return _done(edition_id, f"Added {len(added)} letter{'s' if len(added) != 1 else ''} to the edition.")


def _change(edition_id: int, work, message: str | None = None, anchor: str = ""):
    s = db_session()
    try:
        work(s)
    except (InvalidChange, NotFound) as e:
        return _refused(edition_id, e)
    s.commit()
    return _done(edition_id, message, anchor=anchor)


@bp.post("/<int:edition_id>/letters/<int:letter_id>/remove")
def remove(edition_id: int, letter_id: int):
    return _change(edition_id, lambda s: service.remove(s, edition_id, letter_id, actor=current_user()),
                   f"Letter {letter_id} removed from the edition.")


@bp.post("/<int:edition_id>/letters/<int:letter_id>/move")
def move(edition_id: int, letter_id: int):
    direction = request.form.get("direction", "")
    return _change(edition_id, lambda s: service.move(s, edition_id, letter_id, direction, actor=current_user()),
                   anchor=f"#entry-{letter_id}")


@bp.post("/<int:edition_id>/order")
def order(edition_id: int):
    ids = [int(v) for v in request.form.get("order", "").split(",") if v.strip().isdigit()]
    return _change(edition_id, lambda s: service.reorder(s, edition_id, ids, actor=current_user()))


@bp.post("/<int:edition_id>/lead")
def lead(edition_id: int):
    letter_id = _int(request.form.get("letter"))
    return _change(edition_id, lambda s: service.set_lead(s, edition_id, letter_id, actor=current_user()),
                   "Lead letter set." if letter_id else "No lead letter.",
                   anchor=f"#entry-{letter_id}" if letter_id else "")


@bp.post("/<int:edition_id>/headline")
def headline(edition_id: int):
    key = _int(request.form.get("article_key")) or 0
    return _change(edition_id, lambda s: service.set_headline(s, edition_id, key, request.form.get("headline"),
                                                              actor=current_user()), "Headline saved.")


@bp.post("/<int:edition_id>/publish")
def publish(edition_id: int):
    return _change(edition_id, lambda s: service.publish(s, edition_id, actor=current_user()),
                   "Edition published: it and its letters are marked Published.")

"""The queue: tabs with live counts, filters, search, keyset pages, bulk actions (the ticked rows
or every letter matching), undo, saved searches, and the small JSON endpoints the page polls."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for

from inbox.desk.articles import UNASSIGNED, article_by_slug, find_articles
from inbox.desk import audit, moderation, queue, reject_reasons, saved_searches
from inbox.desk import bulk as bulk_actions
from inbox.enums import FLAGS
from inbox.web.context import current_user, db_session, safe_next
from inbox.web.forms import BulkForm, MoveForm, SavedSearchForm, UndoForm

bp = Blueprint("queue", __name__)


def filter_from_args(args=None) -> queue.QueueFilter:
    """The queue's state from a query string (the queue page's own, or a letter page's)."""
    args = request.args if args is None else args
    tab = args.get("tab", "new")
    default_sort = "order" if tab == "shortlisted" else "newest"
    return queue.QueueFilter(tab=tab, article=args.get("article") or None, q=args.get("q", "")[:200],
                             sort=args.get("sort", default_sort), after=args.get("after") or None,
                             flag=args.get("flag") or None)


@bp.get("/")
def index():
    s = db_session()
    f = filter_from_args()
    # The article filter's search box (``find``): one match filters by it at once (a plain GET,
    # no script), several are listed as links; ``article`` stays the filter's one parameter.
    find = request.args.get("find", "").strip()[:300]
    found = find_articles(s, find) if find else []
    if len(found) == 1:
        return redirect(url_for("queue.index", **{**f.query_args(), "article": found[0].slug, "after": None, "flag": f.flag}))
    page = queue.fetch_page(s, f)
    return render_template(
        "queue.html", f=f, page=page, reasons=reject_reasons.list_reasons(s), counts=queue.tab_counts(s, article=f.article),
        span=queue.page_span(s, f, page), ctx=f.query_args(),
        saved=saved_searches.list_with_counts(s, current_user()),
        tabs=queue.TABS, labels=queue.TAB_LABELS, flags=FLAGS, find=find, found=found,
        article=article_by_slug(s, f.article) if f.article and f.article != UNASSIGNED else None,
        newest_id=queue.newest_id(s), first_line=queue.first_line, bulk_form=BulkForm(),
        move_form=MoveForm(), here=request.full_path.rstrip("?"))


@bp.get("/queue/counts.json")
def counts():
    s = db_session()
    try:
        since = int(request.args.get("since", "0"))
    except ValueError:
        since = 0
    return jsonify(counts=queue.tab_counts(s), newest_id=queue.newest_id(s),
                   new=queue.arrived_since(s, since) if since else 0)


@bp.get("/queue/live.json")
def live():
    """What an open queue needs every few seconds: the counts, how many letters arrived after
    ``since``, and which of its rows (``ids``) have left the queue since it was loaded."""
    s = db_session()
    f = filter_from_args()
    since = request.args.get("since", "0")
    since = int(since) if since.isdigit() else 0
    ids = [int(i) for i in request.args.get("ids", "").split(",")[:500] if i.isdigit()]
    kept = queue.still_in(s, f, ids)
    saved = {str(ss.id): n for ss, n in saved_searches.list_with_counts(s, current_user())}
    return jsonify(counts=queue.tab_counts(s, article=f.article), newest_id=queue.newest_id(s),
                   new=queue.arrived_since(s, since) if since else 0, gone=[i for i in ids if i not in kept],
                   saved=saved)


@bp.post("/queue/saved")
def save_search():
    form = SavedSearchForm()
    f = filter_from_args(request.form)
    back = url_for("queue.index", **f.query_args(page=False))
    if not form.validate():
        flash("Give the search a name.", "error")
        return redirect(back)
    s = db_session()
    try:
        saved = saved_searches.save(s, current_user(), form.name.data, f)
    except saved_searches.SavedSearchError as e:
        s.rollback()
        flash(str(e), "error")
        return redirect(back)
    s.commit()
    flash(f"Saved as “{saved.name}”.")
    return redirect(back)


@bp.post("/queue/saved/<int:saved_id>/remove")
def remove_search(saved_id: int):
    s = db_session()
    try:
        saved_searches.remove(s, current_user(), saved_id)
    except saved_searches.SavedSearchError:
        abort(404, "There is no such saved search.")
    s.commit()
    flash("Saved search removed.")
    return redirect(safe_next(request.form.get("next"), url_for("queue.index")))


def _items(values: list[str]) -> list[tuple[int, int | None]]:
    items = []
    for value in values[:1000]:
        ident, _, version = value.partition(":")
        try:
            items.append((int(ident), int(version) if version else None))
        except ValueError:
            continue
    return items


VERBS = {"shortlist": "Shortlisted", "reject": "Rejected", "restore": "Restored"}


def with_undo_token(s, do):
    """Run ``do()`` (one decision or a bulk action); return its result and its Undo token: the
    range of the audit events it wrote as this editor."""
    first = audit.last_id(s) + 1
    result = do()
    last = audit.last_id(s)
    return result, (f"{first}-{last}" if last >= first else None)


def flash_undo(text: str, token: str | None, back: str, *, letter_href: str | None = None) -> None:
    """A notice with an Undo button (``u``); ``back`` is where the editor lands after undoing;
    ``letter_href`` links the letter decided (to edit one just shortlisted, say)."""
    if token:
        flash({"text": text, "token": token, "back": back, "href": letter_href}, "undo")
    else:
        flash(text)


def _plural(n: int) -> str:
    return f"{n:,} letter{'s' if n != 1 else ''}"


@bp.post("/queue/bulk")
def bulk():
    form = BulkForm()
    back = safe_next(form.next.data, url_for("queue.index"))
    canned = request.form.get("canned")
    action = "reject" if canned else form.action.data     # a canned-reason button rejects
    if not form.validate() or action not in moderation.ACTIONS:
        flash("Choose Shortlist, Reject or Restore.", "error")
        return redirect(back)
    s = db_session()
    reason = reject_reasons.compose(canned, form.reason.data)
    matching = form.scope.data == "matching"
    f = filter_from_args(request.form)
    items = [] if matching else _items(request.form.getlist("letter"))
    count = queue.matching_count(s, f) if matching else len(items)
    if not count:
        flash("No letters were selected.", "error")
        return redirect(back)
    if count > queue.PER_PAGE and form.confirmed.data != str(count):
        # More than a page of letters: say how many, and ask.
        return render_template("confirm.html", form=form, f=f, count=count, items=request.form.getlist("letter"),
                               matching=matching, verb=action.capitalize(), back=back)
    try:
        if matching:
            do = lambda: bulk_actions.bulk_matching(s, action, f, user=current_user(), reason=reason, expected=count)
        else:
            do = lambda: moderation.bulk(s, action, items, user=current_user(), reason=reason)
        result, token = with_undo_token(s, do)
    except moderation.Conflict as e:
        s.rollback()
        flash(str(e), "error")
        return redirect(back)
    s.commit()
    if result.done:
        flash_undo(f"{VERBS[action]} {_plural(len(result.done))}.", token, back)
    if result.conflicts:
        flash(f"{len(result.conflicts)} letter(s) were changed by someone else meanwhile and were left "
              f"alone: {', '.join(map(str, result.conflicts))}. Reload and check them.", "error")
    return redirect(back)


@bp.post("/undo")
def undo():
    form = UndoForm()
    back = safe_next(form.next.data, url_for("queue.index"))
    first, _, last = (form.token.data or "").partition("-")
    if not (first.isdigit() and last.isdigit()):
        flash("Nothing to undo.", "error")
        return redirect(back)
    s = db_session()
    result = bulk_actions.undo(s, int(first), int(last), user=current_user())
    s.commit()
    if result.done:
        flash(f"Undone: {_plural(len(result.done))} back as they were.")
    if result.conflicts:
        flash(f"{_plural(len(result.conflicts))} changed since (by you or a colleague) and "
              f"were left as they are: {', '.join(map(str, result.conflicts))}.", "error")
    if not result.done and not result.conflicts:
        flash("Nothing to undo.", "error")
    return redirect(back)


@bp.post("/letters/<int:letter_id>/move")
def move(letter_id: int):
    form = MoveForm()
    back = safe_next(form.next.data, url_for("queue.index", tab="shortlisted"))
    if not form.validate():
        flash("Could not move that letter.", "error")
        return redirect(back)
    s = db_session()
    try:
        moderation.move(s, letter_id, form.direction.data, user=current_user())
    except moderation.NotFound:
        return render_template("error.html", code=404, title="Not found",
                               message="There is no such letter."), 404
    except (moderation.InvalidChange, moderation.Conflict) as e:
        s.rollback()
        flash(str(e), "error")
        return redirect(back)
    s.commit()
    return redirect(back)

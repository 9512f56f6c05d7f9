"""The queue: tabs with live counts, filters, search, keyset pages, bulk actions, and the small
JSON endpoint the page polls to announce new letters."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from inbox.desk.articles import list_articles
from inbox.desk import moderation, queue
from inbox.enums import FLAGS
from inbox.web.context import current_user, db_session, safe_next
from inbox.web.forms import BulkForm, MoveForm

bp = Blueprint("queue", __name__)


def _filter_from_args() -> queue.QueueFilter:
    args = request.args
    tab = args.get("tab", "new")
    default_sort = "order" if tab == "shortlisted" else "newest"
    return queue.QueueFilter(tab=tab, article=args.get("article") or None, q=args.get("q", "")[:200],
                             sort=args.get("sort", default_sort), after=args.get("after") or None,
                             flag=args.get("flag") or None)


@bp.get("/")
def index():
    s = db_session()
    f = _filter_from_args()
    page = queue.fetch_page(s, f)
    return render_template(
        "queue.html", f=f, page=page, counts=queue.tab_counts(s, article=f.article),
        tabs=queue.TABS, labels=queue.TAB_LABELS, flags=FLAGS, articles=list_articles(s),
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


def _items(values: list[str]) -> list[tuple[int, int | None]]:
    items = []
    for value in values[:1000]:
        ident, _, version = value.partition(":")
        try:
            items.append((int(ident), int(version) if version else None))
        except ValueError:
            continue
    return items


@bp.post("/queue/bulk")
def bulk():
    form = BulkForm()
    back = safe_next(form.next.data, url_for("queue.index"))
    if not form.validate() or form.action.data not in moderation.ACTIONS:
        flash("Choose Shortlist, Reject or Restore.", "error")
        return redirect(back)
    items = _items(request.form.getlist("letter"))
    if not items:
        flash("No letters were selected.", "error")
        return redirect(back)
    s = db_session()
    result = moderation.bulk(s, form.action.data, items, user=current_user(), reason=form.reason.data)
    s.commit()
    verb = {"shortlist": "Shortlisted", "reject": "Rejected", "restore": "Restored"}[form.action.data]
    if result.done:
        flash(f"{verb} {len(result.done)} letter{'s' if len(result.done) != 1 else ''}.")
    if result.conflicts:
        flash(f"{len(result.conflicts)} letter(s) were changed by someone else meanwhile and were left "
              f"alone: {', '.join(map(str, result.conflicts))}. Reload and check them.", "error")
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

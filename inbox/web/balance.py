"""The ``balance`` blueprint: tagging a letter's stance (from the letter view's form, or from the
queue by keyboard through ``static/editions.js``, which wants JSON), and the Balance panel of an
article: received, shortlisted and printed by stance, first-time writers against regulars,
letters per day as a server-drawn SVG, and the article's stance labels."""
from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for

from inbox.desk import moderation
from inbox.desk.articles import FIND_LIMIT, UNASSIGNED, article_by_slug, find_articles
from inbox.desk.balance import STANCE_KEYS, article_balance, chart_bars, set_labels, stance_labels
from inbox.models import Stance
from inbox.web.context import current_user, db_session, safe_next

bp = Blueprint("balance", __name__)
NEWEST_PICKS = 10     # the picker before any search: the newest pieces, never the whole list


def _json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.post("/letters/<int:letter_id>/stance")
def stance(letter_id: int):
    s = db_session()
    version = request.form.get("version")
    back = safe_next(request.form.get("next"), url_for("letters.view", letter_id=letter_id))
    try:
        letter = moderation.set_stance(s, letter_id, request.form.get("stance"), user=current_user(),
                                       version=int(version) if version and version.isdigit() else None)
    except (moderation.InvalidChange, moderation.Conflict, moderation.NotFound) as e:
        s.rollback()
        message = str(e) if not isinstance(e, moderation.NotFound) else "There is no such letter."
        if _json():
            return jsonify(ok=False, error=message), 409 if isinstance(e, moderation.Conflict) else 400
        flash(message, "error")
        return redirect(back)
    s.commit()
    value = letter.stance.value if letter.stance else moderation.NO_STANCE
    if _json():
        return jsonify(ok=True, stance=value, label=stance_labels(letter.article)[value], version=letter.version)
    flash(f"Stance: {stance_labels(letter.article)[value]}.")
    return redirect(back)


@bp.get("/balance")
def overview():
    slug = request.args.get("slug")
    if not slug:
        newest = find_articles(db_session(), "", limit=1)
        slug = newest[0].slug if newest else UNASSIGNED
    return redirect(url_for("balance.article", slug=slug))


@bp.get("/balance/<slug>")
def article(slug: str):
    s = db_session()
    found = None if slug == UNASSIGNED else article_by_slug(s, slug)
    if found is None and slug != UNASSIGNED:
        return render_template("error.html", code=404, title="Not found", message="There is no such article."), 404
    # The picker: a plain GET search by headline, slug or URL (no script needed); one match
    # opens its Balance at once, several are listed as links.
    find = request.args.get("find", "").strip()[:300]
    picks = find_articles(s, find, limit=FIND_LIMIT if find else NEWEST_PICKS)
    if find and len(picks) == 1:
        return redirect(url_for("balance.article", slug=picks[0].slug))
    balance = article_balance(s, found)
    return render_template("balance.html", article=found, slug=slug, balance=balance, keys=STANCE_KEYS,
                           chart=chart_bars(balance.per_day), find=find, picks=picks,
                           stances=[st.value for st in Stance])


@bp.post("/balance/<slug>/labels")
def labels(slug: str):
    s = db_session()
    found = article_by_slug(s, slug)
    if found is None:
        return render_template("error.html", code=404, title="Not found", message="There is no such article."), 404
    set_labels(s, found, {st.value: request.form.get(st.value, "") for st in Stance}, actor=current_user())
    s.commit()
    flash("Stance labels saved.")
    return redirect(url_for("balance.article", slug=slug))

"""The Campaigns view: clusters of near-identical letters from different writers, and the one
action that shortlists a representative and rejects the rest."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from inbox.desk import campaigns, moderation
from inbox.web.context import current_user, db_session

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")


@bp.get("/")
def index():
    return render_template("campaigns.html", rows=campaigns.list_campaigns(db_session()))


@bp.get("/<int:campaign_id>")
def view(campaign_id: int):
    try:
        cv = campaigns.campaign_view(db_session(), campaign_id)
    except campaigns.CampaignNotFound:
        abort(404, "There is no such campaign.")
    return render_template("campaign.html", cv=cv)


@bp.post("/<int:campaign_id>/keep-one")
def keep_one(campaign_id: int):
    back = url_for("campaigns.view", campaign_id=campaign_id)
    try:
        keep_id = int(request.form.get("keep", ""))
    except ValueError:
        flash("Choose the letter to shortlist.", "error")
        return redirect(back)
    s = db_session()
    try:
        result = campaigns.keep_one(s, campaign_id, keep_id, user=current_user())
    except (moderation.InvalidChange, moderation.Conflict) as e:
        s.rollback()
        flash(str(e), "error")
        return redirect(back)
    s.commit()
    flash(f"Shortlisted letter {result.kept}; rejected {len(result.rejected)} as campaign letters.")
    if result.conflicts:
        flash(f"Changed by someone else meanwhile and left alone: {', '.join(map(str, result.conflicts))}.", "error")
    return redirect(back)

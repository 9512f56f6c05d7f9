"""Presence on a letter page: the heartbeat the page sends every 15 s (who else has the letter
open, who is editing it, and the letter's version so the page can say it changed), and the
beacon it sends on leaving."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, request

from inbox.desk import audit, presence
from inbox.models import Letter
from inbox.web.context import current_user, db_session

bp = Blueprint("presence", __name__, url_prefix="/letters")


def viewers_json(viewers: list[presence.Viewer]) -> list[dict]:
    return [{"name": v.name, "editing": v.editing} for v in viewers]


@bp.post("/<int:letter_id>/presence.json")
def heartbeat(letter_id: int):
    s = db_session()
    letter = s.get(Letter, letter_id)
    if letter is None:
        abort(404)
    user = current_user()
    presence.heartbeat(s, letter_id, user, editing=request.form.get("editing") == "1")
    presence.sweep(s)
    s.commit()
    edit = audit.last_edit(s, letter_id)
    return jsonify(viewers=viewers_json(presence.viewers(s, letter_id, besides=user)), version=letter.version,
                   edited_by=(edit.user_email if edit else None), edited_at=(edit.at.isoformat() if edit else None),
                   interval=presence.HEARTBEAT_SECONDS)


@bp.post("/<int:letter_id>/presence/leave")
def leave(letter_id: int):
    s = db_session()
    presence.leave(s, letter_id, current_user())
    s.commit()
    return ("", 204)

"""The readers' page, opened by a signed link without an account: the one letter it names, and
**Approve**, **Suggest a change** or **Withdraw** (a withdrawal link offers only Withdraw).
CSRF-protected like every form here, rate-limited per client, and a used, expired or tampered
link says so instead of failing."""
from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import select

from inbox.desk.textdiff import word_diff
from inbox.enums import WITHDRAWN_REASON
from inbox.models import ConsentRequest, Letter
from inbox.readers import consent, links
from inbox.web.context import client_address, db_session, settings

bp = Blueprint("reader", __name__, url_prefix="/reader")

RATE_LIMIT, RATE_WINDOW = 30, 600.0       # requests per client per ten minutes


class _Window:
    """Requests per client in a sliding window, in this process (each web worker counts its own:
    enough to stop a script guessing at links, which the signature defeats anyway)."""

    def __init__(self):
        self.hits: dict[str, deque] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, client: str, limit: int, window: float) -> bool:
        now = time.monotonic()
        with self.lock:
            hits = self.hits[client]
            while hits and now - hits[0] > window:
                hits.popleft()
            if len(hits) >= limit:
                return False
            hits.append(now)
            return True


@bp.before_request
def rate_limit():
    window = current_app.extensions.setdefault("inbox.reader_window", _Window())
    if not window.allow(client_address(), current_app.config.get("READER_RATE_LIMIT", RATE_LIMIT), RATE_WINDOW):
        abort(429)


def _resolve(token: str):
    """(link, letter, consent request or None), or a rendered explanation to return."""
    try:
        link = links.read_token(settings(), token)
    except links.LinkError as e:
        return None, render_template("reader_link.html", problem=e.reason), 410 if e.reason == "expired" else 400
    s = db_session()
    letter = s.get(Letter, link.letter_id)
    if letter is None:
        return None, render_template("reader_link.html", problem="gone"), 410
    request_ = None
    if link.purpose == links.CONSENT:
        request_ = s.scalar(select(ConsentRequest).where(ConsentRequest.nonce == link.nonce))
        if request_ is None or request_.letter_id != letter.id:
            return None, render_template("reader_link.html", problem="invalid"), 400
    return (link, letter, request_), None, 200


def _render(letter: Letter, req, *, done: str | None = None, status: int = 200):
    version = req.version_text if req is not None else None
    return render_template(
        "reader_page.html", letter=letter, req=req, done=done,
        withdrawn=letter.reject_reason == WITHDRAWN_REASON, version=version,
        diff=word_diff(letter.text, version) if version is not None else None), status


@bp.get("/<token>")
def page(token: str):
    found, problem, status = _resolve(token)
    if found is None:
        return problem, status
    _, letter, req = found
    return _render(letter, req)


@bp.post("/<token>")
def answer(token: str):
    found, problem, status = _resolve(token)
    if found is None:
        return problem, status
    link, letter, req = found
    choice = request.form.get("choice", "")
    s = db_session()
    if letter.reject_reason == WITHDRAWN_REASON:
        return _render(letter, req, status=409)
    if req is None:                     # a withdrawal link: withdrawing is all it can do
        if choice != "withdraw":
            abort(400)
        consent.withdraw(s, letter, via="link")
    else:
        if req.state != consent.AWAITING:
            return _render(letter, req, status=409)
        if choice == "suggest" and not request.form.get("suggestion", "").strip():
            return _render(letter, req, status=400)
        try:
            consent.answer(s, req, choice, via="link", suggestion=request.form.get("suggestion"))
        except consent.ConsentError:
            abort(400)
    s.commit()
    return _render(letter, req, done=choice)

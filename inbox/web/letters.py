"""The letter view and what editors do from it: decide, edit for publication, relink, notes.
Also the original message: its HTML in a sandboxed frame, its attachments and its raw bytes,
all as downloads or inert documents, never as active content on our origin."""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from inbox.desk.articles import FIND_LIMIT, find_articles
from inbox.desk import audit, moderation, presence, queue, reject_reasons
from inbox.desk.reading import original_segments
from inbox.models import Article, Attachment, Letter, Status
from inbox.desk.sanitize import TOO_COMPLEX_FLAG, FRAME_CSP, as_text_document, embed_inline_images, frame_document
from inbox.export.prepare import paragraphs, quotation
from inbox.text import word_count
from inbox.desk.textdiff import has_changes, same_words, word_diff
from inbox.web.downloads import download
from inbox.web.context import current_user, db_session, safe_next, settings
from inbox.web.queue import filter_from_args, flash_undo, with_undo_token
from inbox.web.forms import ActionForm, ArticleForm, NoteForm, PublicationForm, RejectForm

bp = Blueprint("letters", __name__, url_prefix="/letters")

# Served with their own type (as a download, with nosniff); everything else is octet-stream.
SAFE_DOWNLOAD_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp",
                       "text/plain", "text/csv", "application/msword", "application/rtf",
                       "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                       "application/vnd.oasis.opendocument.text"}


def _letter(letter_id: int) -> Letter:
    letter = db_session().get(Letter, letter_id)
    if letter is None:
        abort(404, "There is no such letter.")
    return letter


NEWEST_PICKS = 5     # shown before any search: readers answer recent pieces


def article_picker(s, letter: Letter) -> dict:
    """The letter view's article picker: the linking's suggestions, and the articles matching the
    editor's search (``?find=``: headline, slug or URL, newest first, 20 at most) or else the
    newest few. Each is one click to link; no page lists every article."""
    find = request.args.get("find", "").strip()[:300]
    slugs = [sgt.get("slug") for sgt in letter.link_suggestions or [] if isinstance(sgt, dict)]
    known = {a.slug: a for a in s.scalars(select(Article).where(Article.slug.in_(slugs)))} if slugs else {}
    suggestions = [(known[sgt["slug"]], sgt.get("score")) for sgt in letter.link_suggestions or []
                   if isinstance(sgt, dict) and sgt.get("slug") in known]
    return {"find": find, "suggestions": suggestions,
            "picks": find_articles(s, find, limit=FIND_LIMIT if find else NEWEST_PICKS)}


def queue_of(letter: Letter) -> queue.QueueFilter:
    """The queue the letter was opened from (carried in the query string), or else its own tab."""
    if "tab" in request.args:
        return filter_from_args()
    return queue.QueueFilter(tab=queue.AUTOMATED_TAB if letter.kind.value == "automated" else letter.status.value)


def render_letter(letter: Letter, *, status: int = 200, error: str | None = None, pub_form=None,
                  reject_form=None, conflict: dict | None = None):
    s = db_session()
    f = queue_of(letter)
    previous_id, next_id = queue.neighbours(s, f, letter)
    pub_form = pub_form or PublicationForm(prefix="pub", formdata=None, obj=letter)
    pub_text = letter.publication_text if letter.publication_text is not None else letter.text
    # Nothing to compute for a letter nobody has edited (most of them).
    diff = [] if same_words(letter.text, pub_text) else word_diff(letter.text, pub_text)
    inline = [a for a in letter.attachments if a.inline]
    return render_template(
        "letter.html", letter=letter, error=error, action_form=ActionForm(formdata=None),
        reject_form=reject_form or RejectForm(prefix="rej", formdata=None), pub_form=pub_form,
        picker=article_picker(s, letter), note_form=NoteForm(prefix="note", formdata=None),
        others=queue.other_letters(s, letter), history=audit.letter_history(s, letter.id),
        diff=diff, diff_changed=has_changes(diff), pub_words=word_count(pub_text),
        text_blocks=[(quotation(p) is not None, quotation(p) or p) for p in paragraphs(letter.text)],
        original_pieces=original_segments(letter.full_text or "", letter.removed),
        limit=settings().house_word_limit, Status=Status, has_inline=bool(inline),
        attachments=[a for a in letter.attachments if not a.inline],
        f=f, ctx=f.query_args(), previous_id=previous_id, next_id=next_id,
        back=url_for("queue.index", **f.query_args()) + f"#l{letter.id}",
        reasons=reject_reasons.list_reasons(s), conflict=conflict,
        viewers=presence.viewers(s, letter.id, besides=current_user()),
    ), status


@bp.get("/<int:letter_id>")
def view(letter_id: int):
    return render_letter(_letter(letter_id))


def _decide(letter_id: int, action: str):
    letter = _letter(letter_id)
    form = RejectForm(prefix="rej") if action == "reject" else ActionForm()
    f = queue_of(letter)
    here = url_for("letters.view", letter_id=letter_id, **f.query_args())
    if not form.validate():
        flash("That request was incomplete; nothing changed.", "error")
        return redirect(here)
    s = db_session()
    user = current_user()
    # Where the queue goes on from this letter, found before the decision moves it out.
    _, next_id = queue.neighbours(s, f, letter)
    extra = {"reason": reject_reasons.compose(request.form.get("canned"), form.reason.data)} if action == "reject" else {}
    try:
        _, token = with_undo_token(s, lambda: moderation.ACTIONS[action](
            s, letter_id, user=user, version=form.version.data, **extra))
    except moderation.Conflict as e:
        s.rollback()
        return render_letter(_letter(letter_id), status=409, error=str(e))
    s.commit()
    verb = {"shortlist": "Shortlisted", "reject": "Rejected", "restore": "Restored to New"}[action]
    flash_undo(f"{verb}: letter {letter.id}, “{letter.subject or '(no subject)'}”.", token, here,
               letter_href=url_for("letters.view", letter_id=letter_id))
    if form.next.data:
        return redirect(safe_next(form.next.data, here))
    if action != "restore" and user.auto_advance:
        if next_id:
            return redirect(url_for("letters.view", letter_id=next_id, **f.query_args()))
        flash("That was the last letter of this queue.")
        return redirect(url_for("queue.index", **f.query_args(page=False)))
    return redirect(here)


@bp.post("/<int:letter_id>/shortlist")
def shortlist(letter_id: int):
    return _decide(letter_id, "shortlist")


@bp.post("/<int:letter_id>/reject")
def reject(letter_id: int):
    return _decide(letter_id, "reject")


@bp.post("/<int:letter_id>/restore")
def restore(letter_id: int):
    return _decide(letter_id, "restore")


@bp.post("/<int:letter_id>/publication")
def publication(letter_id: int):
    letter = _letter(letter_id)
    form = PublicationForm(prefix="pub")
    if not form.validate():
        return render_letter(letter, status=400, error="Please correct the publication version.", pub_form=form)
    s = db_session()
    try:
        moderation.edit_publication(
            s, letter_id, user=current_user(), version=form.version.data, headline=form.headline.data,
            publication_text=form.publication_text.data or "", signoff_name=form.signoff_name.data,
            signoff_location=form.signoff_location.data)
    except moderation.Conflict:
        s.rollback()
        return _publication_conflict(_letter(letter_id), form)
    except moderation.InvalidChange as e:
        s.rollback()
        return render_letter(_letter(letter_id), status=400, error=str(e))
    s.commit()
    flash("Publication version saved.")
    return redirect(url_for("letters.view", letter_id=letter_id, **queue_of(letter).query_args()) + "#publication")


def _publication_conflict(letter: Letter, form: PublicationForm):
    """A colleague saved the publication version since this editor loaded it: show theirs beside
    this editor's (kept in the form, unsaved) with who and when, and how the two differ. The form
    now carries the version shown, so saving again is a choice made having seen theirs."""
    s = db_session()
    edit = audit.last_edit(s, letter.id)
    mine = (form.publication_text.data or "").replace("\r\n", "\n").strip()
    theirs = letter.publication_text or ""
    conflict = {"by": (edit.user.name or edit.user.email) if edit and edit.user else (edit.user_email if edit else None),
                "at": edit.at if edit else None, "theirs": letter, "diff": word_diff(theirs, mine)}
    form.version.data = letter.version
    return render_letter(letter, status=409, pub_form=form, conflict=conflict,
                         error=f"{conflict['by'] or 'Someone'} saved this publication version while you were "
                               "editing it. Nothing of yours was saved: compare the two below, merge into yours, "
                               "and save again.")


@bp.post("/<int:letter_id>/put-back")
def put_back(letter_id: int):
    """One click: a part the parser removed goes back into the publication text (audited)."""
    form = ActionForm()
    index = request.form.get("part", "")
    if not form.validate() or not index.isdigit():
        return render_letter(_letter(letter_id), status=400, error="That part could not be put back.")
    s = db_session()
    try:
        moderation.put_back(s, letter_id, int(index), user=current_user(), version=form.version.data)
    except moderation.Conflict as e:
        s.rollback()
        return render_letter(_letter(letter_id), status=409, error=str(e))
    except moderation.InvalidChange as e:
        s.rollback()
        return render_letter(_letter(letter_id), status=400, error=str(e))
    s.commit()
    flash("Put back into the publication text.")
    return redirect(url_for("letters.view", letter_id=letter_id) + "#publication")


@bp.post("/<int:letter_id>/article")
def article(letter_id: int):
    letter = _letter(letter_id)
    s = db_session()
    form = ArticleForm(prefix="link")
    if not form.validate():
        return render_letter(letter, status=400, error="Choose an article from the list.")
    try:
        moderation.relink(s, letter_id, user=current_user(), version=form.version.data,
                          article_slug=form.article.data)
    except moderation.Conflict as e:
        s.rollback()
        return render_letter(_letter(letter_id), status=409, error=str(e))
    except moderation.InvalidChange:
        s.rollback()
        return render_letter(_letter(letter_id), status=400, error="Choose an article from the list.")
    s.commit()
    flash("Article link saved.")
    return redirect(url_for("letters.view", letter_id=letter_id, **queue_of(letter).query_args()))


@bp.post("/<int:letter_id>/notes")
def notes(letter_id: int):
    letter = _letter(letter_id)
    form = NoteForm(prefix="note")
    if not form.validate():
        return render_letter(letter, status=400, error="A note cannot be empty.")
    s = db_session()
    moderation.add_note(s, letter_id, user=current_user(), body=form.body.data)
    s.commit()
    return redirect(url_for("letters.view", letter_id=letter_id, **queue_of(letter).query_args()) + "#notes")


@bp.get("/<int:letter_id>/original.html")
def original_html(letter_id: int):
    """The reader's HTML as the pipeline sanitised it, as its own document for
    ``<iframe sandbox="">``; never sanitised here (see :mod:`inbox.desk.sanitize`)."""
    letter = _letter(letter_id)
    stored = letter.html_sanitised
    if stored is None or TOO_COMPLEX_FLAG in (letter.flags or []):
        body = as_text_document(letter.full_text, pending=stored is None)
    else:
        images = {a.content_id: (a.content_type, a.content) for a in letter.attachments
                  if a.inline and a.content_id and a.content}
        body = frame_document(embed_inline_images(stored, images))
    response = Response(body, mimetype="text/html")
    response.headers["Content-Security-Policy"] = FRAME_CSP
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.get("/<int:letter_id>/raw.eml")
def raw(letter_id: int):
    letter = _letter(letter_id)
    name = f"letter-{letter.id}.eml"
    return download(letter.message.raw, name, "application/octet-stream", fallback=name)


@bp.get("/<int:letter_id>/attachments/<int:attachment_id>")
def attachment(letter_id: int, attachment_id: int):
    att = db_session().get(Attachment, attachment_id)
    if att is None or att.letter_id != letter_id:
        abort(404, "There is no such attachment.")
    if att.content is None:
        abort(404, "This attachment was over the size limit and was not kept; the raw message has it.")
    ctype = att.content_type.lower().split(";")[0].strip()
    safe = ctype if ctype in SAFE_DOWNLOAD_TYPES else "application/octet-stream"
    # The fallback keeps the extension when it is plain ASCII, so the file still opens with the right program.
    ext = (att.filename or "").rpartition(".")[2]
    fallback = f"attachment-{att.id}" + (f".{ext}" if att.filename and "." in att.filename
                                         and ext.isascii() and ext.isalnum() else "")
    return download(att.content, att.filename or fallback, safe, fallback=fallback)

"""The CMS API, ``/api/v1/``: articles in (list; create or update by URL), published letters out,
and the write-back that marks a letter published where it appeared. flask-smorest validates
requests against inbox/web/api_schemas.py and serves the OpenAPI document built from them at
``/api/v1/openapi.json``. Authentication is a bearer token (inbox/web/api_auth.py), never the
editors' session cookie, so the blueprint is exempt from cookie CSRF."""
from __future__ import annotations

from flask_smorest import Api, Blueprint, abort
from flask_smorest.error_handler import ErrorSchema

from inbox.desk import articles as article_service
from inbox.desk import published
from inbox.desk.moderation import InvalidChange, NotFound
from inbox.web.api_auth import REFUSALS, actor
from inbox.web.api_schemas import ArticleIn, ArticleOut, LetterOut, LetterQuery, PublishedIn
from inbox.web.context import db_session

bp = Blueprint("api", __name__, url_prefix="/api/v1", description="The Reaction letters inbox, for the CMS.")
API_CONFIG = {
    "API_TITLE": "Reaction letters inbox", "API_VERSION": "v1", "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1", "OPENAPI_JSON_PATH": "openapi.json",
    "API_SPEC_OPTIONS": {
        "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearer": []}],
    },
}


def init_api(app) -> Api:
    app.config.update({k: v for k, v in API_CONFIG.items() if k not in app.config})
    api = Api(app)
    api.register_blueprint(bp)
    return api


def _response_codes(*codes: int):
    """Document the refusals every route can answer, so the fuzzing checks them too."""
    def wrap(func):
        for code in codes:
            func = bp.alt_response(code, schema=ErrorSchema, description=REFUSALS.get(code, "error"))(func)
        return func
    return wrap


@bp.get("/articles")
@bp.response(200, ArticleOut(many=True))
@_response_codes(401, 403)
def list_articles():
    """Every article, newest first, with its letter count."""
    s = db_session()
    counts = article_service.letter_counts(s)
    return [article_service.article_dict(a, counts.get(a.id, 0)) for a in article_service.list_articles(s)]


@bp.post("/articles")
@bp.arguments(ArticleIn)
@bp.response(200, ArticleOut)
@bp.alt_response(201, schema=ArticleOut, description="created")
@_response_codes(401, 403, 409)
def save_article(data: dict):
    """Create the article at this URL, or update the one there (the moment the CMS publishes it)."""
    s = db_session()
    try:
        article, outcome = article_service.save_article(
            s, url=data["url"], title=data["title"], slug=data.get("slug"), published_on=data.get("published_at"),
            summary=data.get("summary"), body=data.get("body"), short_url=data.get("short_url"),
            source="api", actor=actor())
    except article_service.ArticleError as e:
        s.rollback()
        abort(409, message=str(e))
    counts = article_service.letter_counts(s)
    body = article_service.article_dict(article, counts.get(article.id, 0))
    s.commit()
    return body, 201 if outcome == "created" else 200


@bp.get("/letters")
@bp.arguments(LetterQuery, location="query")
@bp.response(200, LetterOut(many=True))
@_response_codes(401, 403)
def list_letters(query: dict):
    """Published letters, newest first: the publication version only, never contact details."""
    return published.published_letters(db_session(), article=query.get("article"), since=query.get("since"),
                                       limit=query["limit"])


# Ids beyond a 32-bit integer are no letter (and PostgreSQL refuses to compare them): 404.
@bp.post("/letters/<int(max=2147483647):letter_id>/published")
@bp.arguments(PublishedIn)
@bp.response(200, LetterOut)
@_response_codes(401, 403, 404, 409)
def mark_published(data: dict, letter_id: int):
    """The CMS printed this letter at ``url``: mark it Published there."""
    s = db_session()
    try:
        letter = published.mark_published(s, letter_id, url=data["url"], actor=actor())
    except NotFound:
        s.rollback()
        abort(404, message="There is no such letter.")
    except InvalidChange as e:
        s.rollback()
        abort(409, message=str(e))
    view = published.public_view(letter)
    s.commit()
    return view

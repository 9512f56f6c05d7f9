"""The CMS API's request and response shapes (marshmallow): flask-smorest validates requests
with them and generates the OpenAPI document from them."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

# Documented as a pattern as well, so a client (or the fuzzer) knows what a valid address is.
WEB_ADDRESS = {"format": "uri", "pattern": r"^https?://[a-z0-9](?:[a-z0-9-]{0,20}[a-z0-9])?(?:\.[a-z0-9]{2,10}){1,3}(?:/[a-z0-9._~/?=&%-]{0,200})?$"}
SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", error="lower-case words joined by dashes")


class Strict(Schema):
    class Meta:
        ordered = True


class ArticleOut(Strict):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True, allow_none=True)
    # Already an ISO date: the same dict as `inbox articles list` prints (article_dict).
    published_at = fields.String(required=True, allow_none=True, metadata={"format": "date"})
    letters = fields.Integer(required=True, metadata={"description": "letters linked to the article"})
    retired = fields.Boolean(required=True)


class ArticleIn(Strict):
    url = fields.Url(required=True, schemes={"http", "https"}, validate=validate.Length(max=1000),
                     metadata={**WEB_ADDRESS, "description": "canonical address; the article with this URL (in any form) is updated"})
    title = fields.String(required=True, validate=validate.Length(min=1, max=500))
    slug = fields.String(validate=[validate.Length(min=1, max=180), SLUG])
    published_at = fields.Date()
    summary = fields.String(validate=validate.Length(max=5000))
    body = fields.String(validate=validate.Length(max=1_000_000))
    short_url = fields.Url(schemes={"http", "https"}, validate=validate.Length(max=1000), metadata=WEB_ADDRESS)


class LetterQuery(Strict):
    article = fields.String(validate=[validate.Length(min=1, max=200), SLUG],
                            metadata={"description": "an article's slug, or 'unassigned'"})
    since = fields.Date(metadata={"description": "published on or after this day (UTC)"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=500))


class LetterOut(Strict):
    id = fields.Integer(required=True)
    article = fields.String(required=True, allow_none=True)
    article_title = fields.String(required=True, allow_none=True)
    headline = fields.String(required=True)
    text = fields.String(required=True)
    signoff_name = fields.String(required=True)
    signoff_town = fields.String(required=True)
    published_at = fields.DateTime(required=True, allow_none=True)
    published_url = fields.String(required=True, allow_none=True)


class PublishedIn(Strict):
    url = fields.Url(required=True, schemes={"http", "https"}, validate=validate.Length(max=1000),
                     metadata={**WEB_ADDRESS, "description": "where the letter appeared"})

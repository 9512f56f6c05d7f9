"""Signed, expiring links for readers (itsdangerous): the consent page and the withdrawal page.

A link names one letter and, for consent, the one request it answers (its nonce); it proves
nothing else, so the page it opens shows only that letter. Tampered links fail the signature;
old ones fail the age check; a used one finds its request answered.
"""
from __future__ import annotations

from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from inbox.config import Settings

SALT = "inbox.readers.link"
CONSENT, WITHDRAW = "consent", "withdraw"
WITHDRAW_LINK_DAYS = 180


class LinkError(Exception):
    def __init__(self, reason: str):
        self.reason = reason        # "expired" or "invalid"
        super().__init__(reason)


@dataclass(frozen=True)
class Link:
    letter_id: int
    purpose: str
    nonce: str | None


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key(), salt=SALT)


def make_token(settings: Settings, letter_id: int, purpose: str, nonce: str | None = None) -> str:
    return _serializer(settings).dumps({"l": letter_id, "p": purpose, "n": nonce})


def url(settings: Settings, token: str) -> str:
    return f"{settings.public_url}/reader/{token}"


def read_token(settings: Settings, token: str) -> Link:
    max_days = settings.consent_link_days
    try:
        data, _ = _serializer(settings).loads(token, max_age=max(WITHDRAW_LINK_DAYS, max_days) * 86400,
                                              return_timestamp=True)
        purpose = data["p"]
        if purpose == CONSENT:
            _serializer(settings).loads(token, max_age=max_days * 86400)
        if purpose not in (CONSENT, WITHDRAW) or not isinstance(data["l"], int):
            raise LinkError("invalid")
        return Link(data["l"], purpose, data.get("n"))
    except SignatureExpired:
        raise LinkError("expired") from None
    except (BadSignature, KeyError, TypeError):
        raise LinkError("invalid") from None

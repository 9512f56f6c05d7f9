"""Settings, read from ``INBOX_*`` environment variables in this one place.

Every other module receives a :class:`Settings` (or the values it needs) as an argument; nothing
reaches into the environment on its own.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Mapping
from urllib.parse import urlsplit, urlunsplit

DEFAULT_ADDRESS = "letters@reaction.life"
# Other publications' letters desks: a letter also sent to one of these is not exclusive to us.
OTHER_PUBLICATIONS = (
    "letters@thetimes.co.uk", "letters@telegraph.co.uk", "letters@theguardian.com", "letters@ft.com",
    "letters@economist.com", "letters@spectator.co.uk", "letters@newstatesman.co.uk",
    "letters@independent.co.uk", "letters@observer.co.uk", "letters@nytimes.com",
    "letters@washpost.com", "letters@dailymail.co.uk", "letters@thesundaytimes.co.uk",
)
MiB = 1024 * 1024


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _priority(raw: str) -> str:
    value = raw.strip().lower() or "idle"
    if value in {"idle", "normal"} or (value.isdigit() and 1 <= int(value) <= 19):
        return value
    raise ValueError(f"INBOX_WORKER_PRIORITY must be idle, normal or a nice increment 1-19, not {raw!r}")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {raw!r}") from None


def _count(env: Mapping[str, str], name: str) -> int:
    value = _int(env, name, 0)
    if value < 0:
        raise ValueError(f"{name} must be 0 or more, not {value}")
    return value
def _list(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """A comma-separated, lower-cased list; unset means the default, an empty value means none."""
    if name not in env:
        return default
    return tuple(item.strip().lower() for item in env[name].split(",") if item.strip())


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("instance")
    database_url: str | None = None
    letters_addresses: tuple[str, ...] = (DEFAULT_ADDRESS,)
    max_message_bytes: int = 10 * MiB
    max_recipients: int = 20
    max_connections_per_client: int = 10
    command_call_limit: int = 200
    smtp_timeout: int = 300          # seconds an idle SMTP session may last (RFC 5321 4.5.3.2)
    house_word_limit: int = 300
    edition_budget: int = 1200       # words: a new edition's budget unless one is given
    secure_cookies: bool = False     # force Secure cookies and HSTS (they are on over HTTPS anyway)
    trusted_proxies: int = 0         # reverse proxies in front of the web app whose X-Forwarded-* count
    tls_cert: str | None = None
    tls_key: str | None = None
    # Failed password checks allowed within the window before delays start: per known device, and
    # from unknown devices per account and per client address (inbox/desk/accounts.py).
    login_attempts: int = 5
    login_window: int = 900          # seconds failures count for; also the longest delay
    attachment_max_bytes: int = 5 * MiB
    # The worker's CPU priority: "idle" (Linux SCHED_IDLE: only CPU nobody else wants), "normal",
    # or a nice increment 1-19. Under a flood, SMTP answers come first (see inbox/worker.py).
    worker_priority: str = "idle"
    # Mail to readers (issue 18): off unless a relay is set ("host:port").
    outbound_smtp: str | None = None
    outbound_starttls: bool = False
    outbound_user: str | None = None
    outbound_password: str | None = None
    from_address: str | None = None          # None: the first letters address
    public_url: str = "http://127.0.0.1:8000"   # where readers' signed links point
    ack_interval_hours: int = 24
    close_out_days: int = 0                  # 0: no close-out notice
    consent_link_days: int = 14
    require_consent: bool = False
    keep_published: bool = True
    retain_unpublished_days: int = 180
    retain_published_days: int = 365
    articles_feeds: tuple[str, ...] = ()      # feeds `inbox serve` polls for new articles
    articles_feed_interval: int = 900         # seconds between two polls of each feed
    # The letters desk at intake (issue 16): the house rules' settings.
    writer_interval_days: int = 30
    article_max_age_days: int = 14
    other_publications: tuple[str, ...] = OTHER_PUBLICATIONS
    many_recipients: int = 5         # To/Cc addresses besides ours that make a letter a round robin
    campaign_detection: bool = True
    phone_region: str = "GB"         # how a phone number without an international prefix is read
    require_verification: bool = False
    trusted_authserv_ids: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Settings":
        env = os.environ if env is None else env
        addresses = tuple(
            a.strip().lower() for a in env.get("INBOX_LETTERS_ADDRESS", DEFAULT_ADDRESS).split(",") if a.strip()
        ) or (DEFAULT_ADDRESS,)
        return cls(
            data_dir=Path(env.get("INBOX_DATA_DIR") or "instance"),
            database_url=env.get("INBOX_DATABASE_URL") or None,
            letters_addresses=addresses,
            max_message_bytes=_int(env, "INBOX_MAX_MESSAGE_BYTES", 10 * MiB),
            max_recipients=_int(env, "INBOX_MAX_RECIPIENTS", 20),
            max_connections_per_client=_int(env, "INBOX_MAX_CONNECTIONS_PER_CLIENT", 10),
            command_call_limit=_int(env, "INBOX_COMMAND_CALL_LIMIT", 200),
            smtp_timeout=_int(env, "INBOX_SMTP_TIMEOUT", 300),
            house_word_limit=_int(env, "INBOX_HOUSE_WORD_LIMIT", 300),
            edition_budget=_int(env, "INBOX_EDITION_BUDGET", 1200),
            secure_cookies=_bool(env.get("INBOX_SECURE_COOKIES")),
            trusted_proxies=_count(env, "INBOX_TRUSTED_PROXIES"),
            tls_cert=env.get("INBOX_TLS_CERT") or None,
            tls_key=env.get("INBOX_TLS_KEY") or None,
            login_attempts=_int(env, "INBOX_LOGIN_ATTEMPTS", 5),
            login_window=_int(env, "INBOX_LOGIN_WINDOW", 900),
            attachment_max_bytes=_int(env, "INBOX_ATTACHMENT_MAX_BYTES", 5 * MiB),
            worker_priority=_priority(env.get("INBOX_WORKER_PRIORITY", "")),
            outbound_smtp=env.get("INBOX_OUTBOUND_SMTP") or None,
            outbound_starttls=_bool(env.get("INBOX_OUTBOUND_STARTTLS")),
            outbound_user=env.get("INBOX_OUTBOUND_USER") or None,
            outbound_password=env.get("INBOX_OUTBOUND_PASSWORD") or None,
            from_address=(env.get("INBOX_FROM_ADDRESS") or "").strip() or None,
            public_url=(env.get("INBOX_PUBLIC_URL") or "http://127.0.0.1:8000").rstrip("/"),
            ack_interval_hours=_int(env, "INBOX_ACK_INTERVAL_HOURS", 24),
            close_out_days=_int(env, "INBOX_CLOSE_OUT_DAYS", 0),
            consent_link_days=_int(env, "INBOX_CONSENT_LINK_DAYS", 14),
            require_consent=_bool(env.get("INBOX_REQUIRE_CONSENT")),
            keep_published=_bool(env.get("INBOX_KEEP_PUBLISHED"), default=True),
            retain_unpublished_days=_int(env, "INBOX_RETAIN_UNPUBLISHED_DAYS", 180),
            retain_published_days=_int(env, "INBOX_RETAIN_PUBLISHED_DAYS", 365),
            articles_feeds=tuple(u.strip() for u in env.get("INBOX_ARTICLES_FEED", "").split(",") if u.strip()),
            articles_feed_interval=max(1, _int(env, "INBOX_ARTICLES_FEED_INTERVAL", 900)),
            writer_interval_days=_int(env, "INBOX_WRITER_INTERVAL_DAYS", 30),
            article_max_age_days=_int(env, "INBOX_ARTICLE_MAX_AGE_DAYS", 14),
            other_publications=_list(env, "INBOX_OTHER_PUBLICATIONS", OTHER_PUBLICATIONS),
            many_recipients=_int(env, "INBOX_MANY_RECIPIENTS", 5),
            campaign_detection=_bool(env.get("INBOX_CAMPAIGN_DETECTION"), True),
            phone_region=(env.get("INBOX_PHONE_REGION") or "GB").strip().upper(),
            require_verification=_bool(env.get("INBOX_REQUIRE_VERIFICATION")),
            trusted_authserv_ids=_list(env, "INBOX_TRUSTED_AUTHSERV_ID", ()),
        )

    def __post_init__(self):
        self.outbound_relay     # a malformed INBOX_OUTBOUND_SMTP fails at start, not in the worker

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @property
    def sender_address(self) -> str:
        return self.from_address or self.letters_addresses[0]

    @property
    def outbound_relay(self) -> tuple[str, int] | None:
        """``INBOX_OUTBOUND_SMTP`` as (host, port), or None when mail to readers is off."""
        if not self.outbound_smtp:
            return None
        host, _, port = self.outbound_smtp.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"INBOX_OUTBOUND_SMTP must be host:port, not {self.outbound_smtp!r}")
        return host.strip("[]"), int(port)

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'inbox.sqlite3').resolve()}"

    @property
    def database_label(self) -> str:
        """The database URL for a log line: any password in it masked."""
        url = self.sqlalchemy_url
        parts = urlsplit(url)
        if parts.password is None:
            return url
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))

    def secret_key(self) -> str:
        """The web app's signing key: generated once and persisted in the data folder."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        path = self.data_dir / "secret_key"
        if not path.exists():
            # Written whole under a temporary name, then linked into place: several processes
            # starting at once (gunicorn workers) all end up with the one key that won.
            tmp = path.with_name(f".secret_key.{os.getpid()}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
                fh.flush()
                os.fsync(fh.fileno())
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp)
        return path.read_text().strip()

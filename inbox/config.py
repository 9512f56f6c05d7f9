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

DEFAULT_ADDRESS = "letters@reaction.life"
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
    secure_cookies: bool = False
    tls_cert: str | None = None
    tls_key: str | None = None
    login_attempts: int = 5          # failed sign-ins allowed per window, per client and per account
    login_window: int = 900          # seconds
    attachment_max_bytes: int = 5 * MiB
    # The worker's CPU priority: "idle" (Linux SCHED_IDLE: only CPU nobody else wants), "normal",
    # or a nice increment 1-19. Under a flood, SMTP answers come first (see inbox/worker.py).
    worker_priority: str = "idle"

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
            tls_cert=env.get("INBOX_TLS_CERT") or None,
            tls_key=env.get("INBOX_TLS_KEY") or None,
            login_attempts=_int(env, "INBOX_LOGIN_ATTEMPTS", 5),
            login_window=_int(env, "INBOX_LOGIN_WINDOW", 900),
            attachment_max_bytes=_int(env, "INBOX_ATTACHMENT_MAX_BYTES", 5 * MiB),
            worker_priority=_priority(env.get("INBOX_WORKER_PRIORITY", "")),
        )

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'inbox.sqlite3').resolve()}"

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

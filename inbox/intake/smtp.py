"""The SMTP (or LMTP) transport: a thin aiosmtpd shell around :mod:`inbox.intake.store`.

``handle_RCPT`` accepts only our letters address(es), plus-addresses included, and refuses the
rest (we never relay). ``handle_DATA`` hands the raw bytes to the group-commit writer and answers
250 only once they are committed; anything unexpected answers 451 so that the sender's server
keeps the message and tries again. Parsing happens after the 250, in :mod:`inbox.pipeline`.
"""
from __future__ import annotations

import logging
import re
import ssl
from collections import Counter

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP, Envelope, Session

from inbox.config import Settings
from inbox.intake.store import GroupCommitWriter, IncomingMessage
from inbox.mail.addresses import is_ours
from inbox.text import clean_line

log = logging.getLogger(__name__)

OK_250 = "250 2.0.0 OK: letter received, thank you"
OK_RCPT = "250 2.1.5 OK"
ERR_421_CONNECTIONS = "421 4.7.0 Too many connections from your address, try again later"
ERR_451 = "451 4.3.0 Temporary problem storing your message, please try again later"
ERR_452_RECIPIENTS = "452 4.5.3 Too many recipients"
ERR_550_NO_RELAY = "550 5.7.1 This server only accepts mail for the letters address; relaying denied"
ERR_553_ADDRESS = "553 5.1.3 Invalid recipient address"


# A plain ``<local@domain>`` path (dot-atom local part, hostname domain), the blanks after it
# (which aiosmtpd's parser drops too) and the rest, unless the rest could open a comment.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9-]+"
_PLAIN_PATH = re.compile(
    rf"[ \t]*<({_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})*)>[ \t]*((?![(\s]).*)?", re.DOTALL)


class LettersHandler:
    def __init__(self, settings: Settings, writer: GroupCommitWriter):
        self.settings = settings
        self.writer = writer

    async def handle_RCPT(self, server, session: Session, envelope: Envelope, address: str, rcpt_options):
        if not is_ours(address, self.settings.letters_addresses):
            return ERR_550_NO_RELAY
        if len(envelope.rcpt_tos) >= self.settings.max_recipients:
            return ERR_452_RECIPIENTS
        envelope.rcpt_tos.append(address)
        return OK_RCPT

    async def handle_DATA(self, server, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or b""
        incoming = IncomingMessage(
            raw=raw, mail_from=clean_line(envelope.mail_from or "")[:1000],
            rcpt_tos=tuple(clean_line(r)[:320] for r in envelope.rcpt_tos),
            peer=clean_line(str(session.peer[0]) if session.peer else "")[:100] or None,
            helo=clean_line(session.host_name)[:255] or None)
        try:
            stored = await self.writer.store(incoming)
        except Exception:
            log.exception("letter not stored; answered 451 so the sender retries (size=%d)", len(raw))
            return _reply(server, envelope, ERR_451)
        # One structured line per message, with no letter content in it.
        log.info("stored message=%d size=%d duplicate=%s peer=%s outcome=250",
                 stored.message_pk, len(raw), stored.duplicate, incoming.peer)
        return _reply(server, envelope, OK_250)


def _reply(server, envelope: Envelope, status: str) -> str:
    """LMTP answers DATA once per accepted recipient (RFC 2033 section 4.2), failures included:
    a single reply would leave the client waiting for the others. SMTP answers once."""
    if isinstance(server, LMTP):
        return "\r\n".join([status] * len(envelope.rcpt_tos))
    return status


class _Limits:
    """Connections per client address, shared by every session of one listener."""

    def __init__(self, per_client: int):
        self.per_client = per_client
        self.open: Counter[str] = Counter()


def _server_class(lmtp: bool) -> type[SMTP]:
    base = LMTP if lmtp else SMTP

    class LettersServer(base):  # type: ignore[misc, valid-type]
        limits: _Limits
        # RFC 5321 caps lines at 1,000 bytes, but real mail (HTML letters above all) breaks that
        # and Postfix accepts it; refusing would bounce a reader's letter. Whole messages are still
        # capped by SIZE, and commands by aiosmtpd's own command size limit.
        line_length_limit = 1024 * 1024
        _counted_peer: str | None = None

        def _getaddr(self, arg: str):
            # aiosmtpd parses every MAIL FROM and RCPT TO path with the email package's full
            # RFC 5322 parser (and defines a typing.Protocol class per call): a third of the
            # event loop's time per letter. A plain path has one reading, taken here directly
            # (the same result, tests/test_smtp_paths.py); anything else goes to aiosmtpd.
            match = _PLAIN_PATH.fullmatch(arg)
            if match is None:
                return super()._getaddr(arg)
            address = match.group(1)
            if self.local_part_limit and len(address.rpartition("@")[0]) > self.local_part_limit:
                return None, None
            return address, match.group(2) or ""

        def connection_made(self, transport) -> None:
            super().connection_made(transport)
            if self._original_transport is not None:   # STARTTLS re-entry, already counted
                return
            peer = transport.get_extra_info("peername")
            host = str(peer[0]) if peer else "?"
            if self.limits.open[host] >= self.limits.per_client:
                log.warning("refused a connection: too many from %s", clean_line(host))
                self._handler_coroutine.cancel()
                transport.write((ERR_421_CONNECTIONS + "\r\n").encode())
                transport.close()
                return
            self.limits.open[host] += 1
            self._counted_peer = host

        def connection_lost(self, error) -> None:
            if self._counted_peer is not None:
                self.limits.open[self._counted_peer] -= 1
                if self.limits.open[self._counted_peer] <= 0:
                    del self.limits.open[self._counted_peer]
                self._counted_peer = None
            super().connection_lost(error)

    return LettersServer


def tls_context(settings: Settings) -> ssl.SSLContext | None:
    if not (settings.tls_cert and settings.tls_key):
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(settings.tls_cert, settings.tls_key)
    return context


class LettersController(Controller):
    """An aiosmtpd controller (its own thread and event loop) serving :class:`LettersHandler`."""

    def __init__(self, settings: Settings, writer: GroupCommitWriter, *, host: str, port: int,
                 lmtp: bool = False):
        self._server_cls = _server_class(lmtp)
        self._limits = _Limits(settings.max_connections_per_client)
        super().__init__(
            LettersHandler(settings, writer), hostname=host, port=port,
            data_size_limit=settings.max_message_bytes, enable_SMTPUTF8=True,
            timeout=settings.smtp_timeout, command_call_limit=settings.command_call_limit,
            tls_context=tls_context(settings), server_hostname="letters.reaction.life",
            ident="Reaction letters inbox")

    def factory(self):
        server = self._server_cls(self.handler, **self.SMTP_kwargs)
        server.limits = self._limits
        return server

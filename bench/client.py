"""A lean asyncio SMTP client for load: C connections, each sending its share of the messages.

Written here (not smtplib in threads) so that the client's own cost stays small and equal for the
bare listener and ours."""
from __future__ import annotations

import asyncio
import time


# Off: each client connection sends its whole share of the messages (a relay draining a queue).
# On: a new connection (greeting, EHLO ... QUIT) for every message, as letters from many readers'
# servers arrive, and as Postfix's smtp-source measured the figures in ARCHITECTURE.md.
PER_MESSAGE = {"on": False}


class SMTPError(Exception):
    pass


async def _reply(reader: asyncio.StreamReader) -> int:
    while True:
        line = await reader.readline()
        if not line:
            raise SMTPError("connection closed")
        if line[3:4] != b"-":
            return int(line[:3])


def _dot_stuff(raw: bytes) -> bytes:
    data = raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if data.startswith(b"."):
        data = b"." + data
    data = data.replace(b"\r\n.", b"\r\n..")
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


async def _connection(host: str, port: int, messages: list[bytes], codes: list[int]) -> None:
    if PER_MESSAGE["on"] and len(messages) > 1:
        for raw in messages:     # one session per message, as each reader's server would open
            await _connection(host, port, [raw], codes)
        return
    reader, writer = await asyncio.open_connection(host, port, limit=2**20)
    try:
        await _reply(reader)
        writer.write(b"EHLO bench.example.org\r\n")
        await _reply(reader)
        for raw in messages:
            writer.write(b"MAIL FROM:<bench@example.org>\r\nRCPT TO:<letters@reaction.life>\r\nDATA\r\n")
            # Without PIPELINING advertised, read each reply in turn.
            for _ in range(3):
                code = await _reply(reader)
                if code >= 400:
                    break
            if code != 354:
                codes.append(code)
                writer.write(b"RSET\r\n")
                await _reply(reader)
                continue
            writer.write(_dot_stuff(raw))
            await writer.drain()
            codes.append(await _reply(reader))
        writer.write(b"QUIT\r\n")
        await writer.drain()
    finally:
        writer.close()


async def _send_all(host: str, port: int, messages: list[bytes], clients: int) -> list[int]:
    codes: list[int] = []
    shares = [messages[i::clients] for i in range(clients)]
    await asyncio.gather(*(_connection(host, port, share, codes) for share in shares if share))
    return codes


def send(host: str, port: int, messages: list[bytes], clients: int) -> tuple[float, list[int]]:
    """Send every message over ``clients`` concurrent connections; (seconds, reply codes)."""
    started = time.perf_counter()
    codes = asyncio.run(_send_all(host, port, messages, clients))
    return time.perf_counter() - started, codes

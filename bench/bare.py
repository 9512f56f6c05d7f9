"""The ceiling: a bare aiosmtpd listener that accepts every message and discards it.

Run as ``python -m bench.bare PORT``; same aiosmtpd SMTP class, size limit and timeout as ours."""
from __future__ import annotations

import signal
import sys
import threading

from aiosmtpd.controller import Controller


class Discard:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


def main() -> None:
    port = int(sys.argv[1])
    controller = Controller(Discard(), hostname="127.0.0.1", port=port,
                            data_size_limit=10 * 1024 * 1024, enable_SMTPUTF8=True)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()

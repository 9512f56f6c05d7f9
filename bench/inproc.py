"""The listener as it was before the separate worker (the processor as a thread in the
listener's process), for before/after figures: ``python -m bench.inproc PORT``."""
from __future__ import annotations

import sys

from inbox.cli.serve import wait_for_stop
from inbox.config import Settings
from inbox.bootstrap import open_database
from inbox.listener import Listener


def main() -> None:
    settings = Settings.from_env()
    listener = Listener(settings, open_database(settings), host="127.0.0.1", port=int(sys.argv[1]),
                        separate_worker=False).start()
    try:
        wait_for_stop()
    finally:
        listener.stop()


if __name__ == "__main__":
    main()

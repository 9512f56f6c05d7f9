"""The web app alone under waitress in one configuration, for comparing configurations on one
database: ``python -m bench.webonly PORT THREADS SWITCH_MS LANE`` (LANE 1: ``/healthz`` in its own
lane, :func:`inbox.cli.serve.health_lane_dispatcher`; SWITCH_MS 0: the interpreter's default)."""
from __future__ import annotations

import sys
import threading

from inbox.bootstrap import open_database
from inbox.cli.serve import wait_for_stop, web_server
from inbox.config import Settings
from inbox.web import create_app


def main() -> None:
    port, threads, switch_ms, lane = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4] == "1"
    if switch_ms:
        sys.setswitchinterval(switch_ms / 1000)
    settings = Settings.from_env()
    app = create_app(settings, db=open_database(settings, upgrade=False, seed=False))
    web = web_server(app, settings, host="127.0.0.1", port=port, threads=threads, health_lane=lane)
    threading.Thread(target=web.run, daemon=True).start()
    try:
        wait_for_stop()
    finally:
        web.close()


if __name__ == "__main__":
    main()

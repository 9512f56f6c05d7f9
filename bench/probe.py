"""Time ``/healthz`` from a process of its own (so the load generator's threads do not delay the
probe in its own interpreter): ``python -m bench.probe PORT SECONDS INTERVAL_MS`` prints the
times in ms as JSON. One keep-alive connection, a request every INTERVAL_MS, as a monitor."""
from __future__ import annotations

import http.client
import json
import sys
import time


def main() -> None:
    port, seconds, interval = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]) / 1000
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times, deadline = [], time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        conn.request("GET", "/healthz")
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"/healthz answered {response.status}")
        times.append((time.perf_counter() - started) * 1000)
        time.sleep(interval)
    conn.close()
    print(json.dumps(times))


if __name__ == "__main__":
    main()

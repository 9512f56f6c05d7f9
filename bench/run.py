"""The benchmark harness: ``python -m bench [--scale tiny|full] [--pg URL] [--only ingest,large,...]``.

Prints a table and writes ``bench/out/results.json``. Each ingest figure is a ratio to a bare
aiosmtpd listener measured in the same run, the two alternating round by round so that a noisy
machine affects both alike.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from bench import client, data
from bench.servers import Store, bare_listener, our_listener, rss_kib

SCALES = {
    "tiny": dict(letters=40, rounds=1, clients=(1, 4), large=200_000, growth_letters=100),
    "full": dict(letters=3000, rounds=3, clients=(1, 10, 50), large=10 * 1024 * 1024, growth_letters=20_000),
}
OUT = Path(__file__).resolve().parent / "out"


def _rate(seconds: float, codes: list[int], expected: int) -> float:
    ok = sum(1 for c in codes if c == 250)
    if ok != expected:
        raise RuntimeError(f"only {ok} of {expected} messages answered 250: {sorted(set(codes))}")
    return expected / seconds


def wait_processed(store: Store, expected: int, timeout: float = 600) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if store.counts()[1] >= expected:
            return time.perf_counter() - started
        time.sleep(0.05)
    raise RuntimeError("letters were not processed in time")


def bench_ingest(scale: dict, pg_url: str | None) -> list[dict]:
    rows = []
    for clients in scale["clients"]:
        bare_rates, our_rates, processed_rates = [], [], []
        for rnd in range(scale["rounds"]):
            msgs = [data.letter(i, seed=rnd * 100 + clients) for i in range(scale["letters"])]
            with bare_listener() as (port, _):
                bare_rates.append(_rate(*client.send("127.0.0.1", port, msgs, clients), len(msgs)))
            store = Store(pg_url)
            try:
                with our_listener(store) as (port, _):
                    seconds, codes = client.send("127.0.0.1", port, msgs, clients)
                    our_rates.append(_rate(seconds, codes, len(msgs)))
                    lag = wait_processed(store, len(msgs))
                    processed_rates.append(len(msgs) / (seconds + lag))
            finally:
                store.close()
        bare, ours = statistics.median(bare_rates), statistics.median(our_rates)
        rows.append(dict(name=f"ingest {clients} client(s)", bare_per_s=round(bare), ours_per_s=round(ours),
                         ratio=round(ours / bare, 2), processed_per_s=round(statistics.median(processed_rates))))
    return rows


def bench_large(scale: dict, pg_url: str | None) -> list[dict]:
    msg = [data.large_letter(scale["large"])]
    with bare_listener() as (port, _):
        bare, codes = client.send("127.0.0.1", port, msg, 1)
        _rate(bare, codes, 1)
    store = Store(pg_url)
    try:
        with our_listener(store) as (port, proc):
            ours, codes = client.send("127.0.0.1", port, msg, 1)
            _rate(ours, codes, 1)
            wait_processed(store, 1)
            peak = rss_kib(proc.pid, "VmHWM")
    finally:
        store.close()
    return [dict(name=f"large letter {len(msg[0]) // 1024} KiB", bare_s=round(bare, 3), ours_s=round(ours, 3),
                 ratio=round(ours / bare, 2), listener_peak_rss_mib=round(peak / 1024, 1))]


def bench_memory(scale: dict, pg_url: str | None) -> list[dict]:
    n = scale["growth_letters"]
    store = Store(pg_url)
    try:
        with our_listener(store) as (port, proc):
            warm = [data.letter(i, seed=999) for i in range(min(200, n))]
            client.send("127.0.0.1", port, warm, 10)
            wait_processed(store, len(warm))
            start = rss_kib(proc.pid)
            sent = len(warm)
            while sent < n:
                batch = [data.letter(i, seed=1000) for i in range(sent, min(n, sent + 2000))]
                client.send("127.0.0.1", port, batch, 10)
                sent += len(batch)
            wait_processed(store, n)
            end = rss_kib(proc.pid)
    finally:
        store.close()
    return [dict(name=f"listener RSS over {n} letters", start_mib=round(start / 1024, 1),
                 end_mib=round(end / 1024, 1))]


SECTIONS = {"ingest": bench_ingest, "large": bench_large, "memory": bench_memory}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=list(SCALES), default="full")
    parser.add_argument("--pg", metavar="URL", help="also run on PostgreSQL at this SQLAlchemy URL")
    parser.add_argument("--only", help="comma-separated sections: " + ",".join(SECTIONS))
    parser.add_argument("--output", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)
    scale = SCALES[args.scale]
    sections = args.only.split(",") if args.only else list(SECTIONS)
    results: dict = {"scale": args.scale, "sections": {}}
    backends = [("sqlite", None)] + ([("postgresql", args.pg)] if args.pg else [])
    for name in sections:
        for backend, url in backends:
            rows = SECTIONS[name](scale, url)
            results["sections"][f"{name} ({backend})"] = rows
            _print(f"{name} ({backend})", rows)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1))
    print(f"\nwritten to {args.output}")
    return results


def _print(title: str, rows: list[dict]) -> None:
    print(f"\n## {title}")
    for row in rows:
        print("  " + "  ".join(f"{k}={v}" for k, v in row.items()))


if __name__ == "__main__":
    main()

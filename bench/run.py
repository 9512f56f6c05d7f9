"""The benchmark harness: ``python -m bench [--scale tiny|full] [--pg URL] [--only ingest,large,...]``.

Sections: ingest, large, memory, pages (pages, query plans and ingest at each ``--sizes``),
export, cli (how long each ``inbox`` command takes to start), hostile (hostile HTML: sanitising,
processing, pages, /healthz under load), letterpage (the letter page for letters of each
``--words``), editions (the planner, Balance and a 50-letter edition's exports). Prints a table
and writes ``bench/out/results.json`` (after each section). Each ingest figure is a ratio to a bare
aiosmtpd listener measured in the same run, the two alternating round by round so that a noisy
machine affects both alike.
"""
from __future__ import annotations

import argparse
import json
import signal
import statistics
import sys
import time
from pathlib import Path

from bench import cli, client, data, editions, exports, gendb, hostile, letterpage, pages
from bench.servers import PROCESSOR, Store, bare_listener, children_kib, our_listener, rss_kib

SCALES = {
    "tiny": dict(letters=40, rounds=1, clients=(1, 4), large=200_000, growth_letters=100,
                 sizes=(300,), requests=20, growth_clients=(4,), export_letters=200, cli_runs=1,
                 hostile=dict(scale="tiny", clients=2, seconds=1, rounds=1, requests=2), letter_words=(1_000, 20_000),
                 edition_size=300),
    "full": dict(letters=3000, rounds=5, clients=(1, 10, 50), large=10_000_000, growth_letters=20_000,
                 sizes=(10_000, 100_000, 1_000_000), requests=200, growth_clients=(10, 50), export_letters=10_000,
                 cli_runs=20, hostile=dict(scale="full", clients=20, seconds=8, rounds=2, requests=10),
                 letter_words=(1_000, 7_685, 20_000), edition_size=100_000),
}
OUT = Path(__file__).resolve().parent / "out"


def _rate(seconds: float, codes: list[int], expected: int) -> float:
    ok = sum(1 for c in codes if c == 250)
    if ok != expected:
        raise RuntimeError(f"only {ok} of {expected} messages answered 250: {sorted(set(codes))}")
    return expected / seconds


def wait_processed(store: Store, expected: int, timeout: float = 900) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if store.counts()[1] >= expected:
            return time.perf_counter() - started
        time.sleep(0.05)
    raise RuntimeError("letters were not processed in time")


def ingest_row(name: str, scale: dict, clients: int, store_for_round, seed: int = 0) -> dict:
    """Bare listener and ours alternating, ``scale['rounds']`` times; medians and their ratio.
    ``store_for_round()`` yields (store, letters already in it, whether to close it after)."""
    bare_rates, our_rates, processed_rates = [], [], []
    for rnd in range(scale["rounds"]):
        msgs = [data.letter(i, seed=seed + rnd * 100 + clients) for i in range(scale["letters"])]
        with bare_listener() as (port, _):
            bare_rates.append(_rate(*client.send("127.0.0.1", port, msgs, clients), len(msgs)))
        store, before, owned = store_for_round()
        try:
            with our_listener(store) as (port, _):
                seconds, codes = client.send("127.0.0.1", port, msgs, clients)
                our_rates.append(_rate(seconds, codes, len(msgs)))
                lag = wait_processed(store, before + len(msgs))
                processed_rates.append(len(msgs) / (seconds + lag))
        finally:
            if owned:
                store.close()
    bare, ours = statistics.median(bare_rates), statistics.median(our_rates)
    row = dict(name=name, bare_per_s=round(bare), ours_per_s=round(ours), ratio=round(ours / bare, 2),
               processed_per_s=round(statistics.median(processed_rates)))
    target = INGEST_TARGETS.get(clients)
    if target:
        row[f"target_{target}"] = "met" if ours / bare >= target else "MISSED"
    return row


def bench_ingest(scale: dict, pg_url: str | None) -> list[dict]:
    return [ingest_row(f"ingest {clients} client(s)", scale, clients, lambda: (Store(pg_url), 0, True))
            for clients in scale["clients"]]


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
            worker_peak = children_kib(proc.pid, "VmHWM")
    finally:
        store.close()
    return [dict(name=f"large letter {len(msg[0]) // 1024} KiB", bare_s=round(bare, 3), ours_s=round(ours, 3),
                 ratio=round(ours / bare, 2), listener_peak_rss_mib=round(peak / 1024, 1),
                 worker_peak_rss_mib=round(worker_peak / 1024, 1))]


def bench_memory(scale: dict, pg_url: str | None) -> list[dict]:
    n = scale["growth_letters"]
    store = Store(pg_url)
    try:
        with our_listener(store) as (port, proc):
            warm = [data.letter(i, seed=999) for i in range(min(200, n))]
            client.send("127.0.0.1", port, warm, 10)
            wait_processed(store, len(warm))
            start, worker_start = rss_kib(proc.pid), children_kib(proc.pid)
            sent = len(warm)
            while sent < n:
                batch = [data.letter(i, seed=1000) for i in range(sent, min(n, sent + 2000))]
                client.send("127.0.0.1", port, batch, 10)
                sent += len(batch)
            wait_processed(store, n)
            end, worker_end = rss_kib(proc.pid), children_kib(proc.pid)
    finally:
        store.close()
    return [dict(name=f"listener RSS over {n} letters", start_mib=round(start / 1024, 1),
                 end_mib=round(end / 1024, 1), worker_start_mib=round(worker_start / 1024, 1),
                 worker_end_mib=round(worker_end / 1024, 1))]


def bench_pages(scale: dict, pg_url: str | None) -> list[dict]:
    """Pages (and, on the same database, ingest) at each size; the query plans at the largest."""
    rows = []
    for size in scale["sizes"]:
        store = Store(pg_url)
        try:
            built = gendb.build(store.url, size)
            rows.append(dict(name=f"build {size:,} letters", seconds=round(built.seconds, 1)))
            rows += pages.bench_pages_at(store, size, scale["requests"])
            if size == max(scale["sizes"]):
                plans = pages.query_plans(store)
                rows.append(dict(name=f"query plans @ {size:,}", whole_table_scans=pages.scans_whole_table(plans) or "none",
                                 plans=plans))
            for clients in scale["growth_clients"]:
                rows.append(ingest_row(f"ingest {clients} clients @ {size:,}", scale, clients,
                                       lambda: (store, store.counts()[1], False), seed=5000))
        finally:
            store.close()
    return rows


def bench_export(scale: dict, pg_url: str | None) -> list[dict]:
    return exports.bench_export(scale["export_letters"], pg_url)


def bench_cli(scale: dict, pg_url: str | None) -> list[dict]:
    return cli.bench_cli(scale["cli_runs"], pg_url)


def bench_hostile(scale: dict, pg_url: str | None) -> list[dict]:
    h = scale["hostile"]
    return hostile.bench_hostile(h["scale"], pg_url, clients=h["clients"], seconds=h["seconds"],
                                 rounds=h["rounds"], requests=h["requests"], configs=HOSTILE_CONFIGS or None)


def bench_letterpage(scale: dict, pg_url: str | None) -> list[dict]:
    return letterpage.bench_letterpage(scale["letter_words"], scale["requests"], pg_url)


def bench_editions(scale: dict, pg_url: str | None) -> list[dict]:
    return editions.bench_editions(scale["edition_size"], scale["requests"], pg_url)


SECTIONS = {"ingest": bench_ingest, "large": bench_large, "memory": bench_memory, "pages": bench_pages,
            "export": bench_export, "cli": bench_cli, "hostile": bench_hostile, "letterpage": bench_letterpage,
            "editions": bench_editions}
INGEST_TARGETS = {10: 0.6, 50: 0.7}
HOSTILE_CONFIGS: list[str] = []     # --hostile-configs: a subset of bench.hostile_load.CONFIGS


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=list(SCALES), default="full")
    parser.add_argument("--pg", metavar="URL", help="also run on PostgreSQL at this SQLAlchemy URL")
    parser.add_argument("--pg-only", action="store_true", help="with --pg: skip the SQLite runs")
    parser.add_argument("--only", help="comma-separated sections: " + ",".join(SECTIONS))
    parser.add_argument("--sizes", help="comma-separated database sizes for pages/growth, e.g. 10000,100000")
    parser.add_argument("--no-growth-ingest", action="store_true",
                        help="pages section: time the pages only, not ingest into the filled database")
    parser.add_argument("--processor", choices=["process", "thread"], default="process",
                        help="the listener's processor: a worker process (as shipped) or a thread (before)")
    parser.add_argument("--connection-per-message", action="store_true",
                        help="ingest: a new SMTP connection for every message (as smtp-source sends)")
    parser.add_argument("--words", help="letterpage: comma-separated letter lengths, e.g. 1000,20000")
    parser.add_argument("--hostile-configs", help="hostile: '|'-separated server configurations to compare "
                        "(names from bench/hostile_load.py; default: all)")
    parser.add_argument("--output", type=Path, default=OUT / "results.json")
    args = parser.parse_args(argv)
    # SIGTERM (e.g. from ``timeout``) unwinds like Ctrl-C, so every server and store is cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    scale = dict(SCALES[args.scale])
    if args.sizes:
        scale["sizes"] = tuple(int(n) for n in args.sizes.split(","))
    if args.words:
        scale["letter_words"] = tuple(int(n) for n in args.words.split(","))
    PROCESSOR["mode"] = args.processor
    HOSTILE_CONFIGS[:] = args.hostile_configs.split("|") if args.hostile_configs else []
    client.PER_MESSAGE["on"] = args.connection_per_message
    if args.no_growth_ingest:
        scale["growth_clients"] = ()
    sections = args.only.split(",") if args.only else list(SECTIONS)
    results: dict = {"scale": args.scale, "connection_per_message": args.connection_per_message, "sections": {}}
    backends = ([] if args.pg and args.pg_only else [("sqlite", None)]) + ([("postgresql", args.pg)] if args.pg else [])
    for name in sections:
        for backend, url in backends:
            rows = SECTIONS[name](scale, url)
            results["sections"][f"{name} ({backend})"] = rows
            _print(f"{name} ({backend})", rows)
            _write(args.output, results)     # after every section: a crash late keeps what ran
    print(f"\nwritten to {args.output}")
    return results


def _write(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False))


def _print(title: str, rows: list[dict]) -> None:
    print(f"\n## {title}", flush=True)
    for row in rows:
        plans = row.get("plans")
        print("  " + "  ".join(f"{k}={v}" for k, v in row.items() if k != "plans"))
        for name, lines in (plans or {}).items():
            print(f"    {name}:")
            for line in lines:
                print(f"      {line}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()

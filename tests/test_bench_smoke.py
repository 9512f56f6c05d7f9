"""The benchmark harness cannot rot: ``python -m bench --scale tiny`` runs every section on
SQLite, prints the table and writes JSON with the expected keys."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("ingest", "large", "memory", "pages", "export", "cli", "hostile", "letterpage", "editions")


def test_tiny_benchmark_prints_the_table_and_writes_json(tmp_path):
    out = tmp_path / "results.json"
    # Every section, editions included, on a machine that may be shared: a generous limit.
    run = subprocess.run([sys.executable, "-m", "bench", "--scale", "tiny", "--output", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=400)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    for section in SECTIONS:
        assert f"## {section} (sqlite)" in run.stdout
    results = json.loads(out.read_text())
    assert results["scale"] == "tiny"
    assert set(results["sections"]) == {f"{s} (sqlite)" for s in SECTIONS}
    ingest = results["sections"]["ingest (sqlite)"]
    assert all({"bare_per_s", "ours_per_s", "ratio", "processed_per_s"} <= set(r) for r in ingest)
    pages = {r["name"].split(" @ ")[0]: r for r in results["sections"]["pages (sqlite)"]}
    for page in ("healthz (baseline)", "queue first page", "queue deep page", "letter view", "counts.json"):
        assert {"p50_ms", "p95_ms"} <= set(pages[page]), page
    plans = next(r for r in results["sections"]["pages (sqlite)"] if r["name"].startswith("query plans"))
    assert {"queue", "search"} <= set(plans["plans"])
    hostile = {r["name"]: r for r in results["sections"]["hostile (sqlite)"]}
    assert {"work", "depth", "outcome"} <= set(hostile["sanitise div-stray-span 240 KB"])
    compared = [row for name, row in hostile.items() if name.startswith("hostile letters: ")]
    assert len(compared) >= 2 and all({"healthz_p95_ms", "pages_p95_ms", "pages_per_s"} <= set(r) for r in compared)
    export = {r["name"]: r for r in results["sections"]["export (sqlite)"]}
    assert {f"export {fmt}" for fmt in ("md", "txt", "html", "docx", "csv", "json")} <= set(export)
    starts = {r["name"]: r for r in results["sections"]["cli (sqlite)"]}
    assert {"median_s", "max_s", "target_0.5s"} <= set(starts["inbox letters --help"])
    assert starts["inbox letters (with its work)"]["median_s"] > 0
    planner = {r["name"].split(" @ ")[0]: r for r in results["sections"]["editions (sqlite)"]}
    assert {"p50_ms", "p95_ms", "inproc_cpu_p50_ms", "inproc_cpu_p95_ms"} <= set(planner["planner (50 letters)"])


def test_tiny_ingest_with_a_connection_per_message(tmp_path):
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, "-m", "bench", "--scale", "tiny", "--only", "ingest",
                          "--connection-per-message", "--output", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    results = json.loads(out.read_text())
    assert results["connection_per_message"] is True
    assert all(r["ours_per_s"] > 0 and r["bare_per_s"] > 0 for r in results["sections"]["ingest (sqlite)"])


def test_tiny_linking_benchmark_prints_accuracy_and_time():
    run = subprocess.run([sys.executable, "-m", "bench", "linking", "--articles", "300", "--letters", "60"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    row = next(line for line in run.stdout.splitlines() if line.startswith("| 300 | sqlite | 60 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert 0 <= float(cells[3]) <= 100 and float(cells[7]) > 0      # right %, link p95 ms


def test_tiny_outbox_benchmark_delivers_each_notice_once():
    run = subprocess.run([sys.executable, "-m", "bench", "outbox", "--notices", "20", "--workers", "2", "--letters", "10"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    assert "arrived_once=all" in run.stdout and "added_cpu_ms=" in run.stdout


def test_tiny_campaigns_benchmark_finds_its_campaigns_and_clocks_detection():
    run = subprocess.run([sys.executable, "-m", "bench", "campaigns", "--letters", "2000", "--throughput", "40",
                          "--pairs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    accuracy, processing = (dict(f.split("=", 1) for f in line.split("  ")[1:] if "=" in f)
                            for line in run.stdout.splitlines()[-2:])
    assert float(accuracy["precision"]) == 1.0 and float(accuracy["recall"]) >= 0.9
    assert float(processing["detection_cpu_ms"]) > 0 and "cpu_drop_pct" in processing


def test_the_port_suite_reader_takes_coffeescript_block_strings_and_literals():
    from bench.fidelity.ports import cases
    source = ('  it "x", ->\n    msgBody = """Test reply\n\n      On Mon, Ann wrote:\n\n      > Hi"""\n'
              '    expect(planer.extractFromPlain(msgBody)).to.equal(\'Test reply\')\n'
              '    reply = """A\n      B"""\n    expect(planer.extractFromPlain(reply)).to.equal(reply)\n')
    assert [(c["input"], c["exact"]) for c in cases(source)] == [
        ("Test reply\n\nOn Mon, Ann wrote:\n\n> Hi", "Test reply"), ("A\nB", "A\nB")]

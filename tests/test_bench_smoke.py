"""The benchmark harness cannot rot: ``python -m bench --scale tiny`` runs every section on
SQLite, prints the table and writes JSON with the expected keys."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("ingest", "large", "memory", "pages", "export", "editions")


def test_tiny_benchmark_prints_the_table_and_writes_json(tmp_path):
    out = tmp_path / "results.json"
    # Every section, editions included, on a machine that may be shared: a generous limit.
    run = subprocess.run([sys.executable, "-m", "bench", "--scale", "tiny", "--output", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
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
    export = {r["name"]: r for r in results["sections"]["export (sqlite)"]}
    assert {f"export {fmt}" for fmt in ("md", "txt", "html", "docx", "csv", "json")} <= set(export)
    planner = {r["name"].split(" @ ")[0]: r for r in results["sections"]["editions (sqlite)"]}
    assert {"p50_ms", "p95_ms"} <= set(planner["planner (50 letters)"])


def test_tiny_ingest_with_a_connection_per_message(tmp_path):
    out = tmp_path / "results.json"
    run = subprocess.run([sys.executable, "-m", "bench", "--scale", "tiny", "--only", "ingest",
                          "--connection-per-message", "--output", str(out)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    results = json.loads(out.read_text())
    assert results["connection_per_message"] is True
    assert all(r["ours_per_s"] > 0 and r["bare_per_s"] > 0 for r in results["sections"]["ingest (sqlite)"])

"""Export of N shortlisted letters in every format: the selection query once, then each format
through ``inbox.export.export_letters`` (in this process), and DOCX once more end to end through
``inbox export`` (a fresh process: start-up, query, render, atomic write)."""
from __future__ import annotations

import subprocess
import sys
import time

from bench import gendb
from bench.servers import Store

DOCX_TARGET_S = 5.0


def bench_export(size: int, pg_url: str | None) -> list[dict]:
    from inbox import export as exporting
    from inbox.db import make_engine, session_factory

    store = Store(pg_url)
    try:
        gendb.build(store.url, size, shortlisted_all=True, seed=7)
        engine = make_engine(store.url)
        rows = []
        with session_factory(engine)() as session:
            started = time.perf_counter()
            letters = exporting.select_for_export(session, status="shortlisted")
            select_s = time.perf_counter() - started
            rows.append(dict(name=f"select {len(letters):,} shortlisted", seconds=round(select_s, 2)))
            for fmt in exporting.FORMATS:
                started = time.perf_counter()
                out = exporting.export_letters(letters, fmt)
                seconds = time.perf_counter() - started
                row = dict(name=f"export {fmt}", seconds=round(seconds, 2), mib=round(len(out) / 2**20, 1))
                if fmt == "docx":
                    row["target_5s"] = "met" if seconds < DOCX_TARGET_S else "MISSED"
                rows.append(row)
        engine.dispose()
        out_file = store.dir / "letters.docx"
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "inbox", "export", "--format", "docx", "-o", str(out_file)],
                       env=store.env, check=True, timeout=600, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds = time.perf_counter() - started
        rows.append(dict(name="inbox export --format docx (CLI, end to end)", seconds=round(seconds, 2),
                         mib=round(out_file.stat().st_size / 2**20, 1),
                         target_5s="met" if seconds < DOCX_TARGET_S else "MISSED"))
        return rows
    finally:
        store.close()

"""Shared pieces for the parser's tests: where the mail corpus lives, and its files.

The corpus sits beside the repository (``../shared/corpus``); tests that need it are skipped
with a clear reason when it is absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus").resolve()
NO_CORPUS = f"the shared mail corpus is not at {CORPUS} (it sits beside the repository)"


def corpus_files(pattern: str = "*.eml") -> list[Path]:
    return sorted(CORPUS.rglob(pattern)) if CORPUS.is_dir() else []


def corpus_id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(reason=NO_CORPUS)
    return CORPUS

"""Benchmarks for the letters inbox (issue 6): ``python -m bench``. Never part of the test suite;
``tests/test_bench_smoke.py`` runs it on a tiny size so it cannot rot."""

"""Benchmark of violation cases: ``python -m benchmarks.cases`` (see __main__.py)."""

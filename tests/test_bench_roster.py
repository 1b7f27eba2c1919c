"""The roster benchmark runs end to end (tiny sizes: figures are not checked here)."""

from __future__ import annotations

import pytest

from benchmarks import roster as bench_roster


def test_the_benchmark_prints_the_database_stage_and_its_phases(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert bench_roster.main(["--rows", "200", "--scale", "small", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert out.count("DATABASE STAGE") == 3  # empty roster, the same file again, demo roster
    for phase in ("matching", "row writes", "search index", "audit", "commit", "plain sqlite3"):
        assert phase in out
    assert "first page, all queries" in out

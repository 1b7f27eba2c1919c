"""The case benchmark runs end to end (tiny sizes: figures are not checked here)."""

from __future__ import annotations

import pytest

from benchmarks.cases import bench


def test_the_benchmark_prints_list_and_open_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--cases", "60", "--evidence", "3", "--runs", "1"]) == 0
    out = capsys.readouterr().out
    assert "case list, 60 cases, first 50 rows" in out
    for label in ("no filter", "overdue", "Pilkada", "search 'kepala dinas'"):
        assert label in out
    assert "open a case with 3 evidence items" in out
    assert "thumbnails, warm" in out

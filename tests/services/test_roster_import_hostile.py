"""Files made to exhaust the reader end cleanly (issue 9, item 5): each is refused with an
Indonesian message before anything is laid out in memory, in a subprocess whose peak resident
memory stays under 300 MB; the command line exits 1 and writes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import hostile_sheets
from tests.services.hostile_sheets import HOSTILE

PEAK_MB = 300

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/status").exists(), reason="peak memory read from Linux's /proc"
)
SECONDS = 30  # a loaded 2-core machine; each takes well under a second alone

# The peak resident memory of the reading process itself: /proc's VmHWM belongs to the
# process's own memory map, made new by exec (getrusage's ru_maxrss would carry over the
# forking test process's size).
_READ = """
import json, sys, time
from netral_desktop.core.errors import SpreadsheetError
from netral_desktop.services.roster_import import read_table
started = time.perf_counter()
try:
    table = read_table(sys.argv[1])
    outcome = {"read": len(table.rows)}
except SpreadsheetError as exc:
    outcome = {"error": type(exc).__name__, "message": str(exc)}
outcome["seconds"] = time.perf_counter() - started
with open("/proc/self/status") as status:
    peak = next(line for line in status if line.startswith("VmHWM:"))
outcome["peak_mb"] = int(peak.split()[1]) / 1024
print(json.dumps(outcome))
"""


def read_in_subprocess(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(path)],
        capture_output=True,
        text=True,
        timeout=SECONDS * 4,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode == 0, done.stderr[-2000:]  # no traceback, no MemoryError
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_is_refused_within_bounded_memory_and_time(name: str, tmp_path: Path) -> None:
    path = HOSTILE[name](tmp_path / name)
    outcome = read_in_subprocess(path)
    assert "error" in outcome, outcome
    assert outcome["peak_mb"] <= PEAK_MB, outcome  # type: ignore[operator]
    assert outcome["seconds"] <= SECONDS, outcome  # type: ignore[operator]
    message = str(outcome["message"])
    assert "Tidak ada yang diimpor" in message and path.name in message


def test_the_issues_file_is_small_on_disk_and_says_what_to_do(tmp_path: Path) -> None:
    path = hostile_sheets.column_xfd(tmp_path / "xfd.xlsx")
    assert path.stat().st_size < 600_000  # the 494 KB file of the issue
    message = str(read_in_subprocess(path)["message"])
    assert "16.384 kolom" in message and "salin tabelnya saja ke berkas baru" in message


def test_a_huge_declared_dimension_alone_is_no_reason_to_refuse(tmp_path: Path) -> None:
    outcome = read_in_subprocess(hostile_sheets.declared_dimension(tmp_path / "dim.xlsx"))
    assert outcome.get("read") == 2, outcome
    assert outcome["peak_mb"] <= PEAK_MB  # type: ignore[operator]

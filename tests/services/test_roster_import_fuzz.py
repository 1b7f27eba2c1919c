"""Damaged spreadsheets (issue 9, item 5): whatever the bytes, reading ends in a table or in
a SpreadsheetError with an Indonesian message, never another exception or a crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netral_desktop.core.errors import SpreadsheetError
from netral_desktop.services import roster_import as ri
from tests.services.roster_layouts import LAYOUTS, write

SAMPLES: dict[str, bytes] = {}


def _sample(suffix: str, tmp: Path) -> bytes:
    if suffix not in SAMPLES:
        SAMPLES[suffix] = write(LAYOUTS["dua_tingkat"](), tmp / f"contoh.{suffix}").read_bytes()
    return SAMPLES[suffix]


def _read(path: Path) -> None:
    try:
        ri.read_table(path)
    except SpreadsheetError as exc:
        assert str(exc) and path.name in str(exc)


@pytest.mark.parametrize("suffix", ["xlsx", "xls", "ods"])
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_damaged_file_is_read_or_refused_cleanly(
    suffix: str, data: st.DataObject, tmp_path: Path
) -> None:
    original = bytearray(_sample(suffix, tmp_path))
    edits = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)),
            min_size=1,
            max_size=8,
        )
    )
    for position, value in edits:
        original[position] = value
    cut = data.draw(st.integers(len(original) // 2, len(original)))
    path = tmp_path / f"rusak.{suffix}"
    path.write_bytes(bytes(original[:cut]))
    _read(path)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(blob=st.binary(max_size=4096), suffix=st.sampled_from(["xlsx", "xls", "ods", "csv"]))
def test_any_bytes_under_any_name_are_read_or_refused_cleanly(
    blob: bytes, suffix: str, tmp_path: Path
) -> None:
    for head in (b"", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1")):
        path = tmp_path / f"acak.{suffix}"
        path.write_bytes(head + blob)
        _read(path)

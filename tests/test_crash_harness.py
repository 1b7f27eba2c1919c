"""The crash harness's own checks catch what they are there to catch (the harness itself runs
in .ci/run: ``python -m benchmarks.crash_harness --runs 20``)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from benchmarks import crash_harness as harness


def _database(path: Path, people: int) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE office (id TEXT)")
    conn.execute("CREATE TABLE person (id TEXT, padding TEXT)")
    conn.execute("INSERT INTO office VALUES ('o')")
    conn.executemany(
        "INSERT INTO person VALUES (?, ?)", [(str(n), "x" * 500) for n in range(people)]
    )
    conn.commit()
    conn.close()
    return path


def test_a_whole_backup_passes(tmp_path: Path) -> None:
    assert harness._check_backup_file(_database(tmp_path / "b.sqlite", 300), 300) is None


def test_a_truncated_backup_is_caught(tmp_path: Path) -> None:
    path = _database(tmp_path / "b.sqlite", 300)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert harness._check_backup_file(path, 300) is not None


def test_a_valid_but_partial_copy_is_caught(tmp_path: Path) -> None:
    # What a copy killed mid-way can come back as after its journal is rolled back.
    assert "incomplete" in (harness._check_backup_file(_database(tmp_path / "b", 12), 300) or "")


def test_an_empty_file_is_caught(tmp_path: Path) -> None:
    (tmp_path / "b.sqlite.age").write_bytes(b"")
    assert harness._check_backup_file(tmp_path / "b.sqlite.age", 300) == "empty file"


def test_a_cut_pdf_is_not_whole() -> None:
    pdf = b"%PDF-1.4\n" + b"0" * 4000 + b"\n%%EOF\n"
    assert harness._pdf_whole(pdf)
    assert not harness._pdf_whole(pdf[:2000])


def test_a_half_import_is_caught(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    conn = sqlite3.connect(home / "netral.sqlite")
    conn.execute("CREATE TABLE person (full_name TEXT)")
    conn.execute("CREATE TABLE audit_log (action TEXT, actor TEXT, new_values TEXT)")
    conn.executemany(
        "INSERT INTO person VALUES (?)", [(f"Pegawai Uji {n:04d}",) for n in range(10)]
    )
    conn.commit()
    conn.close()
    assert harness._check_import(home, tmp_path, {}) != []

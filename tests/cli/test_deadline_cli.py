"""``netral deadline RULESET STEP DATE``: the calculator people and tests use to check the rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from netral_desktop.config import HomeLayout
from netral_desktop.core.procedure import shipped_path
from tests.cli.conftest import Result


def test_pemilu_decision_over_nyepi(netral: Callable[..., Result]) -> None:
    result = netral("deadline", "pemilu", "decision", "2024-03-01")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Tenggat: Kamis, 14 Maret 2024"
    assert "7 hari kerja setelah Jumat, 1 Maret 2024" in result.out
    assert "Perbawaslu 7/2022 Pasal 26 ayat (1)" in result.out
    assert "cuti bersama" in result.out  # how the days were counted
    assert "Senin, 11 Maret 2024: Hari Suci Nyepi" in result.out
    assert "Selasa, 12 Maret 2024: Cuti Bersama" in result.out


def test_every_step_of_the_issue_for_both_rulesets(netral: Callable[..., Result]) -> None:
    expected = {
        ("pemilu", "report", "2023-12-20"): "Rabu, 3 Januari 2024",
        ("pemilu", "kajian_awal", "2024-04-05"): "Rabu, 17 April 2024",
        ("pemilu", "notice", "2024-05-08"): "Senin, 13 Mei 2024",
        ("pemilu", "completion", "2024-05-13"): "Rabu, 15 Mei 2024",
        ("pemilu", "decision_extended", "2024-03-01"): "Senin, 25 Maret 2024",
        ("pemilu", "correction", "2024-06-14"): "Jumat, 21 Juni 2024",
        ("pilkada", "report", "2024-11-24"): "Minggu, 1 Desember 2024",
        ("pilkada", "decision", "2024-11-25"): "Kamis, 28 November 2024",
        ("pilkada", "decision_extended", "2024-11-25"): "Sabtu, 30 November 2024",
    }
    for (rules, step, day), due in expected.items():
        result = netral("deadline", rules, step, day)
        assert result.code == 0, (rules, step, result.err)
        assert result.out.splitlines()[0] == f"Tenggat: {due}", (rules, step)
    pilkada = netral("deadline", "pilkada", "decision", "2024-11-25")
    assert "hari kalender" in pilkada.out and "Pasal 134 ayat (5)" in pilkada.out
    unconfirmed = netral("deadline", "pilkada", "completion", "2024-11-25")
    assert "belum terkonfirmasi" in unconfirmed.out


def test_errors_exit_1_with_a_clear_message(netral: Callable[..., Result]) -> None:
    result = netral("deadline", "pilpres", "decision", "2024-03-01")
    assert result.code == 1 and "pemilu, pilkada" in result.err
    result = netral("deadline", "pemilu", "putusan", "2024-03-01")
    assert result.code == 1 and "decision_extended" in result.err
    result = netral("deadline", "pemilu", "decision", "2024-02-30")
    assert result.code == 1 and "TTTT-BB-HH" in result.err
    result = netral("deadline", "pemilu", "decision", "1-3-2024")
    assert result.code == 1 and "TTTT-BB-HH" in result.err
    result = netral("deadline", "pemilu", "decision", "2026-12-21")
    assert result.code == 1
    assert "2027" in result.err and "hari_libur.csv" in result.err
    assert result.out == ""  # nothing half-printed


def test_the_data_folders_files_are_used(netral: Callable[..., Result], layout: HomeLayout) -> None:
    layout.root.mkdir(parents=True, exist_ok=True)
    (layout.root / "hari_libur.csv").write_text(
        "tanggal,jenis,keterangan,dasar\n2027-01-01,libur_nasional,Tahun Baru 2027 Masehi,SKB\n",
        encoding="utf-8",
    )
    result = netral("deadline", "pemilu", "decision", "2026-12-21")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "Tenggat: Senin, 4 Januari 2027"
    data = yaml.safe_load(Path(shipped_path("pemilu")).read_text(encoding="utf-8"))
    data["deadlines"]["decision"]["days"] = 8
    folder = layout.root / "rulesets"
    folder.mkdir()
    (folder / "pemilu.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = netral("deadline", "pemilu", "decision", "2024-03-01")
    assert result.out.splitlines()[0] == "Tenggat: Jumat, 15 Maret 2024"
    assert "folder data" in result.out
    data["deadlines"]["decision"]["mode"] = "kerja"
    (folder / "pemilu.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = netral("deadline", "pemilu", "decision", "2024-03-01")
    assert result.code == 1
    assert "pemilu.yaml" in result.err and "deadlines.decision.mode" in result.err


def test_without_a_step_the_ruleset_lists_its_deadlines(netral: Callable[..., Result]) -> None:
    result = netral("deadline", "pilkada")
    assert result.code == 0
    assert "decision_extended" in result.out and "hari kalender" in result.out
    assert "belum terkonfirmasi" in result.out
    missing = netral("deadline", "pemilu", "decision")
    assert missing.code == 2 and "TANGGAL" in missing.err


def test_in_english(netral: Callable[..., Result], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NETRAL_LANG", "en")
    result = netral("deadline", "pemilu", "decision", "2024-03-01")
    assert result.code == 0, result.err
    assert result.out.splitlines()[0] == "Due: Thursday, 14 March 2024"
    assert "working days" in result.out


def test_a_broken_holiday_file_of_the_office(
    netral: Callable[..., Result], layout: HomeLayout
) -> None:
    layout.root.mkdir(parents=True, exist_ok=True)
    (layout.root / "hari_libur.csv").write_text(
        "tanggal,jenis,keterangan,dasar\n2027-01-01,libur_nasional,Tahun Baru,SKB\n"
        "01-05-2027,libur_nasional,Hari Buruh,SKB\n",
        encoding="utf-8",
    )
    result = netral("deadline", "pemilu", "decision", "2024-03-01")
    assert result.code == 1
    assert "hari_libur.csv" in result.err and "baris 3" in result.err
    assert "'tanggal'" in result.err


def test_before_a_hearing_counts_backwards(netral: Callable[..., Result]) -> None:
    result = netral("deadline", "pemilu", "invitation", "2024-04-16")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Tenggat: Jumat, 5 April 2024"
    assert "1 hari kerja sebelum Selasa, 16 April 2024" in result.out
    skipped = [line for line in lines if line.startswith("  ")]
    assert skipped[0].startswith("  Senin, 8 April 2024") and len(skipped) == 6

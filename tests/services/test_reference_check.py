"""``netral check`` names a broken reference file of the data folder, and a holiday calendar
that does not cover this year (or, near its end, the next)."""

from __future__ import annotations

from datetime import date

from netral_desktop.core.procedure import shipped_path
from netral_desktop.services.check import run_checks
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.reference_check import check_reference_files, holiday_coverage


def _by_name(ctx: ServiceContext) -> dict[str, object]:
    return {item.name: item for item in check_reference_files(ctx)}


def test_shipped_reference_files_pass(admin: ServiceContext) -> None:
    items = _by_name(admin)
    assert set(items) == {
        "Tata cara pemilu",
        "Tata cara pilkada",
        "Kalender hari libur",
        "Kategori pelanggaran",
        "Penerima rekomendasi",
    }
    assert all(item.ok for item in items.values())  # type: ignore[attr-defined]
    assert "bawaan program" in items["Tata cara pemilu"].detail  # type: ignore[attr-defined]
    names = [i.name for i in run_checks(admin)]
    assert "Tata cara pilkada" in names and "Kalender hari libur" in names


def test_a_broken_office_file_is_named(admin: ServiceContext) -> None:
    home = admin.layout.root  # type: ignore[union-attr]
    folder = home / "rulesets"
    folder.mkdir()
    text = shipped_path("pilkada").read_text(encoding="utf-8")
    (folder / "pilkada.yaml").write_text(text.replace("mode: calendar", "mode: kalender", 1))
    (home / "kategori_pelanggaran.csv").write_text(
        "kode,rumpun,uraian,dasar_hukum,sanksi,sumber\nDS-14,pidana,x,y,z,\n", encoding="utf-8"
    )
    items = _by_name(admin)
    ruleset = items["Tata cara pilkada"]
    assert not ruleset.ok  # type: ignore[attr-defined]
    assert "pilkada.yaml" in ruleset.detail and "counting.mode" in ruleset.detail  # type: ignore[attr-defined]
    assert items["Tata cara pemilu"].ok  # type: ignore[attr-defined]
    category = items["Kategori pelanggaran"]
    assert not category.ok and "'rumpun'" in category.detail  # type: ignore[attr-defined]
    failed = [i.name for i in run_checks(admin) if not i.ok]
    assert "Tata cara pilkada" in failed


def test_holiday_coverage(admin: ServiceContext) -> None:
    assert holiday_coverage(admin, date(2026, 6, 1)).ok
    near_end = holiday_coverage(admin, date(2026, 11, 20))
    assert near_end.ok and "2027 belum ada" in near_end.detail
    missing = holiday_coverage(admin, date(2027, 1, 4))
    assert not missing.ok and "2027" in missing.detail and "hari_libur.csv" in missing.detail
    (admin.layout.root / "hari_libur.csv").write_text(  # type: ignore[union-attr]
        "tanggal,jenis,keterangan,dasar\n2027-01-01,libur_nasional,Tahun Baru 2027 Masehi,SKB\n",
        encoding="utf-8",
    )
    assert holiday_coverage(admin, date(2027, 1, 4)).ok
    assert "2027 belum ada" not in holiday_coverage(admin, date(2026, 11, 20)).detail

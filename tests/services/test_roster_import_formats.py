"""Every file agencies send (issue 9): each layout in each format read without hand-mapping,
NIPs exact to the last digit, NI PPPK recognised, what is no person skipped with its reason,
and refused rows going back as text."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from netral_desktop.services import roster_import as ri
from netral_desktop.services.context import ServiceContext
from tests.services.roster_layouts import LAYOUTS, Layout, people_of, write, write_csv

TODAY = date(2024, 5, 14)
FORMATS = ("xlsx", "xlsm", "xls", "ods", "csv")


def _written(layout: Layout, tmp_path: Path, fmt: str) -> Path:
    if fmt == "xlsm":  # a macro workbook is an .xlsx by another name, as far as cells go
        return write(layout, tmp_path / f"{layout.key}.xlsx").rename(
            tmp_path / f"{layout.key}.xlsm"
        )
    return write(layout, tmp_path / f"{layout.key}.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_each_layout_in_each_format_is_read_without_hand_mapping(
    key: str, fmt: str, tmp_path: Path
) -> None:
    layout = LAYOUTS[key]()
    table = ri.read_table(_written(layout, tmp_path, fmt))
    assert table.kind == {"xlsm": "xlsx"}.get(fmt, fmt)
    mapping = ri.detect_mapping(table)
    rows, skipped = ri.check_rows(table, mapping, today=TODAY)
    assert {r.row_number: r.skip for r in skipped} == layout.skipped
    expected = dict(layout.people)
    if fmt == "xls":
        # .xls keeps numbers as doubles: an 18-digit NIP typed as a number lost digits there,
        # and only there is it refused, with the message the agency can act on.
        lost = [r for r in rows if r.refused]
        for row in lost:
            assert [p.code for p in row.problems if p.is_error] == ["nip_number"]
            del expected[row.name]
        assert len(lost) == sum(
            1 for row in layout.rows for v in row if isinstance(v, int) and v >= 10**15
        )
    assert people_of(rows) == expected
    assert not [r for r in rows if r.refused and fmt != "xls"]


def test_two_level_header_maps_nip_and_never_imports_the_sub_header(tmp_path: Path) -> None:
    table = ri.read_table(_written(LAYOUTS["dua_tingkat"](), tmp_path, "xlsx"))
    mapping = ri.detect_mapping(table)
    assert (mapping.header_row, mapping.data_start) == (6, 8)
    assert mapping.describe() == {
        "full_name": "NAMA",
        "nip": "NIP",
        "pangkat": "PANGKAT",
        "golongan": "GOL. RUANG",
        "jabatan": "JABATAN",
        "unit_kerja": "UNIT KERJA",
    }
    # A person who says the header is row 5 (the group row) or 6 (the sub-headers) gets the
    # same columns; the sub-header row is then a header row, skipped, never a person "NAMA".
    for header_row in (5, 6):
        chosen = ri.mapping_at(table, header_row)
        assert chosen.columns == mapping.columns and chosen.header_row == header_row
        rows, skipped = ri.check_rows(table, chosen, today=TODAY)
        assert "NAMA" not in {r.name for r in rows}
        assert len(rows) == 4
        assert all(s.skip in ("header", "numbering", "signature") for s in skipped)


def test_exact_18_digit_integers_are_kept_and_floats_that_lost_digits_refused(
    tmp_path: Path,
) -> None:
    layout = LAYOUTS["satu_baris"]()
    layout.rows.append([4, "Agus Salim", 1.97005121998031e17, "Perawat", "RSUD", "PNS"])
    path = write(layout, tmp_path / "angka.xlsx")
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b"<v>197005121998031004</v>" in sheet_xml  # stored exactly, as PhpSpreadsheet does
    table = ri.read_table(path)
    rows, _skipped = ri.check_rows(table, ri.detect_mapping(table), today=TODAY)
    bambang, agus = rows[2], rows[3]
    assert not bambang.refused and bambang.values["nip"] == "197005121998031004"
    assert agus.refused and [p.code for p in agus.problems if p.is_error] == ["nip_number"]


def test_ods_keeps_exact_integers_too(tmp_path: Path) -> None:
    table = ri.read_table(write(LAYOUTS["satu_baris"](), tmp_path / "p.ods"))
    rows, _ = ri.check_rows(table, ri.detect_mapping(table), today=TODAY)
    assert rows[2].values["nip"] == "197005121998031004"


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8", ","), ("cp1252", ";"), ("utf-8-sig", ";")]
)
def test_csv_encoding_and_separator_are_detected(
    encoding: str, delimiter: str, tmp_path: Path
) -> None:
    layout = LAYOUTS["satu_baris"]()
    layout.rows[1][1] = "Sri Wahyuni, S.Pd., M.Pd."  # a comma inside a quoted field
    layout.rows[3][1] = "Bambang Riyanto Widjajakusuma Müller"
    layout.rows[3][2] = "19700512 199803 1 004"
    path = write_csv(layout, tmp_path / "p.csv", encoding=encoding, delimiter=delimiter)
    table = ri.read_table(path)
    assert table.delimiter == delimiter
    assert table.encoding == ("cp1252" if encoding == "cp1252" else "utf-8")
    rows, _ = ri.check_rows(table, ri.detect_mapping(table), today=TODAY)
    assert [r.name for r in rows][::2] == [
        "Sri Wahyuni, S.Pd., M.Pd.",
        "Bambang Riyanto Widjajakusuma Müller",
    ]


def test_ni_pppk_in_the_nip_column_and_pppk_golongan(tmp_path: Path) -> None:
    table = ri.read_table(write(LAYOUTS["dua_tingkat"](), tmp_path / "p.xlsx"))
    rows, _ = ri.check_rows(table, ri.detect_mapping(table), today=TODAY)
    dewi = next(r for r in rows if r.name.startswith("Dewi"))
    assert (dewi.values["status"], dewi.values["ni_pppk"], dewi.values["nip"]) == (
        "pppk",
        "199211072023212004",
        None,
    )
    assert (dewi.values["birth_date"], dewi.values["sex"]) == ("1992-11-07", "P")
    # No number at all, golongan IX: PPPK, its number to be completed.
    layout = Layout("g", "g", [["NAMA", "GOL"], ["Eko Prasetyo", "IX"], ["Sri Lestari", "III/a"]])
    table = ri.read_table(write(layout, tmp_path / "g.xlsx"))
    eko, sri = ri.check_rows(table, ri.detect_mapping(table), today=TODAY)[0]
    assert eko.values["status"] == "pppk" and "pppk_missing" in eko.values["problems"]
    assert sri.values["status"] == "non_asn"


def test_nik_of_a_retired_papua_region_is_imported_with_a_warning(tmp_path: Path) -> None:
    layout = Layout(
        "n",
        "n",
        [["NAMA", "NIK"], ["Yakobus Gebze", "9101081104680001"], ["Maria Ulo", "3402084104680000"]],
    )
    table = ri.read_table(write(layout, tmp_path / "n.xlsx"))
    yakobus, maria = ri.check_rows(table, ri.detect_mapping(table), today=TODAY)[0]
    assert not yakobus.refused and "nik_region_unknown" in yakobus.values["problems"]
    assert maria.refused
    assert [p.code for p in maria.problems if p.is_error] == ["nik_sequence_zero"]


def test_preview_lists_every_row_with_its_outcome(admin: ServiceContext, tmp_path: Path) -> None:
    table = ri.read_table(write(LAYOUTS["jumlah_pemisah"](), tmp_path / "p.xlsx"))
    result = ri.preview(admin, table, agency="Dinas")
    outcomes = {r.row_number: r.skip or r.outcome for r in result.all_rows()}
    assert outcomes == {
        3: "section",
        4: "add",
        5: "add",
        6: "total",
        8: "section",
        9: "add",
        10: "total",
        12: "total",
        14: "signature",
        15: "signature",
        16: "signature",
        19: "signature",
        20: "signature",
        21: "signature",
    }
    assert result.counts() == {
        "added": 3,
        "updated": 0,
        "unchanged": 0,
        "refused": 0,
        "skipped": 11,
    }
    assert not result.no_identifier_column


def test_a_file_without_identifier_columns_says_so(admin: ServiceContext, tmp_path: Path) -> None:
    layout = Layout("x", "x", [["NAMA", "JABATAN"], ["Budi", "Staf"], ["Ani", "Staf"]])
    result = ri.preview(admin, ri.read_table(write(layout, tmp_path / "x.xlsx")))
    assert result.no_identifier_column


def test_refused_rows_file_holds_every_cell_as_read_as_text(
    admin: ServiceContext, tmp_path: Path
) -> None:
    layout = LAYOUTS["satu_baris"]()
    layout.rows.append([4, "=cmd|' /C calc'!A0", 197005121998031004, "Guru", "SD", "PNS"])
    layout.rows.append([5, "+Budi Santoso", "1970 0512 1998 0310 04", "Guru", "SD", "PNS"])
    table = ri.read_table(write(layout, tmp_path / "p.xlsx"))
    result = ri.run_import(admin, table, agency="Dinas", dry_run=True)
    assert [r.row_number for r in result.refused] == [5, 6]
    for suffix in (".xlsx", ".csv"):
        out = tmp_path / f"ditolak{suffix}"
        assert ri.export_refused(result, out) == 2
        if suffix == ".xlsx":
            sheet = load_workbook(out).active
            rows = [[c.value for c in row] for row in sheet.iter_rows()]
            # Text cells, never formulas (openpyxl itself calls "=..." text a formula on load).
            assert b"<f>" not in zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml")
        else:
            import csv

            text = out.read_text(encoding="utf-8-sig")
            rows = list(csv.reader(text.splitlines(), delimiter=";"))
            rows[1][2] = rows[1][2].removeprefix("'")  # the CSV text marker
            rows[2][2] = rows[2][2].removeprefix("'")
        assert rows[0][:4] == ["Baris", "NO", "NAMA", "NIP"] and rows[0][-1] == "Masalah"
        first, second = rows[1], rows[2]
        assert first[1:4] == ["4", "=cmd|' /C calc'!A0", "197005121998031004"]
        assert second[1:4] == ["5", "+Budi Santoso", "1970 0512 1998 0310 04"]
        assert "sudah ada di baris 4" in first[-1]


def test_a_head_of_school_in_a_sparse_roster_is_a_person_not_a_signature(tmp_path: Path) -> None:
    layout = Layout(
        "k",
        "k",
        [
            ["NO", "NAMA", "JABATAN"],
            [1, "Budi Santoso", "Kepala Sekolah"],
            [None, "Sri Lestari", "Kepala Tata Usaha"],
            [],
            [None, None, "Bantul, 2 Mei 2024"],
            [None, None, "Kepala Dinas"],
            [None, None, "Drs. SUHARTONO"],
        ],
    )
    table = ri.read_table(write(layout, tmp_path / "k.xlsx"))
    rows, skipped = ri.check_rows(table, ri.detect_mapping(table), today=TODAY)
    assert [r.name for r in rows] == ["Budi Santoso", "Sri Lestari"]
    assert [(s.row_number, s.skip) for s in skipped] == [
        (5, "signature"),
        (6, "signature"),
        (7, "signature"),
    ]


def test_a_mapping_saved_from_a_two_level_header_reads_back(tmp_path: Path) -> None:
    table = ri.read_table(write(LAYOUTS["dua_tingkat"](), tmp_path / "d.xlsx"))
    mapping = ri.detect_mapping(table)
    saved = tmp_path / "pemetaan.json"
    ri.save_mapping_file(table, mapping, saved)
    again = ri.mapping_from_spec(table, ri.load_mapping_file(saved))
    assert again.columns == mapping.columns and again.data_start == mapping.data_start


def test_a_table_that_starts_at_c3_keeps_its_place_and_its_digits(tmp_path: Path) -> None:
    layout = Layout(
        "c3",
        "c3",
        [[], [], [None, None, "NAMA", "NIP"], [None, None, "Budi Santoso", 197005121998031004]],
    )
    table = ri.read_table(write(layout, tmp_path / "c3.xlsx"))
    assert table.rows[3][2:4] == ("Budi Santoso", 197005121998031004)
    mapping = ri.detect_mapping(table)
    assert (mapping.columns["full_name"], mapping.columns["nip"], mapping.header_row) == (2, 3, 3)

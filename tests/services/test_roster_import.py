"""Importing agencies' spreadsheets as they really come (issue 3)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from netral_desktop.core.clock import FixedClock
from netral_desktop.core.errors import (
    EmptySheet,
    FileTooLarge,
    MappingError,
    NoNameColumn,
    NotASpreadsheet,
    PasswordProtected,
    PermissionDenied,
)
from netral_desktop.services import audit, roster
from netral_desktop.services import roster_import as ri
from netral_desktop.services.audit_query import recent_entries
from netral_desktop.services.context import ServiceContext
from netral_desktop.store.models import AuditEntry, Person


def xlsx(path: Path, rows: list[list[Any]], merges: tuple[str, ...] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    for row in rows:
        sheet.append(row)
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def messy_sheet(path: Path) -> Path:
    """What a Dinas sends: titles, a two-row merged header, a numbering row, an Excel-mangled
    NIP, a blank row, a totals row and a signature block."""
    return xlsx(
        path,
        [
            ["DAFTAR PEGAWAI NEGERI SIPIL"],
            ["DINAS KESEHATAN KABUPATEN BANTUL TAHUN 2024"],
            [],
            [
                "NO",
                "NAMA LENGKAP",
                "NIP",
                "PANGKAT/GOL",
                None,
                "JABATAN",
                "UNIT KERJA",
                "JENIS KELAMIN",
                None,
            ],
            [None, None, None, "PANGKAT", "GOL/RUANG", None, None, "L", "P"],
            [1, 2, 3, 4, 5, 6, 7, 8, 9],
            [
                1,
                "dr. Budi Santoso, M.Kes.",
                "19700512 199803 1 004",
                "Pembina",
                "IV/a",
                "Kepala Puskesmas",
                "Puskesmas Sewon I",
                "v",
                None,
            ],
            [
                2,
                "Sri Wahyuni, S.Kep.",
                "19850101.201001.2.003",
                "Penata",
                "III/c",
                "Perawat Ahli Muda",
                "Puskesmas Sewon I",
                None,
                "v",
            ],
            [
                3,
                "Agus Salim",
                1.97005121998031e17,
                "Penata",
                "III/c",
                "Perawat",
                "RSUD Bantul",
                "v",
                None,
            ],
            [],
            [
                4,
                "Hj. Siti Aminah",
                "19900202 201503 2 001",
                None,
                "III/b",
                "Bidan",
                "Puskesmas Kasihan I",
                None,
                "1",
            ],
            [None, "JUMLAH", None, None, None, None, None, 2, 2],
            [None, None, None, None, None, "Kepala Dinas"],
            [None, "Drs. H. Bambang, M.Kes.", None, None, None, None],
        ],
        merges=("A1:I1", "A2:I2", "D4:E4", "H4:I4", "A4:A5", "B4:B5", "C4:C5"),
    )


def person_count(ctx: ServiceContext) -> int:
    with ctx.db.read_session() as session:
        return session.execute(select(func.count()).select_from(Person)).scalar() or 0


def import_entries(ctx: ServiceContext) -> int:
    with ctx.db.read_session() as session:
        stmt = select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "import")
        return session.execute(stmt).scalar() or 0


# --- reading and detecting (no database) --------------------------------------------------


def test_messy_sheet_header_and_columns_are_found(tmp_path: Path) -> None:
    table = ri.read_table(messy_sheet(tmp_path / "dinkes.xlsx"))
    mapping = ri.detect_mapping(table)
    assert (mapping.header_row, mapping.data_start) == (5, 7)
    assert mapping.describe() == {
        "full_name": "NAMA LENGKAP",
        "nip": "NIP",
        "pangkat": "PANGKAT",
        "golongan": "GOL/RUANG",
        "jabatan": "JABATAN",
        "unit_kerja": "UNIT KERJA",
        "sex_male": "JENIS KELAMIN L",
        "sex_female": "JENIS KELAMIN P",
    }


def test_messy_sheet_rows_are_read_as_a_person_would(tmp_path: Path) -> None:
    table = ri.read_table(messy_sheet(tmp_path / "dinkes.xlsx"))
    rows, skipped = ri.check_rows(table, ri.detect_mapping(table), default_agency="Dinas Kesehatan")
    assert [r.row_number for r in rows] == [7, 8, 9, 11]  # blank row, totals and footer left out
    assert [(r.row_number, r.skip) for r in skipped] == [
        (12, "total"),
        (13, "signature"),
        (14, "signature"),
    ]
    budi, sri, agus, siti = rows
    assert (budi.values["sex"], budi.values["pangkat_golongan"]) == ("L", "Pembina, IV/a")
    assert sri.values["nip"] == "198501012010012003"  # dots dropped
    assert siti.values["sex"] == "P" and siti.values["pangkat_golongan"] == "III/b"
    assert agus.refused
    assert [p.code for p in agus.problems] == ["nip_number"]
    assert "15 angka" in agus.reason() and "Teks" in agus.reason()


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("NAMA", "full_name"),
        ("Nama Lengkap", "full_name"),
        ("NAMA PEGAWAI", "full_name"),
        ("Nama (dengan gelar)", "full_name"),
        ("NIP", "nip"),
        ("NIP BARU", "nip"),
        ("NIP/NRPTK", "nip"),
        ("N I P", "nip"),
        ("NI PPPK", "ni_pppk"),
        ("NIK", "nik"),
        ("UNIT KERJA", "unit_kerja"),
        ("Unit Organisasi", "unit_kerja"),
        ("OPD", "agency"),
        ("Instansi", "agency"),
        ("JABATAN", "jabatan"),
        ("Nama Jabatan", "jabatan"),
        ("PANGKAT/GOL", "pangkat_golongan"),
        ("Pangkat / Gol. Ruang", "pangkat_golongan"),
        ("GOL", "golongan"),
        ("L/P", "sex"),
        ("Jenis Kelamin", "sex"),
        ("STATUS", "status"),
        ("Status Kepegawaian", "status"),
        ("NO HP", "phone"),
        ("No. HP/WA", "phone"),
        ("Tempat, Tgl Lahir", "birth_date"),
        ("NIP LAMA", None),
        ("KETERANGAN", None),
    ],
)
def test_header_name_variants(header: str, field: str | None) -> None:
    assert ri.match_field(ri.normalise_header(header)) == field


def test_semicolon_csv_in_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "pegawai.csv"
    text = (
        "Daftar Pegawai Kecamatan Sewon;;;\r\n"
        ";;;\r\n"
        "No;Nama Pegawai;NIP Baru;Jabatan\r\n"
        "1;Théresia Ayu;19850101 201001 2 003;Sekretaris Camat\r\n"
        "2;Agus Salim;1,97005E+17;Kasi Pemerintahan\r\n"
    )
    path.write_bytes(text.encode("cp1252"))
    table = ri.read_table(path)
    assert (table.kind, table.encoding, table.delimiter) == ("csv", "cp1252", ";")
    rows, _ = ri.check_rows(table, ri.detect_mapping(table))
    assert rows[0].values["full_name"] == "Théresia Ayu"
    assert rows[1].refused and rows[1].problems[0].code == "nip_number"


def test_comma_csv_in_utf8_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "pegawai.csv"
    path.write_text(
        'NAMA,NIP,"UNIT KERJA"\n"Santoso, Budi",19700512.199803.1.004,"SD Negeri 1, Sewon"\n',
        encoding="utf-8-sig",
    )
    table = ri.read_table(path)
    assert (table.encoding, table.delimiter) == ("utf-8", ",")
    rows, _ = ri.check_rows(table, ri.detect_mapping(table))
    assert rows[0].values["full_name"] == "Santoso, Budi"
    assert rows[0].values["unit_kerja"] == "SD Negeri 1, Sewon"


def test_name_and_nip_in_one_cell(tmp_path: Path) -> None:
    table = ri.read_table(
        xlsx(
            tmp_path / "a.xlsx", [["NO", "NAMA / NIP"], [1, "Budi Santoso\n19700512 199803 1 004"]]
        )
    )
    rows, _ = ri.check_rows(table, ri.detect_mapping(table))
    assert (rows[0].values["full_name"], rows[0].values["nip"]) == (
        "Budi Santoso",
        "197005121998031004",
    )


def test_mapping_file_chooses_columns_detection_cannot(tmp_path: Path) -> None:
    path = xlsx(
        tmp_path / "a.xlsx", [["Pegawai", "Nomor Pegawai"], ["Budi", "19700512 199803 1 004"]]
    )
    table = ri.read_table(path)
    with pytest.raises(NoNameColumn) as caught:
        ri.detect_mapping(table)
    assert "Pegawai, Nomor Pegawai" in str(caught.value)
    spec_path = tmp_path / "pemetaan.json"
    spec_path.write_text(
        json.dumps(
            {
                "format": "netral-roster-mapping",
                "header_row": 1,
                "columns": {"full_name": "Pegawai", "nip": "B"},
            }
        ),
        encoding="utf-8",
    )
    mapping = ri.mapping_from_spec(table, ri.load_mapping_file(spec_path))
    rows, _ = ri.check_rows(table, mapping)
    assert rows[0].values["nip"] == "197005121998031004"
    ri.save_mapping_file(table, mapping, tmp_path / "saved.json")
    again = ri.mapping_from_spec(table, ri.load_mapping_file(tmp_path / "saved.json"))
    assert again.columns == mapping.columns
    with pytest.raises(MappingError):
        ri.mapping_from_spec(table, {"columns": {"gaji": "A"}})
    with pytest.raises(MappingError):
        ri.mapping_from_spec(table, {"columns": {"full_name": "Tidak Ada"}})


def test_bad_files_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    pdf = tmp_path / "daftar.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 10)
    with pytest.raises(NotASpreadsheet) as caught:
        ri.read_table(pdf)
    assert "bukan lembar kerja" in str(caught.value)

    binary = tmp_path / "foto.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(NotASpreadsheet):
        ri.read_table(binary)

    ole = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504)
    protected = tmp_path / "rahasia.xlsx"
    protected.write_bytes(ole + "EncryptionInfo".encode("utf-16-le") + bytes(512))
    with pytest.raises(PasswordProtected) as caught:
        ri.read_table(protected)
    assert "kata sandi" in str(caught.value)

    old = tmp_path / "lama.xls"
    old.write_bytes(ole + bytes(512))
    with pytest.raises(NotASpreadsheet) as caught:
        ri.read_table(old)
    # Old .xls files are read now (tests/services/test_roster_import_formats.py); one that is
    # only an OLE header is damaged, and said so.
    assert caught.value.code == "spreadsheet_damaged" and "rusak" in str(caught.value)

    huge = tmp_path / "besar.xlsx"
    with huge.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(FileTooLarge) as caught:
        ri.read_table(huge)
    assert "50 MB" in str(caught.value)

    empty = ri.read_table(xlsx(tmp_path / "kosong.xlsx", []))
    with pytest.raises(EmptySheet):
        ri.detect_mapping(empty)


# --- importing ----------------------------------------------------------------------------


def test_import_writes_valid_rows_and_reports_the_rest(
    admin: ServiceContext, tmp_path: Path
) -> None:
    result = ri.import_file(admin, messy_sheet(tmp_path / "dinkes.xlsx"), agency="Dinas Kesehatan")
    assert result.counts() == {"added": 3, "updated": 0, "unchanged": 0, "refused": 1, "skipped": 3}
    assert result.agencies_created == ["Dinas Kesehatan"]
    assert [r.row_number for r in result.refused] == [9]
    found = roster.search(admin, "puskesmas")
    assert [p.full_name for p in found] == [
        "dr. Budi Santoso, M.Kes.",
        "Hj. Siti Aminah",
        "Sri Wahyuni, S.Kep.",
    ]
    assert {p.agency_name for p in found} == {"Dinas Kesehatan"}
    entry = recent_entries(admin.db, limit=1)[0]
    assert (entry.action, entry.note) == ("import", "impor dinkes.xlsx")
    summary = json.loads(entry.new_values or "{}")
    assert (summary["added"], summary["refused"], summary["sha256"]) == (3, 1, result.sha256)
    assert audit.verify_chain(admin.db).ok


def test_reimporting_the_same_file_changes_nothing(admin: ServiceContext, tmp_path: Path) -> None:
    path = messy_sheet(tmp_path / "dinkes.xlsx")
    ri.import_file(admin, path, agency="Dinas Kesehatan")
    before = [(p.id, p.revision) for p in roster.search(admin, "")]
    again = ri.import_file(admin, path, agency="Dinas Kesehatan")
    assert again.counts() == {"added": 0, "updated": 0, "unchanged": 3, "refused": 1, "skipped": 3}
    assert again.agencies_created == []
    assert [(p.id, p.revision) for p in roster.search(admin, "")] == before
    assert import_entries(admin) == 2  # the attempt is on record; the people are untouched


def test_newer_file_updates_by_nip_and_keeps_what_it_leaves_empty(
    admin: ServiceContext, tmp_path: Path, clock: FixedClock
) -> None:
    first = xlsx(
        tmp_path / "v1.xlsx",
        [
            ["NAMA", "NIP", "JABATAN", "NO HP"],
            ["Sri Wahyuni", "19850101 201001 2 003", "Perawat Ahli Pertama", "081227001234"],
            ["Budi Santoso", "19700512 199803 1 004", "Guru", "081399887766"],
        ],
    )
    ri.import_file(admin, first, agency="Dinas Kesehatan")
    clock.advance(days=30)
    newer = xlsx(
        tmp_path / "v2.xlsx",
        [
            ["NAMA LENGKAP", "NIP BARU", "JABATAN", "NO HP"],
            ["Sri Wahyuni, S.Kep.", "198501012010012003", "Perawat Ahli Muda", None],
            ["Budi Santoso", "19700512 199803 1 004", "Guru", "081399887766"],
            ["Siti Aminah", "19900202 201503 2 001", "Bidan", None],
        ],
    )
    result = ri.import_file(admin, newer, agency="Dinas Kesehatan")
    assert result.counts() == {"added": 1, "updated": 1, "unchanged": 1, "refused": 0, "skipped": 0}
    sri = roster.search(admin, "wahyuni")[0]
    assert (sri.full_name, sri.jabatan, sri.phone, sri.revision) == (
        "Sri Wahyuni, S.Kep.",
        "Perawat Ahli Muda",
        "081227001234",
        2,
    )
    history = roster.person_history(admin, sri.id)
    assert [e.action for e in history] == ["import", "import_update"]
    assert json.loads(history[-1].old_values or "{}")["jabatan"] == "Perawat Ahli Pertama"


def test_people_without_nip_are_matched_by_nik_then_name_and_birth_date(
    admin: ServiceContext, tmp_path: Path
) -> None:
    rows = [
        ["NAMA", "NIK", "TGL LAHIR", "STATUS", "UNIT KERJA", "JABATAN"],
        ["Ani Lestari", "3402085104900001", None, "Honorer", "TU", "Operator"],
        ["Dedi Kurniawan", None, "12-03-1991", "THL", "TU", "Pengemudi"],
        ["Eko Prasetyo", None, None, "THL", "Kebun", "Tukang Kebun"],
    ]
    ri.import_file(admin, xlsx(tmp_path / "v1.xlsx", rows), agency="Kecamatan Sewon")
    rows[1][5], rows[2][5], rows[3][5] = "Operator Komputer", "Sopir", "Petugas Kebersihan"
    result = ri.import_file(admin, xlsx(tmp_path / "v2.xlsx", rows), agency="Kecamatan Sewon")
    assert (result.added, result.updated) == (0, 3)
    assert {p.jabatan for p in roster.search(admin, "")} == {
        "Operator Komputer",
        "Sopir",
        "Petugas Kebersihan",
    }


def test_person_first_listed_without_nip_gets_it_from_a_newer_file(
    admin: ServiceContext, tmp_path: Path
) -> None:
    rows = [["NAMA", "NIK", "STATUS"], ["Ani Lestari", "3402085104900001", "PNS"]]
    ri.import_file(admin, xlsx(tmp_path / "v1.xlsx", rows), agency="Kecamatan Sewon")
    assert roster.search(admin, "ani")[0].problems == "nip_missing"
    rows = [["NAMA", "NIP", "NIK"], ["Ani Lestari", "19900411 201503 2 001", "3402085104900001"]]
    result = ri.import_file(admin, xlsx(tmp_path / "v2.xlsx", rows), agency="Kecamatan Sewon")
    assert result.updated == 1 and person_count(admin) == 1
    ani = roster.search(admin, "ani")[0]
    assert (ani.nip, ani.problems) == ("199004112015032001", "")


def test_duplicates_in_one_file_are_refused_after_the_first(
    admin: ServiceContext, tmp_path: Path
) -> None:
    rows = [
        ["NAMA", "NIP"],
        ["Sri Wahyuni", "19850101 201001 2 003"],
        ["Sri Wahyuni (dobel)", "198501012010012003"],
    ]
    result = ri.import_file(admin, xlsx(tmp_path / "a.xlsx", rows))
    assert result.added == 1
    assert result.refused[0].reason() == "NIP 198501012010012003 sudah ada di baris 2 berkas ini."


def test_agencies_named_in_the_sheet_are_found_or_created(
    admin: ServiceContext, tmp_path: Path
) -> None:
    existing = roster.create_agency(admin, roster.AgencyFields(name="Dinas Kesehatan"))
    rows = [
        ["NAMA", "NIP", "OPD"],
        ["Sri Wahyuni", "19850101 201001 2 003", "DINAS  KESEHATAN"],
        ["Budi Santoso", "19700512 199803 1 004", "SD Negeri 2 Sewon"],
    ]
    result = ri.import_file(admin, xlsx(tmp_path / "a.xlsx", rows))
    assert result.agencies_created == ["SD Negeri 2 Sewon"]
    agencies = {a.name: a for a in roster.list_agencies(admin)}
    assert agencies["Dinas Kesehatan"].id == existing.id and agencies["Dinas Kesehatan"].people == 1
    assert agencies["SD Negeri 2 Sewon"].kind == "sekolah"


def test_dry_run_and_preview_write_nothing(admin: ServiceContext, tmp_path: Path) -> None:
    path = messy_sheet(tmp_path / "dinkes.xlsx")
    result = ri.import_file(admin, path, agency="Dinas Kesehatan", dry_run=True)
    assert (result.added, len(result.refused), result.committed) == (3, 1, False)
    assert result.agencies_created == ["Dinas Kesehatan"]
    table = ri.read_table(path)
    preview = ri.preview(admin, table, ri.detect_mapping(table), limit=2)
    assert [r.outcome for r in preview.rows] == ["add", "add"]
    assert person_count(admin) == 0 and import_entries(admin) == 0
    assert roster.list_agencies(admin) == []


@pytest.mark.parametrize(
    "make",
    [
        lambda d: xlsx(d / "kosong.xlsx", []),
        lambda d: xlsx(d / "tanpa-nama.xlsx", [["NO", "NIP", "JABATAN"], [1, "x", "y"]]),
        lambda d: xlsx(d / "judul-saja.xlsx", [["NAMA", "NIP"]]),
    ],
)
def test_unusable_sheets_import_nothing(admin: ServiceContext, tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises((EmptySheet, NoNameColumn)) as caught:
        ri.import_file(admin, make(tmp_path))
    assert "Tidak ada yang diimpor" in str(caught.value) or "Kolom nama" in str(caught.value)
    assert person_count(admin) == 0 and import_entries(admin) == 0


def test_an_import_failing_midway_leaves_nothing_behind(
    admin: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = messy_sheet(tmp_path / "dinkes.xlsx")

    def broken(*_args: object, **_kwargs: object) -> int:
        raise OSError("disk penuh")

    monkeypatch.setattr(audit, "record_many", broken)
    with pytest.raises(OSError):
        ri.import_file(admin, path, agency="Dinas Kesehatan")
    assert person_count(admin) == 0 and roster.list_agencies(admin) == []
    monkeypatch.undo()
    ri.import_file(admin, path, agency="Dinas Kesehatan")
    assert len(roster.search(admin, "puskesmas")) == 3  # search triggers came back too
    roster.create_person(admin, roster.PersonFields(full_name="Ani Setiawati"))
    assert roster.count(admin, "setiawati") == 1


def test_refused_rows_go_back_to_the_agency_as_xlsx(admin: ServiceContext, tmp_path: Path) -> None:
    result = ri.import_file(admin, messy_sheet(tmp_path / "dinkes.xlsx"), agency="Dinas Kesehatan")
    out = tmp_path / "ditolak.xlsx"
    assert ri.export_refused(result, out) == 1
    sheet = load_workbook(out, read_only=True).active
    header, row = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[:4] == ["Baris", "NO", "NAMA LENGKAP", "NIP"]
    assert header[-1] == "Masalah"
    # Every cell as text, as read: the NIP as Excel showed it (15 digits, then zeros).
    assert row[:4] == [9, "3", "Agus Salim", "197005121998031000"]
    assert "Excel hanya menyimpan 15 angka" in row[-1]


def test_only_roster_writers_may_import(staf: ServiceContext, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        ri.import_file(staf, messy_sheet(tmp_path / "dinkes.xlsx"))


def test_a_file_without_agency_leaves_the_recorded_agency_alone(
    admin: ServiceContext, tmp_path: Path
) -> None:
    rows = [["NAMA", "NIP"], ["Sri Wahyuni", "19850101 201001 2 003"]]
    ri.import_file(admin, xlsx(tmp_path / "a.xlsx", rows), agency="Dinas Kesehatan")
    again = ri.import_file(admin, xlsx(tmp_path / "b.xlsx", rows))  # no --agency this time
    assert again.unchanged == 1
    sri = roster.search(admin, "sri")[0]
    assert (sri.agency_name, sri.problems) == ("Dinas Kesehatan", "")


def test_the_sheet_with_the_roster_is_chosen(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Petunjuk"
    book.active.append(["Isi data pegawai di lembar berikutnya."])
    data = book.create_sheet("Data")
    data.append(["NAMA", "NIP"])
    data.append(["Budi", "19700512 199803 1 004"])
    book.save(tmp_path / "a.xlsx")
    table = ri.read_table(tmp_path / "a.xlsx")
    assert (table.sheet, table.sheets) == ("Data", ["Petunjuk", "Data"])
    assert ri.read_table(tmp_path / "a.xlsx", sheet="Petunjuk").sheet == "Petunjuk"
    with pytest.raises(MappingError):
        ri.read_table(tmp_path / "a.xlsx", sheet="Lembar3")


def test_numbers_are_accepted_only_when_no_digit_was_lost(tmp_path: Path) -> None:
    rows = [
        ["NAMA", "NIP", "NIK", "NO HP"],
        ["Budi", "19700512 199803 1 004", None, 81227001234],  # the phone lost its 0
        ["Ani", "19900411 201503 2 001", 3402085104900000, None],  # Excel: last digit lost
    ]
    table = ri.read_table(xlsx(tmp_path / "a.xlsx", rows))
    mapping = ri.detect_mapping(table)
    budi, ani = ri.check_rows(table, mapping)[0]
    assert budi.values["phone"] == "081227001234"
    assert ani.refused and ani.problems[0].code == "nik_number"
    # A program that writes integers exactly (not Excel) keeps every digit: accepted.
    exact = ri.check_row(9, ("Budi", 197005121998031004, None, None), mapping)
    assert exact.values["nip"] == "197005121998031004" and not exact.refused


def test_the_import_leaves_every_statement_to_the_store() -> None:
    """Every statement of the import is the store's (store/people/import_rows.py and
    bulk.py), none in the package; core.identity, which decides who is who, touches no
    database at all."""
    package = Path(ri.__file__).parent
    sql = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|exec_driver_sql|json_each|text\(|__table__)")
    offenders = [
        f"{path.name}: {found.group()}"
        for path in sorted(package.glob("*.py"))
        for found in sql.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    identity = (package.parents[1] / "core" / "identity.py").read_text(encoding="utf-8")
    assert not any(word in identity for word in ("sqlalchemy", "sqlmodel", "sqlite", "open("))

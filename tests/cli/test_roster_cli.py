"""``netral roster ...`` and ``netral agency list``, as a support person would run them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from netral_desktop.cli import main
from netral_desktop.config import HomeLayout
from netral_desktop.services.context import ServiceContext
from tests.services import hostile_sheets

PASSWORD = "rahasia-sari-1"


@pytest.fixture
def home(admin: ServiceContext, layout: HomeLayout, monkeypatch: pytest.MonkeyPatch) -> str:
    from netral_desktop.services.accounts import create_user

    for username, role in (("sari", "sekretariat"), ("dodi", "staf")):
        create_user(admin, username=username, full_name=username, role=role, password=PASSWORD)
    monkeypatch.setenv("PW", PASSWORD)
    return str(layout.root)


def sheet(path: Path) -> Path:
    book = Workbook()
    rows = [
        ["DAFTAR PEGAWAI DINAS KESEHATAN"],
        [],
        ["NO", "NAMA", "NIP", "JABATAN"],
        [1, "Sri Wahyuni, S.Kep.", "19850101 201001 2 003", "Perawat Ahli Muda"],
        [2, "Budi Santoso", "19700512 199803 1 004", "Kepala Puskesmas"],
        [3, "Agus Salim", 1.97005121998031e17, "Perawat"],
    ]
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def run(home: str, *args: str) -> int:
    return main(["--home", home, *args, "--user", "sari", "--password-env", "PW"])


def test_import_search_export_and_agencies(home: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = sheet(tmp_path / "dinkes.xlsx")
    assert run(home, "roster", "import", str(path), "--agency", "Dinas Kesehatan", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Ditambah: 2, diperbarui: 0, tidak berubah: 0, ditolak: 1" in out
    assert "Uji coba (--dry-run): tidak ada yang disimpan." in out

    refused = tmp_path / "ditolak.xlsx"
    code = run(
        home,
        "roster",
        "import",
        str(path),
        "--agency",
        "Dinas Kesehatan",
        "--refused-out",
        str(refused),
    )
    assert code == 0
    out = capsys.readouterr().out
    assert "judul kolom di baris 3" in out
    assert "Instansi baru: Dinas Kesehatan" in out
    assert "baris 6: Agus Salim: NIP tersimpan sebagai angka" in out
    assert load_workbook(refused).active.max_row == 2

    assert run(home, "roster", "import", str(path), "--agency", "Dinas Kesehatan") == 0
    assert "Ditambah: 0, diperbarui: 0, tidak berubah: 2" in capsys.readouterr().out

    assert run(home, "roster", "search", "1985 0101") == 0
    out = capsys.readouterr().out
    assert "Sri Wahyuni, S.Kep." in out and "19850101 201001 2 003" in out
    assert "1 orang ditemukan" in out

    assert run(home, "roster", "search", "b", "--agency", "dinas kesehatan") == 0
    assert "Budi Santoso" in capsys.readouterr().out

    export = tmp_path / "ekspor.xlsx"
    assert run(home, "roster", "export", str(export), "puskesmas") == 0
    assert "1 orang diekspor" in capsys.readouterr().out
    rows = list(load_workbook(export).active.iter_rows(values_only=True))
    assert rows[1][1:3] == ("Budi Santoso", "19700512 199803 1 004")

    assert run(home, "agency", "list") == 0
    out = capsys.readouterr().out
    assert "Dinas Kesehatan" in out and "1 instansi." in out


def test_errors_have_the_documented_exit_status(home: str, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    not_a_sheet = tmp_path / "foto.xlsx"
    not_a_sheet.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert run(home, "roster", "import", str(not_a_sheet)) == 1
    assert "bukan lembar kerja" in capsys.readouterr().err

    assert run(home, "roster", "search", "x", "--status", "pensiun") == 2
    assert run(home, "roster", "search", "x", "--agency", "Dinas Tidak Ada") == 1
    assert "tidak ditemukan" in capsys.readouterr().err

    path = sheet(tmp_path / "dinkes.xlsx")
    staff = [
        "--home",
        home,
        "roster",
        "import",
        str(path),
        "--user",
        "dodi",
        "--password-env",
        "PW",
    ]
    assert main(staff) == 1
    assert "tidak berwenang" in capsys.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["--home", home, "roster", "import"])
    assert usage.value.code == 2


@pytest.mark.parametrize(
    "make", [hostile_sheets.column_xfd, hostile_sheets.zip_bomb, hostile_sheets.xls_far_cell]
)
def test_a_hostile_file_exits_1_and_writes_nothing(  # type: ignore[no-untyped-def]
    make, home: str, admin: ServiceContext, tmp_path: Path, capsys
) -> None:
    from netral_desktop.services import roster

    suffix = ".xls" if make is hostile_sheets.xls_far_cell else ".xlsx"
    path = make(tmp_path / f"pegawai{suffix}")
    refused = tmp_path / "ditolak.xlsx"
    code = run(
        home, "roster", "import", str(path), "--agency", "Dinas", "--refused-out", str(refused)
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("Galat: Berkas pegawai") and "Tidak ada yang diimpor" in err
    assert not refused.exists()
    assert roster.count(admin, "") == 0 and roster.list_agencies(admin) == []


def test_roster_export_csv_opens_right_in_indonesian_excel(
    home: str, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    book = Workbook()
    for row in (
        ["NAMA", "NIP", "NO HP"],
        ["@SUM(1+1)*cmd|' /C calc'!A0", "19850101 201001 2 003", "081234567890"],
        ["Rina Kartika", "19921107 202321 2 004", ""],
    ):
        book.active.append(row)
    book.save(tmp_path / "p.xlsx")
    assert run(home, "roster", "import", str(tmp_path / "p.xlsx"), "--agency", "Dinas") == 0
    out = tmp_path / "pegawai.csv"
    assert run(home, "roster", "export", str(out)) == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbfPK")
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")
    header, *body = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:3] == ["No", "Nama", "NIP / NI PPPK"]
    rows = {row[1]: row for row in body}
    formula = rows["'@SUM(1+1)*cmd|' /C calc'!A0"]  # text, never a live formula
    assert formula[2] == "19850101 201001 2 003" and formula[9] == "0812 3456 7890"
    assert rows["Rina Kartika"][2:4] == ["19921107 202321 2 004", "PPPK"]

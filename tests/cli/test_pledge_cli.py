"""``netral ikrar ...``: list, mark at the door, undo, print, recap, attach, delete."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_desktop.cli import main
from netral_desktop.config import HomeLayout
from netral_desktop.services import pledge
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.pledge import InviteCriteria
from tests.cli.test_cli import subprocess_netral
from tests.doc_samples import pdftotext
from tests.pledge_samples import build_roster, new_event, png_bytes

PASSWORD = "rahasia-sari-1"


@pytest.fixture
def home(
    admin: ServiceContext, layout: HomeLayout, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """The data folder with the small roster and an event with both agencies invited; the
    secretariat user 'sari' and field staff 'dodi'."""
    from netral_desktop.services.accounts import authenticate, create_user

    for username, role in (("sari", "sekretariat"), ("dodi", "staf")):
        create_user(admin, username=username, full_name=username, role=role, password=PASSWORD)
    sari = admin.as_actor(authenticate(admin, "sari", PASSWORD))
    ids = build_roster(sari)
    event_id = new_event(sari)
    pledge.invite(sari, event_id, InviteCriteria(agency_ids=(ids["dinkes"], ids["sewon"])))
    admin.db.dispose()
    monkeypatch.setenv("PW", PASSWORD)
    return str(layout.root), event_id


def run(home: str, *args: str, user: str = "sari") -> int:
    return main(["--home", home, "ikrar", *args, "--user", user, "--password-env", "PW"])


def test_list_mark_undo_show(home: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    folder, event_id = home
    assert run(folder, "list") == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith(f"{event_id}  2024-09-10 08:00  Apel Ikrar Netralitas ASN")
    assert line.split()[-2:] == ["8", "0"]

    assert run(folder, "mark", event_id, "1985 0101.201001 2 003") == 0
    assert "Hadir: Sri Wahyuni, S.Kep. (1 dari 8 peserta hadir)" in capsys.readouterr().out
    assert run(folder, "mark", event_id[-8:], "198501012010012003") == 0
    assert "tidak ditandai dua kali" in capsys.readouterr().out
    assert run(folder, "mark", event_id, "budi santoso") == 1
    out = capsys.readouterr().out
    assert "2 peserta cocok" in out and "Kecamatan Sewon" in out
    assert run(folder, "mark", event_id, "Hendra") == 1
    assert run(folder, "mark", event_id, "rina", "--status", "izin", "--note", "Cuti") == 0
    assert "Rina Lestari: Izin" in capsys.readouterr().out
    assert run(folder, "undo", event_id) == 0
    assert "Dibatalkan: Rina Lestari (izin)" in capsys.readouterr().out

    # The command line runs on the real clock: September 2024 is past.
    assert run(folder, "list", "--past") == 0
    assert event_id in capsys.readouterr().out
    assert run(folder, "list", "--upcoming") == 0
    assert event_id not in capsys.readouterr().out
    assert run(folder, "show", event_id) == 0
    shown = capsys.readouterr().out
    # The rate as the recap defines it: the invited who came, over the invited.
    assert "Kehadiran    : 1 dari 8 undangan hadir (12,5%)" in shown
    assert "Persentase kehadiran = jumlah undangan yang hadir dibagi" in shown
    assert "Dinas Kesehatan" in shown


def test_sheet_naskah_and_recap_files(
    home: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, event_id = home
    sheet = tmp_path / "out" / "daftar_hadir.pdf"
    assert run(folder, "sheet", event_id, "-o", str(sheet), "--per-agency", "--blank", "5") == 0
    printed = capsys.readouterr().out
    code = next(x.split(": ")[1] for x in printed.splitlines() if "Kode verifikasi" in x)
    text = pdftotext(sheet)
    assert f"Kode verifikasi: {code}" in text and "Kecamatan Sewon (3 orang)" in text
    # Two agencies and the blank rows, a page each, each numbered on its own.
    assert text.count("Halaman 1 dari 1") == 3 and "DAFTAR HADIR" in text
    draft = tmp_path / "draf.pdf"
    assert run(folder, "sheet", event_id, "-o", str(draft), "--draft") == 0
    assert "DRAF" in pdftotext(draft)
    assert run(folder, "naskah", event_id, "-o", str(tmp_path / "naskah.pdf")) == 0
    assert run(folder, "recap", event_id, "-o", str(tmp_path / "rekap.pdf")) == 0
    assert run(folder, "recap", event_id, "-o", str(tmp_path / "rekap.xlsx")) == 0
    assert (tmp_path / "rekap.xlsx").stat().st_size > 0
    capsys.readouterr()
    assert run(folder, "recap", event_id, "-o", str(tmp_path / "rekap.docx")) == 2
    assert ".pdf atau .xlsx" in capsys.readouterr().err
    assert run(folder, "sheet", "tidak-ada-acara", "-o", str(sheet)) == 1
    assert "tidak ditemukan" in capsys.readouterr().err
    assert run(folder, "sheet", event_id, "-o", str(sheet), "--blank", "5000") == 1


def test_attach_a_scan_and_refuse_other_files(
    home: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, event_id = home
    scan = tmp_path / "pindaian.png"
    scan.write_bytes(png_bytes())
    assert run(folder, "attach", event_id, str(scan), "--caption", "Halaman 1") == 0
    assert "Dilampirkan: pindaian.png (image/png" in capsys.readouterr().out
    assert run(folder, "attach", event_id, str(scan)) == 0
    assert "sudah dilampirkan sebelumnya" in capsys.readouterr().out
    notes = tmp_path / "catatan.txt"
    notes.write_text("Daftar hadir menyusul", encoding="utf-8")
    assert run(folder, "attach", event_id, str(notes)) == 1
    assert "bukan gambar (PNG, JPEG, WebP, TIFF) atau PDF" in capsys.readouterr().err
    assert run(folder, "show", event_id) == 0
    assert "Lampiran     : 1 berkas" in capsys.readouterr().out


def test_delete_asks_when_there_is_attendance(
    home: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, event_id = home
    assert run(folder, "mark", event_id, "pradnya") == 0
    assert run(folder, "delete", event_id) == 1
    assert "1 catatan kehadiran" in capsys.readouterr().err
    assert run(folder, "delete", event_id, "--yes") == 0
    assert run(folder, "list") == 0
    assert event_id not in capsys.readouterr().out


def test_field_staff_cannot_mark(home: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    folder, event_id = home
    assert run(folder, "list", user="dodi") == 0
    assert run(folder, "mark", event_id, "pradnya", user="dodi") == 1
    assert "tidak berwenang" in capsys.readouterr().err


def test_doc_render_finds_the_event_in_a_fresh_process(
    home: tuple[str, str], tmp_path: Path
) -> None:
    folder, event_id = home
    out = tmp_path / "rekap.pdf"
    result = subprocess_netral(
        Path(folder),
        "doc",
        "render",
        "ikrar_rekap",
        event_id,
        "-o",
        str(out),
        "--user",
        "sari",
        "--password-env",
        "PW",
    )
    assert result.code == 0, result.err
    assert "REKAPITULASI KEHADIRAN" in pdftotext(out)

"""``netral sosialisasi ...``: list with filters, show, report, form-a, sheet, photo."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_desktop.cli import main
from netral_desktop.config import HomeLayout
from netral_desktop.services import sosialisasi
from netral_desktop.services.context import ServiceContext
from tests.doc_samples import pdftotext
from tests.sosialisasi_samples import BANGUNTAPAN, audience, fields, jpeg

PASSWORD = "rahasia-dodi-1"


@pytest.fixture
def home(
    admin: ServiceContext, layout: HomeLayout, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """Field staff 'dodi' and two events: one held in Sewon (the id returned), one planned
    in Banguntapan."""
    from netral_desktop.services.accounts import authenticate, create_user

    create_user(admin, username="dodi", full_name="Dodi", role="staf", password=PASSWORD)
    dodi = admin.as_actor(authenticate(admin, "dodi", PASSWORD))
    event_id = sosialisasi.create_event(dodi, fields(audience_ids=audience(dodi, "BPD")))
    sosialisasi.create_event(
        dodi,
        fields(
            title="Sosialisasi Pengawasan Partisipatif",
            starts_at="2024-06-03 09:00",
            kecamatan_code=BANGUNTAPAN,
            held=False,
            participants_male=None,
            participants_female=None,
            participants_total=None,
        ),
    )
    admin.db.dispose()
    monkeypatch.setenv("PW", PASSWORD)
    return str(layout.root), event_id


def run(home: str, *args: str) -> int:
    return main(["--home", home, "sosialisasi", *args, "--user", "dodi", "--password-env", "PW"])


def test_list_filters_and_show(home: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    folder, event_id = home
    assert run(folder, "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and lines[-1].startswith("2 kegiatan")
    assert lines[1].startswith(f"{event_id}  2024-05-10 09:00  Sosialisasi Netralitas ASN")
    assert lines[1].split()[-2:] == ["64", "terlaksana"]
    assert lines[0].split()[-2:] == ["-", "rencana"]
    assert run(folder, "list", "--kecamatan", "banguntapan") == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("1 kegiatan")
    assert run(folder, "list", "--audience", "bpd", "--until", "2024-05-31") == 0
    assert capsys.readouterr().out.splitlines()[0].startswith(event_id)
    assert run(folder, "list", "--kecamatan", "Gondokusuman") == 2
    assert "tidak ada di wilayah" in capsys.readouterr().err
    assert run(folder, "show", event_id[-8:]) == 0
    out = capsys.readouterr().out
    assert "Kalurahan Pendowoharjo, Kapanewon Sewon" in out
    assert "64 orang (laki-laki 30, perempuan 34)" in out
    assert "Narasumber 2" in out and "BKPSDM Bantul" in out


def test_photos_and_papers(
    home: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, event_id = home
    photo = tmp_path / "DSC0001.JPG"
    photo.write_bytes(jpeg(1600, 1200))
    not_photo = tmp_path / "catatan.jpg"
    not_photo.write_text("bukan foto")
    assert run(folder, "photo", event_id, str(photo), "--caption", "Pembukaan") == 0
    assert run(folder, "photo", event_id, str(not_photo)) == 1
    assert "bukan gambar" in capsys.readouterr().err
    report = tmp_path / "laporan.pdf"
    assert run(folder, "report", event_id, "-o", str(report)) == 0
    out = capsys.readouterr().out
    assert "Kode verifikasi:" in out
    text = pdftotext(report)
    assert "LAPORAN KEGIATAN" in text and "Pembukaan" in text
    form_a = tmp_path / "model_a.pdf"
    assert run(folder, "form-a", event_id, "-o", str(form_a)) == 0
    assert "Nomor: 001/LHP/PM.01/15.02/" in capsys.readouterr().out  # issued today
    assert "FORMULIR MODEL A" in pdftotext(form_a)
    sheet = tmp_path / "hadir.pdf"
    assert run(folder, "sheet", event_id, "-o", str(sheet), "--draft") == 0
    assert "DAFTAR HADIR" in pdftotext(sheet)
    assert run(folder, "report", event_id, "-o", str(tmp_path / "laporan.docx")) == 2

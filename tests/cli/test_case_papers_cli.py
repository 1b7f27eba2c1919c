"""``netral case export`` and ``netral case paper``: a case's summary and papers to PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_desktop.cli import main
from netral_desktop.config import HomeLayout
from netral_desktop.services import cases
from netral_desktop.services.context import ServiceContext
from tests.case_samples import PASSWORDS, PEMILU_2024, REPORTER_NAME, report, user
from tests.doc_samples import pdftotext, qpdf_check


@pytest.fixture
def home(
    admin: ServiceContext, layout: HomeLayout, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, str]:
    """A Pemilu report recorded by the coordinator 'kiki' (staff 'dodi' exists too)."""
    user(admin, "dodi", "staf")
    kiki = user(admin, "kiki", "koordinator")
    case_id = cases.new_case(
        kiki,
        report(
            election_id=PEMILU_2024,
            event_date="2024-01-15",
            known_date="2024-01-16",
            received_date="2024-01-18",
            stage="setelah_penetapan",
        ),
    )
    admin.db.dispose()
    monkeypatch.setenv("PW_KIKI", PASSWORDS["kiki"])
    monkeypatch.setenv("PW_DODI", PASSWORDS["dodi"])
    return str(layout.root), case_id


def run(home: str, *args: str, user: str = "kiki") -> int:
    env = "PW_KIKI" if user == "kiki" else "PW_DODI"
    return main(["--home", home, "case", *args, "--user", user, "--password-env", env])


def test_export_writes_the_summary_and_paper_writes_a_form(
    home: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, case_id = home
    out = tmp_path / "ringkasan.pdf"
    assert run(root, "export", case_id[-8:], "-o", str(out)) == 0
    assert "Kode verifikasi:" in capsys.readouterr().out
    assert qpdf_check(out).returncode == 0
    text = pdftotext(out)
    assert "RINGKASAN PERKARA" in text and "001/LP/PL/Kab/15.02/I/2024" in text
    assert "Pelapor-0001" in text and REPORTER_NAME not in text
    receipt = tmp_path / "b3.pdf"
    assert (
        run(
            root,
            "paper",
            "001/LP/PL/Kab/15.02/I/2024",
            "b3_tanda_bukti_laporan",
            "-o",
            str(receipt),
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "Nomor: 001/LP/PL/Kab/15.02/I/2024" in printed
    assert REPORTER_NAME in pdftotext(receipt)


def test_staff_get_a_draft_but_no_issued_receipt(
    home: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, case_id = home
    draft = tmp_path / "draf.pdf"
    assert (
        run(
            root,
            "paper",
            case_id,
            "b3_tanda_bukti_laporan",
            "-o",
            str(draft),
            "--draft",
            user="dodi",
        )
        == 0
    )
    assert "Pelapor-0001" in pdftotext(draft)
    issued = tmp_path / "b3.pdf"
    assert (
        run(root, "paper", case_id, "b3_tanda_bukti_laporan", "-o", str(issued), user="dodi") == 1
    )
    assert "hanya koordinator atau administrator" in capsys.readouterr().err
    assert not issued.exists()
    assert run(root, "export", case_id, "-o", str(tmp_path / "x.txt")) == 2  # wrong usage
    assert "harus .pdf" in capsys.readouterr().err

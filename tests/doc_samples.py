"""Shared data for the documents tests: an office, a letter, names that break careless code."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from netral_desktop.pdf.render import DocInfo, OfficeInfo

TRICKY_NAMES = [
    "Dr. H. Ahmad Fauzi, S.H., M.Si.",
    "Ni Luh Putu Ayu Pradnya-Dewi",
    "Andi Ma'ruf",
]

OFFICE = OfficeInfo(
    name="Bawaslu Kabupaten Bantul",
    address="Jl. Jenderal Sudirman No. 12, Bantul, Daerah Istimewa Yogyakarta 55711",
    phone="(0274) 367 123",
    email="set.bantul@bawaslu.go.id",
    city="Bantul",
    code="34.02",
    bawaslu_code="15.02",
)

DOC = DocInfo(
    date=date(2024, 5, 14),
    number="001/PM.00.00/K.15.02/V/2024",
    code="ABCDE-FGHJK",
    qr_payload="NETRAL-DOC 34.02 ABCDE-FGHJK",
)


def letter(paragraphs: int = 3) -> dict[str, object]:
    body = (
        "Dalam rangka pengawasan netralitas Aparatur Sipil Negara pada Pemilihan Serentak "
        "Tahun 2024, Badan Pengawas Pemilihan Umum Kabupaten Bantul menyelenggarakan "
        "sosialisasi bagi ASN di lingkungan Saudara."
    )
    return {
        "hal": "Undangan Sosialisasi Netralitas ASN",
        "kepada": ["Kepala Dinas Pendidikan, Pemuda dan Olahraga Kabupaten Bantul"],
        "isi": [f"{i + 1}. {body}" for i in range(paragraphs)],
        "jabatan_penanda_tangan": "Ketua Bawaslu Kabupaten Bantul",
        "nama_penanda_tangan": TRICKY_NAMES[0],
        "nip_penanda_tangan": "19680411 199303 1 009",
        "tembusan": ["Ketua Bawaslu Provinsi Daerah Istimewa Yogyakarta"],
    }


def roster(count: int, signer: str = "Andi Ma'ruf") -> dict[str, object]:
    from benchmarks.documents import sample_roster

    rows = sample_roster(count)
    for i, name in enumerate(TRICKY_NAMES):
        if i < len(rows):
            rows[i]["nama"] = name
    return {
        "instansi": "Dinas Pendidikan, Pemuda dan Olahraga",
        "keadaan": date(2024, 5, 1),
        "nama_penanda_tangan": signer,
        "nip_penanda_tangan": "19800101 200501 2 001",
        "pegawai": rows,
    }


def pdftotext(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


def qpdf_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)


def page_texts(pdf: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

"""Formulir Model A laid out at every length of findings: the signature never stands alone
on a page, and no section heading is left last on a page (the form engine's keep rules)."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from netral_desktop.pdf.render import DocInfo, prepare_data, render_prepared
from netral_desktop.pdf.spec import load_spec


def _values(paragraphs: int) -> dict[str, object]:
    return {
        "tahapan": "Kampanye",
        "pengawas": "Hendra Wijaya",
        "jabatan": "Staf Divisi Pencegahan",
        "surat_tugas": "012/PM.01/K.DI-02/05/2024",
        "alamat": "Jl. Jenderal Sudirman No. 12, Bantul",
        "kegiatan": "Sosialisasi Netralitas ASN",
        "tujuan": "Memastikan kegiatan sesuai ketentuan.",
        "sasaran": "Perangkat Desa",
        "tanggal": date(2024, 5, 10),
        "waktu_tempat": "Jumat, 10 Mei 2024, pukul 09.00 WIB, Balai Kalurahan",
        "uraian": "\n\n".join(
            f"{n}. Peserta bertanya tentang batasan unggahan di media sosial dan kehadiran "
            "pada kegiatan kampanye di luar jam kerja."
            for n in range(1, paragraphs + 1)
        ),
        "tempat_ttd": "Bantul",
    }


def test_the_signature_and_the_last_section_stay_together_at_any_length() -> None:
    from benchmarks.documents import _office

    spec = load_spec("sosialisasi_model_a")
    breaks = 0
    for paragraphs in range(8, 30):
        pdf = render_prepared(
            spec,
            prepare_data(spec, _values(paragraphs)),
            _office(),
            DocInfo(date=date(2024, 5, 14)),
        ).pdf
        pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
        breaks += len(pages) > 1
        signed = next(text for text in pages if "Pelaksana Tugas Pengawasan," in text)
        assert "Nihil." in signed, paragraphs  # the section's text is signed with
        for text in pages:
            footer = ("Halaman ", "DRAF", "Kode verifikasi", "Diterbitkan", "Periksa")
            content = [
                line.strip()
                for line in text.splitlines()
                if line.strip() and not line.strip().startswith(footer)
            ]
            assert not content[-1].startswith(("I.", "II.", "III.", "IV.", "V.")), (
                paragraphs,
                content[-1],
            )
    assert breaks >= 10  # the lengths tried do push the end onto a second page

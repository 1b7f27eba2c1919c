"""Rendering: deterministic bytes, valid PDF, extractable Indonesian text, page numbers,
repeated table headers, and a signature block that never stands alone on a page."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from netral_desktop.core.errors import ValidationError
from netral_desktop.pdf.flowables import wrap_text
from netral_desktop.pdf.render import render_pdf
from netral_desktop.pdf.spec import load_spec
from tests.doc_samples import (
    DOC,
    OFFICE,
    TRICKY_NAMES,
    letter,
    page_texts,
    pdftotext,
    qpdf_check,
    roster,
)

SIGNER = "Yulianti Kusuma, S.E."
HEADERS = ("No", "Nama", "NIP", "Jabatan", "Pangkat/Gol", "Unit Kerja")


@pytest.fixture(scope="module")
def roster_pdf() -> bytes:
    return render_pdf(load_spec("daftar_pegawai"), roster(300), OFFICE, DOC)


def test_same_data_gives_same_bytes(roster_pdf: bytes) -> None:
    spec = load_spec("surat_dinas")
    assert render_pdf(spec, letter(), OFFICE, DOC) == render_pdf(spec, letter(), OFFICE, DOC)
    assert render_pdf(load_spec("daftar_pegawai"), roster(300), OFFICE, DOC) == roster_pdf
    other = replace(DOC, code="ZZZZZ-22222")
    assert render_pdf(spec, letter(), OFFICE, other) != render_pdf(spec, letter(), OFFICE, DOC)


def test_qpdf_accepts_both_forms(tmp_path: Path, roster_pdf: bytes) -> None:
    letter_path = tmp_path / "surat.pdf"
    letter_path.write_bytes(render_pdf(load_spec("surat_dinas"), letter(), OFFICE, DOC))
    roster_path = tmp_path / "daftar.pdf"
    roster_path.write_bytes(roster_pdf)
    for path in (letter_path, roster_path):
        result = qpdf_check(path)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def test_text_extracts_with_apostrophes_and_hyphens(tmp_path: Path, roster_pdf: bytes) -> None:
    path = tmp_path / "daftar.pdf"
    path.write_bytes(roster_pdf)
    text = pdftotext(path)
    for name in TRICKY_NAMES:
        assert name in text, name
    assert "DINAS PENDIDIKAN, PEMUDA DAN OLAHRAGA" in text
    letter_path = tmp_path / "surat.pdf"
    letter_path.write_bytes(render_pdf(load_spec("surat_dinas"), letter(), OFFICE, DOC))
    text = pdftotext(letter_path)
    assert "Dr. H. Ahmad Fauzi, S.H., M.Si." in text
    assert "Bantul, 14 Mei 2024" in text
    assert "001/PM.00.00/K.15.02/V/2024" in text
    assert "BADAN PENGAWAS PEMILIHAN UMUM" in text and "KABUPATEN BANTUL" in text
    assert "Kode verifikasi: ABCDE-FGHJK" in text


def test_every_page_numbered_and_headed(roster_pdf: bytes) -> None:
    pages = page_texts(roster_pdf)
    total = len(pages)
    assert total > 5
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {total}" in text
        for header in HEADERS:
            assert header in text, (number, header)
        assert "Kode verifikasi: ABCDE-FGHJK" in text
    # rows continue across pages in order, none lost or repeated
    numbers = [int(n) for text in pages for n in re.findall(r"^(\d{1,3}) ", text, re.M)]
    assert [n for n in numbers if n <= 300][-1] == 300


@pytest.mark.parametrize("count", range(14, 36))
def test_signature_never_alone_after_a_table(count: int) -> None:
    pdf = render_pdf(load_spec("daftar_pegawai"), roster(count, signer=SIGNER), OFFICE, DOC)
    pages = page_texts(pdf)
    last = pages[-1]
    assert SIGNER in last
    assert "Nama" in last and str(count) in last.split(SIGNER)[0], (count, last)
    assert sum(SIGNER in p for p in pages) == 1


@pytest.mark.parametrize("paragraphs", range(4, 10))
def test_signature_never_alone_after_a_letter(paragraphs: int) -> None:
    pdf = render_pdf(load_spec("surat_dinas"), letter(paragraphs), OFFICE, DOC)
    pages = page_texts(pdf)
    signer = next(p for p in pages if "Ahmad Fauzi" in p)
    assert f"{paragraphs}. Dalam rangka" in signer  # the last paragraph travels with it


def test_long_words_wrap_inside_their_column() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from netral_desktop.pdf import fonts

    font = fonts.register("sans")
    text = "Kepala Sub Bagian Perencanaan " + "X" * 60 + " dan Keuangan"
    lines = wrap_text(text, font, 9, 80)
    assert len(lines) > 3
    assert all(stringWidth(line, font, 9) <= 80 for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_markup_in_data_is_escaped(tmp_path: Path) -> None:
    data = letter()
    data["hal"] = "Permintaan <b>data</b> & klarifikasi"
    path = tmp_path / "x.pdf"
    path.write_bytes(render_pdf(load_spec("surat_dinas"), data, OFFICE, DOC))
    assert "Permintaan <b>data</b> & klarifikasi" in pdftotext(path)


def test_bytes_per_page_small() -> None:
    pdf = render_pdf(load_spec("daftar_pegawai"), roster(1000), OFFICE, DOC)
    pages = len(page_texts(pdf))
    assert len(pdf) / pages <= 6 * 1024


def test_bad_data_is_refused() -> None:
    spec = load_spec("surat_dinas")
    data = letter()
    del data["hal"]
    with pytest.raises(ValidationError, match="Hal"):
        render_pdf(spec, data, OFFICE, DOC)
    with pytest.raises(ValidationError, match="perihal"):
        render_pdf(spec, {**letter(), "perihal": "x"}, OFFICE, DOC)
    rows = roster(3)
    rows["pegawai"][0]["golongan"] = "III/a"  # type: ignore[index]
    with pytest.raises(ValidationError, match="golongan"):
        render_pdf(load_spec("daftar_pegawai"), rows, OFFICE, DOC)


def test_draft_has_no_code_and_says_so(tmp_path: Path) -> None:
    draft = replace(DOC, number="…/PM.00.00/K.15.02/V/2024", code="", draft=True)
    path = tmp_path / "draft.pdf"
    path.write_bytes(render_pdf(load_spec("surat_dinas"), letter(), OFFICE, draft))
    text = pdftotext(path)
    assert "DRAF" in text and "Kode verifikasi" not in text


def test_letterhead_with_logo_and_preview_images(tmp_path: Path) -> None:
    import io

    from PIL import Image

    from netral_desktop.pdf.preview import page_count, render_pages

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, "PNG")
    office = replace(OFFICE, logo=buffer.getvalue())
    pdf = render_pdf(load_spec("surat_dinas"), letter(), office, DOC)
    path = tmp_path / "logo.pdf"
    path.write_bytes(pdf)
    assert qpdf_check(path).returncode == 0
    assert page_count(pdf) == 1
    [image] = list(render_pages(pdf, dpi=36))
    assert (image.width, image.height) == (298, 421)  # A4 at 36 dpi
    assert len(image.data) == image.stride * image.height
    # the logo's red shows near the top left corner
    x, y = 35, 40
    r, g, b = image.data[y * image.stride + 3 * x : y * image.stride + 3 * x + 3]
    assert r > 150 and g < 100 and b < 100

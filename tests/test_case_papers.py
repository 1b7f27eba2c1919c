"""The violation-case papers (issue 13, item 8): every Perbawaslu 7/2022 form the office
issues, the case summary and the Pilkada report form, each with its sample data; their
exact titles and fields, numbers of the lampiran's formats, the receipt that carries its
report's number, tick boxes, stamp and meterai notes, paraph boxes on every page."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

from netral_desktop.config import forms_dir
from netral_desktop.core.errors import ValidationError
from netral_desktop.pdf.render import DocInfo, prepare_data, render_pdf
from netral_desktop.pdf.spec import SpecError, load_spec, parse_spec
from netral_desktop.services import documents
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.office import update_office
from tests.doc_samples import OFFICE, page_texts, qpdf_check

# code -> (title printed on the paper, words its sample must show)
CASE_FORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "b1_formulir_laporan": (
        "FORMULIR LAPORAN",
        (
            "Identitas Pelapor",
            "Identitas Terlapor",
            "Peristiwa yang Dilaporkan",
            "Saksi-saksi",
            "Bukti",
            "Uraian Singkat Kejadian",
            "Sri Wahyuni",
            "Penerima Laporan,",
            "Pelapor,",
            "pukul 10.15 WIB",
            "Hari/Tanggal Diketahui",
        ),
    ),
    "b2_formulir_temuan": (
        "FORMULIR TEMUAN",
        (
            "Pengawas Pemilu yang Menemukan",
            "Nomor Surat Tugas",
            "Nomor Laporan Hasil Pengawasan",
            "Uraian Singkat Kejadian",
            "Ketua Bawaslu Kabupaten Bantul,",
        ),
    ),
    "b3_tanda_bukti_laporan": (
        "TANDA BUKTI PENYAMPAIAN LAPORAN",
        (
            "Nomor: 003/LP/PL/Kab/15.02/I/2024",
            "Bentuk Dokumen",
            "Jumlah",
            "Pemilihan Umum Anggota",
            "rangkap 2 (dua)",
            "Pelapor,",
            "Penerima Laporan,",
        ),
    ),
    "b3_1_tanda_bukti_perbaikan": (
        "TANDA BUKTI PERBAIKAN LAPORAN",
        ("Nomor: 003/LP/PL/Kab/15.02/I/2024", "Bentuk Dokumen Perbaikan", "Rabu, 10 Januari 2024"),
    ),
    "b4_pencabutan_laporan": (
        "Pencabutan Laporan",
        (
            "Nomor 003/LP/PL/Kab/15.02/I/2024",
            "Meterai",
            "Rp10.000",
            "Ketua Bawaslu Kabupaten Bantul",
        ),
    ),
    "b7_kajian_awal": (
        "KAJIAN AWAL DUGAAN PELANGGARAN",
        (
            "I. DATA PELAPOR",
            "II. URAIAN LAPORAN",
            "III. KAJIAN",
            "IV. KESIMPULAN",
            "V. REKOMENDASI",
            "Syarat Formal",
            "Syarat Materiel",
            "Pelimpahan",
            "Pengambilalihan",
            "Pencabutan Laporan",
            "Penghentian",
            "paling lama 2 (dua) Hari",
            "CAP",
        ),
    ),
    "b8_informasi_awal": (
        "INFORMASI AWAL",
        ("Dasar", "Sumber Informasi", "Bukti", "Uraian Kejadian", "Penerima Informasi Awal,"),
    ),
    "b9_undangan_klarifikasi": (
        "Undangan Klarifikasi",
        (
            "Nomor : 005/Reg/LP/PL/Kab/15.02/I/2024",
            "Hari/Tanggal",
            "Senin, 15 Januari 2024",
            "Pukul",
            "09.00 WIB",
            "Terlapor",
        ),
    ),
    "b10_berita_acara_sumpah": (
        "BERITA ACARA SUMPAH/JANJI",
        ("Agama/Kepercayaan", "Katolik", "pukul 09.10 WIB", "Yang bersumpah/berjanji,", "Meterai"),
    ),
    "b11_berita_acara_sumpah_ahli": (
        "BERITA ACARA SUMPAH/JANJI AHLI",
        ("Bidang Keahlian", "sebagai ahli", "Meterai", "Rp10.000"),
    ),
    "b12_berita_acara_klarifikasi": (
        "BERITA ACARA KLARIFIKASI",
        (
            "Surat Tugas Nomor",
            "Kedudukan",
            "Pertanyaan pembuka",
            "Pertanyaan pokok",
            "Pertanyaan penutup",
            "dibacakan kembali",
            "Yang memberi keterangan,",
            "Yang meminta keterangan,",
            "Paraf yang memberi keterangan",
        ),
    ),
    "b13_kajian": (
        "KAJIAN DUGAAN PELANGGARAN",
        (
            "RAHASIA",
            "I. KASUS POSISI",
            "II. DATA",
            "III. KAJIAN",
            "Dasar Hukum",
            "Fakta-Fakta",
            "Analisis",
            "IV. KESIMPULAN",
            "V. REKOMENDASI",
            "Sentra Penegakan Hukum Terpadu",
        ),
    ),
    "b16_penerusan_pidana": (
        "Penerusan Tindak Pidana Pemilu",
        (
            "Kepala Kepolisian Resor Bantul",
            "Sentra Penegakan Hukum Terpadu",
            "002/Reg/TM/PL/Kab/15.02/II/2024",
            "Pasal 490",
        ),
    ),
    "b17_rekomendasi_peraturan_lain": (
        "Rekomendasi Dugaan Pelanggaran Peraturan Perundang-Undangan Lain",
        (
            "Kepala Badan Kepegawaian Negara",
            "Pejabat Pembina Kepegawaian",
            "Bupati Bantul",
            "005/Reg/LP/PL/Kab/15.02/I/2024",
            "19700202 199403 1 005",
        ),
    ),
    "b18_pemberitahuan_status": (
        "PEMBERITAHUAN STATUS TEMUAN/LAPORAN",
        (
            "Pengawas Pemilu/Pelapor dan Terlapor",
            "Nomor Temuan/Laporan",
            "Status",
            "Instansi Tujuan/Alasan",
            "Dewan Kehormatan Penyelenggara Pemilu",
            "Pelapor-0007",
        ),
    ),
    "ringkasan_perkara": (
        "RINGKASAN PERKARA",
        (
            "Riwayat Penanganan",
            "Dokumen yang Diterbitkan",
            "Terlapor",
            "Pelapor-0007",
            "Tenggat berikutnya",
        ),
    ),
    "pilkada_formulir_laporan": (
        "FORMULIR LAPORAN",
        ("Identitas Pelapor", "Uraian Singkat Kejadian", "Muhammad Rizal Hakim", "Pelapor,"),
    ),
}

DOC = DocInfo(
    date=date(2024, 5, 14),
    number="",
    code="ABCDE-FGHJK",
    qr_payload="NETRAL-DOC 34.02 ABCDE-FGHJK",
)


def _sample(code: str) -> dict[str, object]:
    data = yaml.safe_load((forms_dir() / code / "contoh.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _text(pdf: bytes) -> str:
    return " ".join("\n".join(page_texts(pdf)).split())


def test_every_case_form_has_a_spec_and_a_sample() -> None:
    for code, (_title, _words) in CASE_FORMS.items():
        spec = load_spec(code)
        assert spec.record == "perkara", code
        assert (forms_dir() / code / "contoh.yaml").is_file(), code
        # The letterhead is the office's, except the reporter's own letter (B.4).
        assert spec.letterhead == ("none" if code == "b4_pencabutan_laporan" else "office"), code


@pytest.mark.parametrize("code", sorted(CASE_FORMS))
def test_sample_renders_the_same_bytes_twice_with_its_title_and_fields(
    code: str, tmp_path: Path
) -> None:
    spec = load_spec(code)
    # The number as issuing gives it: the record's own (a receipt's), else a drawn one.
    reused = documents.reused_number(spec, prepare_data(spec, _sample(code)))
    number = (reused or "007/LP/PL/Kab/15.02/V/2024") if spec.numbering else ""
    doc = DocInfo(date=DOC.date, number=number, code=DOC.code, qr_payload=DOC.qr_payload)
    first = render_pdf(spec, _sample(code), OFFICE, doc)
    assert render_pdf(spec, _sample(code), OFFICE, doc) == first
    path = tmp_path / f"{code}.pdf"
    path.write_bytes(first)
    assert qpdf_check(path).returncode == 0
    text = _text(first)
    title, words = CASE_FORMS[code]
    assert title in text
    for word in words:
        assert word in text, (code, word)
    if code != "b4_pencabutan_laporan":
        assert text.startswith("BADAN PENGAWAS PEMILIHAN UMUM KABUPATEN BANTUL"), code


def test_tables_inside_sections_keep_to_the_right_margin(tmp_path: Path) -> None:
    """A table in a numbered section was as wide as the page's frame and ran past the right
    margin by the section's indent."""
    spec = load_spec("b7_kajian_awal")
    pdf = render_pdf(spec, _sample("b7_kajian_awal"), OFFICE, DOC)
    path = tmp_path / "b7.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    right_edge_pt = (210 - spec.margins_mm["right"]) / 25.4 * 72
    xs = [float(x) for x in re.findall(r'xMax="([\d.]+)"', out)]
    assert xs and max(xs) <= right_edge_pt + 0.5


def test_choices_tick_the_records_choice_and_refuse_an_unknown_one() -> None:
    spec = load_spec("b7_kajian_awal")
    data = _sample("b7_kajian_awal")
    ticked = render_pdf(spec, data, OFFICE, DOC)
    other = render_pdf(spec, {**data, "kesimpulan": "belum_lengkap"}, OFFICE, DOC)
    assert ticked != other  # the same words, another box ticked
    assert _text(ticked) == _text(other)
    with pytest.raises(ValidationError, match="Pilihan 'terbukti' untuk isian 'kesimpulan'"):
        render_pdf(spec, {**data, "kesimpulan": "terbukti"}, OFFICE, DOC)


def test_paraph_boxes_on_every_page_of_the_minutes() -> None:
    spec = load_spec("b12_berita_acara_klarifikasi")
    data = _sample("b12_berita_acara_klarifikasi")
    rows = list(data["tanya_jawab"])  # type: ignore[call-overload]
    data["tanya_jawab"] = rows * 6  # a long hearing
    pages = page_texts(render_pdf(spec, data, OFFICE, DOC))
    assert len(pages) >= 3
    for page in pages:
        assert "Paraf yang memberi keterangan" in page
        assert "Paraf yang meminta keterangan" in page


def test_the_reporter_signs_beside_the_receiver_even_unnamed() -> None:
    spec = load_spec("b3_tanda_bukti_laporan")
    data = {**_sample("b3_tanda_bukti_laporan"), "penerima_nama": ""}
    text = _text(render_pdf(spec, data, OFFICE, DOC))
    assert "Pelapor," in text and "Penerima Laporan," in text
    assert "(" + "." * 40 + ")" in text  # a line to write the receiver's name on


# --- the spec language's new parts ----------------------------------------------------------


def _spec_file(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "uji"
    folder.mkdir(exist_ok=True)
    path = folder / "spec.yaml"
    path.write_text(
        "code: uji\ntitle: Uji\nrecord: berkas\npage: {size: A4}\n" + body, encoding="utf-8"
    )
    return path


def test_spec_refuses_numbering_without_a_source_and_an_unknown_number_field(
    tmp_path: Path,
) -> None:
    fields = "fields:\n  nomor: {type: text}\nblocks:\n  - {type: text, text: '{doc.number}'}\n"
    with pytest.raises(SpecError, match="'numbering' memerlukan"):
        parse_spec(_spec_file(tmp_path, "numbering: {series: a}\n" + fields))
    with pytest.raises(SpecError, match="isian 'nomer' tidak dikenal"):
        parse_spec(_spec_file(tmp_path, "numbering: {number_from: nomer}\n" + fields))
    spec = parse_spec(_spec_file(tmp_path, "numbering: {number_from: nomor}\n" + fields))
    assert spec.numbering is not None and not spec.numbering.draws


def test_spec_refuses_bad_options_and_a_page_note_without_room(tmp_path: Path) -> None:
    fields = "fields:\n  pilih: {type: text}\n"
    with pytest.raises(SpecError, match="ditulis dua kali"):
        parse_spec(
            _spec_file(
                tmp_path,
                fields + "blocks:\n  - {type: choices, field: pilih, options: [[a, A], [a, B]]}\n",
            )
        )
    with pytest.raises(SpecError, match="margin bawah paling sedikit 28 mm"):
        parse_spec(
            _spec_file(
                tmp_path,
                "page_note: 'Paraf'\n" + fields + "blocks:\n  - {type: text, text: x}\n",
            )
        )


# --- issuing: the number of the lampiran's format, a receipt with its report's number -------


@pytest.fixture
def officer(admin: ServiceContext) -> ServiceContext:
    update_office(admin, head_name="Dr. H. Ahmad Fauzi, S.H., M.Si.", bawaslu_code="15.02")
    return admin


def _path(code: str) -> str:
    return str(forms_dir() / code / "contoh.yaml")


def test_issuing_the_report_takes_a_penyampaian_number_and_the_receipt_carries_it(
    officer: ServiceContext, tmp_path: Path
) -> None:
    report = documents.issue(officer, "b1_formulir_laporan", _path("b1_formulir_laporan"))
    number = report.document.number
    assert number == "001/LP/PL/Kab/15.02/V/2024"
    assert f"Nomor: {number}" in _text(report.pdf)
    second = documents.issue(officer, "b1_formulir_laporan", _path("b1_formulir_laporan"))
    assert second.document.number == "002/LP/PL/Kab/15.02/V/2024"  # a new report, a new number

    receipt_data = tmp_path / "b3.yaml"
    receipt_data.write_text(
        yaml.safe_dump({**_sample("b3_tanda_bukti_laporan"), "nomor_penyampaian": number}),
        encoding="utf-8",
    )
    receipt = documents.issue(officer, "b3_tanda_bukti_laporan", str(receipt_data))
    assert receipt.document.number == number and receipt.document.seq is None
    assert f"Nomor: {number}" in _text(receipt.pdf)
    # Asked for again with the same content: the same paper, not a second receipt.
    again = documents.issue(officer, "b3_tanda_bukti_laporan", str(receipt_data))
    assert again.reused and again.document.code == receipt.document.code
    # The series went on from the reports alone: the receipt took no number of its own.
    third = documents.issue(officer, "b1_formulir_laporan", _path("b1_formulir_laporan"))
    assert third.document.number == "003/LP/PL/Kab/15.02/V/2024"


def test_the_completion_receipt_never_draws_a_number(
    officer: ServiceContext, tmp_path: Path
) -> None:
    data = {**_sample("b3_1_tanda_bukti_perbaikan"), "nomor_penyampaian": ""}
    path = tmp_path / "b3_1.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValidationError, match="memakai nomor yang sudah ada") as caught:
        documents.issue(officer, "b3_1_tanda_bukti_perbaikan", str(path))
    assert caught.value.code == "number_missing"
    assert documents.list_issued(officer) == []
    # A draft is fine without it: it says where the number will go.
    assert documents.render_draft(officer, "b3_1_tanda_bukti_perbaikan", str(path))
    issued = documents.issue(
        officer, "b3_1_tanda_bukti_perbaikan", _path("b3_1_tanda_bukti_perbaikan")
    )
    assert issued.document.number == "003/LP/PL/Kab/15.02/I/2024"


@pytest.mark.parametrize(
    ("code", "pattern"),
    [
        ("b2_formulir_temuan", r"^001/Reg/TM/PL/Kab/15\.02/V/2024$"),
        ("b16_penerusan_pidana", r"^001/Terus-TPP/TM/PL/Kab/15\.02/V/2024$"),
        ("b17_rekomendasi_peraturan_lain", r"^001/Rekom-DPPL/LP/PL/Kab/15\.02/V/2024$"),
        ("pilkada_formulir_laporan", r"^001/LP/PB/Kab/15\.02/V/2024$"),
    ],
)
def test_numbers_of_the_lampirans_formats_on_issue(
    officer: ServiceContext, code: str, pattern: str
) -> None:
    issued = documents.issue(officer, code, _path(code))
    assert re.match(pattern, issued.document.number or ""), issued.document.number
    assert issued.document.number in _text(issued.pdf)


def test_recommendation_and_forwarding_share_the_office_sequence(officer: ServiceContext) -> None:
    first = documents.issue(
        officer, "b17_rekomendasi_peraturan_lain", _path("b17_rekomendasi_peraturan_lain")
    )
    second = documents.issue(officer, "b16_penerusan_pidana", _path("b16_penerusan_pidana"))
    assert (first.document.number or "").startswith("001/Rekom-DPPL/")
    assert (second.document.number or "").startswith("002/Terus-TPP/")


def test_on_issue_runs_in_the_transaction_and_its_failure_issues_nothing(
    officer: ServiceContext,
) -> None:
    seen: list[str] = []

    def note(_session: object, document: documents.IssuedRow) -> None:
        seen.append(document.number or "")
        raise ValidationError("kasus berubah")

    with pytest.raises(ValidationError, match="kasus berubah"):
        documents.issue(officer, "b1_formulir_laporan", _path("b1_formulir_laporan"), on_issue=note)
    assert seen == ["001/LP/PL/Kab/15.02/V/2024"]
    assert documents.list_issued(officer) == []
    # The number was not used: the next paper gets it.
    issued = documents.issue(officer, "b1_formulir_laporan", _path("b1_formulir_laporan"))
    assert issued.document.number == "001/LP/PL/Kab/15.02/V/2024"


def test_an_empty_row_in_bold_is_left_out_like_any_empty_row() -> None:
    """``skip_empty`` left a row whose template only wrapped an empty value in <b></b>."""
    spec = load_spec("ringkasan_perkara")
    data = {**_sample("ringkasan_perkara"), "tenggat": ""}
    text = _text(render_pdf(spec, data, OFFICE, DOC))
    assert "Tenggat berikutnya" not in text
    assert "Tenggat berikutnya" in _text(
        render_pdf(spec, _sample("ringkasan_perkara"), OFFICE, DOC)
    )

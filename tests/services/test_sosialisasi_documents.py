"""The papers of a socialization event: the activity report with its photo grid, Formulir
Model A, and the attendance sheet shared with pledge ceremonies (both engines)."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from netral_desktop.core.errors import ValidationError
from netral_desktop.services import documents, sosialisasi
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.sosialisasi import documents as papers
from tests.sosialisasi_samples import audience, fields, jpeg


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _images(pdf: bytes) -> list[tuple[int, int]]:
    return [
        (image.image.width, image.image.height)
        for page in PdfReader(io.BytesIO(pdf)).pages
        for image in page.images
    ]


def test_the_report_prints_facts_speakers_minutes_and_downscaled_photos(
    staf: ServiceContext,
) -> None:
    event_id = sosialisasi.create_event(staf, fields(audience_ids=audience(staf, "BPD")))
    originals = [jpeg(4000, 3000, (10 * i, 90, 120)) for i in range(5)]
    for number, data in enumerate(originals, start=1):
        sosialisasi.add_photo(
            staf, event_id, data, original_name=f"IMG_{number}.JPG", caption=f"Sesi {number}"
        )
    pdf = papers.draft(staf, papers.FORM_REPORT, event_id)
    text = " ".join(_text(pdf).split())
    assert "LAPORAN KEGIATAN" in text
    assert "Balai Kalurahan Pendowoharjo, Kalurahan Pendowoharjo, Kapanewon Sewon" in text
    assert "64 orang (laki-laki 30, perempuan 34)" in text
    assert "Dra. Sri Mulyani" in text and "BKPSDM Bantul" in text
    assert "Peserta bertanya tentang media sosial." in text
    assert all(f"Sesi {n}" in text for n in range(1, 6))
    # Five photos, each printed from a copy of at most 900 pixels; the originals unchanged.
    assert sorted(_images(pdf)) == [(900, 675)] * 5
    stored = [sosialisasi.file_bytes(staf, p.id) for p in sosialisasi.photos(staf, event_id)]
    assert stored == originals


def test_a_report_without_photos_or_speakers_says_so(staf: ServiceContext) -> None:
    event_id = sosialisasi.create_event(staf, fields(speakers=(), minutes=""))
    text = _text(papers.draft(staf, papers.FORM_REPORT, event_id))
    assert "(belum ada foto kegiatan)" in text
    assert "(narasumber belum dicatat)" in text
    assert "Notulen belum dicatat." in text


def test_form_a_is_numbered_and_needs_the_supervisor(staf: ServiceContext) -> None:
    event_id = sosialisasi.create_event(staf, fields(supervisor_name=""))
    with pytest.raises(ValidationError, match="pelaksana tugas pengawasan") as caught:
        papers.issue(staf, papers.FORM_A, event_id)
    assert caught.value.code == "supervisor_missing"
    event = sosialisasi.get_event(staf, event_id)
    sosialisasi.update_event(
        staf, event_id, replace(event.fields(), supervisor_name="Hendra Wijaya")
    )
    issued = papers.issue(staf, papers.FORM_A, event_id)
    text = " ".join(_text(issued.pdf).split())
    assert "FORMULIR MODEL A" in text and "LAPORAN HASIL PENGAWASAN PEMILU" in text
    assert issued.document.number == "001/LHP/PM.01/15.02/05/2024"
    assert "Hendra Wijaya" in text and "012/PM.01/K.DI-02/05/2024" in text
    assert "I. Data Pengawas Pemilu" in text and "V. Informasi Dugaan Sengketa" in text
    assert "Nihil." in text
    assert documents.verify(staf, issued.document.code, file_bytes=issued.pdf).ok


def test_the_attendance_sheet_is_the_pledge_sheet_of_the_event(staf: ServiceContext) -> None:
    event_id = sosialisasi.create_event(staf, fields())
    text = _text(papers.draft(staf, papers.FORM_SHEET, event_id))
    assert "DAFTAR HADIR" in text
    assert "Kapanewon Sewon" in text


def test_the_forms_render_by_id_through_the_documents_engine(staf: ServiceContext) -> None:
    event_id = sosialisasi.create_event(staf, fields())
    pdf = documents.render_draft(staf, papers.FORM_REPORT, event_id[-8:])
    assert "LAPORAN KEGIATAN" in _text(pdf)

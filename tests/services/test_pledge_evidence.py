"""Evidence: scans and photos of the signed sheet, content-addressed, checked, never changed."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from netral_desktop.core.errors import NotFoundError, ValidationError, VerificationFailed
from netral_desktop.services import pledge
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import blobs
from tests.pledge_samples import jpeg_bytes, new_event, png_bytes


def test_a_scan_is_kept_content_addressed_and_never_twice(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat)
    data = png_bytes()
    first = pledge.attach_evidence(
        sekretariat, event_id, data, original_name="scan halaman 1.png", caption="Halaman 1"
    )
    item = first.attachment
    assert not first.duplicate
    assert (item.sha256, item.size, item.media_type) == (
        blobs.sha256_hex(data),
        len(data),
        "image/png",
    )
    assert (item.added_by, item.original_name) == ("sari", "scan halaman 1.png")
    assert sekretariat.layout is not None
    assert blobs.read_bytes(sekretariat.layout, item.sha256) == data
    again = pledge.attach_evidence(sekretariat, event_id, data, original_name="copy.png")
    assert again.duplicate and again.attachment.id == item.id
    assert [e.id for e in pledge.list_evidence(sekretariat, event_id)] == [item.id]
    assert pledge.evidence_bytes(sekretariat, item.id) == data


def test_files_that_are_not_scans_are_refused(sekretariat: ServiceContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    event_id = new_event(sekretariat)
    docx = tmp_path / "daftar hadir.png"  # a Word file renamed: the content decides
    docx.write_bytes(b"PK\x03\x04" + b"\0" * 200)
    with pytest.raises(ValidationError) as caught:
        pledge.attach_evidence(sekretariat, event_id, docx)
    assert caught.value.code == "evidence_type"
    assert "daftar hadir.png bukan gambar (PNG, JPEG, WebP, TIFF) atau PDF" in str(caught.value)
    truncated = png_bytes()[:60]
    with pytest.raises(ValidationError) as caught:
        pledge.attach_evidence(sekretariat, event_id, truncated, original_name="potong.png")
    assert caught.value.code == "evidence_damaged"
    with pytest.raises(ValidationError):
        pledge.attach_evidence(sekretariat, event_id, b"", original_name="kosong.pdf")
    assert pledge.list_evidence(sekretariat, event_id) == []
    assert sekretariat.layout is not None
    assert not list(sekretariat.layout.attachments.rglob("*")) or all(
        p.is_dir() for p in sekretariat.layout.attachments.rglob("*")
    )


def test_thumbnails_of_photos_and_pdf_scans(sekretariat: ServiceContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from io import BytesIO

    from PIL import Image

    from netral_desktop.pdf.render import render_pdf
    from netral_desktop.pdf.spec import load_spec
    from tests.doc_samples import DOC, OFFICE, letter

    event_id = new_event(sekretariat)
    photo = pledge.attach_evidence(sekretariat, event_id, jpeg_bytes((1600, 1200))).attachment
    pdf_path = tmp_path / "pindaian.pdf"
    pdf_path.write_bytes(render_pdf(load_spec("surat_dinas"), letter(), OFFICE, DOC))
    scan = pledge.attach_evidence(sekretariat, event_id, pdf_path).attachment
    assert scan.media_type == "application/pdf" and scan.original_name == "pindaian.pdf"
    for item, expected in ((photo, (160, 120)), (scan, None)):
        thumb = Image.open(BytesIO(pledge.evidence_thumbnail(sekretariat, item.id)))
        assert thumb.format == "PNG" and max(thumb.size) == 160
        if expected:
            assert thumb.size == expected
    small = Image.open(BytesIO(pledge.evidence_thumbnail(sekretariat, photo.id, size=64)))
    assert small.size == (64, 48)


def test_a_missing_attachment_is_noticed(sekretariat: ServiceContext) -> None:
    from netral_desktop.services.check import check_attachment_records

    event_id = new_event(sekretariat)
    item = pledge.attach_evidence(sekretariat, event_id, png_bytes()).attachment
    assert check_attachment_records(sekretariat).ok
    assert sekretariat.layout is not None
    blobs.blob_path(sekretariat.layout, item.sha256).unlink()
    result = check_attachment_records(sekretariat)
    assert not result.ok and item.sha256 in result.detail
    with pytest.raises(NotFoundError):
        pledge.evidence_bytes(sekretariat, item.id)


def test_an_altered_attachment_is_noticed(sekretariat: ServiceContext) -> None:
    from netral_desktop.services.check import check_attachments

    event_id = new_event(sekretariat)
    item = pledge.attach_evidence(sekretariat, event_id, png_bytes()).attachment
    assert check_attachments(sekretariat).ok
    assert sekretariat.layout is not None
    path = blobs.blob_path(sekretariat.layout, item.sha256)
    path.write_bytes(png_bytes(color="black"))
    with pytest.raises(VerificationFailed):
        pledge.evidence_bytes(sekretariat, item.id)
    assert not check_attachments(sekretariat).ok


def test_a_wrong_attachment_is_detached_but_kept(sekretariat: ServiceContext) -> None:
    event_id = new_event(sekretariat)
    item = pledge.attach_evidence(sekretariat, event_id, png_bytes()).attachment
    pledge.remove_evidence(sekretariat, item.id)
    assert pledge.list_evidence(sekretariat, event_id) == []
    assert sekretariat.layout is not None
    assert blobs.read_bytes(sekretariat.layout, item.sha256) is not None
    with sekretariat.db.read_session() as session:
        assert session.execute(text("SELECT deleted FROM attachment")).scalar() == 1

"""Evidence on any record (issue 13 item 6, and item 7's confidential evidence): types by
content, the office's size limit, duplicates across records, confidential files sealed on
disk, the custody log, role limits, and ``netral check`` over sealed files."""

from __future__ import annotations

import os
import tracemalloc
from pathlib import Path

import pytest

from netral_desktop.core.errors import (
    NotFoundError,
    PermissionDenied,
    ValidationError,
    VerificationFailed,
)
from netral_desktop.core.roles import Permission
from netral_desktop.services import evidence, office
from netral_desktop.services.check import (
    check_attachment_records,
    check_attachments,
    check_sealed_attachments,
    run_checks,
)
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import blobs
from tests import evidence_samples as samples
from tests.pledge_samples import jpeg_bytes, new_event, png_bytes

CASE = "case_file"  # the owner table of case evidence (services/cases/, another branch)
CASE_A = "0193a000-0000-7000-8000-00000000000a"
CASE_B = "0193a000-0000-7000-8000-00000000000b"
LOG = Permission.CASE_LOG
# A reporter's statement as a Word file: stored uncompressed, so its words are in its bytes.
SECRET_NAME = "Siti Nurhaliza binti Ahmad"
SECRET_NIK = "3402015708900003"


@pytest.fixture
def koordinator(admin: ServiceContext) -> ServiceContext:
    from netral_desktop.services.accounts import authenticate, create_user

    create_user(
        admin, username="kurnia", full_name="Kurnia", role="koordinator", password="rahasia-kur-1"
    )
    return admin.as_actor(authenticate(admin, "kurnia", "rahasia-kur-1"))


def _statement() -> bytes:
    return samples.docx_bytes(f"Keterangan pelapor {SECRET_NAME}, NIK {SECRET_NIK}")


def _files(ctx: ServiceContext) -> list[Path]:
    assert ctx.layout is not None
    return sorted(p for p in ctx.layout.attachments.rglob("*") if p.is_file())


def test_recordings_letters_and_documents_are_accepted_by_content(
    staf: ServiceContext, tmp_path: Path
) -> None:
    offered = {
        "rekaman.mp3": (samples.mp3_bytes(), "audio/mpeg", "audio"),
        "pesan suara.ogg": (samples.ogg_opus_bytes(), "audio/ogg", "audio"),
        "wawancara.m4a": (samples.m4a_bytes(), "audio/mp4", "audio"),
        "rapat.wav": (samples.wav_bytes(), "audio/wav", "audio"),
        "video kampanye.mp4": (samples.mp4_bytes(), "video/mp4", "video"),
        "siaran langsung.webm": (samples.webm_bytes(), "video/webm", "video"),
        "surat.docx": (samples.docx_bytes(), evidence.rules.DOCX_TYPE, "document"),
        # the name lies, the content decides: a PNG called .jpg is kept as a PNG
        "tangkapan layar.jpg": (png_bytes(), "image/png", "image"),
    }
    for name, (data, media_type, kind) in offered.items():
        path = tmp_path / name
        path.write_bytes(data)
        added = evidence.attach(staf, CASE, CASE_A, path, permission=LOG, source="tangkapan_layar")
        row = added.attachment
        assert (row.media_type, row.kind, row.original_name) == (media_type, kind, name)
        assert (row.size, row.sha256) == (len(data), blobs.sha256_hex(data))
        assert (row.added_by, row.source_label) == ("dodi", "Tangkapan layar")
    listed = evidence.list_for(staf, CASE, CASE_A)
    assert [r.original_name for r in listed] == list(offered)


def test_a_program_named_jpg_and_other_files_are_refused(
    staf: ServiceContext, tmp_path: Path
) -> None:
    fake = tmp_path / "foto bukti.jpg"
    fake.write_bytes(samples.exe_bytes())
    with pytest.raises(ValidationError) as caught:
        evidence.attach(staf, CASE, CASE_A, fake, permission=LOG)
    assert caught.value.code == "evidence_type"
    assert "foto bukti.jpg bukan berkas bukti yang dikenali" in str(caught.value)
    assert "dikenali dari isinya, bukan dari namanya" in str(caught.value)
    for name, data in (("tabel.docx", samples.xlsx_like_bytes()), ("rusak.png", png_bytes()[:60])):
        with pytest.raises(ValidationError):
            evidence.attach(staf, CASE, CASE_A, data, original_name=name, permission=LOG)
    with pytest.raises(ValidationError, match="Asal bukti 'kiriman'"):
        evidence.attach(staf, CASE, CASE_A, png_bytes(), permission=LOG, source="kiriman")
    assert evidence.list_for(staf, CASE, CASE_A) == [] and _files(staf) == []


def test_the_size_limit_is_the_offices_and_refused_before_copying(
    admin: ServiceContext, staf: ServiceContext, tmp_path: Path
) -> None:
    assert evidence.size_limit_mb(staf) == 200
    with pytest.raises(PermissionDenied):
        office.update_office(staf, evidence_max_mb=1)
    with pytest.raises(ValidationError, match="1 sampai 4096"):
        office.update_office(admin, evidence_max_mb="dua ratus")
    office.update_office(admin, evidence_max_mb=1)
    assert evidence.size_limit_mb(staf) == 1
    big = tmp_path / "rekaman panjang.mp3"
    big.write_bytes(samples.mp3_bytes(frames=3800))  # 1.5 MB
    with pytest.raises(ValidationError) as caught:
        evidence.attach(staf, CASE, CASE_A, big, permission=LOG)
    message = str(caught.value)
    assert caught.value.code == "evidence_too_large"
    assert "rekaman panjang.mp3 terlalu besar (2 MB)" in message
    assert "batas berkas bukti kantor ini 1 MB" in message
    assert "'netral office --batas-bukti-mb ANGKA'" in message
    assert _files(staf) == []
    small = samples.mp3_bytes(frames=2000)  # 0.8 MB
    evidence.attach(staf, CASE, CASE_A, small, original_name="pendek.mp3", permission=LOG)


@pytest.mark.sqlite_only
def test_a_large_file_is_hashed_and_copied_without_being_held_in_memory(
    staf: ServiceContext, tmp_path: Path
) -> None:
    big = tmp_path / "rekaman sidang.mp3"
    with big.open("wb") as handle:
        handle.write(samples.mp3_bytes(frames=1))
        for _ in range(40):
            handle.write(os.urandom(1 << 20))
    tracemalloc.start()
    try:
        added = evidence.attach(staf, CASE, CASE_A, big, permission=LOG, confidential=True)
        evidence.attach(staf, CASE, CASE_B, big, permission=LOG)  # plain on another record
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert added.attachment.size == big.stat().st_size
    assert peak < 8 * 1024 * 1024, f"{peak / 1e6:.1f} MB held while copying a 40 MB file"


def test_duplicates_across_records_are_named_and_stored_once(
    sekretariat: ServiceContext, staf: ServiceContext
) -> None:
    from netral_desktop.services import pledge

    photo = jpeg_bytes((800, 600))
    event_id = new_event(sekretariat)
    on_event = pledge.attach_evidence(sekretariat, event_id, photo, original_name="ikrar.jpg")
    first = evidence.attach(staf, CASE, CASE_A, photo, original_name="foto.jpg", permission=LOG)
    assert not first.duplicate
    assert [h.attachment_id for h in first.held_elsewhere] == [on_event.attachment.id]
    assert "Ikrar Netralitas" in first.elsewhere_words
    assert first.elsewhere_words.startswith("Berkas yang sama sudah menjadi bukti pada acara ikrar")
    second = evidence.attach(staf, CASE, CASE_B, photo, original_name="foto.jpg", permission=LOG)
    assert {h.owner_id for h in second.held_elsewhere} == {event_id, CASE_A}
    assert not any(h.confidential for h in second.held_elsewhere)
    again = evidence.attach(staf, CASE, CASE_A, photo, original_name="lagi.jpg", permission=LOG)
    assert again.duplicate and again.attachment.id == first.attachment.id
    assert len(evidence.list_for(staf, CASE, CASE_A)) == 1
    assert _files(staf) == [blobs.blob_path(staf.layout, first.attachment.sha256)]  # type: ignore[arg-type]


def test_confidential_evidence_is_not_in_plain_text_on_disk(
    staf: ServiceContext, koordinator: ServiceContext
) -> None:
    statement = _statement()
    assert SECRET_NAME.encode() in statement  # the test would prove nothing otherwise
    added = evidence.attach(
        staf,
        CASE,
        CASE_A,
        statement,
        original_name="keterangan pelapor.docx",
        permission=LOG,
        confidential=True,
        source="diserahkan_pelapor",
    )
    row = added.attachment
    assert row.confidential and row.sha256 == blobs.sha256_hex(statement)
    assert staf.layout is not None
    stored = _files(staf)
    assert len(stored) == 1 and stored[0].name != row.sha256
    assert not blobs.blob_path(staf.layout, row.sha256).exists()
    everything = [p for p in staf.layout.root.rglob("*") if p.is_file()]
    for path in everything:  # the sealed file, the database (SQLite), its WAL, settings
        data = path.read_bytes()
        assert SECRET_NAME.encode() not in data and SECRET_NIK.encode() not in data, path
    # The same bytes attached plainly to another record stay sealed: never put down plain.
    other = evidence.attach(
        staf, CASE, CASE_B, statement, original_name="salinan.docx", permission=LOG
    )
    assert other.made_confidential and other.attachment.confidential
    assert [(h.owner_id, h.confidential) for h in other.held_elsewhere] == [(CASE_A, True)]
    assert _files(staf) == stored  # one sealed copy serves both
    assert evidence.open_evidence(koordinator, other.attachment.id) == statement


def test_only_koordinator_and_admin_open_confidential_evidence(
    staf: ServiceContext, koordinator: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    from io import BytesIO

    from PIL import Image

    photo = png_bytes()
    row = evidence.attach(
        staf, CASE, CASE_A, photo, original_name="saksi.png", permission=LOG, confidential=True
    ).attachment
    for opening in (
        lambda: evidence.open_evidence(staf, row.id),
        lambda: evidence.read(staf, row.id),
        lambda: evidence.export_evidence(staf, row.id, tmp_path),
        lambda: evidence.record_print(staf, row.id, printer="HP LaserJet"),
    ):
        with pytest.raises(PermissionDenied, match="hanya Koordinator Divisi dan Administrator"):
            opening()
    # Everyone sees that it is there, and an icon instead of the picture.
    assert [r.id for r in evidence.list_for(staf, CASE, CASE_A)] == [row.id]
    icon = Image.open(BytesIO(evidence.thumbnail(staf, row.id)))
    assert icon.size == (160, 160) and icon.getpixel((80, 80)) != (255, 255, 255, 255)
    assert evidence.thumbnail(koordinator, row.id) == evidence.type_icon(
        "image/png", confidential=True
    )
    assert evidence.open_evidence(koordinator, row.id, purpose="kajian awal") == photo
    assert evidence.open_evidence(admin, row.id) == photo
    actions = [(e.action, e.actor) for e in evidence.custody_log(staf, row.id)]
    assert actions == [("receive", "dodi"), ("view", "kurnia"), ("view", "rina")]


def test_views_exports_and_prints_are_in_the_custody_log(
    staf: ServiceContext, koordinator: ServiceContext, tmp_path: Path
) -> None:
    recording = samples.wav_bytes(seconds=1)
    row = evidence.attach(
        staf,
        CASE,
        CASE_A,
        recording,
        original_name="klarifikasi daring.wav",
        permission=LOG,
        confidential=True,
        source="hasil_klarifikasi",
    ).attachment
    played = evidence.open_evidence(koordinator, row.id, purpose="diputar", as_file=True)
    assert played.read_bytes() == recording and played.suffix == ".wav"
    assert played.stat().st_mode & 0o077 == 0  # private to the user
    exported = evidence.export_evidence(
        koordinator, row.id, tmp_path / "flashdisk", purpose="diserahkan ke Gakkumdu"
    )
    assert exported.read_bytes() == recording
    folder = tmp_path / "salinan"
    folder.mkdir()
    into_folder = evidence.export_evidence(koordinator, row.id, folder)
    assert into_folder == folder / "klarifikasi daring.wav"
    evidence.record_print(koordinator, row.id, printer="Epson L3110", purpose="berkas pleno")
    log = evidence.custody_log(staf, row.id)
    assert [(e.action, e.actor, e.actor_role) for e in log] == [
        ("receive", "dodi", "staf"),
        ("view", "kurnia", "koordinator"),
        ("export", "kurnia", "koordinator"),
        ("export", "kurnia", "koordinator"),
        ("print", "kurnia", "koordinator"),
    ]
    assert log[0].purpose == "Hasil klarifikasi" and log[0].action_label == "menerima"
    assert (log[1].target, log[1].purpose) == (str(played), "diputar")
    assert (log[2].target, log[2].purpose) == (
        str(tmp_path / "flashdisk"),
        "diserahkan ke Gakkumdu",
    )
    assert log[4].target == "Epson L3110"
    assert {e.sha256 for e in log} == {row.sha256}
    evidence.forget_view_copies()
    assert not played.exists()


def test_a_plain_item_viewed_through_its_record_is_logged_too(
    sekretariat: ServiceContext,
) -> None:
    from netral_desktop.services import pledge

    event_id = new_event(sekretariat)
    item = pledge.attach_evidence(sekretariat, event_id, png_bytes()).attachment
    assert pledge.evidence_bytes(sekretariat, item.id) == png_bytes()
    assert [e.action for e in evidence.custody_log(sekretariat, item.id)] == ["receive", "view"]
    # the program's own reads (thumbnails, a report's copies) are not a person's view
    evidence.thumbnail(sekretariat, item.id)
    assert len(evidence.custody_log(sekretariat, item.id)) == 2


def test_an_item_is_corrected_by_a_new_one_and_withdrawn_with_a_reason(
    staf: ServiceContext, koordinator: ServiceContext
) -> None:
    first = evidence.attach(
        staf, CASE, CASE_A, png_bytes(), original_name="salah potong.png", permission=LOG
    ).attachment
    corrected = evidence.attach(
        staf,
        CASE,
        CASE_A,
        png_bytes(color="yellow"),
        original_name="utuh.png",
        permission=LOG,
        corrects=first.id,
    ).attachment
    assert corrected.corrects_id == first.id
    assert evidence.item(staf, first.id) == first  # never altered
    with pytest.raises(ValidationError, match="catatan yang sama"):
        evidence.attach(staf, CASE, CASE_B, jpeg_bytes((10, 10)), permission=LOG, corrects=first.id)
    with pytest.raises(ValidationError, match="alasan"):
        evidence.withdraw(staf, first.id, reason="  ", permission=LOG)
    evidence.withdraw(staf, first.id, reason="terpotong, diganti yang utuh", permission=LOG)
    assert [r.id for r in evidence.list_for(staf, CASE, CASE_A)] == [corrected.id]
    with pytest.raises(NotFoundError):
        evidence.open_evidence(koordinator, first.id)
    log = evidence.custody_log(staf, first.id)
    assert [(e.action, e.purpose) for e in log][-1] == ("remove", "terpotong, diganti yang utuh")
    assert staf.layout is not None
    assert blobs.blob_path(staf.layout, first.sha256).is_file()  # the file stays


def test_thumbnails_are_made_once_and_kept_and_others_get_an_icon(staf: ServiceContext) -> None:
    from io import BytesIO

    from PIL import Image

    evidence._THUMBS.clear()  # another test's office may have shown the same photo
    photo = evidence.attach(staf, CASE, CASE_A, jpeg_bytes((1200, 900)), permission=LOG)
    sound = evidence.attach(staf, CASE, CASE_A, samples.mp3_bytes(), permission=LOG)
    thumb = evidence.thumbnail(staf, photo.attachment.id)
    assert Image.open(BytesIO(thumb)).size == (160, 120)
    assert staf.layout is not None
    cached = list((staf.layout.root / "cache" / "thumbnails").rglob("*.png"))
    assert [p.name for p in cached] == [f"{photo.attachment.sha256}-160.png"]
    evidence._THUMBS.clear()
    assert evidence.thumbnail(staf, photo.attachment.id) == thumb  # from the data folder
    icon = evidence.thumbnail(staf, sound.attachment.id, size=96)
    assert Image.open(BytesIO(icon)).size == (96, 96)
    assert icon != evidence.type_icon("application/pdf", 96)
    # a file altered on disk is not drawn as if it were the evidence
    altered = evidence.attach(staf, CASE, CASE_A, png_bytes(color="green"), permission=LOG)
    blobs.blob_path(staf.layout, altered.attachment.sha256).write_bytes(png_bytes(color="red"))
    with pytest.raises(VerificationFailed):
        evidence.thumbnail(staf, altered.attachment.id)


def test_check_verifies_sealed_files_and_reports_a_tampered_one(
    staf: ServiceContext, koordinator: ServiceContext
) -> None:
    from netral_desktop.services.data_files import scan

    row = evidence.attach(
        staf, CASE, CASE_A, _statement(), original_name="k.docx", permission=LOG, confidential=True
    ).attachment
    evidence.attach(staf, CASE, CASE_B, png_bytes(), permission=LOG)
    assert check_attachments(staf).ok and check_attachment_records(staf).ok
    sealed = check_sealed_attachments(staf)
    assert sealed.ok and sealed.detail.startswith("1 berkas tersegel")
    assert scan(staf).orphans == []  # the sealed file is named by its item
    assert all(item.ok for item in run_checks(staf))
    (path,) = [p for p in _files(staf) if p.name != blobs.sha256_hex(png_bytes())]
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    assert not check_attachments(staf).ok
    broken = check_sealed_attachments(staf)
    assert not broken.ok and path.name in broken.detail
    with pytest.raises(VerificationFailed, match="berubah setelah dilampirkan"):
        evidence.open_evidence(koordinator, row.id)
    path.unlink()
    assert not check_attachment_records(staf).ok
    with pytest.raises(NotFoundError):
        evidence.open_evidence(koordinator, row.id)


def test_the_custody_log_is_append_only_and_check_names_a_change(
    staf: ServiceContext, koordinator: ServiceContext
) -> None:
    from netral_desktop.services.check import check_custody_log
    from tests.conftest import behind_the_program

    row = evidence.attach(
        staf, CASE, CASE_A, png_bytes(), permission=LOG, confidential=True
    ).attachment
    evidence.open_evidence(koordinator, row.id, purpose="kajian")
    evidence.open_evidence(koordinator, row.id, purpose="pleno")
    first = check_custody_log(staf)
    assert first.ok and first.detail.startswith("3 entri")
    view, pleno = evidence.custody_log(staf, row.id)[1:]
    # Someone with sqlite3/psql hides who looked at the recording...
    behind_the_program(
        staf, ("UPDATE evidence_custody SET actor = 'dodi' WHERE id = ?", (view.id,))
    )
    behind_the_program(staf, ("DELETE FROM evidence_custody WHERE id = ?", (pleno.id,)))
    report = check_custody_log(staf)
    assert not report.ok
    assert "1 entri dihapus; 1 entri diubah" in report.detail and pleno.id in report.detail
    # ... or slips in an entry the program never wrote.
    behind_the_program(
        staf,
        "DELETE FROM evidence_custody",
        (
            "INSERT INTO evidence_custody (id, origin, created_at, updated_at, updated_by, "
            "revision, deleted, attachment_id, action, actor, actor_role, at, target, purpose, "
            "sha256) VALUES ('x1', 'o', 'a', 'b', 'c', 1, ?, ?, 'view', 'rina', 'admin', 'a', "
            "'', '', ?)",
            (False, row.id, row.sha256),
        ),
    )
    assert "disisipkan di luar program" in check_custody_log(staf).detail

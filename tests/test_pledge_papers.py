"""Pledge papers as a Bawaslu secretariat would sign them: whose heading and signer, the
standard pledge, a paper issued once, a recap that waits for the end of the event, per-agency
page numbers, the footer a reader outside can use, the pakta integritas and the surat
imbauan (issue 10)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netral_desktop.config import forms_dir
from netral_desktop.core.errors import ValidationError
from netral_desktop.core.inputs import AgencyChanges, AgencyFields, PersonFields
from netral_desktop.services import documents, numbering, pledge, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.office import update_office
from netral_desktop.services.pledge import InviteCriteria
from netral_desktop.services.pledge import documents as docs
from tests.doc_samples import page_texts, qpdf_check
from tests.pledge_samples import build_roster, new_event

KETUA = "Dr. H. Ahmad Fauzi, S.H., M.Si."


@pytest.fixture
def setup(admin: ServiceContext) -> tuple[ServiceContext, dict[str, str]]:
    """The office with its officials set, the small roster, Dinas Kesehatan's address."""
    update_office(
        admin,
        head_name=KETUA,
        secretary_name="Dewi Anggraini, S.E.",
        secretary_nip="198005172005012003",
        address="Jl. Jenderal Sudirman No. 12, Bantul 55711",
        phone="(0274) 367123",
        letter_issuer="K.DI-02",
    )
    numbering.set_device_code(admin, "A")
    ids = build_roster(admin)
    roster.update_agency(
        admin, ids["dinkes"], AgencyChanges(address="Jl. Dr. Wahidin Sudirohusodo, Bantul")
    )
    return admin, ids


def _event(ctx: ServiceContext, ids: dict[str, str], **fields: object) -> str:
    event_id = new_event(ctx, **fields)
    pledge.invite(ctx, event_id, InviteCriteria(agency_ids=(ids["dinkes"], ids["sewon"])))
    return event_id


def _text(pdf: bytes) -> str:
    return " ".join("\n".join(page_texts(pdf)).split())


def test_bawaslu_event_on_its_own_letterhead_signed_by_its_secretariat(setup) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = setup
    event_id = _event(
        ctx, ids, organiser_kind="bawaslu", signer_name="", signer_position="", signer_nip=""
    )
    text = _text(docs.issue(ctx, docs.FORM_SHEET, event_id).pdf)
    assert text.startswith("BADAN PENGAWAS PEMILIHAN UMUM KABUPATEN BANTUL")
    assert "Kepala Sekretariat Bawaslu Kabupaten Bantul," in text
    assert "Dewi Anggraini, S.E. NIP 19800517 200501 2 003" in text
    assert "Mengetahui" not in text and KETUA not in text  # no witness at its own event
    naskah = _text(docs.issue(ctx, docs.FORM_PLEDGE, event_id).pdf)
    assert f"Ketua Bawaslu Kabupaten Bantul, {KETUA}" in naskah  # the head signs the pledge
    assert "Saksi" not in naskah


def test_pemda_event_under_the_pemda_heading_with_bawaslu_as_witness(setup) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = setup
    event_id = _event(
        ctx,
        ids,
        signer_name="H. Abdul Halim Muslih",
        signer_position="Bupati Bantul",
        signer_nip="",
    )
    for form in (docs.FORM_SHEET, docs.FORM_PLEDGE):
        pages = page_texts(docs.issue(ctx, form, event_id).pdf)
        assert pages[0].startswith("PEMERINTAH KABUPATEN BANTUL")
        text = _text(docs.issue(ctx, form, event_id).pdf)
        assert "BADAN PENGAWAS PEMILIHAN UMUM" not in text  # not Bawaslu's paper
        assert "Bupati Bantul," in text and "H. Abdul Halim Muslih" in text
        assert "Ketua Bawaslu Kabupaten Bantul," in text and KETUA in text
        # The record is still kept at Bawaslu, and the footer says where to check it.
        assert "tercatat di Bawaslu Kabupaten Bantul" in text


def test_agency_event_under_the_agency_heading_signed_by_its_head(setup) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = setup
    event_id = _event(
        ctx,
        ids,
        organiser_kind="instansi",
        organiser_agency_id=ids["dinkes"],
        signer_name="",
        signer_position="",
        signer_nip="",
        witness_name="Nur Hidayati, S.Sos.",
        witness_position="Anggota Bawaslu Kabupaten Bantul",
    )
    text = _text(docs.issue(ctx, docs.FORM_SHEET, event_id).pdf)
    assert text.startswith(
        "PEMERINTAH KABUPATEN BANTUL DINAS KESEHATAN Jl. Dr. Wahidin Sudirohusodo, Bantul"
    )
    assert "Penyelenggara : Dinas Kesehatan Kabupaten Bantul" in text
    assert "Kepala Dinas Kesehatan Kabupaten Bantul," in text
    assert "dr. Hj. Endang Sri Rahayu, M.Kes." in text
    assert "Anggota Bawaslu Kabupaten Bantul," in text and "Nur Hidayati, S.Sos." in text
    naskah = pledge.get_event(ctx, event_id).pledge_text
    assert "di lingkungan Dinas Kesehatan Kabupaten Bantul" in naskah


@pytest.mark.parametrize(
    ("election", "candidates"),
    [(pledge.PILKADA_2024, "pasangan calon"), (pledge.PEMILU_2024, "peserta Pemilihan Umum")],
)
def test_the_standard_pledge_text(setup, election: str, candidates: str) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = setup
    event_id = _event(ctx, ids, election_id=election)
    text = pledge.get_event(ctx, event_id).pledge_text
    assert "PPPK" not in text and "Pegawai Pemerintah dengan Perjanjian Kerja" not in text
    assert "Kami, Aparatur Sipil Negara di lingkungan Pemerintah Kabupaten Bantul" in text
    points = re.findall(r"^(\d)\. ", text, flags=re.M)
    assert points == ["1", "2", "3", "4"]
    assert f"tidak memihak kepada {candidates} mana pun" in text
    assert "Menolak politik uang dan segala jenis pemberian dalam bentuk apa pun." in text
    assert "persatuan dan kesatuan Negara Kesatuan Republik Indonesia" in text
    pdf = _text(docs.issue(ctx, docs.FORM_PLEDGE, event_id).pdf)
    assert "Dibacakan oleh" in _text(docs.draft(ctx, docs.FORM_PLEDGE, event_id)) or pdf
    assert "Saksi," in pdf


def test_a_paper_is_issued_once_and_reopening_shows_it(setup) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = setup
    event_id = _event(ctx, ids)
    assert docs.issued_copy(ctx, docs.FORM_SHEET, event_id) is None  # a preview issues nothing
    docs.draft(ctx, docs.FORM_SHEET, event_id)
    assert documents.list_issued(ctx) == []
    first = docs.issue(ctx, docs.FORM_SHEET, event_id)
    again = docs.issue(ctx, docs.FORM_SHEET, event_id)
    assert again.reused and again.document.code == first.document.code and again.pdf == first.pdf
    assert docs.issued_copy(ctx, docs.FORM_SHEET, event_id).document == first.document  # type: ignore[union-attr]
    assert len(documents.list_issued(ctx)) == 1
    # Other options are another paper; so is the sheet after the invitations change.
    per_agency = docs.SheetOptions(per_agency=True)
    assert not docs.issue(ctx, docs.FORM_SHEET, event_id, per_agency).reused
    pledge.add_walk_in(ctx, event_id, full_name="Tamu Baru", agency_name="Kodim 0729")
    assert docs.issued_copy(ctx, docs.FORM_SHEET, event_id) is None


def test_a_recap_before_the_end_of_the_event_is_a_draft(setup) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = setup
    event_id = _event(ctx, ids)  # 10 September 2024; the clock says 14 May 2024
    assert docs.can_issue(ctx, docs.FORM_RECAP, event_id)
    with pytest.raises(ValidationError, match="setelah acara selesai"):
        docs.issue(ctx, docs.FORM_RECAP, event_id)
    with pytest.raises(ValidationError, match="setelah acara selesai"):
        documents.issue(ctx, docs.FORM_RECAP, event_id)  # netral doc render too
    draft = _text(docs.draft(ctx, docs.FORM_RECAP, event_id))
    assert "DRAF" in draft and "sebelum acara selesai" in draft
    assert documents.list_issued(ctx) == []
    ctx.clock.advance(days=119, hours=5)  # 10 September, 11.00 WIB: three hours after 08.00
    assert docs.can_issue(ctx, docs.FORM_RECAP, event_id) is None
    text = _text(docs.issue(ctx, docs.FORM_RECAP, event_id).pdf)
    assert pledge.RATE_DEFINITION in text and "sebelum acara selesai" not in text


def test_each_agency_numbered_on_its_own_headers_at_page_tops(setup) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = setup
    big = roster.create_agency(ctx, AgencyFields(name="Dinas Pendidikan")).id
    for n in range(34):
        roster.create_person(
            ctx,
            PersonFields(full_name=f"Guru Ke-{n + 1:02d}", status="non_asn", agency_id=big),
        )
    event_id = new_event(ctx)
    pledge.invite(ctx, event_id, InviteCriteria(agency_ids=(big, ids["sewon"])))
    options = docs.SheetOptions(per_agency=True, blank_rows=25)
    pdf = docs.issue(ctx, docs.FORM_SHEET, event_id, options).pdf
    pages = page_texts(pdf)
    numbers = [re.search(r"Halaman (\d+) dari (\d+)", page).groups() for page in pages]  # type: ignore[union-attr]
    parts = []
    for page, (number, _of) in zip(pages, numbers, strict=True):
        if number == "1":
            parts.append([])
            assert "DAFTAR HADIR" in page and "Hari/Tanggal" in page  # each part's title
        else:
            assert "DAFTAR HADIR" not in page and "Daftar hadir Apel" in page  # running header
        parts[-1].append(page)
    assert [len(p) for p in parts] == [
        int(numbers[sum(map(len, parts[:i]))][1]) for i in range(len(parts))
    ]
    assert "Dinas Pendidikan (34 orang)" in parts[0][0] and len(parts[0]) >= 2
    assert "Dinas Pendidikan (34 orang) (lanjutan)" in parts[0][1]
    assert "Guru Ke-34" in parts[0][-1]  # the signature never alone on the part's last page
    assert "Kecamatan Sewon (3 orang)" in parts[1][0] and len(parts[1]) == 1
    for page in pages:  # the table's header once per page, at its top
        assert page.count("NIP/NI PPPK") == 1
        assert page.count("(lanjutan)") <= 1
    # The blank rows' part: never a page with a few rows and the signature alone.
    blank_part = parts[-1]
    assert "Peserta tambahan (belum terdaftar)" in blank_part[0]
    assert qpdf_check_bytes(pdf)


def qpdf_check_bytes(pdf: bytes) -> bool:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.pdf"
        path.write_bytes(pdf)
        return qpdf_check(path).returncode == 0


def test_the_footer_tells_a_reader_outside_how_to_check(setup, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    import netral_desktop.pdf.render as render

    ctx, ids = setup
    event_id = _event(ctx, ids)
    seen = []
    real = render.render_prepared

    def spy(spec, values, office, doc, heading=None):  # type: ignore[no-untyped-def]
        seen.append(doc)
        return real(spec, values, office, doc, heading)

    monkeypatch.setattr(render, "render_prepared", spy)
    issued = docs.issue(ctx, docs.FORM_SHEET, event_id)
    doc = issued.document
    text = _text(issued.pdf)
    assert f"Kode verifikasi: {doc.code}" in text
    assert "Untuk memastikan keasliannya, sebutkan kode verifikasi ini" in text
    assert "Jl. Jenderal Sudirman No. 12, Bantul 55711, telepon (0274) 367123" in text
    assert "netral doc verify" not in text  # means nothing to a reader outside
    # The QR code carries the code and the hash of the paper's content.
    assert doc.content_sha256 and seen[-1].qr_payload == (
        f"NETRAL-DOC 34.02 {doc.code} {doc.content_sha256[:32]}"
    )
    # The PDF is dated when it was issued (the clock), not 1 January 2000.
    created = PdfReader(io.BytesIO(issued.pdf)).metadata.creation_date
    assert created.astimezone(UTC) == datetime(2024, 5, 14, 2, 0, tzinfo=UTC)


def test_no_placeholder_artwork_without_a_logo(setup) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    ctx, ids = setup
    pdf = docs.draft(ctx, docs.FORM_PLEDGE, _event(ctx, ids, organiser_kind="bawaslu"))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    operators = {op for _args, op in ContentStream(page.get_contents(), page.pdf).operations}
    assert b"c" not in operators  # no curves: the grey rings drawn for a missing logo are gone


def test_pakta_integritas_per_agency_from_the_roster(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, ids = setup
    issued = documents.issue(ctx, "pakta_integritas", ids["dinkes"])
    path = tmp_path / "pakta.pdf"
    path.write_bytes(issued.pdf)
    assert qpdf_check(path).returncode == 0
    text = _text(issued.pdf)
    assert text.startswith("PEMERINTAH KABUPATEN BANTUL DINAS KESEHATAN")
    assert "PAKTA INTEGRITAS NETRALITAS APARATUR SIPIL NEGARA" in text
    assert "Aparatur Sipil Negara di lingkungan Dinas Kesehatan Kabupaten Bantul" in text
    for name in ("Sri Wahyuni, S.Kep.", "Rina Lestari", "dr. Andi Ma'ruf"):
        assert name in text
    assert "Joko Pensiun" not in text and "Agus Salim" not in text  # inactive; other agency
    assert "19900101 202221 2 001 PPPK" in text
    assert "Kepala Dinas Kesehatan Kabupaten Bantul," in text
    assert issued.document.record_kind == "instansi" and issued.document.number is None


def test_surat_imbauan_to_the_regional_head(setup, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ctx, _ids = setup
    issued = documents.issue(
        ctx, "surat_imbauan", str(forms_dir() / "surat_imbauan" / "contoh.yaml")
    )
    assert issued.document.number == "001-A/PM.01.00/K.DI-02/05/2024"
    path = tmp_path / "imbauan.pdf"
    path.write_bytes(issued.pdf)
    assert qpdf_check(path).returncode == 0
    text = _text(issued.pdf)
    assert "Yth. Bupati Bantul di Bantul" in text and "Tempat" not in text
    assert "Hal : Imbauan Netralitas Aparatur Sipil Negara" in text
    # PUEBI: a comma before "dan" closing a series of three or more
    assert "Ketua Komisi Aparatur Sipil Negara, dan Ketua Badan Pengawas" in text
    assert "program, anggaran, dan fasilitas" in text
    assert "Ketua Bawaslu Kabupaten Bantul," in text

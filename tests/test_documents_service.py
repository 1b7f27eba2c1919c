"""Issuing documents: numbers that never repeat or skip, verification, roles, audit, logo."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest

from netral_desktop.core.clock import FixedClock
from netral_desktop.core.errors import PermissionDenied, ValidationError
from netral_desktop.services import audit, documents, numbering
from netral_desktop.services.accounts import authenticate, create_user
from netral_desktop.services.check import check_attachments
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.office import set_logo, update_office
from netral_desktop.store.models import SCHEMA_HISTORY, SCHEMA_VERSION
from tests.doc_samples import letter, roster


@pytest.fixture(autouse=True)
def letter_numbering(request: pytest.FixtureRequest) -> None:
    """The office's letter numbering as set up: this computer is "A", its issuer code
    K.DI-02 (tests that start from nothing take ``office`` alone)."""
    if "admin" not in request.fixturenames:
        return
    admin = request.getfixturevalue("admin")
    numbering.set_device_code(admin, "A")
    update_office(admin, letter_issuer="K.DI-02")


@pytest.fixture
def letter_file(tmp_path: Path) -> Path:
    import yaml

    path = tmp_path / "surat.yaml"
    path.write_text(yaml.safe_dump(letter(), allow_unicode=True), encoding="utf-8")
    return path


def _as(admin: ServiceContext, username: str, role: str) -> ServiceContext:
    create_user(
        admin, username=username, full_name=username.title(), role=role, password="sandi-panjang-1"
    )
    return admin.as_actor(authenticate(admin, username, "sandi-panjang-1"))


def test_schema_includes_the_documents_revision(admin: ServiceContext) -> None:
    assert "0003" in SCHEMA_HISTORY
    assert admin.db.schema_revision() == SCHEMA_VERSION


def test_issue_numbers_records_and_stores(admin: ServiceContext, letter_file: Path) -> None:
    staf = _as(admin, "budi", "staf")
    first = documents.issue(staf, "surat_dinas", str(letter_file))
    second = documents.issue(staf, "surat_dinas", str(letter_file))
    # the fixture's clock: 14 May 2024, 09:00 WIB; tata naskah dinas: Arabic month, the
    # issuer's code, this computer's own sequence
    assert first.document.number == "001-A/PM.00.00/K.DI-02/05/2024"
    assert second.document.number == "002-A/PM.00.00/K.DI-02/05/2024"
    doc = first.document
    assert doc.issued_by == "budi" and doc.pages == 1 and doc.record_label == letter()["hal"]
    assert documents.issued_pdf(staf, doc.code) == first.pdf
    assert check_attachments(admin).ok
    listed = documents.list_issued(staf)
    assert [d.code for d in listed] == [second.document.code, first.document.code]
    assert documents.list_issued(staf, search="002-A/") == [second.document]
    history = audit.history(admin.db, "issued_document", doc.id)
    assert [e.action for e in history] == ["issue"] and doc.code in (history[0].new_values or "")
    assert audit.verify_chain(admin.db).ok


def test_sequences_restart_each_year(
    admin: ServiceContext, clock: FixedClock, letter_file: Path
) -> None:
    documents.issue(admin, "surat_dinas", str(letter_file))
    clock.advance(days=365)
    issued = documents.issue(admin, "surat_dinas", str(letter_file))
    assert issued.document.number == "001-A/PM.00.00/K.DI-02/05/2025"


def test_concurrent_issuing_never_repeats_or_skips(
    admin: ServiceContext, letter_file: Path
) -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(4):
                documents.issue(admin, "surat_dinas", str(letter_file))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = sorted(d.seq for d in documents.list_issued(admin, limit=1000))
    assert seqs == list(range(1, 25))
    assert len({d.code for d in documents.list_issued(admin, limit=1000)}) == 24


def test_failed_render_uses_no_number(
    admin: ServiceContext, letter_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netral_desktop.pdf.render as render

    real = render.render_prepared
    calls = {"n": 0}

    def failing(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(render, "render_prepared", failing)
    with pytest.raises(OSError):
        documents.issue(admin, "surat_dinas", str(letter_file))
    assert documents.list_issued(admin) == []
    assert documents.issue(admin, "surat_dinas", str(letter_file)).document.seq == 1


def test_verify(admin: ServiceContext, letter_file: Path) -> None:
    issued = documents.issue(admin, "surat_dinas", str(letter_file))
    code = issued.document.code
    found = documents.verify(admin, code.lower().replace("-", " "))
    assert found.ok and found.file_matches is None and found.document == issued.document
    assert documents.verify(admin, code, file_bytes=issued.pdf).file_matches is True
    tampered = issued.pdf[:-10] + b"%%EOF\n%x\n"
    mismatch = documents.verify(admin, code, file_bytes=tampered)
    assert mismatch.issued_here and mismatch.file_matches is False and not mismatch.ok
    assert not documents.verify(admin, "22222-33333").issued_here


def test_roles_are_checked(
    office: ServiceContext, admin: ServiceContext, letter_file: Path
) -> None:
    with pytest.raises(PermissionDenied):
        documents.issue(office, "surat_dinas", str(letter_file))  # nobody logged in
    staf = _as(admin, "budi", "staf")
    with pytest.raises(PermissionDenied):
        documents.set_numbering_scheme(staf, "surat", "{seq}/X/{year}")


def test_office_numbering_scheme(admin: ServiceContext, letter_file: Path) -> None:
    documents.set_numbering_scheme(admin, "surat", "B-{seq:04d}/{klasifikasi}/{office}/{year}")
    issued = documents.issue(admin, "surat_dinas", str(letter_file))
    assert issued.document.number == "B-0001/PM.00.00/15.02/2024"
    with pytest.raises(ValidationError):
        documents.set_numbering_scheme(admin, "surat", "{nomor}/{year}")
    documents.set_numbering_scheme(admin, "surat", None)
    assert documents.numbering_scheme(admin, "surat") is None


def test_draft_takes_no_number(admin: ServiceContext, letter_file: Path) -> None:
    pdf = documents.render_draft(admin, "surat_dinas", str(letter_file))
    assert pdf.startswith(b"%PDF") and documents.list_issued(admin) == []
    assert documents.issue(admin, "surat_dinas", str(letter_file)).document.seq == 1


class FakeRoster:
    def __init__(self, count: int) -> None:
        self.rows = roster(count)["pegawai"]

    def agency_name(self, ctx: ServiceContext, agency_id: str) -> str:
        return "Dinas Pendidikan, Pemuda dan Olahraga"

    def employees(self, ctx: ServiceContext, agency_id: str):  # type: ignore[no-untyped-def]
        return iter(self.rows)


def test_roster_list_through_a_provider(
    admin: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netral_desktop.services.roster  # noqa: F401  # registers itself first, not midway

    monkeypatch.setattr(documents, "_PROVIDERS", {})
    with pytest.raises(ValidationError, match="instansi"):
        documents.issue(admin, "daftar_pegawai", "opd-1")
    documents.register_roster_source(FakeRoster(120))
    issued = documents.issue(admin, "daftar_pegawai", "opd-1")
    doc = issued.document
    assert doc.number is None and doc.record_kind == "instansi" and doc.record_id == "opd-1"
    assert doc.pages >= 5 and b"%PDF" in issued.pdf[:8]


def test_logo_is_stored_and_printed(admin: ServiceContext) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (80, 80), (0, 90, 160)).save(buffer, "PNG")
    office = set_logo(admin, buffer.getvalue())
    assert office.logo_sha256 and documents.office_info(admin).logo == buffer.getvalue()
    assert check_attachments(admin).ok
    with pytest.raises(ValidationError):
        set_logo(admin, b"not an image")
    assert set_logo(admin, None).logo_sha256 is None
    assert documents.office_info(admin).logo is None


def test_two_computers_never_give_the_same_number(admin: ServiceContext, letter_file: Path) -> None:
    """Each computer counts its own sequence and prints its code: numbers taken offline on
    two laptops of one office (here: the same database with the code switched) differ."""
    on_a = documents.issue(admin, "surat_dinas", str(letter_file)).document
    numbering.set_device_code(admin, "B")
    on_b = documents.issue(admin, "surat_dinas", str(letter_file)).document
    assert (on_a.number, on_b.number) == (
        "001-A/PM.00.00/K.DI-02/05/2024",
        "001-B/PM.00.00/K.DI-02/05/2024",
    )
    assert on_a.series != on_b.series


def test_letters_need_a_device_code_an_issuer_and_a_listed_classification(
    admin: ServiceContext, tmp_path: Path
) -> None:
    import yaml

    numbering.set_device_code(admin, None)
    path = tmp_path / "surat.yaml"
    path.write_text(yaml.safe_dump(letter(), allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError, match="Kode perangkat"):
        documents.issue(admin, "surat_dinas", str(path))
    # a draft shows where the parts go without taking a number
    assert documents.render_draft(admin, "surat_dinas", str(path)).startswith(b"%PDF")
    numbering.set_device_code(admin, "a")
    assert numbering.device_code(admin) == "A"
    with pytest.raises(ValidationError, match="1 sampai 3"):
        numbering.set_device_code(admin, "ABCD")
    update_office(admin, letter_issuer="")
    with pytest.raises(ValidationError, match="Kode penerbit"):
        documents.issue(admin, "surat_dinas", str(path))
    update_office(admin, letter_issuer="K.DI-02")
    path.write_text(
        yaml.safe_dump({**letter(), "klasifikasi": "PM.99.99"}, allow_unicode=True),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match=r"PM\.99\.99"):
        documents.issue(admin, "surat_dinas", str(path))
    assert documents.list_issued(admin) == []
    # the office extends the pick-list with a file of its own
    assert admin.layout is not None
    (admin.layout.root / "klasifikasi_arsip.csv").write_text(
        "kode,uraian,catatan\nPM.99.99,Kode kantor sendiri,\n", encoding="utf-8"
    )
    assert "PM.99.99" in {c.code for c in numbering.classifications(admin)}
    assert documents.issue(admin, "surat_dinas", str(path)).document.number.startswith("001-A/")


def test_the_staff_list_names_its_signer_status_and_data_date(admin: ServiceContext) -> None:
    from netral_desktop.core.inputs import AgencyFields, PersonFields
    from netral_desktop.services import roster as roster_service

    update_office(
        admin,
        secretary_name="Dewi Anggraini, S.E.",
        secretary_nip="19800517 200501 2 003",
    )
    agency = roster_service.create_agency(admin, AgencyFields(name="Dinas Sosial")).id
    roster_service.create_person(
        admin,
        PersonFields(
            full_name="Rina Lestari", status="pppk", ni_pppk="199001012022212001", agency_id=agency
        ),
    )
    roster_service.create_person(
        admin,
        PersonFields(
            full_name="Budi Santoso", status="pns", nip="197005121998031004", agency_id=agency
        ),
    )
    issued = documents.issue(admin, "daftar_pegawai", agency)
    text = " ".join(issued.pdf and page_text(issued.pdf).split())
    for expected in (
        "NIP/NI PPPK",
        "Status",
        "19900101 202221 2 001 PPPK",
        "19700512 199803 1 004 PNS",
        "Keadaan data per 14 Mei 2024",
        "Sumber data: data kepegawaian yang dicatat di Netral Desktop",
        "Kepala Sekretariat Bawaslu Kabupaten Bantul,",
        "Dewi Anggraini, S.E.",
        "NIP 19800517 200501 2 003",
    ):
        assert expected in text, expected


def page_text(pdf: bytes) -> str:
    import subprocess

    return subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")

"""A real bundle file from the district to the province and the signed receipt back: the
district's next bundle carries only what the province has not acknowledged. Both engines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from netral_desktop.core.errors import VerificationFailed
from netral_desktop.core.roles import Permission
from netral_desktop.services import (
    evidence,
    roster,
    sync_bundle_io,
    sync_export,
    sync_import,
    sync_receipts,
)
from netral_desktop.services.context import ServiceContext
from netral_desktop.sync.bundle import BundleRefused
from netral_desktop.sync.office_keys import OfficeKeys
from netral_desktop.sync.signers import TrustedSigner, TrustList

PDF = b"%PDF-1.4\n% surat pernyataan netralitas\n" + b"0" * 4000 + b"\n%%EOF\n"


class Link:
    """The district and the province with each other's keys (what trust files give)."""

    def __init__(self, district: ServiceContext, province: ServiceContext, stick: Path) -> None:
        self.district, self.province, self.stick = district, province, stick
        self.district_keys = sync_bundle_io.office_keys(district)
        self.province_keys = sync_bundle_io.office_keys(province)
        self.trust = TrustList(
            [TrustedSigner("34.02", "Bawaslu Kabupaten Bantul", self.district_keys.public)]
        )

    def export(self, **options: object) -> sync_export.ExportResult:
        writer = sync_bundle_io.make_writer(
            self.district, keys=self.district_keys, recipients=[self.province_keys.recipient]
        )
        return sync_export.export_bundle(self.district, self.stick, writer=writer, **options)  # type: ignore[arg-type]

    def import_(self, path: Path, **options: object) -> tuple[sync_import.ImportReport, Path]:
        with sync_bundle_io.read(
            self.province, path, trust=self.trust, identity=self.province_keys.age_identity
        ) as bundle:
            report = sync_import.import_bundle(self.province, bundle, **options)  # type: ignore[arg-type]
            receipt = sync_receipts.write_receipt(
                self.province, bundle, report, self.stick, keys=self.province_keys
            )
        return report, receipt

    def receipt(self, path: Path, key: OfficeKeys | None = None) -> sync_receipts.ReceiptResult:
        public = (key or self.province_keys).public
        return sync_receipts.import_receipt(self.district, path, province_key=public)


@pytest.fixture
def link(admin: ServiceContext, province: ServiceContext, tmp_path: Path) -> Link:
    return Link(admin, province, tmp_path / "stick")


def _people(ctx: ServiceContext) -> list[str]:
    agency = roster.create_agency(ctx, roster.AgencyFields(name="Dinas Pendidikan"))
    ids = []
    for i, (name, nip) in enumerate(
        [("Budi Santoso", "19700512 199803 1 004"), ("Siti Aminah", "19900202 201503 2 001")]
    ):
        person = roster.create_person(
            ctx, roster.PersonFields(full_name=name, nip=nip, agency_id=agency.id)
        )
        ids.append(person.id)
        if i == 0:
            evidence.attach(
                ctx,
                "person",
                person.id,
                PDF,
                original_name="pernyataan.pdf",
                permission=Permission.ROSTER_WRITE,
            )
    return ids


def test_bundle_file_receipt_and_a_smaller_next_bundle(link: Link) -> None:
    ids = _people(link.district)
    # Rows written within CLOCK_MARGIN before an acknowledged bundle are sent once more.
    link.district.clock.advance(hours=1)  # type: ignore[attr-defined]
    first = link.export()
    assert first.path.name.startswith("34.02_000001_") and first.path.suffix == ".netral"
    assert first.files == 1 and first.rows >= 4
    report, receipt = link.import_(first.path)
    assert report.counts["person"]["new"] == 2 and report.files_new == 1
    assert receipt.name == "34_34.02_1.receipt"
    held = evidence.list_for(link.province, "person", ids[0])
    assert evidence.read(link.province, held[0].id) == PDF

    # No receipt yet: the next bundle carries everything again (and the attachment).
    again = link.export()
    assert again.rows == first.rows and again.files == 1
    replay, _receipt = link.import_(first.path)
    assert replay.outcome == "replay" and replay.changed == 0

    done = link.receipt(receipt)
    assert not done.already and done.files_acknowledged == 1 and done.seq == 1
    assert link.receipt(receipt).already  # taken twice: nothing changes
    roster.update_person(link.district, ids[1], roster.PersonChanges(jabatan="Guru Ahli Muda"))
    smaller = link.export()
    assert (smaller.rows, smaller.files) == (1, 0)  # the edited person alone
    report, _receipt = link.import_(smaller.path)
    assert report.counts["person"]["updated"] == 1
    assert roster.get_person(link.province, ids[1]).jabatan == "Guru Ahli Muda"


def test_a_receipt_not_signed_by_the_trusted_province_is_refused(link: Link) -> None:
    _people(link.district)
    sent = link.export()
    _report, receipt = link.import_(sent.path)
    stranger = OfficeKeys.generate()
    with pytest.raises(VerificationFailed) as refused:
        link.receipt(receipt, key=stranger)
    assert refused.value.exit_status == 3 and refused.value.code == "receipt_signature"
    # Edited after signing: refused too.
    data = json.loads(receipt.read_text())
    body = json.loads(data["body"])
    body["files"] = []
    data["body"] = json.dumps(body, sort_keys=True, separators=(",", ":"))
    receipt.write_text(json.dumps(data))
    with pytest.raises(VerificationFailed):
        link.receipt(receipt)
    assert all(e.acknowledged_at is None for e in sync_export.exports(link.district))


def test_a_bundle_from_an_office_not_trusted_is_refused_and_nothing_written(link: Link) -> None:
    _people(link.district)
    sent = link.export()
    link.trust = TrustList(
        [TrustedSigner("34.02", "Bantul", OfficeKeys.generate().public)]  # another key
    )
    with pytest.raises(BundleRefused) as refused:
        link.import_(sent.path)
    assert refused.value.exit_status == 3
    assert sync_import.reports(link.province) == []
    assert roster.count(link.province) == 0


def test_an_edited_seeded_row_travels_and_is_merged_as_the_seeded_row(link: Link) -> None:
    from netral_desktop.services.sosialisasi.events import list_segments
    from netral_desktop.store.models import AudienceSegment

    seg = list_segments(link.district)[0]
    with link.district.db.write_session() as session:
        row = session.get(AudienceSegment, seg.id)
        assert row is not None and row.origin == "seed"
        row.name = "Panewu/Camat"
        link.district.record_update(session, row, action="update")
    sent = link.export()
    report, _receipt = link.import_(sent.path)
    assert report.counts["audience_segment"]["updated"] == 1
    with link.province.db.read_session() as session:
        merged = session.get(AudienceSegment, seg.id)
        assert merged is not None and merged.name == "Panewu/Camat" and merged.origin == "seed"


def test_with_real_trust_files_nothing_is_passed_by_hand(
    admin: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    """The district enrolls, the province issues its trust file, the district takes it in:
    export, import, receipt and its check then find every key themselves."""
    from netral_desktop.services import trust

    papers = tmp_path / "papers"
    enrolled = trust.export_enrollment(admin, papers / "bantul.enroll")
    trust.import_enrollment(province, enrolled.path)
    issued = trust.export_trust(province, papers / "trust.json")
    trust.import_trust(admin, issued.path, confirmed_fingerprint=issued.trust.fingerprint)
    _people(admin)
    sent = sync_export.export_bundle(admin, tmp_path / "stick")
    done = sync_bundle_io.import_file(province, sent.path)
    assert done.report.counts["person"]["new"] == 2 and done.receipt is not None
    assert sync_receipts.import_receipt(admin, done.receipt).seq == 1
    # A receipt signed by someone else than the trusted province: refused, exit 3.
    stranger = OfficeKeys.generate()
    forged = json.loads(done.receipt.read_text())
    forged["minisig"] = stranger.signing.sign(
        forged["body"].encode(), trusted_comment="netral receipt"
    )
    fake = tmp_path / "fake.receipt"
    fake.write_text(json.dumps(forged))
    with pytest.raises(VerificationFailed) as refused:
        sync_receipts.import_receipt(admin, fake)
    assert refused.value.exit_status == 3


def test_verifying_refuses_a_bundle_the_merge_cannot_take_as_importing_does(
    admin: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    """A record with a column this program does not know passes the archive's checks (signed,
    hashes right): ``netral bundle verify`` now refuses it as the import does, instead of
    calling it sound; nothing is written by either."""
    from netral_desktop.services import trust

    papers = tmp_path / "papers"
    enrolled = trust.export_enrollment(admin, papers / "bantul.enroll")
    trust.import_enrollment(province, enrolled.path)
    issued = trust.export_trust(province, papers / "trust.json")
    trust.import_trust(admin, issued.path, confirmed_fingerprint=issued.trust.fingerprint)
    _people(admin)
    writer = sync_bundle_io.make_writer(admin)

    def with_unknown_column(outgoing: sync_export.OutgoingBundle, folder: Path, **kw: object):
        outgoing.records["person"][0]["data"]["warna_favorit"] = "merah"
        return writer(outgoing, folder, **kw)

    sent = sync_export.export_bundle(admin, tmp_path / "stick", writer=with_unknown_column)  # type: ignore[arg-type]
    with pytest.raises(VerificationFailed) as by_verify:
        trust.verify_bundle(province, sent.path)
    with pytest.raises(VerificationFailed) as by_import:
        sync_bundle_io.import_file(province, sent.path)
    for refused in (by_verify.value, by_import.value):
        assert refused.exit_status == 3 and refused.code == "malformed_record"
        assert "warna_favorit" in str(refused)
    assert sync_import.reports(province) == []
    assert roster.count(province) == 0

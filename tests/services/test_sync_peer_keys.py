"""Issue 15: a district's reporters' identities and confidential evidence, sealed with its own
data key, open at the province that merges its bundles: each bundle carries the district's
keys for those two purposes, encrypted to the province alone; the province keeps them sealed
under its own key. Koordinator and admin only, logged as at the district. Both engines."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from netral_desktop.core.errors import (
    NotFoundError,
    PermissionDenied,
    ValidationError,
    VerificationFailed,
)
from netral_desktop.core.roles import Permission
from netral_desktop.services import (
    at_rest,
    audit_query,
    cases,
    evidence,
    peer_keys,
    sync_bundle_io,
    sync_export,
    sync_import,
)
from netral_desktop.services.cases.identity import PURPOSE as IDENTITY_PURPOSE
from netral_desktop.services.check import check_sealed_attachments
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import peer_keys as peer_store
from netral_desktop.sync import bundle as bundle_format
from netral_desktop.sync.bundle import BundleRefused
from tests import evidence_samples as samples
from tests.case_samples import (
    REPORTER_NAME,
    REPORTER_NIK,
    WITNESS_NAME,
    WITNESS_NIK,
    report,
    reporter,
    user,
    witness,
)
from tests.services.sync_helpers import Courier
from tests.services.test_sync_files import Link

STATEMENT = samples.docx_bytes("Keterangan saksi Bambang Hartono Sastro, NIK 3402081703750002")


def _district_case(district: ServiceContext) -> tuple[str, str]:
    """A case with a reporter and a witness and a confidential statement, as a staf logs it."""
    staf = user(district, "dodi", "staf")
    case_id = cases.new_case(staf, report(parties=(reporter(), witness())))
    item = evidence.attach(
        staf,
        "case_file",
        case_id,
        STATEMENT,
        original_name="keterangan saksi.docx",
        permission=Permission.CASE_LOG,
        confidential=True,
    ).attachment
    return case_id, item.id


def _peer_rows(ctx: ServiceContext) -> list[tuple[str, str, str]]:
    with ctx.db.read_session() as session:
        return [
            (office, purpose, key_id)
            for office in peer_store.offices(session)
            for purpose in peer_keys.SHARED_PURPOSES
            for key_id, _sealed in peer_store.keys_for(session, office_code=office, purpose=purpose)
        ]


def test_a_koordinator_at_the_province_reads_the_districts_identities_and_evidence(
    admin: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    case_id, item_id = _district_case(admin)
    link = Link(admin, province, tmp_path / "stick")
    first = link.export()
    # The real bundle file carries the keys for the province alone: the district's own age
    # identity (which reopens the bundle itself) does not open them.
    with sync_bundle_io.read(
        province, first.path, trust=link.trust, identity=link.district_keys.age_identity
    ) as own_copy:
        assert own_copy.keys is not None
        with pytest.raises(BundleRefused, match="tidak dienkripsi untuk kantor ini"):
            bundle_format.open_keys(
                own_copy.keys, link.district_keys.age_identity, office_code="34.02"
            )
    merged, _receipt = link.import_(first.path)
    assert merged.outcome == "merged"
    # The report says the keys came, and the audit log who took them in.
    assert merged.keys_received == len(peer_keys.SHARED_PURPOSES)
    assert "Kunci segel kantor 34.02 diterima" in merged.describe()
    received = [
        e
        for e in audit_query.recent_entries(province.db, limit=200)
        if e.action == "peer_key_received"
    ]
    assert [(e.table_name, e.record_id) for e in received] == [("peer_key", "34.02")]

    kiki = user(province, "kiki", "koordinator")
    view = cases.case_view(kiki, case_id)
    assert [p.name for p in view.parties] == [REPORTER_NAME, WITNESS_NAME]
    assert all(p.revealed for p in view.parties)
    identity = cases.reveal_party(kiki, case_id, view.parties[0].id)
    assert (identity.name, identity.nik) == (REPORTER_NAME, REPORTER_NIK)
    assert identity.address == "Jl. Parangtritis Km 5, Sewon, Bantul"
    assert cases.reveal_party(kiki, case_id, view.parties[1].id).nik == WITNESS_NIK
    reveals = [
        (e.actor, e.record_id)
        for e in audit_query.recent_entries(province.db, limit=200)
        if e.action == "reveal"
    ]
    # The case view's opening (one entry a party) and the two asked for one by one.
    assert sorted(reveals) == sorted(
        [("kiki", view.parties[0].id), ("kiki", view.parties[1].id)] * 2
    )

    # The confidential statement, sealed by the district, opens with its key; logged.
    assert evidence.open_evidence(kiki, item_id, purpose="supervisi") == STATEMENT
    assert evidence.read(province, item_id) == STATEMENT  # the administrator
    custody = [(e.action, e.actor) for e in evidence.custody_log(kiki, item_id)]
    assert custody[-1] == ("view", "kiki")
    # 'netral check' at the province opens and verifies it too.
    checked = check_sealed_attachments(province)
    assert checked.ok and checked.detail.startswith("1 berkas tersegel"), checked.detail

    # A staf at the province sees pseudonyms and is refused both, as at the district.
    dodi = user(province, "dodi", "staf")
    staff_view = cases.case_view(dodi, case_id)
    assert [p.name for p in staff_view.parties] == ["Pelapor-0001", "Saksi-0001"]
    with pytest.raises(PermissionDenied):
        cases.reveal_party(dodi, case_id, view.parties[0].id)
    with pytest.raises(PermissionDenied, match="hanya Koordinator Divisi dan Administrator"):
        evidence.open_evidence(dodi, item_id)

    # Reading is all: the district corrects its own parties (a change sealed here would be
    # under the province's key, which the district cannot open).
    with pytest.raises(ValidationError, match="hanya dapat dibaca") as refused:
        cases.update_party(kiki, case_id, view.parties[0].id, cases.PartyChanges(phone="0811"))
    assert refused.value.code == "identity_changed_elsewhere"

    # The same bundle again: a replay, no key written twice.
    held = _peer_rows(province)
    assert sorted(held) == sorted(
        ("34.02", p, admin.meta["data_key_id"]) for p in peer_keys.SHARED_PURPOSES
    )
    again, _receipt = link.import_(first.path)
    assert again.outcome == "replay" and again.keys_received == 0
    assert _peer_rows(province) == held
    # The next bundle brings the same keys: kept as they are.
    admin.clock.advance(hours=1)  # type: ignore[attr-defined]
    cases.new_case(user(admin, "kiki", "koordinator"), report(parties=(reporter(),)))
    second, _receipt = link.import_(link.export().path)
    assert second.outcome == "merged" and _peer_rows(province) == held
    assert second.keys_received == 0 and "Kunci segel" not in second.describe()


def test_the_keys_are_kept_sealed_under_the_provinces_own_key(
    admin: ServiceContext, province: ServiceContext
) -> None:
    _district_case(admin)
    courier = Courier(to=province)
    sync_export.export_bundle(admin, Path("/unused"), writer=courier.write)  # type: ignore[arg-type]
    sync_import.import_bundle(province, courier.last)
    key = at_rest.purpose_key(admin, IDENTITY_PURPOSE)
    with province.db.read_session() as session:
        stored = peer_store.keys_for(session, office_code="34.02", purpose=IDENTITY_PURPOSE)
    assert len(stored) == 1 and stored[0][0] == admin.meta["data_key_id"]
    raw = base64.b64decode(stored[0][1])
    assert key not in raw and base64.b64encode(key).decode() not in stored[0][1]
    # It opens with the province's key only: the district's does not open it.
    with pytest.raises(VerificationFailed):
        at_rest.open_json(admin, raw, purpose=at_rest.PEER_KEY_PURPOSE)
    assert at_rest.peer_keys(province, "34.02", IDENTITY_PURPOSE, fresh=True) == (key,)


def test_a_dry_run_keeps_no_key(admin: ServiceContext, province: ServiceContext) -> None:
    case_id, _item = _district_case(admin)
    courier = Courier(to=province)
    sync_export.export_bundle(admin, Path("/unused"), writer=courier.write)  # type: ignore[arg-type]
    tried = sync_import.import_bundle(province, courier.last, dry_run=True)
    assert tried.dry_run and tried.total("new") > 0
    assert _peer_rows(province) == []
    sync_import.import_bundle(province, courier.last)
    assert len(_peer_rows(province)) == 2
    assert cases.case_view(province, case_id).parties[0].name == REPORTER_NAME


def test_without_the_keys_a_bundle_still_merges_and_the_province_is_told_whom_to_ask(
    admin: ServiceContext, province: ServiceContext
) -> None:
    """A bundle of an older version (no keys member): merged; identities by pseudonym, the
    evidence refused with the same advice, and 'netral check' does not call it broken."""
    case_id, item_id = _district_case(admin)
    courier = Courier()  # as an older version wrote it
    sync_export.export_bundle(admin, Path("/unused"), writer=courier.write)  # type: ignore[arg-type]
    assert courier.last.keys is None
    assert sync_import.import_bundle(province, courier.last).outcome == "merged"
    assert _peer_rows(province) == []

    view = cases.case_view(province, case_id)
    assert [p.name for p in view.parties] == ["Pelapor-0001", "Saksi-0001"]
    with pytest.raises(ValidationError, match=r"kunci kantor asalnya \(34\.02\)") as refused:
        cases.reveal_party(province, case_id, view.parties[0].id)
    assert "bundel baru" in str(refused.value)
    with pytest.raises(ValidationError, match=r"kantor asalnya \(34\.02\).*bundel baru"):
        evidence.open_evidence(province, item_id)
    checked = check_sealed_attachments(province)
    assert checked.ok and "1 berkas dari kantor lain belum dapat dibuka" in checked.detail
    assert not [
        e for e in audit_query.recent_entries(province.db, limit=200) if e.action == "reveal"
    ]


def test_keys_not_for_this_province_or_of_another_office_are_refused_and_nothing_written(
    admin: ServiceContext, province: ServiceContext
) -> None:
    case_id, _item = _district_case(admin)
    courier = Courier(to=province)
    sync_export.export_bundle(admin, Path("/unused"), writer=courier.write)  # type: ignore[arg-type]
    bundle = courier.last
    own = sync_bundle_io.office_keys(admin)
    payload = peer_keys.outgoing(admin)
    assert payload is not None

    # Encrypted to the district itself, not the province.
    bundle.keys = bundle_format.seal_keys(payload, [own.recipient])
    with pytest.raises(BundleRefused, match="tidak dienkripsi untuk kantor ini"):
        sync_import.import_bundle(province, bundle)
    # Naming another office than the bundle's (its signature covers only its own).
    to_province = [sync_bundle_io.office_keys(province).recipient]
    bundle.keys = bundle_format.seal_keys({**payload, "office": "34.03"}, to_province)
    with pytest.raises(BundleRefused, match=r"bukan berkas kunci kantor 34\.02"):
        sync_import.import_bundle(province, bundle)
    # Not a key at all.
    bad = {**payload, "purposes": {IDENTITY_PURPOSE: base64.b64encode(b"short").decode()}}
    bundle.keys = bundle_format.seal_keys(bad, to_province)
    with pytest.raises(BundleRefused):
        sync_import.import_bundle(province, bundle)
    bundle.keys = b"age-encryption.org/v1\n-> X25519 rusak\n"
    with pytest.raises(BundleRefused):
        sync_import.import_bundle(province, bundle)

    assert _peer_rows(province) == []
    assert sync_import.reports(province) == []
    with pytest.raises(NotFoundError):
        cases.case_view(province, case_id)


def test_only_the_shared_purposes_are_kept(admin: ServiceContext, province: ServiceContext) -> None:
    """A district cannot place a key for any other purpose (the province's peer keys, its
    audit) into the province's store."""
    _district_case(admin)
    courier = Courier(to=province)
    sync_export.export_bundle(admin, Path("/unused"), writer=courier.write)  # type: ignore[arg-type]
    payload = peer_keys.outgoing(admin)
    assert payload is not None and sorted(payload["purposes"]) == sorted(peer_keys.SHARED_PURPOSES)
    extra = base64.b64encode(bytes(32)).decode()
    payload["purposes"] = {**payload["purposes"], "peer_key": extra, "probe": extra}
    courier.last.keys = bundle_format.seal_keys(
        payload, [sync_bundle_io.office_keys(province).recipient]
    )
    sync_import.import_bundle(province, courier.last)
    assert sorted(p for _o, p, _k in _peer_rows(province)) == sorted(peer_keys.SHARED_PURPOSES)


def test_a_district_set_up_again_keeps_both_keys_and_both_seals_open(
    admin: ServiceContext, province: ServiceContext
) -> None:
    """A new data key of the same office is kept beside the old one (newest tried first):
    identities and evidence sealed under either open."""
    import io
    import os

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    case_id, item_id = _district_case(admin)
    courier = Courier(to=province)
    sync_export.export_bundle(admin, Path("/unused"), writer=courier.write)  # type: ignore[arg-type]
    sync_import.import_bundle(province, courier.last)
    assert cases.case_view(province, case_id).parties[0].name == REPORTER_NAME

    new_key = os.urandom(32)
    received = peer_keys.Received("34.02", "00ff00ff00ff00ff", {IDENTITY_PURPOSE: new_key})
    with province.db.write_session() as session:
        assert peer_keys.store_received(
            province, session, received, at="2099-01-01T00:00:00Z", seq=9
        )
        # Again: nothing more.
        assert not peer_keys.store_received(province, session, received, at="2099", seq=10)
    at_rest.forget_peer_keys()
    nonce = os.urandom(12)
    associated = at_rest._associated(1, IDENTITY_PURPOSE)
    sealed = b"\x01" + nonce + AESGCM(new_key).encrypt(nonce, b'{"name":"Baru"}', associated)
    assert at_rest.open_json(province, sealed, purpose=IDENTITY_PURPOSE, office="34.02") == {
        "name": "Baru"
    }
    # The older seal still opens (the older key is tried after the newer), as bytes and as a
    # stream.
    assert cases.case_view(province, case_id).parties[0].name == REPORTER_NAME
    stream_key = at_rest.purpose_key(admin, "evidence")
    more = peer_keys.Received("34.02", "00ff00ff00ff00ff", {"evidence": os.urandom(32)})
    with province.db.write_session() as session:
        peer_keys.store_received(province, session, more, at="2099-01-01T00:00:00Z", seq=9)
    at_rest.forget_peer_keys()
    assert len(at_rest.peer_keys(province, "34.02", "evidence")) == 2
    assert at_rest.peer_keys(province, "34.02", "evidence")[1] == stream_key
    assert evidence.read(province, item_id) == STATEMENT
    out = io.BytesIO()
    plain = io.BytesIO(b"rekaman" * 1000)
    sealed_stream = io.BytesIO()
    at_rest.seal_stream(admin, plain, sealed_stream, purpose="evidence")
    at_rest.open_stream(province, sealed_stream, out, purpose="evidence", office="34.02")
    assert out.getvalue() == b"rekaman" * 1000
    # Another office's seal, with no key here: refused, saying so.
    with pytest.raises(VerificationFailed, match=r"kunci kantor 34\.03"):
        at_rest.open_bytes(province, sealed, purpose=IDENTITY_PURPOSE, office="34.03")


def test_the_province_seals_its_own_copy_of_evidence_a_district_holds_sealed(
    admin: ServiceContext, province: ServiceContext
) -> None:
    """The same bytes attached confidential at the province are sealed with its own key (the
    district's sealed copy is not shared), and both open."""
    _case_id, item_id = _district_case(admin)
    courier = Courier(to=province)
    sync_export.export_bundle(admin, Path("/unused"), writer=courier.write)  # type: ignore[arg-type]
    sync_import.import_bundle(province, courier.last)
    mine = evidence.attach(
        province,
        "case_file",
        "0193a000-0000-7000-8000-00000000000a",  # a record of the province's own
        STATEMENT,
        original_name="salinan.docx",
        permission=Permission.CASE_LOG,
        confidential=True,
    ).attachment
    assert evidence.open_evidence(province, mine.id) == STATEMENT
    assert evidence.open_evidence(province, item_id) == STATEMENT
    checked = check_sealed_attachments(province)
    assert checked.ok and checked.detail.startswith("2 berkas tersegel"), checked.detail

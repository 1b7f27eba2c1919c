"""The province's key rotation (issue 15): the next trust file carries the new keys, signed by
the new key and endorsed by the old; a district holding the old key takes it without a phone
call, its next bundle goes to the new recipient, the province still opens bundles sent to
the old one, and receipts are checked with the new key. Forged rotations are refused with
nothing changed. Both engines (bundles are merged into the database)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from netral_desktop.core.errors import ConflictError, VerificationFailed
from netral_desktop.services import (
    audit_query,
    roster,
    sync_bundle_io,
    sync_export,
    sync_receipts,
)
from netral_desktop.services import (
    keys as keys_service,
)
from netral_desktop.services import trust as trust_service
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.keys import ensure_office_keys
from netral_desktop.services.setup import open_key_store
from netral_desktop.store import keystore
from netral_desktop.sync import bundle as bundle_format
from netral_desktop.sync.office_keys import OfficeKeys
from netral_desktop.sync.signers import TrustedSigner, TrustList
from netral_desktop.sync.trust import TRUST_FORMAT, TrustFile, TrustRefused, seal_envelope


def _joined(province: ServiceContext, district: ServiceContext, folder: Path) -> TrustFile:
    """The district holds the province's trust file (phone-checked) and is enrolled in it."""
    folder.mkdir(exist_ok=True)
    first = trust_service.export_trust(province, folder / "trust-1.json").trust
    trust_service.import_trust(
        district, folder / "trust-1.json", confirmed_fingerprint=first.fingerprint
    )
    trust_service.export_enrollment(district, folder / "enroll.json")
    trust_service.import_enrollment(province, folder / "enroll.json")
    trust_service.export_trust(province, folder / "trust-2.json")
    return trust_service.import_trust(district, folder / "trust-2.json").trust


def _export(district: ServiceContext, stick: Path, name: str) -> sync_export.ExportResult:
    roster.create_agency(district, roster.AgencyFields(name=name))
    return sync_export.export_bundle(district, stick, writer=sync_bundle_io.make_writer(district))


def _resign(receipt: Path, key: OfficeKeys) -> Path:
    """The same receipt, signed by ``key`` instead."""
    data = json.loads(receipt.read_text(encoding="utf-8"))
    data["minisig"] = key.signing.sign(data["body"].encode("utf-8"), trusted_comment="netral")
    forged = receipt.with_name("forged-" + receipt.name)
    forged.write_text(json.dumps(data), encoding="utf-8")
    return forged


def test_a_rotated_province_key_reaches_the_district_without_a_phone_call(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    held = _joined(province, admin, tmp_path / "trust")
    old = ensure_office_keys(province)
    stick = tmp_path / "stick"
    before = _export(admin, stick, "Dinas Pendidikan")  # on its way to the old recipient

    rotated = trust_service.export_trust(province, tmp_path / "trust-3.json", rotate=True)
    new = ensure_office_keys(province)
    assert rotated.rotated and rotated.trust.version == held.version + 1
    assert new.public.key != old.public.key and new.recipient != old.recipient
    assert rotated.trust.signing_key == new.public and rotated.trust.previous_key == old.public
    assert [(o.code, o.signing_key) for o in rotated.trust.offices] == [
        (o.code, o.signing_key) for o in held.offices
    ]
    assert new.previous_identities == (old.age_identity,)
    assert rotated.kept is not None and rotated.kept.read_bytes() == rotated.path.read_bytes()
    entry = audit_query.recent_entries(province.db, limit=1)[0]
    assert entry.action == "keys_rotated" and old.public.id_text in (entry.note or "")
    # Exported again (no rotation): the very file, endorsement and all.
    trust_service.export_trust(province, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == rotated.path.read_bytes()

    # The bundle written before the rotation still opens at the province (old identity kept);
    # its receipt, signed by the new key, waits for the district to take the new trust file.
    first = sync_bundle_io.import_file(province, before.path)
    assert first.report.outcome == "merged" and first.receipt is not None
    with pytest.raises(VerificationFailed, match="berkas kepercayaan terbarunya") as early:
        sync_receipts.import_receipt(admin, first.receipt)
    assert early.value.exit_status == 3

    preview = trust_service.preview_trust(admin, rotated.path)
    assert preview.rotated and preview.is_new and not preview.first
    taken = trust_service.import_trust(admin, rotated.path)  # no fingerprint asked
    district_keys = ensure_office_keys(admin)
    now_held = trust_service.held_trust(admin, district_keys)
    assert now_held is not None and now_held.signing_key == new.public
    assert trust_service.province_recipient(admin, district_keys) == new.recipient
    assert taken.rotated
    entry = audit_query.recent_entries(admin.db, limit=1)[0]
    assert entry.action == "province_key_rotated" and old.public.id_text in (entry.note or "")

    # Now the new key's receipt is taken; one signed by the old key is refused.
    with pytest.raises(VerificationFailed) as old_signed:
        sync_receipts.import_receipt(admin, _resign(first.receipt, old))
    assert old_signed.value.exit_status == 3
    assert sync_receipts.import_receipt(admin, first.receipt).seq == before.seq

    # The next bundle goes to the new recipient only; the province takes it.
    after = _export(admin, stick, "Dinas Kesehatan")
    district_only = TrustList([TrustedSigner("34.02", "Bantul", district_keys.public)])
    with (
        pytest.raises(bundle_format.BundleRefused) as not_old,
        bundle_format.read_bundle(
            after.path, trust=district_only, identity=old.age_identity, allow_gap=True
        ),
    ):
        pass
    assert not_old.value.check == "not_for_us"
    second = sync_bundle_io.import_file(province, after.path)
    assert second.report.outcome == "merged" and second.receipt is not None
    assert sync_receipts.import_receipt(admin, second.receipt).seq == after.seq


def _forge(trust: TrustFile, signer: OfficeKeys, endorser: OfficeKeys | None, path: Path) -> Path:
    """A trust file with ``trust``'s body, signed by ``signer`` and endorsed by ``endorser``."""
    path.write_bytes(
        seal_envelope(
            TRUST_FORMAT,
            trust.body(),
            signer.signing,
            comment="netral-trust",
            endorser=None if endorser is None else endorser.signing,
        )
    )
    return path


def test_forged_rotations_are_refused_and_nothing_changes(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    held = _joined(province, admin, tmp_path / "trust")
    real = ensure_office_keys(province)
    stranger, other = OfficeKeys.generate(), OfficeKeys.generate()
    takeover = held.rotated(stranger.public, stranger.recipient, "2024-05-15T00:00:00Z")
    cases = [
        # Names the held key as the previous one, but endorsed by a stranger.
        ("rotation_unendorsed", _forge(takeover, stranger, stranger, tmp_path / "a.json")),
        # Names the held key, no endorsement at all.
        ("rotation_unendorsed", _forge(takeover, stranger, None, tmp_path / "b.json")),
        # Endorsed properly, by a previous key that is not the one held.
        (
            "rotation_chain",
            _forge(
                replace(takeover, previous_key=other.public), stranger, other, tmp_path / "c.json"
            ),
        ),
        # Really endorsed by the province key, but not newer than the file held.
        (
            "older",
            _forge(replace(takeover, version=held.version), stranger, real, tmp_path / "d.json"),
        ),
    ]
    district_keys = ensure_office_keys(admin)
    for check, path in cases:
        with pytest.raises(TrustRefused) as refused:
            trust_service.import_trust(admin, path)
        assert refused.value.check == check, path
        assert refused.value.exit_status == 3
        assert trust_service.held_trust(admin, district_keys) == held
    # The same file really endorsed and newer is taken (the checks above were the cause).
    genuine = _forge(takeover, stranger, real, tmp_path / "e.json")
    assert trust_service.import_trust(admin, genuine).rotated


def test_a_district_two_rotations_behind_is_sent_back_for_each_step_or_the_phone(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    held = _joined(province, admin, tmp_path / "trust")
    one = trust_service.export_trust(province, tmp_path / "rot-1.json", rotate=True)
    two = trust_service.export_trust(province, tmp_path / "rot-2.json", rotate=True)
    assert two.trust.version == held.version + 2
    assert len(ensure_office_keys(province).previous_identities) == 2
    with pytest.raises(TrustRefused) as behind:
        trust_service.import_trust(admin, two.path)
    assert behind.value.check == "rotation_chain" and "--fresh" in str(behind.value)
    # Afresh: the phone check again, as on the first import.
    with pytest.raises(ConflictError):
        trust_service.import_trust(admin, two.path, fresh=True, confirmed_fingerprint="AB")
    fresh = trust_service.preview_trust(admin, two.path, fresh=True)
    assert fresh.first and fresh.is_new and not fresh.rotated
    # Or each step in turn, no phone call.
    assert trust_service.import_trust(admin, one.path).rotated
    assert trust_service.import_trust(admin, two.path).rotated
    held_now = trust_service.held_trust(admin, ensure_office_keys(admin))
    assert held_now is not None and held_now.version == two.trust.version


def test_after_a_rotation_the_next_versions_are_ordinary_and_the_key_backup_keeps_the_old(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    _joined(province, admin, tmp_path / "trust")
    old = ensure_office_keys(province)
    rotated = trust_service.export_trust(province, tmp_path / "rot.json", rotate=True)
    # A district that re-enrolls: the next version is signed by the new key and names no
    # previous key; the district, holding the rotated file, takes it as usual.
    trust_service.import_trust(admin, rotated.path)
    trust_service.export_enrollment(admin, tmp_path / "enroll.json", rotate=True)
    after = trust_service.import_enrollment(province, tmp_path / "enroll.json").trust
    assert after.previous_key is None and after.version == rotated.trust.version + 1
    trust_service.export_trust(province, tmp_path / "next.json")
    assert "previous_key" not in json.loads(tmp_path.joinpath("next.json").read_text())["body"]
    taken = trust_service.import_trust(admin, tmp_path / "next.json")
    assert taken.is_new and not taken.rotated
    # The district's own rotation keeps its old identity too.
    assert len(ensure_office_keys(admin).previous_identities) == 1

    store = open_key_store(province)
    assert store.get(keystore.PREVIOUS_AGE_IDENTITIES) == old.age_identity.encode("ascii")
    assert store.get(keystore.PREVIOUS_SIGNING_KEYS) == old.public.base64().encode("ascii")
    backup = keys_service.backup_keys(
        province, store, tmp_path / "kunci.zip", "Cadangan-Kunci-2024!"
    )
    opened = keys_service.read_backup(backup, "Cadangan-Kunci-2024!")
    assert opened.secrets[keystore.PREVIOUS_AGE_IDENTITIES] == old.age_identity.encode("ascii")
    assert opened.secrets[keystore.PREVIOUS_SIGNING_KEYS] == old.public.base64().encode("ascii")


class PowerCut(Exception):
    """The program stopping where it stands (a crash, a pulled plug)."""


def _cut(*_args: object, **_kwargs: object) -> None:
    raise PowerCut


def _rotation_cut_short(
    province: ServiceContext,
    target: Path,
    cut: pytest.MonkeyPatch,
    where: object,
    name: str,
    by: object,
) -> None:
    """The province's rotation, stopped where ``where.name`` (replaced by ``by``) is reached."""
    with cut.context() as patched:
        patched.setattr(where, name, by)
        with pytest.raises(PowerCut):
            trust_service.export_trust(province, target, rotate=True)


def test_a_province_rotation_cut_short_after_the_keys_changed_is_finished_on_the_next_read(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = _joined(province, admin, tmp_path / "trust")
    old = ensure_office_keys(province)
    # After the keys, before the trust.
    _rotation_cut_short(
        province, tmp_path / "trust-3.json", monkeypatch, trust_service, "_install", _cut
    )
    new = ensure_office_keys(province)
    assert new.public != old.public  # the keys did change

    # Not "tampered": the trust the rotation was installing is held, pinned by the new key,
    # and its copy is kept for districts that miss it.
    now_held = trust_service.held_trust(province, new)
    assert now_held is not None and now_held.version == held.version + 1
    assert now_held.signing_key == new.public and now_held.previous_key == old.public
    rotation_copy = tmp_path / "trust-3.json"
    kept = province.layout.root / "trust" / f"rotation-v{now_held.version}.json"
    assert kept.read_bytes() == rotation_copy.read_bytes()
    assert sorted(p.name for p in (province.layout.root / "trust").iterdir()) == [
        kept.name,
        "trust.json",
        "trust.json.minisig",
    ]
    # The district takes the rotation as usual; the province goes on issuing.
    assert trust_service.import_trust(admin, rotation_copy).rotated
    again = trust_service.export_trust(province, tmp_path / "again.json")
    assert again.path.read_bytes() == rotation_copy.read_bytes()


def test_a_province_rotation_cut_short_before_the_keys_changed_leaves_everything_as_it_was(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = _joined(province, admin, tmp_path / "trust")
    old = ensure_office_keys(province)
    _rotation_cut_short(
        province, tmp_path / "trust-3.json", monkeypatch, keys_service, "rotate_office_keys", _cut
    )
    assert ensure_office_keys(province).public == old.public
    still = trust_service.held_trust(province, old)
    assert still is not None and still.version == held.version and still.signing_key == old.public
    # The staged trust, pinned by keys the office never took, is gone.
    assert sorted(p.name for p in (province.layout.root / "trust").iterdir()) == [
        "trust.json",
        "trust.json.minisig",
    ]


def test_a_trust_change_cut_between_its_pin_and_its_file_is_finished_not_refused(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = _joined(province, admin, tmp_path / "trust")
    keys = ensure_office_keys(province)
    write_file = trust_service.write_file

    def pin_then_cut(path: Path, data: bytes) -> Path:
        if Path(path).name == "trust.json":
            raise PowerCut
        return write_file(path, data)

    _rotation_cut_short(
        province, tmp_path / "trust-3.json", monkeypatch, trust_service, "write_file", pin_then_cut
    )
    new = ensure_office_keys(province)
    assert new.public != keys.public
    now_held = trust_service.held_trust(province, new)
    assert now_held is not None and now_held.version == held.version + 1


def test_a_district_rotation_cut_short_keeps_the_trust_it_held(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = _joined(province, admin, tmp_path / "trust")
    old = ensure_office_keys(admin)
    with monkeypatch.context() as cut:
        cut.setattr(trust_service, "_install", _cut)
        with pytest.raises(PowerCut):
            trust_service.export_enrollment(admin, tmp_path / "enroll-2.json", rotate=True)
    new = ensure_office_keys(admin)
    assert new.public != old.public
    now_held = trust_service.held_trust(admin, new)  # no phone call, no --fresh import
    assert now_held is not None and now_held.version == held.version
    assert trust_service.province_recipient(admin, new) == held.age_recipient
    # The province takes the new key from the enrollment written before the cut.
    assert (
        trust_service.import_enrollment(province, tmp_path / "enroll-2.json").outcome == "rotated"
    )

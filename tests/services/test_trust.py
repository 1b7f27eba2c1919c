"""Trust between a province and a district: the trust file taken on a phone-checked
fingerprint, enrollment, newer-only updates, rotation signed by the old key, revocation, the
pinned copy in the data folder, and bundles checked against it all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import (
    ConflictError,
    PermissionDenied,
    ValidationError,
    VerificationFailed,
)
from netral_desktop.services import trust as trust_service
from netral_desktop.services.audit_query import recent_entries
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.keys import ensure_office_keys
from netral_desktop.services.setup import PROVINCE, init_office, open_key_store
from netral_desktop.sync import bundle
from netral_desktop.sync.office_keys import OfficeKeys
from netral_desktop.sync.trust import TrustFile, TrustRefused
from tests.conftest import ADMIN_PASSWORD, forget_secrets, key_store_for
from tests.sync.bundle_samples import contents

# Trust lives in the data folder and the key store, not the database: one engine is enough.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def province(tmp_path: Path, clock, request: pytest.FixtureRequest) -> Iterator[ServiceContext]:  # type: ignore[no-untyped-def]
    from netral_desktop.services.accounts import authenticate

    ctx = init_office(
        HomeLayout(tmp_path / "provinsi"),
        office_code="34",
        name="Bawaslu Provinsi Daerah Istimewa Yogyakarta",
        admin_username="yusuf",
        admin_password=ADMIN_PASSWORD,
        mode=PROVINCE,
        clock=clock,
        key_store=key_store_for(request),
    )
    yield ctx.as_actor(authenticate(ctx, "yusuf", ADMIN_PASSWORD))
    ctx.db.dispose()
    forget_secrets(open_key_store(ctx))


def _joined(province: ServiceContext, admin: ServiceContext, tmp_path: Path) -> TrustFile:
    """The district takes the province's trust file and enrolls; the province takes that."""
    first = trust_service.export_trust(province, tmp_path / "trust-1.json").trust
    trust_service.import_trust(
        admin, tmp_path / "trust-1.json", confirmed_fingerprint=first.fingerprint
    )
    trust_service.export_enrollment(admin, tmp_path / "enroll.json")
    return trust_service.import_enrollment(province, tmp_path / "enroll.json").trust


def test_a_district_takes_the_first_trust_file_on_the_phone_checked_fingerprint(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    exported = trust_service.export_trust(province, tmp_path / "trust.json")
    province_keys = ensure_office_keys(province)
    assert exported.trust.fingerprint == province_keys.public.fingerprint()
    preview = trust_service.preview_trust(admin, tmp_path / "trust.json")
    assert preview.first and preview.is_new
    assert preview.trust.fingerprint == province_keys.public.fingerprint()
    with pytest.raises(ConflictError, match="Sidik jari"):
        trust_service.import_trust(admin, tmp_path / "trust.json", confirmed_fingerprint="AB12")
    with pytest.raises(ValidationError, match="belum memegang"):
        trust_service.province_recipient(admin, ensure_office_keys(admin))
    spoken = preview.trust.fingerprint.lower().replace(" ", "")  # as typed after the call
    trust_service.import_trust(admin, tmp_path / "trust.json", confirmed_fingerprint=spoken)
    keys = ensure_office_keys(admin)
    assert trust_service.province_recipient(admin, keys) == province_keys.recipient
    assert recent_entries(admin.db, limit=1)[0].action == "trust_imported"


def test_enrollment_then_only_newer_trust_files_of_the_same_key(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    trust = _joined(province, admin, tmp_path)
    district = ensure_office_keys(admin)
    assert trust.version == 2
    assert [(o.code, o.signing_key) for o in trust.offices] == [("34.02", district.public)]
    trust_service.export_trust(province, tmp_path / "trust-2.json")
    again = trust_service.import_trust(admin, tmp_path / "trust-2.json")  # no phone call now
    assert again.is_new and not again.first
    unchanged = trust_service.import_trust(admin, tmp_path / "trust-2.json")
    assert not unchanged.is_new
    with pytest.raises(TrustRefused) as older:
        trust_service.import_trust(admin, tmp_path / "trust-1.json")
    assert older.value.check == "older" and older.value.exit_status == 3
    # A look-alike "province 34" with its own key: refused, not a second phone call.
    impostor = OfficeKeys.generate()
    forged = TrustFile("34", "Bawaslu Provinsi DIY", impostor.public, impostor.recipient, 9, "x")
    (tmp_path / "forged.json").write_bytes(forged.sealed(impostor.signing))
    with pytest.raises(TrustRefused) as untrusted:
        trust_service.import_trust(admin, tmp_path / "forged.json")
    assert untrusted.value.check == "untrusted_key"
    assert trust_service.held_trust(admin, district).version == 2  # type: ignore[union-attr]


def test_a_trust_file_of_another_province_or_altered_is_refused(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    other = OfficeKeys.generate()
    jateng = TrustFile("33", "Bawaslu Provinsi Jawa Tengah", other.public, other.recipient, 1, "x")
    (tmp_path / "33.json").write_bytes(jateng.sealed(other.signing))
    with pytest.raises(TrustRefused) as refused:
        trust_service.preview_trust(admin, tmp_path / "33.json")
    assert refused.value.check == "other_province"
    trust_service.export_trust(province, tmp_path / "trust.json")
    envelope = json.loads((tmp_path / "trust.json").read_text())
    envelope["body"] = envelope["body"].replace('"version": 1', '"version": 7')
    (tmp_path / "edited.json").write_text(json.dumps(envelope))
    with pytest.raises(TrustRefused) as edited:
        trust_service.preview_trust(admin, tmp_path / "edited.json")
    assert edited.value.check == "signature"


def test_a_trust_file_changed_in_the_data_folder_is_not_used(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    _joined(province, admin, tmp_path)
    # Someone with the data folder puts their own province key in place.
    impostor = OfficeKeys.generate()
    forged = TrustFile("34", "Bawaslu Provinsi DIY", impostor.public, impostor.recipient, 9, "x")
    assert admin.layout is not None
    (admin.layout.root / "trust" / "trust.json").write_bytes(forged.sealed(impostor.signing))
    with pytest.raises(VerificationFailed, match="diubah di luar program") as refused:
        trust_service.province_recipient(admin, ensure_office_keys(admin))
    assert refused.value.code == "trust_tampered"
    # The way out the message gives: the province's file again, taken afresh after the
    # phone check; a plain import stays refused (the held file cannot be trusted to compare).
    real = tmp_path / "trust-again.json"
    trust_service.export_trust(province, real)
    with pytest.raises(VerificationFailed) as plain:
        trust_service.preview_trust(admin, real)
    assert plain.value.code == "trust_tampered"
    preview = trust_service.preview_trust(admin, real, fresh=True)
    assert preview.first and preview.is_new
    with pytest.raises(ConflictError):
        trust_service.import_trust(admin, real, fresh=True)  # not without the fingerprint
    trust_service.import_trust(
        admin, real, fresh=True, confirmed_fingerprint=preview.trust.fingerprint
    )
    province_keys = ensure_office_keys(province)
    assert trust_service.province_recipient(admin, ensure_office_keys(admin)) == (
        province_keys.recipient
    )


def test_rotation_signed_by_the_old_key_swaps_the_keys_at_the_province(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    _joined(province, admin, tmp_path)
    old = ensure_office_keys(admin)
    done = trust_service.export_enrollment(admin, tmp_path / "rotate.json", rotate=True)
    new = ensure_office_keys(admin)
    assert done.rotated and new.public != old.public
    assert done.enrollment.previous_key == old.public
    # The district still holds its trust file (re-pinned with the new key).
    assert trust_service.province_recipient(admin, new) == ensure_office_keys(province).recipient
    preview = trust_service.import_enrollment(province, tmp_path / "rotate.json")
    assert preview.outcome == "rotated" and preview.trust.version == 3
    assert [r.signing_key for r in preview.trust.revoked] == [old.public]
    trust = trust_service.trust_list(province, ensure_office_keys(province))
    assert trust.signer(old.public.key_id).revoked  # type: ignore[union-attr]
    assert not trust.signer(new.public.key_id).revoked  # type: ignore[union-attr]


def test_a_new_key_not_signed_by_the_old_needs_a_revocation_first(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    from netral_desktop.sync.trust import Enrollment, make_enrollment

    _joined(province, admin, tmp_path)
    thief = OfficeKeys.generate()
    claim = Enrollment(
        "34.02", "Bawaslu Kabupaten Bantul", "34", thief.public, thief.recipient, "x"
    )
    (tmp_path / "claim.json").write_bytes(make_enrollment(claim, thief.signing))
    with pytest.raises(TrustRefused) as refused:
        trust_service.import_enrollment(province, tmp_path / "claim.json")
    assert refused.value.check == "rotation_unendorsed"
    assert "enroll revoke 34.02" in str(refused.value)
    revoked = trust_service.revoke_office(province, "34.02")
    assert revoked.office("34.02") is None
    # After the phone call, the office's new key enrolls as new.
    assert trust_service.import_enrollment(province, tmp_path / "claim.json").outcome == "new"


def test_the_province_checks_a_district_bundle_against_its_trust(
    province: ServiceContext, admin: ServiceContext, tmp_path: Path
) -> None:
    district = ensure_office_keys(admin)
    province_keys = ensure_office_keys(province)
    [written] = bundle.write_bundle(
        contents(),
        signing_key=district.signing,
        recipients=[province_keys.recipient, district.recipient],
        out_dir=tmp_path / "usb",
    )
    with pytest.raises(bundle.BundleRefused) as refused:
        trust_service.verify_bundle(province, written.bundle)
    assert refused.value.check == "untrusted_key"  # not enrolled yet
    _joined(province, admin, tmp_path)
    checked = trust_service.verify_bundle(province, written.bundle)
    assert (checked.office_code, checked.seq, checked.files) == ("34.02", 1, 2)
    assert checked.records == {"person": 25, "pledge_event": 3}
    assert checked.chain_head == (412, "9f" * 32)
    # The district checks its own bundle too (it is among the recipients).
    assert trust_service.verify_bundle(admin, written.bundle).manifest_sha256 == (
        written.manifest_sha256
    )
    trust_service.revoke_office(province, "34.02")
    with pytest.raises(bundle.BundleRefused) as revoked:
        trust_service.verify_bundle(province, written.bundle)
    assert revoked.value.check == "revoked_key"


def test_only_an_administrator_manages_trust_and_each_side_its_own_part(
    province: ServiceContext, admin: ServiceContext, office: ServiceContext, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        trust_service.export_enrollment(office, tmp_path / "x.json")
    with pytest.raises(ValidationError, match="provinsi"):
        trust_service.export_trust(admin, tmp_path / "x.json")
    with pytest.raises(ValidationError):
        trust_service.export_enrollment(province, tmp_path / "x.json")
    assert not (tmp_path / "x.json").exists()

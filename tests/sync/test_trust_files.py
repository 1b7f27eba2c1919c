"""The trust and enrollment files themselves: what they refuse, and that the standard tools
check them (jq pulls the body and signature apart, minisign verifies)."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netral_desktop.sync.office_keys import OfficeKeys
from netral_desktop.sync.trust import (
    Enrollment,
    TrustFile,
    TrustRefused,
    accept_trust_file,
    is_rotation,
    make_enrollment,
    parse_enrollment,
    parse_trust_file,
)
from tests.sync.test_standard_tools import _tool

PROVINCE = OfficeKeys.generate()
DISTRICT = OfficeKeys.generate()
NEW_PROVINCE = OfficeKeys.generate()  # the province's keys after a rotation
NOW = "2026-12-02T06:00:00.000000Z"


def _trust(version: int = 1) -> TrustFile:
    return TrustFile(
        "34", "Bawaslu Provinsi DIY", PROVINCE.public, PROVINCE.recipient, version, NOW
    )


def _enrollment(**changes: object) -> Enrollment:
    base = Enrollment(
        "34.02", "Bawaslu Kabupaten Bantul", "34", DISTRICT.public, DISTRICT.recipient, NOW
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_trust_file_round_trips_and_checks_with_jq_and_minisign(tmp_path: Path) -> None:
    jq, minisign_tool = _tool("jq"), _tool("minisign")
    trust, _outcome = _trust().with_enrollment(_enrollment(), NOW)
    data = trust.sealed(PROVINCE.signing)
    assert parse_trust_file(data) == trust
    path = tmp_path / "trust.json"
    path.write_bytes(data)
    for field, name in (("body", "body.json"), ("signature", "body.json.minisig")):
        with (tmp_path / name).open("w") as out:
            subprocess.run([jq, "-j", f".{field}", str(path)], stdout=out, check=True)
    done = subprocess.run(
        [minisign_tool, "-Vm", "body.json", "-P", PROVINCE.public.base64()],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    body = json.loads((tmp_path / "body.json").read_text())
    assert body["province"]["fingerprint"] == PROVINCE.public.fingerprint()
    assert [o["code"] for o in body["offices"]] == ["34.02"]


@pytest.mark.parametrize(
    ("data", "check"),
    [
        (b"\xff\xfe not text", "malformed"),
        (b"[1, 2]", "malformed"),
        (b'{"format": "netral-bundle"}', "unknown_format"),
        (b'{"format": "netral-trust", "format_version": 2}', "future_format"),
        (b'{"format": "netral-trust", "format_version": 1, "body": 3}', "malformed"),
        (b"x" * (5 << 20), "malformed"),
    ],
)
def test_what_is_not_a_trust_file_is_refused(data: bytes, check: str) -> None:
    with pytest.raises(TrustRefused) as refused:
        parse_trust_file(data)
    assert refused.value.check == check and refused.value.exit_status == 3


def test_a_signed_body_changed_afterwards_is_refused() -> None:
    envelope = json.loads(_trust().sealed(PROVINCE.signing))
    envelope["body"] = envelope["body"].replace("Bawaslu Provinsi DIY", "Provinsi Palsu")
    with pytest.raises(TrustRefused) as refused:
        parse_trust_file(json.dumps(envelope).encode())
    assert refused.value.check == "signature"


def test_newer_only_and_the_same_key_only() -> None:
    v1, v2 = _trust(1).sealed(PROVINCE.signing), _trust(2).sealed(PROVINCE.signing)
    held = parse_trust_file(v2)
    with pytest.raises(TrustRefused) as older:
        accept_trust_file(v1, held=held, province_code="34")
    assert older.value.check == "older"
    same_version_other_content = replace(_trust(2), province_name="Lain").sealed(PROVINCE.signing)
    with pytest.raises(TrustRefused):
        accept_trust_file(same_version_other_content, held=held, province_code="34")
    assert accept_trust_file(v2, held=held, province_code="34") == (held, False)
    assert accept_trust_file(_trust(3).sealed(PROVINCE.signing), held=held, province_code="34")[1]


def test_an_enrollment_must_be_signed_by_its_key_and_a_rotation_by_the_old() -> None:
    assert parse_enrollment(make_enrollment(_enrollment(), DISTRICT.signing)) == _enrollment()
    new = OfficeKeys.generate()
    rotation = _enrollment(
        signing_key=new.public, age_recipient=new.recipient, previous_key=DISTRICT.public
    )
    data = make_enrollment(rotation, new.signing, previous=DISTRICT.signing)
    assert parse_enrollment(data).previous_key == DISTRICT.public
    envelope = json.loads(data)
    del envelope["endorsement"]
    with pytest.raises(TrustRefused) as unendorsed:
        parse_enrollment(json.dumps(envelope).encode())
    assert unendorsed.value.check == "rotation_unendorsed"
    envelope["endorsement"] = json.loads(data)["signature"]  # signed by the new key, not the old
    with pytest.raises(TrustRefused) as wrong:
        parse_enrollment(json.dumps(envelope).encode())
    assert wrong.value.check == "rotation_unendorsed"
    with pytest.raises(ValueError):
        make_enrollment(_enrollment(), new.signing)  # not the key it enrolls


def test_a_revoked_key_never_enrolls_again_and_other_provinces_are_refused() -> None:
    trust, _ = _trust().with_enrollment(_enrollment(), NOW)
    revoked = trust.with_revocation("34.02", NOW)
    with pytest.raises(TrustRefused) as again:
        revoked.with_enrollment(_enrollment(), NOW)
    assert again.value.check == "revoked_key"
    with pytest.raises(TrustRefused) as other:
        _trust().with_enrollment(_enrollment(province_code="33"), NOW)
    assert other.value.check == "other_province"


SEALED_TRUST = _trust().with_enrollment(_enrollment(), NOW)[0].sealed(PROVINCE.signing)
SEALED_ENROLLMENT = make_enrollment(_enrollment(), DISTRICT.signing)
SEALED_ROTATION = (
    _trust(2)
    .rotated(NEW_PROVINCE.public, NEW_PROVINCE.recipient, NOW)
    .sealed(NEW_PROVINCE.signing, previous=PROVINCE.signing)
)


def _split(path: Path, field: str, name: str, jq: str) -> None:
    with (path.parent / name).open("w") as out:
        subprocess.run([jq, "-j", f".{field}", str(path)], stdout=out, check=True)


def _minisign_verifies(minisign_tool: str, folder: Path, public: str) -> bool:
    done = subprocess.run(
        [minisign_tool, "-Vm", "body.json", "-P", public],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    return done.returncode == 0


def test_a_rotated_trust_file_checks_with_the_new_key_and_its_endorsement_with_the_old(
    tmp_path: Path,
) -> None:
    jq, minisign_tool = _tool("jq"), _tool("minisign")
    path = tmp_path / "trust.json"
    path.write_bytes(SEALED_ROTATION)
    _split(path, "body", "body.json", jq)
    _split(path, "signature", "body.json.minisig", jq)
    assert _minisign_verifies(minisign_tool, tmp_path, NEW_PROVINCE.public.base64())
    assert not _minisign_verifies(minisign_tool, tmp_path, PROVINCE.public.base64())
    _split(path, "endorsement", "body.json.minisig", jq)  # the old key's signature of the body
    assert _minisign_verifies(minisign_tool, tmp_path, PROVINCE.public.base64())
    assert not _minisign_verifies(minisign_tool, tmp_path, NEW_PROVINCE.public.base64())
    body = json.loads((tmp_path / "body.json").read_text())
    assert body["previous_key"] == PROVINCE.public.base64() and body["version"] == 3


def test_trust_files_of_before_rotations_parse_as_before() -> None:
    # No previous_key in the body and no endorsement in the envelope: as issued all along.
    envelope = json.loads(SEALED_TRUST)
    assert "endorsement" not in envelope
    assert sorted(json.loads(envelope["body"])) == [
        "issued_at",
        "offices",
        "province",
        "revoked",
        "version",
    ]
    parsed = parse_trust_file(SEALED_TRUST)
    assert parsed.previous_key is None
    held = parse_trust_file(_trust(1).sealed(PROVINCE.signing))
    assert accept_trust_file(SEALED_TRUST, held=held, province_code="34") == (parsed, True)


def test_a_rotation_is_taken_only_from_the_key_held_and_newer() -> None:
    held = parse_trust_file(_trust(2).sealed(PROVINCE.signing))
    trust, is_new = accept_trust_file(SEALED_ROTATION, held=held, province_code="34")
    assert is_new and is_rotation(trust, held)
    assert trust.signing_key == NEW_PROVINCE.public and trust.previous_key == PROVINCE.public
    # Held already: the same file again is nothing new; a later ordinary file of the new key
    # (no previous key named) is taken as usual.
    assert accept_trust_file(SEALED_ROTATION, held=trust, province_code="34") == (trust, False)
    later = replace(trust, version=4, previous_key=None).sealed(NEW_PROVINCE.signing)
    assert not is_rotation(accept_trust_file(later, held=trust, province_code="34")[0], trust)
    # A district that never saw the rotation: the later file alone is an unknown key.
    with pytest.raises(TrustRefused) as unknown:
        accept_trust_file(later, held=held, province_code="34")
    assert unknown.value.check == "untrusted_key" and "--fresh" in str(unknown.value)
    # Held a newer version of the old key: the rotation is not newer, refused.
    newer = parse_trust_file(_trust(5).sealed(PROVINCE.signing))
    with pytest.raises(TrustRefused) as older:
        accept_trust_file(SEALED_ROTATION, held=newer, province_code="34")
    assert older.value.check == "older"
    # The program never seals a rotation with a key other than the one it names.
    rotation = _trust(2).rotated(NEW_PROVINCE.public, NEW_PROVINCE.recipient, NOW)
    with pytest.raises(ValueError, match="previous"):
        rotation.sealed(NEW_PROVINCE.signing, previous=DISTRICT.signing)
    with pytest.raises(ValueError, match="previous"):
        rotation.sealed(NEW_PROVINCE.signing)
    with pytest.raises(ValueError, match="new key"):
        _trust(2).rotated(PROVINCE.public, PROVINCE.recipient, NOW)


def test_a_rotation_endorsement_taken_from_another_file_is_refused() -> None:
    # The old key's genuine endorsement of a different body does not endorse this one.
    other = (
        _trust(2)
        .rotated(DISTRICT.public, DISTRICT.recipient, NOW)
        .sealed(DISTRICT.signing, previous=PROVINCE.signing)
    )
    envelope = json.loads(SEALED_ROTATION)
    envelope["endorsement"] = json.loads(other)["endorsement"]
    with pytest.raises(TrustRefused) as refused:
        parse_trust_file(json.dumps(envelope).encode())
    assert refused.value.check == "rotation_unendorsed"
    del envelope["endorsement"]
    with pytest.raises(TrustRefused) as missing:
        parse_trust_file(json.dumps(envelope).encode())
    assert missing.value.check == "rotation_unendorsed"


@settings(max_examples=200, deadline=None)
@given(
    which=st.sampled_from(["trust", "enrollment", "rotation"]),
    changes=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=6),
)
def test_mutated_files_are_refused_never_crash(which: str, changes: list[tuple[int, int]]) -> None:
    original = {
        "trust": SEALED_TRUST,
        "enrollment": SEALED_ENROLLMENT,
        "rotation": SEALED_ROTATION,
    }[which]
    data = bytearray(original)
    for at, value in changes:
        data[at % len(data)] = value
    parse = parse_enrollment if which == "enrollment" else parse_trust_file
    try:
        parsed = parse(bytes(data))
    except TrustRefused as refused:
        assert refused.exit_status == 3
    else:
        # Accepted only if what was signed is unchanged (whitespace of the envelope aside).
        assert parsed == parse(original)

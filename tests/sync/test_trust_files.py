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
    make_enrollment,
    parse_enrollment,
    parse_trust_file,
)
from tests.sync.test_standard_tools import _tool

PROVINCE = OfficeKeys.generate()
DISTRICT = OfficeKeys.generate()
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


@settings(max_examples=200, deadline=None)
@given(
    which=st.sampled_from(["trust", "enrollment"]),
    changes=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=6),
)
def test_mutated_files_are_refused_never_crash(which: str, changes: list[tuple[int, int]]) -> None:
    data = bytearray(SEALED_TRUST if which == "trust" else SEALED_ENROLLMENT)
    for at, value in changes:
        data[at % len(data)] = value
    parse = parse_trust_file if which == "trust" else parse_enrollment
    try:
        parsed = parse(bytes(data))
    except TrustRefused as refused:
        assert refused.exit_status == 3
    else:
        # Accepted only if what was signed is unchanged (whitespace of the envelope aside).
        assert parsed == (parse_trust_file if which == "trust" else parse_enrollment)(
            SEALED_TRUST if which == "trust" else SEALED_ENROLLMENT
        )

"""The keys member of a bundle (issue 15): ``keys.age``, an age file inside the archive
encrypted to the province alone, listed in the manifest like every member; the reader takes
exactly that one extra name, checks its hash, and hands it on still encrypted."""

from __future__ import annotations

import base64
import json
import os
import subprocess
from pathlib import Path

import pyrage
import pytest

from netral_desktop.sync import bundle
from tests.sync.bundle_corpus import _case, forged, good_members
from tests.sync.bundle_samples import CREATED, OFFICE, SCHEMAS, keys, write
from tests.sync.test_bundle_tools import _run
from tests.sync.test_standard_tools import _tool

KEY_ID = "0123456789abcdef"
IDENTITY_KEY, EVIDENCE_KEY = os.urandom(32), os.urandom(32)
PAYLOAD = {
    "format": bundle.KEYS_FORMAT,
    "version": 1,
    "office": OFFICE,
    "data_key_id": KEY_ID,
    "purposes": {
        "case_party.identity": base64.b64encode(IDENTITY_KEY).decode(),
        "evidence": base64.b64encode(EVIDENCE_KEY).decode(),
    },
}


def _sealed() -> bytes:
    return bundle.seal_keys(PAYLOAD, [keys().province.recipient])


def _read(path: Path) -> bundle.VerifiedBundle:
    k = keys()
    return bundle.read_bundle(
        path, trust=k.trust(), identity=k.province.age_identity, schema_versions=SCHEMAS
    )


def test_the_keys_member_is_listed_and_opens_for_the_province_alone(tmp_path: Path) -> None:
    k = keys()
    member = _sealed()
    paths = write(tmp_path / "usb", keys=member)
    with _read(paths.bundle) as verified:
        listed = {m.path: m for m in verified.manifest.members}
        assert listed[bundle.KEYS_MEMBER].size == len(member)
        assert verified.keys() == member  # still encrypted
        opened = bundle.open_keys(member, k.province.age_identity, office_code=OFFICE)
    assert opened.data_key_id == KEY_ID
    assert opened.purposes == {"case_party.identity": IDENTITY_KEY, "evidence": EVIDENCE_KEY}
    # The office's own identity (which opens the bundle itself) does not open its keys.
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(member, [pyrage.x25519.Identity.from_str(k.office.age_identity)])
    with pytest.raises(bundle.BundleRefused) as refused:
        bundle.open_keys(member, k.office.age_identity, office_code=OFFICE)
    assert refused.value.check == "not_for_us"
    # Another office's name in it: refused (the signature vouches for the bundle's office).
    with pytest.raises(bundle.BundleRefused) as refused:
        bundle.open_keys(member, k.province.age_identity, office_code="34.03")
    assert refused.value.check == "malformed_record"


def test_a_bundle_without_keys_reads_as_before(tmp_path: Path) -> None:
    paths = write(tmp_path / "usb")
    with _read(paths.bundle) as verified:
        assert verified.keys() is None
        assert bundle.KEYS_MEMBER not in {m.path for m in verified.manifest.members}


def test_a_tampered_keys_member_is_a_hash_mismatch(tmp_path: Path) -> None:
    member = _sealed()
    changed = bytearray(member)
    changed[-1] ^= 1
    members = {**good_members(), bundle.KEYS_MEMBER: bytes(changed)}
    listed = {**good_members(), bundle.KEYS_MEMBER: member}
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(bundle.BundleRefused) as refused:
        _case(forged(tmp_path / "usb", members, listed=listed)).read(work_dir=work)
    assert refused.value.check == "hash_mismatch"
    assert list(work.iterdir()) == []


@pytest.mark.parametrize(
    ("name", "listed", "check"),
    [
        (bundle.KEYS_MEMBER, False, "unlisted_member"),
        ("keys.age.bak", False, "unlisted_member"),
        ("keys.age.bak", True, "manifest"),
        ("keys/keys.age", True, "manifest"),
        ("Keys.age", True, "manifest"),
    ],
)
def test_only_the_one_keys_name_is_taken(
    tmp_path: Path, name: str, listed: bool, check: str
) -> None:
    member = _sealed()
    members = {**good_members(), **({name: member} if listed else {})}
    extra = [] if listed else [(name, member)]
    with pytest.raises(bundle.BundleRefused) as refused:
        _case(forged(tmp_path, members, extra=extra)).read()
    assert refused.value.check == check


def test_a_keys_member_too_large_is_refused(tmp_path: Path) -> None:
    members = {**good_members(), bundle.KEYS_MEMBER: bytes(bundle.MAX_KEYS + 1)}
    with pytest.raises(bundle.BundleRefused) as refused:
        _case(forged(tmp_path, members)).read()
    assert refused.value.check == "manifest"


def test_in_a_series_the_keys_go_with_the_rows(tmp_path: Path) -> None:
    from tests.sync.bundle_samples import contents, sha

    k = keys()
    big = [os.urandom(300_000) for _ in range(3)]
    written = bundle.write_bundle(
        contents(files=[(sha(b), b) for b in big], keys=_sealed()),
        signing_key=k.office.signing,
        recipients=[k.province.recipient, k.office.recipient],
        out_dir=tmp_path,
        max_size=700_000,
    )
    assert len(written) == 2
    last = None
    for w in written:
        with bundle.read_bundle(
            w.bundle,
            trust=k.trust(),
            identity=k.province.age_identity,
            last_seen=last,
            schema_versions=SCHEMAS,
        ) as verified:
            assert (verified.keys() is not None) == (w.seq == 1)
        last = bundle.SeenBundle(w.seq, w.manifest_sha256)


def test_the_keys_member_checks_and_opens_with_the_standard_tools(tmp_path: Path) -> None:
    """design.md §7's commands still pass with the member, and age opens it with the
    province's identity file, not with the office's."""
    age_tool, unzip_tool = _tool("age"), _tool("unzip")
    jq_tool, sha_tool = _tool("jq"), _tool("sha256sum")
    k = keys()
    paths = write(tmp_path / "usb", keys=_sealed())
    work = tmp_path / "province"
    work.mkdir()
    (work / "province-identity.txt").write_text(k.province.identity_file_text(CREATED))
    (work / "office-identity.txt").write_text(k.office.identity_file_text(CREATED))
    _run([age_tool, "-d", "-i", "province-identity.txt", "-o", "x.zip", str(paths.bundle)], work)
    _run([unzip_tool, "-q", "x.zip", "-d", "x"], work)
    inner = work / "x"
    listing = _run([jq_tool, "-r", '.files[] | "\\(.sha256)  \\(.path)"', "manifest.json"], inner)
    checked = subprocess.run(
        [sha_tool, "-c"], input=listing, cwd=inner, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "keys.age: OK" in checked.stdout
    opened = _run([age_tool, "-d", "-i", "../province-identity.txt", "keys.age"], inner)
    assert json.loads(opened) == PAYLOAD
    refused = subprocess.run(
        [age_tool, "-d", "-i", "../office-identity.txt", "keys.age"],
        cwd=inner,
        capture_output=True,
        check=False,
    )
    assert refused.returncode != 0 and IDENTITY_KEY not in refused.stdout


def test_a_province_that_rotated_its_keys_opens_with_any_of_its_identities(
    tmp_path: Path,
) -> None:
    from netral_desktop.sync.office_keys import OfficeKeys

    k = keys()
    new = OfficeKeys.generate()  # the province's identity after a rotation
    paths = write(tmp_path / "usb", keys=_sealed())  # sent to the old recipient
    with pytest.raises(bundle.BundleRefused) as refused:
        bundle.read_bundle(
            paths.bundle, trust=k.trust(), identity=[new.age_identity], schema_versions=SCHEMAS
        )
    assert refused.value.check == "not_for_us"
    both = [new.age_identity, k.province.age_identity]  # the current one first
    with bundle.read_bundle(
        paths.bundle, trust=k.trust(), identity=both, schema_versions=SCHEMAS
    ) as verified:
        member = verified.keys()
        assert member is not None
        assert bundle.open_keys(member, both, office_code=OFFICE).data_key_id == KEY_ID

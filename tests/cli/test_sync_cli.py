"""``netral trust``, ``netral enroll`` and ``netral bundle verify`` between a province data
folder and a district one: fingerprints shown, confirmation asked, refusals exit 3."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from netral_desktop.cli import main
from netral_desktop.config import HomeLayout
from netral_desktop.services.context import ServiceContext, open_context
from netral_desktop.services.keys import ensure_office_keys
from netral_desktop.services.setup import open_key_store
from netral_desktop.sync import bundle
from netral_desktop.sync.office_keys import OfficeKeys
from tests.cli.conftest import Result
from tests.conftest import ADMIN_PASSWORD, forget_secrets
from tests.sync.bundle_corpus import CORPUS
from tests.sync.bundle_samples import contents

AS_RINA = ("--user", "rina", "--password-env", "ADMIN_PW")
AS_YUSUF = ("--user", "yusuf", "--password-env", "ADMIN_PW")


@pytest.fixture(autouse=True)
def _secrets_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_PW", ADMIN_PASSWORD)


@pytest.fixture
def province(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], real_keyring: None
) -> Iterator[Callable[..., Result]]:
    home = tmp_path / "provinsi"

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(["--home", str(home), *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    made = run(
        "init",
        "--office",
        "34",
        "--mode",
        "province",
        "--admin",
        "yusuf",
        "--password-env",
        "ADMIN_PW",
    )
    assert made.code == 0, made.err
    yield run
    ctx = open_context(HomeLayout(home))
    forget_secrets(open_key_store(ctx))
    ctx.db.dispose()


def _province_ctx(tmp_path: Path) -> ServiceContext:
    return open_context(HomeLayout(tmp_path / "provinsi"))


def test_trust_and_enrollment_round_trip_with_fingerprints(
    netral: Callable[..., Result],
    province: Callable[..., Result],
    office: ServiceContext,
    tmp_path: Path,
) -> None:
    exported = province("trust", "export", str(tmp_path / "trust.json"), *AS_YUSUF)
    assert exported.code == 0, exported.err
    fingerprint = ensure_office_keys(_province_ctx(tmp_path)).public.fingerprint()
    assert fingerprint in exported.out
    # Without a terminal and without --yes the first import asks, and changes nothing.
    asked = netral("trust", "import", str(tmp_path / "trust.json"), *AS_RINA)
    assert asked.code == 2 and "--yes" in asked.err
    assert fingerprint in asked.out
    taken = netral("trust", "import", str(tmp_path / "trust.json"), "--yes", *AS_RINA)
    assert taken.code == 0, taken.err
    shown = netral("trust", "show")
    assert fingerprint in shown.out and "versi 1" in shown.out

    enrolled = netral("enroll", "export", str(tmp_path / "enroll.json"), *AS_RINA)
    assert enrolled.code == 0, enrolled.err
    district_fp = ensure_office_keys(office).public.fingerprint()
    assert district_fp in enrolled.out
    imported = province("enroll", "import", str(tmp_path / "enroll.json"), "--yes", *AS_YUSUF)
    assert imported.code == 0, imported.err
    assert district_fp in imported.out and "versi 2" in imported.out
    again = province("enroll", "import", str(tmp_path / "enroll.json"), "--yes", *AS_YUSUF)
    assert again.code == 0 and "sudah terdaftar" in again.out

    # The older trust file, once a newer one is held, is refused with exit 3.
    assert province("trust", "export", str(tmp_path / "trust-2.json"), *AS_YUSUF).code == 0
    assert netral("trust", "import", str(tmp_path / "trust-2.json"), *AS_RINA).code == 0
    older = netral("trust", "import", str(tmp_path / "trust.json"), *AS_RINA)
    assert older.code == 3 and "lebih lama" in older.err


def test_bundle_verify_passes_a_good_bundle_and_refuses_a_bad_one_with_exit_3(
    netral: Callable[..., Result],
    province: Callable[..., Result],
    office: ServiceContext,
    tmp_path: Path,
) -> None:
    district = ensure_office_keys(office)
    province_keys = ensure_office_keys(_province_ctx(tmp_path))
    [written] = bundle.write_bundle(
        contents(),
        signing_key=district.signing,
        recipients=[province_keys.recipient, district.recipient],
        out_dir=tmp_path / "usb",
    )
    unknown = province("bundle", "verify", str(written.bundle))
    assert unknown.code == 3 and "untrusted_key" in unknown.err
    # Enroll the district, then the province accepts the bundle.
    assert netral("enroll", "export", str(tmp_path / "e.json"), *AS_RINA).code == 0
    assert province("enroll", "import", str(tmp_path / "e.json"), "--yes", *AS_YUSUF).code == 0
    good = province("bundle", "verify", str(written.bundle))
    assert good.code == 0, good.err
    assert "34.02" in good.out and "pegawai: 25" in good.out and written.manifest_sha256 in good.out
    assert "person:" not in good.out and "manifest sha256" not in good.out
    assert netral("bundle", "verify", str(written.bundle)).code == 0  # its own, too
    written.signature.unlink()
    missing = province("bundle", "verify", str(written.bundle))
    assert missing.code == 3 and "signature_missing" in missing.err


# Cases decided by the bundle alone (not by which keys the reader trusts or has seen).
INSIDE = [
    name
    for name, (check, _build) in CORPUS.items()
    if check
    not in {
        "untrusted_key",
        "revoked_key",
        "not_for_us",
        "seq_replayed",
        "seq_gap",
        "prev_mismatch",
    }
    and name != "office code not the key's"
]


def test_every_bad_bundle_exits_3_naming_its_check(
    netral: Callable[..., Result],
    office: ServiceContext,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The corpus made with this office's own keys (so the command trusts the signer and can
    decrypt): each bundle is refused with exit 3 and its check named."""
    from tests.sync import bundle_samples

    own = ensure_office_keys(office)
    monkeypatch.setattr(bundle_samples, "_KEYS", bundle_samples.Keys(own, own))
    assert len(INSIDE) >= 25
    for name in INSIDE:
        check, build = CORPUS[name]
        case = build(tmp_path / name.replace(" ", "-"))
        refused = netral("bundle", "verify", str(case.path))
        assert refused.code == 3, (name, refused.out, refused.err)
        assert f"pemeriksaan: {check})" in refused.err, (name, refused.err)


def test_the_province_rotates_its_key_and_the_district_takes_it_without_a_phone_call(
    netral: Callable[..., Result],
    province: Callable[..., Result],
    office: ServiceContext,
    tmp_path: Path,
) -> None:
    from netral_desktop.sync.trust import TRUST_FORMAT, parse_trust_file, seal_envelope

    assert province("trust", "export", str(tmp_path / "trust.json"), *AS_YUSUF).code == 0
    assert netral("trust", "import", str(tmp_path / "trust.json"), "--yes", *AS_RINA).code == 0
    old = ensure_office_keys(_province_ctx(tmp_path))
    # Asked first, and without a terminal (or --yes) nothing changes.
    asked = province("trust", "export", str(tmp_path / "rot.json"), "--rotate", *AS_YUSUF)
    assert asked.code == 2 and "--yes" in asked.err
    assert ensure_office_keys(_province_ctx(tmp_path)).public == old.public
    rotated = province(
        "trust", "export", str(tmp_path / "rot.json"), "--rotate", "--yes", *AS_YUSUF
    )
    assert rotated.code == 0, rotated.err
    new = ensure_office_keys(_province_ctx(tmp_path))
    assert new.public != old.public and new.previous_identities == (old.age_identity,)
    assert new.public.fingerprint() in rotated.out and old.public.id_text in rotated.out
    assert "rotation-v2.json" in rotated.out

    # The district: no phone call, no --yes; told the key changed, endorsed by the old one.
    taken = netral("trust", "import", str(tmp_path / "rot.json"), *AS_RINA)
    assert taken.code == 0, taken.err
    assert "disahkan oleh kunci lama" in taken.out and "versi 2 dipakai" in taken.out
    assert f"Menggantikan kunci provinsi {old.public.id_text}" in taken.out
    assert new.public.fingerprint() in netral("trust", "show").out

    # A stranger's "rotation" of the key now held: refused with exit 3, nothing changed.
    stranger = OfficeKeys.generate()
    held = parse_trust_file((tmp_path / "rot.json").read_bytes())
    forged = held.rotated(stranger.public, stranger.recipient, "2026-12-02T07:00:00Z")
    (tmp_path / "forged.json").write_bytes(
        seal_envelope(
            TRUST_FORMAT, forged.body(), stranger.signing, comment="x", endorser=stranger.signing
        )
    )
    refused = netral("trust", "import", str(tmp_path / "forged.json"), "--yes", *AS_RINA)
    assert refused.code == 3 and "kunci provinsi lama" in refused.err
    assert new.public.fingerprint() in netral("trust", "show").out

    # Two rotations behind: sent back for each step, or afresh with the phone check.
    for step in ("rot-2.json", "rot-3.json"):
        made = province("trust", "export", str(tmp_path / step), "--rotate", "--yes", *AS_YUSUF)
        assert made.code == 0, made.err
    behind = netral("trust", "import", str(tmp_path / "rot-3.json"), "--yes", *AS_RINA)
    assert behind.code == 3 and "--fresh" in behind.err
    asked = netral("trust", "import", str(tmp_path / "rot-3.json"), "--fresh", *AS_RINA)
    assert asked.code == 2 and "dari awal" in asked.out
    fresh = netral("trust", "import", str(tmp_path / "rot-3.json"), "--fresh", "--yes", *AS_RINA)
    assert fresh.code == 0, fresh.err
    latest = ensure_office_keys(_province_ctx(tmp_path)).public.fingerprint()
    assert latest in netral("trust", "show").out

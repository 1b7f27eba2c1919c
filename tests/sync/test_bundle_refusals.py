"""Every refusal of design.md §7: each bad bundle of the corpus is refused whole, with the
check named, nothing yielded and nothing left behind; good bundles read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_desktop.core.errors import VerificationFailed
from netral_desktop.sync import bundle
from tests.sync.bundle_corpus import CORPUS, forged, manifest_hash_of
from tests.sync.bundle_samples import SCHEMAS, contents, keys, write


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_each_bad_bundle_is_refused_naming_its_check(case: str, tmp_path: Path) -> None:
    check, build = CORPUS[case]
    built = build(tmp_path / "usb")
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(bundle.BundleRefused) as refused:
        built.read(work_dir=work)
    assert refused.value.check == check, (case, refused.value.check, str(refused.value))
    assert check in bundle.REFUSAL_CHECKS
    assert isinstance(refused.value, VerificationFailed) and refused.value.exit_status == 3
    assert "Bundel" in str(refused.value) or "bundel" in str(refused.value)
    assert list(work.iterdir()) == []  # the decrypted copy is gone


def test_the_corpus_covers_every_check() -> None:
    named = {check for check, _build in CORPUS.values()}
    assert named == set(bundle.REFUSAL_CHECKS) - {"unreadable"}


def test_a_forged_bundle_built_right_is_accepted(tmp_path: Path) -> None:
    """The corpus's builder makes valid bundles when nothing is wrong: each refusal above is
    that one fault's doing."""
    k = keys()
    path = forged(tmp_path)
    with bundle.read_bundle(
        path, trust=k.trust(), identity=k.province.age_identity, schema_versions=SCHEMAS
    ) as verified:
        assert [r.id for r in verified.records("person")][:2] == [
            "0190c0de-0000-7000-8000-000000000000",
            "0190c0de-0000-7000-8000-000000000001",
        ]


def test_a_good_bundle_reads_back_row_for_row(tmp_path: Path) -> None:
    k = keys()
    paths = write(tmp_path, rows=40)
    expected = contents(rows=40)
    with bundle.read_bundle(
        paths.bundle, trust=k.trust(), identity=k.province.age_identity
    ) as verified:
        assert verified.manifest_sha256 == paths.manifest_sha256
        assert verified.seq == 1 and not verified.is_replay and verified.gap is None
        assert verified.manifest.chain_head == (412, "9f" * 32)
        assert verified.tables() == ["person", "pledge_event"]
        got = [r._asdict() for r in verified.records("person")]
        assert got == list(expected.records["person"])
        for sha256, data in expected.files:
            with verified.open_attachment(sha256) as handle:
                assert handle.read() == data


@pytest.mark.parametrize(
    ("chunk", "keep"),
    [(7, bundle.KEEP_PARSED_BYTES), (1 << 20, 0), (1 << 20, bundle.KEEP_PARSED_BYTES)],
    ids=["lines across chunks", "too much to keep: parsed again", "kept from the checks"],
)
def test_rows_read_back_the_same_however_the_reader_takes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int, keep: int
) -> None:
    monkeypatch.setattr(bundle, "_CHUNK", chunk)
    monkeypatch.setattr(bundle, "KEEP_PARSED_BYTES", keep)
    k = keys()
    paths = write(tmp_path, rows=120)
    expected = list(contents(rows=120).records["person"])
    with bundle.read_bundle(
        paths.bundle, trust=k.trust(), identity=k.province.age_identity
    ) as verified:
        assert [r._asdict() for r in verified.records("person")] == expected
        # A second reading parses the file again: the same rows.
        assert [r._asdict() for r in verified.records("person")] == expected


def test_the_same_bundle_again_is_a_replay_not_a_refusal(tmp_path: Path) -> None:
    k = keys()
    paths = write(tmp_path)
    with bundle.read_bundle(
        paths.bundle,
        trust=k.trust(),
        identity=k.province.age_identity,
        last_seen=bundle.SeenBundle(1, paths.manifest_sha256),
    ) as verified:
        assert verified.is_replay


def test_the_next_bundle_chains_to_the_last(tmp_path: Path) -> None:
    k = keys()
    first = write(tmp_path / "1")
    second = write(tmp_path / "2", seq=2, prev=first.manifest_sha256)
    assert manifest_hash_of(first.bundle) == first.manifest_sha256
    with bundle.read_bundle(
        second.bundle,
        trust=k.trust(),
        identity=k.province.age_identity,
        last_seen=bundle.SeenBundle(1, first.manifest_sha256),
    ) as verified:
        assert verified.manifest.prev == first.manifest_sha256 and not verified.is_replay


def test_a_gap_may_be_let_through_and_is_reported(tmp_path: Path) -> None:
    k = keys()
    path = write(tmp_path, seq=4, prev="3" * 64).bundle
    with bundle.read_bundle(
        path,
        trust=k.trust(),
        identity=k.province.age_identity,
        last_seen=bundle.SeenBundle(1, "1" * 64),
        allow_gap=True,
    ) as verified:
        assert verified.gap == (2, 3)


def test_a_missing_file_is_unreadable(tmp_path: Path) -> None:
    k = keys()
    with pytest.raises(bundle.BundleRefused) as refused:
        bundle.read_bundle(
            tmp_path / "34.02_000009_20261202T061038Z.netral",
            trust=k.trust(),
            identity=k.province.age_identity,
        )
    assert refused.value.check == "unreadable"


def test_the_decrypted_copy_is_a_temporary_file_gone_after_use(tmp_path: Path) -> None:
    """Named as a write in progress (.part), so a kill leaves what 'netral check --repair'
    removes; private to the user; gone once the bundle is closed."""
    from netral_desktop.store.files import is_temporary_name

    k = keys()
    paths = write(tmp_path / "usb")
    work = tmp_path / "work"
    work.mkdir()
    with bundle.read_bundle(
        paths.bundle, trust=k.trust(), identity=k.province.age_identity, work_dir=work
    ):
        [plain] = list(work.iterdir())
        assert is_temporary_name(plain.name) and plain.stat().st_mode & 0o077 == 0
    assert list(work.iterdir()) == []

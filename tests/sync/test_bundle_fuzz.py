"""The reader under fuzzing: mutated bundles (the archive inside a valid signature and
encryption, the manifest's fields, the outer file) never crash it with anything but
BundleRefused, and whatever it accepts reads through without an error."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from netral_desktop.sync import bundle
from tests.sync.bundle_corpus import forged, good_members, manifest_for, seal, zip_bytes
from tests.sync.bundle_samples import SCHEMAS, keys

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _read_all(path: Path) -> None:
    """Read the bundle; accepted ones are read to the end (every row, every attachment)."""
    k = keys()
    with tempfile.TemporaryDirectory() as work:
        try:
            verified = bundle.read_bundle(
                path,
                trust=k.trust(),
                identity=k.province.age_identity,
                schema_versions=SCHEMAS,
                allow_gap=True,
                work_dir=Path(work),
            )
        except bundle.BundleRefused as refused:
            assert refused.check in bundle.REFUSAL_CHECKS
            assert list(Path(work).iterdir()) == []
            return
        with verified:
            for table in verified.tables():
                for row in verified.records(table):
                    assert row.origin.startswith("34.02/")
            for sha256 in verified.attachments():
                with verified.open_attachment(sha256) as handle:
                    handle.read()


def _good_archive() -> bytes:
    k = keys()
    members = good_members()
    text = json.dumps(manifest_for(members)).encode()
    sig = k.office.signing.sign(text, trusted_comment="netral-bundle").encode()
    return zip_bytes([*members.items(), ("manifest.json", text), ("manifest.json.minisig", sig)])


GOOD = _good_archive()


@st.composite
def mutations(draw: st.DrawFn, size: int) -> list[tuple[int, int]]:
    count = draw(st.integers(1, 8))
    return [(draw(st.integers(0, size - 1)), draw(st.integers(0, 255))) for _ in range(count)]


@FUZZ
@given(changes=mutations(len(GOOD)), cut=st.one_of(st.none(), st.integers(0, len(GOOD))))
@example(changes=[(50, 0)], cut=None)  # a broken deflate stream (zlib.error) once got through
def test_mutated_archives_inside_a_valid_envelope(
    changes: list[tuple[int, int]], cut: int | None
) -> None:
    data = bytearray(GOOD)
    for at, value in changes:
        data[at] = value
    if cut is not None:
        del data[cut:]
    with tempfile.TemporaryDirectory() as folder:
        _read_all(seal(Path(folder), bytes(data)))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = [
    "format",
    "format_version",
    "schema_version",
    "app_version",
    "office",
    "device",
    "seq",
    "prev",
    "created_at",
    "acknowledged_seq",
    "chain_head",
    "counts",
    "files",
]


@FUZZ
@given(
    replaced=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, min_size=1, max_size=3),
    dropped=st.sets(st.sampled_from(FIELDS), max_size=2),
)
def test_signed_manifests_with_odd_fields(replaced: dict[str, Any], dropped: set[str]) -> None:
    members = good_members()
    manifest = manifest_for(members)
    manifest.update(replaced)
    for name in dropped:
        manifest.pop(name, None)
    with tempfile.TemporaryDirectory() as folder:
        _read_all(forged(Path(folder), members, manifest=manifest))


@FUZZ
@given(
    lines=st.lists(
        st.binary(max_size=200) | JSON_VALUES.map(lambda v: json.dumps(v).encode()),
        min_size=1,
        max_size=5,
    )
)
def test_signed_bundles_with_odd_record_lines(lines: list[bytes]) -> None:
    members = good_members()
    members["records/person.jsonl"] = b"".join(line.replace(b"\n", b" ") + b"\n" for line in lines)
    with tempfile.TemporaryDirectory() as folder:
        _read_all(forged(Path(folder), members))


@settings(max_examples=60, deadline=None)
@given(at=st.integers(0, 10_000), value=st.integers(0, 255))
def test_mutated_outer_files(at: int, value: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = seal(Path(folder), GOOD)
        data = bytearray(path.read_bytes())
        data[at % len(data)] ^= value or 1
        path.write_bytes(bytes(data))
        _read_all(path)

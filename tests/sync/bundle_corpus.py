"""A generator of bad bundles: each one fails exactly one check of design.md §7 (Refusals).

Most are validly signed and encrypted by the enrolled office's own key yet malformed inside,
the hardest kind to refuse. ``CORPUS`` maps a case name to (the check it must fail, a builder);
a builder writes the bundle into a folder and returns its path and how to read it.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netral_desktop.sync import bundle
from netral_desktop.sync.office_keys import OfficeKeys, encrypt_stream
from netral_desktop.sync.signers import TrustedSigner, TrustList
from tests.sync.bundle_samples import CREATED, NAME, OFFICE, SCHEMAS, keys, row, sha


@dataclass
class Case:
    path: Path
    trust: TrustList
    identity: str
    last_seen: bundle.SeenBundle | None = None
    allow_gap: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def read(self, work_dir: Path | None = None) -> bundle.VerifiedBundle:
        return bundle.read_bundle(
            self.path,
            trust=self.trust,
            identity=self.identity,
            last_seen=self.last_seen,
            allow_gap=self.allow_gap,
            schema_versions=SCHEMAS,
            work_dir=work_dir,
        )


def _jsonl(rows: list[dict[str, Any]]) -> bytes:
    return b"".join(
        json.dumps(r, sort_keys=True, separators=(",", ":")).encode() + b"\n" for r in rows
    )


def good_members() -> dict[str, bytes]:
    attachment = b"%PDF-1.4 berita acara\n" * 40
    return {
        "records/person.jsonl": _jsonl([row(i) for i in range(5)]),
        f"files/{sha(attachment)}": attachment,
    }


def manifest_for(members: dict[str, bytes], **changes: Any) -> dict[str, Any]:
    records = {
        name[len("records/") : -len(".jsonl")]: data.count(b"\n")
        for name, data in members.items()
        if name.startswith("records/")
    }
    manifest: dict[str, Any] = {
        "format": "netral-bundle",
        "format_version": 1,
        "schema_version": "0013",
        "app_version": "0.9.0",
        "office": {"code": OFFICE, "name": NAME},
        "device": "34.02-laptop1",
        "seq": 1,
        "prev": None,
        "created_at": CREATED,
        "acknowledged_seq": None,
        "chain_head": {"seq": 3, "mac": "ab" * 32},
        "counts": {
            "records": records,
            "files": sum(1 for n in members if n.startswith("files/")),
        },
        "files": [
            {"path": name, "sha256": sha(data), "size": len(data)} for name, data in members.items()
        ],
    }
    manifest.update(changes)
    return manifest


Member = tuple[str | zipfile.ZipInfo, bytes]


def zip_bytes(members: list[Member]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names on purpose
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                archive.writestr(name, data)
    return out.getvalue()


def seal(
    folder: Path,
    archive: bytes,
    *,
    signer: OfficeKeys | None = None,
    recipients: list[str] | None = None,
    name: str = "34.02_000001_20261202T061038Z.netral",
) -> Path:
    """Encrypt ``archive`` and sign it as the office would."""
    k = keys()
    signer = signer or k.office
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with path.open("wb") as target:
        encrypt_stream(io.BytesIO(archive), target, recipients or [k.province.recipient])
    data = path.read_bytes()
    path.with_name(name + ".minisig").write_text(
        signer.signing.sign(
            data, trusted_comment=f"netral-bundle office:{OFFICE} seq:1 size:{len(data)}"
        )
    )
    return path


def forged(
    folder: Path,
    members: dict[str, bytes] | None = None,
    *,
    manifest: dict[str, Any] | bytes | None = None,
    manifest_signer: OfficeKeys | None = None,
    without_signature: bool = False,
    extra: list[Member] = (),  # type: ignore[assignment]
    listed: dict[str, bytes] | None = None,
) -> Path:
    """A bundle signed and encrypted by the enrolled office, its archive built from
    ``members`` (plus ``extra`` unlisted ones), its manifest made from ``listed`` (default:
    the members) or given whole."""
    k = keys()
    members = good_members() if members is None else members
    if manifest is None:
        manifest = manifest_for(members if listed is None else listed)
    text = manifest if isinstance(manifest, bytes) else json.dumps(manifest).encode()
    entries: list[Member] = [*members.items(), *extra, ("manifest.json", text)]
    if not without_signature:
        sig = (manifest_signer or k.office).signing.sign(text, trusted_comment="netral-bundle")
        entries.append(("manifest.json.minisig", sig.encode()))
    return seal(folder, zip_bytes(entries))


def _case(path: Path, **kwargs: Any) -> Case:
    k = keys()
    trust = kwargs.pop("trust", None) or k.trust()
    return Case(path, trust, kwargs.pop("identity", k.province.age_identity), **kwargs)


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def _bomb_archive() -> bytes:
    """An archive of one member whose headers say 1 KiB while its packed data unpacks to
    8 MiB (CRC and sizes patched to those of the first KiB)."""
    real = bytes(8 << 20)
    declared = real[:1024]
    raw = bytearray(zip_bytes([(f"files/{sha(declared)}", real)]))
    crc = zlib.crc32(declared)
    local = raw.index(b"PK\x03\x04")
    struct.pack_into("<I", raw, local + 14, crc)
    struct.pack_into("<I", raw, local + 22, len(declared))
    central = raw.index(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 16, crc)
    struct.pack_into("<I", raw, central + 24, len(declared))
    return bytes(raw)


def _bomb(folder: Path) -> Case:
    k = keys()
    members = good_members()
    declared = bytes(1024)
    manifest = manifest_for({**members, f"files/{sha(declared)}": declared})
    text = json.dumps(manifest).encode()
    sig = k.office.signing.sign(text, trusted_comment="netral-bundle").encode()
    rest = zip_bytes([*members.items(), ("manifest.json", text), ("manifest.json.minisig", sig)])
    return _case(seal(folder, _concat_zips(_bomb_archive(), rest)))


def _concat_zips(first: bytes, second: bytes) -> bytes:
    """One archive holding the members of both (raw copy: the first's patched headers kept)."""

    def parts(data: bytes) -> tuple[bytes, list[bytes]]:
        end = data.rindex(b"PK\x05\x06")
        cd_size, cd_offset = struct.unpack_from("<II", data, end + 12)
        entries, pos = [], cd_offset
        while pos < cd_offset + cd_size:
            n, m, k = struct.unpack_from("<HHH", data, pos + 28)
            entries.append(data[pos : pos + 46 + n + m + k])
            pos += 46 + n + m + k
        return data[:cd_offset], entries

    body1, cd1 = parts(first)
    body2, cd2 = parts(second)
    shifted = []
    for entry in cd2:
        e = bytearray(entry)
        (offset,) = struct.unpack_from("<I", e, 42)
        struct.pack_into("<I", e, 42, offset + len(body1))
        shifted.append(bytes(e))
    central = b"".join(cd1 + shifted)
    count = len(cd1) + len(cd2)
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count, len(central), len(body1) + len(body2), 0
    )
    return body1 + body2 + central + end


def _ratio_bomb(folder: Path) -> Case:
    members = good_members()
    zeros = bytes(16 << 20)
    members[f"files/{sha(zeros)}"] = zeros
    return _case(forged(folder, members))


def _valid(folder: Path, **kwargs: Any) -> Path:
    from tests.sync.bundle_samples import write

    return write(folder, **kwargs).bundle


def _flip(path: Path, at: int) -> Path:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x40
    path.write_bytes(bytes(data))
    return path


def _missing_signature(folder: Path) -> Case:
    path = _valid(folder)
    path.with_name(path.name + ".minisig").unlink()
    return _case(path)


def _truncated(folder: Path) -> Case:
    path = _valid(folder)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return _case(path)


def _tampered(folder: Path) -> Case:
    path = _valid(folder)
    return _case(_flip(path, path.stat().st_size // 2))


def _untrusted(folder: Path) -> Case:
    other = OfficeKeys.generate()
    return _case(_valid(folder), trust=TrustList([TrustedSigner(OFFICE, NAME, other.public)]))


def _revoked(folder: Path) -> Case:
    return _case(_valid(folder), trust=keys().trust(revoked=True))


def _office_key_mismatch(folder: Path) -> Case:
    # The key belongs to 34.03 in the trust file; the bundle says it is 34.02's.
    return _case(_valid(folder), trust=keys().trust(code="34.03"))


def _not_for_us(folder: Path) -> Case:
    other = OfficeKeys.generate()
    return _case(_valid(folder), identity=other.age_identity)


def _not_age(folder: Path) -> Case:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "34.02_000001_20261202T061038Z.netral"
    path.write_bytes(b"PK\x03\x04 this is not an age file" * 10)
    data = path.read_bytes()
    path.with_name(path.name + ".minisig").write_text(
        keys().office.signing.sign(data, trusted_comment=f"size:{len(data)}")
    )
    return _case(path)


def _not_zip(folder: Path) -> Case:
    return _case(seal(folder, b"just some bytes, not an archive" * 20))


def _members_changed(change: Callable[[dict[str, bytes]], None]) -> Callable[[Path], Case]:
    def build(folder: Path) -> Case:
        listed = good_members()
        members = dict(listed)
        change(members)
        return _case(forged(folder, members, listed=listed))

    return build


def _hash_mismatch(members: dict[str, bytes]) -> None:
    name = next(n for n in members if n.startswith("files/"))
    data = bytearray(members[name])
    data[0] ^= 1
    members[name] = bytes(data)


def _size_mismatch(members: dict[str, bytes]) -> None:
    name = next(n for n in members if n.startswith("files/"))
    members[name] = members[name] + b"x"


def _missing(members: dict[str, bytes]) -> None:
    del members[next(n for n in members if n.startswith("files/"))]


def _extra(name: str | zipfile.ZipInfo, data: bytes = b"#!/bin/sh\nrm -rf ~\n") -> Callable:  # type: ignore[type-arg]
    def build(folder: Path) -> Case:
        return _case(forged(folder, extra=[(name, data)]))

    return build


def _duplicate(folder: Path) -> Case:
    members = good_members()
    name = "records/person.jsonl"
    return _case(forged(folder, members, extra=[(name, members[name])]))


def _manifest_changed(**changes: Any) -> Callable[[Path], Case]:
    def build(folder: Path) -> Case:
        members = good_members()
        return _case(forged(folder, members, manifest=manifest_for(members, **changes)))

    return build


def _bad_manifest_json(folder: Path) -> Case:
    return _case(forged(folder, manifest=b"{not json"))


def _no_inner_signature(folder: Path) -> Case:
    return _case(forged(folder, without_signature=True))


def _inner_signed_by_other(folder: Path) -> Case:
    return _case(forged(folder, manifest_signer=OfficeKeys.generate()))


def _records(rows: bytes) -> Callable[[Path], Case]:
    def build(folder: Path) -> Case:
        members = good_members()
        members["records/person.jsonl"] = rows
        return _case(forged(folder, members))

    return build


def _counts(folder: Path) -> Case:
    members = good_members()
    manifest = manifest_for(members)
    manifest["counts"]["records"]["person"] = 4
    return _case(forged(folder, members, manifest=manifest))


def _sequence(seq: int, prev: str | None, last: tuple[int, str]) -> Callable[[Path], Case]:
    def build(folder: Path) -> Case:
        path = _valid(folder, seq=seq, prev=prev)
        return _case(path, last_seen=bundle.SeenBundle(*last))

    return build


_H1, _H2 = "1" * 64, "2" * 64

CORPUS: dict[str, tuple[str, Callable[[Path], Case]]] = {
    "missing outer signature": ("signature_missing", _missing_signature),
    "truncated file": ("truncated", _truncated),
    "tampered file": ("signature", _tampered),
    "untrusted key": ("untrusted_key", _untrusted),
    "revoked key": ("revoked_key", _revoked),
    "office code not the key's": ("office_mismatch", _office_key_mismatch),
    "not encrypted to this province": ("not_for_us", _not_for_us),
    "not an age file": ("decryption", _not_age),
    "not a ZIP inside": ("not_zip", _not_zip),
    "hash mismatch": ("hash_mismatch", _members_changed(_hash_mismatch)),
    "size mismatch": ("size_mismatch", _members_changed(_size_mismatch)),
    "listed member missing": ("missing_member", _members_changed(_missing)),
    "member outside the manifest": ("unlisted_member", _extra("files/extra.sh")),
    "path escape": ("path_escape", _extra("../../.bashrc")),
    "path escape inside": ("path_escape", _extra("records/../../x.jsonl")),
    "absolute path": ("absolute_path", _extra("/etc/cron.d/netral")),
    "windows absolute path": ("absolute_path", _extra("C:/Windows/evil.dll")),
    "symbolic link": ("link", _extra(_symlink("files/link"), b"/etc/passwd")),
    "duplicate name": ("duplicate_name", _duplicate),
    "duplicate name but for case": ("duplicate_name", _extra("records/PERSON.jsonl")),
    "archive bomb (sizes beyond declared)": ("archive_bomb", _bomb),
    "archive bomb (ratio)": ("archive_bomb", _ratio_bomb),
    "manifest not JSON": ("manifest", _bad_manifest_json),
    "unknown format": ("unknown_format", _manifest_changed(format="zip-bundle")),
    "future format": ("future_format", _manifest_changed(format_version=2)),
    "newer schema": ("newer_schema", _manifest_changed(schema_version="0099")),
    "manifest names another office": (
        "office_mismatch",
        _manifest_changed(office={"code": "34.03", "name": "Bawaslu Kota Yogyakarta"}),
    ),
    "missing inner signature": ("inner_signature_missing", _no_inner_signature),
    "inner signature by another key": ("inner_signature", _inner_signed_by_other),
    "record not JSON": ("malformed_record", _records(b'{"id": "x", \n')),
    "record without fields": ("malformed_record", _records(b'{"id": "x"}\n')),
    "record revision not a number": (
        "malformed_record",
        _records(json.dumps({**row(1), "revision": "2"}, separators=(",", ":")).encode() + b"\n"),
    ),
    "record line not ended": (
        "malformed_record",
        _records(json.dumps(row(1), separators=(",", ":")).encode()),
    ),
    "foreign origin": (
        "foreign_origin",
        _records(json.dumps(row(1, origin="34.03/laptop"), separators=(",", ":")).encode() + b"\n"),
    ),
    "the same row twice": (
        "malformed_record",
        _records(2 * (json.dumps(row(1), separators=(",", ":")).encode() + b"\n")),
    ),
    "counts do not match": ("counts", _counts),
    "old seq with new content": ("seq_replayed", _sequence(1, None, (1, _H1))),
    "older seq": ("seq_replayed", _sequence(1, None, (2, _H2))),
    "broken prev chain": ("prev_mismatch", _sequence(2, _H2, (1, _H1))),
    "seq gap": ("seq_gap", _sequence(3, _H1, (1, _H1))),
}


def manifest_hash_of(path: Path) -> str:
    """The SHA-256 of a (good) bundle's manifest, read with the province identity."""
    k = keys()
    with bundle.read_bundle(
        path,
        trust=k.trust(),
        identity=k.province.age_identity,
        schema_versions=SCHEMAS,
        allow_gap=True,
    ) as verified:
        return verified.manifest_sha256


__all__ = ["CORPUS", "Case", "forged", "good_members", "hashlib", "manifest_hash_of", "seal"]

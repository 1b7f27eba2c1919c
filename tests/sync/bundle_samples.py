"""Keys, rows and attachments for the bundle tests (no database needed)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from netral_desktop.sync import bundle
from netral_desktop.sync.office_keys import OfficeKeys
from netral_desktop.sync.signers import TrustedSigner, TrustList

OFFICE, NAME, DEVICE = "34.02", "Bawaslu Kabupaten Bantul", "34.02-laptop1"
CREATED = "2026-12-02T06:10:38.123456Z"
SCHEMAS = ("0001", "0013")


@dataclass
class Keys:
    office: OfficeKeys
    province: OfficeKeys

    def trust(self, *, revoked: bool = False, code: str = OFFICE) -> TrustList:
        return TrustList([TrustedSigner(code, NAME, self.office.public, revoked=revoked)])


_KEYS: Keys | None = None


def keys() -> Keys:
    """One pair of office and province keys for the whole run (made once: fast)."""
    global _KEYS
    if _KEYS is None:
        _KEYS = Keys(OfficeKeys.generate(), OfficeKeys.generate())
    return _KEYS


def row(
    i: int, *, origin: str = f"{OFFICE}/{DEVICE}", data: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A bundle row; by default a person as the program's schema has it (so that
    ``netral bundle verify``, which checks records against the schema, passes it)."""
    person = {
        "created_at": "2026-12-01T10:00:00.000000Z",
        "updated_by": "admin",
        "full_name": f"Budi Santoso {i}",
        "name_key": f"budi santoso {i}",
        "status": "PNS",
        "nip": f"19800101200501{i % 10000:04d}",
    }
    return {
        "id": f"0190c0de-0000-7000-8000-{i:012d}",
        "revision": 1 + i % 3,
        "origin": origin,
        "updated_at": f"2026-12-01T10:00:00.{i % 1000000:06d}Z#0000",
        "deleted": i % 7 == 0,
        "data": person if data is None else data,
    }


def event(i: int) -> dict[str, Any]:
    return {
        "created_at": "2026-12-01T10:00:00.000000Z",
        "updated_by": "admin",
        "title": f"Ikrar netralitas ASN {i}",
        "starts_at": "2026-12-05T09:00:00",
        "place": "Aula",
    }


ATTACHMENTS = [b"%PDF-1.4 surat pernyataan netralitas\n" * 200, b"\x89PNG foto kegiatan" * 50]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def contents(seq: int = 1, prev: str | None = None, rows: int = 25, **changes: Any):  # type: ignore[no-untyped-def]
    base = bundle.BundleContents(
        office_code=OFFICE,
        office_name=NAME,
        device=DEVICE,
        seq=seq,
        prev=prev,
        created_at=CREATED,
        acknowledged_seq=seq - 1 if seq > 1 else None,
        schema_version="0013",
        app_version="0.9.0",
        chain_head=(412, "9f" * 32),
        records={
            "person": [row(i) for i in range(rows)],
            "pledge_event": [row(1000 + i, data=event(i)) for i in range(3)],
        },
        files=[(sha(a), a) for a in ATTACHMENTS],
    )
    return replace(base, **changes)


def write(out_dir: Path, **kwargs: Any) -> bundle.BundlePaths:
    k = keys()
    written = bundle.write_bundle(
        contents(**kwargs),
        signing_key=k.office.signing,
        recipients=[k.province.recipient, k.office.recipient],
        out_dir=out_dir,
        verify_identity=k.office.age_identity,
    )
    assert len(written) == 1
    return written[0]

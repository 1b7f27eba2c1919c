"""Reporter protection: the reporter's and witnesses' name and NIK are nowhere in the
database file, its journal, the data folder or a backup in plain text; only the sealed
value is, and it opens only with this office's data key."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_desktop.core.errors import VerificationFailed
from netral_desktop.services import cases
from netral_desktop.services.context import ServiceContext
from tests.case_samples import (
    REPORTER_NAME,
    REPORTER_NIK,
    WITNESS_NAME,
    WITNESS_NIK,
    report,
    reporter,
    user,
    witness,
)

SECRETS = (REPORTER_NAME, REPORTER_NIK, WITNESS_NAME, WITNESS_NIK, "Parangtritis Km 5")


def _found_in(data: bytes) -> list[str]:
    return [s for s in SECRETS if s.encode("utf-8") in data or s.encode("utf-16-le") in data]


def _folder_bytes(root: Path) -> dict[str, list[str]]:
    return {
        str(p.relative_to(root)): found
        for p in root.rglob("*")
        if p.is_file() and (found := _found_in(p.read_bytes()))
    }


@pytest.mark.sqlite_only
def test_identities_are_not_in_the_database_file_or_a_backup_in_plain_text(
    admin: ServiceContext, tmp_path: Path
) -> None:
    from netral_desktop.services.keys import load_office_keys
    from netral_desktop.services.maintenance import make_backup
    from netral_desktop.services.setup import open_key_store
    from netral_desktop.sync import office_keys

    staf = user(admin, "dodi", "staf")
    koordinator = user(admin, "kiki", "koordinator")
    case_id = cases.new_case(staf, report(parties=(reporter(), witness())))
    view = cases.case_view(koordinator, case_id)  # opened and logged
    cases.update_party(
        koordinator, case_id, view.parties[0].id, cases.PartyChanges(phone="0813-1111-2222")
    )
    assert [p.name for p in view.parties] == [REPORTER_NAME, WITNESS_NAME]
    assert admin.layout is not None
    admin.db.dispose()  # the journal is checkpointed into the file
    assert _folder_bytes(admin.layout.root) == {}
    database = admin.layout.database
    assert database.is_file() and b"Pelapor-0001" in database.read_bytes()
    # A backup made and then decrypted with the office keys holds them sealed too.
    backup = make_backup(admin, tmp_path / "usb")
    keys = load_office_keys(open_key_store(admin))
    assert keys is not None
    opened = tmp_path / "buka.db"
    with backup.open("rb") as source, opened.open("wb") as out:
        office_keys.decrypt_stream(source, out, keys.age_identity)
    assert opened.read_bytes().startswith(b"SQLite format 3\x00")
    assert _found_in(opened.read_bytes()) == []
    # The pseudonym is there: the row is, its identity is not readable.
    assert b"Pelapor-0001" in opened.read_bytes()


def test_an_identity_sealed_for_one_office_does_not_open_in_another(
    admin: ServiceContext,
) -> None:
    """Sealed bytes moved to another purpose (or altered) refuse to open."""
    from netral_desktop.core.cases import PartyIdentity
    from netral_desktop.services import at_rest
    from netral_desktop.services.cases.identity import PURPOSE, open_identity, seal_identity

    stored = seal_identity(admin, PartyIdentity(name=REPORTER_NAME, nik=REPORTER_NIK))
    assert REPORTER_NAME not in stored and REPORTER_NIK not in stored
    assert open_identity(admin, stored).nik == REPORTER_NIK
    import base64

    raw = bytearray(base64.b64decode(stored))
    raw[-1] ^= 1
    with pytest.raises(VerificationFailed):
        open_identity(admin, base64.b64encode(bytes(raw)).decode())
    other = at_rest.seal_json(admin, {"name": "x"}, purpose="evidence.file")
    with pytest.raises(VerificationFailed):
        at_rest.open_json(admin, other, purpose=PURPOSE)


def test_a_sync_bundles_records_hold_identities_only_sealed(
    admin: ServiceContext, tmp_path: Path
) -> None:
    """What travels to the province on a USB stick: the case's rows, the identity sealed."""
    import json

    from netral_desktop.services import sync_export
    from tests.services.sync_helpers import Courier

    staf = user(admin, "dodi", "staf")
    cases.new_case(staf, report(parties=(reporter(), witness())))
    courier = Courier()
    sync_export.export_bundle(admin, tmp_path, writer=courier.write)  # type: ignore[arg-type]
    records = courier.last.records
    assert {"case_file", "case_party"} <= set(records)
    text = json.dumps(records, ensure_ascii=False).encode("utf-8")
    assert _found_in(text) == []
    assert b"Pelapor-0001" in text


def test_the_province_sees_a_district_case_by_pseudonym_and_is_told_why(
    admin: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    """A district's case merged at the province from a bundle without the district's keys (an
    older version's) opens there; its parties show by pseudonym, and asking for an identity
    says whose seal it is (with the keys: tests/services/test_sync_peer_keys.py)."""
    from netral_desktop.core.errors import ValidationError
    from netral_desktop.services import audit_query, sync_export, sync_import
    from tests.services.sync_helpers import Courier

    staf = user(admin, "dodi", "staf")
    case_id = cases.new_case(staf, report(parties=(reporter(), witness())))
    courier = Courier()  # no keys travel
    sync_export.export_bundle(admin, tmp_path, writer=courier.write)  # type: ignore[arg-type]
    assert sync_import.import_bundle(province, courier.last).outcome == "merged"

    view = cases.case_view(province, case_id)  # the province's administrator
    assert [p.name for p in view.parties] == ["Pelapor-0001", "Saksi-0001"]
    assert not any(p.revealed for p in view.parties)
    with pytest.raises(ValidationError, match=r"kunci kantor asalnya \(34\.02\)"):
        cases.reveal_party(province, case_id, view.parties[0].id)
    reveals = [
        e for e in audit_query.recent_entries(province.db, limit=200) if e.action == "reveal"
    ]
    assert reveals == []

"""The province merges district bundles: new, updated, unchanged, tombstoned rows; replays,
gaps and broken chains; conflicts kept for a person; the identity rule for people; dry runs.
On both engines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from netral_desktop.core.errors import PermissionDenied, ValidationError, VerificationFailed
from netral_desktop.services import audit_query, roster, sync_export, sync_import
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.roster import PersonChanges
from tests.services.sync_helpers import Courier, new_office

AHMAD_NIP = "19680411 199303 1 009"
SRI_NIP = "19850101 201001 2 003"


@pytest.fixture
def district(admin: ServiceContext) -> ServiceContext:
    return admin


@pytest.fixture
def kulon_progo(
    tmp_path: Path, request: pytest.FixtureRequest, db_engine: str
) -> Iterator[ServiceContext]:
    yield from new_office(
        tmp_path / "kulonprogo", request, db_engine, code="34.01", name="Bawaslu Kulon Progo"
    )


def _roster(ctx: ServiceContext) -> dict[str, str]:
    dinkes = roster.create_agency(ctx, roster.AgencyFields(name="Dinas Kesehatan"))
    ahmad = roster.create_person(
        ctx,
        roster.PersonFields(
            full_name="Dr. H. Ahmad Fauzi, S.H., M.Si.",
            nip=AHMAD_NIP,
            jabatan="Kepala Dinas",
            agency_id=dinkes.id,
        ),
    )
    sri = roster.create_person(
        ctx,
        roster.PersonFields(full_name="Sri Wahyuni", nip=SRI_NIP, agency_id=dinkes.id),
    )
    return {"dinkes": dinkes.id, "ahmad": ahmad.id, "sri": sri.id}


def _send(ctx: ServiceContext, courier: Courier, tmp_path: Path, **options: object):
    return sync_export.export_bundle(ctx, tmp_path, writer=courier.write, **options)  # type: ignore[arg-type]


def test_a_district_bundle_merges_at_the_province_and_a_replay_changes_nothing(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    ids = _roster(district)
    courier = Courier()
    sent = _send(district, courier, tmp_path)
    assert sent.seq == 1 and sent.acknowledged_seq == 0
    bundle = courier.last
    assert bundle.prev is None
    assert {"agency", "person"} <= set(bundle.records)
    assert "office" not in bundle.records  # each installation's own
    assert all("seal" not in r["data"] for rows in bundle.records.values() for r in rows)

    report = sync_import.import_bundle(province, bundle)
    assert report.outcome == "merged"
    assert report.counts["person"]["new"] == 2 and report.counts["agency"]["new"] == 1
    person = roster.get_person(province, ids["ahmad"])
    assert person.full_name == "Dr. H. Ahmad Fauzi, S.H., M.Si."
    assert person.nip == AHMAD_NIP.replace(" ", "")

    again = sync_import.import_bundle(province, bundle)
    assert again.outcome == "replay" and again.changed == 0
    assert "0 baris" in again.describe()
    kept = sync_import.reports(province)
    assert [(r.office_code, r.seq) for r in kept] == [("34.02", 1)]
    assert kept[0].counts["person"]["new"] == 2


def test_the_next_bundle_carries_the_edit_and_the_province_takes_the_later_version(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    ids = _roster(district)
    courier = Courier()
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    roster.update_person(district, ids["sri"], PersonChanges(jabatan="Perawat Ahli Muda"))
    roster.deactivate_person(district, ids["ahmad"])
    second = _send(district, courier, tmp_path)
    assert second.seq == 2 and courier.last.prev == courier.sent[0].manifest_sha256
    report = sync_import.import_bundle(province, courier.last)
    assert report.counts["person"]["updated"] == 2
    assert report.counts["agency"]["unchanged"] == 1
    assert roster.get_person(province, ids["sri"]).jabatan == "Perawat Ahli Muda"
    assert not roster.get_person(province, ids["ahmad"]).active
    # The merge is audited: who imported, the old and new values.
    entries = province_history(province, ids["sri"])
    assert entries[-1].action == "sync_update"
    assert json.loads(entries[-1].new_values or "{}")["jabatan"] == "Perawat Ahli Muda"


def province_history(ctx: ServiceContext, person_id: str) -> list[audit_query.AuditRow]:
    return roster.person_history(ctx, person_id)


def test_an_older_version_sent_again_changes_nothing(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    ids = _roster(district)
    courier = Courier()
    _send(district, courier, tmp_path)
    first = courier.last
    roster.update_person(district, ids["sri"], PersonChanges(jabatan="Bidan"))
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    late = sync_import.import_bundle(province, first)  # bundle 1 arrives after bundle 2
    assert late.outcome == "superseded" and late.changed == 0
    assert roster.get_person(province, ids["sri"]).jabatan == "Bidan"


def test_a_tombstone_travels(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    ids = _roster(district)
    courier = Courier()
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    with district.db.write_session() as session:
        row = roster.live_person(session, ids["sri"])
        district.record_update(session, row, action="delete", tombstone=True)
    _send(district, courier, tmp_path)
    report = sync_import.import_bundle(province, courier.last)
    assert report.counts["person"]["tombstoned"] == 1
    with pytest.raises(Exception):  # noqa: B017 - gone from the live roster
        roster.get_person(province, ids["sri"])


def test_two_edits_made_apart_are_kept_side_by_side_for_a_person(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    ids = _roster(district)
    courier = Courier()
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    # The province's admin corrects the post; the district edits it too, independently.
    roster.update_person(province, ids["sri"], PersonChanges(jabatan="Bidan Penyelia"))
    roster.update_person(district, ids["sri"], PersonChanges(jabatan="Bidan Terampil"))
    _send(district, courier, tmp_path)
    report = sync_import.import_bundle(province, courier.last)
    assert report.counts["person"]["conflicting"] == 1
    assert roster.get_person(province, ids["sri"]).jabatan == "Bidan Penyelia"  # not overwritten
    waiting = sync_import.conflicts(province)
    assert len(waiting) == 1
    conflict = waiting[0]
    assert conflict.kind == "edit" and conflict.row_id == ids["sri"]
    assert ("jabatan", "Bidan Penyelia", "Bidan Terampil") in conflict.differences()

    # The same version in the next bundle (no receipt yet) is not raised twice.
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    assert len(sync_import.conflicts(province)) == 1

    with pytest.raises(ValidationError):
        sync_import.resolve_conflict(province, conflict.id, "same")
    sync_import.resolve_conflict(province, conflict.id, "incoming")
    assert roster.get_person(province, ids["sri"]).jabatan == "Bidan Terampil"
    assert sync_import.conflicts(province) == []
    # The district's next edit follows on from the version taken.
    roster.update_person(district, ids["sri"], PersonChanges(jabatan="Bidan Mahir"))
    _send(district, courier, tmp_path)
    report = sync_import.import_bundle(province, courier.last)
    assert report.counts["person"]["updated"] == 1 and report.total("conflicting") == 0
    assert roster.get_person(province, ids["sri"]).jabatan == "Bidan Mahir"


def _base_entries(ctx: ServiceContext) -> int:
    from sqlalchemy import text

    with ctx.db.engine.connect() as conn:
        sql = "SELECT count(*) FROM sync_base WHERE table_name IN ('person', 'agency')"
        return int(conn.execute(text(sql)).scalar() or 0)


def test_an_edit_at_the_province_of_a_row_merged_without_a_base_entry_still_conflicts(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    # The first merge writes no base entry per row (the district's rows are their own
    # base until edited here); the province's edit records the base it edited from, so the
    # district's later, separate edit is kept as a conflict, and one it did not edit follows.
    ids = _roster(district)
    courier = Courier()
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    assert _base_entries(province) == 0
    roster.deactivate_person(province, ids["ahmad"])
    assert _base_entries(province) == 1
    roster.update_person(district, ids["ahmad"], PersonChanges(jabatan="Asisten Daerah"))
    roster.update_person(district, ids["sri"], PersonChanges(jabatan="Perawat Ahli Muda"))
    _send(district, courier, tmp_path)
    report = sync_import.import_bundle(province, courier.last)
    assert report.counts["person"]["conflicting"] == 1
    assert report.counts["person"]["updated"] == 1
    assert not roster.get_person(province, ids["ahmad"]).active  # the province's edit stays
    assert roster.get_person(province, ids["ahmad"]).jabatan == "Kepala Dinas"
    assert roster.get_person(province, ids["sri"]).jabatan == "Perawat Ahli Muda"


def test_keeping_the_local_version_is_remembered(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    ids = _roster(district)
    courier = Courier()
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    roster.update_person(province, ids["sri"], PersonChanges(jabatan="Bidan Penyelia"))
    roster.update_person(district, ids["sri"], PersonChanges(jabatan="Bidan Terampil"))
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    (conflict,) = sync_import.conflicts(province)
    sync_import.resolve_conflict(province, conflict.id, "local")
    _send(district, courier, tmp_path)
    report = sync_import.import_bundle(province, courier.last)
    assert report.total("conflicting") == 0
    assert roster.get_person(province, ids["sri"]).jabatan == "Bidan Penyelia"


def test_two_districts_editing_a_seeded_row_conflict(
    district: ServiceContext,
    kulon_progo: ServiceContext,
    province: ServiceContext,
    tmp_path: Path,
) -> None:
    from netral_desktop.services.sosialisasi.events import list_segments

    seg = list_segments(district)[0]
    _rename_segment(district, seg.id, "Camat")
    _rename_segment(kulon_progo, seg.id, "Panewu")
    courier = Courier()
    _send(district, courier, tmp_path)
    first = sync_import.import_bundle(province, courier.last)
    assert first.counts["audience_segment"]["updated"] == 1
    _send(kulon_progo, courier, tmp_path)
    second = sync_import.import_bundle(province, courier.last)
    assert second.counts["audience_segment"]["conflicting"] == 1
    assert [s.name for s in list_segments(province) if s.id == seg.id] == ["Camat"]


def _rename_segment(ctx: ServiceContext, segment_id: str, name: str) -> None:
    from netral_desktop.store.models import AudienceSegment

    with ctx.db.write_session() as session:
        row = session.get(AudienceSegment, segment_id)
        assert row is not None and row.revision == 1  # seeded, the same id everywhere
        row.name = name
        ctx.record_update(session, row, action="update")


def test_a_person_another_district_recorded_is_recognised_by_nip(
    district: ServiceContext,
    kulon_progo: ServiceContext,
    province: ServiceContext,
    tmp_path: Path,
) -> None:
    ids = _roster(district)
    other = roster.create_person(
        kulon_progo, roster.PersonFields(full_name="Ahmad Fauzi", nip=AHMAD_NIP)
    )
    courier = Courier()
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    _send(kulon_progo, courier, tmp_path)
    report = sync_import.import_bundle(province, courier.last)
    assert report.counts["person"]["new"] == 1 and report.counts["person"]["conflicting"] == 1
    (conflict,) = sync_import.conflicts(province)
    assert conflict.kind == "person" and conflict.basis == "nip"
    assert (conflict.row_id, conflict.other_id) == (other.id, ids["ahmad"])
    sync_import.resolve_conflict(province, conflict.id, "same")
    with pytest.raises(Exception):  # noqa: B017 - the copy is tombstoned
        roster.get_person(province, other.id)
    assert roster.get_person(province, ids["ahmad"]).nip == AHMAD_NIP.replace(" ", "")


def test_seq_rules_old_seq_new_content_broken_prev_gap_and_missing_acknowledgement(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    ids = _roster(district)
    courier = Courier()
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    roster.update_person(district, ids["sri"], PersonChanges(jabatan="Bidan"))
    _send(district, courier, tmp_path)  # 2: never carried to the province
    roster.update_person(district, ids["sri"], PersonChanges(jabatan="Bidan Ahli"))
    _send(district, courier, tmp_path)  # 3

    reused = courier.last
    forged = sync_import.IncomingBundle(**{**reused.__dict__, "seq": 1})
    with pytest.raises(VerificationFailed) as refused:
        sync_import.import_bundle(province, forged)
    assert refused.value.code == "seq_reused" and refused.value.exit_status == 3

    broken = sync_import.IncomingBundle(**{**courier.sent[1].__dict__, "prev": "0" * 64})
    with pytest.raises(VerificationFailed) as refused:
        sync_import.import_bundle(province, broken)
    assert refused.value.code == "prev_broken"

    ahead = sync_import.IncomingBundle(**{**reused.__dict__, "acknowledged_seq": 2})
    with pytest.raises(VerificationFailed) as refused:
        sync_import.import_bundle(province, ahead)
    assert refused.value.code == "gap" and "--full" in str(refused.value)
    assert [r.seq for r in sync_import.reports(province)] == [1]  # nothing written

    report = sync_import.import_bundle(province, courier.last)  # 3, after the gap
    assert report.missing_seqs == [2]
    assert "2" in report.describe()
    assert roster.get_person(province, ids["sri"]).jabatan == "Bidan Ahli"


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (lambda r: r.update(origin="34.03/lain"), "foreign_origin"),
        (lambda r: r["data"].update(tidak_ada=1), "malformed_record"),
        (lambda r: r["data"].update(full_name=5), "malformed_record"),
        (lambda r: r.update(revision=0), "malformed_record"),
        (lambda r: r.pop("deleted"), "malformed_record"),
    ],
)
def test_a_malformed_record_refuses_the_whole_bundle(
    district: ServiceContext, province: ServiceContext, tmp_path: Path, damage, code
) -> None:
    _roster(district)
    courier = Courier()
    _send(district, courier, tmp_path)
    bundle = courier.last
    damage(bundle.records["person"][-1])
    with pytest.raises(VerificationFailed) as refused:
        sync_import.import_bundle(province, bundle)
    assert refused.value.code == code
    assert sync_import.reports(province) == []
    assert roster.count(province) == 0


def test_a_dry_run_counts_and_writes_nothing(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    _roster(district)
    courier = Courier()
    _send(district, courier, tmp_path)
    report = sync_import.import_bundle(province, courier.last, dry_run=True)
    assert report.dry_run and report.counts["person"]["new"] == 2
    assert "Uji coba" in report.describe()
    assert sync_import.reports(province) == []
    assert roster.count(province) == 0
    real = sync_import.import_bundle(province, courier.last)
    assert real.outcome == "merged" and real.counts["person"]["new"] == 2


def test_export_needs_koordinator_or_admin_and_import_needs_the_right(
    district: ServiceContext, tmp_path: Path
) -> None:
    from netral_desktop.services.accounts import authenticate, create_user

    create_user(
        district, username="sari", full_name="Sari", role="sekretariat", password="rahasia-sari-1"
    )
    sari = district.as_actor(authenticate(district, "sari", "rahasia-sari-1"))
    with pytest.raises(PermissionDenied):
        sync_export.export_bundle(sari, tmp_path, writer=Courier().write)
    with pytest.raises(PermissionDenied):
        sync_import.reports(sari)


def test_rows_merged_from_another_office_are_not_sent_on(
    district: ServiceContext, kulon_progo: ServiceContext, tmp_path: Path
) -> None:
    roster.create_person(kulon_progo, roster.PersonFields(full_name="Tri Handayani"))
    courier = Courier()
    _send(kulon_progo, courier, tmp_path)
    sync_import.import_bundle(district, courier.last)  # an office hub taking a bundle in
    _send(district, courier, tmp_path)
    origins = {r["origin"].split("/")[0] for rows in courier.last.records.values() for r in rows}
    assert origins <= {"34.02", "seed"}


def test_the_overview_counts_each_districts_overdue_cases(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    from netral_desktop.services import cases
    from tests.case_samples import report, user

    staf = user(district, "dodi", "staf")
    late = cases.new_case(
        staf,
        report(event_date="2024-04-27", known_date="2024-04-28", received_date="2024-05-01"),
    )
    cases.new_case(staf, report(title="Laporan yang masih dalam waktu"))
    assert cases.case_view(district, late).deadline is not None
    courier = Courier()
    _send(district, courier, tmp_path)
    sync_import.import_bundle(province, courier.last)
    [status] = sync_import.overview(province)
    assert status.office_code == "34.02" and status.overdue_cases == 1


def test_attachments_are_taken_in_a_megabyte_at_a_time_and_wrong_bytes_refused(
    district: ServiceContext, province: ServiceContext, tmp_path: Path
) -> None:
    import hashlib
    import tracemalloc

    from netral_desktop.store import blobs

    _roster(district)
    courier = Courier()
    _send(district, courier, tmp_path)
    bundle = courier.last
    recording = tmp_path / "rekaman.bin"
    with recording.open("wb") as out:
        for i in range(48):
            out.write(bytes([i]) * (1 << 20))
    sha = hashlib.sha256(recording.read_bytes()).hexdigest()
    bundle.files[sha] = recording
    tracemalloc.start()
    try:
        report = sync_import.import_bundle(province, bundle)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.files_new == 1
    assert peak < 16 << 20  # a 48 MB recording, never whole in memory
    assert province.layout is not None
    assert blobs.blob_path(province.layout, sha).read_bytes() == recording.read_bytes()

    # Bytes other than their name says: refused, nothing stored, nothing merged.
    budi = roster.create_person(district, roster.PersonFields(full_name="Budi Santoso"))
    _send(district, courier, tmp_path)
    bundle = courier.last
    wrong = hashlib.sha256(b"the bytes named").hexdigest()
    bundle.files[wrong] = b"other bytes"
    with pytest.raises(VerificationFailed) as refused:
        sync_import.import_bundle(province, bundle)
    assert refused.value.code == "hash_mismatch"
    assert not blobs.blob_path(province.layout, wrong).exists()
    assert not list(province.layout.attachments.rglob("*.part"))
    assert len(sync_import.reports(province)) == 1
    assert roster.count(province) == 2  # Ahmad and Sri from the first bundle; not Budi
    assert roster.count(province, budi.full_name) == 0


def test_a_merged_row_takes_every_value_from_its_record_and_defaults_for_an_older_schema() -> None:
    """The fast pick (two item getters) gives what the column-by-column path gives, and a
    record of an older schema (a column it does not know) takes that path's defaults."""
    from netral_desktop.store import sync as sync_store

    table = sync_store.table_named("person")
    assert table is not None
    columns = sync_import.merge_columns(table)
    assert columns[0] == "id" and set(columns) == {c.name for c in table.c}
    record = {
        "id": "p-1",
        "origin": "34.02/dev",
        "updated_at": "2024-05-14T02:00:00.000Z-0001",
        "revision": 3,
        "deleted": False,
        "data": {c: f"v-{c}" for c in columns if c not in sync_import.RECORD_COLUMNS},
    }
    pick = sync_import._row_values(columns, frozenset())
    full = dict(zip(columns, pick(record), strict=True))
    assert full == dict(
        zip(columns, sync_import._values(record, columns, frozenset()), strict=True)
    )
    assert full["id"] == "p-1" and full["revision"] == 3 and full["full_name"] == "v-full_name"
    older = {
        **record,
        "data": {
            k: v
            for k, v in record["data"].items()
            if k not in ("created_at", "updated_by", "phone")
        },
    }
    row = dict(zip(columns, pick(older), strict=True))
    assert row["created_at"] == record["updated_at"]  # made when first written
    assert row["updated_by"] == "" and row["phone"] is None
    assert row["full_name"] == "v-full_name"


def test_the_export_reads_each_row_as_the_record_of_its_columns(district: ServiceContext) -> None:
    """The export's fast reader (tuples, values picked by position) gives exactly the record
    the column-by-column reader gives, for every synced table of a demo office."""
    from sqlalchemy import select

    from netral_desktop.demo.cases import add_demo_cases
    from netral_desktop.demo.pledges import add_demo_pledges
    from netral_desktop.demo.roster import add_demo_roster
    from netral_desktop.demo.sosialisasi import add_demo_sosialisasi
    from netral_desktop.store import sync as sync_store

    add_demo_roster(district, "small", seed=3)
    add_demo_pledges(district, "small", seed=3)
    add_demo_cases(district, "small")
    add_demo_sosialisasi(district, "small", seed=3)
    seen = 0
    with district.db.read_session() as session:
        for table in sync_store.synced_tables():
            fast = list(sync_store.changed_records(session, table, since=None, batch=7))
            columns = sync_store.data_columns(table)
            rows = session.connection().execute(select(table).order_by(table.c.id)).mappings()
            slow = [
                {
                    "id": row["id"],
                    "revision": int(row["revision"]),
                    "origin": row["origin"],
                    "updated_at": row["updated_at"],
                    "deleted": bool(row["deleted"]),
                    "data": {c: sync_store.json_value(row[c]) for c in columns},
                }
                for row in rows
            ]
            # As JSON: True and 1 are equal in Python, not in a bundle.
            assert json.dumps(fast, sort_keys=True) == json.dumps(slow, sort_keys=True), table.name
            seen += len(fast)
    assert seen > 500

"""The pledge queries of store/pledges/ on each engine: the bulk writers stamp and audit through
the synced-row primitive, an invitee's status is their newest live mark, long id lists are one
parameter, and what is typed is matched literally."""

from __future__ import annotations

import pytest

from netral_desktop.core.ids import new_ids
from netral_desktop.core.pledge import parse_mark_query
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import pledges as store
from netral_desktop.store.pledges import NewInvitee, NewMark

NAMES = ("Sri Wahyuni", "Budi Santoso", "Agus Salim", "Yusrizal")


def _event(title: str = "Apel Ikrar") -> dict[str, object]:
    return {name: "" for name in store.EVENT_COLUMNS} | {
        "title": title,
        "election_id": None,
        "starts_at": "2024-09-10T01:00:00Z",
        "organiser_kind": "pemda",
        "organiser_agency_id": None,
        "signer_nip": None,
        "invited_agency_ids": "[]",
    }


@pytest.fixture
def event(office: ServiceContext) -> tuple[ServiceContext, str, list[str]]:
    """An event with four invitees (one walk-in, one in no agency), written by the bulk
    writers with one stamp."""
    stamp = office.write_stamp()
    event_id = new_ids(1)[0]
    with office.db.write_session() as session:
        store.insert_events(
            session,
            events=[_event()],
            stamp=stamp,
            ids=[event_id],
            audit=[{"action": "create", "table_name": "pledge_event", "record_id": event_id}],
        )
        ids = store.insert_invitees(
            session,
            invitees=[
                NewInvitee(
                    event_id=event_id,
                    person_id=None,
                    full_name=name,
                    name_key=name.lower(),
                    nip=f"19850101201001200{n}",
                    status="pns",
                    jabatan="",
                    unit_kerja="",
                    agency_id=None,
                    agency_name="" if n == 3 else f"Instansi {n % 2}",
                    walk_in=n == 2,
                )
                for n, name in enumerate(NAMES)
            ],
            stamp=stamp,
        )
    return office, event_id, ids


def _mark(event_id: str, invitee_id: str, status: str, at: str) -> NewMark:
    return NewMark(event_id, invitee_id, status, "", at, "sari")


def test_bulk_writers_stamp_every_row_and_audit(
    event: tuple[ServiceContext, str, list[str]],
) -> None:
    ctx, event_id, ids = event
    with ctx.db.read_session() as session:
        row = store.event(session, event_id=event_id)
        assert row is not None and (row.revision, row.deleted) == (1, False)
        assert row.origin == ctx.origin and row.updated_by == "system"
        invitee = store.invitee(session, invitee_id=ids[2])
        assert invitee is not None and invitee.walk_in is True and invitee.revision == 1
    assert [e.action for e in audit.history(ctx.db, "pledge_event", event_id)] == ["create"]
    assert audit.verify_chain(ctx.db).ok


def test_the_newest_live_mark_is_the_status(
    event: tuple[ServiceContext, str, list[str]],
) -> None:
    ctx, event_id, ids = event
    stamp = ctx.write_stamp()
    with ctx.db.write_session() as session:
        store.insert_marks(
            session,
            marks=[
                _mark(event_id, ids[0], "izin", "2024-09-10T00:10:00Z"),
                _mark(event_id, ids[0], "hadir", "2024-09-10T00:20:00Z"),
                _mark(event_id, ids[1], "sakit", "2024-09-10T00:30:00Z"),
                _mark(event_id, ids[2], "hadir", "2024-09-10T00:40:00Z"),
            ],
            stamp=stamp,
        )
    with ctx.db.read_session() as session:
        current = store.current_mark(session, invitee_id=ids[0])
        assert current is not None and current.status == "hadir"
        page = store.invitee_page(session, event_id=event_id, limit=10, offset=0)
        # By agency (none last), then name.
        names = [r.full_name for r in page]
        assert names == ["Agus Salim", "Sri Wahyuni", "Budi Santoso", "Yusrizal"]
        assert {r.full_name: r.status for r in page}["Yusrizal"] is None
        assert store.invitee_count(session, event_id=event_id, unmarked=True) == 1
        assert store.invitee_count(session, event_id=event_id, status="hadir") == 2
        assert store.invitee_count(session, event_id=event_id, walk_ins_only=True) == 1
        tallies = set(store.tallies(session, event_id=event_id))
        assert tallies == {
            store.Tally("", False, "hadir", 1),
            store.Tally("", False, "sakit", 1),
            store.Tally("", True, "hadir", 1),
            store.Tally("", False, "", 1),
        }
        per_agency = {
            (t.agency_name, t.status)
            for t in store.tallies(session, event_id=event_id, per_agency=True)
        }
        assert ("Instansi 0", "hadir") in per_agency and ("", "") in per_agency
        assert store.event_tallies(session, event_ids=[event_id]) == {event_id: (4, 2)}
        last = store.last_mark_by(session, event_id=event_id, username="sari")
        assert last is not None and last.invitee_id == ids[2]


def test_long_id_lists_are_one_parameter(event: tuple[ServiceContext, str, list[str]]) -> None:
    ctx, event_id, ids = event
    # More ids than SQLite allows host parameters in one statement (32,766).
    wanted = [*new_ids(40_000), ids[3], ids[0]]
    with ctx.db.read_session() as session:
        rows = store.invitee_rows(session, event_id=event_id, ids=wanted)
        assert [r.id for r in rows] == [ids[3], ids[0]]
        assert store.event_tallies(session, event_ids=[*new_ids(40_000), event_id]) == {
            event_id: (4, 0)
        }


def test_what_is_typed_is_matched_literally(
    event: tuple[ServiceContext, str, list[str]],
) -> None:
    ctx, event_id, _ids = event
    with ctx.db.read_session() as session:
        assert store.event_ids_like(session, part="%") == []
        assert store.event_ids_like(session, part=event_id[-8:]) == [event_id]

        def names(typed: str) -> list[str]:
            found = store.matching(
                session, event_id=event_id, parsed=parse_mark_query(typed), limit=10
            )
            return [key for _id, key in found]

        assert names("sri") == ["sri wahyuni"]
        assert names("ahyu") == []  # inside a word, not beginning one
        assert names("sa") == ["agus salim", "budi santoso"]
        assert names("2010 0120 02") == ["agus salim"]  # part of a NIP


def test_invitable_people_come_in_the_roster_order(admin: ServiceContext) -> None:
    from tests.pledge_samples import build_roster

    ids = build_roster(admin)
    with admin.db.read_session() as session:
        found = store.invitable(session, event_id=new_ids(1)[0], agency_ids=[ids["sewon"]])
        assert [p.person_id for p in found] == [ids["budi2"], ids["niluh"], ids["agus"]]
        assert store.invitable_count(session, event_id=new_ids(1)[0], unit_kerja="SEKRETARIAT") == (
            3,
            0,
        )  # Joko is no longer active
        assert ("Sekretariat", 3) in store.units(session)

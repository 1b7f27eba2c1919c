"""Bulk writes of people and agencies, and the import's lookups, on either engine."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from netral_desktop.config import HomeLayout
from netral_desktop.store.db import Database, make_engine, open_database
from netral_desktop.store.people import bulk, import_rows
from netral_desktop.store.search import search_index_mismatches
from netral_desktop.store.synced import WriteStamp

STAMP = WriteStamp(
    origin="34.02/test",
    actor="sari",
    at="2024-05-14T02:00:00.000000Z",
    clock="2024-05-14T02:00:00.000000Z#0001",
)


@pytest.fixture
def db(layout: HomeLayout, database_url: str | None) -> Iterator[Database]:
    database = (
        Database(make_engine(database_url)) if database_url else open_database(layout, create=True)
    )
    yield database
    database.dispose()


def _person(name_key: str, **values: Any) -> tuple[Any, ...]:
    row = {column: "" for column in bulk.PERSON_COLUMNS}
    row |= {"full_name": name_key.title(), "name_key": name_key, "status": "pns"}
    row |= {"nip": None, "ni_pppk": None, "nik": None, "sex": None, "birth_date": None}
    row |= {"golongan_rank": 0, "agency_id": None} | values
    return tuple(row[column] for column in bulk.PERSON_COLUMNS)


def _agency(name: str, short: str = "") -> tuple[Any, ...]:
    return bulk.agency_values(name=name, name_key=name.lower(), short_name=short, kind="dinas")


def test_people_and_agencies_written_in_bulk_are_stamped_indexed_and_found(db: Database) -> None:
    with db.bulk_write() as conn:
        assert import_rows.roster_size(conn) == 0
        (dinkes, dinsos) = bulk.insert_agencies(
            conn,
            rows=[_agency("Dinas Kesehatan", "Dinkes"), _agency("Dinas Sosial")],
            stamp=STAMP,
            ids=["a1", "a2"],
        )
        bulk.write_people(
            conn,
            stamp=STAMP,
            added=[
                _person("sri wahyuni", nip="198501012010012003", agency_id=dinkes),
                _person("budi santoso", birth_date="1970-05-12", agency_id=dinsos),
                _person("ani", agency_id=dinkes, unit_kerja="Puskesmas Sewon I"),
                _person("ani", agency_id=None, unit_kerja="Sekretariat"),
            ],
            added_ids=["p1", "p2", "p3", "p4"],
            audit=[{"action": "import", "table_name": "person", "record_id": "i1"}],
        )
    with db.read_session() as session:
        rows = session.execute(
            text(
                "SELECT id, origin, created_at, updated_at, updated_by, revision, deleted, active "
                "FROM person ORDER BY id"
            )
        ).all()
        assert [tuple(r) for r in rows] == [
            (f"p{i}", STAMP.origin, STAMP.at, STAMP.clock, "sari", 1, False, True)
            for i in range(1, 5)
        ]
        assert search_index_mismatches(session) == 0
        entry = session.execute(text("SELECT actor, action, at FROM audit_log")).one()
        assert tuple(entry) == ("sari", "import", STAMP.at)

    with db.read_session() as session:
        assert import_rows.roster_size(session) >= 4
        found = import_rows.people_by(session, column="nip", values=["198501012010012003", ""])
        assert [(p["id"], p["revision"], p["name_key"]) for p in found] == [
            ("p1", 1, "sri wahyuni")
        ]
        assert import_rows.agencies_by_key(session, keys={"dinas kesehatan", "dinkes", "x"}) == {
            "dinas kesehatan": "a1",
            "dinkes": "a1",
        }
        keys = [
            (import_rows.BIRTH, "budi santoso", "1970-05-12"),
            (import_rows.PLACE, "ani", "a1", "Puskesmas Sewon I"),
            (import_rows.PLACE, "ani", None, "Sekretariat"),
        ]
        for people in (1000, 1):  # a probe per key, or one pass over the roster
            by_name = import_rows.people_by_name(session, keys=keys, people=people)
            assert sorted(p["id"] for p in by_name) == ["p2", "p3", "p4"], people

    with db.bulk_write() as conn:
        changed = list(_person("sri rahayu", nip="198501012010012003", agency_id="a1"))
        bulk.write_people(conn, stamp=STAMP, updated=[("p1", *changed)])
    with db.read_session() as session:
        revision = session.execute(text("SELECT revision FROM person WHERE id = 'p1'")).scalar()
        assert revision == 2
        assert search_index_mismatches(session) == 0


def test_a_failed_bulk_write_leaves_nothing_and_the_triggers_index_again(db: Database) -> None:
    with pytest.raises(RuntimeError), db.bulk_write() as conn:
        bulk.write_people(conn, stamp=STAMP, added=[_person("ani")], added_ids=["p1"])
        raise RuntimeError("disk penuh")
    with db.write_session() as session:
        assert import_rows.roster_size(session) == 0
        session.execute(
            text(
                "INSERT INTO person (id, origin, created_at, updated_at, updated_by, full_name, "
                "name_key, status) VALUES ('p2', 'o', 'c', 'u', 'b', 'Budi', 'budi', 'pns')"
            )
        )
    with db.read_session() as session:
        assert session.execute(text("SELECT count(*) FROM person_search")).scalar() == 1
        assert search_index_mismatches(session) == 0

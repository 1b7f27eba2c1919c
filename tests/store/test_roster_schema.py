"""The roster tables, their migration, and the search index that follows them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from netral_desktop.config import HomeLayout
from netral_desktop.store import search
from netral_desktop.store.db import Database, open_database
from netral_desktop.store.models import SCHEMA_HISTORY, SCHEMA_VERSION
from netral_desktop.store.people.listing import POSTGRESQL_ORDER_INDEXES

VERSIONS = Path(__file__).resolve().parents[2] / "netral_desktop/store/migrations/versions"
SYNC = {
    "origin": "34.02/test",
    "created_at": "2024-05-14T02:00:00.000000Z",
    "updated_at": "2024-05-14T02:00:00.000000Z#0000",
    "updated_by": "test",
}


@pytest.fixture
def db(layout: HomeLayout, database_url: str | None):  # type: ignore[no-untyped-def]
    """A migrated database on the test's engine (PostgreSQL: fresh, from the template)."""
    from netral_desktop.store.db import make_engine

    database = (
        Database(make_engine(database_url)) if database_url else open_database(layout, create=True)
    )
    yield database
    database.dispose()


def _agency(db: Database, agency_id: str, name: str, short: str = "") -> None:
    with db.write_session() as session:
        session.execute(
            text(
                "INSERT INTO agency (id, origin, created_at, updated_at, updated_by, name, "
                "name_key, short_name) VALUES (:id, :origin, :created_at, :updated_at, "
                ":updated_by, :name, :key, :short)"
            ),
            {"id": agency_id, "name": name, "key": name.lower(), "short": short, **SYNC},
        )


def _person(db: Database, person_id: str, name: str, **extra: str) -> None:
    values = {"id": person_id, "full_name": name, "name_key": name.lower(), "status": "pns"}
    values |= extra | SYNC
    columns = ", ".join(values)
    with db.write_session() as session:
        session.execute(
            text(f"INSERT INTO person ({columns}) VALUES ({', '.join(':' + c for c in values)})"),
            values,
        )


def _found(db: Database, phrase: str) -> list[str]:
    """The people whose entry in the search index itself holds ``phrase``."""
    if db.is_postgresql:
        sql = (
            "SELECT p.id FROM person_search s JOIN person p ON p.id = s.person_id "
            "WHERE s.doc ILIKE :q ORDER BY p.id"
        )
        phrase = f"%{phrase}%"
    else:
        sql = (
            "SELECT p.id FROM person_search s JOIN person p ON p.rowid = s.rowid "
            "WHERE person_search MATCH :q ORDER BY p.id"
        )
        phrase = f'"{phrase}"'
    with db.read_session() as session:
        return list(session.execute(text(sql), {"q": phrase}).scalars())


def test_schema_version_is_the_newest_migration() -> None:
    newest = sorted(p.name for p in VERSIONS.glob("[0-9]*.py"))[-1]
    assert newest.startswith(SCHEMA_VERSION + "_")
    assert SCHEMA_HISTORY[-1] == SCHEMA_VERSION
    assert len(SCHEMA_HISTORY) == len(list(VERSIONS.glob("[0-9]*.py")))


def test_migration_creates_what_the_roster_models_declare(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    def ours(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
        if type_ == "index" and name in POSTGRESQL_ORDER_INDEXES:
            return False  # PostgreSQL's byte-order indexes (migration 0005): no model has them
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return getattr(table, "name", name) in {"agency", "person"}

    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": ours, "compare_type": True}
        )
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_sqlite_has_the_fts5_trigram_tokenizer() -> None:
    assert sqlite3.sqlite_version_info >= (3, 34, 0)


def test_database_of_the_foundation_is_migrated_with_a_backup(layout: HomeLayout) -> None:
    from alembic import command
    from alembic.config import Config

    from netral_desktop.store.db import make_engine

    layout.root.mkdir(parents=True)
    engine = make_engine(layout.database_url())
    cfg = Config()
    cfg.set_main_option("script_location", str(VERSIONS.parent))
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.commit()
    engine.dispose()
    database = open_database(layout)
    try:
        assert database.schema_revision() == SCHEMA_VERSION
        assert list(layout.backups.glob("netral-before-migration-0001-*.sqlite"))
    finally:
        database.dispose()


def test_search_index_follows_every_write(db: Database) -> None:
    _agency(db, "a1", "Dinas Kesehatan", "Dinkes")
    _person(db, "p1", "Sri Wahyuni", jabatan="Bidan", agency_id="a1", nip="198501012010012003")
    _person(db, "p2", "Budi Santoso", unit_kerja="Puskesmas Sewon I")
    assert _found(db, "wahyu") == ["p1"]
    assert _found(db, "dinkes") == ["p1"]
    assert _found(db, "0101201") == ["p1"]  # a NIP fragment
    assert _found(db, "SEWON") == ["p2"]  # case-insensitive
    with db.write_session() as session:
        session.execute(text("UPDATE person SET full_name = 'Sri Rahayu' WHERE id = 'p1'"))
        session.execute(text("UPDATE agency SET name = 'Dinas Kesehatan Daerah' WHERE id = 'a1'"))
        session.execute(text("UPDATE person SET agency_id = 'a1' WHERE id = 'p2'"))
    assert _found(db, "wahyu") == []
    assert _found(db, "rahayu") == ["p1"]
    assert _found(db, "daerah") == ["p1", "p2"]
    with db.write_session() as session:
        session.execute(text("DELETE FROM person WHERE id = 'p2'"))
    assert _found(db, "daerah") == ["p1"]
    with db.read_session() as session:
        assert search.search_index_mismatches(session) == 0


@pytest.mark.sqlite_only
def test_bulk_writers_suspend_triggers_only_inside_their_transaction(db: Database) -> None:
    def trigger_count() -> int:
        with db.read_session() as session:
            return session.execute(
                text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
            ).scalar()

    before = trigger_count()
    with db.write_session() as session, search.triggers_suspended(session):
        session.execute(
            text(
                "INSERT INTO person (id, origin, created_at, updated_at, updated_by, full_name, "
                "name_key, status) VALUES ('p1', 'o', 'c', 'u', 'b', 'Ani', 'ani', 'pns')"
            )
        )
        search.index_people(session, inserted_after=0)
    assert trigger_count() == before == 4
    assert _found(db, "ani") == ["p1"]

    with (
        pytest.raises(RuntimeError),
        db.write_session() as session,
        search.triggers_suspended(session),
    ):
        raise RuntimeError("import failed halfway")
    assert trigger_count() == before


def test_rebuild_repairs_a_damaged_index(db: Database) -> None:
    _person(db, "p1", "Ani Lestari")
    with db.write_session() as session:
        session.execute(text("DELETE FROM person_search"))
        assert search.search_index_mismatches(session) == 1
        assert search.rebuild_search_index(session) == 1
        assert search.search_index_mismatches(session) == 0
    assert _found(db, "lestari") == ["p1"]


def _triggers(db: Database) -> int:
    sql = (
        "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal"
        if db.is_postgresql
        else "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
    )
    with db.read_session() as session:
        return int(session.execute(text(sql)).scalar() or 0)


def test_bulk_writers_defer_indexing_to_the_end_of_their_block(db: Database) -> None:
    before = _triggers(db)
    insert = text(
        "INSERT INTO person (id, origin, created_at, updated_at, updated_by, full_name, "
        "name_key, status) VALUES (:id, 'o', 'c', 'u', 'b', :name, :key, 'pns')"
    )
    with db.write_session() as session, search.deferred_index(session) as pending:
        session.execute(insert, {"id": "p1", "name": "Ani", "key": "ani"})
        pending.added.append("p1")
        # Nothing indexed yet: the triggers stand aside until the block ends.
        assert session.execute(text("SELECT count(*) FROM person_search")).scalar() == 0
    assert _found(db, "ani") == ["p1"]
    assert _triggers(db) == before == 4

    with (
        pytest.raises(RuntimeError),
        db.write_session() as session,
        search.deferred_index(session),
    ):
        session.execute(insert, {"id": "p2", "name": "Budi", "key": "budi"})
        raise RuntimeError("import failed halfway")
    assert _triggers(db) == before
    _person(db, "p3", "Citra Lestari")  # the triggers index this one again
    assert _found(db, "lestari") == ["p3"]
    with db.read_session() as session:
        assert search.search_index_mismatches(session) == 0


def test_people_recorded_before_0005_are_found_after_it(
    layout: HomeLayout, database_url: str | None
) -> None:
    """PostgreSQL gets its search index in 0005: people already there are indexed by it."""
    from netral_desktop.store.db import make_engine, run_migrations

    if database_url is None:
        layout.root.mkdir(parents=True)
        url = layout.database_url()
    else:
        from sqlalchemy import make_url

        url = database_url
        # Back to an empty database on the same server (the fixture's one is migrated).
        empty = make_url(url).set(database=make_url(url).database + "_old")
        url = empty.render_as_string(hide_password=False)
        admin = Database(make_engine(database_url))
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'CREATE DATABASE "{empty.database}"'))
        admin.dispose()
    database = Database(make_engine(url))
    try:
        run_migrations(database, "0004")
        _agency(database, "a1", "Dinas Kesehatan", "Dinkes")
        _person(database, "p1", "Sri Wahyuni", agency_id="a1")
        run_migrations(database)
        assert database.schema_revision() == SCHEMA_VERSION
        assert _found(database, "dinkes") == ["p1"]
        with database.read_session() as session:
            assert search.search_index_mismatches(session) == 0
    finally:
        database.dispose()
        if database_url is not None:
            admin = Database(make_engine(database_url))
            with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{empty.database}" WITH (FORCE)'))
            admin.dispose()

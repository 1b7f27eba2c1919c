"""The pledge tables (migration 0004): as the models declare, with the seeded elections."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from netral_desktop.config import HomeLayout
from netral_desktop.services import pledge
from netral_desktop.store.db import Database, open_database, run_migrations
from netral_desktop.store.models import SCHEMA_HISTORY, SCHEMA_VERSION

TABLES = {"election", "pledge_event", "invitee", "attendance", "attachment"}


@pytest.fixture
def db(layout: HomeLayout, database_url: str | None):  # type: ignore[no-untyped-def]
    """A new database on the test's engine (SQLite file, or a migrated PostgreSQL one)."""
    from netral_desktop.store.db import make_engine

    if database_url is None:
        database = open_database(layout, create=True)
    else:
        database = Database(make_engine(database_url))
    yield database
    database.dispose()


def test_pledge_tables_arrive_with_schema_0004() -> None:
    assert SCHEMA_HISTORY[:4] == ("0001", "0002", "0003", "0004")
    assert SCHEMA_VERSION in SCHEMA_HISTORY[3:]


def test_migration_creates_what_the_pledge_models_declare(db: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    def ours(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return getattr(table, "name", name) in TABLES

    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": ours, "compare_type": True}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_pemilu_and_pilkada_2024_are_seeded_with_the_same_ids_everywhere(db: Database) -> None:
    with db.read_session() as session:
        rows = session.execute(
            text("SELECT id, name, kind, voting_date, origin FROM election ORDER BY voting_date")
        ).all()
    assert [tuple(r) for r in rows] == [
        (pledge.PEMILU_2024, "Pemilu 2024", "pemilu", "2024-02-14", "seed"),
        (pledge.PILKADA_2024, "Pilkada 2024", "pilkada", "2024-11-27", "seed"),
    ]


def test_a_documents_database_is_migrated_keeping_its_data(layout: HomeLayout) -> None:
    from netral_desktop.store.db import make_engine

    layout.root.mkdir(parents=True)
    database = Database(make_engine(layout.database_url()), layout)
    run_migrations(database, "0003")
    with database.write_session() as session:
        session.execute(text("INSERT INTO local_meta VALUES ('probe', 'sebelum 0004')"))
    database.dispose()
    migrated = open_database(layout)
    try:
        assert migrated.schema_revision() == SCHEMA_VERSION
        with migrated.read_session() as session:
            assert session.execute(text("SELECT value FROM local_meta WHERE key='probe'")).scalar()
            assert session.execute(text("SELECT count(*) FROM election")).scalar() == 2
    finally:
        migrated.dispose()
    assert list(layout.backups.glob("netral-before-migration-0003-*.sqlite"))

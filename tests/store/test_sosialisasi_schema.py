"""Migration 0009: the socialization tables match their models on both engines, existing
events stay pledge ceremonies, and the common audience segments are seeded alike everywhere."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from netral_desktop.config import HomeLayout
from netral_desktop.store.db import Database, make_engine, open_database

TABLES = {"pledge_event", "sosialisasi", "sosialisasi_speaker", "audience_segment"}


@pytest.fixture
def db(layout: HomeLayout, database_url: str | None) -> Iterator[Database]:
    """A new database on the test's engine (SQLite file, or a migrated PostgreSQL one)."""
    if database_url is None:
        database = open_database(layout, create=True)
    else:
        database = Database(make_engine(database_url))
    yield database
    database.dispose()


def test_migration_creates_what_the_models_declare(db: Database) -> None:
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


def test_audience_segments_are_seeded_with_the_same_ids_everywhere(db: Database) -> None:
    with db.read_session() as session:
        rows = session.execute(
            text("SELECT id, name, origin FROM audience_segment ORDER BY position")
        ).all()
    assert len(rows) == 10
    assert rows[0] == ("018cc251-f400-7000-8000-00000000a001", "Camat/Panewu", "seed")
    assert [r[1] for r in rows][2:4] == ["Perangkat Desa", "BPD"]

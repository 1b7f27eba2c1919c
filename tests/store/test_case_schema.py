"""Migration 0014: the case tables match their models on both engines."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.store.db import Database, make_engine, open_database

TABLES = {
    "office",
    "case_file",
    "case_subject",
    "case_party",
    "case_step",
    "case_hearing",
    "case_number",
}


@pytest.fixture
def db(layout: HomeLayout, database_url: str | None) -> Iterator[Database]:
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

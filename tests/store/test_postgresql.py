"""The store on a real PostgreSQL server: migrations from empty and from the oldest schema,
refusals, transactions, health checks and backups (the SQLite side is tests/store/test_db.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import NewerDatabaseError, StoreError
from netral_desktop.store import db as db_module
from netral_desktop.store.db import Database, open_database
from netral_desktop.store.models import SCHEMA_HISTORY, SCHEMA_VERSION, LocalMeta
from tests.conftest import PgServer


@pytest.fixture
def empty_url(pg_server: PgServer) -> Iterator[str]:
    url = pg_server.fresh_database(migrated=False)
    yield url
    pg_server.drop(url)


@pytest.fixture
def server_layout(layout: HomeLayout, empty_url: str) -> HomeLayout:
    """A data folder whose database is the empty one on the server."""
    layout.root.mkdir(parents=True)
    layout.database_config.write_text(json.dumps({"url": empty_url}), encoding="utf-8")
    return layout


def _sql(url: str, statement: str) -> list[tuple[object, ...]]:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        engine.dispose()


def test_an_empty_server_database_gets_the_current_schema(server_layout: HomeLayout) -> None:
    database = open_database(server_layout)
    try:
        assert database.dialect == "postgresql"
        assert database.schema_revision() == SCHEMA_VERSION
        with database.engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
        assert {"office", "person", "audit_log", "attendance"} <= tables
        assert database.health_check(thorough=True) == ["ok"]
        assert not server_layout.database.exists()  # nothing written as an SQLite file
    finally:
        database.dispose()


def test_the_oldest_schema_is_backed_up_then_migrated_with_its_data(
    server_layout: HomeLayout, empty_url: str
) -> None:
    oldest = SCHEMA_HISTORY[0]
    database = Database(db_module.make_engine(empty_url), server_layout)
    db_module.run_migrations(database, oldest)
    database.dispose()
    _sql(empty_url, "INSERT INTO local_meta VALUES ('probe', 'sebelum migrasi')")

    migrated = open_database(server_layout)
    try:
        assert migrated.schema_revision() == SCHEMA_VERSION
        with migrated.read_session() as session:
            assert session.get(LocalMeta, "probe").value == "sebelum migrasi"  # type: ignore[union-attr]
    finally:
        migrated.dispose()
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    backups = sorted(server_layout.backups.glob("*.pgdump"))
    assert len(backups) == 1 and oldest in backups[0].name
    listing = subprocess.run(
        ["pg_restore", "--list", str(backups[0])], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE DATA public local_meta" in listing


def test_a_database_from_a_newer_version_is_refused_and_left_alone(
    server_layout: HomeLayout, empty_url: str
) -> None:
    open_database(server_layout).dispose()
    _sql(empty_url, "UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(NewerDatabaseError) as caught:
        open_database(server_layout)
    assert "lebih baru" in str(caught.value)
    assert _sql(empty_url, "SELECT version_num FROM alembic_version") == [("9999",)]


def test_another_programs_database_is_refused_and_left_alone(
    server_layout: HomeLayout, empty_url: str
) -> None:
    _sql(empty_url, "CREATE TABLE kontak (nama TEXT)")
    with pytest.raises(StoreError) as caught:
        open_database(server_layout)
    assert caught.value.code == "db_not_netral"
    assert _sql(empty_url, "SELECT count(*) FROM pg_tables WHERE tablename = 'office'") == [(0,)]


def test_a_damaged_address_file_is_reported(layout: HomeLayout) -> None:
    layout.root.mkdir(parents=True)
    layout.database_config.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        open_database(layout)
    assert caught.value.code == "db_config_bad"


def test_a_write_session_is_one_transaction(server_layout: HomeLayout) -> None:
    database = open_database(server_layout)
    try:
        with pytest.raises(RuntimeError), database.write_session() as session:
            session.add(LocalMeta(key="a", value="1"))
            session.flush()
            raise RuntimeError("gagal di tengah")
        with database.read_session() as session:
            assert session.get(LocalMeta, "a") is None
        with database.write_session() as session:
            session.add(LocalMeta(key="b", value="2"))
        with database.read_session() as session:
            assert session.get(LocalMeta, "b").value == "2"  # type: ignore[union-attr]
    finally:
        database.dispose()


def test_amcheck_verifies_every_index_when_installed(server_layout: HomeLayout) -> None:
    database = open_database(server_layout)
    try:
        try:
            with database.engine.begin() as conn:
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
        except Exception as exc:  # not superuser, or the extension is not shipped
            pytest.skip(f"amcheck cannot be installed here: {exc}")
        assert database.health_check(thorough=True) == ["ok"]
        assert database.health_check_name == "PostgreSQL amcheck"
    finally:
        database.dispose()


def test_backup_is_a_restorable_dump(server_layout: HomeLayout, tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    from netral_desktop.store.backup import backup_to

    database = open_database(server_layout)
    try:
        dump = backup_to(database, tmp_path / "cadangan")
    finally:
        database.dispose()
    assert dump.suffix == ".pgdump" and dump.stat().st_size > 0
    assert (dump.stat().st_mode & 0o777) == 0o600

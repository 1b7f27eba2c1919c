"""Opening the data folder's database: pragmas, checks on open, schema versions, refusals."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from netral_desktop.config import SQLITE_BUSY_TIMEOUT_MS, HomeLayout
from netral_desktop.core.errors import NewerDatabaseError, NotInitialisedError, StoreError
from netral_desktop.store import db as db_module
from netral_desktop.store.backup import backup_to
from netral_desktop.store.db import SQLITE_HEADER, Database, open_database
from netral_desktop.store.models import SCHEMA_HISTORY, SCHEMA_VERSION, LocalMeta
from tests.conftest import sha256_of

MIGRATIONS = Path(db_module.__file__).with_name("migrations")
FOUNDATION_TABLES = {"alembic_version", "office", "local_meta", "user_account", "audit_log"}


@pytest.fixture
def fresh(layout: HomeLayout) -> Iterator[Database]:
    database = open_database(layout, create=True)
    yield database
    database.dispose()


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


def _raw(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def _created(layout: HomeLayout, *statements: str) -> Path:
    """A closed database made by this program, then changed by ``statements`` behind its back."""
    open_database(layout, create=True).dispose()
    _raw(layout.database, *statements)
    return layout.database


# --- opening a sound database -----------------------------------------------------------------


def test_new_database_has_the_current_schema(fresh: Database, layout: HomeLayout) -> None:
    assert fresh.schema_revision() == SCHEMA_VERSION
    assert _tables(layout.database) >= FOUNDATION_TABLES
    assert layout.database.read_bytes()[:16] == SQLITE_HEADER


def test_reopening_a_current_database_keeps_its_data_and_takes_no_backup(
    layout: HomeLayout,
) -> None:
    database = open_database(layout, create=True)
    with database.write_session() as session:
        session.add(LocalMeta(key="probe", value="tetap ada"))
    database.dispose()

    again = open_database(layout)
    try:
        with again.read_session() as session:
            assert session.get(LocalMeta, "probe").value == "tetap ada"
        assert again.schema_revision() == SCHEMA_VERSION
    finally:
        again.dispose()
    assert not layout.backups.exists() or not list(layout.backups.iterdir())


def test_connections_use_wal_full_sync_foreign_keys_and_a_busy_timeout(fresh: Database) -> None:
    with fresh.engine.connect() as conn:
        pragma = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "busy_timeout": SQLITE_BUSY_TIMEOUT_MS,
    }


def test_foreign_keys_are_enforced(fresh: Database) -> None:
    with fresh.engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        conn.exec_driver_sql("CREATE TABLE child (parent_id INTEGER REFERENCES parent(id))")
        with pytest.raises(Exception, match="FOREIGN KEY"):
            conn.exec_driver_sql("INSERT INTO child VALUES (42)")


def test_the_file_itself_is_in_wal_mode(fresh: Database, layout: HomeLayout) -> None:
    fresh.dispose()
    conn = sqlite3.connect(layout.database)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_quick_check_passes_on_a_sound_database(fresh: Database) -> None:
    assert fresh.run_pragma("quick_check") == ["ok"]
    assert fresh.run_pragma("integrity_check") == ["ok"]


def test_a_write_session_is_one_transaction(fresh: Database) -> None:
    with pytest.raises(RuntimeError), fresh.write_session() as session:
        session.add(LocalMeta(key="setengah", value="jadi"))
        session.flush()
        raise RuntimeError("gagal di tengah")
    with fresh.read_session() as session:
        assert session.exec(select(LocalMeta).where(LocalMeta.key == "setengah")).first() is None


def test_a_bulk_write_is_one_transaction_with_a_larger_cache_for_its_time(
    fresh: Database,
) -> None:
    def cache(raw: sqlite3.Connection) -> int:
        return int(raw.execute("PRAGMA cache_size").fetchone()[0])

    def meta(key: str) -> LocalMeta | None:
        with fresh.read_session() as session:
            return session.exec(select(LocalMeta).where(LocalMeta.key == key)).first()

    insert = text("INSERT INTO local_meta (key, value) VALUES (:k, 'v')")
    with fresh.bulk_write() as conn:
        raw = conn.connection.dbapi_connection
        assert cache(raw) == -db_module.BULK_CACHE_KIB
        assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL, as always
        conn.execute(insert, {"k": "semua"})
    assert cache(raw) == -2000 and meta("semua") is not None
    with pytest.raises(RuntimeError), fresh.bulk_write() as conn:
        raw = conn.connection.dbapi_connection
        conn.execute(insert, {"k": "setengah"})
        raise RuntimeError("gagal di tengah")
    assert cache(raw) == -2000 and meta("setengah") is None


def test_committed_writes_left_in_the_wal_by_a_crash_are_kept(layout: HomeLayout) -> None:
    open_database(layout, create=True).dispose()
    crash = (
        "import os, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1])\n"
        "conn.execute(\"INSERT INTO local_meta VALUES ('sebelum-crash', 'tersimpan')\")\n"
        "conn.commit()\n"
        "os._exit(0)\n"  # no close, no checkpoint: the row lives only in the -wal file
    )
    subprocess.run([sys.executable, "-c", crash, str(layout.database)], check=True)
    wal = layout.database.with_name(layout.database.name + "-wal")
    assert wal.stat().st_size > 0

    database = open_database(layout)
    try:
        assert database.run_pragma("quick_check") == ["ok"]
        with database.read_session() as session:
            assert session.get(LocalMeta, "sebelum-crash").value == "tersimpan"
    finally:
        database.dispose()


# --- schema versions --------------------------------------------------------------------------


def _script() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def test_schema_version_is_the_alembic_head() -> None:
    assert _script().get_heads() == [SCHEMA_VERSION]


def test_schema_history_lists_every_revision_oldest_first() -> None:
    newest_first = [r.revision for r in _script().walk_revisions("base", "heads")]
    assert list(SCHEMA_HISTORY) == list(reversed(newest_first))
    assert SCHEMA_HISTORY[-1] == SCHEMA_VERSION


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_a_database_from_a_newer_version_is_refused_and_left_alone(
    layout: HomeLayout, journal_mode: str
) -> None:
    path = _created(
        layout,
        f"PRAGMA journal_mode={journal_mode}",
        "UPDATE alembic_version SET version_num = '9999'",
    )
    before = sha256_of(path)

    with pytest.raises(NewerDatabaseError) as caught:
        open_database(layout)

    message = str(caught.value)
    assert "versi Netral Desktop yang lebih baru" in message
    assert "9999" in message
    assert "tidak diubah" in message
    assert caught.value.exit_status == 1
    assert sha256_of(path) == before
    assert not layout.backups.exists() or not list(layout.backups.iterdir())


def test_an_older_database_is_backed_up_then_migrated(layout: HomeLayout) -> None:
    """A data folder of the first release opens in this one: backup first, data kept."""
    oldest = SCHEMA_HISTORY[0]
    layout.root.mkdir(parents=True)
    database = Database(db_module.make_engine(layout.database_url()), layout)
    db_module.run_migrations(database, oldest)
    database.dispose()
    _raw(layout.database, "INSERT INTO local_meta VALUES ('probe', 'sebelum migrasi')")

    migrated = open_database(layout)
    try:
        assert migrated.schema_revision() == SCHEMA_VERSION
    finally:
        migrated.dispose()
    backups = sorted(layout.backups.glob("*.sqlite"))
    assert len(backups) == 1 and oldest in backups[0].name
    conn = sqlite3.connect(backups[0])
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == oldest
    finally:
        conn.close()
    conn = sqlite3.connect(layout.database)
    try:
        assert conn.execute("SELECT value FROM local_meta WHERE key='probe'").fetchone()[0] == (
            "sebelum migrasi"
        )
    finally:
        conn.close()


# --- refusals ---------------------------------------------------------------------------------


def test_a_folder_never_set_up_is_reported_and_not_created(tmp_path: Path) -> None:
    layout = HomeLayout(tmp_path / "belum-ada")
    with pytest.raises(NotInitialisedError, match=r"belum disiapkan.*netral init"):
        open_database(layout)
    assert not layout.root.exists()


def _write(layout: HomeLayout, content: bytes) -> Path:
    layout.root.mkdir(parents=True)
    layout.database.write_bytes(content)
    return layout.database


def test_a_file_that_is_not_sqlite_is_refused_unchanged(layout: HomeLayout) -> None:
    path = _write(layout, b"PK\x03\x04 ini arsip zip, bukan basis data " * 200)
    before = sha256_of(path)
    with pytest.raises(StoreError) as caught:
        open_database(layout)
    assert caught.value.code == "db_not_sqlite"
    assert "bukan basis data Netral Desktop" in str(caught.value)
    assert sha256_of(path) == before
    assert sorted(p.name for p in layout.root.iterdir()) == [path.name]


def test_an_empty_file_is_refused_unchanged(layout: HomeLayout) -> None:
    path = _write(layout, b"")
    with pytest.raises(StoreError, match="bukan basis data"):
        open_database(layout)
    assert path.read_bytes() == b""


@pytest.mark.parametrize("damage", ["garbage_after_header", "truncated", "garbage_page"])
def test_a_damaged_database_is_refused_unchanged(layout: HomeLayout, damage: str) -> None:
    source = HomeLayout(layout.root.parent / "sumber")
    open_database(source, create=True).dispose()
    good = source.database.read_bytes()
    if damage == "garbage_after_header":
        content = SQLITE_HEADER + os.urandom(16_384)
    elif damage == "truncated":
        content = good[: len(good) // 2]
    else:
        page = 4096 * 2  # a b-tree page in the middle of the file
        content = good[:page] + os.urandom(512) + good[page + 512 :]
    path = _write(layout, content)

    with pytest.raises(StoreError) as caught:
        open_database(layout)

    assert caught.value.code == "db_corrupt"
    assert "netral restore" in str(caught.value)
    assert path.read_bytes() == content


def test_a_sqlite_database_of_another_program_is_refused_unchanged(layout: HomeLayout) -> None:
    layout.root.mkdir(parents=True)
    _raw(layout.database, "CREATE TABLE kontak (nama TEXT)", "INSERT INTO kontak VALUES ('Ani')")
    before = sha256_of(layout.database)

    with pytest.raises(StoreError) as caught:
        open_database(layout)

    assert "bukan basis data Netral Desktop" in str(caught.value)
    assert sha256_of(layout.database) == before
    assert _tables(layout.database) == {"kontak"}


def test_a_read_only_data_folder_is_refused_and_the_database_kept(
    layout: HomeLayout, make_read_only: Callable[[Path], None]
) -> None:
    path = _created(layout, "INSERT INTO local_meta VALUES ('probe', 'aman')")
    before = sha256_of(path)
    make_read_only(layout.root)

    with pytest.raises(StoreError) as caught:
        open_database(layout)

    assert caught.value.code == "home_readonly"
    assert "tidak dapat ditulis" in str(caught.value)
    assert "--home" in str(caught.value)
    assert sha256_of(path) == before


def test_a_data_folder_under_a_regular_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "berkas-biasa"
    blocker.write_text("bukan folder")
    with pytest.raises(StoreError) as caught:
        open_database(HomeLayout(blocker / "home"), create=True)
    assert caught.value.code == "home_readonly"
    assert blocker.read_text() == "bukan folder"


# --- copies -----------------------------------------------------------------------------------


def test_backup_is_a_sound_copy_of_the_live_database(fresh: Database, tmp_path: Path) -> None:
    with fresh.write_session() as session:
        session.add(LocalMeta(key="probe", value="ikut dicadangkan"))
    with fresh.read_session() as session:  # a reader holds the file open meanwhile
        session.execute(text("SELECT 1"))
        copy = backup_to(fresh, tmp_path / "cadangan" / "baru")
    assert copy.parent == tmp_path / "cadangan" / "baru"
    assert copy.name.startswith("netral-backup-") and copy.suffix == ".sqlite"
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT value FROM local_meta WHERE key='probe'").fetchone()[0] == (
            "ikut dicadangkan"
        )
    finally:
        conn.close()

"""The engine, its sessions, and opening a data folder's database safely.

Opening checks, in order: the folder is writable, the file is an SQLite database, ``quick_check``
passes, the schema is one this program knows (a newer one is refused), and then any pending
migration runs after a backup of the file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, inspect, make_url, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import Session, create_engine

__all__ = ["Database", "Session", "make_engine", "open_database"]

from netral_desktop.config import SQLITE_BUSY_TIMEOUT_MS, HomeLayout
from netral_desktop.core.errors import (
    NewerDatabaseError,
    NotInitialisedError,
    StoreError,
)
from netral_desktop.i18n import _
from netral_desktop.store import seals as _seals  # noqa: F401  (seals every sealed row)
from netral_desktop.store.audit import CHAIN_HEAD_INFO, ChainSeal
from netral_desktop.store.models import SCHEMA_HISTORY, SCHEMA_VERSION

SQLITE_HEADER = b"SQLite format 3\x00"
# Page cache of a bulk write transaction (an import), in KiB. With SQLite's 2 MB, importing
# 20,000 people into a roster of 100,000 spilled index pages to the WAL and wrote them again
# at each later touch (row writes took twice as long); 32 MB holds what that import touches
# (128 MB was no faster) and costs that much memory at most, for the transaction only.
BULK_CACHE_KIB = 32 * 1024


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
        # Take transaction control from the sqlite3 module so BEGIN is ours (see _on_begin).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Writers take the write lock up front: a deferred transaction that later writes can
        # fail with SQLITE_BUSY without waiting, which the busy timeout cannot help.
        immediate = conn.get_execution_options().get("netral_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


SQLITE, POSTGRESQL = "sqlite", "postgresql"


def make_engine(url: str, *, password: str | None = None) -> Engine:
    """An engine for ``url``: the embedded SQLite file, or a PostgreSQL server (psycopg 3)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        _install_sqlite_pragmas(engine)
        return engine
    parsed = make_url(url)
    if parsed.get_backend_name() != POSTGRESQL:
        raise StoreError(
            _(
                "Alamat basis data '{url}' tidak didukung: pakai berkas SQLite bawaan atau "
                "postgresql+psycopg://PENGGUNA@HOST:PORT/NAMA_BASIS_DATA."
            ).format(url=parsed.render_as_string(hide_password=True)),
            code="db_url_unsupported",
        )
    if parsed.drivername == POSTGRESQL:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if password and not parsed.password:
        parsed = parsed.set(password=password)
    return create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})


class Database:
    """A database and its sessions. Thread-safe; one writer at a time is SQLite's rule."""

    def __init__(self, engine: Engine, layout: HomeLayout | None = None) -> None:
        self.engine = engine
        self.layout = layout
        # Writers find this Database (its audit key) through their connection's options.
        self._write_engine = engine.execution_options(netral_write=True, netral_db=self)
        # "sqlite" or "postgresql": every engine-specific choice is made on this, in store/.
        self.dialect: str = engine.dialect.name
        # The installation's audit key and what to do with a committed chain head
        # (store.audit.ChainSeal); None until the services load it from the key store.
        self.chain_seal: ChainSeal | None = None

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == SQLITE

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == POSTGRESQL

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write_session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on any error."""
        with Session(self._write_engine, expire_on_commit=False) as session:
            with session.begin():
                yield session
            self._chain_committed(session.info)

    @contextmanager
    def bulk_write(self, cache_kib: int = BULK_CACHE_KIB) -> Iterator[Connection]:
        """One write transaction for a bulk job (an import) on a Core connection: committed
        when the block ends, rolled back on any error, exactly as ``write_session``.

        For the transaction only, the connection's page cache may grow to ``cache_kib``: with
        SQLite's default 2 MB, pages written early are spilled to the WAL and written again
        each time a later row touches them (index pages above all); with room, the commit
        writes each page once. WAL, ``synchronous=FULL`` and so crash safety are unchanged.
        """
        with self._write_engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            previous = None
            if self.is_sqlite and raw is not None:
                previous = int(raw.execute("PRAGMA cache_size").fetchone()[0])
                raw.execute(f"PRAGMA cache_size = {-int(cache_kib)}")
            try:
                with conn.begin():
                    yield conn
                self._chain_committed(conn.info)
            finally:
                conn.info.pop(CHAIN_HEAD_INFO, None)
                if previous is not None and raw is not None:
                    # Outside any transaction (autocommit): the cache shrinks back now.
                    raw.execute(f"PRAGMA cache_size = {previous}")

    def _chain_committed(self, info: dict[str, Any]) -> None:
        """After a commit: hand the chain head it wrote to the anchor (outside the database)."""
        head = info.pop(CHAIN_HEAD_INFO, None)
        if head is not None and self.chain_seal is not None:
            self.chain_seal.committed(*head)

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            return _current_revision(conn)

    def health_check(self, *, thorough: bool = False) -> list[str]:
        """Problems the engine finds in the database, as text rows (["ok"] when sound).

        SQLite: ``quick_check`` or, thorough, ``integrity_check``. PostgreSQL keeps its own
        pages checksummed and crash-safe; what it offers beyond that is amcheck, which verifies
        every B-tree index against its table when the extension is installed.
        """
        if self.is_sqlite:
            return self.run_pragma("integrity_check" if thorough else "quick_check")
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            if not thorough:
                return ["ok"]
            has_amcheck = conn.execute(
                text("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")
            ).first()
            if not has_amcheck:
                return ["ok"]
            problems = []
            indexes = conn.execute(
                text(
                    "SELECT c.oid, c.relname FROM pg_index i "
                    "JOIN pg_class c ON c.oid = i.indexrelid "
                    "JOIN pg_am am ON am.oid = c.relam "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE am.amname = 'btree' AND n.nspname = current_schema() "
                    "AND i.indisvalid"
                )
            ).all()
            for oid, name in indexes:
                try:
                    with conn.begin_nested():
                        conn.execute(text("SELECT bt_index_check(:oid, true)"), {"oid": oid})
                except Exception as exc:  # amcheck reports corruption as an error
                    problems.append(f"{name}: {exc}")
            conn.rollback()
            return problems or ["ok"]

    def engine_version(self) -> tuple[str, str]:
        """The engine's name and version, as shown in About."""
        if self.is_sqlite:
            return "SQLite", sqlite3.sqlite_version
        with self.engine.connect() as conn:
            return "PostgreSQL", str(conn.execute(text("SHOW server_version")).scalar())

    @property
    def health_check_name(self) -> str:
        """What ``health_check(thorough=True)`` runs, as reports name it."""
        return "integrity_check" if self.is_sqlite else "PostgreSQL amcheck"

    def run_pragma(self, pragma: str) -> list[str]:
        """``quick_check`` / ``integrity_check`` results as text rows ("ok" when sound)."""
        raw = self.engine.raw_connection()
        try:
            return [str(row[0]) for row in raw.cursor().execute(f"PRAGMA {pragma}").fetchall()]
        finally:
            raw.close()

    def backup_to(self, target: Path) -> Path:
        """A consistent copy of the live database (never a file copy of a live file):
        ``VACUUM INTO`` on SQLite, ``pg_dump`` (custom format) on PostgreSQL."""
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.unlink()
        if self.is_postgresql:
            return _pg_dump(self.engine, target)
        raw = self.engine.raw_connection()
        try:
            raw.cursor().execute("VACUUM INTO ?", (str(target),))
        finally:
            raw.close()
        return target

    vacuum_into = backup_to

    def dispose(self) -> None:
        if self.chain_seal is not None:
            self.chain_seal.close()
        self.engine.dispose()


def _current_revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def _pg_dump(engine: Engine, target: Path) -> Path:
    """``pg_dump --format=custom`` of the database into ``target`` (restorable with
    pg_restore); the password, if any, goes through the environment, never the command line."""
    import shutil
    import subprocess

    tool = shutil.which("pg_dump")
    if tool is None:
        raise StoreError(
            _(
                "Program pg_dump tidak ditemukan, jadi cadangan basis data PostgreSQL tidak dapat "
                "dibuat. Pasang klien PostgreSQL (paket postgresql-client) lalu ulangi."
            ),
            code="pg_dump_missing",
        )
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    command = [tool, "--format=custom", "--no-owner", f"--file={target}"]
    for flag, value in (("--host", url.host), ("--port", url.port), ("--username", url.username)):
        if value:
            command.append(f"{flag}={value}")
    command.append(f"--dbname={url.database}")
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        target.unlink(missing_ok=True)
        raise StoreError(
            _("Cadangan basis data PostgreSQL gagal: {reason}").format(
                reason=done.stderr.strip()[:300]
            ),
            code="pg_dump_failed",
        )
    os.chmod(target, 0o600)
    return target


def write_problem(folder: Path) -> OSError | None:
    """Why files cannot be written in ``folder`` (made if missing), or None when they can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
            pass
    except OSError as exc:
        return exc
    return None


def make_private(layout: HomeLayout) -> None:
    """The data folder readable by this user only: folders 0700, the database (and its WAL
    files, which SQLite creates with the database's mode), settings and key file 0600, so
    other local users cannot read password hashes, NIPs and NIKs. Offices set up before are
    put right on their next start. On Windows the user's profile folder is private already
    (its ACL), and chmod cannot say more there."""
    if os.name == "nt":
        return
    for folder in (layout.root, layout.attachments, layout.backups, layout.logs):
        with contextlib.suppress(OSError):
            if folder.is_dir() and folder.stat().st_mode & 0o777 != 0o700:
                folder.chmod(0o700)
    files = [Path(f"{layout.database}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")] + [
        layout.settings_file,
        layout.key_file,
        layout.database_config,
    ]
    for path in files:
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mode & 0o777 != 0o600:
                path.chmod(0o600)


def check_folder_writable(folder: Path) -> None:
    exc = write_problem(folder)
    if exc is not None:
        raise StoreError(
            _(
                "Folder data {path} tidak dapat ditulis ({reason}). Periksa izin folder atau "
                "pilih folder lain dengan --home."
            ).format(path=folder, reason=exc.strerror or exc),
            code="home_readonly",
        ) from exc


def _check_sqlite_file(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise StoreError(
            _("Berkas basis data {path} tidak dapat dibaca: {reason}.").format(
                path=path, reason=exc.strerror or exc
            ),
            code="db_unreadable",
        ) from exc
    if header != SQLITE_HEADER:
        raise StoreError(
            _(
                "Berkas {path} bukan basis data Netral Desktop atau sudah rusak. Berkas itu tidak "
                "diubah. Pulihkan dari cadangan (netral restore) atau pilih folder data lain."
            ).format(path=path),
            code="db_not_sqlite",
        )


def open_database(layout: HomeLayout, *, create: bool = False, migrate: bool = True) -> Database:
    """Open (or with ``create``, make) the data folder's database, migrated to this version.

    An existing file is checked through a read-only connection first, so a file this program
    refuses (damaged, from a newer version, another program's database) is left as it was.
    A data folder set up on a PostgreSQL server (``database.json``) opens that server's
    database instead, with the same checks.
    """
    try:
        server = layout.server_database()
    except ValueError as exc:
        raise StoreError(
            _(
                "Berkas {path} rusak ({reason}). Perbaiki alamat basis data di berkas itu atau "
                "siapkan folder data lagi."
            ).format(path=layout.database_config, reason=exc),
            code="db_config_bad",
        ) from exc
    if server is not None:
        make_private(layout)
        return _open_server(layout, server, migrate=migrate)
    db_path = layout.database
    if not db_path.exists() and not create:
        raise NotInitialisedError(
            _(
                "Folder data {path} belum disiapkan. Jalankan 'netral init' (atau 'netral demo') "
                "lebih dahulu, atau pilih folder lain dengan --home."
            ).format(path=layout.root),
        )
    check_folder_writable(layout.root)
    make_private(layout)
    revision: str | None = None
    if db_path.exists():
        _check_sqlite_file(db_path)
        revision = _inspect(layout)
    database = Database(make_engine(layout.database_url()), layout)
    try:
        if revision != SCHEMA_VERSION and migrate:
            if revision is not None:
                from netral_desktop.store.backup import backup_before_migration

                backup_before_migration(database, layout, revision)
            run_migrations(database)
    except BaseException:
        database.dispose()
        raise
    make_private(layout)  # a database just created
    return database


def server_address(url: str) -> tuple[str, bool]:
    """The server address as the data folder keeps it, and whether ``url`` held a password."""
    parsed = make_url(url)
    return parsed.render_as_string(hide_password=False), parsed.password is not None


def server_password(layout: HomeLayout, server: dict[str, str]) -> str | None:
    """The server password: ``NETRAL_DB_PASSWORD``, else the keyring entry named in
    ``database.json`` (kept there by ``netral init --db``), else none (trust/peer login)."""
    from netral_desktop.config import DB_PASSWORD_ENV

    if os.environ.get(DB_PASSWORD_ENV):
        return os.environ[DB_PASSWORD_ENV]
    service = server.get("keyring_service")
    if not service:
        return None
    from netral_desktop.store.keystore import KeyringKeyStore

    secret = KeyringKeyStore.for_service(service).get("db-password")
    return secret.decode("utf-8") if secret else None


def _open_server(layout: HomeLayout, server: dict[str, str], *, migrate: bool) -> Database:
    url = server["url"]
    database = Database(make_engine(url, password=server_password(layout, server)), layout)
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        try:
            with database.engine.connect() as conn:
                tables = set(inspect(conn).get_table_names())
                revision = _current_revision(conn)
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
            raise StoreError(
                _(
                    "Server basis data {url} tidak dapat dihubungi ({reason}). Periksa bahwa "
                    "server PostgreSQL menyala, alamatnya benar, dan kata sandinya tersedia "
                    "(keyring atau variabel NETRAL_DB_PASSWORD)."
                ).format(url=shown, reason=reason),
                code="db_unreachable",
            ) from exc
        _check_revision(revision, tables, shown)
        if revision != SCHEMA_VERSION and migrate:
            if revision is not None:
                from netral_desktop.store.backup import backup_before_migration

                backup_before_migration(database, layout, revision)
            run_migrations(database)
    except BaseException:
        database.dispose()
        raise
    return database


def _check_revision(revision: str | None, tables: set[str], where: object) -> None:
    """Refuse another program's database, or one from a newer version of this program."""
    if revision is None and tables - {"alembic_version"}:
        raise StoreError(
            _(
                "Berkas {path} adalah basis data program lain, bukan basis data Netral Desktop. "
                "Berkas itu tidak diubah. Pilih folder data lain dengan --home."
            ).format(path=where),
            code="db_not_netral",
        )
    if revision is not None and revision not in SCHEMA_HISTORY:
        raise NewerDatabaseError(
            _(
                "Basis data {path} dibuat oleh versi Netral Desktop yang lebih baru (skema "
                "{revision}). Pasang versi terbaru program; berkas itu tidak diubah."
            ).format(path=where, revision=revision),
        )


def _corrupt(layout: HomeLayout, reason: object) -> StoreError:
    return StoreError(
        _(
            "Basis data {path} tidak dapat dibuka ({reason}). Berkas itu tidak diubah; "
            "pulihkan dari cadangan (netral restore)."
        ).format(path=layout.database, reason=reason),
        code="db_corrupt",
    )


def _inspect(layout: HomeLayout) -> str | None:
    """``quick_check`` and the schema revision of an existing file, read without writing to it.

    Returns the revision (None for a database with no tables yet); raises if the file is
    damaged, from a newer version, or some other program's database.
    """
    uri = layout.database.resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:
        raise _corrupt(layout, exc) from exc
    try:
        check = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
    except sqlite3.Error as exc:
        raise _corrupt(layout, exc) from exc
    finally:
        conn.close()
    if check != ["ok"]:
        raise StoreError(
            _(
                "Pemeriksaan basis data {path} menemukan kerusakan: {detail}. Berkas itu tidak "
                "diubah; pulihkan dari cadangan (netral restore)."
            ).format(path=layout.database, detail="; ".join(check[:3])),
            code="db_corrupt",
        )
    _check_revision(revision, tables, layout.database)
    return revision


def run_migrations(database: Database, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    migrations = Path(__file__).with_name("migrations")
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    with database.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
        conn.commit()


def database_exists(layout: HomeLayout) -> bool:
    if layout.database_config.exists():
        return True
    return layout.database.exists() and os.path.getsize(layout.database) > 0

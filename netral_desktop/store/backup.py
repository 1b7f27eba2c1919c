"""Backups of the live database: ``VACUUM INTO`` on SQLite, ``pg_dump`` on PostgreSQL
(consistent, never a file copy)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import StoreError
from netral_desktop.i18n import _
from netral_desktop.store.db import Database


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _free_name(folder: Path, stem: str, suffix: str = ".sqlite") -> Path:
    """``stem-<UTC time>.sqlite``, numbered when a backup of the same second exists."""
    base = f"{stem}-{_stamp()}"
    target, n = folder / f"{base}{suffix}", 1
    while target.exists():
        target, n = folder / f"{base}-{n}{suffix}", n + 1
    return target


free_name = _free_name


def _suffix(database: Database) -> str:
    return ".pgdump" if database.is_postgresql else ".sqlite"


def backup_before_migration(database: Database, layout: HomeLayout, revision: str) -> Path:
    return database.backup_to(
        _free_name(layout.backups, f"netral-before-migration-{revision}", _suffix(database))
    )


def database_suffix(database: Database) -> str:
    """``.sqlite`` or ``.pgdump``: what a plain copy of this database is."""
    return _suffix(database)


def backup_to(database: Database, folder: Path, label: str = "backup") -> Path:
    """A consistent copy of the database in ``folder`` (which must be a folder)."""
    if folder.exists() and not folder.is_dir():
        raise StoreError(
            _("Tujuan cadangan {path} bukan folder. Pilih sebuah folder.").format(path=folder),
            code="backup_not_folder",
        )
    return database.backup_to(_free_name(folder, f"netral-{label}", _suffix(database)))


def copy_database_file(source: Path, target: Path) -> None:
    """Copy an SQLite database file into ``target`` with SQLite's backup API (a consistent
    copy, pages written through SQLite, never a plain file copy)."""
    import sqlite3

    source_conn = sqlite3.connect(source)
    target_conn = sqlite3.connect(target)
    try:
        source_conn.backup(target_conn)
    finally:
        source_conn.close()
        target_conn.close()
    os.chmod(target, 0o600)


def swap_in(part: Path, layout: HomeLayout) -> None:
    """Put a checked, fsynced database copy in place of the closed database in one rename. The
    old database's -wal and -shm go first: left beside the new file, SQLite would replay the
    old log into it."""
    from netral_desktop.store.files import sync_folder

    for suffix in ("-wal", "-shm"):
        Path(f"{layout.database}{suffix}").unlink(missing_ok=True)
    os.replace(part, layout.database)
    sync_folder(layout.root)


def remove_database_files(layout: HomeLayout) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{layout.database}{suffix}").unlink(missing_ok=True)

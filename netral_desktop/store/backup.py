"""Backups of the live database through ``VACUUM INTO`` (consistent, never a file copy)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from netral_desktop.config import HomeLayout
from netral_desktop.store.db import Database


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_before_migration(database: Database, layout: HomeLayout, revision: str) -> Path:
    return database.vacuum_into(
        layout.backups / f"netral-before-migration-{revision}-{_stamp()}.sqlite"
    )


def backup_to(database: Database, folder: Path, label: str = "backup") -> Path:
    return database.vacuum_into(folder / f"netral-{label}-{_stamp()}.sqlite")

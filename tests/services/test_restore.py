"""Restoring a backup: checked first, only by an administrator, nothing lost."""

from __future__ import annotations

import sqlite3

import pytest

from netral_desktop.core.errors import AuthenticationError, PermissionDenied, ValidationError
from netral_desktop.services import accounts
from netral_desktop.services.context import ServiceContext, open_context
from netral_desktop.services.restore import restore
from netral_desktop.store.backup import backup_to
from tests.conftest import ADMIN_PASSWORD

# Restoring replaces the data folder's SQLite file; a PostgreSQL office is restored with
# pg_restore by its server's keeper (tests/services/test_postgresql.py checks the refusal).
pytestmark = pytest.mark.sqlite_only


def _usernames(ctx: ServiceContext) -> list[str]:
    return [u.username for u in accounts.list_users(ctx)]


def test_restore_brings_back_the_backup_and_keeps_the_current(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = admin.layout
    backup = backup_to(admin.db, tmp_path / "cadangan")
    accounts.create_user(
        admin, username="budi", full_name="Budi", role="staf", password="sandi-budi-1"
    )
    admin.db.dispose()

    result = restore(layout, backup, username="rina", password=ADMIN_PASSWORD)

    assert result.previous_kept_as is not None and result.previous_kept_as.exists()
    restored = open_context(layout)
    restored = restored.as_actor(accounts.authenticate(restored, "rina", ADMIN_PASSWORD))
    assert _usernames(restored) == ["rina"]
    kept = sqlite3.connect(result.previous_kept_as)
    names = [r[0] for r in kept.execute("SELECT username FROM user_account ORDER BY username")]
    kept.close()
    assert names == ["budi", "rina"]
    from netral_desktop.services.audit import verify_chain

    assert verify_chain(restored.db).ok
    restored.db.dispose()


def test_restore_refuses_garbage_and_changes_nothing(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = admin.layout
    garbage = tmp_path / "bukan.sqlite"
    garbage.write_bytes(b"ini bukan cadangan" * 100)
    admin.db.dispose()
    before = layout.database.read_bytes()
    with pytest.raises(ValidationError, match="tidak dapat dipulihkan"):
        restore(layout, garbage, username="rina", password=ADMIN_PASSWORD)
    assert layout.database.read_bytes() == before


def test_restore_needs_an_administrator_of_the_backup(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = admin.layout
    accounts.create_user(
        admin, username="budi", full_name="Budi", role="staf", password="sandi-budi-1"
    )
    backup = backup_to(admin.db, tmp_path / "cadangan")
    admin.db.dispose()
    with pytest.raises(PermissionDenied):
        restore(layout, backup, username="budi", password="sandi-budi-1")
    with pytest.raises(AuthenticationError):
        restore(layout, backup, username="rina", password="salah-sandi")


def test_after_restoring_an_older_backup_check_passes(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The anchor outside the database named the newer head; after an administrator's restore
    # it names the restored one, so the shorter log is not taken for a truncated one.
    from netral_desktop.services.check import run_checks

    layout = admin.layout
    backup = backup_to(admin.db, tmp_path / "cadangan")
    for n in range(4):
        accounts.create_user(
            admin, username=f"budi{n}", full_name="Budi", role="staf", password="sandi-budi-1"
        )
    admin.db.dispose()
    restore(layout, backup, username="rina", password=ADMIN_PASSWORD)
    restored = open_context(layout)
    try:
        assert [i.name for i in run_checks(restored) if not i.ok] == []
    finally:
        restored.db.dispose()


def test_a_backup_whose_log_was_altered_is_refused(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = admin.layout
    backup = backup_to(admin.db, tmp_path / "cadangan")
    admin.db.dispose()
    edited = sqlite3.connect(backup)
    edited.execute("DELETE FROM audit_log WHERE seq = 2")
    edited.commit()
    edited.close()
    before = layout.database.read_bytes()
    with pytest.raises(ValidationError, match="log auditnya tidak utuh") as refused:
        restore(layout, backup, username="rina", password=ADMIN_PASSWORD)
    assert "entri #2: entri nomor 2 hilang" in str(refused.value)
    assert layout.database.read_bytes() == before

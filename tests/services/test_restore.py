"""Restoring a backup trusts nothing from the file: only an active administrator of the
database being replaced (or, on a new machine, the holder of the office's key backup), only a
backup signed by the office key that decrypts with the office identity and whose audit chain
verifies; the database it replaces is kept, encrypted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import (
    AuthenticationError,
    PermissionDenied,
    ValidationError,
    VerificationFailed,
)
from netral_desktop.services import accounts
from netral_desktop.services.check import run_checks
from netral_desktop.services.context import ServiceContext, open_context
from netral_desktop.services.keys import backup_keys, load_office_keys, restore_keys
from netral_desktop.services.maintenance import make_backup
from netral_desktop.services.restore import restore
from netral_desktop.services.secure_backup import encrypt_to, signature_of, trusted_comment
from netral_desktop.services.setup import open_key_store
from netral_desktop.store import keystore
from netral_desktop.sync.office_keys import OfficeKeys, decrypt_stream
from tests.conftest import ADMIN_PASSWORD, behind_the_program, forget_secrets, sha256_of

# Restoring replaces the data folder's SQLite file; a PostgreSQL office is restored with
# pg_restore by its server's keeper (tests/services/test_postgresql.py checks the refusal).
pytestmark = pytest.mark.sqlite_only

KEY_BACKUP_PASSPHRASE = "cadangan-kunci-kantor-1"


def _usernames(ctx: ServiceContext) -> list[str]:
    return [u.username for u in accounts.list_users(ctx)]


def _keys(ctx: ServiceContext) -> OfficeKeys:
    keys = load_office_keys(open_key_store(ctx))
    assert keys is not None
    return keys


def _open_backup(path: Path, keys: OfficeKeys, into: Path) -> sqlite3.Connection:
    """What the office (or a technician with its keys) gets out of a backup."""
    with path.open("rb") as source, into.open("wb") as target:
        decrypt_stream(source, target, keys.age_identity)
    return sqlite3.connect(into)


def _add_budi(admin: ServiceContext, role: str = "staf") -> None:
    accounts.create_user(
        admin, username="budi", full_name="Budi", role=role, password="sandi-budi-1"
    )


def _accounts(layout: HomeLayout) -> list[tuple[object, ...]]:
    """The accounts as they stand (a refused login attempt may still count a failure)."""
    conn = sqlite3.connect(layout.database)
    try:
        return conn.execute(
            "SELECT username, role, active, password_hash FROM user_account ORDER BY username"
        ).fetchall()
    finally:
        conn.close()


def _add_sari(admin: ServiceContext) -> None:
    accounts.create_user(
        admin, username="sari", full_name="Sari", role="staf", password="sandi-sari-1"
    )


def _checks_clean(layout: HomeLayout) -> None:
    ctx = open_context(layout)
    try:
        failed = [item.name for item in run_checks(ctx) if not item.ok]
        assert failed == []
    finally:
        ctx.db.dispose()


def test_restore_brings_back_the_backup_and_keeps_the_current(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = admin.layout
    keys = _keys(admin)
    backup = make_backup(admin, tmp_path / "cadangan")
    _add_budi(admin)
    admin.db.dispose()

    result = restore(layout, backup, username="rina", password=ADMIN_PASSWORD)

    assert result.previous_kept_as is not None and result.previous_kept_as.exists()
    assert result.previous_kept_as.parent == layout.backups
    restored = open_context(layout)
    restored = restored.as_actor(accounts.authenticate(restored, "rina", ADMIN_PASSWORD))
    assert _usernames(restored) == ["rina"]
    # The replaced database is kept encrypted and signed, like any backup.
    assert not result.previous_kept_as.read_bytes().startswith(b"SQLite format 3")
    keys.public.verify_file(
        result.previous_kept_as, signature_of(result.previous_kept_as).read_text()
    )
    kept = _open_backup(result.previous_kept_as, keys, tmp_path / "kept.sqlite")
    names = [r[0] for r in kept.execute("SELECT username FROM user_account ORDER BY username")]
    kept.close()
    assert names == ["budi", "rina"]
    from netral_desktop.services.audit import verify_chain

    assert verify_chain(restored.db).ok
    assert verify_chain(restored.db).entries > 0
    restored.db.dispose()
    _checks_clean(layout)
    # No plain copy was left anywhere in the data folder.
    leftovers = [p.name for p in layout.root.rglob("*") if p.name.startswith(".netral-")]
    assert leftovers == []


def test_restore_refuses_garbage_and_changes_nothing(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = admin.layout
    garbage = tmp_path / "bukan.sqlite"
    garbage.write_bytes(b"ini bukan cadangan" * 100)
    admin.db.dispose()
    before = layout.database.read_bytes()
    with pytest.raises(VerificationFailed, match="tidak bertanda tangan"):
        restore(layout, garbage, username="rina", password=ADMIN_PASSWORD)
    assert layout.database.read_bytes() == before


def test_a_signed_file_that_is_no_database_is_refused(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = admin.layout
    keys = _keys(admin)
    plain = tmp_path / "bukan.sqlite"
    plain.write_bytes(b"ini bukan cadangan" * 100)
    target = tmp_path / "aneh.sqlite.age"
    comment = trusted_comment("34.02", admin.meta["installation_id"], "-", target.name)
    encrypt_to(plain, target, keys, comment, recipients=(keys.recipient,))
    admin.db.dispose()
    before = layout.database.read_bytes()
    with pytest.raises(VerificationFailed, match="tidak dapat dipulihkan") as refused:
        restore(layout, target, username="rina", password=ADMIN_PASSWORD)
    assert refused.value.exit_status == 3
    assert layout.database.read_bytes() == before


def test_restore_needs_an_active_administrator_of_the_current_database(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = admin.layout
    _add_budi(admin)
    backup = make_backup(admin, tmp_path / "cadangan")
    _add_sari(admin)
    admin.db.dispose()
    before = _accounts(layout)
    with pytest.raises(PermissionDenied):
        restore(layout, backup, username="budi", password="sandi-budi-1")
    with pytest.raises(AuthenticationError):
        restore(layout, backup, username="rina", password="salah-sandi")
    with pytest.raises(PermissionDenied):
        restore(layout, backup)
    assert _accounts(layout) == before  # sari (made after the backup) is still there


def test_a_disabled_admin_cannot_restore_a_backup_from_before(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The attack: an admin, disabled later, restores a backup in which they are active."""
    layout = admin.layout
    _add_budi(admin, role="admin")
    old = make_backup(admin, tmp_path / "cadangan")  # budi is an active admin in here
    accounts.set_active(admin, "budi", False)
    _add_sari(admin)
    admin.db.dispose()
    before = _accounts(layout)
    with pytest.raises(AuthenticationError) as refused:
        restore(layout, old, username="budi", password="sandi-budi-1")
    assert refused.value.code == "auth_disabled"
    assert _accounts(layout) == before
    _checks_clean(layout)


def test_a_backup_edited_by_staff_is_refused(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The attack: a staff member makes themselves admin in a backup and restores it. They
    cannot decrypt it, so they can only change bytes, or swap in a database of their own made
    to look like a backup; neither carries the office's signature."""
    layout = admin.layout
    _add_budi(admin)
    backup = make_backup(admin, tmp_path / "cadangan")
    admin.db.dispose()
    before = _accounts(layout)

    flipped = bytearray(backup.read_bytes())
    flipped[len(flipped) // 2] ^= 0x01
    backup.write_bytes(bytes(flipped))
    with pytest.raises(VerificationFailed, match="tidak cocok dengan kunci kantor"):
        restore(layout, backup, username="rina", password=ADMIN_PASSWORD)

    # A plain database of their own (budi admin), with a real backup's signature beside it.
    forged = tmp_path / "palsu" / backup.name
    forged.parent.mkdir()
    source = sqlite3.connect(layout.database)
    copy = sqlite3.connect(forged)
    source.backup(copy)
    source.close()
    copy.execute("UPDATE user_account SET role = 'admin' WHERE username = 'budi'")
    copy.commit()
    copy.close()
    signature_of(forged).write_text(signature_of(backup).read_text())
    with pytest.raises(VerificationFailed) as refused:
        restore(layout, forged, username="budi", password="sandi-budi-1")
    assert refused.value.exit_status == 3

    # Signed with keys of their own: not the office key.
    theirs = OfficeKeys.generate()
    mine = tmp_path / "milik-budi.sqlite.age"
    encrypt_to(
        layout.database, mine, theirs, "netral-backup office:34.02", recipients=(theirs.recipient,)
    )
    with pytest.raises(VerificationFailed, match="tidak cocok dengan kunci kantor"):
        restore(layout, mine, username="rina", password=ADMIN_PASSWORD)

    assert _accounts(layout) == before
    _checks_clean(layout)


def test_a_backup_not_encrypted_to_the_office_is_refused(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = admin.layout
    keys = _keys(admin)
    other = OfficeKeys.generate()
    admin.db.dispose()
    target = tmp_path / "lain.sqlite.age"
    comment = trusted_comment("34.02", "", "-", target.name)
    encrypt_to(layout.database, target, keys, comment, recipients=(other.recipient,))
    before = sha256_of(layout.database)
    with pytest.raises(VerificationFailed, match="tidak dapat dibuka dengan kunci kantor"):
        restore(layout, target, username="rina", password=ADMIN_PASSWORD)
    assert sha256_of(layout.database) == before


def test_a_backup_whose_audit_chain_is_broken_is_refused(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    layout = admin.layout
    _add_budi(admin)
    behind_the_program(admin, "UPDATE audit_log SET note = 'diubah' WHERE seq = 2")
    backup = make_backup(admin, tmp_path / "cadangan")
    admin.db.dispose()
    before = sha256_of(layout.database)
    with pytest.raises(VerificationFailed, match="Log audit di dalam cadangan"):
        restore(layout, backup, username="rina", password=ADMIN_PASSWORD)
    assert sha256_of(layout.database) == before


def test_a_new_machine_needs_the_key_backup_first(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_key_store(admin)
    backup = make_backup(admin, tmp_path / "cadangan")
    key_file = backup_keys(admin, store, tmp_path / "kunci.zip", KEY_BACKUP_PASSPHRASE)
    admin.db.dispose()
    fresh = HomeLayout(tmp_path / "komputer-baru")

    with pytest.raises(ValidationError, match="netral keys restore"):
        restore(fresh, backup)
    assert not fresh.database.exists()

    # The keyring of the new machine is empty: take the office's keys out of memory first.
    forget_secrets(store)
    done = restore_keys(fresh, key_file, KEY_BACKUP_PASSPHRASE, key_store=keystore.MEMORY)
    assert done.office_code == "34.02"
    assert keystore.DATA_KEY in done.names and keystore.SIGNING_KEY in done.names

    result = restore(fresh, backup)
    assert result.previous_kept_as is None
    ctx = open_context(fresh)
    assert ctx.meta["installation_id"] == admin.meta["installation_id"]
    assert ctx.meta["key_store"] == keystore.MEMORY
    actor = accounts.authenticate(ctx, "rina", ADMIN_PASSWORD)
    assert actor.username == "rina"
    ctx.db.dispose()
    _checks_clean(fresh)


def test_a_new_machine_refuses_another_offices_backup(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_key_store(admin)
    key_file = backup_keys(admin, store, tmp_path / "kunci.zip", KEY_BACKUP_PASSPHRASE)
    admin.db.dispose()
    forget_secrets(store)
    fresh = HomeLayout(tmp_path / "komputer-baru")
    restore_keys(fresh, key_file, KEY_BACKUP_PASSPHRASE, key_store=keystore.MEMORY)
    theirs = OfficeKeys.generate()
    forged = tmp_path / "lain.sqlite.age"
    comment = trusted_comment("34.02", "", "-", forged.name)
    encrypt_to(admin.layout.database, forged, theirs, comment, recipients=(theirs.recipient,))
    with pytest.raises(VerificationFailed):
        restore(fresh, forged)
    assert not fresh.database.exists()


def test_a_current_database_that_cannot_be_opened_is_not_replaced_here(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Nobody can log in to an unreadable database, so no one may replace it in place: the
    way out is a new data folder, the key backup, then the backup."""
    layout = admin.layout
    backup = make_backup(admin, tmp_path / "cadangan")
    admin.db.dispose()
    garbage = b"\x00rusak" * 4096
    layout.database.write_bytes(garbage)
    with pytest.raises(ValidationError, match="keys restore") as refused:
        restore(layout, backup, username="rina", password=ADMIN_PASSWORD)
    assert refused.value.code == "restore_current_unreadable"
    assert layout.database.read_bytes() == garbage


def test_after_restoring_an_older_backup_check_passes(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The anchor outside the database named the newer head; after an administrator's restore
    # it names the restored one, so the shorter log is not taken for a truncated one.
    from netral_desktop.services.check import run_checks

    layout = admin.layout
    backup = make_backup(admin, tmp_path / "cadangan")
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


class _Killed(BaseException):
    """Stands for kill -9 at one point of a restore (nothing after it runs in the restore)."""


def _kill_at(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    import netral_desktop.services.restore as restore_module

    def killed(*args: object, **kwargs: object) -> None:
        raise _Killed

    monkeypatch.setattr(restore_module, name, killed)


def test_a_restore_killed_before_the_swap_leaves_the_current_database(  # type: ignore[no-untyped-def]
    admin, tmp_path, monkeypatch
) -> None:
    from netral_desktop.services import integrity

    backup = make_backup(admin, tmp_path / "cadangan")
    _add_budi(admin)
    admin.db.dispose()
    before = _accounts(admin.layout)
    _kill_at(monkeypatch, "swap_in")
    with pytest.raises(_Killed):
        restore(admin.layout, backup, username="rina", password=ADMIN_PASSWORD)
    monkeypatch.undo()
    assert (admin.layout.root / integrity.RESTORE_PENDING).exists()

    # The next start finds the old database, drops the marker and the half-made copy.
    _checks_clean(admin.layout)
    assert _accounts(admin.layout) == before
    assert not (admin.layout.root / integrity.RESTORE_PENDING).exists()
    assert not (admin.layout.root / integrity.RESTORE_PART).exists()


def test_a_restore_killed_after_the_swap_is_finished_on_the_next_start(  # type: ignore[no-untyped-def]
    admin, tmp_path, monkeypatch
) -> None:
    from netral_desktop.services import integrity

    backup = make_backup(admin, tmp_path / "cadangan")
    _add_budi(admin)
    admin.db.dispose()
    _kill_at(monkeypatch, "open_database")
    with pytest.raises(_Killed):
        restore(admin.layout, backup, username="rina", password=ADMIN_PASSWORD)
    monkeypatch.undo()

    # The restored file is in place; its (older) head is anchored when it is next opened.
    _checks_clean(admin.layout)
    assert [row[0] for row in _accounts(admin.layout)] == ["rina"]
    assert not (admin.layout.root / integrity.RESTORE_PENDING).exists()


def test_a_restore_marker_made_without_the_key_does_not_move_the_anchor(admin) -> None:  # type: ignore[no-untyped-def]
    import json

    from netral_desktop.services import integrity

    _add_budi(admin)
    admin.db.dispose()
    # Someone deletes the newest entry and plants a marker naming the truncated head, hoping
    # the program anchors it as if a restore had put that log in place.
    conn = sqlite3.connect(admin.layout.database)
    seq, mac = conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 2").fetchall()[
        1
    ]
    conn.execute("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    conn.commit()
    conn.close()
    marker = {"seq": seq, "mac": mac, "marker_mac": "0" * 64}
    (admin.layout.root / integrity.RESTORE_PENDING).write_text(json.dumps(marker))
    ctx = open_context(admin.layout)
    try:
        failed = {item.name: item.detail for item in run_checks(ctx) if not item.ok}
        assert "entri terakhir dihapus" in failed["Log audit"]
    finally:
        ctx.db.dispose()


def test_a_backup_made_before_a_key_rotation_still_restores(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.trust import export_enrollment

    layout = admin.layout
    old = _keys(admin)
    backup = make_backup(admin, tmp_path / "cadangan")  # signed and encrypted by the old keys
    export_enrollment(admin, tmp_path / "daftar.json", rotate=True)
    new = _keys(admin)
    assert new.public != old.public and new.previous_public == (old.public,)
    _add_budi(admin)
    admin.db.dispose()
    restore(layout, backup, username="rina", password=ADMIN_PASSWORD)
    restored = open_context(layout)
    restored = restored.as_actor(accounts.authenticate(restored, "rina", ADMIN_PASSWORD))
    assert _usernames(restored) == ["rina"]
    restored.db.dispose()
    # Signed by a key the office never had: refused as before.
    stranger = OfficeKeys.generate()
    signature_of(backup).write_text(stranger.signing.sign(backup.read_bytes(), trusted_comment="x"))
    with pytest.raises(VerificationFailed, match="tidak cocok"):
        restore(layout, backup, username="rina", password=ADMIN_PASSWORD)

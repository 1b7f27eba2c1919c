"""Backups are encrypted and signed with the office keys; the plain copy they are made from
never leaves the data folder; a full or read-only target gets a clear message and no file."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from netral_desktop.core.errors import StoreError, ValidationError
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.keys import load_office_keys
from netral_desktop.services.maintenance import make_backup
from netral_desktop.services.setup import open_key_store
from netral_desktop.store.db import Database
from netral_desktop.sync import office_keys


def _keys(ctx: ServiceContext) -> office_keys.OfficeKeys:
    keys = load_office_keys(open_key_store(ctx))
    assert keys is not None
    return keys


def _everything(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def _plain_copies(ctx: ServiceContext) -> list[str]:
    assert ctx.layout is not None
    return [p.name for p in ctx.layout.root.rglob(".netral-*")]


def test_a_backup_is_encrypted_signed_and_opens_with_the_office_keys(  # type: ignore[no-untyped-def]
    admin, tmp_path, monkeypatch
) -> None:
    plain_targets: list[Path] = []
    original = Database.backup_to

    def spy(self: Database, target: Path) -> Path:
        plain_targets.append(target)
        return original(self, target)

    monkeypatch.setattr(Database, "backup_to", spy)
    path = make_backup(admin, tmp_path / "usb")
    keys = _keys(admin)
    signature = Path(f"{path}.minisig")
    assert _everything(tmp_path / "usb") == sorted([path.name, signature.name])
    assert path.read_bytes().startswith(b"age-encryption.org/v1\n")
    trusted = keys.public.verify_file(path, signature.read_text())
    assert f"office:34.02 installation:{admin.meta['installation_id']}" in trusted
    # The consistent copy was made inside the data folder only, and is gone.
    assert admin.layout is not None
    assert plain_targets and all(admin.layout.root in t.parents for t in plain_targets)
    assert _plain_copies(admin) == []
    opened = tmp_path / "buka"
    with path.open("rb") as source, opened.open("wb") as out:
        office_keys.decrypt_stream(source, out, keys.age_identity)
    head = opened.read_bytes()[:16]
    assert head in (b"SQLite format 3\x00", b"PGDMP" + head[5:])
    assert (path.stat().st_mode & 0o777, signature.stat().st_mode & 0o777) == (0o600, 0o600)


def test_a_bad_recovery_recipient_is_refused_before_anything_is_written(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="bukan penerima age"):
        make_backup(admin, tmp_path / "usb", recovery_recipient="age1bukan")
    assert not (tmp_path / "usb").exists()


def _fail_after(monkeypatch: pytest.MonkeyPatch, chunks: int) -> None:
    """The target disk fills up after ``chunks`` writes of the encrypted stream."""
    written = {"n": 0}
    original = office_keys._Writer.write

    def write(self: office_keys._Writer, chunk: bytes) -> int:
        written["n"] += 1
        if written["n"] > chunks:
            self.error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            raise self.error
        return original(self, chunk)

    monkeypatch.setattr(office_keys._Writer, "write", write)


@pytest.mark.parametrize("chunks", [0, 1])
def test_a_full_disk_leaves_no_partial_backup(admin, tmp_path, monkeypatch, chunks) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "usb"
    target.mkdir()
    (target / "lain.txt").write_text("milik orang lain")
    _fail_after(monkeypatch, chunks)
    with pytest.raises(StoreError, match="penuh") as failed:
        make_backup(admin, target)
    assert failed.value.exit_status == 1
    assert _everything(target) == ["lain.txt"]
    assert _plain_copies(admin) == []


@pytest.mark.parametrize("failing_call", [1, 2])
def test_a_failed_fsync_leaves_no_backup(admin, tmp_path, monkeypatch, failing_call) -> None:  # type: ignore[no-untyped-def]
    """fsync of the encrypted file (1st) or of its signature (2nd) fails: EIO, nothing kept."""
    calls = {"n": 0}
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == failing_call:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    from netral_desktop.services import secure_backup

    monkeypatch.setattr(secure_backup.os, "fsync", fsync)
    with pytest.raises(StoreError, match="tidak dapat disimpan"):
        make_backup(admin, tmp_path / "usb")
    assert _everything(tmp_path / "usb") == []
    assert _plain_copies(admin) == []


def test_a_read_only_target_gets_a_clear_message(  # type: ignore[no-untyped-def]
    admin, tmp_path, make_read_only: Callable[[Path], None]
) -> None:
    target = tmp_path / "usb"
    target.mkdir()
    make_read_only(target)
    with pytest.raises(StoreError, match="tidak dapat ditulis") as failed:
        make_backup(admin, target)
    assert failed.value.exit_status == 1
    assert _everything(target) == []
    assert _plain_copies(admin) == []

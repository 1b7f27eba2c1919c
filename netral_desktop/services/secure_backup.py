"""Backups encrypted and signed with the office keys, written whole or not at all.

A consistent plain copy (the store's copy of the live database, or pg_dump) is made in a
private folder *inside* the data folder, age-encrypted to the office (and an optional
recovery recipient) into a temporary name beside the target, fsynced, signed (minisign, over
the encrypted file), and only then renamed into place; the plain copy is removed whatever
happens. So the target folder (a USB stick) only ever holds whole encrypted backups, never a
plain copy or a 0-byte file.

    netral-backup-<UTC>.sqlite.age            age v1, recipients: the office (+ recovery)
    netral-backup-<UTC>.sqlite.age.minisig    minisign signature by the office key

Anyone with the office keys can open one with the standard tools:
``minisign -Vm F.age -p office.pub`` then ``age -d -i office-identity.age -o F.sqlite F.age``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from netral_desktop.core.errors import StoreError
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.files import explain_write_error
from netral_desktop.store.backup import backup_to, database_suffix, free_name
from netral_desktop.sync import minisign
from netral_desktop.sync.office_keys import OfficeKeys, encrypt_stream

ENCRYPTED_SUFFIX = ".age"
SIGNATURE_SUFFIX = ".minisig"
TRUSTED_PREFIX = "netral-backup"


@dataclass(frozen=True)
class BackupFile:
    path: Path
    signature: Path


def signature_of(path: Path) -> Path:
    return path.with_name(path.name + SIGNATURE_SUFFIX)


@contextmanager
def private_scratch(root: Path, prefix: str) -> Iterator[Path]:
    """A folder only this user can read, inside the data folder, removed afterwards."""
    root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=root, prefix=prefix))  # mkdtemp makes it 0700
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def trusted_comment(office_code: str, installation_id: str, created_at: str, name: str) -> str:
    return (
        f"{TRUSTED_PREFIX} office:{office_code} installation:{installation_id} "
        f"created:{created_at} file:{name}"
    )


def parse_trusted_comment(text: str) -> dict[str, str]:
    """The fields of a backup's trusted comment ({} when it is not a backup's)."""
    parts = text.split()
    if not parts or parts[0] != TRUSTED_PREFIX:
        return {}
    return dict(part.split(":", 1) for part in parts[1:] if ":" in part)


def write_backup(
    ctx: ServiceContext,
    keys: OfficeKeys,
    folder: Path,
    *,
    label: str = "backup",
    recipients: tuple[str, ...] = (),
) -> BackupFile:
    """An encrypted, signed backup of ``ctx``'s database in ``folder``."""
    assert ctx.layout is not None
    office = current_office(ctx)
    with private_scratch(ctx.layout.root, ".netral-plain-") as scratch:
        plain = backup_to(ctx.db, scratch, label)
        suffix = database_suffix(ctx.db) + ENCRYPTED_SUFFIX
        target = free_name(folder, f"netral-{label}", suffix)
        comment = trusted_comment(
            office.code, ctx.meta.get("installation_id", ""), ctx.now_iso(), target.name
        )
        encrypt_to(plain, target, keys, comment, recipients=(keys.recipient, *recipients))
    return BackupFile(target, signature_of(target))


def encrypt_to(
    plain: Path,
    target: Path,
    keys: OfficeKeys,
    comment: str,
    *,
    recipients: tuple[str, ...],
) -> None:
    """Encrypt ``plain`` to ``target`` and sign it: temporary names, fsync, then rename (the
    signature first, so a backup file present is always a signed one)."""
    folder = target.parent
    signature = signature_of(target)
    parts: list[str] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        digest = minisign.prehash()
        fd, data_tmp = tempfile.mkstemp(dir=folder, prefix=".netral-", suffix=".part")
        parts.append(data_tmp)
        with os.fdopen(fd, "wb") as out, plain.open("rb") as source:
            encrypt_stream(source, out, list(recipients), digest.update)
            out.flush()
            os.fsync(out.fileno())
        text = keys.signing.sign_digest(digest.digest(), trusted_comment=comment)
        fd, sig_tmp = tempfile.mkstemp(dir=folder, prefix=".netral-", suffix=".part")
        parts.append(sig_tmp)
        with os.fdopen(fd, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(sig_tmp, signature)
        parts.remove(sig_tmp)
        os.replace(data_tmp, target)
        parts.remove(data_tmp)
        _sync_folder(folder)
    except OSError as exc:
        if not target.exists():
            with suppress(OSError):
                signature.unlink(missing_ok=True)
        raise StoreError(explain_write_error(target, exc), code="backup_write_failed") from exc
    finally:
        for leftover in parts:
            with suppress(OSError):
                os.unlink(leftover)


def _sync_folder(folder: Path) -> None:
    """fsync the folder so the renames survive a power cut (not possible on Windows)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

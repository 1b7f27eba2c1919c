"""Backups made by a person (menu Berkas → Cadangkan, ``netral backup``)."""

from __future__ import annotations

from pathlib import Path

from netral_desktop.core.errors import StoreError
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.store.backup import backup_to
from netral_desktop.store.db import write_problem


def make_backup(ctx: ServiceContext, folder: Path) -> Path:
    """A consistent copy of the database in ``folder``; the audit log records who made it."""
    actor = ctx.require(Permission.BACKUP)
    if folder.exists() and not folder.is_dir():
        raise StoreError(
            _("Tujuan cadangan {path} bukan folder. Pilih sebuah folder.").format(path=folder),
            code="backup_not_folder",
        )
    exc = write_problem(folder)
    if exc is not None:
        raise StoreError(
            _(
                "Folder cadangan {path} tidak dapat ditulis ({reason}). Periksa izin folder, "
                "ruang kosong, atau pilih folder lain."
            ).format(path=folder, reason=exc.strerror or exc),
            code="backup_readonly",
        ) from exc
    office = current_office(ctx)
    with ctx.db.write_session() as session:
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="backup",
            table_name="office",
            record_id=office.id,
            note=str(folder),
        )
    return backup_to(ctx.db, folder)

"""Backups made by a person (menu Berkas → Cadangkan, ``netral backup``): encrypted to the
office's age identity (and an optional recovery recipient) and signed with its minisign key."""

from __future__ import annotations

from pathlib import Path

from netral_desktop.core.errors import StoreError, ValidationError
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.keys import office_keys_of
from netral_desktop.services.secure_backup import write_backup
from netral_desktop.store import keystore
from netral_desktop.store.db import write_problem
from netral_desktop.sync.office_keys import check_recipient


def make_backup(
    ctx: ServiceContext,
    folder: Path,
    *,
    store: keystore.KeyStore | None = None,
    recovery_recipient: str | None = None,
) -> Path:
    """An encrypted, signed copy of the database in ``folder`` (its signature beside it); the
    audit log records who made it. ``store`` defaults to this installation's key store."""
    from netral_desktop.services.setup import open_key_store

    actor = ctx.require(Permission.BACKUP)
    recipients: tuple[str, ...] = ()
    if recovery_recipient:
        try:
            recipients = (check_recipient(recovery_recipient),)
        except ValueError as exc:
            raise ValidationError(
                _(
                    "Penerima pemulihan '{value}' bukan penerima age (age1...). Salin dari "
                    "office.age.txt kantor yang menyimpan cadangan itu."
                ).format(value=recovery_recipient),
                code="backup_bad_recipient",
            ) from exc
    if folder.exists() and not folder.is_dir():
        raise StoreError(
            _("Tujuan cadangan {path} bukan folder. Pilih sebuah folder.").format(path=folder),
            code="backup_not_folder",
        )
    problem = write_problem(folder)
    if problem is not None:
        raise StoreError(
            _(
                "Folder cadangan {path} tidak dapat ditulis ({reason}). Periksa izin folder, "
                "ruang kosong, atau pilih folder lain."
            ).format(path=folder, reason=problem.strerror or problem),
            code="backup_readonly",
        ) from problem
    keys = office_keys_of(ctx, store or open_key_store(ctx))
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
    return write_backup(ctx, keys, folder, recipients=recipients).path

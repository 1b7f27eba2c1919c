"""``netral restore``: put a backup back in place of the office's database.

The backup is checked on a private copy first (SQLite header, quick_check, a schema this
program knows, the same office) and the person restoring must be an administrator *in the
backup*. The database it replaces is kept in backups/ (a consistent copy where it can still
be read, else the files as they were), so a restore never loses anything.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import NetralError, PermissionDenied, ValidationError
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import N_, _
from netral_desktop.services import accounts, audit
from netral_desktop.services.context import current_office, open_context
from netral_desktop.store.backup import copy_database_file, keep_aside, remove_database_files
from netral_desktop.store.db import check_folder_writable, open_database


@dataclass
class RestoreResult:
    restored_from: Path
    previous_kept_as: Path | None
    office_name: str


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _keep_current(layout: HomeLayout) -> Path | None:
    """Set the current database aside in backups/ before it is replaced."""
    if not layout.database.exists():
        return None
    layout.backups.mkdir(parents=True, exist_ok=True)
    target = layout.backups / f"netral-before-restore-{_stamp()}.sqlite"
    try:
        db = open_database(layout, migrate=False)
    except NetralError:
        db = None
    if db is not None:
        try:
            db.vacuum_into(target)
        finally:
            db.dispose()
        remove_database_files(layout)
        return target
    keep_aside(layout, target)  # unreadable: its files are kept exactly as they were
    return target


def restore(
    layout: HomeLayout, backup_file: Path, *, username: str, password: str
) -> RestoreResult:
    if not backup_file.is_file():
        raise ValidationError(_("Berkas cadangan {path} tidak ditemukan.").format(path=backup_file))
    if layout.database_config.exists():
        raise ValidationError(
            _(
                "Folder data ini memakai server PostgreSQL: cadangannya (berkas .pgdump) "
                "dipulihkan oleh pengelola server dengan pg_restore, bukan dengan netral restore."
            ),
            code="restore_on_server",
        )
    check_folder_writable(layout.root)
    with tempfile.TemporaryDirectory(prefix="netral-restore-") as scratch:
        staged = HomeLayout(Path(scratch))
        shutil.copyfile(backup_file, staged.database)
        try:
            ctx = open_context(staged)
        except NetralError as exc:
            raise ValidationError(
                _("Berkas {path} tidak dapat dipulihkan: {reason}").format(
                    path=backup_file, reason=exc
                ),
                code="restore_invalid",
            ) from exc
        try:
            if ctx.db.health_check(thorough=True) != ["ok"]:
                raise ValidationError(
                    _("Cadangan {path} rusak (integrity_check gagal); tidak dipulihkan.").format(
                        path=backup_file
                    )
                )
            office = current_office(ctx)
            current_code = _current_office_code(layout)
            if current_code and current_code != office.code:
                raise ValidationError(
                    _(
                        "Cadangan ini milik kantor {other}, bukan kantor {mine} di folder data "
                        "ini. Pulihkan ke folder data lain dengan --home."
                    ).format(other=office.code, mine=current_code),
                    code="restore_other_office",
                )
            actor = accounts.authenticate(ctx, username, password)
            ctx = ctx.as_actor(actor)
            try:
                ctx.require(Permission.MANAGE_SETTINGS)
            except PermissionDenied as exc:
                raise PermissionDenied(
                    _("Hanya administrator (di dalam cadangan itu) yang dapat memulihkan.")
                ) from exc
            with ctx.db.write_session() as session:
                audit.record(
                    session,
                    at=ctx.now_iso(),
                    actor=actor.username,
                    action="restore",
                    table_name="office",
                    record_id=office.id,
                    note=N_("dipulihkan dari {name}").format(name=backup_file.name),
                )
        finally:
            ctx.db.dispose()
        kept = _keep_current(layout)
        copy_database_file(staged.database, layout.database)
    open_database(layout).dispose()  # migrates an older backup, and checks the result
    return RestoreResult(backup_file, kept, office.name)


def _current_office_code(layout: HomeLayout) -> str | None:
    if not layout.database.exists():
        return None
    try:
        ctx = open_context(layout)
    except NetralError:
        return None
    try:
        return current_office(ctx).code
    finally:
        ctx.db.dispose()

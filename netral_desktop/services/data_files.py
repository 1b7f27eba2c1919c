"""The files of the data folder against the database: orphans, temporary files, missing files.

``netral check`` reports them; ``netral check --repair`` (an administrator) puts them right:

- a temporary file (``.part``, ``.tmp``) is what a write killed mid-way leaves (store/files.py
  writes whole files through one); it never became a file the database names, so it is removed;
- an orphan, a file under attachments/ that no record names, is *moved to quarantine/* rather
  than deleted. It may be evidence whose record was lost (a restore of an older backup rolls the
  rows back but not the files, a crash between storing a scan and recording it): deleting it
  would destroy the only copy. In quarantine/<time>/ it no longer counts as an attachment, an
  administrator can look at it, and a later ``--repair`` puts it back if a record names it again;
- a recorded file that is missing from attachments/ but present in quarantine/ is put back
  (after checking its hash).

Files younger than ``GRACE_SECONDS`` are left alone by the repair: another program on this data
folder (the window) may be writing them right now (a scan is stored just before its row is
committed). Every repair is recorded in the audit log with the files it touched.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from netral_desktop.core.errors import ValidationError
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.check import CheckItem
from netral_desktop.services.context import ServiceContext
from netral_desktop.store.blobs import SHA256_RE, blob_path
from netral_desktop.store.files import is_temporary_name

GRACE_SECONDS = 300
QUARANTINE = "quarantine"


def quarantine_root(ctx: ServiceContext) -> Path:
    assert ctx.layout is not None
    return ctx.layout.root / QUARANTINE


@dataclass
class FolderReport:
    orphans: list[Path] = field(default_factory=list)  # under attachments/, named by nothing
    temporary: list[Path] = field(default_factory=list)  # .part / .tmp left by a crash
    missing: list[str] = field(default_factory=list)  # recorded hashes without their file
    in_quarantine: dict[str, Path] = field(default_factory=dict)  # missing, but quarantined


def _recorded(ctx: ServiceContext) -> tuple[set[str], list[str]]:
    from netral_desktop.store.evidence import recorded_hashes, referenced_hashes

    with ctx.db.read_session() as session:
        return referenced_hashes(session), recorded_hashes(session)


def _temporary_files(ctx: ServiceContext) -> list[Path]:
    """Temporary files of the data folder itself, of attachments/ and of backups/."""
    assert ctx.layout is not None
    layout = ctx.layout
    found: list[Path] = []
    for folder, deep in ((layout.root, False), (layout.attachments, True), (layout.backups, False)):
        if not folder.is_dir():
            continue
        for path in folder.rglob("*") if deep else folder.iterdir():
            if path.is_file() and is_temporary_name(path.name):
                found.append(path)
    return sorted(found)


def _quarantined(ctx: ServiceContext) -> dict[str, Path]:
    root = quarantine_root(ctx)
    if not root.is_dir():
        return {}
    return {p.name: p for p in sorted(root.rglob("*")) if p.is_file() and SHA256_RE.match(p.name)}


def scan(ctx: ServiceContext) -> FolderReport:
    assert ctx.layout is not None
    referenced, live = _recorded(ctx)
    report = FolderReport(temporary=_temporary_files(ctx))
    root = ctx.layout.attachments
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if not path.is_file() or is_temporary_name(path.name):
                continue
            named = SHA256_RE.match(path.name)
            if not named or path.name not in referenced or path != blob_path(ctx.layout, path.name):
                report.orphans.append(path)
    report.missing = [sha for sha in live if not blob_path(ctx.layout, sha).is_file()]
    quarantined = _quarantined(ctx)
    report.in_quarantine = {sha: quarantined[sha] for sha in report.missing if sha in quarantined}
    return report


def _shown(ctx: ServiceContext, paths: list[Path]) -> str:
    assert ctx.layout is not None
    names = ", ".join(str(p.relative_to(ctx.layout.root)) for p in paths[:3])
    return names + (_(" dan {n} lainnya").format(n=len(paths) - 3) if len(paths) > 3 else "")


def check_items(ctx: ServiceContext) -> list[CheckItem]:
    """``netral check``'s lines for orphan and temporary files (missing recorded files are
    reported by check.check_attachment_records; quarantined copies of them are named here)."""
    report = scan(ctx)
    repair = _("jalankan 'netral check --repair' sebagai administrator")
    items = []
    if report.orphans:
        detail = _(
            "{n} berkas di attachments/ tidak tercatat di basis data ({names}); {repair} untuk "
            "memindahkannya ke karantina"
        ).format(n=len(report.orphans), names=_shown(ctx, report.orphans), repair=repair)
        items.append(CheckItem(_("Berkas yatim"), False, detail))
    else:
        items.append(
            CheckItem(_("Berkas yatim"), True, _("tidak ada: setiap berkas lampiran tercatat"))
        )
    if report.temporary:
        detail = _(
            "{n} berkas sementara sisa penulisan yang terputus ({names}); {repair} untuk "
            "menghapusnya"
        ).format(n=len(report.temporary), names=_shown(ctx, report.temporary), repair=repair)
        items.append(CheckItem(_("Berkas sementara"), False, detail))
    else:
        items.append(CheckItem(_("Berkas sementara"), True, _("tidak ada")))
    if report.in_quarantine:
        detail = _(
            "{n} berkas tercatat ada di karantina, bukan di attachments/; {repair} untuk "
            "mengembalikannya"
        ).format(n=len(report.in_quarantine), repair=repair)
        items.append(CheckItem(_("Berkas di karantina"), False, detail))
    return items


@dataclass
class RepairResult:
    removed_temporary: list[Path] = field(default_factory=list)
    quarantined: list[Path] = field(default_factory=list)  # where each orphan went
    restored: list[str] = field(default_factory=list)  # hashes put back from quarantine
    left_young: list[Path] = field(default_factory=list)  # too recent to touch

    @property
    def changed(self) -> bool:
        return bool(self.removed_temporary or self.quarantined or self.restored)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def repair(ctx: ServiceContext, *, grace_seconds: float = GRACE_SECONDS) -> RepairResult:
    """Remove temporary files, move orphans to quarantine/, put back quarantined files that a
    record names; administrators only, recorded in the audit log."""
    actor = ctx.require(Permission.MANAGE_SETTINGS)
    assert ctx.layout is not None
    layout = ctx.layout
    report = scan(ctx)
    result = RepairResult()
    cutoff = time.time() - grace_seconds

    def old_enough(path: Path) -> bool:
        try:
            young = path.stat().st_mtime > cutoff
        except FileNotFoundError:
            return False  # gone already (its writer finished or removed it)
        if young:
            result.left_young.append(path)
        return not young

    try:
        for path in report.temporary:
            if old_enough(path):
                path.unlink(missing_ok=True)
                result.removed_temporary.append(path)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target_root = quarantine_root(ctx) / stamp
        for path in report.orphans:
            if not old_enough(path):
                continue
            target = target_root / path.relative_to(layout.attachments)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            result.quarantined.append(target)
        for sha, path in report.in_quarantine.items():
            if _sha256_of(path) != sha:
                continue  # altered in quarantine: not put back as evidence
            home = blob_path(layout, sha)
            home.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, home)
            result.restored.append(sha)
        # A record written while we looked may name a file just moved: put it back.
        referenced, _live = _recorded(ctx)
        for target in list(result.quarantined):
            if target.name in referenced:
                home = blob_path(layout, target.name)
                home.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, home)
                result.quarantined.remove(target)
    except OSError as exc:
        raise ValidationError(
            _("Folder data tidak dapat dirapikan: {reason}. Periksa izin folder.").format(
                reason=exc.strerror or exc
            ),
            code="repair_failed",
        ) from exc
    if result.changed:
        with ctx.db.write_session() as session:
            audit.record(
                session,
                at=ctx.now_iso(),
                actor=actor.username,
                action="repair_files",
                table_name="attachment",
                record_id="data-folder",
                new={
                    "removed_temporary": [
                        str(p.relative_to(layout.root)) for p in result.removed_temporary
                    ],
                    "quarantined": [str(p.relative_to(layout.root)) for p in result.quarantined],
                    "restored": result.restored,
                },
                note=_("perbaikan folder data (netral check --repair)"),
            )
    return result

"""``netral check`` reports orphan, temporary and missing attachment files; ``netral check
--repair`` (an administrator) removes the temporary ones and moves orphans to quarantine/,
recorded in the audit log (issue 12 item 6). Before: check passed with all of them present."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.core.roles import Permission
from netral_desktop.services import audit_query, evidence
from netral_desktop.services.accounts import create_user
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import blobs
from tests.cli.conftest import Result
from tests.conftest import ADMIN_PASSWORD
from tests.pledge_samples import png_bytes

AS_RINA = ("--user", "rina", "--password-env", "ADMIN_PW")
AS_DODI = ("--user", "dodi", "--password-env", "DODI_PW")
AN_HOUR_AGO = time.time() - 3600


@pytest.fixture(autouse=True)
def _passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_PW", ADMIN_PASSWORD)
    monkeypatch.setenv("DODI_PW", "sandi-dodi-2024")


def _aged(*paths: Path) -> None:
    """The crash happened an hour ago (the repair leaves files younger than its grace)."""
    for path in paths:
        os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))


def _debris(layout: HomeLayout) -> dict[str, Path]:
    """What crashes and a rolled-back restore leave in attachments/."""
    orphan_data = b"pindaian yang barisnya hilang"
    orphan = blobs.blob_path(layout, blobs.put_bytes(layout, orphan_data))
    part = orphan.parent / ".netral-k2j3h4.part"
    part.write_bytes(b"%PDF-1.4 setengah")
    legacy = layout.attachments / "ab" / (".ab" + "0" * 62 + ".1234.5678.tmp")
    legacy.parent.mkdir(parents=True, exist_ok=True)
    legacy.write_bytes(b"sisa")
    stray = layout.attachments / "catatan.txt"
    stray.write_text("bukan lampiran")
    settings_part = layout.root / ".netral-x9.part"
    settings_part.write_text("{")
    found = {
        "orphan": orphan,
        "part": part,
        "legacy": legacy,
        "stray": stray,
        "settings_part": settings_part,
    }
    _aged(*found.values())
    return found


@pytest.fixture
def attached(admin: ServiceContext) -> tuple[ServiceContext, str]:
    """An admin context with one scan attached to an office record (recorded, not orphan)."""
    create_user(admin, username="dodi", full_name="Dodi", role="staf", password="sandi-dodi-2024")
    row = evidence.attach(
        admin,
        "office",
        "kantor",
        png_bytes(),
        original_name="scan.png",
        permission=Permission.MANAGE_SETTINGS,
    ).attachment
    return admin, row.sha256


def test_check_reports_orphans_and_temporary_files(
    netral: Callable[..., Result], attached: tuple[ServiceContext, str], layout: HomeLayout
) -> None:
    assert netral("check").code == 0
    _debris(layout)
    result = netral("check")
    assert result.code == 3
    assert "[RUSAK] Berkas yatim: 2 berkas di attachments/ tidak tercatat" in result.out
    assert "attachments/catatan.txt" in result.out
    assert "[RUSAK] Berkas sementara: 3 berkas sementara" in result.out
    assert "netral check --repair" in result.out
    assert "[OK   ] Lampiran tercatat" in result.out  # the recorded scan is not an orphan


def test_repair_is_for_administrators_only(
    netral: Callable[..., Result], attached: tuple[ServiceContext, str], layout: HomeLayout
) -> None:
    debris = _debris(layout)
    result = netral("check", "--repair", *AS_DODI)
    assert result.code == 1
    assert "Galat:" in result.err
    assert all(path.exists() for path in debris.values())


def test_repair_quarantines_orphans_removes_temporary_files_and_is_audited(
    netral: Callable[..., Result], attached: tuple[ServiceContext, str], layout: HomeLayout
) -> None:
    admin, recorded = attached
    debris = _debris(layout)
    orphan_bytes = debris["orphan"].read_bytes()
    result = netral("check", "--repair", *AS_RINA)
    assert result.code == 0, result.out + result.err
    assert "Dipindah ke karantina: quarantine/" in result.out
    assert "Dihapus (berkas sementara): attachments/" in result.out
    assert "Semua pemeriksaan lulus." in result.out
    for name in ("part", "legacy", "settings_part", "orphan", "stray"):
        assert not debris[name].exists(), name
    # Orphans are kept, out of attachments/, byte for byte.
    moved = {p.name: p for p in (layout.root / "quarantine").rglob("*") if p.is_file()}
    assert moved[debris["orphan"].name].read_bytes() == orphan_bytes
    assert "catatan.txt" in moved
    assert blobs.blob_path(layout, recorded).exists()
    entry = next(
        e for e in audit_query.recent_entries(admin.db, limit=5) if e.action == "repair_files"
    )
    assert entry.actor == "rina"
    assert netral("check").code == 0
    assert "Folder data sudah rapi" in netral("check", "--repair", *AS_RINA).out


def test_repair_leaves_files_being_written_now(
    netral: Callable[..., Result], attached: tuple[ServiceContext, str], layout: HomeLayout
) -> None:
    fresh = layout.attachments / "ff" / ".netral-now.part"
    fresh.parent.mkdir(parents=True, exist_ok=True)
    fresh.write_bytes(b"sedang ditulis")
    result = netral("check", "--repair", *AS_RINA)
    assert "Dibiarkan (baru saja ditulis" in result.out
    assert fresh.exists()
    assert result.code == 3  # still reported until it is gone


def test_a_quarantined_file_named_again_is_put_back(
    netral: Callable[..., Result], attached: tuple[ServiceContext, str], layout: HomeLayout
) -> None:
    # A restore brought back the record of a scan whose file a repair had quarantined.
    _admin, recorded = attached
    home = blobs.blob_path(layout, recorded)
    kept = layout.root / "quarantine" / "20240101T000000Z" / recorded[:2] / recorded
    kept.parent.mkdir(parents=True)
    home.rename(kept)
    result = netral("check")
    assert result.code == 3
    assert "[RUSAK] Lampiran tercatat: 1 berkas tercatat tetapi hilang" in result.out
    assert "[RUSAK] Berkas di karantina: 1 berkas tercatat ada di karantina" in result.out
    assert netral("check", "--repair", *AS_RINA).code == 0
    assert hashlib.sha256(home.read_bytes()).hexdigest() == recorded


def test_removed_attachments_and_old_logos_are_not_orphans(
    netral: Callable[..., Result], attached: tuple[ServiceContext, str], layout: HomeLayout
) -> None:
    from netral_desktop.services.office import set_logo

    admin, _recorded = attached
    row = evidence.list_for(admin, "office", "kantor")[0]
    evidence.remove(admin, row.id, permission=Permission.MANAGE_SETTINGS)
    set_logo(admin, png_bytes(color="red"))
    set_logo(admin, png_bytes(color="blue"))  # the first logo is replaced, kept
    result = netral("check")
    assert result.code == 0, result.out
    assert "[OK   ] Berkas yatim" in result.out

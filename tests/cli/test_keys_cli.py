"""``netral keys``, ``backup`` and ``restore`` from the command line, and the modes of every
file the program writes (other local users read nothing)."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.services.context import ServiceContext
from tests.cli.conftest import Result
from tests.conftest import ADMIN_PASSWORD

AS_RINA = ("--user", "rina", "--password-env", "ADMIN_PW")
BACKUP_PASSPHRASE = "cadangan-kunci-kantor-1"


@pytest.fixture(autouse=True)
def _secrets_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_PW", ADMIN_PASSWORD)
    monkeypatch.setenv("BACKUP_PP", BACKUP_PASSPHRASE)
    monkeypatch.setenv("WRONG_PP", "bukan-kata-sandinya")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_keys_show_prints_the_fingerprints_as_the_tools_do(
    netral: Callable[..., Result], office: ServiceContext, tmp_path: Path
) -> None:
    shown = netral("keys", "show")
    assert shown.code == 0, shown.err
    exported = netral("keys", "export-public", str(tmp_path / "publik"))
    assert exported.code == 0, exported.err
    pub = (tmp_path / "publik" / "office.pub").read_text()
    recipient = (tmp_path / "publik" / "office.age.txt").read_text().strip()
    key_id = pub.splitlines()[0].rsplit(" ", 1)[1]  # "untrusted comment: minisign public key ID"
    assert f"ID kunci {key_id}" in shown.out
    assert pub.splitlines()[1] in shown.out
    assert recipient.startswith("age1") and recipient in shown.out
    assert _mode(tmp_path / "publik" / "office.pub") == 0o600


def test_keys_backup_is_for_admins_and_restore_needs_its_passphrase(
    netral: Callable[..., Result],
    office: ServiceContext,
    tmp_path: Path,
    layout: HomeLayout,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from netral_desktop.services import accounts

    accounts.create_user(
        office.as_actor(accounts.authenticate(office, "rina", ADMIN_PASSWORD)),
        username="budi",
        full_name="Budi",
        role="staf",
        password="sandi-budi-1",
    )
    monkeypatch.setenv("BUDI_PW", "sandi-budi-1")
    target = tmp_path / "kunci.zip"
    refused = netral(
        "keys", "backup", str(target), "--user", "budi", "--password-env", "BUDI_PW",
        "--backup-passphrase-env", "BACKUP_PP",
    )  # fmt: skip
    assert refused.code == 1 and "tidak berwenang" in refused.err
    assert not target.exists()
    # No passphrase from a terminal or the environment: a usage error that echoes nothing.
    no_tty = netral("keys", "backup", str(target), *AS_RINA)
    assert no_tty.code == 2 and not target.exists()

    made = netral("keys", "backup", str(target), *AS_RINA, "--backup-passphrase-env", "BACKUP_PP")
    assert made.code == 0, made.err
    assert BACKUP_PASSPHRASE not in made.out + made.err
    assert _mode(target) == 0o600

    fresh = tmp_path / "baru"
    wrong = netral(
        "--home", str(fresh), "keys", "restore", str(target), "--backup-passphrase-env",
        "WRONG_PP",
    )  # fmt: skip
    assert wrong.code == 1 and "Kata sandi cadangan kunci salah" in wrong.err
    assert not (fresh / "office-keys.json").exists()
    backup = netral("backup", "--to", str(tmp_path / "usb"), *AS_RINA)
    assert backup.code == 0, backup.err
    office.db.dispose()

    # On the new machine: keys first (into a key file here), then the database.
    done = netral(
        "--home", str(fresh), "keys", "restore", str(target), "--backup-passphrase-env",
        "BACKUP_PP", "--key-store", "file",
    )  # fmt: skip
    assert done.code == 0, done.err
    assert "data-key" in done.out and "signing-key" in done.out
    restored = netral(
        "--home", str(fresh), "restore", backup.out.strip(), "--passphrase-env", "BACKUP_PP"
    )
    assert restored.code == 0, restored.err
    check = netral("--home", str(fresh), "check", "--passphrase-env", "BACKUP_PP")
    assert check.code == 0, check.out + check.err
    assert "[OK   ] Kunci data: ada di file dan cocok" in check.out


def test_a_refused_restore_exits_3_and_check_stays_clean(
    netral: Callable[..., Result], office: ServiceContext, tmp_path: Path
) -> None:
    backup = netral("backup", "--to", str(tmp_path / "usb"), *AS_RINA)
    assert backup.code == 0, backup.err
    path = Path(backup.out.strip())
    data = bytearray(path.read_bytes())
    data[100] ^= 0x20
    path.write_bytes(bytes(data))
    office.db.dispose()
    refused = netral("restore", str(path), *AS_RINA)
    assert refused.code == 3
    assert "tidak cocok dengan kunci kantor" in refused.err
    assert "Tidak ada yang diubah" in refused.err
    check = netral("check")
    assert check.code == 0, check.out + check.err


def test_a_full_backup_target_exits_1_with_no_file(
    netral: Callable[..., Result], office: ServiceContext, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import errno
    import os

    from netral_desktop.sync import office_keys

    def full(self, chunk):  # type: ignore[no-untyped-def]
        self.error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        raise self.error

    monkeypatch.setattr(office_keys._Writer, "write", full)
    result = netral("backup", "--to", str(tmp_path / "usb"), *AS_RINA)
    assert result.code == 1
    assert "penuh" in result.err and "Traceback" not in result.err
    assert list((tmp_path / "usb").iterdir()) == []


def test_files_the_program_writes_are_private(
    netral: Callable[..., Result], layout: HomeLayout, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Other local users must not read password hashes, NIPs and NIKs (POSIX modes; on
    Windows the profile folder is the user's own)."""
    import os

    if os.name == "nt":
        pytest.skip("POSIX modes")
    old_umask = os.umask(0o022)  # a typical desktop umask: the program must not rely on it
    try:
        monkeypatch.setattr(os, "umask", lambda mask: 0o022)  # as if never set by main()
        demo = netral("demo", "--key-store", "file", "--passphrase-env", "BACKUP_PP")
        assert demo.code == 0, demo.err
        admin = demo.out.split("admin        admin        ", 1)[1].split()[0]
        monkeypatch.setenv("DEMO_PW", admin)
        as_admin = ("--user", "admin", "--password-env", "DEMO_PW")
        keys = ("--passphrase-env", "BACKUP_PP")
        backup = netral("backup", "--to", str(tmp_path / "usb"), *as_admin, *keys)
        assert backup.code == 0, backup.err
        (tmp_path / "ekspor").mkdir()
        export = netral("roster", "export", str(tmp_path / "ekspor" / "pegawai.xlsx"), *as_admin)
        assert export.code == 0, export.err
        pub = netral("keys", "export-public", str(tmp_path / "publik"), *keys)
        assert pub.code == 0, pub.err
    finally:
        os.umask(old_umask)
    assert _mode(layout.root) == 0o700
    for folder in (layout.attachments, layout.backups, layout.logs):
        assert _mode(folder) == 0o700, folder
    for folder in layout.attachments.iterdir():
        assert _mode(folder) == 0o700, folder
    for path in layout.root.rglob("*"):
        if path.is_file():
            assert _mode(path) == 0o600, path
    written = [
        *(tmp_path / "usb").iterdir(),
        tmp_path / "ekspor" / "pegawai.xlsx",
        *(tmp_path / "publik").iterdir(),
    ]
    assert len(written) == 5
    for path in written:
        assert _mode(path) == 0o600, path


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 128 KiB file system (tmpfs), too small for a backup; root only."""
    import os
    import subprocess

    if getattr(os, "geteuid", lambda: -1)() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount_point = tmp_path / "flashdisk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def test_a_really_full_disk_exits_1_with_no_file(
    netral: Callable[..., Result], office: ServiceContext, tiny_disk: Path
) -> None:
    # A new office's database is about 300 KB: it cannot fit.
    result = netral("backup", "--to", str(tiny_disk), *AS_RINA)
    assert result.code == 1
    assert "penuh" in result.err and "Traceback" not in result.err
    assert list(tiny_disk.iterdir()) == []

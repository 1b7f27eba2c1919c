"""The office keys work with the real ``minisign`` and ``age`` tools, without this program:
an office that has lost it (or a province, or a technician) can still verify, sign and decrypt.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

from netral_desktop.services.context import ServiceContext
from netral_desktop.services.keys import backup_keys, export_public, load_office_keys
from netral_desktop.services.maintenance import make_backup
from netral_desktop.services.setup import open_key_store
from netral_desktop.sync import minisign
from netral_desktop.sync.office_keys import read_key_backup

PASSPHRASE = "cadangan-kunci-kantor-1"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI") or os.environ.get("NETRAL_TEST_KEYRING"):
            pytest.fail(f"{name} is not installed (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return path


def run_age(args: list[str], passphrase: str, cwd: Path) -> tuple[int, str]:
    """Run age on a pseudo-terminal (it reads passphrases from the terminal only), typing
    ``passphrase`` at its prompt; its exit status and what it showed."""
    import pty

    age = _tool("age")
    pid, fd = pty.fork()
    if pid == 0:  # the child: age, with the pty as its terminal
        os.chdir(cwd)
        os.execv(age, [age, *args])
    shown, typed = b"", False
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if not typed and b"passphrase" in shown.lower():
            os.write(fd, passphrase.encode() + b"\n")
            typed = True
    os.close(fd)
    _pid, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


def _key_backup(admin: ServiceContext, tmp_path: Path) -> Path:
    path = backup_keys(admin, open_key_store(admin), tmp_path / "kunci.zip", PASSPHRASE)
    folder = tmp_path / "kunci"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    return folder


def test_minisign_verifies_a_backup_with_the_exported_public_key(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    minisign_tool = _tool("minisign")
    keys = load_office_keys(open_key_store(admin))
    assert keys is not None
    pub, recipient = export_public(keys, tmp_path / "publik")
    backup = make_backup(admin, tmp_path / "usb")
    done = subprocess.run(
        [minisign_tool, "-Vm", str(backup), "-p", str(pub)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Signature and comment signature verified" in done.stdout
    assert "netral-backup office:34.02" in done.stdout
    assert recipient.read_text().strip() == keys.recipient
    # One changed byte, and the same tool says no.
    data = bytearray(backup.read_bytes())
    data[-1] ^= 0x01
    backup.write_bytes(bytes(data))
    done = subprocess.run(
        [minisign_tool, "-Vm", str(backup), "-p", str(pub)], capture_output=True, text=True
    )
    assert done.returncode != 0


def test_minisign_signs_with_the_backed_up_key_and_the_program_verifies(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    minisign_tool = _tool("minisign")
    folder = _key_backup(admin, tmp_path)
    letter = tmp_path / "surat.pdf"
    letter.write_bytes(b"%PDF-1.4 surat kantor\n")
    done = subprocess.run(
        [minisign_tool, "-S", "-s", str(folder / "office.minisign.key"), "-m", str(letter)],
        input=PASSPHRASE + "\n",
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    keys = load_office_keys(open_key_store(admin))
    assert keys is not None
    signature = Path(f"{letter}.minisig").read_text()
    assert keys.public.verify_file(letter, signature).startswith("timestamp:")
    # The exported public key in the backup is the office's.
    assert minisign.PublicKey.parse((folder / "office.pub").read_text()) == keys.public
    # A wrong passphrase: minisign refuses to use the key.
    done = subprocess.run(
        [minisign_tool, "-S", "-s", str(folder / "office.minisign.key"), "-m", str(letter)],
        input="bukan-kata-sandinya\n",
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "Wrong password" in done.stderr + done.stdout


def test_age_decrypts_a_backup_with_the_backed_up_identity(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = _key_backup(admin, tmp_path)
    backup = make_backup(admin, tmp_path / "usb")
    status, shown = run_age(
        ["-d", "-i", "office-identity.age", "-o", str(tmp_path / "pulih.sqlite"), str(backup)],
        PASSPHRASE,
        folder,
    )
    assert status == 0, shown
    conn = sqlite3.connect(tmp_path / "pulih.sqlite")
    try:
        assert conn.execute("SELECT code FROM office").fetchone()[0] == "34.02"
    finally:
        conn.close()
    # The data key and the other secrets: age with the same identity shows them.
    status, shown = run_age(
        ["-d", "-i", "office-identity.age", "secrets.json.age"], PASSPHRASE, folder
    )
    assert status == 0, shown
    assert '"data-key"' in shown and '"office_code": "34.02"' in shown
    # And the wrong passphrase opens nothing.
    status, shown = run_age(
        ["-d", "-i", "office-identity.age", "-o", str(tmp_path / "x.sqlite"), str(backup)],
        "bukan-kata-sandinya",
        folder,
    )
    assert status != 0
    assert not (tmp_path / "x.sqlite").exists() or (tmp_path / "x.sqlite").stat().st_size == 0


def test_a_recovery_recipient_opens_the_backup_too(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    age_keygen = _tool("age-keygen")
    identity = tmp_path / "provinsi.txt"
    subprocess.run([age_keygen, "-o", str(identity)], check=True, capture_output=True)
    recipient = next(
        line.split(": ", 1)[1]
        for line in identity.read_text().splitlines()
        if line.startswith("# public key:")
    )
    backup = make_backup(admin, tmp_path / "usb", recovery_recipient=recipient)
    done = subprocess.run(
        [_tool("age"), "-d", "-i", str(identity), "-o", str(tmp_path / "p.sqlite"), str(backup)],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "p.sqlite").read_bytes().startswith(b"SQLite format 3")


def test_a_key_made_by_minisign_is_read_and_signs_as_minisign_does(tmp_path) -> None:  # type: ignore[no-untyped-def]
    minisign_tool = _tool("minisign")
    pub, key = tmp_path / "m.pub", tmp_path / "m.key"
    # -W: unencrypted (minisign's own scrypt costs 1 GiB; the encrypted format is proven by
    # minisign signing with the program's keys above).
    done = subprocess.run(
        [minisign_tool, "-G", "-W", "-p", str(pub), "-s", str(key)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    secret = minisign.SecretKey.parse_encrypted(key.read_text(), "")
    assert secret.public() == minisign.PublicKey.parse(pub.read_text())
    assert secret.public().file_text() == pub.read_text()
    message = tmp_path / "pesan.txt"
    message.write_bytes(b"isi pesan")
    Path(f"{message}.minisig").write_text(secret.sign(b"isi pesan", trusted_comment="uji"))
    done = subprocess.run(
        [minisign_tool, "-Vm", str(message), "-p", str(pub)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    ours = minisign.SecretKey.generate().encrypted_file_text(PASSPHRASE)
    with pytest.raises(minisign.MinisignError, match="passphrase"):
        minisign.SecretKey.parse_encrypted(ours, "salah")


def test_a_key_id_with_a_leading_zero_is_written_as_minisign_writes_it() -> None:
    # Exactly what minisign 0.11 wrote for a key whose id starts with a zero nibble: PRIX64, no
    # padding (the random key above hits this one time in sixteen).
    minisign_pub = (
        "untrusted comment: minisign public key DAD90055D865018\n"
        "RWQYUIZdBZCtDXClIyppcRzo8Zp09j9YDJo6n1FVp6TwMtYEVunx6bYK\n"
    )
    key = minisign.PublicKey.parse(minisign_pub)
    assert key.id_text == "DAD90055D865018"
    assert key.file_text() == minisign_pub


def test_the_key_backup_opens_only_with_its_passphrase(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = backup_keys(admin, open_key_store(admin), tmp_path / "kunci.zip", PASSPHRASE)
    opened = read_key_backup(path.read_bytes(), PASSPHRASE)
    keys = load_office_keys(open_key_store(admin))
    assert keys is not None and opened.keys == keys
    assert opened.installation_id == admin.meta["installation_id"]
    from netral_desktop.core.errors import ValidationError
    from netral_desktop.services.keys import read_backup

    with pytest.raises(ValidationError, match="salah"):
        read_backup(path, "bukan-kata-sandinya")

"""``netral``: exit codes, Indonesian messages, and what ends up on disk."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from netral_desktop.config import HomeLayout, LocalSettings
from netral_desktop.services import accounts
from netral_desktop.services.context import ServiceContext, open_context
from tests.cli.conftest import Result
from tests.conftest import ADMIN_PASSWORD, forget_secrets, keyring_entries, sha256_of

KeyringSnapshot = set[tuple[str, str]]
DEMO_LINE = re.compile(r"^  (\S+)\s+(admin|koordinator|sekretariat|staf|provinsi)\s+(\S+)$", re.M)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NETRAL_HOME", "NETRAL_LANG", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ADMIN_PW", ADMIN_PASSWORD)
    monkeypatch.setenv("BUDI_PW", "sandi-budi-2024")


def subprocess_netral(home: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    """Run ``python -m netral_desktop --home HOME ARGS`` as a separate program."""
    environment = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "netral_desktop", "--home", str(home), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    return Result(done.returncode, done.stdout, done.stderr)


INIT = ("init", "--office", "34.02", "--admin", "rina", "--password-env", "ADMIN_PW")
AS_RINA = ("--user", "rina", "--password-env", "ADMIN_PW")


# --- init -------------------------------------------------------------------------------------


def test_init_then_check(
    netral: Callable[..., Result], layout: HomeLayout, clean_keyring: KeyringSnapshot
) -> None:
    result = netral(*INIT, "--admin-name", "Rina Kartikasari")
    assert result.code == 0, result.err
    assert "Kantor: Bawaslu Kabupaten Bantul (34.02), mode district" in result.out
    assert "Zona waktu: WIB; kode wilayah Bawaslu: 15.02" in result.out
    assert "Administrator: rina" in result.out
    assert "Kunci data disimpan di: keyring" in result.out
    assert layout.database.is_file()
    assert LocalSettings.load(layout).last_username == "rina"
    added = keyring_entries() - clean_keyring
    # The data key, the office's signing key and age identity, the audit key and the audit
    # chain's anchor, of one installation.
    assert {name for _service, name in added} == {
        "data-key",
        "signing-key",
        "age-identity",
        "audit-key",
        "audit-head",
    }
    assert len({service for service, _name in added}) == 1  # one installation's names

    check = netral("check")
    assert check.code == 0, check.err
    assert "[OK   ] Integritas basis data: integrity_check: ok" in check.out
    assert "[OK   ] Log audit: 2 entri, rantai hash utuh" in check.out
    assert "[OK   ] Kunci data: ada di keyring dan cocok" in check.out
    assert "Semua pemeriksaan lulus." in check.out


def test_init_province_mode_with_time_zone_and_name(
    netral: Callable[..., Result], clean_keyring: KeyringSnapshot
) -> None:
    result = netral(
        "init",
        "--office",
        "51",
        "--mode",
        "province",
        "--name",
        "Bawaslu Provinsi Bali",
        "--admin",
        "Made",
        "--password-env",
        "ADMIN_PW",
    )
    assert result.code == 0, result.err
    assert "Kantor: Bawaslu Provinsi Bali (51), mode province" in result.out
    assert "Zona waktu: WITA" in result.out
    assert "Administrator: made" in result.out


def test_init_with_a_wrong_office_code(netral: Callable[..., Result], layout: HomeLayout) -> None:
    result = netral("init", "--office", "34.99", "--admin", "rina")  # asks no password first
    assert result.code == 1
    assert result.out == ""
    assert result.err.startswith("Galat: Kode kantor '34.99' tidak ada dalam daftar resmi 514")
    assert not layout.root.exists()


def test_init_twice_is_refused(
    netral: Callable[..., Result], office: ServiceContext, layout: HomeLayout
) -> None:
    before = sha256_of(layout.database)
    result = netral(*INIT)
    assert result.code == 1
    assert "sudah berisi basis data kantor" in result.err
    assert sha256_of(layout.database) == before


def test_init_with_a_weak_password_writes_nothing(
    netral: Callable[..., Result],
    layout: HomeLayout,
    monkeypatch: pytest.MonkeyPatch,
    clean_keyring: KeyringSnapshot,
) -> None:
    monkeypatch.setenv("ADMIN_PW", "1234")
    result = netral(*INIT)
    assert result.code == 1
    assert "Kata sandi terlalu pendek: paling sedikit 8 karakter." in result.err
    assert not layout.root.exists()
    assert keyring_entries() == clean_keyring


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["terbang"],
        ["init", "--admin", "rina"],
        ["init", "--office", "34.02", "--admin", "rina", "--mode", "kecamatan"],
        ["user"],
        ["user", "add", "budi", "--role", "staf"],
    ],
)
def test_wrong_usage_exits_2(netral: Callable[..., Result], args: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        netral(*args)
    assert caught.value.code == 2


def test_a_missing_password_variable_is_wrong_usage(
    netral: Callable[..., Result], layout: HomeLayout
) -> None:
    result = netral("init", "--office", "34.02", "--admin", "rina", "--password-env", "TIDAK_ADA")
    assert result.code == 2
    assert "Variabel lingkungan TIDAK_ADA kosong atau tidak ada." in result.err
    assert not layout.database.exists()


def test_no_terminal_and_no_password_variable_is_wrong_usage(
    netral: Callable[..., Result], layout: HomeLayout
) -> None:
    result = netral("init", "--office", "34.02", "--admin", "rina")
    assert result.code == 2
    assert "--password-env NAMA" in result.err
    assert not layout.database.exists()


# --- the program as its own process -----------------------------------------------------------


def test_python_m_netral_desktop_exit_codes(tmp_path: Path, clean_keyring: KeyringSnapshot) -> None:
    home = tmp_path / "kantor"
    usage = subprocess_netral(home, "terbang")
    assert usage.code == 2
    assert "penggunaan: netral" in usage.err and "usage:" not in usage.err

    wrong = subprocess_netral(home, "init", "--office", "34.99", "--admin", "rina")
    assert wrong.code == 1
    assert "Galat: Kode kantor '34.99' tidak ada dalam daftar resmi" in wrong.err

    ok = subprocess_netral(home, *INIT)
    assert ok.code == 0, ok.err
    assert "Bawaslu Kabupaten Bantul (34.02)" in ok.out

    conn = sqlite3.connect(home / "netral.sqlite")
    try:
        conn.execute("UPDATE audit_log SET actor = 'penyusup' WHERE seq = 2")
        conn.commit()
    finally:
        conn.close()
    broken = subprocess_netral(home, "check")
    assert broken.code == 3
    assert "[RUSAK] Log audit: entri #2 rusak" in broken.out
    assert "Pemeriksaan gagal: Log audit." in broken.err


def test_without_a_keyring_init_fails_clearly_and_the_key_file_works(
    tmp_path: Path, clean_keyring: KeyringSnapshot
) -> None:
    home = tmp_path / "server"
    no_keyring = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    refused = subprocess_netral(home, *INIT, env=no_keyring)
    assert refused.code == 1
    assert "Galat: Keyring sistem operasi tidak tersedia" in refused.err
    assert "--key-store file --passphrase-env" in refused.err
    assert not (home / "netral.sqlite").exists()
    assert not (home / "keys.netralkey").exists()

    with_file = {**no_keyring, "KEY_PASS": "frasa-sandi-kantor"}
    ok = subprocess_netral(
        home, *INIT, "--key-store", "file", "--passphrase-env", "KEY_PASS", env=with_file
    )
    assert ok.code == 0, ok.err
    assert "Kunci data disimpan di: file" in ok.out
    assert (home / "keys.netralkey").is_file()
    check = subprocess_netral(home, "check", "--passphrase-env", "KEY_PASS", env=with_file)
    assert check.code == 0, check.err + check.out
    assert "[OK   ] Kunci data: ada di file dan cocok" in check.out
    assert keyring_entries() == clean_keyring


# --- check ------------------------------------------------------------------------------------


def _tamper(layout: HomeLayout, statement: str) -> None:
    conn = sqlite3.connect(layout.database)
    try:
        conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


def test_check_names_the_broken_entry(
    netral: Callable[..., Result], office: ServiceContext, layout: HomeLayout
) -> None:
    assert netral("check").code == 0
    _tamper(layout, "UPDATE audit_log SET new_values = '{}' WHERE seq = 2")
    result = netral("check")
    assert result.code == 3
    assert "[RUSAK] Log audit: entri #2 rusak: isi entri diubah di luar program" in result.out
    assert "[OK   ] Integritas basis data" in result.out
    assert "Pemeriksaan gagal: Log audit." in result.err


def test_check_reports_a_missing_entry(
    netral: Callable[..., Result], admin: ServiceContext, layout: HomeLayout
) -> None:
    _tamper(layout, "DELETE FROM audit_log WHERE seq = 2")
    result = netral("check")
    assert result.code == 3
    assert "entri #2 rusak: entri nomor 2 hilang (ditemukan nomor 3)" in result.out


def test_check_reports_a_missing_data_key(
    netral: Callable[..., Result], office: ServiceContext
) -> None:
    from netral_desktop.services.setup import open_key_store

    forget_secrets(open_key_store(office))
    result = netral("check")
    assert result.code == 3
    assert "[RUSAK] Kunci data: tidak ditemukan di penyimpan kunci (keyring)" in result.out


def test_check_reports_an_altered_attachment(
    netral: Callable[..., Result], admin: ServiceContext, layout: HomeLayout
) -> None:
    from netral_desktop.core.roles import Permission
    from netral_desktop.services import evidence
    from tests.pledge_samples import png_bytes

    # A recorded attachment (a file nobody recorded is an orphan, reported on its own).
    content = png_bytes()
    digest = evidence.attach(
        admin,
        "office",
        "kantor",
        content,
        original_name="foto-bukti.png",
        permission=Permission.MANAGE_SETTINGS,
    ).attachment.sha256
    stored = layout.attachments / digest[:2] / digest
    assert netral("check").code == 0
    stored.write_bytes(content + b" (disunting)")
    result = netral("check")
    assert result.code == 3
    assert "[RUSAK] Lampiran:" in result.out and digest in result.out


# --- users ------------------------------------------------------------------------------------


def test_user_add_list_role_disable(netral: Callable[..., Result], office: ServiceContext) -> None:
    added = netral(
        "user",
        "add",
        "budi",
        "--full-name",
        "Budi Santoso",
        "--role",
        "staf",
        "--new-password-env",
        "BUDI_PW",
        *AS_RINA,
    )
    assert added.code == 0, added.err
    assert added.out.strip() == "Pengguna budi (Staf) ditambahkan."

    listed = netral("user", "list", *AS_RINA)
    assert listed.code == 0
    lines = {line.split()[0]: line for line in listed.out.splitlines()}
    assert set(lines) == {"budi", "rina"}
    assert "Staf" in lines["budi"] and "aktif" in lines["budi"] and "Budi Santoso" in lines["budi"]
    assert "Administrator" in lines["rina"]

    role = netral("user", "role", "budi", "koordinator", *AS_RINA)
    assert (role.code, role.out.strip()) == (0, "Peran budi sekarang Koordinator Divisi.")

    as_budi = ("--user", "budi", "--password-env", "BUDI_PW")
    assert netral("audit", "--limit", "3", *as_budi).code == 0  # koordinator may read the log

    disabled = netral("user", "disable", "budi", *AS_RINA)
    assert (disabled.code, disabled.out.strip()) == (0, "Akun budi dinonaktifkan.")
    assert "nonaktif" in netral("user", "list", *AS_RINA).out

    refused = netral("audit", *as_budi)
    assert refused.code == 1
    assert "Akun 'budi' dinonaktifkan" in refused.err


def test_a_duplicate_user_is_refused(netral: Callable[..., Result], office: ServiceContext) -> None:
    args = ("user", "add", "Rina", "--full-name", "Rina Lain", "--role", "staf")
    result = netral(*args, "--new-password-env", "BUDI_PW", *AS_RINA)
    assert result.code == 1
    assert "Galat: Nama pengguna 'rina' sudah dipakai. Pilih nama lain." in result.err


def test_a_wrong_password_exits_1(netral: Callable[..., Result], office: ServiceContext) -> None:
    result = netral("user", "list", "--user", "rina", "--password-env", "BUDI_PW")
    assert result.code == 1
    assert result.out == ""
    assert result.err.strip() == "Galat: Nama pengguna atau kata sandi salah."


def test_staf_cannot_add_users_or_back_up(
    netral: Callable[..., Result], admin: ServiceContext, tmp_path: Path
) -> None:
    accounts.create_user(
        admin, username="budi", full_name="Budi", role="staf", password="sandi-budi-2024"
    )
    as_budi = ("--user", "budi", "--password-env", "BUDI_PW")
    new_user = ("user", "add", "siti", "--full-name", "Siti", "--role", "admin")
    added = netral(*new_user, "--new-password-env", "BUDI_PW", *as_budi)
    assert added.code == 1
    assert "Peran Staf tidak berwenang untuk tindakan ini." in added.err
    backup = netral("backup", "--to", str(tmp_path / "cadangan"), *as_budi)
    assert backup.code == 1
    assert not (tmp_path / "cadangan").exists()


def test_rina_cannot_disable_herself(netral: Callable[..., Result], office: ServiceContext) -> None:
    result = netral("user", "disable", "rina", *AS_RINA)
    assert result.code == 1
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in result.err


def test_acting_user_is_required(netral: Callable[..., Result], office: ServiceContext) -> None:
    result = netral("user", "list", "--password-env", "ADMIN_PW")
    assert result.code == 2
    assert "berikan --user NAMA" in result.err


# --- demo -------------------------------------------------------------------------------------


def test_demo_on_an_empty_home(
    netral: Callable[..., Result],
    layout: HomeLayout,
    monkeypatch: pytest.MonkeyPatch,
    clean_keyring: KeyringSnapshot,
) -> None:
    result = netral("demo")
    assert result.code == 0, result.err
    assert "Kantor demo disiapkan." in result.out
    # With a keyring running (tests/run.sh starts one), the demo keeps its keys there.
    assert "Kunci kantor disimpan di keyring sistem operasi." in result.out
    assert "Kata sandi berkas kunci" not in result.out and not layout.key_file.exists()
    assert result.out.index("LANGKAH BERIKUTNYA") < result.out.index("KATA SANDI PENGGUNA")
    users = DEMO_LINE.findall(result.out)
    assert [role for _name, role, _pw in users] == [
        "admin",
        "koordinator",
        "sekretariat",
        "staf",
        "provinsi",
    ]
    assert len({pw for _n, _r, pw in users}) == 5
    assert "pengguna: 5" in result.out

    # Every printed password works, for the printed role.
    ctx = open_context(layout)
    try:
        for name, role, password in users:
            assert accounts.authenticate(ctx, name, password).role.value == role
    finally:
        ctx.db.dispose()
    admin_name, _role, admin_password = users[0]
    monkeypatch.setenv("DEMO_PW", admin_password)
    listed = netral("user", "list", "--user", admin_name, "--password-env", "DEMO_PW")
    assert listed.code == 0
    assert len(listed.out.splitlines()) == 5

    refused = netral("demo", "--password-env", "NO_SUCH_VAR")
    assert refused.code == 2
    assert "hanya ditambahkan oleh pengguna yang masuk" in refused.err or "kosong" in refused.err

    again = netral("demo", "--user", admin_name, "--password-env", "DEMO_PW")
    assert again.code == 0, again.err
    assert "Data demo ditambahkan ke kantor yang sudah ada." in again.out
    assert DEMO_LINE.findall(again.out) == []
    assert "pengguna: 5" in again.out


def test_demo_adds_to_an_existing_office(
    netral: Callable[..., Result], office: ServiceContext
) -> None:
    # Adding to an office that exists needs a login: otherwise anyone with the data folder
    # could mint an administrator account.
    anonymous = netral("demo")
    assert anonymous.code == 2
    assert "--user" in anonymous.err
    result = netral("demo", *AS_RINA)
    assert result.code == 0, result.err
    assert "Data demo ditambahkan ke kantor yang sudah ada." in result.out
    assert "Kantor: Bawaslu Kabupaten Bantul (34.02)" in result.out
    assert len(DEMO_LINE.findall(result.out)) == 5
    assert "pengguna: 6" in result.out
    listed = netral("user", "list", *AS_RINA)
    assert "rina" in listed.out.split()


# --- backup -----------------------------------------------------------------------------------


def test_backup_writes_a_sound_database(
    netral: Callable[..., Result], office: ServiceContext, tmp_path: Path
) -> None:
    target = tmp_path / "flashdisk" / "cadangan"
    result = netral("backup", "--to", str(target), *AS_RINA)
    assert result.code == 0, result.err
    path = Path(result.out.strip())
    assert path.parent == target and path.is_file()
    # Encrypted to the office and signed: opened here with the office's keys.
    from netral_desktop.services.keys import load_office_keys
    from netral_desktop.services.setup import open_key_store
    from netral_desktop.sync.office_keys import decrypt_stream

    assert path.name.endswith(".sqlite.age") and not path.read_bytes().startswith(b"SQLite")
    keys = load_office_keys(open_key_store(office))
    assert keys is not None
    keys.public.verify_file(path, Path(f"{path}.minisig").read_text())
    plain = tmp_path / "terbuka.sqlite"
    with path.open("rb") as source, plain.open("wb") as out:
        decrypt_stream(source, out, keys.age_identity)
    conn = sqlite3.connect(plain)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT code FROM office").fetchone()[0] == "34.02"
        users = [r[0] for r in conn.execute("SELECT username FROM user_account")]
        assert users == ["rina"]
    finally:
        conn.close()


# --- databases the program must not touch -----------------------------------------------------


@pytest.mark.parametrize("command", [["check"], ["user", "list", *AS_RINA]])
def test_a_garbage_database_exits_1_and_is_unchanged(
    netral: Callable[..., Result], layout: HomeLayout, command: list[str]
) -> None:
    layout.root.mkdir(parents=True)
    garbage = b"\x00\xffbukan basis data\n" * 512
    layout.database.write_bytes(garbage)
    result = netral(*command)
    assert result.code == 1
    assert "bukan basis data Netral Desktop atau sudah rusak" in result.err
    assert "Berkas itu tidak diubah" in result.err
    assert layout.database.read_bytes() == garbage


def test_a_damaged_database_exits_1_and_is_unchanged(
    netral: Callable[..., Result], office: ServiceContext, layout: HomeLayout
) -> None:
    office.db.dispose()
    content = bytearray(layout.database.read_bytes())
    content[4096 * 2 : 4096 * 2 + 256] = os.urandom(256)
    layout.database.write_bytes(bytes(content))
    result = netral("check")
    assert result.code == 1
    assert "netral restore" in result.err
    assert layout.database.read_bytes() == bytes(content)


def test_a_newer_database_exits_1_and_is_unchanged(
    netral: Callable[..., Result], office: ServiceContext, layout: HomeLayout
) -> None:
    office.db.dispose()
    _tamper(layout, "UPDATE alembic_version SET version_num = '0999'")
    before = sha256_of(layout.database)
    result = netral("check")
    assert result.code == 1
    assert "dibuat oleh versi Netral Desktop yang lebih baru (skema 0999)" in result.err
    assert sha256_of(layout.database) == before


def test_a_home_never_set_up(netral: Callable[..., Result], layout: HomeLayout) -> None:
    result = netral("check")
    assert result.code == 1
    assert "belum disiapkan" in result.err
    assert not layout.root.exists()


def test_a_read_only_data_folder_exits_1(
    netral: Callable[..., Result],
    office: ServiceContext,
    layout: HomeLayout,
    make_read_only: Callable[[Path], None],
) -> None:
    office.db.dispose()
    before = sha256_of(layout.database)
    make_read_only(layout.root)
    result = netral("user", "list", *AS_RINA)
    assert result.code == 1
    assert "tidak dapat ditulis" in result.err
    assert sha256_of(layout.database) == before


def test_init_into_a_read_only_folder_exits_1(
    netral: Callable[..., Result],
    layout: HomeLayout,
    make_read_only: Callable[[Path], None],
    clean_keyring: KeyringSnapshot,
) -> None:
    layout.root.mkdir(parents=True)
    make_read_only(layout.root)
    result = netral(*INIT)
    assert result.code == 1
    assert f"Folder data {layout.root} tidak dapat ditulis" in result.err
    assert list(layout.root.iterdir()) == []
    assert keyring_entries() == clean_keyring


def test_version(netral: Callable[..., Result]) -> None:
    from netral_desktop import __version__

    result = netral("version")
    assert (result.code, result.out.strip()) == (0, f"Netral Desktop {__version__}")


def test_demo_roster_is_added_only_by_a_role_that_may_write_it(
    netral: Callable[..., Result], admin: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a staff login could fill an empty roster with demo people."""
    from netral_desktop.services import roster

    accounts.create_user(
        admin, username="budi", full_name="Budi", role="staf", password="sandi-budi-1"
    )
    monkeypatch.setenv("BUDI_PW", "sandi-budi-1")
    result = netral("demo", "--user", "budi", "--password-env", "BUDI_PW")
    assert result.code == 0, result.err
    assert roster.count(admin) == 0


def test_office_sets_the_letterheads_website(
    netral: Callable[..., Result], office: ServiceContext
) -> None:
    from netral_desktop.services.context import current_office

    result = netral("office", "--website", "bantul.bawaslu.go.id", *AS_RINA)
    assert result.code == 0, result.err
    assert current_office(office).website == "bantul.bawaslu.go.id"

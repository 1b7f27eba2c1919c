"""An office on a PostgreSQL server: ``netral init --db``, check, backup, and the refusals."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from netral_desktop.config import HomeLayout
from tests.cli.conftest import Result
from tests.conftest import ADMIN_PASSWORD, PgServer

KeyringSnapshot = set[tuple[str, str]]


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, real_keyring: None) -> None:
    for name in ("NETRAL_HOME", "NETRAL_LANG", "NETRAL_DB_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ADMIN_PW", ADMIN_PASSWORD)
    monkeypatch.setenv("DB_PW", "rahasia-server-1")


@pytest.fixture
def empty_database(pg_server: PgServer) -> Iterator[str]:
    """A new, empty database on the throw-away server (as a server's keeper would make one)."""
    url = pg_server.fresh_database(migrated=False)
    yield url
    pg_server.drop(url)


INIT = ("init", "--office", "34.02", "--admin", "rina", "--password-env", "ADMIN_PW")
AS_RINA = ("--user", "rina", "--password-env", "ADMIN_PW")


def test_init_on_postgresql_then_check_and_back_up(
    netral: Callable[..., Result],
    layout: HomeLayout,
    empty_database: str,
    clean_keyring: KeyringSnapshot,
    tmp_path: Path,
) -> None:
    result = netral(*INIT, "--db", empty_database, "--db-password-env", "DB_PW")
    assert result.code == 0, result.err
    assert "Kantor: Bawaslu Kabupaten Bantul (34.02), mode district" in result.out

    # The data folder keeps the server's address, private to the user, never the password.
    config = json.loads(layout.database_config.read_text(encoding="utf-8"))
    assert config["url"] == empty_database
    assert "rahasia-server-1" not in layout.database_config.read_text(encoding="utf-8")
    assert stat.S_IMODE(layout.database_config.stat().st_mode) == 0o600
    assert not layout.database.exists()  # no SQLite file beside it
    assert layout.attachments.is_dir()

    check = netral("check")
    assert check.code == 0, check.out + check.err
    assert "[OK   ] Integritas basis data: PostgreSQL amcheck: ok" in check.out
    assert "rantai hash utuh" in check.out

    with create_engine(empty_database).connect() as conn:
        offices = conn.execute(text("SELECT code, name FROM office")).all()
    assert offices == [("34.02", "Bawaslu Kabupaten Bantul")]

    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    backup = netral("backup", "--to", str(tmp_path / "cadangan"), *AS_RINA)
    assert backup.code == 0, backup.err
    sealed = Path(backup.out.strip())
    assert sealed.name.endswith(".pgdump.age") and sealed.is_file()
    assert stat.S_IMODE(sealed.stat().st_mode) == 0o600
    # Encrypted to the office: the office's keys open it, then pg_restore reads it.
    from netral_desktop.services.context import open_context
    from netral_desktop.services.keys import load_office_keys
    from netral_desktop.services.setup import open_key_store
    from netral_desktop.sync.office_keys import decrypt_stream

    ctx = open_context(layout)
    keys = load_office_keys(open_key_store(ctx))
    ctx.db.dispose()
    assert keys is not None
    keys.public.verify_file(sealed, Path(f"{sealed}.minisig").read_text())
    dump = tmp_path / "terbuka.pgdump"
    with sealed.open("rb") as source, dump.open("wb") as out:
        decrypt_stream(source, out, keys.age_identity)
    listing = subprocess.run(
        ["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True
    ).stdout
    assert "TABLE public audit_log" in listing and "TABLE public person" in listing

    refused = netral("restore", str(sealed), *AS_RINA)
    assert refused.code == 1
    assert "pg_restore" in refused.err


def test_a_password_in_the_address_is_refused_and_nothing_is_written(
    netral: Callable[..., Result], layout: HomeLayout, empty_database: str
) -> None:
    with_password = empty_database.replace("postgres@", "postgres:rahasia@")
    result = netral(*INIT, "--db", with_password)
    assert result.code == 1
    assert "--db-password-env" in result.err
    assert "rahasia" not in result.err + result.out
    assert not layout.database_config.exists()


def test_another_programs_database_is_refused_and_left_alone(
    netral: Callable[..., Result], layout: HomeLayout, empty_database: str
) -> None:
    engine = create_engine(empty_database)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE kontak (nama TEXT)"))
        conn.execute(text("INSERT INTO kontak VALUES ('Ani')"))
    result = netral(*INIT, "--db", empty_database)
    assert result.code == 1
    assert "basis data program lain" in result.err
    with engine.connect() as conn:
        assert conn.execute(text("SELECT nama FROM kontak")).scalars().all() == ["Ani"]
    engine.dispose()
    assert not layout.database_config.exists()


def test_an_unreachable_server_gets_a_message_that_says_what_to_check(
    netral: Callable[..., Result], layout: HomeLayout
) -> None:
    result = netral(*INIT, "--db", "postgresql+psycopg://netral@127.0.0.1:9/netral")
    assert result.code == 1
    assert "tidak dapat dihubungi" in result.err
    assert not layout.database_config.exists()


def test_an_unsupported_engine_is_refused(
    netral: Callable[..., Result], layout: HomeLayout
) -> None:
    result = netral(*INIT, "--db", "mysql://root@localhost/netral")
    assert result.code == 1
    assert "tidak didukung" in result.err

"""Shared fixtures: a fresh data folder per test, and the real OS keyring (Secret Service)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import FixedClock
from netral_desktop.i18n import set_language
from netral_desktop.services.context import ServiceContext

ADMIN_PASSWORD = "rahasia-admin-1"


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    set_language("id")
    yield
    set_language("id")


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing() -> Iterator[None]:
    """Argon2 at a low cost inside the test process, so lock-out tests stay fast.

    The production cost is checked by tests/services/test_accounts.py; command-line tests
    run in subprocesses use it for real.
    """
    from argon2 import PasswordHasher

    from netral_desktop.services import accounts

    quick = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    dummy = quick.hash("tidak ada pengguna ini")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "_hasher", lambda: quick)
        patch.setattr(accounts, "_dummy_hash", lambda: dummy)
        yield


@pytest.fixture(scope="session")
def real_keyring() -> None:
    """The OS keyring must be real in CI (tests/run.sh starts gnome-keyring on D-Bus)."""
    from netral_desktop.store.keystore import keyring_available

    available, backend = keyring_available()
    if not available:
        if os.environ.get("NETRAL_TEST_KEYRING") or os.environ.get("CI"):
            pytest.fail(f"no usable OS keyring ({backend}); run the tests with tests/run.sh")
        pytest.skip(f"no usable OS keyring ({backend}); run the tests with tests/run.sh")


@pytest.fixture
def layout(tmp_path: Path) -> HomeLayout:
    return HomeLayout(tmp_path / "home")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2024, 5, 14, 2, 0, tzinfo=UTC))


@pytest.fixture
def office(layout: HomeLayout, clock: FixedClock, real_keyring: None) -> Iterator[ServiceContext]:
    """An initialised district office (Bantul) with administrator 'rina', not logged in."""
    from netral_desktop.services.setup import DATA_KEY, init_office, open_key_store

    ctx = init_office(
        layout,
        office_code="34.02",
        name="Bawaslu Kabupaten Bantul",
        admin_username="rina",
        admin_password=ADMIN_PASSWORD,
        admin_full_name="Rina Kartikasari",
        clock=clock,
    )
    yield ctx
    open_key_store(ctx).delete(DATA_KEY)
    ctx.db.dispose()


@pytest.fixture
def admin(office: ServiceContext) -> ServiceContext:
    """The office, acting as its administrator."""
    from netral_desktop.services.accounts import authenticate

    return office.as_actor(authenticate(office, "rina", ADMIN_PASSWORD))


# --- helpers shared by several test files -----------------------------------------------------

KEYRING_PREFIX = "netral-desktop/"


def keyring_entries() -> set[tuple[str, str]]:
    """Every (service, name) this program keeps in the real Secret Service keyring."""
    secretstorage = pytest.importorskip("secretstorage")
    connection = secretstorage.dbus_init()
    try:
        found = set()
        for collection in secretstorage.get_all_collections(connection):
            for item in collection.get_all_items():
                attributes = item.get_attributes()
                service = attributes.get("service", "")
                if service.startswith(KEYRING_PREFIX):
                    found.add((service, attributes.get("username", "")))
        return found
    finally:
        connection.close()


@pytest.fixture
def clean_keyring(real_keyring: None) -> Iterator[set[tuple[str, str]]]:
    """The keyring entries present before the test; entries the test adds are removed after."""
    import keyring

    before = keyring_entries()
    yield before
    for service, name in keyring_entries() - before:
        keyring.delete_password(service, name)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """This process sees no usable OS keyring (keyring's 'fail' backend), as on a bare server."""
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def sha256_of(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def make_read_only() -> Iterator[Callable[[Path], None]]:
    """Makes a folder read-only, even for root (chattr +i there); undone after the test."""
    import shutil
    import subprocess

    as_root = getattr(os, "geteuid", lambda: -1)() == 0
    chattr = shutil.which("chattr")
    frozen: list[Path] = []

    def freeze(folder: Path) -> None:
        if not as_root:
            folder.chmod(0o555)
        elif chattr is None:
            pytest.skip("chattr is not installed: cannot make a folder read-only for root")
        else:
            done = subprocess.run([chattr, "+i", str(folder)], capture_output=True, text=True)
            if done.returncode != 0:
                pytest.skip(f"chattr +i is not supported here: {done.stderr.strip()}")
        frozen.append(folder)

    yield freeze
    for folder in frozen:
        if as_root:
            subprocess.run([chattr or "chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)

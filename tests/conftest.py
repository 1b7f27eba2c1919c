"""Shared fixtures: a fresh data folder per test, and the real OS keyring (Secret Service)."""

from __future__ import annotations

import os
from collections.abc import Iterator
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

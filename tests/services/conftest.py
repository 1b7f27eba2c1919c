"""People acting on the roster: the secretariat (writes) and field staff (read only)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import FixedClock
from netral_desktop.services.context import ServiceContext
from tests.conftest import forget_secrets

PASSWORDS = {"sari": "rahasia-sari-1", "dodi": "rahasia-dodi-1"}


def _user(admin: ServiceContext, username: str, role: str) -> ServiceContext:
    from netral_desktop.services.accounts import authenticate, create_user

    create_user(
        admin,
        username=username,
        full_name=username.title(),
        role=role,
        password=PASSWORDS[username],
    )
    return admin.as_actor(authenticate(admin, username, PASSWORDS[username]))


@pytest.fixture
def sekretariat(admin: ServiceContext) -> ServiceContext:
    return _user(admin, "sari", "sekretariat")


@pytest.fixture
def staf(admin: ServiceContext) -> ServiceContext:
    return _user(admin, "dodi", "staf")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_sekretariat(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, real_keyring: None
) -> Iterator[ServiceContext]:
    """One office for a whole module of tests that only read (setting up costs a second),
    once on each engine (PostgreSQL: a fresh database on the test server, dropped after)."""
    from netral_desktop.services.accounts import authenticate
    from netral_desktop.services.setup import init_office, open_key_store

    server, url = None, None
    if request.param == "postgresql":
        server = request.getfixturevalue("pg_server")
        url = server.fresh_database()
    ctx = init_office(
        HomeLayout(tmp_path_factory.mktemp("shared") / "home"),
        office_code="34.02",
        name="Bawaslu Kabupaten Bantul",
        admin_username="rina",
        admin_password="rahasia-admin-1",
        clock=FixedClock(datetime(2024, 5, 14, 2, 0, tzinfo=UTC)),
        database_url=url,
    )
    admin = ctx.as_actor(authenticate(ctx, "rina", "rahasia-admin-1"))
    yield _user(admin, "sari", "sekretariat")
    forget_secrets(open_key_store(ctx))
    ctx.db.dispose()
    if server is not None and url is not None:
        server.drop(url)


@pytest.fixture
def pledge_setup(sekretariat: ServiceContext) -> tuple[ServiceContext, dict[str, str], str]:
    """The secretariat, the small roster of tests/pledge_samples.py, and an event with both
    agencies invited."""
    from netral_desktop.services import pledge
    from tests.pledge_samples import build_roster, new_event

    ids = build_roster(sekretariat)
    event_id = new_event(sekretariat)
    pledge.invite(
        sekretariat, event_id, pledge.InviteCriteria(agency_ids=(ids["dinkes"], ids["sewon"]))
    )
    return sekretariat, ids, event_id


@pytest.fixture
def province(
    tmp_path: Path, request: pytest.FixtureRequest, db_engine: str
) -> Iterator[ServiceContext]:
    """A province office (DI Yogyakarta) on the test's engine, beside the district ``admin``."""
    from tests.services.sync_helpers import new_office

    yield from new_office(
        tmp_path / "provinsi",
        request,
        db_engine,
        code="34",
        name="Bawaslu Provinsi DI Yogyakarta",
        mode="province",
    )

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

# Under pytest-xdist, tests/run.sh gives each worker its own D-Bus session and keyring daemon
# (NETRAL_TEST_BUS_<n>): tests that count or clean the keyring's entries see only their own.
# Set before any test connects; command-line tests' subprocesses inherit it.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _worker.startswith("gw") and os.environ.get(f"NETRAL_TEST_BUS_{_worker[2:]}"):
    os.environ["DBUS_SESSION_BUS_ADDRESS"] = os.environ[f"NETRAL_TEST_BUS_{_worker[2:]}"]

ADMIN_PASSWORD = "rahasia-admin-1"

# The admin URL of a throw-away PostgreSQL server (tests/run.sh starts one and sets this). The
# store and services tests run once per engine; with no server they skip the PostgreSQL run,
# except in CI, where a missing server fails the suite.
PG_URL_ENV = "NETRAL_TEST_PG_URL"
SQLITE, POSTGRESQL = "sqlite", "postgresql"
# Tests under these folders (and top-level service tests) run on both engines.
BOTH_ENGINES = ("tests/store/", "tests/services/", "tests/demo/", "tests/test_documents_service")


def _runs_on_both_engines(path: Path) -> bool:
    text = path.as_posix()
    return any(f"/{part}" in text for part in BOTH_ENGINES) or "/tests/test_pledge" in text


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``db_engine``: sqlite and postgresql for store and services tests, sqlite elsewhere."""
    if "db_engine" not in metafunc.fixturenames:
        return
    engines = [SQLITE]
    definition = metafunc.definition
    if _runs_on_both_engines(definition.path) and not definition.get_closest_marker("sqlite_only"):
        engines.append(POSTGRESQL)
    metafunc.parametrize("db_engine", engines, indirect=True)


@pytest.fixture
def db_engine(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", SQLITE))


class PgServer:
    """Fresh databases on the throw-away server, each a copy of one migrated template."""

    def __init__(self, admin_url: str) -> None:
        from sqlalchemy import create_engine, make_url

        self.admin_url = make_url(admin_url)
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        self.template = f"netral_tpl_{os.getpid()}"
        self._created: list[str] = []
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}"')
        from netral_desktop.store.db import Database, make_engine, run_migrations

        template = Database(make_engine(self.url_of(self.template)))
        try:
            run_migrations(template)
        finally:
            template.dispose()

    def _execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def url_of(self, name: str) -> str:
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def fresh_database(self, *, migrated: bool = True) -> str:
        """The URL of a new, empty (or migrated, from the template) database."""
        import uuid

        name = f"netral_t_{uuid.uuid4().hex[:12]}"
        template = f' TEMPLATE "{self.template}"' if migrated else ""
        self._execute(f'CREATE DATABASE "{name}"{template}')
        self._created.append(name)
        return self.url_of(name)

    def drop(self, url: str) -> None:
        from sqlalchemy import make_url

        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self._created:
            self._created.remove(name)

    def close(self) -> None:
        for name in [*self._created, self.template]:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    url = os.environ.get(PG_URL_ENV)
    if not url:
        if os.environ.get("CI") or os.environ.get("NETRAL_TEST_KEYRING"):
            pytest.fail(f"{PG_URL_ENV} is not set: tests/run.sh starts a PostgreSQL server")
        pytest.skip(f"no PostgreSQL test server ({PG_URL_ENV} unset); run tests/run.sh")
    server = PgServer(url)
    yield server
    server.close()


@pytest.fixture
def database_url(db_engine: str, request: pytest.FixtureRequest) -> Iterator[str | None]:
    """None for the embedded SQLite file; else the URL of a fresh, migrated PostgreSQL
    database, dropped after the test."""
    if db_engine == SQLITE:
        yield None
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.fresh_database()
    yield url
    server.drop(url)


def key_store_for(request: pytest.FixtureRequest) -> str:
    """The OS keyring for tests that test it (marked ``keyring``) and for command-line tests
    (the command runs in another process), else an in-memory store."""
    from netral_desktop.store import keystore

    path = request.node.path.as_posix()
    if request.node.get_closest_marker("keyring") or "/tests/cli/" in path or "_cli" in path:
        request.getfixturevalue("real_keyring")
        return keystore.KEYRING
    return keystore.MEMORY


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
def office(
    layout: HomeLayout,
    clock: FixedClock,
    database_url: str | None,
    request: pytest.FixtureRequest,
) -> Iterator[ServiceContext]:
    """An initialised district office (Bantul) with administrator 'rina', not logged in: on
    the test's engine, with its data key in memory unless the test is marked ``keyring``."""
    from netral_desktop.services.integrity import AUDIT_HEAD
    from netral_desktop.services.setup import init_office, open_key_store

    ctx = init_office(
        layout,
        office_code="34.02",
        name="Bawaslu Kabupaten Bantul",
        admin_username="rina",
        admin_password=ADMIN_PASSWORD,
        admin_full_name="Rina Kartikasari",
        clock=clock,
        key_store=key_store_for(request),
        database_url=database_url,
    )
    yield ctx
    ctx.db.dispose()  # writes the last anchor before its entry goes
    forget_secrets(open_key_store(ctx))
    open_key_store(ctx).delete(AUDIT_HEAD)


@pytest.fixture
def admin(office: ServiceContext) -> ServiceContext:
    """The office, acting as its administrator."""
    from netral_desktop.services.accounts import authenticate

    return office.as_actor(authenticate(office, "rina", ADMIN_PASSWORD))


# --- helpers shared by several test files -----------------------------------------------------


def forget_secrets(store: object) -> None:
    """Remove every secret of an installation from its key store (the keyring stays clean)."""
    from netral_desktop.store import keystore

    for name in keystore.INSTALLATION_SECRETS:
        store.delete(name)  # type: ignore[attr-defined]


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

    from netral_desktop.services.integrity import flush_anchors

    before = keyring_entries()
    yield before
    flush_anchors()  # no audit anchor is written after the entries are removed
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


def behind_the_program(
    ctx: ServiceContext, *statements: str | tuple[str, tuple[object, ...]]
) -> None:
    """Change the database behind the program's back, on a raw driver connection, as someone
    with sqlite3 or psql would. Statements use ``?`` placeholders on either engine."""
    raw = ctx.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for item in statements:
            statement, params = (item, ()) if isinstance(item, str) else item
            if ctx.db.is_postgresql:
                statement = statement.replace("?", "%s")
            cursor.execute(statement, params)
        raw.commit()
    finally:
        raw.close()


def ready_for_letters(ctx: ServiceContext) -> None:
    """What an office sets before it issues numbered letters: this computer's device code and
    the office's issuer code (services/numbering.py)."""
    from netral_desktop.services import numbering
    from netral_desktop.services.office import update_office

    numbering.set_device_code(ctx, "A")
    update_office(ctx, letter_issuer="K.DI-02")

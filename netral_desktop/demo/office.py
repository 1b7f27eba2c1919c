"""``netral demo``: a demo office with one user of each role and realistic data to look at.

Each feature adds its own demo data (``demo.roster``, ``demo.pledges``), sized by
``scale``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import Clock
from netral_desktop.core.errors import UsageError
from netral_desktop.core.roles import Permission, Role, has_permission
from netral_desktop.demo.roster import add_demo_roster
from netral_desktop.i18n import _
from netral_desktop.services import accounts, office
from netral_desktop.services.context import SYSTEM, ServiceContext
from netral_desktop.services.setup import init_office
from netral_desktop.store import accounts as accounts_store
from netral_desktop.store import keystore
from netral_desktop.store import office as office_store

DEMO_OFFICE = "34.02"

DEMO_USERS = [
    ("admin", "Rina Kartikasari, S.Kom.", Role.ADMIN),
    ("koordinator", "Drs. H. Bambang Sutrisno, M.Si.", Role.KOORDINATOR),
    ("sekretariat", "Dewi Anggraini, S.E.", Role.SEKRETARIAT),
    ("staf", "Muhammad Rizky Pratama, S.H.", Role.STAF),
    ("provinsi", "Ir. Yohanes Bria Seran", Role.PROVINSI),
]


@dataclass
class DemoResult:
    ctx: ServiceContext
    created_office: bool
    users: list[tuple[str, str, str]] = field(default_factory=list)  # username, role, password
    counts: dict[str, int] = field(default_factory=dict)


def _password() -> str:
    # Readable but not guessable: three groups a person can type from a printout.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(3))


def key_file_passphrase() -> str:
    """A passphrase for a demo office's key file (printed with the demo users)."""
    return "-".join(_password() for _ in range(2))


def create_demo(
    layout: HomeLayout,
    *,
    scale: str = "small",
    clock: Clock | None = None,
    key_store: str = keystore.KEYRING,
    passphrase: str | None = None,
    ctx: ServiceContext | None = None,
    database_url: str | None = None,
    announce: Callable[[str, str, str], object] | None = None,
) -> DemoResult:
    """Set up (or add to) a demo office. Passwords are printed once by the caller.

    On a data folder already set up, demo data is added only by a logged-in user (``ctx``),
    within that user's role: only an administrator adds the demo accounts.

    Killed at any point, a second run finishes the job: each step (an account, the roster, the
    ceremonies, each scan) is one transaction and is skipped when already done, and the scans
    still owed are named in the ceremonies' own audit entry (demo.pledges). No account exists
    whose password was not shown: ``announce(username, role, password)`` (the command line
    prints and flushes) runs *before* the account is committed; killed between the two, the
    password shown belongs to no account and the next run makes the account with a new one.
    """
    created = not layout.has_database()
    users: list[tuple[str, str, str]] = []

    def new_user(username: str, role: str, password: str) -> None:
        users.append((username, role, password))
        if announce is not None:
            announce(username, role, password)

    if created:
        admin_username, admin_name, _role = DEMO_USERS[0]
        admin_password = _password()
        new_user(admin_username, Role.ADMIN.value, admin_password)
        ctx = init_office(
            layout,
            office_code=DEMO_OFFICE,
            name="Bawaslu Kabupaten Bantul",
            admin_username=admin_username,
            admin_password=admin_password,
            admin_full_name=admin_name,
            key_store=key_store,
            passphrase=passphrase,
            clock=clock,
            database_url=database_url,
        )
        ctx = ctx.as_actor(SYSTEM)
        office.update_office(
            ctx,
            address="Jl. Jenderal Sudirman No. 12, Bantul, Daerah Istimewa Yogyakarta 55711",
            phone="(0274) 367 123",
            email="set.bantul@bawaslu.go.id",
            head_name="Dr. H. Ahmad Fauzi, S.H., M.Si.",
            secretary_name="Dewi Anggraini, S.E.",
            secretary_nip="198005172005012003",
            # Unconfirmed for a kabupaten office (domain.md): the office sets its own.
            letter_issuer="K.DI-02",
            website="bantul.bawaslu.go.id",
        )
        from netral_desktop.services import numbering

        numbering.set_device_code(ctx, "A")  # the demo's one computer
    else:
        if ctx is None or ctx.actor is None:
            raise UsageError(
                _(
                    "Folder data ini sudah berisi kantor: data demo hanya ditambahkan oleh "
                    "pengguna yang masuk. Berikan --user NAMA --password-env NAMA_VARIABEL."
                )
            )
    with ctx.db.read_session() as session:
        existing = {user.username for user in accounts_store.all_users(session)}
    may_add_users = ctx.actor is not None and has_permission(
        ctx.actor.role, Permission.MANAGE_ACCOUNTS
    )
    for username, full_name, role in DEMO_USERS if may_add_users else []:
        if username in existing or any(u[0] == username for u in users):
            continue
        password = _password()
        new_user(username, role.value, password)
        accounts.create_user(
            ctx, username=username, full_name=full_name, role=role.value, password=password
        )
    if ctx.actor is not None and has_permission(ctx.actor.role, Permission.ROSTER_WRITE):
        add_demo_roster(ctx, scale)
    from netral_desktop.demo.pledges import add_demo_pledges

    add_demo_pledges(ctx, scale)
    from netral_desktop.demo.sosialisasi import add_demo_sosialisasi

    add_demo_sosialisasi(ctx, scale)
    from netral_desktop.demo.cases import add_demo_cases

    add_demo_cases(ctx, scale)
    with ctx.db.read_session() as session:
        in_tables = office_store.table_counts(session)
    counts = {
        name: in_tables.get(table, 0)
        for name, table in (
            ("pengguna", "user_account"),
            ("instansi", "agency"),
            ("pegawai", "person"),
            ("acara ikrar", "pledge_event"),
            ("undangan ikrar", "invitee"),
            ("catatan kehadiran", "attendance"),
            ("kegiatan sosialisasi", "sosialisasi"),
            ("perkara", "case_file"),
        )
    }
    # Socialization events are pledge_event rows of their own kind: not pledge ceremonies.
    counts["acara ikrar"] -= counts["kegiatan sosialisasi"]
    return DemoResult(ctx=ctx, created_office=created, users=users, counts=counts)

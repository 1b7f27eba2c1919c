"""What every service receives explicitly: the database, the clock, the acting user."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import Clock, HybridLogicalClock, SystemClock, iso_utc
from netral_desktop.core.errors import NotInitialisedError, PermissionDenied
from netral_desktop.core.roles import Permission, Role, has_permission, role_label
from netral_desktop.i18n import _
from netral_desktop.store.db import Database, open_database
from netral_desktop.store.models import LocalMeta, Office, SyncedRow


@dataclass(frozen=True)
class Actor:
    """The user a service acts for (recorded in the audit log and checked against roles)."""

    user_id: str
    username: str
    role: Role
    full_name: str = ""


SYSTEM = Actor("system", "system", Role.ADMIN, "Sistem")


@dataclass
class ServiceContext:
    db: Database
    clock: Clock
    hlc: HybridLogicalClock
    origin: str
    actor: Actor | None = None
    layout: HomeLayout | None = None
    meta: dict[str, str] = field(default_factory=dict)

    def as_actor(self, actor: Actor) -> ServiceContext:
        return replace(self, actor=actor)

    def require(self, permission: Permission) -> Actor:
        """The acting user, if their role allows ``permission``; else PermissionDenied."""
        if self.actor is None:
            raise PermissionDenied(_("Masuk (login) dahulu untuk melakukan ini."))
        if not has_permission(self.actor.role, permission):
            raise PermissionDenied(
                _("Peran {role} tidak berwenang untuk tindakan ini.").format(
                    role=role_label(self.actor.role)
                )
            )
        return self.actor

    def now_iso(self) -> str:
        return iso_utc(self.clock.now())

    def stamp_new(self, row: SyncedRow, *, created_id: str) -> None:
        """Fill the sync columns of a row about to be inserted."""
        row.id = created_id
        row.origin = self.origin
        row.created_at = self.now_iso()
        row.updated_at = self.hlc.stamp()
        row.updated_by = self.actor.username if self.actor else "system"
        row.revision = 1
        row.deleted = False

    def stamp_update(self, row: SyncedRow) -> None:
        row.updated_at = self.hlc.stamp()
        row.updated_by = self.actor.username if self.actor else "system"
        row.revision += 1

    def record_update(
        self,
        session: Session,
        row: SyncedRow,
        *,
        action: str,
        old: dict[str, Any] | None = None,
        new: dict[str, Any] | None = None,
        note: str = "",
        at: str | None = None,
    ) -> None:
        """Save a change to a synced row inside the caller's write transaction: new revision
        and clock stamp, and the audit entry (who, what, old and new values)."""
        from netral_desktop.services import audit

        self.stamp_update(row)
        session.add(row)
        audit.record(
            session,
            at=at or self.now_iso(),
            actor=self.actor.username if self.actor else "system",
            action=action,
            table_name=str(row.__tablename__),
            record_id=row.id,
            old=old,
            new=new,
            note=note,
        )


def read_meta(session: Session) -> dict[str, str]:
    return {m.key: m.value for m in session.exec(select(LocalMeta)).scalars()}


def latest_stamp(session: Session) -> str | None:
    """The newest hybrid-clock stamp on disk across every synced table."""
    latest: str | None = None
    from sqlmodel import SQLModel

    for table in SQLModel.metadata.sorted_tables:
        if "updated_at" in table.c and "origin" in table.c:
            value = session.execute(select(func.max(table.c.updated_at))).scalar()
            if value and (latest is None or value > latest):
                latest = value
    return latest


def open_context(
    layout: HomeLayout, *, clock: Clock | None = None, database: Database | None = None
) -> ServiceContext:
    """Open an initialised data folder for use (no user logged in yet)."""
    clock = clock or SystemClock()
    db = database or open_database(layout)
    with db.read_session() as session:
        meta = read_meta(session)
        office = session.exec(select(Office)).scalars().first()
        last = latest_stamp(session)
    if office is None:
        raise NotInitialisedError(
            _("Folder data {path} belum disiapkan. Jalankan 'netral init' lebih dahulu.").format(
                path=layout.root
            )
        )
    return ServiceContext(
        db=db,
        clock=clock,
        hlc=HybridLogicalClock(clock, last),
        origin=f"{office.code}/{meta.get('device_id', '')}",
        layout=layout,
        meta=meta,
    )


def current_office(ctx: ServiceContext) -> Office:
    with ctx.db.read_session() as session:
        office = session.exec(select(Office).where(Office.deleted == False)).scalars().first()  # noqa: E712
    if office is None:
        raise NotInitialisedError(_("Kantor belum disiapkan."))
    return office

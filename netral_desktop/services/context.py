"""What every service receives explicitly: the database, the clock, the acting user."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import Clock, HybridLogicalClock, SystemClock, iso_utc
from netral_desktop.core.errors import NotInitialisedError, PermissionDenied
from netral_desktop.core.roles import Permission, Role, has_permission, role_label
from netral_desktop.i18n import _
from netral_desktop.store import office as office_store
from netral_desktop.store import synced
from netral_desktop.store.db import Database, Session, open_database
from netral_desktop.store.models import SyncedRow
from netral_desktop.store.office import OfficeRecord as OfficeRecord  # the window names it
from netral_desktop.store.synced import Row, WriteStamp


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

    def write_stamp(self, *, at: str | None = None) -> WriteStamp:
        """Who, where and when of a write about to be made (one hybrid-clock tick)."""
        return WriteStamp(
            origin=self.origin,
            actor=self.actor.username if self.actor else "system",
            at=at or self.now_iso(),
            clock=self.hlc.stamp(),
        )

    def insert_synced(
        self,
        session: Session,
        row: Row,
        *,
        action: str = "create",
        new: dict[str, Any] | None = None,
        note: str = "",
        row_id: str | None = None,
    ) -> Row:
        """Insert a new synced row inside the caller's write transaction: stamped (id, origin,
        times, revision, tombstone) and audited, through the store's one primitive."""
        return synced.insert_row(
            session, row, self.write_stamp(), action=action, new=new, note=note, row_id=row_id
        )

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
        tombstone: bool = False,
    ) -> None:
        """Save a change to a synced row inside the caller's write transaction: new revision
        and clock stamp, and the audit entry (who, what, old and new values)."""
        synced.update_row(
            session,
            row,
            self.write_stamp(),
            action=action,
            old=old,
            new=new,
            note=note,
            at=at,
            tombstone=tombstone,
        )


def open_context(
    layout: HomeLayout, *, clock: Clock | None = None, database: Database | None = None
) -> ServiceContext:
    """Open an initialised data folder for use (no user logged in yet)."""
    clock = clock or SystemClock()
    db = database or open_database(layout)
    with db.read_session() as session:
        meta = office_store.meta(session)
        office = office_store.first_office(session)
        last = office_store.latest_stamp(session)
    if office is None:
        raise NotInitialisedError(
            _("Folder data {path} belum disiapkan. Jalankan 'netral init' lebih dahulu.").format(
                path=layout.root
            )
        )
    if db.chain_seal is None:
        from netral_desktop.services import integrity

        # The audit key (and, for an office set up before it, the keying of its chain).
        integrity.attach(db, layout, meta, office.code)
    return ServiceContext(
        db=db,
        clock=clock,
        hlc=HybridLogicalClock(clock, last),
        origin=f"{office.code}/{meta.get('device_id', '')}",
        layout=layout,
        meta=meta,
    )


def current_office(ctx: ServiceContext) -> OfficeRecord:
    with ctx.db.read_session() as session:
        office = office_store.live_office(session)
        if office is None:
            raise NotInitialisedError(_("Kantor belum disiapkan."))
        return OfficeRecord.of(office)

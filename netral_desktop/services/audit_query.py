"""Reading the audit log (for the window's log page and ``netral audit``)."""

from __future__ import annotations

from netral_desktop.core.roles import Permission
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import audit as audit_store
from netral_desktop.store.audit import AuditRow
from netral_desktop.store.db import Database

__all__ = ["AuditRow", "count", "page", "recent_entries"]


def recent_entries(db: Database, *, limit: int = 50) -> list[AuditRow]:
    with db.read_session() as session:
        return audit_store.recent(session, limit=limit)


def page(
    ctx: ServiceContext, *, offset: int, limit: int, text: str = "", newest_first: bool = True
) -> list[AuditRow]:
    """One page of the log, newest first, filtered by a substring of actor/action/table/id."""
    ctx.require(Permission.VIEW_AUDIT)
    with ctx.db.read_session() as session:
        return audit_store.search(
            session, text=text, offset=offset, limit=limit, newest_first=newest_first
        )


def count(ctx: ServiceContext, *, text: str = "") -> int:
    ctx.require(Permission.VIEW_AUDIT)
    with ctx.db.read_session() as session:
        return audit_store.count(session, text=text)

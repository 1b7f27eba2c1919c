"""Reading the audit log (for the window's log page and ``netral audit``)."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.sql import Select

from netral_desktop.core.roles import Permission
from netral_desktop.services.context import ServiceContext
from netral_desktop.store.db import Database
from netral_desktop.store.models import AuditEntry


def recent_entries(db: Database, *, limit: int = 50) -> list[AuditEntry]:
    with db.read_session() as session:
        rows = session.exec(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit))
        return list(rows.scalars())


def _filtered(statement: Select, text: str) -> Select:  # type: ignore[type-arg]
    text = text.strip()
    if not text:
        return statement
    pattern = f"%{text}%"
    return statement.where(
        or_(
            AuditEntry.actor.like(pattern),
            AuditEntry.action.like(pattern),
            AuditEntry.table_name.like(pattern),
            AuditEntry.record_id.like(pattern),
            AuditEntry.note.like(pattern),
        )
    )


def page(
    ctx: ServiceContext, *, offset: int, limit: int, text: str = "", newest_first: bool = True
) -> list[AuditEntry]:
    """One page of the log, newest first, filtered by a substring of actor/action/table/id."""
    ctx.require(Permission.VIEW_AUDIT)
    order = AuditEntry.seq.desc() if newest_first else AuditEntry.seq.asc()
    statement = _filtered(select(AuditEntry), text).order_by(order).offset(offset).limit(limit)
    with ctx.db.read_session() as session:
        return list(session.exec(statement).scalars())


def count(ctx: ServiceContext, *, text: str = "") -> int:
    ctx.require(Permission.VIEW_AUDIT)
    statement = _filtered(select(func.count()).select_from(AuditEntry), text)
    with ctx.db.read_session() as session:
        return int(session.execute(statement).scalar() or 0)

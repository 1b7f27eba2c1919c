"""Reading the audit log (for the window's log page and ``netral audit``)."""

from __future__ import annotations

from sqlalchemy import select

from netral_desktop.store.db import Database
from netral_desktop.store.models import AuditEntry


def recent_entries(db: Database, *, limit: int = 50) -> list[AuditEntry]:
    with db.read_session() as session:
        rows = session.exec(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit))
        return list(rows.scalars())

"""The append-only, keyed and anchored audit log: appending entries and checking the chain.

The chain rule itself is pure (core/audit_chain.py); the queries are store/audit.py's; the key
and the anchor are services/integrity.py's.
"""

from __future__ import annotations

from typing import Any, Protocol

from netral_desktop.core.audit_chain import (
    GENESIS,
    REDACTED,
    entry_hash,
    redacted,
)
from netral_desktop.services import integrity
from netral_desktop.services.integrity import ChainReport
from netral_desktop.store import audit as audit_store
from netral_desktop.store.audit import AuditRow
from netral_desktop.store.bulk import Executor
from netral_desktop.store.db import Database, Session

__all__ = ["GENESIS", "REDACTED", "AuditRow", "ChainReport", "entry_hash", "redacted"]


class Dumpable(Protocol):
    """A table row (SQLModel) whose values can be written to the log."""

    def model_dump(self) -> dict[str, Any]: ...


def row_values(row: Dumpable) -> dict[str, Any]:
    return redacted(row.model_dump())


def changed_values(
    old: dict[str, Any], new: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that differ, as (old, new); bookkeeping columns left out.

    Compare unredacted values (``row.model_dump()``) so a changed secret shows as changed;
    the result is redacted.
    """
    skip = {"updated_at", "revision", "updated_by"}
    keys = [k for k in new if k not in skip and old.get(k) != new.get(k)]
    return redacted({k: old.get(k) for k in keys}), redacted({k: new[k] for k in keys})


def record(
    session: Executor,
    *,
    at: str,
    actor: str,
    action: str,
    table_name: str,
    record_id: str,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    note: str = "",
) -> None:
    """Append an entry inside the caller's write transaction."""
    if isinstance(session, Session):
        session.flush()  # the rows this entry speaks of are written before it
    audit_store.append(
        session,
        [
            {
                "at": at,
                "actor": actor,
                "action": action,
                "table_name": table_name,
                "record_id": record_id,
                "old": old,
                "new": new,
                "note": note,
            }
        ],
    )


def record_many(session: Executor, entries: list[dict[str, Any]]) -> int:
    """Append many entries with one bulk insert (imports); same chain as ``record``.

    Each entry has the keyword arguments of ``record`` (at, actor, action, table_name,
    record_id, and optionally old, new, note). Returns the number appended.
    """
    if isinstance(session, Session):
        session.flush()
    return len(audit_store.append(session, entries))


def verify_chain(target: Any) -> ChainReport:
    """The whole chain checked under the audit key and against its anchor (a ServiceContext
    or its Database): see services/integrity.py."""
    return integrity.verify_chain(target)


def history(db: Database, table_name: str, record_id: str) -> list[AuditRow]:
    with db.read_session() as session:
        return audit_store.history(session, table_name=table_name, record_id=record_id)

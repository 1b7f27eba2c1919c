"""The append-only, hash-chained audit log: appending entries and checking the chain.

The chain rule itself is pure (core/audit_chain.py); the queries are store/audit.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from netral_desktop.core.audit_chain import (
    GENESIS,
    REDACTED,
    entry_hash,
    redacted,
)
from netral_desktop.i18n import _
from netral_desktop.store import audit as audit_store
from netral_desktop.store.audit import AuditRow
from netral_desktop.store.bulk import Executor
from netral_desktop.store.db import Database, Session

__all__ = ["GENESIS", "REDACTED", "AuditRow", "entry_hash", "redacted"]


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


@dataclass
class ChainReport:
    entries: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify_chain(db: Database) -> ChainReport:
    """Walk the whole log; report the first entry that does not chain or hash correctly."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for entry in audit_store.iter_chain(db.read_session):
        count += 1
        if entry.seq != expected_seq:
            return ChainReport(
                count,
                expected_seq,
                _("entri nomor {seq} hilang (ditemukan nomor {found})").format(
                    seq=expected_seq, found=entry.seq
                ),
            )
        if entry.prev_hash != prev_hash:
            return ChainReport(count, entry.seq, _("rantai hash terputus sebelum entri ini"))
        if entry_hash(**entry.chained_fields()) != entry.hash:
            return ChainReport(count, entry.seq, _("isi entri diubah di luar program"))
        prev_hash, expected_seq = entry.hash, expected_seq + 1
    return ChainReport(count)


def history(db: Database, table_name: str, record_id: str) -> list[AuditRow]:
    with db.read_session() as session:
        return audit_store.history(session, table_name=table_name, record_id=record_id)

"""The one primitive that writes synced rows, single and bulk.

Every write of a synced table (services, the roster import, the demo, and the sync merge) goes
through here: it stamps the bookkeeping columns of design.md §3 (id as UUIDv7, origin, created
and hybrid-clock updated times, who, revision, tombstone) and appends the audit entry in the
same transaction. Nothing else sets those columns; tests/test_layers.py holds that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlmodel import Session

from netral_desktop.core.audit_chain import redacted
from netral_desktop.core.ids import new_id, new_ids
from netral_desktop.store import audit as audit_store
from netral_desktop.store import seals
from netral_desktop.store.bulk import (
    Executor,
    among_ids,
    connection_of,
    copy_tuples,
    ids_param,
    insert_tuples,
    placeholder,
)
from netral_desktop.store.models import SyncedRow

# The caller's own table class, handed back as it came in.
Row = TypeVar("Row", bound=SyncedRow)

SYNC_COLUMNS = (
    "id",
    "origin",
    "created_at",
    "updated_at",
    "updated_by",
    "revision",
    "deleted",
)


@dataclass(frozen=True)
class WriteStamp:
    """Who, where and when of one write transaction."""

    origin: str  # "<office code>/<device id>" of the writing installation
    actor: str  # username, or "system"
    at: str  # wall-clock UTC time: created_at and the audit entries' time
    clock: str  # hybrid logical clock stamp: updated_at


def _entry(
    stamp: WriteStamp,
    *,
    action: str,
    table_name: str,
    record_id: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    note: str,
    at: str | None = None,
) -> dict[str, Any]:
    return {
        "at": at or stamp.at,
        "actor": stamp.actor,
        "action": action,
        "table_name": table_name,
        "record_id": record_id,
        "old": old,
        "new": new,
        "note": note,
    }


def insert_row(
    session: Session,
    row: Row,
    stamp: WriteStamp,
    *,
    action: str = "create",
    new: dict[str, Any] | None = None,
    note: str = "",
    row_id: str | None = None,
) -> Row:
    """Insert ``row`` as a new synced row and audit it (``new`` defaults to its values)."""
    row.id = row_id or new_id()
    row.origin = stamp.origin
    row.created_at = stamp.at
    row.updated_at = stamp.clock
    row.updated_by = stamp.actor
    row.revision = 1
    row.deleted = False
    session.add(row)
    session.flush()
    values = new if new is not None else redacted(row.model_dump())
    _audit_row(session, row, stamp, action=action, old=None, new=values, note=note)
    return row


def update_row(
    session: Session,
    row: Row,
    stamp: WriteStamp,
    *,
    action: str = "update",
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    note: str = "",
    at: str | None = None,
    tombstone: bool = False,
) -> Row:
    """Save a change to ``row`` (already modified by the caller): next revision, clock stamp,
    and the audit entry; ``tombstone`` marks it deleted (synced rows are never removed)."""
    if tombstone:
        row.deleted = True
    if _foreign(row.origin, stamp):
        # Still at the version it had (revision and clock are set below, never by callers).
        keep_bases(session, str(row.__tablename__), [row.id], stamp)
    row.updated_at = stamp.clock
    row.updated_by = stamp.actor
    row.revision += 1
    session.add(row)
    session.flush()
    _audit_row(session, row, stamp, action=action, old=old, new=new, note=note, at=at)
    return row


def _audit_row(
    session: Session,
    row: SyncedRow,
    stamp: WriteStamp,
    *,
    action: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    note: str,
    at: str | None = None,
) -> None:
    entry = _entry(
        stamp,
        action=action,
        table_name=str(row.__tablename__),
        record_id=row.id,
        old=old,
        new=new,
        note=note,
        at=at,
    )
    audit_store.append(session, [entry])


def insert_rows(
    executor: Executor,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    stamp: WriteStamp,
    *,
    ids: Sequence[str] | None = None,
    audit: Sequence[dict[str, Any]] = (),
) -> list[str]:
    """Insert many new synced rows (tuples in ``columns`` order, bookkeeping columns left out)
    with one driver call, then append ``audit`` (entries as store.audit.append takes them; the
    actor is the stamp's). Returns the rows' ids (``ids``, else fresh UUIDv7s in order)."""
    row_ids = list(ids) if ids is not None else new_ids(len(rows))
    if len(row_ids) != len(rows):
        raise ValueError("one id per row")
    fixed = (stamp.origin, stamp.at, stamp.clock, stamp.actor, 1, False)
    insert_tuples(
        executor,
        table,
        (*SYNC_COLUMNS, *columns),
        ((row_id, *fixed, *row) for row_id, row in zip(row_ids, rows, strict=True)),
    )
    seals.reseal(executor, table, row_ids)
    append_audit(executor, stamp, audit)
    return row_ids


def update_rows(
    executor: Executor,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    stamp: WriteStamp,
    *,
    audit: Sequence[dict[str, Any]] = (),
) -> int:
    """Update many synced rows: each row is (id, *values in ``columns`` order); each gets the
    next revision and the stamp's clock, with one driver call. Then appends ``audit``."""
    if rows:
        seals.refuse_tampered(executor, table, [row[0] for row in rows])
        keep_bases(executor, table, [row[0] for row in rows], stamp)
        conn = connection_of(executor)
        mark = placeholder(conn)
        assignments = ", ".join(f"{column} = {mark}" for column in columns)
        conn.exec_driver_sql(
            f"UPDATE {table} SET {assignments}, updated_at = {mark}, updated_by = {mark}, "
            f"revision = revision + 1 WHERE id = {mark}",
            [(*row[1:], stamp.clock, stamp.actor, row[0]) for row in rows],
        )
        seals.reseal(executor, table, [row[0] for row in rows])
    append_audit(executor, stamp, audit)
    return len(rows)


def merge_rows(
    executor: Executor,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    stamp: WriteStamp,
    *,
    audit: Sequence[dict[str, Any]] = (),
) -> int:
    """Insert rows made by another installation exactly as that one wrote them (the sync
    merge): ``columns`` are the id first, then SYNC_COLUMNS and the data columns in any order,
    so id, origin, times, author, revision and tombstone are the writer's own, not this
    installation's. Sealed tables are sealed under this installation's key; ``audit`` is
    appended (actor: whoever merges)."""
    _require_sync_columns(columns)
    copy_tuples(executor, table, columns, rows)
    seals.reseal(executor, table, [row[0] for row in rows])
    append_audit(executor, stamp, audit)
    return len(rows)


def adopt_rows(
    executor: Executor,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    stamp: WriteStamp,
    *,
    audit: Sequence[dict[str, Any]] = (),
) -> int:
    """Replace rows by a later version another installation wrote (the sync merge): each row
    is ``columns``' values, the id first and every one of SYNC_COLUMNS among them (the id
    selects the row, the rest is the other installation's revision, clock and tombstone). A
    row altered behind the program's back is refused as by ``update_rows``."""
    _require_sync_columns(columns)
    if rows:
        ids = [row[0] for row in rows]
        seals.refuse_tampered(executor, table, ids)
        conn = connection_of(executor)
        mark = placeholder(conn)
        assignments = ", ".join(f"{column} = {mark}" for column in columns[1:])
        conn.exec_driver_sql(
            f"UPDATE {table} SET {assignments} WHERE id = {mark}",
            [(*row[1:], row[0]) for row in rows],
        )
        seals.reseal(executor, table, ids)
    append_audit(executor, stamp, audit)
    return len(rows)


def _foreign(origin: str, stamp: WriteStamp) -> bool:
    office, sep, _device = origin.partition("/")
    return bool(sep) and office != stamp.origin.partition("/")[0]


def keep_bases(executor: Executor, table: str, ids: Sequence[str], stamp: WriteStamp) -> int:
    """Before rows another office made are edited here: record the version each was merged
    at, where the merge left that implicit (store/sync.py ``implicit_base``), so the sync
    merge sees the edit here and keeps a later version from that office as a conflict."""
    if not ids:
        return 0
    conn = connection_of(executor)
    mark = placeholder(conn)
    office = (
        "split_part(origin, '/', 1)"
        if conn.dialect.name == "postgresql"
        else "substr(origin, 1, instr(origin, '/') - 1)"
    )
    result = conn.exec_driver_sql(
        "INSERT INTO sync_base (table_name, row_id, source, base_revision, base_updated_at, "
        f"merged_clock) SELECT {mark}, id, {office}, revision, updated_at, updated_at "
        f"FROM {table} WHERE {among_ids(conn, 'id')} AND origin LIKE {mark} "
        f"AND origin NOT LIKE {mark} ON CONFLICT (table_name, row_id) DO NOTHING",
        (table, ids_param(ids), "%/%", stamp.origin.partition("/")[0] + "/%"),
    )
    return int(result.rowcount or 0)


def _require_sync_columns(columns: Sequence[str]) -> None:
    if not columns or columns[0] != "id" or not set(SYNC_COLUMNS) <= set(columns):
        raise ValueError("merged rows start with the id and carry every one of SYNC_COLUMNS")


def append_audit(executor: Executor, stamp: WriteStamp, entries: Sequence[dict[str, Any]]) -> int:
    """Audit entries of a bulk write (the stamp gives the actor and, by default, the time)."""
    if not entries:
        return 0
    full = [{"at": stamp.at, "actor": stamp.actor, **entry} for entry in entries]
    return len(audit_store.append(executor, full))


def touch_rows(executor: Executor, table: str, ids: Sequence[str], stamp: WriteStamp) -> int:
    """Give rows changed by a set-based statement their next revision and the stamp."""
    if not ids:
        return 0
    keep_bases(executor, table, ids, stamp)
    conn = connection_of(executor)
    mark = placeholder(conn)
    conn.exec_driver_sql(
        f"UPDATE {table} SET updated_at = {mark}, updated_by = {mark}, "
        f"revision = revision + 1 WHERE id = {mark}",
        [(stamp.clock, stamp.actor, row_id) for row_id in ids],
    )
    return len(ids)


__all__ = [
    "SYNC_COLUMNS",
    "WriteStamp",
    "adopt_rows",
    "append_audit",
    "insert_row",
    "insert_rows",
    "keep_bases",
    "merge_rows",
    "touch_rows",
    "update_row",
    "update_rows",
]

"""The append-only, hash-chained audit log.

Each entry's hash covers its own fields and the previous entry's hash, so changing, removing or
reordering any entry behind the program's back breaks the chain at that entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from netral_desktop.i18n import _
from netral_desktop.store.db import Database
from netral_desktop.store.models import AuditEntry

GENESIS = "0" * 64
# Values never written to the log, only the fact that they changed.
_REDACTED_FIELDS = {"password_hash"}
REDACTED = "«disembunyikan»"


def redacted(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (REDACTED if k in _REDACTED_FIELDS else v) for k, v in values.items()}


def row_values(row: SQLModel) -> dict[str, Any]:
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


def _canonical(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(
    *,
    seq: int,
    at: str,
    actor: str,
    action: str,
    table_name: str,
    record_id: str,
    old_values: str | None,
    new_values: str | None,
    note: str,
    prev_hash: str,
) -> str:
    material = json.dumps(
        [seq, at, actor, action, table_name, record_id, old_values, new_values, note, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def record(
    session: Session,
    *,
    at: str,
    actor: str,
    action: str,
    table_name: str,
    record_id: str,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Append an entry inside the caller's write transaction (which holds the write lock)."""
    last = session.execute(
        text("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
    fields = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "table_name": table_name,
        "record_id": record_id,
        "old_values": _canonical(old),
        "new_values": _canonical(new),
        "note": note,
        "prev_hash": prev_hash,
    }
    entry = AuditEntry(**fields, hash=entry_hash(**fields))
    session.add(entry)
    session.flush()
    return entry


_AUDIT_COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "table_name",
    "record_id",
    "old_values",
    "new_values",
    "note",
    "prev_hash",
    "hash",
)


def record_many(session: Session | Connection, entries: list[dict[str, Any]]) -> int:
    """Append many entries with one bulk insert (imports); same chain as ``record``.

    Each entry has the keyword arguments of ``record`` (at, actor, action, table_name,
    record_id, and optionally old, new, note). Returns the number appended.
    """
    if not entries:
        return 0
    conn = session.connection() if isinstance(session, Session) else session
    last = conn.execute(text("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).first()
    seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS)
    rows = []
    for entry in entries:
        seq += 1
        fields = {
            "seq": seq,
            "at": entry["at"],
            "actor": entry["actor"],
            "action": entry["action"],
            "table_name": entry["table_name"],
            "record_id": entry["record_id"],
            "old_values": _canonical(entry.get("old")),
            "new_values": _canonical(entry.get("new")),
            "note": entry.get("note", ""),
            "prev_hash": prev_hash,
        }
        prev_hash = entry_hash(**fields)
        rows.append((*fields.values(), prev_hash))
    # Plain tuples through the driver: SQLAlchemy's per-row parameter handling would cost more
    # than the inserts.
    conn.exec_driver_sql(
        f"INSERT INTO audit_log ({', '.join(_AUDIT_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(_AUDIT_COLUMNS))})",
        rows,
    )
    return len(rows)


@dataclass
class ChainReport:
    entries: int
    broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def _iter_entries(db: Database, batch: int = 5000) -> Iterator[AuditEntry]:
    last_seq = 0
    while True:
        with db.read_session() as session:
            rows = list(
                session.exec(
                    select(AuditEntry)
                    .where(AuditEntry.seq > last_seq)
                    .order_by(AuditEntry.seq)
                    .limit(batch)
                ).scalars()
            )
        if not rows:
            return
        yield from rows
        last_seq = rows[-1].seq or last_seq


def verify_chain(db: Database) -> ChainReport:
    """Walk the whole log; report the first entry that does not chain or hash correctly."""
    prev_hash, expected_seq, count = GENESIS, 1, 0
    for entry in _iter_entries(db):
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
        fields = entry.model_dump(exclude={"hash"})
        if entry_hash(**fields) != entry.hash:
            return ChainReport(count, entry.seq, _("isi entri diubah di luar program"))
        prev_hash, expected_seq = entry.hash, expected_seq + 1
    return ChainReport(count)


def history(db: Database, table_name: str, record_id: str) -> list[AuditEntry]:
    with db.read_session() as session:
        return list(
            session.exec(
                select(AuditEntry)
                .where(AuditEntry.table_name == table_name, AuditEntry.record_id == record_id)
                .order_by(AuditEntry.seq)
            ).scalars()
        )

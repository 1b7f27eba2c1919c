"""The audit log's chain rule, pure: what an entry's hash covers and how values are written.

Each entry's hash covers its own fields and the previous entry's hash, so changing, removing or
reordering any entry behind the program's back breaks the chain at that entry.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64
# Values never written to the log, only the fact that they changed.
REDACTED_FIELDS = frozenset({"password_hash"})
REDACTED = "«disembunyikan»"
# The columns of an audit entry, in the order the hash covers them (then the hash itself).
ENTRY_FIELDS = (
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
)


def redacted(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (REDACTED if k in REDACTED_FIELDS else v) for k, v in values.items()}


def canonical(value: Any) -> str | None:
    """Old or new values as the log stores them: canonical JSON, or None."""
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


def chain_entries(
    entries: list[dict[str, Any]], *, last_seq: int, last_hash: str
) -> list[tuple[Any, ...]]:
    """Entries (keyword arguments of an append: at, actor, action, table_name, record_id and
    optionally old, new, note) as rows of ENTRY_FIELDS + hash, chained after the given head."""
    rows = []
    seq, prev_hash = last_seq, last_hash
    for entry in entries:
        seq += 1
        fields = {
            "seq": seq,
            "at": entry["at"],
            "actor": entry["actor"],
            "action": entry["action"],
            "table_name": entry["table_name"],
            "record_id": entry["record_id"],
            "old_values": canonical(entry.get("old")),
            "new_values": canonical(entry.get("new")),
            "note": entry.get("note", ""),
            "prev_hash": prev_hash,
        }
        prev_hash = entry_hash(**fields)
        rows.append((*fields.values(), prev_hash))
    return rows

"""Serialising writers that read-then-append (the audit chain, document numbers).

SQLite already runs one writer at a time: every write transaction begins IMMEDIATE (db.py), so
a reader-then-writer inside it cannot interleave with another process. PostgreSQL runs writers
side by side; there, a transaction-scoped advisory lock named after the resource makes the
read-then-append of one transaction finish (commit or roll back) before another's starts.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

Executor = Session | Connection


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (PostgreSQL's advisory lock space)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


def dialect_of(executor: Executor) -> str:
    bind = executor.get_bind() if isinstance(executor, Session) else executor
    return str(bind.dialect.name)


def hold_until_commit(executor: Executor, name: str) -> None:
    """Within a write transaction: wait for, then hold until it ends, the lock ``name``."""
    if dialect_of(executor) == "postgresql":
        executor.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key(name)})

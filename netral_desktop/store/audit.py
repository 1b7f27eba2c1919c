"""Queries of the audit log: appending chained entries (safe with concurrent writers), reading
the chain in order, a record's history, and the log page's search.

Appends are keyed with the installation's audit key, which the services hand to the Database
(``Database.chain_seal``); a writer finds it through its connection's execution options. The
head each transaction wrote is kept on the session (or connection) and handed to the seal's
``committed`` after the commit, never before: an anchor must not name an entry that a rollback
took back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

from sqlalchemy import Select, func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from netral_desktop.core.audit_chain import ENTRY_FIELDS, GENESIS, chain_entries
from netral_desktop.core.errors import StoreError
from netral_desktop.i18n import _
from netral_desktop.store.bulk import Executor, connection_of, insert_tuples
from netral_desktop.store.locks import hold_until_commit
from netral_desktop.store.models import AuditEntry, LocalMeta

COLUMNS = (*ENTRY_FIELDS, "hash")
CHAIN_LOCK = "netral:audit_log"
# Where a write transaction keeps the (seq, mac) of the last entry it appended.
CHAIN_HEAD_INFO = "netral_chain_head"
# local_meta keys: the first keyed entry, and the fingerprint of the key it is keyed with.
KEYED_FROM_META = "audit_keyed_from"
KEY_ID_META = "audit_key_id"


class ChainSeal:
    """The audit key of this installation; the services' subclass keeps the anchor."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    def committed(self, seq: int, mac: str) -> None:
        """Called after a commit with the last entry it appended."""

    def close(self) -> None:
        """Called when the database is closed: finish any pending anchor update."""


def seal_of(executor: Executor) -> ChainSeal | None:
    """The audit key of the database this write transaction belongs to, if loaded."""
    database = connection_of(executor).get_execution_options().get("netral_db")
    return getattr(database, "chain_seal", None)


def keyed_from(executor: Executor) -> int | None:
    """The first keyed entry as the database records it (None: an office not yet keyed)."""
    conn = connection_of(executor)
    value = conn.execute(select(LocalMeta.value).where(LocalMeta.key == KEYED_FROM_META)).scalar()
    return int(value) if value else None


def require_key(executor: Executor) -> bytes | None:
    """The audit key for a write; None only for a database whose chain is not keyed yet
    (set up before the key existed, or with no office), which keeps the plain hash."""
    seal = seal_of(executor)
    if seal is not None:
        return seal.key
    if keyed_from(executor) is not None:
        raise StoreError(
            _(
                "Kunci log audit kantor ini tidak ada di penyimpan kunci komputer ini, jadi "
                "perubahan tidak dapat dicatat. Tidak ada yang disimpan. Buka kunci keyring "
                "(folder data dengan berkas kunci: masuk dengan kata sandi berkas kunci, atau "
                "berikan --passphrase-env pada perintah), atau pulihkan kunci kantor dari "
                "cadangan kuncinya ('netral keys restore')."
            ),
            code="audit_key_missing",
        )
    return None


def _note_head(executor: Executor, seq: int, mac: str) -> None:
    info = executor.info  # the session's own, or (a bulk job's connection) the connection's
    previous = info.get(CHAIN_HEAD_INFO)
    if previous is None or previous[0] < seq:
        info[CHAIN_HEAD_INFO] = (seq, mac)


_Query = TypeVar("_Query", bound=Select[Any])


@dataclass(frozen=True)
class AuditRow:
    """One entry of the log, as read."""

    seq: int
    at: str
    actor: str
    action: str
    table_name: str
    record_id: str
    old_values: str | None
    new_values: str | None
    note: str
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditRow:
        return cls(**{name: getattr(entry, name) for name in COLUMNS})

    def chained_fields(self) -> dict[str, Any]:
        """The fields the entry's hash covers (all but the hash)."""
        fields = asdict(self)
        del fields["hash"]
        return fields


def chain_head(executor: Executor) -> tuple[int, str]:
    """(seq, hash) of the newest entry, or (0, GENESIS) for an empty log."""
    conn = connection_of(executor)
    last = conn.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(col(AuditEntry.seq).desc()).limit(1)
    ).first()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS)


def append(executor: Executor, entries: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Append entries (at, actor, action, table_name, record_id, old?, new?, note?) to the
    chain inside the caller's write transaction; returns the rows written (COLUMNS order).

    The chain's head is read and extended under the chain lock, so two writers (two
    processes on one SQLite file, or sessions on PostgreSQL) never fork or repeat it.
    """
    if not entries:
        return []
    key = require_key(executor)
    hold_until_commit(executor, CHAIN_LOCK)
    seq, prev_hash = chain_head(executor)
    rows = chain_entries(entries, last_seq=seq, last_hash=prev_hash, key=key)
    insert_tuples(executor, "audit_log", COLUMNS, rows)
    _note_head(executor, rows[-1][0], rows[-1][-1])
    return rows


def _rows(session: Session, statement: SelectOfScalar[AuditEntry]) -> list[AuditRow]:
    return [AuditRow.of(entry) for entry in session.exec(statement)]


def entries_after(session: Session, seq: int, *, limit: int) -> list[AuditRow]:
    """The next ``limit`` entries after ``seq``, in chain order."""
    return _rows(
        session,
        select(AuditEntry)
        .where(col(AuditEntry.seq) > seq)
        .order_by(col(AuditEntry.seq))
        .limit(limit),
    )


def iter_chain(session_factory: Any, batch: int = 5000) -> Iterator[AuditRow]:
    """Every entry in chain order, read in batches, each batch in its own read session."""
    last_seq = 0
    while True:
        with session_factory() as session:
            rows = entries_after(session, last_seq, limit=batch)
        if not rows:
            return
        yield from rows
        last_seq = rows[-1].seq or last_seq


def history(session: Session, *, table_name: str, record_id: str) -> list[AuditRow]:
    return _rows(
        session,
        select(AuditEntry)
        .where(AuditEntry.table_name == table_name, AuditEntry.record_id == record_id)
        .order_by(col(AuditEntry.seq)),
    )


def latest(session: Session, *, table_name: str, action: str) -> AuditRow | None:
    """The newest entry of ``action`` on ``table_name`` (the last roster import, say)."""
    rows = _rows(
        session,
        select(AuditEntry)
        .where(AuditEntry.table_name == table_name, AuditEntry.action == action)
        .order_by(col(AuditEntry.seq).desc())
        .limit(1),
    )
    return rows[0] if rows else None


def recent(session: Session, *, limit: int) -> list[AuditRow]:
    return _rows(session, select(AuditEntry).order_by(col(AuditEntry.seq).desc()).limit(limit))


def _filtered(statement: _Query, text: str) -> _Query:
    needle = text.strip()
    if not needle:
        return statement
    pattern = f"%{needle}%"
    return statement.where(
        or_(
            col(AuditEntry.actor).ilike(pattern),
            col(AuditEntry.action).ilike(pattern),
            col(AuditEntry.table_name).ilike(pattern),
            col(AuditEntry.record_id).ilike(pattern),
            col(AuditEntry.note).ilike(pattern),
        )
    )


def search(
    session: Session, *, text: str, offset: int, limit: int, newest_first: bool = True
) -> list[AuditRow]:
    seq = col(AuditEntry.seq)
    order = seq.desc() if newest_first else seq
    statement = _filtered(select(AuditEntry), text).order_by(order).offset(offset).limit(limit)
    return _rows(session, statement)


def count(session: Session, *, text: str) -> int:
    statement = _filtered(select(func.count()).select_from(AuditEntry), text)
    return int(session.execute(statement).scalar() or 0)

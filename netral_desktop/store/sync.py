"""Queries of sync: which synced rows and files a bundle carries, the bundles written and
acknowledged, and at the receiving end the versions merged, the offices heard from, the
import reports and the conflicts kept for a person.

Tables travel generically, from the model metadata: every synced table (one carrying all of
store/synced.py's bookkeeping columns) but ``office`` (each installation's own identity; the
bundle's manifest names the office), without local-only columns (``seal``: recomputed by the
receiver under its own key). Rows are written by store/synced.py's merge primitives.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import LargeBinary, Table, func, or_, select, tuple_, update
from sqlmodel import Session, SQLModel, col, delete

from netral_desktop.store import models  # noqa: F401  (every table in the metadata)
from netral_desktop.store import search as search_index
from netral_desktop.store.bulk import (
    Executor,
    among_ids,
    connection_of,
    copy_tuples,
    ids_param,
    insert_tuples,
    placeholder,
)
from netral_desktop.store.models import (
    SyncBase,
    SyncConflict,
    SyncExport,
    SyncFileAck,
    SyncImport,
    SyncPeer,
)
from netral_desktop.store.synced import SYNC_COLUMNS

# A bundle record's own keys; every other column of the row travels in its ``data``.
RECORD_KEYS = ("id", "revision", "origin", "updated_at", "deleted")
# Columns kept by each installation for itself, never sent (a receiver computes its own).
LOCAL_COLUMNS = frozenset({"seal"})
# Synced tables that do not travel: the office row is each installation's own.
LOCAL_TABLES = frozenset({"office"})
_CHUNK = 500


def synced_tables() -> list[Table]:
    """The tables a bundle carries, parents before children (foreign keys)."""
    return [
        table
        for table in SQLModel.metadata.sorted_tables
        if set(SYNC_COLUMNS) <= {column.name for column in table.c}
        and table.name not in LOCAL_TABLES
    ]


def table_named(name: str) -> Table | None:
    for table in synced_tables():
        if table.name == name:
            return table
    return None


def data_columns(table: Table) -> list[str]:
    """The columns a record's ``data`` holds (created_at and updated_by among them)."""
    names = [column.name for column in table.c]
    return [c for c in names if c not in RECORD_KEYS and c not in LOCAL_COLUMNS]


def binary_columns(table: Table) -> frozenset[str]:
    return frozenset(c.name for c in table.c if isinstance(c.type, LargeBinary))


def file_columns(table: Table) -> list[str]:
    """Columns naming a content-addressed file by its SHA-256 (``sha256``, ``logo_sha256``);
    a hash of content that is not a file (``content_sha256``) is left out."""
    return [
        column.name
        for column in table.c
        if (column.name == "sha256" or column.name.endswith("_sha256"))
        and column.name != "content_sha256"
    ]


def json_value(value: Any) -> Any:
    """A column's value as a bundle record carries it."""
    if isinstance(value, bytes | bytearray | memoryview):
        # Stored encrypted (reporter identities): sent as the sealed bytes, base64.
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _record_maker(table: Table) -> Callable[[Sequence[Any]], dict[str, Any]]:
    """A row of ``table`` read as a tuple in its column order -> its bundle record (id,
    revision, origin, updated_at, deleted, data); made once per table: an export turns tens
    of thousands of rows into records, and only the sealed (binary) columns need their values
    changed."""
    names = [column.name for column in table.c]
    at = {name: i for i, name in enumerate(names)}
    columns = data_columns(table)
    binary = binary_columns(table)
    i_id, i_rev, i_origin, i_updated, i_deleted = (
        at[name] for name in ("id", "revision", "origin", "updated_at", "deleted")
    )
    pick = itemgetter(*(at[c] for c in columns))
    sealed = [(c, at[c]) for c in columns if c in binary]

    def make(row: Sequence[Any]) -> dict[str, Any]:
        data = dict(zip(columns, pick(row), strict=True))
        for column, i in sealed:
            data[column] = json_value(row[i])
        return {
            "id": row[i_id],
            "revision": int(row[i_rev]),
            "origin": row[i_origin],
            "updated_at": row[i_updated],
            "deleted": bool(row[i_deleted]),
            "data": data,
        }

    return make


def changed_records(
    executor: Executor, table: Table, *, since: str | None, batch: int = 5000
) -> Iterator[dict[str, Any]]:
    """Records of rows written after the clock stamp ``since`` (all rows when None): changed
    here, or merged here from another installation's bundle after it (a hub passes on its
    field laptops' rows), in id order."""
    conn = connection_of(executor)
    make = _record_maker(table)
    id_at = list(table.c.keys()).index("id")
    statement = select(*table.c).order_by(table.c.id)
    if since is not None:
        merged = select(col(SyncBase.row_id)).where(
            col(SyncBase.table_name) == table.name, col(SyncBase.merged_clock) > since
        )
        statement = statement.where(or_(table.c.updated_at > since, table.c.id.in_(merged)))
    last: str | None = None
    while True:
        page = statement if last is None else statement.where(table.c.id > last)
        rows = conn.execute(page.limit(batch)).all()
        if not rows:
            return
        for row in rows:
            yield make(row)
        last = rows[-1][id_at]


def referenced_files(executor: Executor) -> set[str]:
    """SHA-256 of every file a live synced row names (attachments, issued documents)."""
    conn = connection_of(executor)
    found: set[str] = set()
    for table in synced_tables():
        for column in file_columns(table):
            c = table.c[column]
            rows = conn.execute(
                select(c).where(c.is_not(None), table.c.deleted.is_(False)).distinct()
            )
            found.update(str(value) for (value,) in rows if value)
    return found


def acknowledged_files(executor: Executor) -> set[str]:
    conn = connection_of(executor)
    return {str(v) for (v,) in conn.execute(select(col(SyncFileAck.sha256)))}


# --- bundles written -------------------------------------------------------------------------


def last_export(session: Session) -> SyncExport | None:
    return session.scalars(select(SyncExport).order_by(col(SyncExport.seq).desc()).limit(1)).first()


def last_written(session: Session) -> SyncExport | None:
    """The newest bundle whose file was written (its manifest hash is the next one's prev)."""
    return session.scalars(
        select(SyncExport)
        .where(col(SyncExport.manifest_sha256).is_not(None))
        .order_by(col(SyncExport.seq).desc())
        .limit(1)
    ).first()


def last_acknowledged(session: Session) -> SyncExport | None:
    return session.scalars(
        select(SyncExport)
        .where(col(SyncExport.acknowledged_at).is_not(None))
        .order_by(col(SyncExport.seq).desc())
        .limit(1)
    ).first()


def export_by_seq(session: Session, *, seq: int) -> SyncExport | None:
    return session.get(SyncExport, seq)


def exports(session: Session, *, limit: int = 50) -> list[SyncExport]:
    return list(
        session.scalars(select(SyncExport).order_by(col(SyncExport.seq).desc()).limit(limit))
    )


def drop_unwritten(session: Session, *, seq: int) -> None:
    """Give back a number taken for a bundle that was not written."""
    session.execute(
        delete(SyncExport).where(
            col(SyncExport.seq) == seq, col(SyncExport.manifest_sha256).is_(None)
        )
    )


def acknowledge(session: Session, *, seq: int, at: str, files: Iterable[str]) -> int:
    """Mark bundle ``seq`` and every earlier written one acknowledged, and the files the
    province holds; returns how many files were new to the list."""
    session.execute(
        update(SyncExport)
        .where(
            col(SyncExport.seq) <= seq,
            col(SyncExport.acknowledged_at).is_(None),
            col(SyncExport.manifest_sha256).is_not(None),
        )
        .values(acknowledged_at=at)
    )
    known = acknowledged_files(session)
    new = sorted(set(files) - known)
    insert_tuples(session, "sync_file_ack", ("sha256", "seq"), [(sha, seq) for sha in new])
    return len(new)


# --- the receiving end: versions ------------------------------------------------------------


class Version(NamedTuple):
    """A local row's version: revision, clock stamp, tombstone, and the writing installation."""

    revision: int
    updated_at: str
    deleted: bool
    origin: str


def local_versions(executor: Executor, table: str, ids: Sequence[str]) -> dict[str, Version]:
    """id -> (revision, updated_at, deleted, origin) of the rows of ``table`` among ``ids``."""
    conn = connection_of(executor)
    found: dict[str, Version] = {}
    if not ids:
        return found
    sql = (
        f"SELECT id, revision, updated_at, deleted, origin FROM {table} "
        f"WHERE {among_ids(conn, 'id')}"
    )
    for row in conn.exec_driver_sql(sql, (ids_param(ids),)):
        found[row[0]] = Version(int(row[1]), str(row[2]), bool(row[3]), str(row[4]))
    return found


@dataclass(frozen=True)
class Base:
    """The version of a row last merged here, and from which office."""

    source: str
    revision: int
    updated_at: str


def implicit_base(version: Version, own_office: str) -> Base | None:
    """The base of a row with no ``sync_base`` entry: a row another office made, merged here
    and never edited here since (an edit here first records its base: store/synced.py
    ``keep_bases``), was merged at the version it has, from the office that made it. Not
    writing 50,000 base entries is most of what a district's first bundle costs to merge."""
    office, _sep, _device = version.origin.partition("/")
    if not _sep or office == own_office:
        return None  # this office's own rows, and rows seeded in every office ("seed")
    return Base(office, version.revision, version.updated_at)


def bases(executor: Executor, table: str, ids: Sequence[str]) -> dict[str, Base]:
    """The explicit bases (``sync_base`` entries) of the rows among ``ids``."""
    conn = connection_of(executor)
    if not ids:
        return {}
    mark = placeholder(conn)
    sql = (
        "SELECT row_id, source, base_revision, base_updated_at FROM sync_base "
        f"WHERE table_name = {mark} AND {among_ids(conn, 'row_id')}"
    )
    rows = conn.exec_driver_sql(sql, (table, ids_param(ids)))
    return {row[0]: Base(str(row[1]), int(row[2]), str(row[3])) for row in rows}


BASE_COLUMNS = (
    "table_name",
    "row_id",
    "source",
    "base_revision",
    "base_updated_at",
    "merged_clock",
)


def put_bases(
    executor: Executor,
    table: str,
    rows: Sequence[tuple[str, str, int, str]],
    *,
    merged_clock: str,
    fresh: bool = False,
) -> int:
    """Record (row id, source office, revision, updated_at) as the versions merged now;
    ``fresh``: rows just inserted, which have no base yet (a plain insert)."""
    if not rows:
        return 0
    values = [(table, row_id, source, rev, at, merged_clock) for row_id, source, rev, at in rows]
    if fresh:
        return copy_tuples(executor, "sync_base", BASE_COLUMNS, values)
    conn = connection_of(executor)
    mark = placeholder(conn)
    upsert = (
        ""
        if fresh
        else (
            " ON CONFLICT (table_name, row_id) DO UPDATE SET source = excluded.source, "
            "base_revision = excluded.base_revision, base_updated_at = excluded.base_updated_at, "
            "merged_clock = excluded.merged_clock"
        )
    )
    conn.exec_driver_sql(
        "INSERT INTO sync_base (table_name, row_id, source, base_revision, base_updated_at, "
        f"merged_clock) VALUES ({mark}, {mark}, {mark}, {mark}, {mark}, {mark}){upsert}",
        values,
    )
    return len(rows)


@contextmanager
def indexing_deferred(executor: Executor, table: str) -> Iterator[search_index.PendingIndex]:
    """Around a merge's writes of ``table``: for people, the search index is brought up to
    date once at the end (list the ids written on the object given) instead of row by row
    through its triggers; other tables have no search index."""
    if table != "person":
        yield search_index.PendingIndex()
        return
    with search_index.deferred_index(connection_of(executor)) as pending:
        yield pending


def full_rows(executor: Executor, table: Table, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """id -> every column's value (as the ORM types them) of the rows among ``ids``."""
    conn = connection_of(executor)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        for row in conn.execute(select(table).where(table.c.id.in_(chunk))).mappings():
            found[row["id"]] = dict(row)
    return found


def unique_groups(table: Table) -> list[tuple[str, ...]]:
    """The column groups of ``table`` that must be unique (the id aside)."""
    groups: list[tuple[str, ...]] = []
    for constraint in table.constraints:
        names = tuple(c.name for c in getattr(constraint, "columns", ()))
        if constraint.__class__.__name__ == "UniqueConstraint" and names:
            groups.append(names)
    for column in table.c:
        if column.unique and (column.name,) not in groups:
            groups.append((column.name,))
    for index in table.indexes:
        if index.unique:
            groups.append(tuple(c.name for c in index.columns))
    return groups


def unique_holders(
    executor: Executor, table: Table, columns: tuple[str, ...], values: Sequence[tuple[Any, ...]]
) -> dict[tuple[Any, ...], str]:
    """values -> id of the row already holding them, for the unique group ``columns``."""
    conn = connection_of(executor)
    wanted = [v for v in values if all(x is not None for x in v)]
    found: dict[tuple[Any, ...], str] = {}
    cols = [table.c[c] for c in columns]
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        condition = (
            cols[0].in_([v[0] for v in chunk]) if len(cols) == 1 else tuple_(*cols).in_(chunk)
        )
        for row in conn.execute(select(table.c.id, *cols).where(condition)):
            found[tuple(row[1:])] = str(row[0])
    return found


# --- offices heard from, reports, conflicts -------------------------------------------------


def peer(executor: Executor, *, office_code: str) -> SyncPeer | None:
    conn = connection_of(executor)
    table = SyncPeer.__table__  # type: ignore[attr-defined]
    row = conn.execute(select(table).where(table.c.office_code == office_code)).mappings().first()
    return SyncPeer(**row) if row else None


def peers(session: Session) -> list[SyncPeer]:
    return list(session.scalars(select(SyncPeer).order_by(col(SyncPeer.office_code))))


def save_peer(executor: Executor, value: SyncPeer) -> None:
    conn = connection_of(executor)
    conn.execute(delete(SyncPeer).where(col(SyncPeer.office_code) == value.office_code))
    conn.execute(SyncPeer.__table__.insert().values(**value.model_dump()))  # type: ignore[attr-defined]


def import_of(executor: Executor, *, office_code: str, seq: int) -> SyncImport | None:
    conn = connection_of(executor)
    table = SyncImport.__table__  # type: ignore[attr-defined]
    row = (
        conn.execute(select(table).where(table.c.office_code == office_code, table.c.seq == seq))
        .mappings()
        .first()
    )
    return SyncImport(**row) if row else None


def add_import(executor: Executor, report: SyncImport) -> None:
    connection_of(executor).execute(
        SyncImport.__table__.insert().values(**report.model_dump())  # type: ignore[attr-defined]
    )


def imports(
    session: Session, *, office_code: str | None = None, limit: int = 100
) -> list[SyncImport]:
    statement = select(SyncImport).order_by(col(SyncImport.imported_at).desc()).limit(limit)
    if office_code:
        statement = statement.where(col(SyncImport.office_code) == office_code)
    return list(session.scalars(statement))


def import_by_id(session: Session, *, import_id: str) -> SyncImport | None:
    return session.get(SyncImport, import_id)


CONFLICT_COLUMNS = (
    "id",
    "kind",
    "source",
    "seq",
    "table_name",
    "row_id",
    "other_id",
    "basis",
    "local_revision",
    "local_updated_at",
    "local_values",
    "incoming_revision",
    "incoming_updated_at",
    "incoming_record",
    "detected_at",
)


def known_conflicts(
    executor: Executor, table: str, keys: Sequence[tuple[str, int, str]]
) -> set[tuple[str, int, str]]:
    """Of (row id, incoming revision, incoming updated_at), those already kept."""
    conn = connection_of(executor)
    found: set[tuple[str, int, str]] = set()
    ids = sorted({k[0] for k in keys})
    if not ids:
        return found
    mark = placeholder(conn)
    sql = (
        "SELECT row_id, incoming_revision, incoming_updated_at FROM sync_conflict "
        f"WHERE table_name = {mark} AND {among_ids(conn, 'row_id')}"
    )
    for row in conn.exec_driver_sql(sql, (table, ids_param(ids))):
        found.add((str(row[0]), int(row[1]), str(row[2])))
    return found & set(keys)


def add_conflicts(executor: Executor, rows: Sequence[Sequence[Any]]) -> int:
    """Keep conflicts (tuples in CONFLICT_COLUMNS order); one already kept is left as it is."""
    if not rows:
        return 0
    conn = connection_of(executor)
    mark = placeholder(conn)
    conn.exec_driver_sql(
        f"INSERT INTO sync_conflict ({', '.join(CONFLICT_COLUMNS)}) "
        f"VALUES ({', '.join([mark] * len(CONFLICT_COLUMNS))}) "
        "ON CONFLICT (table_name, row_id, incoming_revision, incoming_updated_at) DO NOTHING",
        [tuple(row) for row in rows],
    )
    return len(rows)


def open_conflicts(session: Session, *, limit: int = 500) -> list[SyncConflict]:
    return list(
        session.scalars(
            select(SyncConflict)
            .where(col(SyncConflict.resolved_at).is_(None))
            .order_by(col(SyncConflict.detected_at), col(SyncConflict.id))
            .limit(limit)
        )
    )


def open_conflict_counts(session: Session) -> dict[str, int]:
    """Open conflicts per office that sent them."""
    rows = session.execute(
        select(col(SyncConflict.source), func.count())
        .where(col(SyncConflict.resolved_at).is_(None))
        .group_by(SyncConflict.source)
    )
    return {str(source): int(count) for source, count in rows}


def conflict_by_id(session: Session, *, conflict_id: str) -> SyncConflict | None:
    return session.get(SyncConflict, conflict_id)


__all__ = [
    "LOCAL_COLUMNS",
    "LOCAL_TABLES",
    "RECORD_KEYS",
    "Base",
    "Version",
    "acknowledge",
    "add_conflicts",
    "add_import",
    "bases",
    "binary_columns",
    "changed_records",
    "data_columns",
    "file_columns",
    "full_rows",
    "import_of",
    "json_value",
    "local_versions",
    "open_conflicts",
    "peer",
    "put_bases",
    "referenced_files",
    "synced_tables",
    "unique_groups",
    "unique_holders",
]

"""The people's search index ``person_search``, on either engine.

SQLite (migration 0002): an FTS5 trigram table keyed by ``person.rowid``. PostgreSQL
(migration 0005): a plain table ``person_search(person_id, name_key, doc)`` with a pg_trgm
GIN index on ``doc`` (the name key lets a search sort its matches by name without reading
``person``). Both hold the same text per person (the view ``person_search_doc``: name, jabatan,
unit, agency name and short name, NIP, NI PPPK; lower-cased on PostgreSQL), kept in step
with ``person`` and ``agency`` by row triggers, and both find a term as a case-insensitive
substring from the index (a phrase query under the trigram tokenizer; ``LIKE '%term%'``
over trigrams, with a recheck of each candidate).

Bulk writers instead open ``deferred_index`` inside their own write transaction: the
triggers stand aside until the block ends (SQLite: dropped and put back, exactly as stored,
before the transaction commits, so other connections never see them missing and a rollback
restores them too; PostgreSQL: a transaction-local setting the trigger functions obey, so no
lock is taken on the table), and the people the block wrote are indexed with one statement.
Both matter for speed on SQLite: the mere presence of a row trigger costs about 10 us per
inserted row, and FTS5 flushes its pending terms at the end of every statement, so one
statement per row is about ten times slower than one for all.

On SQLite that statement runs under ``bulk_indexing``: FTS5 keeps up to 1 MB of pending terms
in memory by default, so 20,000 people were written as some twenty small segments, each
merged again into the others and, in a large roster, into the existing index (the merging
was half of the indexing time into an empty roster and two thirds into one of 100,000).
With room for the whole batch the import writes one segment; FTS5's usual merging folds it in
later, a little at each write, as it does with every segment.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from netral_desktop.store.locks import dialect_of

Executor = Session | Connection
SEARCH_TRIGGERS = ("person_search_ai", "person_search_au", "person_search_ad", "agency_search_au")
# FTS5 settings while one statement indexes a batch (bulk_indexing), and their defaults.
BULK_FTS_SETTINGS = {"hashsize": 16 * 1024 * 1024, "automerge": 0}
FTS_DEFAULTS = {"hashsize": 1024 * 1024, "automerge": 4}
# PostgreSQL: while this transaction-local setting is 'on', the search triggers do nothing
# (migration 0005's trigger functions read it).
PG_DEFERRED_SETTING = "netral.search_deferred"


def _is_postgresql(conn: Executor) -> bool:
    return dialect_of(conn) == "postgresql"


# --- what the listing queries need ---------------------------------------------------------


def fts_query(terms: Sequence[str]) -> str:
    """The FTS5 query: each term a phrase (a substring, under the trigram tokenizer)."""
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def like_pattern(term: str) -> str:
    """``%term%`` with LIKE's wildcards (and the escape character) taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def holds(dialect: str, text_sql: str, param: str) -> str:
    """SQL testing that the text ``text_sql`` holds the term bound as ``:param`` (given as
    ``term_pattern``), ignoring case: SQLite's LIKE ignores ASCII case itself; PostgreSQL's
    is exact, so both sides go in lower case."""
    if dialect == "postgresql":
        return f"lower({text_sql}) LIKE :{param} ESCAPE '\\'"
    return f"({text_sql}) LIKE :{param} ESCAPE '\\'"


def term_pattern(dialect: str, term: str) -> str:
    return like_pattern(term.lower() if dialect == "postgresql" else term)


@dataclass
class IndexMatch:
    """SQL that finds the people whose text holds every term, from the index: ``source``
    joins the index to ``person p``; ``where`` and ``params`` go with it."""

    source: str
    where: list[str]
    params: dict[str, object]
    # SELECT 1 for each indexed person matching (no person columns), for counting cheaply.
    probe: str


def _pg_terms(terms: Sequence[str]) -> tuple[str, dict[str, object]]:
    """PostgreSQL: the condition on ``person_search s`` that its text holds every term (the
    table holds the text in lower case already, migration 0005), and its parameters."""
    where = " AND ".join(f"s.doc LIKE :t{i} ESCAPE '\\'" for i in range(len(terms)))
    return where, {f"t{i}": term_pattern("postgresql", t) for i, t in enumerate(terms)}


def index_match(dialect: str, terms: Sequence[str]) -> IndexMatch:
    if dialect == "postgresql":
        where, params = _pg_terms(terms)
        return IndexMatch(
            # The matches first, from the trigram index (OFFSET 0 keeps the planner from
            # walking the people in sort order and testing each: the broad-query strategy
            # is chosen by the caller, from a bounded count).
            source=(
                f"(SELECT s.person_id FROM person_search s WHERE {where} OFFSET 0) s "
                "JOIN person p ON p.id = s.person_id"
            ),
            where=[],
            params=params,
            probe=f"SELECT 1 FROM person_search s WHERE {where}",
        )
    return IndexMatch(
        # CROSS JOIN keeps SQLite from walking people in sort order and probing the index.
        source="person_search s CROSS JOIN person p ON p.rowid = s.rowid",
        where=["s.person_search MATCH :fts"],
        params={"fts": fts_query(terms)},
        probe="SELECT 1 FROM person_search s WHERE s.person_search MATCH :fts",
    )


# PostgreSQL: the name order of the matches, from the search table alone (it holds the name
# key); as listing.py's name order (byte order, then the id).
PG_NAME_ORDER = ('s.name_key COLLATE "C"', 's.person_id COLLATE "C"')


def pg_matches_by_name(terms: Sequence[str], *, descending: bool, after: bool) -> IndexMatch:
    """PostgreSQL: the matches of ``terms`` sorted by name in the search table, then joined to
    ``person p`` in that order, so a page reads ``person`` only for its own rows (and those
    the caller's filters drop); order the outer query by ``PG_NAME_ORDER``. ``after``: only
    matches after the name key and id bound as ``:k0`` and ``:k1`` (keyset paging)."""
    where, params = _pg_terms(terms)
    probe = f"SELECT 1 FROM person_search s WHERE {where}"
    if after:
        where += f" AND ({', '.join(PG_NAME_ORDER)}) {'<' if descending else '>'} (:k0, :k1)"
    direction = " DESC" if descending else ""
    order = ", ".join(key + direction for key in PG_NAME_ORDER)
    source = (
        f"(SELECT s.person_id, s.name_key FROM person_search s WHERE {where} "
        f"ORDER BY {order} OFFSET 0) s JOIN person p ON p.id = s.person_id"
    )
    return IndexMatch(source=source, where=[], params=params, probe=probe)


# --- bulk writers ----------------------------------------------------------------------------


@contextmanager
def triggers_suspended(conn: Executor) -> Iterator[None]:
    """Within a write transaction: no search trigger fires until the block ends."""
    if _is_postgresql(conn):
        conn.execute(text("SELECT set_config(:name, 'on', true)"), {"name": PG_DEFERRED_SETTING})
        yield  # a rollback ends the setting with the transaction
        conn.execute(text("SELECT set_config(:name, 'off', true)"), {"name": PG_DEFERRED_SETTING})
        return
    names = json.dumps(SEARCH_TRIGGERS)
    stored = conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name IN (SELECT value FROM json_each(:names))"
        ),
        {"names": names},
    ).all()
    for name, _sql in stored:
        conn.execute(text(f'DROP TRIGGER "{name}"'))
    yield  # on an error the caller's rollback brings the triggers back
    for _name, sql in stored:
        conn.execute(text(sql))


def _set_fts(conn: Executor, key: str, value: int) -> None:
    conn.execute(
        text("INSERT INTO person_search(person_search, rank) VALUES (:key, :value)"),
        {"key": key, "value": value},
    )


@contextmanager
def bulk_indexing(conn: Executor) -> Iterator[None]:
    """Within a write transaction: the search index keeps what the block indexes in memory
    (up to 16 MB; 20,000 people need between 6 and 8) and writes it as one segment, without
    merging it into the existing index meanwhile; the settings stored before are put back
    before the block ends (a rollback restores them too). SQLite's FTS5 only: a GIN index
    has no such settings worth changing for one statement."""
    if _is_postgresql(conn):
        yield
        return
    names = json.dumps(sorted(BULK_FTS_SETTINGS))
    stored = dict(
        conn.execute(
            text(
                "SELECT k, v FROM person_search_config "
                "WHERE k IN (SELECT value FROM json_each(:names))"
            ),
            {"names": names},
        ).all()
    )
    for key, value in BULK_FTS_SETTINGS.items():
        _set_fts(conn, key, value)
    yield
    for key in BULK_FTS_SETTINGS:
        _set_fts(conn, key, int(stored.get(key, FTS_DEFAULTS[key])))


def max_person_rowid(conn: Executor) -> int:
    """SQLite: the highest rowid of ``person`` (new rows get the next ones)."""
    return int(conn.execute(text("SELECT coalesce(max(rowid), 0) FROM person")).scalar() or 0)


def index_people(
    conn: Executor, *, inserted_after: int | None = None, changed: Iterable[int] = ()
) -> None:
    """SQLite: (re)index people by rowid: every row above ``inserted_after`` (rows just added;
    SQLite gives new rows max(rowid)+1) and the rows ``changed``, under ``bulk_indexing``."""
    changed_json = json.dumps(sorted(set(changed)))
    if inserted_after is None and changed_json == "[]":
        return
    with bulk_indexing(conn):
        _index_people(conn, inserted_after, changed_json)


def _index_people(conn: Executor, inserted_after: int | None, changed_json: str) -> None:
    if changed_json != "[]":
        conn.execute(
            text("DELETE FROM person_search WHERE rowid IN (SELECT value FROM json_each(:ids))"),
            {"ids": changed_json},
        )
        conn.execute(
            text(
                "INSERT INTO person_search(rowid, doc) SELECT rowid, doc FROM person_search_doc "
                "WHERE rowid IN (SELECT value FROM json_each(:ids))"
            ),
            {"ids": changed_json},
        )
    if inserted_after is not None:
        conn.execute(
            text(
                "INSERT INTO person_search(rowid, doc) SELECT rowid, doc FROM person_search_doc "
                "WHERE rowid > :after"
            ),
            {"after": inserted_after},
        )


def _changed_rowids(conn: Executor, ids: Sequence[str]) -> list[int]:
    if not ids:
        return []
    return list(
        conn.execute(
            text("SELECT p.rowid FROM json_each(:ids) j CROSS JOIN person p ON p.id = j.value"),
            {"ids": json.dumps(list(ids))},
        ).scalars()
    )


def _pg_index(conn: Executor, ids: Sequence[str]) -> None:
    if not ids:
        return
    conn.execute(
        text(
            "INSERT INTO person_search (person_id, name_key, doc) "
            "SELECT d.person_id, d.name_key, d.doc "
            "FROM json_array_elements_text(CAST(:ids AS json)) AS i(id) "
            "JOIN person_search_doc d ON d.person_id = i.id ON CONFLICT (person_id) "
            "DO UPDATE SET name_key = EXCLUDED.name_key, doc = EXCLUDED.doc"
        ),
        # One JSON text: a list would be escaped element by element (20,000 ids of a merge).
        {"ids": json.dumps(list(ids))},
    )
    # A GIN index first gathers new entries in a pending list that every search reads through
    # (and that makes the planner shun the index) until a vacuum merges it: merge it now, in
    # bulk, as the vacuum would (which only the index's owner may ask for: else autovacuum).
    conn.execute(
        text(
            "SELECT gin_clean_pending_list(c.oid) FROM pg_class c "
            "WHERE c.oid = 'ix_person_search_doc'::regclass AND pg_has_role(c.relowner, 'MEMBER')"
        )
    )


@dataclass
class PendingIndex:
    """The people a bulk writer wrote inside ``deferred_index``, to index when it ends."""

    added: list[str] = field(default_factory=list)  # ids of people inserted
    changed: list[str] = field(default_factory=list)  # ids of people whose text may differ
    # SQLite: the highest rowid before the block (new rows get the next ones).
    inserted_after: int = 0


def index_pending(conn: Executor, pending: PendingIndex) -> None:
    """Index what a bulk writer wrote (``deferred_index`` calls it as its block ends)."""
    if _is_postgresql(conn):
        _pg_index(conn, [*pending.added, *pending.changed])
        return
    # New rows are found by rowid, one range: cheaper than looking each id up.
    index_people(
        conn,
        inserted_after=pending.inserted_after if pending.added else None,
        changed=_changed_rowids(conn, pending.changed),
    )


@contextmanager
def deferred_index(conn: Executor) -> Iterator[PendingIndex]:
    """Within a write transaction: the search triggers stand aside while the block writes
    people; the block lists the ids it inserted (``added``) and changed (``changed``) on the
    object it gets, and they are indexed, one statement each, before the block ends."""
    pending = PendingIndex()
    if not _is_postgresql(conn):
        pending.inserted_after = max_person_rowid(conn)
    with triggers_suspended(conn):
        yield pending
        index_pending(conn, pending)


# --- repair and check ------------------------------------------------------------------------


def rebuild_search_index(conn: Executor) -> int:
    """Index every person again from scratch; returns the number of rows indexed."""
    conn.execute(text("DELETE FROM person_search"))
    if _is_postgresql(conn):
        conn.execute(
            text(
                "INSERT INTO person_search (person_id, name_key, doc) "
                "SELECT person_id, name_key, doc FROM person_search_doc"
            )
        )
    else:
        conn.execute(
            text("INSERT INTO person_search(rowid, doc) SELECT rowid, doc FROM person_search_doc")
        )
    return int(conn.execute(text("SELECT count(*) FROM person_search")).scalar() or 0)


def search_index_mismatches(conn: Executor) -> int:
    """How many people the index lacks, holds stale, or holds without a person row."""
    if _is_postgresql(conn):
        key, person_key = "person_id", "id"
        doc_differs = "(s.doc, s.name_key) IS DISTINCT FROM (d.doc, d.name_key)"
    else:
        key, doc_differs, person_key = "rowid", "s.doc IS NOT d.doc", "rowid"
    missing_or_stale = conn.execute(
        text(
            f"SELECT count(*) FROM person_search_doc d "
            f"LEFT JOIN person_search s ON s.{key} = d.{key} "
            f"WHERE s.{key} IS NULL OR {doc_differs}"
        )
    ).scalar()
    orphans = conn.execute(
        text(
            "SELECT count(*) FROM person_search s "
            f"WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.{person_key} = s.{key})"
        )
    ).scalar()
    return int(missing_or_stale or 0) + int(orphans or 0)

"""The people's search index (FTS5 trigram table ``person_search``, migration 0002).

Triggers keep it in step with ``person`` and ``agency`` row by row. Bulk writers instead call
``triggers_suspended`` inside their own write transaction: it drops the triggers and puts them
back, exactly as stored, before the transaction commits (other connections never see them
missing; a rollback restores them too). Then ``index_people`` indexes every row written with
one statement. Both matter for speed: the mere presence of a row trigger costs about 10 us
per inserted row, and FTS5 flushes its pending terms at the end of every statement, so one
statement per row is about ten times slower than one for all.

That statement runs under ``bulk_indexing``: FTS5 keeps up to 1 MB of pending terms in memory
by default, so 20,000 people were written as some twenty small segments, each merged again
into the others and, in a large roster, into the existing index (the merging was half of the
indexing time into an empty roster and two thirds into one of 100,000). With room for the
whole batch the import writes one segment; FTS5's usual merging folds it in later, a little
at each write, as it does with every segment.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

Executor = Session | Connection
SEARCH_TRIGGERS = ("person_search_ai", "person_search_au", "person_search_ad", "agency_search_au")
# FTS5 settings while one statement indexes a batch (bulk_indexing), and their defaults.
BULK_FTS_SETTINGS = {"hashsize": 16 * 1024 * 1024, "automerge": 0}
FTS_DEFAULTS = {"hashsize": 1024 * 1024, "automerge": 4}


@contextmanager
def triggers_suspended(conn: Executor) -> Iterator[None]:
    """Within a write transaction: no search trigger fires until the block ends."""
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
    before the block ends (a rollback restores them too)."""
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
    return int(conn.execute(text("SELECT coalesce(max(rowid), 0) FROM person")).scalar() or 0)


def index_people(
    conn: Executor, *, inserted_after: int | None = None, changed: Iterable[int] = ()
) -> None:
    """(Re)index people: every row whose rowid is above ``inserted_after`` (rows just added;
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


def rebuild_search_index(conn: Executor) -> int:
    """Index every person again from scratch; returns the number of rows indexed."""
    conn.execute(text("DELETE FROM person_search"))
    conn.execute(
        text("INSERT INTO person_search(rowid, doc) SELECT rowid, doc FROM person_search_doc")
    )
    return int(conn.execute(text("SELECT count(*) FROM person_search")).scalar() or 0)


def search_index_mismatches(conn: Executor) -> int:
    """How many people the index lacks, holds stale, or holds without a person row."""
    missing_or_stale = conn.execute(
        text(
            "SELECT count(*) FROM person_search_doc d "
            "LEFT JOIN person_search s ON s.rowid = d.rowid "
            "WHERE s.rowid IS NULL OR s.doc IS NOT d.doc"
        )
    ).scalar()
    orphans = conn.execute(
        text(
            "SELECT count(*) FROM person_search s "
            "WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.rowid = s.rowid)"
        )
    ).scalar()
    return int(missing_or_stale or 0) + int(orphans or 0)

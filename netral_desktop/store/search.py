"""The people's search index (FTS5 trigram table ``person_search``, migration 0002).

Triggers keep it in step with ``person`` and ``agency`` row by row. A bulk writer instead
suspends them inside its own transaction (other connections never see the suspension, which
is committed away with the rows) and indexes every row it wrote with one statement, since
FTS5 flushes its pending terms at the end of each statement: one statement per row is about
ten times slower.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

Executor = Session | Connection


@contextmanager
def triggers_suspended(conn: Executor) -> Iterator[None]:
    """Within a write transaction: the search triggers do nothing until the block ends."""
    conn.execute(text("INSERT OR IGNORE INTO search_suspend(name) VALUES ('bulk')"))
    try:
        yield
    finally:
        conn.execute(text("DELETE FROM search_suspend"))


def max_person_rowid(conn: Executor) -> int:
    return int(conn.execute(text("SELECT coalesce(max(rowid), 0) FROM person")).scalar() or 0)


def index_people(
    conn: Executor, *, inserted_after: int | None = None, changed: Iterable[int] = ()
) -> None:
    """(Re)index people: every row whose rowid is above ``inserted_after`` (rows just added;
    SQLite gives new rows max(rowid)+1) and the rows ``changed``."""
    changed_json = json.dumps(sorted(set(changed)))
    if changed_json != "[]":
        conn.execute(
            text("DELETE FROM person_search WHERE rowid IN (SELECT value FROM json_each(:ids))"),
            {"ids": changed_json},
        )
        conn.execute(
            text(
                "INSERT INTO person_search(rowid, body, ids) SELECT rowid, body, ids "
                "FROM person_search_doc WHERE rowid IN (SELECT value FROM json_each(:ids))"
            ),
            {"ids": changed_json},
        )
    if inserted_after is not None:
        conn.execute(
            text(
                "INSERT INTO person_search(rowid, body, ids) SELECT rowid, body, ids "
                "FROM person_search_doc WHERE rowid > :after"
            ),
            {"after": inserted_after},
        )


def rebuild_search_index(conn: Executor) -> int:
    """Index every person again from scratch; returns the number of rows indexed."""
    conn.execute(text("DELETE FROM person_search"))
    conn.execute(
        text(
            "INSERT INTO person_search(rowid, body, ids) "
            "SELECT rowid, body, ids FROM person_search_doc"
        )
    )
    return int(conn.execute(text("SELECT count(*) FROM person_search")).scalar() or 0)


def search_index_mismatches(conn: Executor) -> int:
    """How many people the index lacks, holds stale, or holds without a person row."""
    missing_or_stale = conn.execute(
        text(
            "SELECT count(*) FROM person_search_doc d "
            "LEFT JOIN person_search s ON s.rowid = d.rowid "
            "WHERE s.rowid IS NULL OR s.body IS NOT d.body OR s.ids IS NOT d.ids"
        )
    ).scalar()
    orphans = conn.execute(
        text(
            "SELECT count(*) FROM person_search s "
            "WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.rowid = s.rowid)"
        )
    ).scalar()
    return int(missing_or_stale or 0) + int(orphans or 0)

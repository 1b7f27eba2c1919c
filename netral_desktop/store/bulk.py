"""Bulk writes and lookups through the driver, the engine's own fast way, behind one seam.

SQLAlchemy's per-row parameter handling costs more than the inserts of an import, so bulk
writers hand the driver plain tuples: ``executemany`` on SQLite (sqlite3's qmark style), and
on PostgreSQL psycopg's ``executemany``, which pipelines the statements in one round trip.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.engine import Connection
from sqlmodel import Session

Executor = Session | Connection


def connection_of(executor: Executor) -> Connection:
    return executor.connection() if isinstance(executor, Session) else executor


def placeholder(conn: Connection) -> str:
    """The driver's positional placeholder: ``?`` (sqlite3) or ``%s`` (psycopg)."""
    return "?" if conn.dialect.paramstyle == "qmark" else "%s"


def among_ids(conn: Connection, column: str) -> str:
    """SQL: ``column`` among the ids given as ONE JSON array parameter (``ids_param``),
    whatever their count. (A Python list on PostgreSQL is dumped element by element: 0.8 s
    for a district's 67,000 ids.)"""
    if conn.dialect.paramstyle == "qmark":
        return f"{column} IN (SELECT value FROM json_each(?))"
    return f"{column} IN (SELECT json_array_elements_text(%s::json))"


def ids_param(ids: Iterable[str]) -> str:
    return json.dumps(list(ids))


def insert_tuples(
    executor: Executor, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """INSERT every row (a tuple in ``columns`` order) with one driver call; returns the count."""
    batch = [tuple(row) for row in rows]
    if not batch:
        return 0
    conn = connection_of(executor)
    marks = ", ".join([placeholder(conn)] * len(columns))
    conn.exec_driver_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
        batch,
    )
    return len(batch)


def copy_tuples(
    executor: Executor, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """As ``insert_tuples``, for many rows at once (a sync merge): on PostgreSQL through
    ``COPY ... FROM STDIN`` (psycopg's executemany still sends one statement per row, ten
    times slower for tens of thousands); on SQLite the same ``executemany``."""
    conn = connection_of(executor)
    if conn.dialect.name != "postgresql":
        return insert_tuples(executor, table, columns, rows)
    count = 0
    driver = conn.connection.driver_connection
    assert driver is not None
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count

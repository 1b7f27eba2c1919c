"""What the pledge queries do differently on SQLite and PostgreSQL, in one place (each helper
takes ``postgresql``: whether the session's engine is PostgreSQL).

- A list of ids (thousands when inviting) is one parameter, not thousands: ``json_each`` of a
  JSON text on SQLite, ``= ANY`` of an array on PostgreSQL.
- "Contains" is an exact, case-kept substring test: ``instr`` on SQLite, ``strpos`` on
  PostgreSQL (no LIKE, so a typed ``%`` or ``_`` is only itself).
- Names sort in byte order on both (SQLite's BINARY; ``COLLATE "C"`` on PostgreSQL, whatever
  the database's locale), so lists and sheets come out in the same order everywhere.
- An invitee's current mark (the newest live one) is joined through one index probe per
  invitee: a correlated ``c.id = (SELECT ... LIMIT 1)`` on SQLite, a ``LATERAL`` subquery on
  PostgreSQL.

The statements marking at the door runs (a few per person) are built once per engine, with
named parameters, and kept: building them anew each time (aliasing tables, coercing clauses,
computing the cache key) cost more than running them on SQLite.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, FromClause, String, any_, bindparam, false, func, select, true
from sqlalchemy.dialects.postgresql import ARRAY

from netral_desktop.store.bulk import Executor
from netral_desktop.store.locks import dialect_of
from netral_desktop.store.models import Attendance, Invitee

INVITEE = Invitee.__table__  # type: ignore[attr-defined]
ATTENDANCE = Attendance.__table__  # type: ignore[attr-defined]


def is_postgresql(executor: Executor) -> bool:
    return dialect_of(executor) == "postgresql"


def without_parallel_workers(executor: Executor) -> None:
    """PostgreSQL, for the rest of the transaction: no parallel workers. A page of a
    ceremony's invitees is a few milliseconds of work; starting a worker for it cost ~25 ms on
    the 2-core build machine (31 ms with, 8 ms without), paid again at every mark at the door."""
    if is_postgresql(executor):
        executor.execute(select(func.set_config("max_parallel_workers_per_gather", "0", True)))


def id_list(postgresql: bool, values: Sequence[str]) -> Any:
    """``values`` as ``member_of`` binds them: a JSON text (SQLite) or an array."""
    return list(values) if postgresql else json.dumps(list(values))


def member_of(
    postgresql: bool, column: Any, name: str, values: Sequence[str] | None = None
) -> ColumnElement[bool]:
    """``column`` is one of the values bound to ``name`` (``id_list`` of them; ``values``
    binds them now), one parameter however many there are."""
    value = None if values is None else id_list(postgresql, values)
    if postgresql:
        return column == any_(bindparam(name, value, type_=ARRAY(String)))  # type: ignore[no-any-return]
    listed = func.json_each(bindparam(name, value, type_=String)).table_valued("value")
    return column.in_(select(listed.c.value))  # type: ignore[no-any-return]


def has_part(postgresql: bool, haystack: Any, needle: Any) -> ColumnElement[bool]:
    """``needle`` occurs in ``haystack`` (exactly, case kept); NULL never contains anything."""
    position = func.strpos if postgresql else func.instr
    return position(haystack, needle) > 0


def byte_order(postgresql: bool, column: Any) -> Any:
    """``column`` to sort by in byte order (code point order for UTF-8) on either engine."""
    return column.collate("C") if postgresql else column


def mark_order(marks: Any) -> tuple[Any, ...]:
    """Newest first: the mark that is an invitee's status comes first."""
    return (marks.c.marked_at.desc(), marks.c.updated_at.desc(), marks.c.id.desc())


@cache
def with_current_mark(postgresql: bool) -> tuple[FromClause, Any]:
    """``invitee LEFT JOIN`` its current mark: the FROM clause and the mark's columns (``id``,
    ``status``, ``note``, ``marked_at``, ``marked_by``; all NULL for an invitee not marked).

    One index probe per invitee (ix_attendance_invitee) on both engines: joining a
    window-function subquery instead made SQLite scan it once per invitee, 100 ms at 2,000
    invitees. Built once per engine (aliasing a table builds its column proxies).
    """
    marks = ATTENDANCE.alias("a")
    newest = (
        select(marks.c.id, marks.c.status, marks.c.note, marks.c.marked_at, marks.c.marked_by)
        .where(marks.c.invitee_id == INVITEE.c.id, marks.c.deleted == false())
        .order_by(*mark_order(marks))
        .limit(1)
    )
    if postgresql:
        current = newest.lateral("c")
        return INVITEE.outerjoin(current, true()), current.c
    latest_id = newest.with_only_columns(marks.c.id).correlate(INVITEE).scalar_subquery()
    current_row = ATTENDANCE.alias("c")
    return INVITEE.outerjoin(current_row, current_row.c.id == latest_id), current_row.c

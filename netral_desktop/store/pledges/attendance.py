"""Queries of attendance marks: an invitee's current mark, the acting user's last mark (for
undo), the event's tallies per status (overall or per agency), and the bulk insert of marks
(marking at the door writes one; the demo, thousands)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

import sqlmodel
from sqlalchemy import Select, bindparam, false, func, select
from sqlmodel import Session, col

from netral_desktop.store import synced
from netral_desktop.store.bulk import Executor
from netral_desktop.store.models import Attendance, Invitee
from netral_desktop.store.pledges.seams import (
    ATTENDANCE,
    INVITEE,
    is_postgresql,
    mark_order,
    with_current_mark,
)
from netral_desktop.store.synced import WriteStamp

# The data columns of attendance, in the order of ``NewMark``.
MARK_COLUMNS = ("event_id", "invitee_id", "status", "note", "marked_at", "marked_by")


class NewMark(NamedTuple):
    event_id: str
    invitee_id: str
    status: str
    note: str
    marked_at: str  # iso_utc
    marked_by: str  # username


class CurrentMark(NamedTuple):
    id: str
    status: str
    note: str
    marked_at: str
    marked_by: str


class Tally(NamedTuple):
    """How many live invitees of one kind (walk-in or not) have one current status ("" for
    not marked), in one agency ("" when not counted per agency)."""

    agency_name: str
    walk_in: bool
    status: str
    invitees: int


_CURRENT_MARK = (
    select(
        ATTENDANCE.c.id,
        ATTENDANCE.c.status,
        ATTENDANCE.c.note,
        ATTENDANCE.c.marked_at,
        ATTENDANCE.c.marked_by,
    )
    .where(ATTENDANCE.c.invitee_id == bindparam("invitee_id"), ATTENDANCE.c.deleted == false())
    .order_by(*mark_order(ATTENDANCE))
    .limit(1)
)


def current_mark(session: Session, *, invitee_id: str) -> CurrentMark | None:
    """The invitee's newest live mark: their status."""
    row = session.execute(_CURRENT_MARK, {"invitee_id": invitee_id}).first()
    return CurrentMark(*row) if row else None


def last_mark_by(session: Session, *, event_id: str, username: str) -> Attendance | None:
    """The newest live mark ``username`` made in the event, of an invitee still listed (an
    ORM row the caller may tombstone)."""
    return session.exec(
        sqlmodel.select(Attendance)
        .join(Invitee, col(Invitee.id) == col(Attendance.invitee_id))
        .where(
            col(Attendance.event_id) == event_id,
            col(Attendance.marked_by) == username,
            col(Attendance.deleted) == false(),
            col(Invitee.deleted) == false(),
        )
        .order_by(*mark_order(ATTENDANCE))
        .limit(1)
    ).first()


@cache
def _tally_statement(postgresql: bool, per_agency: bool) -> Select[Any]:
    source, mark = with_current_mark(postgresql)
    columns: list[Any] = [INVITEE.c.walk_in, func.coalesce(mark.status, ""), func.count()]
    groups: list[Any] = [INVITEE.c.walk_in, mark.status]
    if per_agency:
        columns.insert(0, INVITEE.c.agency_name)
        groups.insert(0, INVITEE.c.agency_name)
    return (
        select(*columns)
        .select_from(source)
        .where(INVITEE.c.event_id == bindparam("event_id"), INVITEE.c.deleted == false())
        .group_by(*groups)
    )


def tallies(session: Session, *, event_id: str, per_agency: bool = False) -> list[Tally]:
    """The event's live invitees counted by (agency,) walk-in or not, and current status."""
    statement = _tally_statement(is_postgresql(session), per_agency)
    out = []
    for row in session.execute(statement, {"event_id": event_id}).all():
        agency_name = row[0] if per_agency else ""
        walk_in, status, count = row[-3:]
        out.append(Tally(agency_name, bool(walk_in), status, int(count)))
    return out


def insert_marks(
    executor: Executor,
    *,
    marks: Sequence[NewMark],
    stamp: WriteStamp,
    ids: Sequence[str] | None = None,
    audit: Sequence[dict[str, Any]] = (),
) -> list[str]:
    """Insert new marks through the synced-row primitive, with their audit entries; returns
    their ids (``ids``, else new ones in order)."""
    if isinstance(executor, Session):
        executor.flush()
    return synced.insert_rows(
        executor, "attendance", MARK_COLUMNS, marks, stamp, ids=ids, audit=audit
    )

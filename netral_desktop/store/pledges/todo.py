"""What the ceremonies still need (the home page's "Perlu dikerjakan"), on both engines:
walk-ins not yet matched with the roster, past ceremonies whose signed sheet has not been
attached, coming ceremonies whose attendance sheet has not been issued."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import exists, false, func, select, true
from sqlmodel import Session, col

from netral_desktop.store.models import (
    Attachment,
    Attendance,
    Invitee,
    IssuedDocument,
    PledgeEvent,
)


class EventTodo(NamedTuple):
    event_id: str
    title: str
    starts_at: str  # iso_utc
    number: int  # walk-ins to match, marks made, invitees to print for


class TodoList(NamedTuple):
    rows: list[EventTodo]  # the first ``limit``
    total: int  # how many events in all


def _live_event() -> Any:
    return col(PledgeEvent.deleted) == false()


def _listed(session: Session, statement: Any, *, order: Any, limit: int) -> TodoList:
    total = session.execute(select(func.count()).select_from(statement.subquery())).scalar()
    rows = [EventTodo(*row) for row in session.execute(statement.order_by(order).limit(limit))]
    return TodoList(rows, int(total or 0))


def walk_ins_to_match(session: Session, *, limit: int) -> TodoList:
    """Events with walk-ins not matched to a roster person, latest first."""
    statement = (
        select(
            col(PledgeEvent.id),
            col(PledgeEvent.title),
            col(PledgeEvent.starts_at),
            func.count(col(Invitee.id)),
        )
        .join(Invitee, col(Invitee.event_id) == col(PledgeEvent.id))
        .where(
            _live_event(),
            col(Invitee.deleted) == false(),
            col(Invitee.walk_in) == true(),
            col(Invitee.person_id).is_(None),
        )
        .group_by(PledgeEvent.id, PledgeEvent.title, PledgeEvent.starts_at)
    )
    return _listed(session, statement, order=col(PledgeEvent.starts_at).desc(), limit=limit)


def sheets_to_attach(session: Session, *, after: str, before: str, limit: int) -> TodoList:
    """Ceremonies held between ``after`` and ``before`` with attendance marks but no attached
    scan (the signed sheet is the evidence), latest first."""
    marks = (
        select(func.count(col(Attendance.id)))
        .where(col(Attendance.event_id) == col(PledgeEvent.id), col(Attendance.deleted) == false())
        .correlate(PledgeEvent)
        .scalar_subquery()
    )
    attached = exists(
        select(col(Attachment.id)).where(
            col(Attachment.owner_table) == "pledge_event",
            col(Attachment.owner_id) == col(PledgeEvent.id),
            col(Attachment.deleted) == false(),
        )
    ).correlate(PledgeEvent)
    statement = select(
        col(PledgeEvent.id), col(PledgeEvent.title), col(PledgeEvent.starts_at), marks
    ).where(
        _live_event(),
        col(PledgeEvent.starts_at) >= after,
        col(PledgeEvent.starts_at) < before,
        marks > 0,
        ~attached,
    )
    return _listed(session, statement, order=col(PledgeEvent.starts_at).desc(), limit=limit)


def sheets_to_issue(
    session: Session, *, form: str, record_kind: str, start: str, end: str, limit: int
) -> TodoList:
    """Ceremonies between ``start`` and ``end`` with invitees whose ``form`` (the attendance
    sheet) has not been issued yet, soonest first."""
    invitees = (
        select(func.count(col(Invitee.id)))
        .where(col(Invitee.event_id) == col(PledgeEvent.id), col(Invitee.deleted) == false())
        .correlate(PledgeEvent)
        .scalar_subquery()
    )
    issued = exists(
        select(col(IssuedDocument.id)).where(
            col(IssuedDocument.form) == form,
            col(IssuedDocument.record_kind) == record_kind,
            col(IssuedDocument.record_id) == col(PledgeEvent.id),
            col(IssuedDocument.deleted) == false(),
        )
    ).correlate(PledgeEvent)
    statement = select(
        col(PledgeEvent.id), col(PledgeEvent.title), col(PledgeEvent.starts_at), invitees
    ).where(
        _live_event(),
        col(PledgeEvent.starts_at) >= start,
        col(PledgeEvent.starts_at) < end,
        invitees > 0,
        ~issued,
    )
    return _listed(session, statement, order=col(PledgeEvent.starts_at), limit=limit)

"""Queries of the roster as pledge events use it: who an invitation would add (by agency,
unit, status or person, thousands at once), the units to invite by, a walk-in's NIP, and the
people the demo's ceremonies invite."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

import sqlmodel
from sqlalchemy import (
    ColumnElement,
    Select,
    bindparam,
    case,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    true,
)
from sqlmodel import Session, col

from netral_desktop.store.models import Agency, Person
from netral_desktop.store.pledges.seams import (
    INVITEE,
    byte_order,
    id_list,
    is_postgresql,
    member_of,
)

PERSON = Person.__table__  # type: ignore[attr-defined]
AGENCY = Agency.__table__  # type: ignore[attr-defined]


class Invitable(NamedTuple):
    """A person of the roster an invitation matches, as the invitee would copy them (the
    first nine fields in the order of ``NewInvitee``'s after ``event_id``)."""

    person_id: str
    full_name: str
    name_key: str
    nip: str | None  # the NIP, else the NI PPPK
    status: str
    jabatan: str
    unit_kerja: str
    agency_id: str | None
    agency_name: str
    invited: bool  # on the event's list already


class AgencyPerson(NamedTuple):
    """An active person of a live agency, with the agency (the demo's ceremonies)."""

    agency_id: str
    agency_name: str
    agency_short_name: str
    agency_kind: str
    agency_head_name: str
    person_id: str
    full_name: str
    name_key: str
    nip: str | None
    status: str
    jabatan: str
    unit_kerja: str


def person_with_number(session: Session, *, digits: str) -> Person | None:
    """A live person of the roster whose NIP or NI PPPK is ``digits``."""
    return session.exec(
        sqlmodel.select(Person)
        .where(
            or_(col(Person.nip) == digits, col(Person.ni_pppk) == digits),
            col(Person.deleted) == false(),
        )
        .limit(1)
    ).first()


class _Shape(NamedTuple):
    """Which criteria an invitation names (the statement differs only by these)."""

    agencies: bool
    unit: bool
    statuses: bool
    people: bool
    include_inactive: bool


def _shape_and_params(
    postgresql: bool,
    *,
    event_id: str,
    agency_ids: Sequence[str],
    unit_kerja: str | None,
    statuses: Sequence[str],
    person_ids: Sequence[str],
    include_inactive: bool,
) -> tuple[_Shape, dict[str, Any]]:
    shape = _Shape(
        bool(agency_ids), unit_kerja is not None, bool(statuses), bool(person_ids), include_inactive
    )
    params: dict[str, Any] = {"event_id": event_id}
    if shape.agencies:
        params["agency_ids"] = id_list(postgresql, agency_ids)
    if shape.unit:
        params["unit_kerja"] = unit_kerja
    if shape.statuses:
        params["statuses"] = id_list(postgresql, statuses)
    if shape.people:
        params["person_ids"] = id_list(postgresql, person_ids)
    return shape, params


def _criteria(postgresql: bool, shape: _Shape) -> list[ColumnElement[bool]]:
    where = [PERSON.c.deleted == false()]
    if not shape.include_inactive:
        where.append(PERSON.c.active == true())
    if shape.agencies:
        where.append(member_of(postgresql, PERSON.c.agency_id, "agency_ids"))
    if shape.unit:
        where.append(func.lower(PERSON.c.unit_kerja) == func.lower(bindparam("unit_kerja")))
    if shape.statuses:
        where.append(member_of(postgresql, PERSON.c.status, "statuses"))
    if shape.people:
        where.append(member_of(postgresql, PERSON.c.id, "person_ids"))
    return where


_LISTED = INVITEE.alias("x")
_INVITED = exists().where(
    _LISTED.c.event_id == bindparam("event_id"),
    _LISTED.c.person_id == PERSON.c.id,
    _LISTED.c.deleted == false(),
)


@cache
def _invitable_statement(postgresql: bool, shape: _Shape) -> Select[Any]:
    # SQLite's rowid is the order people were added; on PostgreSQL their time-ordered ids.
    order = PERSON.c.id if postgresql else literal_column("person.rowid")
    return (
        select(
            PERSON.c.id,
            PERSON.c.full_name,
            PERSON.c.name_key,
            func.coalesce(PERSON.c.nip, PERSON.c.ni_pppk),
            PERSON.c.status,
            PERSON.c.jabatan,
            PERSON.c.unit_kerja,
            PERSON.c.agency_id,
            func.coalesce(AGENCY.c.name, ""),
            _INVITED,
        )
        .select_from(PERSON.outerjoin(AGENCY, AGENCY.c.id == PERSON.c.agency_id))
        .where(*_criteria(postgresql, shape))
        .order_by(order)
    )


@cache
def _invitable_count_statement(postgresql: bool, shape: _Shape) -> Select[Any]:
    already = func.coalesce(func.sum(case((_INVITED, 1), else_=0)), 0)
    return select(func.count(), already).select_from(PERSON).where(*_criteria(postgresql, shape))


def invitable(
    session: Session,
    *,
    event_id: str,
    agency_ids: Sequence[str] = (),
    unit_kerja: str | None = None,
    statuses: Sequence[str] = (),
    person_ids: Sequence[str] = (),
    include_inactive: bool = False,
) -> list[Invitable]:
    """Live people of the roster matching every criterion given (``unit_kerja``: the unit's
    name, case ignored), each marked whether they are on the event's list already; in the
    roster's order of insertion."""
    postgresql = is_postgresql(session)
    shape, params = _shape_and_params(
        postgresql,
        event_id=event_id,
        agency_ids=agency_ids,
        unit_kerja=unit_kerja,
        statuses=statuses,
        person_ids=person_ids,
        include_inactive=include_inactive,
    )
    rows = session.execute(_invitable_statement(postgresql, shape), params).all()
    return [Invitable._make((*row[:9], bool(row[9]))) for row in rows]


def invitable_count(
    session: Session,
    *,
    event_id: str,
    agency_ids: Sequence[str] = (),
    unit_kerja: str | None = None,
    statuses: Sequence[str] = (),
    person_ids: Sequence[str] = (),
    include_inactive: bool = False,
) -> tuple[int, int]:
    """(people matching, of whom on the list already), with the criteria of ``invitable``."""
    postgresql = is_postgresql(session)
    shape, params = _shape_and_params(
        postgresql,
        event_id=event_id,
        agency_ids=agency_ids,
        unit_kerja=unit_kerja,
        statuses=statuses,
        person_ids=person_ids,
        include_inactive=include_inactive,
    )
    row = session.execute(_invitable_count_statement(postgresql, shape), params).one()
    return int(row[0]), int(row[1])


def units(session: Session, *, agency_id: str | None = None) -> list[tuple[str, int]]:
    """Unit names (case ignored) with their number of active people, by name."""
    key = func.lower(PERSON.c.unit_kerja)
    statement = select(func.min(PERSON.c.unit_kerja), func.count()).where(
        PERSON.c.deleted == false(), PERSON.c.active == true(), PERSON.c.unit_kerja != ""
    )
    if agency_id:
        statement = statement.where(PERSON.c.agency_id == agency_id)
    order = byte_order(is_postgresql(session), key)
    rows = session.execute(statement.group_by(key).order_by(order)).all()
    return [(row[0], int(row[1])) for row in rows]


def agency_people(session: Session) -> list[AgencyPerson]:
    """Every active person of a live agency, by agency name then person id."""
    rows = session.execute(
        select(
            AGENCY.c.id,
            AGENCY.c.name,
            AGENCY.c.short_name,
            AGENCY.c.kind,
            AGENCY.c.head_name,
            PERSON.c.id,
            PERSON.c.full_name,
            PERSON.c.name_key,
            func.coalesce(PERSON.c.nip, PERSON.c.ni_pppk),
            PERSON.c.status,
            PERSON.c.jabatan,
            PERSON.c.unit_kerja,
        )
        .select_from(AGENCY.join(PERSON, PERSON.c.agency_id == AGENCY.c.id))
        .where(AGENCY.c.deleted == false(), PERSON.c.deleted == false(), PERSON.c.active == true())
        .order_by(byte_order(is_postgresql(session), AGENCY.c.name_key), PERSON.c.id)
    ).all()
    return [AgencyPerson(*row) for row in rows]

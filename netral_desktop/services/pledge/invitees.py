"""Who is invited to an event: inviting from the roster (by agency, unit, status or person,
thousands at once through SQLAlchemy Core), the invitees list with each one's current
attendance, and taking someone off the list."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import text
from sqlmodel import Session

from netral_desktop.core.errors import ValidationError
from netral_desktop.core.ids import new_ids
from netral_desktop.core.pledge import AttendanceStatus, parse_mark_query
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import clean_text
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.pledge.common import (
    WITH_MARK,
    live_event,
    live_invitee,
    match_clause,
)
from netral_desktop.services.roster import live_agency


class InviteeRow(NamedTuple):
    """An invitee with their current attendance (``status`` None: not marked yet)."""

    id: str
    event_id: str
    person_id: str | None
    full_name: str
    nip: str | None
    roster_status: str
    jabatan: str
    unit_kerja: str
    agency_id: str | None
    agency_name: str
    walk_in: bool
    status: str | None
    note: str
    marked_at: str | None  # iso_utc
    marked_by: str | None
    revision: int


@dataclass(frozen=True)
class InviteResult:
    added: int
    already: int  # matched but already on the list


_INVITEE_COLUMNS = (
    "i.id, i.event_id, i.person_id, i.full_name, i.nip, i.status, i.jabatan, i.unit_kerja, "
    "i.agency_id, i.agency_name, i.walk_in, c.status, coalesce(c.note, ''), c.marked_at, "
    "c.marked_by, i.revision"
)
INVITEE_ORDER = "i.agency_name = '', i.agency_name, i.name_key, i.id"
BELUM = "belum"  # the status filter for invitees not marked yet


def _invitee_row(row: Sequence[Any]) -> InviteeRow:
    return InviteeRow(*row[:10], bool(row[10]), *row[11:])


def _invitee_filter(
    event_id: str,
    *,
    query: str = "",
    agency_name: str | None = None,
    status: str | None = None,
    walk_ins_only: bool = False,
) -> tuple[list[str], dict[str, Any]]:
    where = ["i.event_id = :event_id", "i.deleted = 0"]
    params: dict[str, Any] = {"event_id": event_id}
    if query.strip():
        parsed = parse_mark_query(query)
        clause, more = match_clause(parsed)
        where.append(clause)
        params.update(more)
    if agency_name is not None:
        where.append("i.agency_name = :agency_name")
        params["agency_name"] = agency_name
    if status == BELUM:
        where.append("c.status IS NULL")
    elif status:
        where.append("c.status = :status")
        params["status"] = AttendanceStatus(status).value
    if walk_ins_only:
        where.append("i.walk_in = 1")
    return where, params


def list_invitees(
    ctx: ServiceContext,
    event_id: str,
    *,
    query: str = "",
    agency_name: str | None = None,
    status: str | None = None,
    walk_ins_only: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> list[InviteeRow]:
    """A page of an event's invitees by agency then name, with their attendance. ``status``
    filters (an AttendanceStatus value, or ``belum`` for not marked yet); ``query`` is what
    would be typed at the door (part of a name, or NIP digits)."""
    ctx.require(Permission.ROSTER_READ)
    where, params = _invitee_filter(
        event_id, query=query, agency_name=agency_name, status=status, walk_ins_only=walk_ins_only
    )
    params.update(limit=max(0, limit), offset=max(0, offset))
    with ctx.db.read_session() as session:
        live_event(session, event_id)
        rows = session.execute(
            text(
                f"SELECT {_INVITEE_COLUMNS} FROM {WITH_MARK} WHERE {' AND '.join(where)} "
                f"ORDER BY {INVITEE_ORDER} LIMIT :limit OFFSET :offset"
            ),
            params,
        ).all()
    return [_invitee_row(row) for row in rows]


def count_invitees(
    ctx: ServiceContext,
    event_id: str,
    *,
    query: str = "",
    agency_name: str | None = None,
    status: str | None = None,
    walk_ins_only: bool = False,
) -> int:
    """How many invitees ``list_invitees`` pages through with the same filters."""
    ctx.require(Permission.ROSTER_READ)
    where, params = _invitee_filter(
        event_id, query=query, agency_name=agency_name, status=status, walk_ins_only=walk_ins_only
    )
    source = WITH_MARK if status else "invitee i"
    with ctx.db.read_session() as session:
        return int(
            session.execute(
                text(f"SELECT count(*) FROM {source} WHERE {' AND '.join(where)}"), params
            ).scalar()
            or 0
        )


def get_invitee(ctx: ServiceContext, invitee_id: str) -> InviteeRow:
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        invitee = live_invitee(session, invitee_id)
        return invitee_rows(session, invitee.event_id, [invitee_id])[0]


def invitee_rows(session: Session, event_id: str, ids: Sequence[str]) -> list[InviteeRow]:
    """The rows of invitees ``ids`` (in that order), with their attendance."""
    if not ids:
        return []
    rows = session.execute(
        text(
            f"SELECT {_INVITEE_COLUMNS} FROM {WITH_MARK} WHERE i.event_id = :event_id AND i.id IN "
            "(SELECT value FROM json_each(:ids))"
        ),
        {"event_id": event_id, "ids": json.dumps(list(ids))},
    ).all()
    by_id = {row[0]: _invitee_row(row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class InviteCriteria:
    """Who to invite from the roster: everyone matching all the given criteria."""

    agency_ids: tuple[str, ...] = ()
    unit_kerja: str | None = None  # exact unit name (case ignored)
    statuses: tuple[str, ...] = ()  # PersonStatus values
    person_ids: tuple[str, ...] = ()
    include_inactive: bool = False

    @property
    def empty(self) -> bool:
        return not (self.agency_ids or self.unit_kerja or self.statuses or self.person_ids)


def _criteria_sql(event_id: str, criteria: InviteCriteria) -> tuple[str, dict[str, Any]]:
    where = ["p.deleted = 0"]
    params: dict[str, Any] = {"event_id": event_id}
    if not criteria.include_inactive:
        where.append("p.active = 1")
    if criteria.agency_ids:
        where.append("p.agency_id IN (SELECT value FROM json_each(:agencies))")
        params["agencies"] = json.dumps(list(criteria.agency_ids))
    if criteria.unit_kerja:
        where.append("lower(p.unit_kerja) = lower(:unit)")
        params["unit"] = clean_text(criteria.unit_kerja)
    if criteria.statuses:
        where.append("p.status IN (SELECT value FROM json_each(:statuses))")
        params["statuses"] = json.dumps(list(criteria.statuses))
    if criteria.person_ids:
        where.append("p.id IN (SELECT value FROM json_each(:people))")
        params["people"] = json.dumps(list(criteria.person_ids))
    return " AND ".join(where), params


_ALREADY = (
    "EXISTS (SELECT 1 FROM invitee x WHERE x.event_id = :event_id AND x.person_id = p.id "
    "AND x.deleted = 0)"
)


def invite_preview(ctx: ServiceContext, event_id: str, criteria: InviteCriteria) -> InviteResult:
    """How many people ``invite`` would add (and how many are on the list already)."""
    ctx.require(Permission.ROSTER_READ)
    if criteria.empty:
        return InviteResult(0, 0)
    where, params = _criteria_sql(event_id, criteria)
    with ctx.db.read_session() as session:
        live_event(session, event_id)
        row = session.execute(
            text(f"SELECT count(*), coalesce(sum({_ALREADY}), 0) FROM person p WHERE {where}"),
            params,
        ).one()
    return InviteResult(int(row[0]) - int(row[1]), int(row[1]))


def invite(ctx: ServiceContext, event_id: str, criteria: InviteCriteria) -> InviteResult:
    """Invite everyone of the roster matching ``criteria`` who is not invited yet, in one
    transaction (thousands in a few tens of milliseconds). Agencies named in the criteria
    join the event's invited agencies."""
    actor = ctx.require(Permission.PLEDGE_WRITE)
    if criteria.empty:
        raise ValidationError(
            _("Pilih siapa yang diundang: instansi, unit kerja, status atau orang tertentu."),
            code="invite_criteria_missing",
        )
    where, params = _criteria_sql(event_id, criteria)
    with ctx.db.write_session() as session:
        event = live_event(session, event_id)
        for agency_id in criteria.agency_ids:
            live_agency(session, agency_id)
        found = session.execute(
            text(
                "SELECT p.id, p.full_name, p.name_key, coalesce(p.nip, p.ni_pppk), p.status, "
                "p.jabatan, p.unit_kerja, p.agency_id, coalesce(a.name, ''), "
                f"{_ALREADY} FROM person p LEFT JOIN agency a ON a.id = p.agency_id "
                f"WHERE {where} ORDER BY p.rowid"
            ),
            params,
        ).all()
        new = [row for row in found if not row[9]]
        already = len(found) - len(new)
        now, stamp = ctx.now_iso(), ctx.hlc.stamp()
        ids = new_ids(len(new))
        if new:
            fixed = (ctx.origin, now, stamp, actor.username, 1, 0, event_id)
            session.connection().exec_driver_sql(
                "INSERT INTO invitee (id, origin, created_at, updated_at, updated_by, revision, "
                "deleted, event_id, person_id, full_name, name_key, nip, status, jabatan, "
                "unit_kerja, agency_id, agency_name, walk_in) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                [(i, *fixed, *row[:9]) for i, row in zip(ids, new, strict=True)],
            )
            audit.record_many(
                session,
                [
                    {
                        "at": now,
                        "actor": actor.username,
                        "action": "invite",
                        "table_name": "invitee",
                        "record_id": i,
                        "new": {"event_id": event_id, "person_id": row[0], "full_name": row[1]},
                    }
                    for i, row in zip(ids, new, strict=True)
                ],
            )
        invited = json.loads(event.invited_agency_ids or "[]")
        more = [a for a in criteria.agency_ids if a not in invited]
        if more:
            event.invited_agency_ids = json.dumps([*invited, *more])
            ctx.record_update(
                session,
                event,
                action="update",
                old={"invited_agency_ids": invited},
                new={"invited_agency_ids": [*invited, *more]},
                at=now,
            )
    return InviteResult(len(new), already)


def invite_agency(
    ctx: ServiceContext,
    event_id: str,
    agency_id: str,
    *,
    unit_kerja: str | None = None,
    statuses: Iterable[str] = (),
) -> InviteResult:
    """Invite an agency's active people (optionally one unit, some statuses)."""
    return invite(
        ctx,
        event_id,
        InviteCriteria(agency_ids=(agency_id,), unit_kerja=unit_kerja, statuses=tuple(statuses)),
    )


def invite_person(ctx: ServiceContext, event_id: str, person_id: str) -> InviteResult:
    """Invite one person of the roster (``already`` is 1 when they are on the list)."""
    return invite(ctx, event_id, InviteCriteria(person_ids=(person_id,), include_inactive=True))


def units_of(ctx: ServiceContext, agency_id: str | None = None) -> list[tuple[str, int]]:
    """Unit names with their number of active people (of one agency, or all), for choosing
    whom to invite by unit."""
    ctx.require(Permission.ROSTER_READ)
    where = "deleted = 0 AND active = 1 AND unit_kerja != ''"
    params: dict[str, Any] = {}
    if agency_id:
        where += " AND agency_id = :agency_id"
        params["agency_id"] = agency_id
    with ctx.db.read_session() as session:
        rows = session.execute(
            text(
                f"SELECT unit_kerja, count(*) FROM person WHERE {where} "
                "GROUP BY unit_kerja COLLATE NOCASE ORDER BY unit_kerja COLLATE NOCASE"
            ),
            params,
        ).all()
    return [(row[0], int(row[1])) for row in rows]


def remove_invitee(ctx: ServiceContext, invitee_id: str) -> None:
    """Take someone off the list (a tombstone; their marks stay in the history)."""
    ctx.require(Permission.PLEDGE_WRITE)
    with ctx.db.write_session() as session:
        invitee = live_invitee(session, invitee_id)
        invitee.deleted = True
        ctx.record_update(
            session,
            invitee,
            action="uninvite",
            old={"event_id": invitee.event_id, "full_name": invitee.full_name},
        )

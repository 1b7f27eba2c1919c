"""Who is invited to an event: inviting from the roster (by agency, unit, status or person,
thousands at once in one bulk insert), the invitees list with each one's current attendance,
and taking someone off the list."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from netral_desktop.core.errors import ValidationError
from netral_desktop.core.ids import new_ids
from netral_desktop.core.pledge import AttendanceStatus, parse_mark_query
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import clean_text
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.pledge.common import (
    live_event,
    live_invitee,
    require_event_write,
    require_invitee_write,
)
from netral_desktop.services.roster import live_agency
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store.db import Session
from netral_desktop.store.models import PledgeEvent
from netral_desktop.store.pledges import Invitable, NewInvitee
from netral_desktop.store.pledges import InviteeRow as InviteeRow  # the window's row type


@dataclass(frozen=True)
class InviteResult:
    added: int
    already: int  # matched but already on the list


BELUM = "belum"  # the status filter for invitees not marked yet


def _invitee_filter(
    *, query: str, agency_name: str | None, status: str | None, walk_ins_only: bool
) -> dict[str, Any]:
    return {
        "parsed": parse_mark_query(query) if query.strip() else None,
        "agency_name": agency_name,
        "status": AttendanceStatus(status).value if status and status != BELUM else None,
        "unmarked": status == BELUM,
        "walk_ins_only": walk_ins_only,
    }


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
    filters = _invitee_filter(
        query=query, agency_name=agency_name, status=status, walk_ins_only=walk_ins_only
    )
    with ctx.db.read_session() as session:
        live_event(session, event_id)
        return pledge_store.invitee_page(
            session, event_id=event_id, limit=limit, offset=offset, **filters
        )


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
    filters = _invitee_filter(
        query=query, agency_name=agency_name, status=status, walk_ins_only=walk_ins_only
    )
    with ctx.db.read_session() as session:
        return pledge_store.invitee_count(session, event_id=event_id, **filters)


def get_invitee(ctx: ServiceContext, invitee_id: str) -> InviteeRow:
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        invitee = live_invitee(session, invitee_id)
        return invitee_rows(session, invitee.event_id, [invitee_id])[0]


def invitee_rows(session: Session, event_id: str, ids: Sequence[str]) -> list[InviteeRow]:
    """The rows of invitees ``ids`` (in that order), with their attendance."""
    return pledge_store.invitee_rows(session, event_id=event_id, ids=ids)


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


def _criteria(criteria: InviteCriteria) -> dict[str, Any]:
    return {
        "agency_ids": criteria.agency_ids,
        "unit_kerja": clean_text(criteria.unit_kerja) if criteria.unit_kerja else None,
        "statuses": criteria.statuses,
        "person_ids": criteria.person_ids,
        "include_inactive": criteria.include_inactive,
    }


def invite_preview(
    ctx: ServiceContext, event_id: str | None, criteria: InviteCriteria
) -> InviteResult:
    """How many people ``invite`` would add (and how many are on the list already);
    ``event_id`` None: for an event not saved yet (nobody is on its list)."""
    ctx.require(Permission.ROSTER_READ)
    if criteria.empty:
        return InviteResult(0, 0)
    with ctx.db.read_session() as session:
        if event_id is not None:
            live_event(session, event_id)
        matching, already = pledge_store.invitable_count(
            session, event_id=event_id or "", **_criteria(criteria)
        )
    return InviteResult(matching - already, already)


def _invitee_of(event_id: str, person: Invitable) -> NewInvitee:
    """An invitee copying the person's roster details as they are now (``Invitable`` holds
    them in ``NewInvitee``'s order, after the event)."""
    return NewInvitee._make((event_id, *person[:9], False))


def invite(ctx: ServiceContext, event_id: str, criteria: InviteCriteria) -> InviteResult:
    """Invite everyone of the roster matching ``criteria`` who is not invited yet, in one
    transaction (thousands in a few tens of milliseconds). Agencies named in the criteria
    join the event's invited agencies."""
    require_event_write(ctx, event_id)
    if criteria.empty:
        raise ValidationError(
            _("Pilih siapa yang diundang: instansi, unit kerja, status atau orang tertentu."),
            code="invite_criteria_missing",
        )
    with ctx.db.write_session() as session:
        return invite_in(ctx, session, live_event(session, event_id), criteria)


def invite_in(
    ctx: ServiceContext, session: Session, event: PledgeEvent, criteria: InviteCriteria
) -> InviteResult:
    """Within a write transaction: ``invite`` (the event form invites its agencies in the
    same transaction that saves the event)."""
    event_id = event.id
    for agency_id in criteria.agency_ids:
        live_agency(session, agency_id)
    found = pledge_store.invitable(session, event_id=event_id, **_criteria(criteria))
    new = [person for person in found if not person.invited]
    already = len(found) - len(new)
    stamp = ctx.write_stamp()
    ids = new_ids(len(new))
    pledge_store.insert_invitees(
        session,
        invitees=[_invitee_of(event_id, person) for person in new],
        stamp=stamp,
        ids=ids,
        audit=[
            {
                "action": "invite",
                "table_name": "invitee",
                "record_id": invitee_id,
                "new": {
                    "event_id": event_id,
                    "person_id": person.person_id,
                    "full_name": person.full_name,
                },
            }
            for invitee_id, person in zip(ids, new, strict=True)
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
            at=stamp.at,
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
    with ctx.db.read_session() as session:
        return pledge_store.units(session, agency_id=agency_id or None)


def remove_invitee(ctx: ServiceContext, invitee_id: str) -> None:
    """Take someone off the list (a tombstone; their marks stay in the history)."""
    require_invitee_write(ctx, invitee_id)
    with ctx.db.write_session() as session:
        invitee = live_invitee(session, invitee_id)
        ctx.record_update(
            session,
            invitee,
            action="uninvite",
            old={"event_id": invitee.event_id, "full_name": invitee.full_name},
            tombstone=True,
        )

"""Queries of elections and pledge events: the elections list, the events list with each
event's invitee and present counts, finding an event by part of its id, and the bulk insert
of events (the demo)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, case, false, func, or_, select
from sqlmodel import Session

from netral_desktop.store import synced
from netral_desktop.store.bulk import Executor
from netral_desktop.store.models import Agency, Attendance, Election, PledgeEvent
from netral_desktop.store.pledges.seams import (
    INVITEE,
    byte_order,
    has_part,
    id_list,
    is_postgresql,
    member_of,
    with_current_mark,
)
from netral_desktop.store.synced import WriteStamp

ELECTION = Election.__table__  # type: ignore[attr-defined]
EVENT = PledgeEvent.__table__  # type: ignore[attr-defined]
AGENCY = Agency.__table__  # type: ignore[attr-defined]
ATTENDANCE = Attendance.__table__  # type: ignore[attr-defined]
# pledge_event.kind of a pledge ceremony (socialization events are rows of the same table).
PLEDGE_KIND = "ikrar"

# The data columns of pledge_event, as the bulk insert writes them.
EVENT_COLUMNS = (
    "title",
    "election_id",
    "starts_at",
    "place",
    "organiser_kind",
    "organiser_agency_id",
    "organiser_name",
    "reader_name",
    "reader_position",
    "signer_name",
    "signer_position",
    "signer_nip",
    "pledge_text",
    "notes",
    "invited_agency_ids",
)


@dataclass(frozen=True)
class EventRecord:
    """A pledge event as stored (every column), detached from any session."""

    id: str
    origin: str
    created_at: str
    updated_at: str
    updated_by: str
    revision: int
    deleted: bool
    title: str
    election_id: str | None
    starts_at: str  # iso_utc
    place: str
    organiser_kind: str
    organiser_agency_id: str | None
    organiser_name: str
    reader_name: str
    reader_position: str
    signer_name: str
    signer_position: str
    signer_nip: str | None
    witness_name: str
    witness_position: str
    pledge_text: str
    notes: str
    invited_agency_ids: str  # JSON list of agency ids

    @classmethod
    def of(cls, event: PledgeEvent) -> EventRecord:
        return cls(**{f.name: getattr(event, f.name) for f in fields(cls)})


class ElectionRow(NamedTuple):
    id: str
    name: str
    kind: str
    year: int
    voting_date: str | None


class EventListRow(NamedTuple):
    """One event of the events list, as stored (times in UTC text)."""

    id: str
    title: str
    starts_at: str  # iso_utc
    place: str
    election_id: str | None
    election_name: str
    organiser_kind: str
    organiser_agency_name: str
    organiser_name: str
    revision: int


# --- elections -------------------------------------------------------------------------------


def elections(session: Session) -> list[ElectionRow]:
    """Live elections, newest first."""
    rows = session.execute(
        select(
            ELECTION.c.id, ELECTION.c.name, ELECTION.c.kind, ELECTION.c.year, ELECTION.c.voting_date
        )
        .where(ELECTION.c.deleted == false())
        .order_by(
            ELECTION.c.year.desc(),
            func.coalesce(ELECTION.c.voting_date, "").desc(),
            byte_order(is_postgresql(session), ELECTION.c.name),
        )
    ).all()
    return [ElectionRow(*row) for row in rows]


def election_name_taken(session: Session, *, name: str) -> bool:
    """A live election is called ``name`` (case ignored)."""
    found = session.execute(
        select(ELECTION.c.id)
        .where(ELECTION.c.deleted == false(), func.lower(ELECTION.c.name) == func.lower(name))
        .limit(1)
    ).first()
    return found is not None


def election(session: Session, *, election_id: str) -> Election | None:
    return session.get(Election, election_id)


# --- events ----------------------------------------------------------------------------------


def event(session: Session, *, event_id: str) -> PledgeEvent | None:
    """The event, live or deleted (None if there is none with that id)."""
    return session.get(PledgeEvent, event_id)


def event_ids_like(session: Session, *, part: str, limit: int = 2) -> list[str]:
    """Ids of live events that begin or end with ``part``."""
    return list(
        session.execute(
            select(EVENT.c.id)
            .where(
                EVENT.c.deleted == false(),
                EVENT.c.kind == PLEDGE_KIND,
                or_(
                    EVENT.c.id.startswith(part, autoescape=True),
                    EVENT.c.id.endswith(part, autoescape=True),
                ),
            )
            .limit(limit)
        ).scalars()
    )


def any_event(session: Session) -> bool:
    """Whether the database holds any pledge event at all (deleted ones too)."""
    statement = select(EVENT.c.id).where(EVENT.c.kind == PLEDGE_KIND).limit(1)
    return session.execute(statement).first() is not None


def event_kind(session: Session, *, event_id: str) -> str | None:
    """The kind of the event (``ikrar``, or ``sosialisasi`` for a socialization event, which
    shares invitees, marks and scans with pledge ceremonies); None when there is none."""
    return session.execute(select(EVENT.c.kind).where(EVENT.c.id == event_id)).scalar()


def live_mark_count(session: Session, *, event_id: str) -> int:
    """The event's live attendance marks (any invitee)."""
    return int(
        session.execute(
            select(func.count())
            .select_from(ATTENDANCE)
            .where(ATTENDANCE.c.event_id == event_id, ATTENDANCE.c.deleted == false())
        ).scalar()
        or 0
    )


def event_page(
    session: Session,
    *,
    starting_from: str | None = None,
    before: str | None = None,
    soonest_first: bool = False,
    words: Sequence[str] = (),
    election_id: str | None = None,
    limit: int,
    offset: int,
) -> list[EventListRow]:
    """A page of live events: those starting at or after ``starting_from`` / before
    ``before`` (iso_utc), of one election, whose title or place (lower-cased) contains every
    one of ``words``; latest first unless ``soonest_first``."""
    election_alias = ELECTION.alias("el")
    organiser = AGENCY.alias("ag")
    statement = (
        select(
            EVENT.c.id,
            EVENT.c.title,
            EVENT.c.starts_at,
            EVENT.c.place,
            EVENT.c.election_id,
            func.coalesce(election_alias.c.name, ""),
            EVENT.c.organiser_kind,
            func.coalesce(organiser.c.name, ""),
            EVENT.c.organiser_name,
            EVENT.c.revision,
        )
        .select_from(
            EVENT.outerjoin(election_alias, election_alias.c.id == EVENT.c.election_id).outerjoin(
                organiser, organiser.c.id == EVENT.c.organiser_agency_id
            )
        )
        .where(EVENT.c.deleted == false(), EVENT.c.kind == PLEDGE_KIND)
    )
    if starting_from is not None:
        statement = statement.where(EVENT.c.starts_at >= starting_from)
    if before is not None:
        statement = statement.where(EVENT.c.starts_at < before)
    if election_id:
        statement = statement.where(EVENT.c.election_id == election_id)
    postgresql = is_postgresql(session)
    for word in words:
        statement = statement.where(
            or_(
                has_part(postgresql, func.lower(EVENT.c.title), word),
                has_part(postgresql, func.lower(EVENT.c.place), word),
            )
        )
    order = EVENT.c.starts_at if soonest_first else EVENT.c.starts_at.desc()
    statement = statement.order_by(order, EVENT.c.id).limit(max(0, limit)).offset(max(0, offset))
    return [EventListRow(*row) for row in session.execute(statement).all()]


@cache
def _tally_statement(postgresql: bool) -> Select[Any]:
    source, mark = with_current_mark(postgresql)
    present = func.coalesce(func.sum(case((mark.status == "hadir", 1), else_=0)), 0)
    return (
        select(INVITEE.c.event_id, func.count(), present)
        .select_from(source)
        .where(
            INVITEE.c.deleted == false(),
            member_of(postgresql, INVITEE.c.event_id, "event_ids"),
        )
        .group_by(INVITEE.c.event_id)
    )


def event_tallies(session: Session, *, event_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """(live invitees, present) per event, for a page of the events list."""
    if not event_ids:
        return {}
    postgresql = is_postgresql(session)
    rows = session.execute(
        _tally_statement(postgresql), {"event_ids": id_list(postgresql, event_ids)}
    ).all()
    return {row[0]: (int(row[1]), int(row[2])) for row in rows}


def insert_events(
    executor: Executor,
    *,
    events: Sequence[Mapping[str, Any]],
    stamp: WriteStamp,
    ids: Sequence[str],
    audit: Sequence[dict[str, Any]] = (),
) -> list[str]:
    """Insert many new events (values by ``EVENT_COLUMNS`` name) through the synced-row
    primitive, with their audit entries."""
    if isinstance(executor, Session):
        executor.flush()
    rows = [tuple(values[name] for name in EVENT_COLUMNS) for values in events]
    return synced.insert_rows(
        executor, "pledge_event", EVENT_COLUMNS, rows, stamp, ids=ids, audit=audit
    )


# --- agencies as events name them ------------------------------------------------------------


def agency(session: Session, *, agency_id: str) -> Agency | None:
    """The agency, live or deleted (an event keeps naming the agency it was made with)."""
    return session.get(Agency, agency_id)


def agency_names(session: Session, *, agency_ids: Sequence[str]) -> dict[str, str]:
    """Names of the agencies ``agency_ids`` (deleted ones too), by id."""
    if not agency_ids:
        return {}
    rows = session.execute(
        select(AGENCY.c.id, AGENCY.c.name).where(
            member_of(is_postgresql(session), AGENCY.c.id, "agency_ids", agency_ids)
        )
    ).all()
    return {row[0]: row[1] for row in rows}


def agency_heads(session: Session, *, agency_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """(name, head's name) of the agencies ``agency_ids``, by id."""
    if not agency_ids:
        return {}
    rows = session.execute(
        select(AGENCY.c.id, AGENCY.c.name, AGENCY.c.head_name).where(
            member_of(is_postgresql(session), AGENCY.c.id, "agency_ids", agency_ids)
        )
    ).all()
    return {row[0]: (row[1], row[2]) for row in rows}

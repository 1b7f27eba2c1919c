"""Queries of socialization events (sosialisasi), on SQLite and PostgreSQL alike.

A socialization event is a ``pledge_event`` row of kind ``sosialisasi`` (title, election,
start, place words, organiser words, the attendance sheet's signer) joined one-to-one with a
``sosialisasi`` row (region, method, audience, participant counts, minutes, supervision);
its speakers are ``sosialisasi_speaker`` rows; the invitees, attendance marks and signed
scans are the pledge aggregate's own (store/pledges), by the event's id. Keyword-only
functions that take the session and return plain typed rows, or ORM rows the caller writes
back through the synced-row primitive.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from sqlalchemy import Select, false, func, or_, select, true
from sqlmodel import Session

from netral_desktop.store import synced
from netral_desktop.store.bulk import Executor
from netral_desktop.store.models import (
    AudienceSegment,
    Election,
    PledgeEvent,
    Sosialisasi,
    SosialisasiSpeaker,
)
from netral_desktop.store.pledges.events import EVENT_COLUMNS
from netral_desktop.store.pledges.seams import byte_order, has_part, is_postgresql
from netral_desktop.store.synced import WriteStamp

KIND = "sosialisasi"
EVENT = PledgeEvent.__table__  # type: ignore[attr-defined]
DETAIL = Sosialisasi.__table__  # type: ignore[attr-defined]
SPEAKER = SosialisasiSpeaker.__table__  # type: ignore[attr-defined]
SEGMENT = AudienceSegment.__table__  # type: ignore[attr-defined]
ELECTION = Election.__table__  # type: ignore[attr-defined]
ELECTION_OF_EVENT = ELECTION.alias("el")

# The data columns the bulk inserts write (the demo).
EVENT_INSERT_COLUMNS = (*EVENT_COLUMNS, "kind")
DETAIL_COLUMNS = (
    "event_id",
    "ends_at",
    "kecamatan_code",
    "kecamatan_name",
    "desa_code",
    "desa_name",
    "venue",
    "organiser",
    "partner_name",
    "method",
    "audience_ids",
    "participants_male",
    "participants_female",
    "participants_total",
    "held",
    "minutes",
    "follow_up",
    "supervisor_name",
    "supervisor_position",
    "assignment_number",
    "stage",
    "findings",
    "violations",
)
SPEAKER_COLUMNS = ("event_id", "position", "name", "institution", "topic")


class ListRow(NamedTuple):
    """One event of the list, as stored (times in UTC text)."""

    id: str
    title: str
    starts_at: str  # iso_utc
    election_id: str | None
    election_name: str
    kecamatan_code: str
    kecamatan_name: str
    desa_name: str
    venue: str
    organiser: str
    partner_name: str
    method: str
    audience_ids: str  # JSON list
    participants_male: int | None
    participants_female: int | None
    participants_total: int | None
    held: bool
    revision: int


class ReachRow(NamedTuple):
    """One held event as the reach figures count it."""

    id: str
    starts_at: str  # iso_utc
    kecamatan_code: str
    kecamatan_name: str
    participants_male: int | None
    participants_female: int | None
    participants_total: int | None


class SegmentRow(NamedTuple):
    id: str
    name: str
    position: int
    active: bool


class SpeakerRow(NamedTuple):
    id: str
    position: int
    name: str
    institution: str
    topic: str


class Filters(NamedTuple):
    """What the list is narrowed to (None / empty: no narrowing)."""

    starting_from: str | None = None  # iso_utc, inclusive
    before: str | None = None  # iso_utc, exclusive
    kecamatan_code: str | None = None
    audience_id: str | None = None
    organiser: str | None = None
    election_id: str | None = None
    words: tuple[str, ...] = ()  # lower-cased; each in the title, venue, kecamatan or desa


# --- one event ---------------------------------------------------------------------------------


def event_and_detail(session: Session, *, event_id: str) -> tuple[PledgeEvent, Sosialisasi] | None:
    """The event's two rows (ORM rows the caller may change), live or deleted; None when
    there is no socialization event with that id."""
    event = session.get(PledgeEvent, event_id)
    if event is None or event.kind != KIND:
        return None
    detail = session.execute(
        select(Sosialisasi).where(DETAIL.c.event_id == event_id)
    ).scalar_one_or_none()
    if detail is None:
        return None
    return event, detail


def event_ids_like(session: Session, *, part: str, limit: int = 2) -> list[str]:
    """Ids of live socialization events that begin or end with ``part``."""
    return list(
        session.execute(
            select(EVENT.c.id)
            .where(
                EVENT.c.deleted == false(),
                EVENT.c.kind == KIND,
                or_(
                    EVENT.c.id.startswith(part, autoescape=True),
                    EVENT.c.id.endswith(part, autoescape=True),
                ),
            )
            .limit(limit)
        ).scalars()
    )


def any_event(session: Session) -> bool:
    """Whether the database holds any socialization event (deleted ones too)."""
    found = session.execute(select(EVENT.c.id).where(EVENT.c.kind == KIND).limit(1)).first()
    return found is not None


# --- the list ----------------------------------------------------------------------------------


def _listed(filters: Filters, postgresql: bool, columns: Sequence[Any]) -> Select[Any]:
    election = ELECTION_OF_EVENT
    statement = (
        select(*columns)
        .select_from(
            EVENT.join(DETAIL, DETAIL.c.event_id == EVENT.c.id).outerjoin(
                election, election.c.id == EVENT.c.election_id
            )
        )
        .where(EVENT.c.deleted == false(), EVENT.c.kind == KIND)
    )
    if filters.starting_from is not None:
        statement = statement.where(EVENT.c.starts_at >= filters.starting_from)
    if filters.before is not None:
        statement = statement.where(EVENT.c.starts_at < filters.before)
    if filters.kecamatan_code:
        statement = statement.where(DETAIL.c.kecamatan_code == filters.kecamatan_code)
    if filters.organiser:
        statement = statement.where(DETAIL.c.organiser == filters.organiser)
    if filters.election_id:
        statement = statement.where(EVENT.c.election_id == filters.election_id)
    if filters.audience_id:
        # The JSON list holds quoted ids: the quoted id is in it exactly when it is listed.
        statement = statement.where(
            has_part(postgresql, DETAIL.c.audience_ids, json.dumps(filters.audience_id))
        )
    for word in filters.words:
        statement = statement.where(
            or_(
                *(
                    has_part(postgresql, func.lower(column), word)
                    for column in (
                        EVENT.c.title,
                        DETAIL.c.venue,
                        DETAIL.c.kecamatan_name,
                        DETAIL.c.desa_name,
                        DETAIL.c.partner_name,
                    )
                )
            )
        )
    return statement


def event_page(session: Session, *, filters: Filters, limit: int, offset: int) -> list[ListRow]:
    """A page of live socialization events narrowed by ``filters``, latest first."""
    postgresql = is_postgresql(session)
    election = ELECTION_OF_EVENT
    columns = (
        EVENT.c.id,
        EVENT.c.title,
        EVENT.c.starts_at,
        EVENT.c.election_id,
        func.coalesce(election.c.name, ""),
        DETAIL.c.kecamatan_code,
        DETAIL.c.kecamatan_name,
        DETAIL.c.desa_name,
        DETAIL.c.venue,
        DETAIL.c.organiser,
        DETAIL.c.partner_name,
        DETAIL.c.method,
        DETAIL.c.audience_ids,
        DETAIL.c.participants_male,
        DETAIL.c.participants_female,
        DETAIL.c.participants_total,
        DETAIL.c.held,
        EVENT.c.revision,
    )
    statement = (
        _listed(filters, postgresql, columns)
        .order_by(EVENT.c.starts_at.desc(), EVENT.c.id)
        .limit(max(0, limit))
        .offset(max(0, offset))
    )
    out = []
    for row in session.execute(statement).all():
        values = list(row)
        values[16] = bool(values[16])
        out.append(ListRow(*values))
    return out


def event_count(session: Session, *, filters: Filters) -> int:
    """How many events ``event_page`` pages through with the same filters."""
    statement = _listed(filters, is_postgresql(session), (func.count(),))
    return int(session.execute(statement).scalar() or 0)


def kecamatan_in_use(session: Session) -> list[tuple[str, str]]:
    """(code, name) of the kecamatan live events were held in, by name."""
    rows = session.execute(
        select(DETAIL.c.kecamatan_code, func.max(DETAIL.c.kecamatan_name))
        .select_from(EVENT.join(DETAIL, DETAIL.c.event_id == EVENT.c.id))
        .where(EVENT.c.deleted == false(), DETAIL.c.kecamatan_code != "")
        .group_by(DETAIL.c.kecamatan_code)
    ).all()
    return sorted(((row[0], row[1]) for row in rows), key=lambda pair: pair[1])


def reach_rows(
    session: Session, *, election_id: str | None, starting_from: str | None = None
) -> list[ReachRow]:
    """The live events marked held (of one election, or all; from a time on), oldest first:
    what the office's reach is counted from."""
    statement = (
        select(
            EVENT.c.id,
            EVENT.c.starts_at,
            DETAIL.c.kecamatan_code,
            DETAIL.c.kecamatan_name,
            DETAIL.c.participants_male,
            DETAIL.c.participants_female,
            DETAIL.c.participants_total,
        )
        .select_from(EVENT.join(DETAIL, DETAIL.c.event_id == EVENT.c.id))
        .where(EVENT.c.deleted == false(), EVENT.c.kind == KIND, DETAIL.c.held == true())
        .order_by(EVENT.c.starts_at, EVENT.c.id)
    )
    if election_id:
        statement = statement.where(EVENT.c.election_id == election_id)
    if starting_from:
        statement = statement.where(EVENT.c.starts_at >= starting_from)
    return [ReachRow(*row) for row in session.execute(statement).all()]


def latest_election_id(session: Session) -> str | None:
    """The election of the latest live socialization event marked held (None when no such
    event names one): the election the office's reach is shown for by default."""
    return session.execute(
        select(EVENT.c.election_id)
        .select_from(EVENT.join(DETAIL, DETAIL.c.event_id == EVENT.c.id))
        .where(
            EVENT.c.deleted == false(),
            EVENT.c.kind == KIND,
            EVENT.c.election_id.is_not(None),
            DETAIL.c.held == true(),
        )
        .order_by(EVENT.c.starts_at.desc())
        .limit(1)
    ).scalar()


# --- speakers ----------------------------------------------------------------------------------


def speakers(session: Session, *, event_id: str) -> list[SosialisasiSpeaker]:
    """The event's live speakers in order (ORM rows the caller may change)."""
    return list(
        session.execute(
            select(SosialisasiSpeaker)
            .where(SPEAKER.c.event_id == event_id, SPEAKER.c.deleted == false())
            .order_by(SPEAKER.c.position, SPEAKER.c.id)
        ).scalars()
    )


def speaker_rows(session: Session, *, event_ids: Sequence[str]) -> dict[str, list[SpeakerRow]]:
    """The live speakers of several events, by event, in order."""
    if not event_ids:
        return {}
    rows = session.execute(
        select(
            SPEAKER.c.event_id,
            SPEAKER.c.id,
            SPEAKER.c.position,
            SPEAKER.c.name,
            SPEAKER.c.institution,
            SPEAKER.c.topic,
        )
        .where(SPEAKER.c.event_id.in_(list(event_ids)), SPEAKER.c.deleted == false())
        .order_by(SPEAKER.c.event_id, SPEAKER.c.position, SPEAKER.c.id)
    ).all()
    out: dict[str, list[SpeakerRow]] = {}
    for row in rows:
        out.setdefault(row[0], []).append(SpeakerRow(*row[1:]))
    return out


# --- audience segments ------------------------------------------------------------------------


def segments(session: Session, *, include_inactive: bool = False) -> list[SegmentRow]:
    """The live audience segments in the office's order."""
    statement = select(SEGMENT.c.id, SEGMENT.c.name, SEGMENT.c.position, SEGMENT.c.active).where(
        SEGMENT.c.deleted == false()
    )
    if not include_inactive:
        statement = statement.where(SEGMENT.c.active == true())
    statement = statement.order_by(
        SEGMENT.c.position, byte_order(is_postgresql(session), SEGMENT.c.name)
    )
    return [
        SegmentRow(row[0], row[1], int(row[2]), bool(row[3]))
        for row in session.execute(statement).all()
    ]


def segment(session: Session, *, segment_id: str) -> AudienceSegment | None:
    return session.get(AudienceSegment, segment_id)


def segment_named(session: Session, *, name: str) -> str | None:
    """The id of a live segment called ``name`` (case ignored)."""
    return session.execute(
        select(SEGMENT.c.id)
        .where(SEGMENT.c.deleted == false(), func.lower(SEGMENT.c.name) == func.lower(name))
        .limit(1)
    ).scalar()


def segment_names(session: Session, *, segment_ids: Sequence[str]) -> dict[str, str]:
    """Names of the segments ``segment_ids`` (deleted ones too), by id."""
    if not segment_ids:
        return {}
    rows = session.execute(
        select(SEGMENT.c.id, SEGMENT.c.name).where(SEGMENT.c.id.in_(list(segment_ids)))
    ).all()
    return {row[0]: row[1] for row in rows}


def last_segment_position(session: Session) -> int:
    return int(session.execute(select(func.max(SEGMENT.c.position))).scalar() or 0)


# --- bulk inserts (the demo) -------------------------------------------------------------------


def insert_events(
    executor: Executor,
    *,
    events: Sequence[Mapping[str, Any]],
    details: Sequence[Mapping[str, Any]],
    speakers: Sequence[Mapping[str, Any]],
    stamp: WriteStamp,
    ids: Sequence[str],
    audit: Sequence[dict[str, Any]] = (),
) -> None:
    """Insert many new socialization events (their ``pledge_event`` values by
    ``EVENT_COLUMNS`` name, details by ``DETAIL_COLUMNS`` name, speakers by
    ``SPEAKER_COLUMNS`` name) through the synced-row primitive, with their audit entries."""
    if isinstance(executor, Session):
        executor.flush()
    event_rows = [(*(values[name] for name in EVENT_COLUMNS), KIND) for values in events]
    synced.insert_rows(
        executor, "pledge_event", EVENT_INSERT_COLUMNS, event_rows, stamp, ids=ids, audit=audit
    )
    detail_rows = [tuple(values[name] for name in DETAIL_COLUMNS) for values in details]
    synced.insert_rows(executor, "sosialisasi", DETAIL_COLUMNS, detail_rows, stamp)
    speaker_rows_ = [tuple(values[name] for name in SPEAKER_COLUMNS) for values in speakers]
    synced.insert_rows(executor, "sosialisasi_speaker", SPEAKER_COLUMNS, speaker_rows_, stamp)

"""Queries of invitees: the invitees list with each one's current mark, what is typed at the
door, walk-ins' lookups, the attendance sheet's rows, and the bulk insert of invitees (an
invitation, the demo)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    bindparam,
    false,
    func,
    literal,
    select,
    true,
)
from sqlmodel import Session

from netral_desktop.core.pledge import MarkQuery
from netral_desktop.store import synced
from netral_desktop.store.bulk import Executor
from netral_desktop.store.models import Invitee
from netral_desktop.store.pledges.seams import (
    INVITEE,
    byte_order,
    has_part,
    id_list,
    is_postgresql,
    member_of,
    with_current_mark,
    without_parallel_workers,
)
from netral_desktop.store.synced import WriteStamp

# The data columns of invitee, in the order of ``NewInvitee``.
INVITEE_COLUMNS = (
    "event_id",
    "person_id",
    "full_name",
    "name_key",
    "nip",
    "status",
    "jabatan",
    "unit_kerja",
    "agency_id",
    "agency_name",
    "walk_in",
)


class NewInvitee(NamedTuple):
    event_id: str
    person_id: str | None
    full_name: str
    name_key: str
    nip: str | None
    status: str
    jabatan: str
    unit_kerja: str
    agency_id: str | None
    agency_name: str
    walk_in: bool


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


class SheetRow(NamedTuple):
    full_name: str
    nip: str | None
    jabatan: str
    unit_kerja: str
    agency_name: str


def invitee_order(postgresql: bool) -> tuple[Any, ...]:
    """By agency (those without one last), then name without titles: the list and the sheet."""
    return (
        INVITEE.c.agency_name == "",
        byte_order(postgresql, INVITEE.c.agency_name),
        byte_order(postgresql, INVITEE.c.name_key),
        INVITEE.c.id,
    )


def _invitee_columns(mark: Any) -> tuple[Any, ...]:
    return (
        INVITEE.c.id,
        INVITEE.c.event_id,
        INVITEE.c.person_id,
        INVITEE.c.full_name,
        INVITEE.c.nip,
        INVITEE.c.status,
        INVITEE.c.jabatan,
        INVITEE.c.unit_kerja,
        INVITEE.c.agency_id,
        INVITEE.c.agency_name,
        INVITEE.c.walk_in,
        mark.status,
        func.coalesce(mark.note, ""),
        mark.marked_at,
        mark.marked_by,
        INVITEE.c.revision,
    )


def _invitee_row(row: Sequence[Any]) -> InviteeRow:
    return InviteeRow._make((*row[:10], bool(row[10]), *row[11:]))


def _match_shape(parsed: MarkQuery) -> tuple[str, int]:
    """What kind of query was typed: (kind, number of words)."""
    if parsed.is_whole_nip:
        return "nip", 0
    if parsed.digits:
        return "nip_part", 0
    return "words", len(parsed.words)


def _match_params(parsed: MarkQuery) -> dict[str, str]:
    if parsed.digits:
        return {"digits": parsed.digits}
    return {f"w{n}": " " + word for n, word in enumerate(parsed.words)}


@cache
def _match_condition(postgresql: bool, kind: str, words: int) -> ColumnElement[bool]:
    """Invitees a typed query names (parameters of ``_match_params``): the whole NIP; a part
    of it anywhere; or every typed word beginning a word of the name ("sri wah" finds Sri
    Wahyuni, while "sri" never finds Yusrizal: a unique match is marked at once, so it must
    be the person meant)."""
    if kind == "nip":
        return INVITEE.c.nip == bindparam("digits")  # type: ignore[no-any-return]
    if kind == "nip_part":
        return has_part(postgresql, INVITEE.c.nip, bindparam("digits"))
    if not words:
        return false()
    spaced = literal(" ") + INVITEE.c.name_key
    return and_(*(has_part(postgresql, spaced, bindparam(f"w{n}")) for n in range(words)))


def _filters(
    postgresql: bool,
    mark: Any,
    *,
    parsed: MarkQuery | None,
    agency_name: str | None,
    status: str | None,
    unmarked: bool,
    walk_ins_only: bool,
) -> list[ColumnElement[bool]]:
    """Conditions on the event's live invitees (parameters: ``event_id``, ``agency_name``,
    ``status`` and those of ``_match_params``)."""
    where = [INVITEE.c.event_id == bindparam("event_id"), INVITEE.c.deleted == false()]
    if parsed is not None:
        where.append(_match_condition(postgresql, *_match_shape(parsed)))
    if agency_name is not None:
        where.append(INVITEE.c.agency_name == bindparam("agency_name"))
    if unmarked:
        where.append(mark.status.is_(None))
    elif status:
        where.append(mark.status == bindparam("status"))
    if walk_ins_only:
        where.append(INVITEE.c.walk_in == true())
    return where


def _filter_params(
    event_id: str, parsed: MarkQuery | None, agency_name: str | None, status: str | None
) -> dict[str, Any]:
    params: dict[str, Any] = {"event_id": event_id, "agency_name": agency_name, "status": status}
    return params | (_match_params(parsed) if parsed is not None else {})


def invitee_page(
    session: Session,
    *,
    event_id: str,
    parsed: MarkQuery | None = None,
    agency_name: str | None = None,
    status: str | None = None,
    unmarked: bool = False,
    walk_ins_only: bool = False,
    limit: int,
    offset: int,
) -> list[InviteeRow]:
    """A page of the event's live invitees in list order, with their current marks:
    matching a typed query, of one agency, with a status (or ``unmarked``), walk-ins only."""
    postgresql = is_postgresql(session)
    without_parallel_workers(session)
    source, mark = with_current_mark(postgresql)
    where = _filters(
        postgresql,
        mark,
        parsed=parsed,
        agency_name=agency_name,
        status=status,
        unmarked=unmarked,
        walk_ins_only=walk_ins_only,
    )
    statement = (
        select(*_invitee_columns(mark))
        .select_from(source)
        .where(*where)
        .order_by(*invitee_order(postgresql))
        .limit(max(0, limit))
        .offset(max(0, offset))
    )
    rows = session.execute(statement, _filter_params(event_id, parsed, agency_name, status)).all()
    return [_invitee_row(row) for row in rows]


def invitee_count(
    session: Session,
    *,
    event_id: str,
    parsed: MarkQuery | None = None,
    agency_name: str | None = None,
    status: str | None = None,
    unmarked: bool = False,
    walk_ins_only: bool = False,
) -> int:
    """How many invitees ``invitee_page`` pages through with the same filters."""
    postgresql = is_postgresql(session)
    by_mark = unmarked or bool(status)
    source, mark = with_current_mark(postgresql) if by_mark else (INVITEE, None)
    where = _filters(
        postgresql,
        mark,
        parsed=parsed,
        agency_name=agency_name,
        status=status,
        unmarked=unmarked,
        walk_ins_only=walk_ins_only,
    )
    statement = select(func.count()).select_from(source).where(*where)
    params = _filter_params(event_id, parsed, agency_name, status)
    return int(session.execute(statement, params).scalar() or 0)


@cache
def _rows_statement(postgresql: bool) -> Select[Any]:
    source, mark = with_current_mark(postgresql)
    return (
        select(*_invitee_columns(mark))
        .select_from(source)
        .where(
            INVITEE.c.event_id == bindparam("event_id"),
            member_of(postgresql, INVITEE.c.id, "ids"),
        )
    )


def invitee_rows(session: Session, *, event_id: str, ids: Sequence[str]) -> list[InviteeRow]:
    """The rows of the event's invitees ``ids`` (live or not, in that order), with their
    current marks."""
    if not ids:
        return []
    postgresql = is_postgresql(session)
    rows = session.execute(
        _rows_statement(postgresql), {"event_id": event_id, "ids": id_list(postgresql, ids)}
    ).all()
    by_id = {row[0]: _invitee_row(row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


@cache
def _matching_statement(postgresql: bool, kind: str, words: int, limit: int) -> Select[Any]:
    return (
        select(INVITEE.c.id, INVITEE.c.name_key)
        .where(
            INVITEE.c.event_id == bindparam("event_id"),
            INVITEE.c.deleted == false(),
            _match_condition(postgresql, kind, words),
        )
        .order_by((INVITEE.c.name_key == bindparam("key")).desc(), *invitee_order(postgresql))
        .limit(limit)
    )


def matching(
    session: Session, *, event_id: str, parsed: MarkQuery, limit: int
) -> list[tuple[str, str]]:
    """(id, name_key) of live invitees a typed query names, the name typed exactly first,
    then in list order."""
    statement = _matching_statement(is_postgresql(session), *_match_shape(parsed), limit)
    params = {"event_id": event_id, "key": parsed.key, **_match_params(parsed)}
    return [(row[0], row[1]) for row in session.execute(statement, params).all()]


def invitee(session: Session, *, invitee_id: str) -> Invitee | None:
    """The invitee, live or not (an ORM row the caller may change and write back)."""
    return session.get(Invitee, invitee_id)


def listed_with_nip(session: Session, *, event_id: str, nip: str) -> str | None:
    """The id of a live invitee of the event with this NIP (or NI PPPK)."""
    return session.execute(
        select(INVITEE.c.id)
        .where(INVITEE.c.event_id == event_id, INVITEE.c.deleted == false(), INVITEE.c.nip == nip)
        .limit(1)
    ).scalar()


def listed_person(
    session: Session, *, event_id: str, person_id: str, besides: str | None = None
) -> str | None:
    """The id of a live invitee of the event who is the roster's ``person_id`` (other than
    the invitee ``besides``)."""
    statement = select(INVITEE.c.id).where(
        INVITEE.c.event_id == event_id,
        INVITEE.c.deleted == false(),
        INVITEE.c.person_id == person_id,
    )
    if besides is not None:
        statement = statement.where(INVITEE.c.id != besides)
    return session.execute(statement.limit(1)).scalar()


def listed_people(session: Session, *, event_id: str, person_ids: Sequence[str]) -> set[str]:
    """Which of the roster's ``person_ids`` are live invitees of the event."""
    if not person_ids:
        return set()
    rows = session.execute(
        select(INVITEE.c.person_id).where(
            INVITEE.c.event_id == event_id,
            INVITEE.c.deleted == false(),
            INVITEE.c.person_id.in_(list(person_ids)),
        )
    ).all()
    return {row[0] for row in rows}


def insert_invitees(
    executor: Executor,
    *,
    invitees: Sequence[NewInvitee],
    stamp: WriteStamp,
    ids: Sequence[str] | None = None,
    audit: Sequence[dict[str, Any]] = (),
) -> list[str]:
    """Insert many new invitees through the synced-row primitive, with their audit entries;
    returns their ids (``ids``, else new ones in order)."""
    if isinstance(executor, Session):
        executor.flush()
    return synced.insert_rows(
        executor, "invitee", INVITEE_COLUMNS, invitees, stamp, ids=ids, audit=audit
    )


# --- the documents ---------------------------------------------------------------------------


@cache
def _sheet_statement(postgresql: bool) -> Select[Any]:
    return (
        select(
            INVITEE.c.full_name,
            INVITEE.c.nip,
            INVITEE.c.jabatan,
            INVITEE.c.unit_kerja,
            INVITEE.c.agency_name,
        )
        .where(INVITEE.c.event_id == bindparam("event_id"), INVITEE.c.deleted == false())
        .order_by(*invitee_order(postgresql))
    )


def sheet_rows(session: Session, *, event_id: str) -> list[SheetRow]:
    """The event's live invitees in list order, as the attendance sheet prints them."""
    statement = _sheet_statement(is_postgresql(session))
    return [SheetRow(*row) for row in session.execute(statement, {"event_id": event_id}).all()]


def invitee_agency_ids(session: Session, *, event_id: str) -> list[str]:
    """The agencies of the event's live invitees (any order)."""
    return list(
        session.execute(
            select(INVITEE.c.agency_id)
            .distinct()
            .where(
                INVITEE.c.event_id == event_id,
                INVITEE.c.deleted == false(),
                INVITEE.c.agency_id.is_not(None),
            )
        ).scalars()
    )

"""Queries of violation cases, on SQLite and PostgreSQL alike.

A case is a ``case_file`` row with its reported people (``case_subject``), its reporter and
witnesses (``case_party``, identity sealed), its status history (``case_step``), its
hearings (``case_hearing``) and the Perbawaslu numbers it took (``case_number``).
Keyword-only functions that take the session and return plain typed rows, or ORM rows the
caller writes back through the synced-row primitive.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Select, exists, false, func, or_, select
from sqlmodel import Session, SQLModel

from netral_desktop.store.models import (
    CaseFile,
    CaseHearing,
    CaseNumber,
    CaseParty,
    CaseStep,
    CaseSubject,
    Election,
)
from netral_desktop.store.pledges.seams import has_part, is_postgresql

CASE = CaseFile.__table__  # type: ignore[attr-defined]
SUBJECT = CaseSubject.__table__  # type: ignore[attr-defined]
PARTY = CaseParty.__table__  # type: ignore[attr-defined]
STEP = CaseStep.__table__  # type: ignore[attr-defined]
HEARING = CaseHearing.__table__  # type: ignore[attr-defined]
NUMBER = CaseNumber.__table__  # type: ignore[attr-defined]
ELECTION = Election.__table__  # type: ignore[attr-defined]

Row = TypeVar("Row", bound=SQLModel)


class Filters(NamedTuple):
    """What the list is narrowed to (None / empty: no narrowing)."""

    statuses: tuple[str, ...] = ()
    origin: str | None = None
    category_code: str | None = None
    election_id: str | None = None
    ruleset: str | None = None
    agency_id: str | None = None
    due_before: str | None = None  # ISO date, exclusive: overdue when today is given
    due_until: str | None = None  # ISO date, inclusive: due this week
    due_from: str | None = None  # ISO date, inclusive
    open_only: bool = False  # leave out cases in a final status
    final_statuses: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # lower-cased; each in the title, a number or a name


class ListRow(NamedTuple):
    id: str
    title: str
    origin_kind: str
    status: str
    ruleset: str
    election_id: str | None
    election_name: str
    received_date: str | None
    intake_number: str
    register_number: str
    category_code: str
    kecamatan_name: str
    due_date: str | None
    due_rule: str
    due_article: str
    late: bool
    locked: bool
    revision: int


class SubjectLine(NamedTuple):
    case_id: str
    full_name: str
    agency_name: str
    kind: str


# --- one case ---------------------------------------------------------------------------------


def case_row(session: Session, *, case_id: str) -> CaseFile | None:
    return session.get(CaseFile, case_id)


def get(session: Session, model: type[Row], row_id: str) -> Row | None:
    return session.get(model, row_id)


def _of_case(session: Session, model: type[Row], case_id: str, *order: Any) -> list[Row]:
    table = model.__table__  # type: ignore[attr-defined]
    statement = select(model).where(table.c.case_id == case_id, table.c.deleted == false())
    return list(session.execute(statement.order_by(*order, table.c.id)).scalars())


def subjects(session: Session, *, case_id: str) -> list[CaseSubject]:
    return _of_case(session, CaseSubject, case_id, SUBJECT.c.position)


def parties(session: Session, *, case_id: str) -> list[CaseParty]:
    return _of_case(session, CaseParty, case_id, PARTY.c.role, PARTY.c.position)


def steps(session: Session, *, case_id: str) -> list[CaseStep]:
    return _of_case(session, CaseStep, case_id, STEP.c.at, STEP.c.created_at)


def hearings(session: Session, *, case_id: str) -> list[CaseHearing]:
    return _of_case(session, CaseHearing, case_id, HEARING.c.scheduled_at)


def numbers(session: Session, *, case_id: str) -> list[CaseNumber]:
    return _of_case(session, CaseNumber, case_id, NUMBER.c.taken_on, NUMBER.c.seq)


def next_position(session: Session, *, model: type[SQLModel], case_id: str) -> int:
    table = model.__table__  # type: ignore[attr-defined]
    found = session.execute(
        select(func.max(table.c.position)).where(table.c.case_id == case_id)
    ).scalar_one_or_none()
    return 0 if found is None else int(found) + 1


def max_number_seq(session: Session, *, series: str, year: int) -> int:
    """The highest sequence taken in ``series`` and ``year`` by any computer whose data this
    database holds (0 for none)."""
    found = session.execute(
        select(func.max(NUMBER.c.seq)).where(NUMBER.c.series == series, NUMBER.c.year == year)
    ).scalar_one_or_none()
    return int(found or 0)


def number_taken(session: Session, *, series: str, year: int, seq: int) -> bool:
    found = session.execute(
        select(NUMBER.c.id).where(
            NUMBER.c.series == series, NUMBER.c.year == year, NUMBER.c.seq == seq
        )
    ).first()
    return found is not None


def case_ids_like(session: Session, *, part: str, limit: int = 2) -> list[str]:
    """Ids of live cases that begin or end with ``part``, or whose number is ``part``."""
    return list(
        session.execute(
            select(CASE.c.id)
            .where(
                CASE.c.deleted == false(),
                or_(
                    CASE.c.id.startswith(part, autoescape=True),
                    CASE.c.id.endswith(part, autoescape=True),
                    CASE.c.register_number == part,
                    CASE.c.intake_number == part,
                ),
            )
            .limit(limit)
        ).scalars()
    )


# --- the list ----------------------------------------------------------------------------------


def _listed(filters: Filters, postgresql: bool, columns: Sequence[Any]) -> Select[Any]:
    statement = (
        select(*columns)
        .select_from(CASE.outerjoin(ELECTION, ELECTION.c.id == CASE.c.election_id))
        .where(CASE.c.deleted == false())
    )
    if filters.statuses:
        statement = statement.where(CASE.c.status.in_(filters.statuses))
    if filters.open_only and filters.final_statuses:
        statement = statement.where(CASE.c.status.not_in(filters.final_statuses))
    if filters.origin:
        statement = statement.where(CASE.c.origin_kind == filters.origin)
    if filters.category_code:
        statement = statement.where(CASE.c.category_code == filters.category_code)
    if filters.election_id:
        statement = statement.where(CASE.c.election_id == filters.election_id)
    if filters.ruleset:
        statement = statement.where(CASE.c.ruleset == filters.ruleset)
    if filters.due_before:
        statement = statement.where(
            CASE.c.due_date.is_not(None), CASE.c.due_date < filters.due_before
        )
    if filters.due_until:
        statement = statement.where(
            CASE.c.due_date.is_not(None), CASE.c.due_date <= filters.due_until
        )
    if filters.due_from:
        statement = statement.where(
            CASE.c.due_date.is_not(None), CASE.c.due_date >= filters.due_from
        )
    if filters.agency_id:
        statement = statement.where(
            exists().where(
                SUBJECT.c.case_id == CASE.c.id,
                SUBJECT.c.deleted == false(),
                SUBJECT.c.agency_id == filters.agency_id,
            )
        )
    for word in filters.words:
        named = exists().where(
            SUBJECT.c.case_id == CASE.c.id,
            SUBJECT.c.deleted == false(),
            or_(
                has_part(postgresql, func.lower(SUBJECT.c.full_name), word),
                has_part(postgresql, func.lower(SUBJECT.c.agency_name), word),
            ),
        )
        statement = statement.where(
            or_(
                named,
                *(
                    has_part(postgresql, func.lower(column), word)
                    for column in (
                        CASE.c.title,
                        CASE.c.register_number,
                        CASE.c.intake_number,
                        CASE.c.kecamatan_name,
                    )
                ),
            )
        )
    return statement


LIST_COLUMNS = (
    CASE.c.id,
    CASE.c.title,
    CASE.c.origin_kind,
    CASE.c.status,
    CASE.c.ruleset,
    CASE.c.election_id,
    func.coalesce(ELECTION.c.name, ""),
    CASE.c.received_date,
    CASE.c.intake_number,
    CASE.c.register_number,
    CASE.c.category_code,
    CASE.c.kecamatan_name,
    CASE.c.due_date,
    CASE.c.due_rule,
    CASE.c.due_article,
    CASE.c.late,
    CASE.c.locked,
    CASE.c.revision,
)


def case_page(session: Session, *, filters: Filters, limit: int, offset: int) -> list[ListRow]:
    """A page of live cases narrowed by ``filters``, latest received first."""
    statement = (
        _listed(filters, is_postgresql(session), LIST_COLUMNS)
        .order_by(CASE.c.received_date.desc(), CASE.c.created_at.desc(), CASE.c.id.desc())
        .limit(max(0, limit))
        .offset(max(0, offset))
    )
    out = []
    for row in session.execute(statement).all():
        values = list(row)
        values[15], values[16] = bool(values[15]), bool(values[16])
        out.append(ListRow(*values))
    return out


def case_count(session: Session, *, filters: Filters) -> int:
    statement = _listed(filters, is_postgresql(session), (func.count(),))
    return int(session.execute(statement).scalar_one())


def subject_lines(session: Session, *, case_ids: Sequence[str]) -> list[SubjectLine]:
    """The reported people of ``case_ids`` (a page of the list), in order."""
    if not case_ids:
        return []
    statement = (
        select(SUBJECT.c.case_id, SUBJECT.c.full_name, SUBJECT.c.agency_name, SUBJECT.c.kind)
        .where(SUBJECT.c.case_id.in_(list(case_ids)), SUBJECT.c.deleted == false())
        .order_by(SUBJECT.c.case_id, SUBJECT.c.position, SUBJECT.c.id)
    )
    return [SubjectLine(*row) for row in session.execute(statement).all()]


def status_counts(session: Session) -> dict[str, int]:
    """Live cases by status."""
    statement = (
        select(CASE.c.status, func.count()).where(CASE.c.deleted == false()).group_by(CASE.c.status)
    )
    return {str(status): int(count) for status, count in session.execute(statement).all()}


def due_cases(session: Session, *, final_statuses: Sequence[str]) -> list[tuple[str, str, str]]:
    """(id, ruleset, status) of every live case not in a final status (deadlines refreshed)."""
    statement = select(CASE.c.id, CASE.c.ruleset, CASE.c.status).where(
        CASE.c.deleted == false(), CASE.c.status.not_in(list(final_statuses))
    )
    return [(str(a), str(b), str(c)) for a, b, c in session.execute(statement).all()]


def election(session: Session, *, election_id: str) -> Election | None:
    return session.get(Election, election_id)


__all__ = [
    "Filters",
    "ListRow",
    "SubjectLine",
    "case_count",
    "case_ids_like",
    "case_page",
    "case_row",
    "due_cases",
    "election",
    "get",
    "hearings",
    "max_number_seq",
    "next_position",
    "number_taken",
    "numbers",
    "parties",
    "status_counts",
    "steps",
    "subject_lines",
    "subjects",
]


def raise_sequence(session: Session, *, series: str, year: int, last: int) -> None:
    """Make the local counter of ``series`` at least ``last`` (numbers another computer took
    before handing numbering over, known here through sync)."""
    from sqlalchemy import update

    from netral_desktop.store.models import DocumentSequence

    table = DocumentSequence.__table__  # type: ignore[attr-defined]
    session.execute(
        update(table)
        .where(table.c.series == series, table.c.year == year, table.c.last < last)
        .values(last=last)
    )


def overdue_by_origin(
    session: Session, *, today: str, final_statuses: Sequence[str]
) -> dict[str, int]:
    """Live cases past their deadline and not closed, counted per ``origin`` (office/device):
    the province overview sums them per office."""
    statement = (
        select(CASE.c.origin, func.count())
        .where(
            CASE.c.deleted == false(),
            CASE.c.due_date.is_not(None),
            CASE.c.due_date < today,
            CASE.c.status.not_in(list(final_statuses)),
        )
        .group_by(CASE.c.origin)
    )
    return {str(origin): int(n) for origin, n in session.execute(statement).all()}

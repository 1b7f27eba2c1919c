"""The human label of the records audit entries speak of (a person's name and NIP, an event's
title and date, a document's number, an account's username), resolved in SQL.

The log's page reads its entries with the labels in the same statement (one correlated lookup
by primary key per shown row, whatever the log's length); ids inside an entry's old and new
values are resolved afterwards, a batch per table (``labels_of``). Both engines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, union_all
from sqlmodel import Session, col

from netral_desktop.store.audit import COLUMNS, AuditRow
from netral_desktop.store.models import (
    Agency,
    Attachment,
    Attendance,
    AuditEntry,
    Election,
    Invitee,
    IssuedDocument,
    Office,
    Person,
    PledgeEvent,
    User,
)


@dataclass(frozen=True)
class RecordLabel:
    """What a person reads for a record: ``name`` (a name, a title), ``code`` (NIP, number,
    username), ``context`` (the ceremony an invitee or a mark belongs to) and ``at`` (an
    event's start, iso_utc). Empty strings where a kind has no such part."""

    name: str = ""
    code: str = ""
    context: str = ""
    at: str = ""


@dataclass(frozen=True)
class LabelledAuditRow:
    entry: AuditRow
    label: RecordLabel | None  # None: the record is not (or no longer) in this database


def _event_title(event_id: Any) -> Any:
    return (
        select(col(PledgeEvent.title))
        .where(col(PledgeEvent.id) == event_id)
        .correlate(AuditEntry)
        .scalar_subquery()
    )


# For each table: the SQL of the label's parts, given the record's id expression.
def _parts(table: str, rid: Any) -> tuple[Any, Any, Any, Any] | None:
    # Nested lookups name the log row they depend on explicitly (auto-correlation stops at
    # the first level and would join the whole log in a second).
    def one(column: Any, model: Any) -> Any:
        return select(column).where(col(model.id) == rid).correlate(AuditEntry).scalar_subquery()

    invitee_of_mark = (
        select(col(Attendance.invitee_id)).where(col(Attendance.id) == rid).correlate(AuditEntry)
    )
    if table == "person":
        return (
            one(Person.full_name, Person),
            one(func.coalesce(col(Person.nip), col(Person.ni_pppk), col(Person.nik)), Person),
            None,
            None,
        )
    if table == "agency":
        return one(Agency.name, Agency), None, None, None
    if table == "pledge_event":
        return (
            one(PledgeEvent.title, PledgeEvent),
            None,
            None,
            one(PledgeEvent.starts_at, PledgeEvent),
        )
    if table == "invitee":
        return (
            one(Invitee.full_name, Invitee),
            one(Invitee.nip, Invitee),
            _event_title(one(Invitee.event_id, Invitee)),
            None,
        )
    if table == "attendance":
        by_mark = col(Invitee.id) == invitee_of_mark.scalar_subquery()
        return (
            select(col(Invitee.full_name)).where(by_mark).correlate(AuditEntry).scalar_subquery(),
            select(col(Invitee.nip)).where(by_mark).correlate(AuditEntry).scalar_subquery(),
            _event_title(one(Attendance.event_id, Attendance)),
            None,
        )
    if table == "issued_document":
        return (
            one(IssuedDocument.title, IssuedDocument),
            one(IssuedDocument.number, IssuedDocument),
            None,
            one(IssuedDocument.issued_at, IssuedDocument),
        )
    if table == "user_account":
        return one(User.full_name, User), one(User.username, User), None, None
    if table == "attachment":
        return one(Attachment.original_name, Attachment), None, None, None
    if table == "election":
        return one(Election.name, Election), None, None, None
    if table == "office":
        return one(Office.name, Office), one(Office.code, Office), None, None
    return None


LABELLED_TABLES = (
    "person",
    "agency",
    "pledge_event",
    "invitee",
    "attendance",
    "issued_document",
    "user_account",
    "attachment",
    "election",
    "office",
)


_COLUMNS: list[ColumnElement[Any]] = []
_ENTRY_COLUMNS = [getattr(AuditEntry, name) for name in COLUMNS]


def _label_columns() -> list[ColumnElement[Any]]:
    """Four CASE columns over the entry's table: the label's name, code, context and at.
    Built once: the same objects let SQLAlchemy reuse the compiled statement."""
    if not _COLUMNS:
        _COLUMNS.extend(_build_label_columns())
    return _COLUMNS


def _build_label_columns() -> list[ColumnElement[Any]]:
    rid = col(AuditEntry.record_id)
    table = col(AuditEntry.table_name)
    columns: list[ColumnElement[Any]] = []
    for part in range(4):
        whens = []
        for name in LABELLED_TABLES:
            parts = _parts(name, rid)
            assert parts is not None
            if parts[part] is not None:
                whens.append((table == name, parts[part]))
        columns.append(case(*whens, else_=literal(None)).label(f"label_{part}"))
    return columns


def _filtered(statement: Any, text: str, actions: Iterable[str], tables: Iterable[str]) -> Any:
    needle = text.strip()
    if not needle:
        return statement
    pattern = f"%{needle}%"
    conditions = [
        col(AuditEntry.actor).ilike(pattern),
        col(AuditEntry.action).ilike(pattern),
        col(AuditEntry.table_name).ilike(pattern),
        col(AuditEntry.record_id).ilike(pattern),
        col(AuditEntry.note).ilike(pattern),
    ]
    # Words of the current language ("kehadiran") find the codes they stand for ("mark").
    actions, tables = list(actions), list(tables)
    if actions:
        conditions.append(col(AuditEntry.action).in_(actions))
    if tables:
        conditions.append(col(AuditEntry.table_name).in_(tables))
    if len(needle) >= MIN_LABEL_SEARCH:
        conditions.extend(_label_matches(pattern))
    return statement.where(or_(*conditions))


# A record is found by its label from this many characters on (fewer match most of a roster).
MIN_LABEL_SEARCH = 3


def _label_matches(pattern: str) -> list[Any]:
    """Entries whose record's label contains the text: a person's (and their invitations' and
    marks') name or NIP, an event's title, a document's number, an account's name. One IN
    over the ids of every kind (ids are unique across tables): a lookup per log entry."""
    invitees = select(col(Invitee.id)).where(
        or_(col(Invitee.full_name).ilike(pattern), col(Invitee.nip).ilike(pattern))
    )
    ids = union_all(
        select(col(Person.id)).where(
            or_(col(Person.full_name).ilike(pattern), col(Person.nip).ilike(pattern))
        ),
        invitees,
        select(col(Attendance.id)).where(col(Attendance.invitee_id).in_(invitees)),
        select(col(PledgeEvent.id)).where(col(PledgeEvent.title).ilike(pattern)),
        select(col(Agency.id)).where(col(Agency.name).ilike(pattern)),
        select(col(IssuedDocument.id)).where(
            or_(col(IssuedDocument.number).ilike(pattern), col(IssuedDocument.title).ilike(pattern))
        ),
        select(col(User.id)).where(
            or_(col(User.full_name).ilike(pattern), col(User.username).ilike(pattern))
        ),
    )
    return [col(AuditEntry.record_id).in_(select(ids.subquery().c[0]))]


def search_labelled(
    session: Session,
    *,
    text: str = "",
    offset: int,
    limit: int,
    newest_first: bool = True,
    actions: Iterable[str] = (),
    tables: Iterable[str] = (),
) -> list[LabelledAuditRow]:
    """One page of the log with each entry's record label, filtered like the log's search
    (plus entries whose action or table is one of ``actions``/``tables``)."""
    seq = col(AuditEntry.seq)
    page = (
        _filtered(select(AuditEntry), text, actions, tables)
        .order_by(seq.desc() if newest_first else seq)
        .offset(offset)
        .limit(limit)
        .subquery()
    )
    # The labels are looked up for the page's rows only: the page is cut first (an OFFSET
    # would otherwise work out the labels of every skipped row too).
    statement = (
        select(*_ENTRY_COLUMNS, *_label_columns())
        .where(col(AuditEntry.seq).in_(select(page.c.seq)))
        .order_by(seq.desc() if newest_first else seq)
    )
    return [_labelled(row) for row in session.execute(statement)]


def count_filtered(
    session: Session, *, text: str = "", actions: Iterable[str] = (), tables: Iterable[str] = ()
) -> int:
    statement = _filtered(select(func.count()).select_from(AuditEntry), text, actions, tables)
    return int(session.execute(statement).scalar() or 0)


def history_labelled(
    session: Session, *, table_name: str, record_ids: Iterable[str]
) -> list[LabelledAuditRow]:
    """Every entry of the given records of one table, oldest first, with labels."""
    ids = list(record_ids)
    if not ids:
        return []
    statement = (
        select(*_ENTRY_COLUMNS, *_label_columns())
        .where(col(AuditEntry.table_name) == table_name, col(AuditEntry.record_id).in_(ids))
        .order_by(col(AuditEntry.seq))
    )
    return [_labelled(row) for row in session.execute(statement)]


def _labelled(row: Any) -> LabelledAuditRow:
    # Plain columns, not ORM entities: a page of the log is read, never written back, and
    # loading 200 entities costs more than the query.
    entry = AuditRow(*row[: len(COLUMNS)])
    parts = row[len(COLUMNS) :]
    if all(part is None for part in parts):
        return LabelledAuditRow(entry, None)
    return LabelledAuditRow(entry, RecordLabel(*(str(p or "") for p in parts)))


def labels_of(session: Session, *, table: str, ids: Iterable[str]) -> dict[str, RecordLabel]:
    """The labels of the records ``ids`` of ``table`` (ids found inside entries' values)."""
    wanted = sorted({i for i in ids if i})
    if not wanted or table not in LABELLED_TABLES:
        return {}
    out: dict[str, RecordLabel] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in session.execute(_labels_statement(table, chunk)):
            record_id, *parts = row
            out[str(record_id)] = RecordLabel(*(str(p or "") for p in parts))
    return out


def _labels_statement(table: str, ids: list[str]) -> Any:
    if table == "person":
        return select(
            col(Person.id),
            col(Person.full_name),
            func.coalesce(col(Person.nip), col(Person.ni_pppk), col(Person.nik)),
            literal(None),
            literal(None),
        ).where(col(Person.id).in_(ids))
    if table == "invitee":
        return (
            select(
                col(Invitee.id),
                col(Invitee.full_name),
                col(Invitee.nip),
                col(PledgeEvent.title),
                literal(None),
            )
            .join(PledgeEvent, col(PledgeEvent.id) == col(Invitee.event_id))
            .where(col(Invitee.id).in_(ids))
        )
    if table == "attendance":
        return (
            select(
                col(Attendance.id),
                col(Invitee.full_name),
                col(Invitee.nip),
                col(PledgeEvent.title),
                literal(None),
            )
            .join(Invitee, col(Invitee.id) == col(Attendance.invitee_id))
            .join(PledgeEvent, col(PledgeEvent.id) == col(Attendance.event_id))
            .where(col(Attendance.id).in_(ids))
        )
    if table == "pledge_event":
        return select(
            col(PledgeEvent.id),
            col(PledgeEvent.title),
            literal(None),
            literal(None),
            col(PledgeEvent.starts_at),
        ).where(col(PledgeEvent.id).in_(ids))
    simple: dict[str, tuple[Any, Any, Any]] = {
        "agency": (Agency, Agency.name, None),
        "issued_document": (IssuedDocument, IssuedDocument.title, col(IssuedDocument.number)),
        "user_account": (User, User.full_name, col(User.username)),
        "attachment": (Attachment, Attachment.original_name, None),
        "election": (Election, Election.name, None),
        "office": (Office, Office.name, col(Office.code)),
    }
    model, name, code = simple[table]
    return select(
        col(model.id),
        col(name),
        code if code is not None else literal(None),
        literal(None),
        literal(None),
    ).where(col(model.id).in_(ids))


def imports_that_created(session: Session, *, created_at: str) -> list[AuditRow]:
    """The import summary entries written at ``created_at`` (the moment an import created
    its rows): a person added by an import has no entry of its own but this one."""
    statement = (
        select(AuditEntry)
        .where(
            and_(
                col(AuditEntry.table_name) == "person",
                col(AuditEntry.action) == "import",
                col(AuditEntry.at) == created_at,
            )
        )
        .order_by(col(AuditEntry.seq))
    )
    return [AuditRow.of(e) for e in session.scalars(statement)]


def ids_of_person(session: Session, *, person_id: str) -> tuple[list[str], list[str]]:
    """The ids of a person's invitations and of the attendance marks made on them (deleted
    ones too: their entries are part of the person's history)."""
    invitees = [
        str(i)
        for i in session.scalars(select(col(Invitee.id)).where(col(Invitee.person_id) == person_id))
    ]
    if not invitees:
        return [], []
    marks: list[str] = []
    for start in range(0, len(invitees), 500):
        chunk = invitees[start : start + 500]
        marks.extend(
            str(i)
            for i in session.scalars(
                select(col(Attendance.id)).where(col(Attendance.invitee_id).in_(chunk))
            )
        )
    return invitees, marks


__all__ = [
    "LABELLED_TABLES",
    "LabelledAuditRow",
    "RecordLabel",
    "count_filtered",
    "history_labelled",
    "ids_of_person",
    "imports_that_created",
    "labels_of",
    "search_labelled",
]

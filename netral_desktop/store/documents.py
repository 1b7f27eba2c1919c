"""Queries of issued documents, their numbers and the office's numbering schemes."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, TypeVar

from sqlalchemy import Select, false, func, or_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from netral_desktop.store.locks import dialect_of
from netral_desktop.store.models import DocumentSequence, IssuedDocument, NumberingScheme

_Query = TypeVar("_Query", bound=Select[Any])


@dataclass(frozen=True)
class IssuedRow:
    """An issued document's record, as read."""

    id: str
    origin: str
    created_at: str
    updated_at: str
    updated_by: str
    revision: int
    deleted: bool
    form: str
    title: str
    series: str | None
    year: int | None
    seq: int | None
    number: str | None
    code: str
    record_kind: str
    record_id: str
    record_label: str
    sha256: str
    size: int
    pages: int
    issued_by: str
    issued_by_name: str
    issued_at: str
    content_sha256: str | None
    seal: str | None = None  # store/seals.py: a changed hash or number no longer matches

    @classmethod
    def of(cls, row: IssuedDocument) -> IssuedRow:
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


def next_sequence(session: Session, *, series: str, year: int) -> int:
    """Take the next number of ``series`` in ``year`` inside the caller's write transaction.

    One atomic upsert that returns the new value: two writers at once (two processes on one
    SQLite file, two sessions on PostgreSQL, whose row lock makes the second wait for the
    first to commit) never take the same number, and a rollback gives the number back.
    """
    insert = pg_insert if dialect_of(session) == "postgresql" else sqlite_insert
    table = DocumentSequence.__table__  # type: ignore[attr-defined]
    statement = (
        insert(table)
        .values(series=series, year=year, last=1)
        .on_conflict_do_update(
            index_elements=[table.c.series, table.c.year], set_={"last": table.c.last + 1}
        )
        .returning(table.c.last)
    )
    return int(session.execute(statement).scalar_one())


def scheme_override(session: Session, *, series: str) -> NumberingScheme | None:
    return session.get(NumberingScheme, series)


def save_scheme(session: Session, *, series: str, scheme: str | None, at: str, by: str) -> None:
    """Set the office's own format for ``series``, or with None remove it."""
    row = session.get(NumberingScheme, series)
    if scheme is None:
        if row is not None:
            session.delete(row)
        return
    row = row or NumberingScheme(series=series, scheme=scheme, updated_at="", updated_by="")
    row.scheme, row.updated_at, row.updated_by = scheme, at, by
    session.add(row)


def issued_with_content(
    session: Session, *, form: str, kind: str, record_id: str, content_sha256: str
) -> IssuedRow | None:
    """The latest live document of ``form`` for a record with this content hash."""
    row = session.exec(
        select(IssuedDocument)
        .where(
            col(IssuedDocument.record_kind) == kind,
            col(IssuedDocument.record_id) == record_id,
            col(IssuedDocument.form) == form,
            col(IssuedDocument.content_sha256) == content_sha256,
            col(IssuedDocument.deleted) == false(),
        )
        .order_by(col(IssuedDocument.issued_at).desc())
        .limit(1)
    ).first()
    return IssuedRow.of(row) if row is not None else None


def code_taken(session: Session, *, code: str) -> bool:
    taken = session.execute(
        select(func.count()).select_from(IssuedDocument).where(IssuedDocument.code == code)
    ).scalar()
    return bool(taken)


def by_code(session: Session, *, code: str) -> IssuedRow | None:
    row = session.exec(select(IssuedDocument).where(IssuedDocument.code == code)).first()
    return IssuedRow.of(row) if row is not None else None


def _issued_filter(
    query: _Query, *, form: str | None, search: str | None, year: int | None
) -> _Query:
    query = query.where(col(IssuedDocument.deleted) == false())
    if form:
        query = query.where(col(IssuedDocument.form) == form)
    if year:
        query = query.where(col(IssuedDocument.issued_at).startswith(f"{year:04d}-"))
    if search:
        like = f"%{search.strip()}%"
        query = query.where(
            or_(
                col(IssuedDocument.number).ilike(like),
                col(IssuedDocument.code).ilike(like),
                col(IssuedDocument.record_label).ilike(like),
                col(IssuedDocument.issued_by).ilike(like),
            )
        )
    return query


def issued(
    session: Session,
    *,
    form: str | None,
    search: str | None,
    year: int | None,
    limit: int,
    offset: int,
) -> list[IssuedRow]:
    """Issued documents, newest first."""
    query = _issued_filter(select(IssuedDocument), form=form, search=search, year=year)
    query = query.order_by(col(IssuedDocument.issued_at).desc(), col(IssuedDocument.id).desc())
    return [IssuedRow.of(row) for row in session.exec(query.limit(limit).offset(offset))]


def issued_count(
    session: Session, *, form: str | None, search: str | None, year: int | None
) -> int:
    query = _issued_filter(
        select(func.count()).select_from(IssuedDocument), form=form, search=search, year=year
    )
    return int(session.execute(query).scalar() or 0)

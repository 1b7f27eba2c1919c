"""Queries of the office aggregate: the office row, this installation's facts, table counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

from sqlalchemy import false, func
from sqlmodel import Session, SQLModel, select

from netral_desktop.store.models import LocalMeta, Office


@dataclass(frozen=True)
class OfficeRecord:
    """The office row as stored (every column), detached from any session."""

    id: str
    origin: str
    created_at: str
    updated_at: str
    updated_by: str
    revision: int
    deleted: bool
    code: str
    name: str
    mode: str
    province_code: str
    time_zone: str
    bawaslu_code: str | None
    address: str
    phone: str
    email: str
    website: str
    city: str
    logo_sha256: str | None
    head_name: str
    secretary_name: str
    secretary_nip: str | None
    letter_issuer: str
    case_number_device: str | None = None  # the computer that takes case numbers
    evidence_max_mb: int = 200  # largest evidence file accepted, in MB (issue 13)
    seal: str | None = None  # store/seals.py: a row changed behind the program's back

    @classmethod
    def of(cls, office: Office) -> OfficeRecord:
        return cls(**{f.name: getattr(office, f.name) for f in fields(cls)})


def meta(session: Session) -> dict[str, str]:
    """This installation's facts (installation id, device id, key store, ...)."""
    return {m.key: m.value for m in session.exec(select(LocalMeta))}


def add_meta(session: Session, values: dict[str, str]) -> None:
    session.add_all(LocalMeta(key=k, value=v) for k, v in values.items())


def set_meta(session: Session, values: Mapping[str, str | None]) -> None:
    """Add or replace facts of this installation (None removes one)."""
    for key, value in values.items():
        row = session.get(LocalMeta, key)
        if value is None:
            if row is not None:
                session.delete(row)
            continue
        row = row or LocalMeta(key=key, value=value)
        row.value = value
        session.add(row)


def first_office(session: Session) -> Office | None:
    return session.exec(select(Office)).first()


def live_office(session: Session) -> Office | None:
    """The office row (not tombstoned), for reading or for the caller's write transaction."""
    return session.exec(select(Office).where(Office.deleted == false())).first()


def office_count(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(Office)).scalar() or 0)


def latest_stamp(session: Session) -> str | None:
    """The newest hybrid-clock stamp on disk across every synced table."""
    latest: str | None = None
    for table in SQLModel.metadata.sorted_tables:
        if "updated_at" in table.c and "origin" in table.c:
            value = session.execute(select(func.max(table.c.updated_at))).scalar()
            if value and (latest is None or value > latest):
                latest = value
    return latest


def table_counts(session: Session) -> dict[str, int]:
    """Rows per table; synced tables without their tombstones."""
    counts: dict[str, int] = {}
    for table in SQLModel.metadata.sorted_tables:
        statement = select(func.count()).select_from(table)
        if "deleted" in table.c:
            statement = statement.where(table.c.deleted == false())
        counts[table.name] = int(session.execute(statement).scalar() or 0)
    return counts

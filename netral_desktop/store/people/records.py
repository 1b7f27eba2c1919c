"""One person or agency at a time: by id, by key, who holds an identifier, a person's history.

ORM rows come back attached to the caller's session, so a service changes them and writes
them back (through the synced-row primitive) in the same transaction; what leaves a service
is a ``PersonRecord`` / ``AgencyRecord`` (plain frozen copies that outlive the session).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import false, func
from sqlmodel import Session, col, select

from netral_desktop.store.audit import AuditRow
from netral_desktop.store.models import Agency, AuditEntry, Person


@dataclass(frozen=True)
class PersonRecord:
    """A person as stored (every column), detached from any session."""

    id: str
    origin: str
    created_at: str
    updated_at: str
    updated_by: str
    revision: int
    deleted: bool
    full_name: str
    name_key: str
    status: str
    nip: str | None
    ni_pppk: str | None
    nik: str | None
    sex: str | None
    birth_date: str | None
    jabatan: str
    pangkat_golongan: str
    golongan_rank: int
    unit_kerja: str
    agency_id: str | None
    phone: str
    active: bool
    problems: str

    @classmethod
    def of(cls, person: Person) -> PersonRecord:
        return cls(**{f.name: getattr(person, f.name) for f in fields(cls)})


@dataclass(frozen=True)
class AgencyRecord:
    """An agency as stored (every column), detached from any session."""

    id: str
    origin: str
    created_at: str
    updated_at: str
    updated_by: str
    revision: int
    deleted: bool
    name: str
    name_key: str
    short_name: str
    kind: str
    parent_id: str | None
    address: str
    head_name: str
    head_nip: str | None
    ppk_name: str
    ppk_title: str
    active: bool

    @classmethod
    def of(cls, agency: Agency) -> AgencyRecord:
        return cls(**{f.name: getattr(agency, f.name) for f in fields(cls)})


# The identifier columns no two live people may share.
UNIQUE_IDENTIFIERS = ("nip", "ni_pppk", "nik")


def person_by_id(session: Session, *, person_id: str) -> Person | None:
    return session.get(Person, person_id)


def agency_by_id(session: Session, *, agency_id: str) -> Agency | None:
    return session.get(Agency, agency_id)


def has_people(session: Session) -> bool:
    """Whether the roster holds anyone at all (deleted rows included)."""
    return session.exec(select(Person.id).limit(1)).first() is not None


def agency_by_key(session: Session, *, key: str) -> Agency | None:
    """The live agency whose name key is ``key``; else one whose short name, lower-cased, is."""
    live = select(Agency).where(Agency.deleted == false())
    found = session.exec(live.where(Agency.name_key == key)).first()
    if found is None:
        found = session.exec(live.where(func.lower(Agency.short_name) == key)).first()
    return found


def agency_name_taken(session: Session, *, key: str, exclude_id: str | None = None) -> bool:
    """Whether another live agency has the name key ``key``."""
    statement = select(Agency.id).where(Agency.name_key == key, Agency.deleted == false())
    if exclude_id:
        statement = statement.where(Agency.id != exclude_id)
    return session.exec(statement.limit(1)).first() is not None


def identifier_holder(
    session: Session, *, column: str, value: str, exclude_id: str | None = None
) -> str | None:
    """The name of a live person (other than ``exclude_id``) whose ``column`` (one of
    ``UNIQUE_IDENTIFIERS``) is ``value``, or None."""
    if column not in UNIQUE_IDENTIFIERS:
        raise ValueError(column)
    statement = select(Person.full_name).where(
        col(getattr(Person, column)) == value, Person.deleted == false()
    )
    if exclude_id:
        statement = statement.where(Person.id != exclude_id)
    return session.exec(statement.limit(1)).first()


def person_history(session: Session, *, person_id: str, created_at: str) -> list[AuditRow]:
    """The audit entries of a person, oldest first, with the import that created them (an
    import writes one summary entry at the ``created_at`` of the rows it added)."""
    own = (col(AuditEntry.table_name) == "person") & (col(AuditEntry.record_id) == person_id)
    created_by_import = (col(AuditEntry.action) == "import") & (col(AuditEntry.at) == created_at)
    statement = select(AuditEntry).where(own | created_by_import).order_by(col(AuditEntry.seq))
    return [AuditRow.of(entry) for entry in session.exec(statement)]

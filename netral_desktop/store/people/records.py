"""One person or agency at a time: by id, by key, who holds an identifier, a person's history.

ORM rows come back attached to the caller's session, so a service changes them and writes
them back (through the synced-row primitive) in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import false, func
from sqlmodel import Session, col, select

from netral_desktop.store.models import Agency, AuditEntry, Person

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


def person_history(session: Session, *, person_id: str, created_at: str) -> list[AuditEntry]:
    """The audit entries of a person, oldest first, with the import that created them (an
    import writes one summary entry at the ``created_at`` of the rows it added)."""
    own = (col(AuditEntry.table_name) == "person") & (col(AuditEntry.record_id) == person_id)
    created_by_import = (col(AuditEntry.action) == "import") & (col(AuditEntry.at) == created_at)
    return list(
        session.exec(
            select(AuditEntry).where(own | created_by_import).order_by(col(AuditEntry.seq))
        )
    )

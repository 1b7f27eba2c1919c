"""Queries of attachments (evidence files of any owner record)."""

from __future__ import annotations

from sqlalchemy import false
from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from netral_desktop.store.models import Attachment


def _live(owner_table: str, owner_id: str) -> SelectOfScalar[Attachment]:
    return select(Attachment).where(
        Attachment.owner_table == owner_table,
        Attachment.owner_id == owner_id,
        Attachment.deleted == false(),
    )


def live_with_hash(
    session: Session, *, owner_table: str, owner_id: str, sha256: str
) -> Attachment | None:
    return session.exec(_live(owner_table, owner_id).where(Attachment.sha256 == sha256)).first()


def live_for(session: Session, *, owner_table: str, owner_id: str) -> list[Attachment]:
    """The record's attachments, oldest first."""
    return list(
        session.exec(_live(owner_table, owner_id).order_by(Attachment.added_at, Attachment.id))
    )


def by_id(session: Session, *, attachment_id: str) -> Attachment | None:
    return session.get(Attachment, attachment_id)


def recorded_hashes(session: Session) -> list[str]:
    """Every file hash the database records (evidence and issued documents), sorted."""
    from sqlalchemy import union

    from netral_desktop.store.models import IssuedDocument

    statement = union(
        select(Attachment.sha256).where(Attachment.deleted == false()),
        select(IssuedDocument.sha256).where(IssuedDocument.deleted == false()),
    )
    return sorted(set(session.execute(statement).scalars()))


def referenced_hashes(session: Session) -> set[str]:
    """Every file hash the database has ever named: attachments and issued documents (removed
    ones too: their files stay as evidence), the letterhead logo and the logos it replaced
    (named in the audit log). A file under attachments/ outside this set is an orphan."""
    import json

    from sqlalchemy import union
    from sqlalchemy.sql.selectable import CompoundSelect
    from sqlmodel import col

    from netral_desktop.store.models import AuditEntry, IssuedDocument, Office

    statement: CompoundSelect[tuple[str | None]] = union(
        select(Attachment.sha256),
        select(IssuedDocument.sha256),
        select(Office.logo_sha256).where(col(Office.logo_sha256).is_not(None)),
    )
    found = {sha for sha in session.execute(statement).scalars() if sha}
    logo_changes = select(AuditEntry.old_values, AuditEntry.new_values).where(
        AuditEntry.action == "set_logo"
    )
    for old, new in session.execute(logo_changes):
        for text in (old, new):
            try:
                value = json.loads(text or "{}").get("logo_sha256")
            except (ValueError, AttributeError):
                continue
            if isinstance(value, str):
                found.add(value)
    return found

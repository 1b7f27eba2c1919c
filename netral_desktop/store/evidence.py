"""Queries of attachments (evidence files of any owner record)."""

from __future__ import annotations

from sqlalchemy import false, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from netral_desktop.store.models import Attachment, EvidenceCustody


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


def live_elsewhere(
    session: Session, *, sha256: str, owner_table: str, owner_id: str
) -> list[Attachment]:
    """Live items of the same plain bytes on other records (oldest first): a duplicate."""
    statement = (
        select(Attachment)
        .where(Attachment.sha256 == sha256, Attachment.deleted == false())
        .where(
            or_(col(Attachment.owner_table) != owner_table, col(Attachment.owner_id) != owner_id)
        )
        .order_by(Attachment.added_at, Attachment.id)
    )
    return list(session.exec(statement))


def sealed_copy(session: Session, *, sha256: str, office_code: str) -> str | None:
    """The stored hash of a sealed copy of these plain bytes that ``office_code`` sealed (with
    its own key), if one was ever recorded (a withdrawn item's file stays): a second
    confidential item of that office shares it. Another office's copy (merged from its
    bundle) is under that office's key, so it is not shared."""
    from sqlmodel import col

    statement = (
        select(Attachment.stored_sha256)
        .where(Attachment.sha256 == sha256, col(Attachment.stored_sha256).is_not(None))
        .where(col(Attachment.origin).startswith(f"{office_code}/", autoescape=True))
        .order_by(Attachment.added_at, Attachment.id)
    )
    return session.exec(statement).first()


def sealed_items(session: Session) -> list[tuple[str, str, str]]:
    """(plain sha256, stored sha256, origin) of every sealed file any item names, once for
    each origin (the office in it sealed the file: its key opens it)."""
    from sqlmodel import col

    statement = (
        select(Attachment.sha256, Attachment.stored_sha256, Attachment.origin)
        .where(col(Attachment.stored_sha256).is_not(None))
        .distinct()
    )
    return sorted(
        (plain, str(stored), str(origin)) for plain, stored, origin in session.exec(statement)
    )


def custody_for(session: Session, *, attachment_id: str) -> list[EvidenceCustody]:
    """The item's custody log, oldest first."""
    statement = (
        select(EvidenceCustody)
        .where(EvidenceCustody.attachment_id == attachment_id)
        .order_by(EvidenceCustody.at, EvidenceCustody.updated_at, EvidenceCustody.id)
    )
    return list(session.exec(statement))


def recorded_hashes(session: Session) -> list[str]:
    """Every file hash the database records (evidence and issued documents), sorted."""
    from sqlalchemy import func, union

    from netral_desktop.store.models import IssuedDocument

    stored = func.coalesce(Attachment.stored_sha256, Attachment.sha256)
    statement = union(
        select(stored).where(Attachment.deleted == false()),
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
        select(Attachment.sha256).where(col(Attachment.stored_sha256).is_(None)),
        select(Attachment.stored_sha256).where(col(Attachment.stored_sha256).is_not(None)),
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


def custody_rows_and_entries(
    session: Session,
) -> tuple[list[EvidenceCustody], list[tuple[str, str, str | None]]]:
    """Every custody row, and every audit entry that wrote one: (record id, actor, new values
    as JSON). The log is append-only: the two must tell the same story."""
    from netral_desktop.store.models import AuditEntry

    rows = list(session.exec(select(EvidenceCustody)))
    entries = session.execute(
        select(AuditEntry.record_id, AuditEntry.actor, AuditEntry.new_values).where(
            AuditEntry.table_name == "evidence_custody"
        )
    ).all()
    return rows, [(str(r), str(a), n) for r, a, n in entries]


def owner_exists(session: Session, *, owner_table: str, owner_id: str) -> bool | None:
    """Whether ``owner_id`` is a live row of the table ``owner_table``; None when no table of
    that name (with an ``id`` column) is known to the program."""
    from sqlmodel import SQLModel

    table = SQLModel.metadata.tables.get(owner_table)
    if table is None or "id" not in table.c:
        return None
    statement = select(table.c.id).where(table.c.id == owner_id)
    if "deleted" in table.c:
        statement = statement.where(table.c.deleted == false())
    return session.execute(statement).first() is not None

"""The papers issued for a case: issued documents whose record is the case (or one of its
people or hearings, ``CASE_ID@TARGET``)."""

from __future__ import annotations

from sqlalchemy import false, or_
from sqlmodel import col, select

from netral_desktop.store.db import Session
from netral_desktop.store.documents import IssuedRow
from netral_desktop.store.models import IssuedDocument


def issued_for_case(session: Session, *, kind: str, case_id: str) -> list[IssuedRow]:
    """The case's issued papers, oldest first."""
    query = (
        select(IssuedDocument)
        .where(col(IssuedDocument.deleted) == false())
        .where(col(IssuedDocument.record_kind) == kind)
        .where(
            or_(
                col(IssuedDocument.record_id) == case_id,
                col(IssuedDocument.record_id).startswith(f"{case_id}@"),
            )
        )
        .order_by(col(IssuedDocument.issued_at), col(IssuedDocument.id))
    )
    return [IssuedRow.of(row) for row in session.exec(query)]

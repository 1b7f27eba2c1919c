"""What the case services share: reading the case under the right permission, dates as
people type them, the ruleset of a case, and the entitlement to identities."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from netral_desktop.core.errors import NotFoundError, ValidationError
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import cases as store
from netral_desktop.store.db import Session
from netral_desktop.store.models import CaseFile, CaseSubject

CASE_TABLE = "case_file"
SUBJECT_TABLE = "case_subject"
PARTY_TABLE = "case_party"
STEP_TABLE = "case_step"
HEARING_TABLE = "case_hearing"
NUMBER_TABLE = "case_number"

_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def parse_date(value: date | str | None, label: str, *, required: bool = False) -> date | None:
    """A date as typed: a ``date``, ISO ``2024-05-14`` or ``14-05-2024``; None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(
                _("{label} wajib diisi (tulis TTTT-BB-HH atau HH-BB-TTTT).").format(label=label),
                code="date_missing",
            )
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    found = _DMY.match(text)
    if found:
        try:
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        except ValueError:
            pass
    raise ValidationError(
        _("{label} '{value}' bukan tanggal: tulis TTTT-BB-HH (2024-05-14) atau HH-BB-TTTT.").format(
            label=label, value=value
        ),
        code="date_invalid",
    )


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def as_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def may_see_identities(ctx: ServiceContext) -> bool:
    """Koordinator and administrator see reporters' and witnesses' identities; others see
    pseudonyms."""
    return ctx.actor is not None and has_permission(ctx.actor.role, Permission.CASE_IDENTITY)


def live_case(session: Session, case_id: str) -> CaseFile:
    row = store.case_row(session, case_id=case_id)
    if row is None or row.deleted:
        raise NotFoundError(_("Perkara tidak ditemukan (mungkin sudah dihapus)."))
    return row


def live_subject(session: Session, case_id: str, subject_id: str) -> CaseSubject:
    row = store.get(session, CaseSubject, subject_id)
    if row is None or row.deleted or row.case_id != case_id:
        raise NotFoundError(_("Terlapor tidak ditemukan pada perkara ini."))
    return row


def refuse_locked(case: CaseFile) -> None:
    """A decided case is edited only after it is reopened with a reason."""
    if case.locked:
        raise ValidationError(
            _(
                "Perkara ini sudah diputus: data perkara hanya dapat diubah setelah dibuka "
                "kembali dengan alasan (langkah 'Buka kembali', baris perintah: netral case "
                "step ID buka_kembali --reason ...)."
            ),
            code="case_locked",
        )


def find_case_id(ctx: ServiceContext, text: str) -> str:
    """A case id from its id (whole, or its first or last characters) or its number."""
    ctx.require(Permission.CASE_READ)
    part = text.strip()
    if not part:
        raise NotFoundError(_("Tulis id atau nomor perkara."))
    with ctx.db.read_session() as session:
        found = store.case_ids_like(session, part=part)
    if not found:
        raise NotFoundError(_("Perkara '{id}' tidak ditemukan.").format(id=text))
    if len(found) > 1:
        raise ValidationError(
            _("'{id}' cocok dengan lebih dari satu perkara: tulis lebih lengkap.").format(id=text),
            code="ambiguous",
        )
    return found[0]


def clip(value: Any, length: int) -> str:
    from netral_desktop.core.roster import clean_text

    return clean_text(value)[:length]

"""Perbawaslu numbers of a case (forms_catalogue.md §3): penyampaian, register,
recommendation or forwarding, correction; with the office's Bawaslu region code, its level
(Kab, Kota, Prov), the Roman month and the year.

These numbers have no device part, so two computers of an office working offline could
both take "005". They are therefore taken on one computer only: the office's *numbering
computer* (``office.case_number_device``, synced with the office row). The first computer
that needs a case number becomes it; an administrator moves it with ``netral case
numbering --here`` (after the two computers' data met, so the new one knows the last
numbers). Other computers record everything else and are refused a number with a message
that says where numbers are taken. The sequence continues from the highest number any
computer took (``case_number`` rows arrive by sync), and ``case_number`` is unique per
series, year and sequence, so a clash can never be stored.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from netral_desktop.core import wilayah
from netral_desktop.core.cases import ElectionCode, NumberKind, Origin, case_number
from netral_desktop.core.errors import NotInitialisedError, ValidationError
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import cases as store
from netral_desktop.store import documents as documents_store
from netral_desktop.store import office as office_store
from netral_desktop.store.db import Session
from netral_desktop.store.models import CaseFile, CaseNumber, CaseSubject, Office

SERIES_PREFIX = "perkara/"


class NumberingElsewhere(ValidationError):
    """Case numbers of this office are taken on another computer."""

    code = "numbering_elsewhere"


def this_device(ctx: ServiceContext) -> str:
    return ctx.meta.get("device_id", "") or ctx.origin.partition("/")[2]


def level_of(office: Office) -> str:
    """The office's level in case numbers: Prov, Kota or Kab."""
    if office.mode == "province" or len(office.code) == 2:
        return "Prov"
    found = wilayah.region(office.code)
    return "Kota" if found is not None and found.is_kota else "Kab"


def _office(session: Session) -> Office:
    office = office_store.live_office(session)
    if office is None:
        raise NotInitialisedError(_("Kantor belum disiapkan."))
    return office


def _elsewhere_message(device: str) -> str:
    return _(
        "Nomor perkara (Perbawaslu) kantor ini diambil di komputer penomoran "
        "(perangkat {device}), agar dua komputer tidak pernah memberi nomor yang sama. "
        "Catat langkah ini di komputer itu, atau minta administrator memindahkan "
        "penomoran ke komputer ini setelah data keduanya disinkronkan ('netral case "
        "numbering --here')."
    ).format(device=device[:8])


def refuse_elsewhere(ctx: ServiceContext, session: Session) -> None:
    office = _office(session)
    raise NumberingElsewhere(_elsewhere_message(office.case_number_device or ""))


def _claim(ctx: ServiceContext, session: Session, office: Office) -> None:
    device = this_device(ctx)
    if office.case_number_device is None:
        office.case_number_device = device
        ctx.record_update(
            session,
            office,
            action="update",
            old={"case_number_device": None},
            new={"case_number_device": device},
            note=_("komputer ini menjadi komputer penomoran perkara"),
        )
        return
    if office.case_number_device != device:
        raise NumberingElsewhere(_elsewhere_message(office.case_number_device))


def take(
    ctx: ServiceContext,
    session: Session,
    case: CaseFile,
    kind: NumberKind,
    *,
    on: date,
    rekom_kind: str = "Rekom-DPPL",
    subject: CaseSubject | None = None,
) -> str:
    """Take the next number of ``kind`` for ``case`` inside the caller's write transaction."""
    office = _office(session)
    if not office.bawaslu_code:
        raise ValidationError(
            _(
                "Kode wilayah Bawaslu kantor belum diatur (nomor perkara memakai kode daftar "
                "Bawaslu, mis. Bantul 15.02, bukan kode Kemendagri): atur di Pengaturan kantor "
                "atau dengan 'netral office --kode-bawaslu 15.02'."
            ),
            code="bawaslu_code_missing",
        )
    _claim(ctx, session, office)
    series = SERIES_PREFIX + kind.value
    year = on.year
    seq = documents_store.next_sequence(session, series=series, year=year)
    highest = store.max_number_seq(session, series=series, year=year)
    if seq <= highest:
        seq = highest + 1
        store.raise_sequence(session, series=series, year=year, last=seq)
    number = case_number(
        kind,
        seq=seq,
        origin=Origin(case.origin_kind),
        election=ElectionCode(case.election_code),
        level=level_of(office),
        region_code=office.bawaslu_code,
        on=on,
        rekom_kind=rekom_kind,
    )
    values: dict[str, Any] = {
        "case_id": case.id,
        "subject_id": subject.id if subject is not None else None,
        "kind": kind.value,
        "series": series,
        "year": year,
        "seq": seq,
        "number": number,
        "taken_on": on.isoformat(),
    }
    row = CaseNumber(**values)
    ctx.insert_synced(session, row, action="create")
    return number


def numbering_device(ctx: ServiceContext) -> tuple[str | None, bool]:
    """(the numbering computer's device id or None, whether it is this computer)."""
    ctx.require(Permission.CASE_READ)
    with ctx.db.read_session() as session:
        office = _office(session)
        device = office.case_number_device
    return device, device == this_device(ctx)


def set_numbering_here(ctx: ServiceContext) -> str:
    """Make this computer the office's numbering computer (administrator)."""
    ctx.require(Permission.MANAGE_SETTINGS)
    device = this_device(ctx)
    with ctx.db.write_session() as session:
        office = _office(session)
        old = office.case_number_device
        if old == device:
            return device
        office.case_number_device = device
        ctx.record_update(
            session,
            office,
            action="update",
            old={"case_number_device": old},
            new={"case_number_device": device},
            note=_("penomoran perkara dipindahkan ke komputer ini"),
        )
    return device

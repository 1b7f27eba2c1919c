"""Clarification hearings (klarifikasi): who is heard (a reported person, the reporter, a
witness or an expert), when and where, the invitation (B.9) and the one repeat invitation,
attendance, the oath (B.10, experts B.11), the statement for the minutes (B.12), and an
online hearing's reason and recording.

Perbawaslu 7/2022 Pasal 29: the invitation reaches the person at least 1 working day before
the hearing; after the second invitation the office proceeds without them. Online hearings
only for geographic, security, facility or disaster reasons, and they are recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from netral_desktop.core.clock import iso_utc, parse_iso_utc
from netral_desktop.core.errors import NotFoundError, ValidationError
from netral_desktop.core.inputs import UNSET, Unset, changed
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.cases.common import (
    clip,
    iso,
    live_case,
    live_subject,
    parse_date,
    refuse_locked,
)
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.store import cases as store
from netral_desktop.store.db import Session
from netral_desktop.store.models import CaseHearing, CaseParty

if TYPE_CHECKING:
    from netral_desktop.core.procedure import Ruleset
    from netral_desktop.services.cases.queries import HearingView

HEARD_AS = ("terlapor", "pelapor", "saksi", "ahli")
ATTENDANCE = ("", "hadir", "tidak_hadir")


@dataclass(frozen=True)
class HearingFields:
    """A hearing as entered: who (``subject_id`` or ``party_id``, or ``name`` for someone
    not on the case yet, e.g. an expert), when and where."""

    scheduled_at: datetime | str = ""
    subject_id: str | None = None
    party_id: str | None = None
    name: str = ""
    heard_as: str = ""  # derived from the subject or party when empty
    place: str = ""
    online: bool = False
    online_reason: str = ""
    invitation_date: date | str | None = None
    notes: str = ""


@dataclass(frozen=True)
class HearingChanges:
    scheduled_at: datetime | str | Unset = UNSET
    place: str | Unset = UNSET
    online: bool | Unset = UNSET
    online_reason: str | Unset = UNSET
    invitation_date: date | str | Unset | None = UNSET
    second_invitation_date: date | str | Unset | None = UNSET
    attendance: str | Unset = UNSET
    oath: bool | Unset = UNSET
    statement: str | Unset = UNSET
    recording_id: str | Unset | None = UNSET
    notes: str | Unset = UNSET


def _moment(ctx: ServiceContext, value: datetime | str) -> str:
    zone = office_zone(current_office(ctx))
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=zone)
        return iso_utc(moment)
    text = (value or "").strip().replace("T", " ")
    for pattern in ("%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H.%M", "%d-%m-%Y %H.%M"):
        try:
            return iso_utc(datetime.strptime(text, pattern).replace(tzinfo=zone))
        except ValueError:
            continue
    raise ValidationError(
        _("Waktu klarifikasi '{value}' tidak sah: tulis TTTT-BB-HH JJ:MM.").format(value=value),
        code="hearing_time_invalid",
    )


def _check(values: dict[str, Any], scheduled: str, ctx: ServiceContext) -> None:
    if values.get("online") and not values.get("online_reason"):
        raise ValidationError(
            _(
                "Klarifikasi daring hanya karena alasan geografis, keamanan, sarana atau "
                "bencana: tuliskan alasannya."
            ),
            code="online_reason_missing",
        )
    if values.get("attendance") not in ATTENDANCE:
        raise ValidationError(
            _("Kehadiran ditulis hadir atau tidak_hadir."), code="attendance_invalid"
        )
    local = parse_iso_utc(scheduled).astimezone(office_zone(current_office(ctx))).date()
    for name in ("invitation_date", "second_invitation_date"):
        if values.get(name) and values[name] > local.isoformat():
            raise ValidationError(
                _("Undangan tidak dapat disampaikan setelah tanggal klarifikasi."),
                code="invitation_after_hearing",
            )
    if values.get("second_invitation_date") and not values.get("invitation_date"):
        raise ValidationError(
            _("Catat undangan pertama sebelum undangan kedua."), code="second_before_first"
        )


def add_hearing(ctx: ServiceContext, case_id: str, data: HearingFields) -> str:
    ctx.require(Permission.CASE_LOG)
    scheduled = _moment(ctx, data.scheduled_at)
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        refuse_locked(case)
        heard_as = (data.heard_as or "").strip().lower()
        name = clip(data.name, 200)
        if data.subject_id:
            subject = live_subject(session, case_id, data.subject_id)
            heard_as = heard_as or "terlapor"
            name = subject.full_name
        elif data.party_id:
            party = _party(session, case_id, data.party_id)
            heard_as = heard_as or party.role
            name = ""  # the identity stays sealed; shown by pseudonym or revealed
        elif not name:
            raise ValidationError(
                _("Pilih terlapor atau pihak yang diklarifikasi, atau tulis namanya."),
                code="hearing_person_missing",
            )
        if heard_as not in HEARD_AS:
            raise ValidationError(
                _("Yang diklarifikasi sebagai: terlapor, pelapor, saksi atau ahli."),
                code="heard_as_invalid",
            )
        invited = parse_date(data.invitation_date, _("Tanggal undangan"))
        values: dict[str, Any] = {
            "case_id": case_id,
            "subject_id": data.subject_id or None,
            "party_id": data.party_id or None,
            "heard_as": heard_as,
            "name": name,
            "scheduled_at": scheduled,
            "place": clip(data.place, 300),
            "online": bool(data.online),
            "online_reason": clip(data.online_reason, 300),
            "invitation_date": iso(invited),
            "attendance": "",
            "notes": (data.notes or "").strip(),
        }
        _check(values, scheduled, ctx)
        row = CaseHearing(**values)
        ctx.insert_synced(session, row, action="create")
        return row.id


def _party(session: Session, case_id: str, party_id: str) -> CaseParty:
    party = store.get(session, CaseParty, party_id)
    if party is None or party.deleted or party.case_id != case_id:
        raise NotFoundError(_("Pelapor/saksi tidak ditemukan pada perkara ini."))
    return party


def update_hearing(
    ctx: ServiceContext, case_id: str, hearing_id: str, changes: HearingChanges
) -> bool:
    """Record the invitations, attendance, oath, statement or recording of a hearing. An
    online hearing needs its recording (an attachment on the case) before its statement is
    recorded as taken."""
    ctx.require(Permission.CASE_LOG)
    given = changed(changes)
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        refuse_locked(case)
        row = store.get(session, CaseHearing, hearing_id)
        if row is None or row.deleted or row.case_id != case_id:
            raise NotFoundError(_("Klarifikasi tidak ditemukan pada perkara ini."))
        values: dict[str, Any] = {}
        if "scheduled_at" in given:
            values["scheduled_at"] = _moment(ctx, given["scheduled_at"])
        for name in ("invitation_date", "second_invitation_date"):
            if name in given:
                values[name] = iso(parse_date(given[name], _("Tanggal undangan")))
        for name, length in (("place", 300), ("online_reason", 300)):
            if name in given:
                values[name] = clip(given[name], length)
        for name in ("online", "oath"):
            if name in given:
                values[name] = bool(given[name])
        if "attendance" in given:
            values["attendance"] = (given["attendance"] or "").strip().lower().replace(" ", "_")
        for name in ("statement", "notes"):
            if name in given:
                values[name] = (given[name] or "").strip()
        if "recording_id" in given:
            values["recording_id"] = given["recording_id"] or None
        merged = {**row.model_dump(), **values}
        _check(merged, merged["scheduled_at"], ctx)
        if merged["online"] and merged["statement"] and not merged["recording_id"]:
            raise ValidationError(
                _(
                    "Klarifikasi daring wajib direkam: lampirkan rekamannya (bukti pada perkara "
                    "ini) sebelum mencatat keterangan."
                ),
                code="recording_missing",
            )
        if merged["attendance"] == "tidak_hadir" and merged["statement"]:
            raise ValidationError(
                _("Yang tidak hadir tidak memberi keterangan: periksa kehadirannya."),
                code="statement_without_attendance",
            )
        before = audit.row_values(row)
        old, new = audit.changed_values(before, {**before, **values})
        if not new:
            return False
        for name, value in values.items():
            setattr(row, name, value)
        ctx.record_update(session, row, action="update", old=old, new=new)
        return True


def view_of(
    ctx: ServiceContext,
    row: CaseHearing,
    subject_names: dict[str, str],
    party_names: dict[str, str],
    rules: Ruleset | None,
) -> HearingView:
    from netral_desktop.services.cases.queries import HearingView

    zone = office_zone(current_office(ctx))
    scheduled = parse_iso_utc(row.scheduled_at).astimezone(zone) if row.scheduled_at else None
    name = row.name
    if row.party_id:
        name = party_names.get(row.party_id, "")
    elif row.subject_id:
        name = subject_names.get(row.subject_id, row.name)
    late = False
    rule = rules.deadline_rules.get("invitation") if rules is not None else None
    if scheduled is not None and rule is not None and row.invitation_date:
        late = _invitation_late(ctx, rule, scheduled.date(), row)
    return HearingView(
        id=row.id,
        subject_id=row.subject_id,
        party_id=row.party_id,
        heard_as=row.heard_as,
        name=name,
        scheduled_at=scheduled,
        place=row.place,
        online=row.online,
        online_reason=row.online_reason,
        invitation_date=date.fromisoformat(row.invitation_date) if row.invitation_date else None,
        second_invitation_date=date.fromisoformat(row.second_invitation_date)
        if row.second_invitation_date
        else None,
        invitation_late=late,
        attendance=row.attendance,
        oath=row.oath,
        statement=row.statement,
        recording_id=row.recording_id,
        notes=row.notes,
        revision=row.revision,
    )


def _invitation_late(ctx: ServiceContext, rule: Any, hearing_day: date, row: CaseHearing) -> bool:
    """Whether the latest invitation reached the person later than the ruleset allows
    (at least 1 working day before the hearing)."""
    from netral_desktop.core.deadlines import MissingHolidayData, due_date
    from netral_desktop.services.cases.deadlines import _calendar

    invited = row.second_invitation_date or row.invitation_date
    if not invited:
        return False
    try:
        latest = due_date(rule, hearing_day, _calendar(ctx)).due
    except MissingHolidayData:
        return False
    return date.fromisoformat(invited) > latest

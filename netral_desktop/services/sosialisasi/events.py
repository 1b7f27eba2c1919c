"""Socialization events: creating, changing and deleting them, one event's facts, the list
with its filters, and the office's audience segments.

An event is a ``pledge_event`` row of kind ``sosialisasi`` plus its ``sosialisasi`` row and
speakers (store/sosialisasi.py), so the pledge services' invitees, marking and signed scans
work on it as they do on a ceremony (services/pledge/common.require_event_write lets a role
with SOSIALISASI_WRITE use them on these events).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from functools import cache
from typing import Any

from netral_desktop.core import wilayah
from netral_desktop.core.clock import iso_utc, parse_iso_utc
from netral_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from netral_desktop.core.identifiers import digits_only
from netral_desktop.core.pledge import OrganiserKind
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import clean_text
from netral_desktop.core.sosialisasi import (
    EVENT_KIND,
    LocalTerms,
    Method,
    Organiser,
    SosialisasiFields,
    Speaker,
    StartsAt,
    local_terms,
    parse_choice,
    participants_problem,
    people_reached,
    place_words,
)
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.services.pledge.common import local_zone
from netral_desktop.services.pledge.counts import counts_in
from netral_desktop.services.pledge.events import _parse_starts_at  # one parser of start times
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store import sosialisasi as store
from netral_desktop.store.db import Session
from netral_desktop.store.models import (
    AudienceSegment,
    PledgeEvent,
    Sosialisasi,
    SosialisasiSpeaker,
)
from netral_desktop.store.office import OfficeRecord
from netral_desktop.store.sosialisasi import Filters, SegmentRow

EVENT_TABLE = "pledge_event"
DETAIL_TABLE = "sosialisasi"
MAX_SPEAKERS = 30
MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class EventRow:
    """One line of the list."""

    id: str
    title: str
    starts_at: datetime  # in the office's time zone
    election_name: str
    kecamatan_code: str
    kecamatan_name: str
    desa_name: str
    place: str  # the region as it names itself: "Kalurahan Trirenggo, Kapanewon Bantul"
    organiser: str  # who organised, in words
    organiser_kind: str  # core.sosialisasi.Organiser
    method: str
    audience: tuple[str, ...]  # segment names
    participants: int | None  # the count given (or men plus women), None when unknown
    held: bool
    revision: int


@dataclass(frozen=True)
class EventDetail:
    """Everything about one event, for its page, the command line and its papers."""

    id: str
    title: str
    starts_at: datetime  # in the office's time zone
    ends_at: datetime | None
    time_zone: str
    election_id: str | None
    election_name: str
    kecamatan_code: str
    kecamatan_name: str
    desa_name: str
    venue: str
    terms: LocalTerms
    place: str  # venue and region, as the attendance sheet prints it
    organiser_kind: str
    partner_name: str
    organiser: str  # in words: "Bawaslu Kabupaten Bantul", "Panwaslu Kapanewon Sewon"
    method: str
    audience_ids: tuple[str, ...]
    audience: tuple[str, ...]  # names, in the segments' order
    participants_male: int | None
    participants_female: int | None
    participants_total: int | None
    present: int  # marked present on the attendance sheet
    invited: int  # on the attendance list beforehand
    reached: int  # core.sosialisasi.people_reached
    held: bool
    upcoming: bool  # starts later than now
    minutes: str
    follow_up: str
    notes: str
    speakers: tuple[Speaker, ...]
    signer_name: str
    signer_position: str
    signer_nip: str
    supervisor_name: str
    supervisor_position: str
    assignment_number: str
    stage: str
    findings: str
    violations: str
    revision: int
    updated_by: str

    def fields(self) -> SosialisasiFields:
        """The event as a form holds it (to change a few fields and save)."""
        return SosialisasiFields(
            title=self.title,
            election_id=self.election_id,
            starts_at=self.starts_at.replace(tzinfo=None),
            ends_at=self.ends_at.replace(tzinfo=None) if self.ends_at else None,
            kecamatan_code=self.kecamatan_code,
            desa_name=self.desa_name,
            venue=self.venue,
            organiser=self.organiser_kind,
            partner_name=self.partner_name,
            method=self.method,
            audience_ids=self.audience_ids,
            participants_male=self.participants_male,
            participants_female=self.participants_female,
            participants_total=self.participants_total,
            held=self.held,
            minutes=self.minutes,
            follow_up=self.follow_up,
            notes=self.notes,
            speakers=self.speakers,
            signer_name=self.signer_name,
            signer_position=self.signer_position,
            signer_nip=self.signer_nip,
            supervisor_name=self.supervisor_name,
            supervisor_position=self.supervisor_position,
            assignment_number=self.assignment_number,
            stage=self.stage,
            findings=self.findings,
            violations=self.violations,
        )


# --- the office's region ----------------------------------------------------------------------


def office_kabkota(office: OfficeRecord) -> str:
    """The kabupaten/kota whose kecamatan events are held in (a province office: its own code,
    and events may name any kecamatan of the province)."""
    return office.code


def kecamatan_choices(
    ctx: ServiceContext, office: OfficeRecord | None = None
) -> list[tuple[str, str]]:
    """(code, name) of the kecamatan events may be held in, by name: the office's kabupaten's
    (a province office: every kecamatan of the province)."""
    return list(_kecamatan_of(office.code if office else current_office(ctx).code))


@cache
def _kecamatan_of(code: str) -> tuple[tuple[str, str], ...]:
    # The region list never changes while the program runs: walked once per office code.
    if len(code) == 2:
        found = [
            r
            for k in wilayah.kabkota_list()
            if k.province_code == code
            for r in wilayah.kecamatan_of(k.code)
        ]
    else:
        found = wilayah.kecamatan_of(code)
    return tuple(sorted(((r.code, r.name) for r in found), key=lambda pair: pair[1]))


def terms_for(kecamatan_code: str, office: OfficeRecord) -> LocalTerms:
    return local_terms(kecamatan_code[:5] if kecamatan_code else office.code)


def region_terms(ctx: ServiceContext) -> LocalTerms:
    """What the office's region calls its kecamatan and desa (for the window's labels)."""
    return local_terms(current_office(ctx).code)


def _kecamatan(office: OfficeRecord, code: str) -> str:
    """The name of the kecamatan ``code`` if events of this office may be held there."""
    region = wilayah.region(code) if code else None
    if region is None or region.level != "kecamatan" or not code.startswith(office.code + "."):
        raise ValidationError(
            _(
                "Kode kecamatan '{code}' bukan kecamatan di wilayah {office}. Pilih dari daftar "
                "wilayah (baris perintah: kode seperti {example})."
            ).format(
                code=code,
                office=office.name,
                example=(wilayah.kecamatan_of(office.code) or [wilayah.Region("34.02.01", "")])[
                    0
                ].code,
            ),
            code="kecamatan_unknown",
        )
    return region.name


def _organiser_words(
    office: OfficeRecord, organiser: str, partner: str, terms: LocalTerms, kecamatan: str
) -> str:
    if organiser == Organiser.MITRA:
        return partner or _("Mitra")
    if organiser == Organiser.PANWASLU:
        return f"Panwaslu {terms.kecamatan} {kecamatan}".strip()
    return office.name


def _place(venue: str, terms: LocalTerms, kecamatan: str, desa: str) -> str:
    region = place_words(terms, kecamatan, desa)
    return ", ".join(part for part in (venue, region) if part)


# --- checking what was entered ----------------------------------------------------------------


def _count(value: Any, label: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(
            _("{label} harus berupa bilangan bulat ('{value}').").format(label=label, value=value),
            code="count_invalid",
        ) from None
    if not 0 <= number <= MAX_COUNT:
        raise ValidationError(
            _("{label} harus antara 0 dan {max} ('{value}').").format(
                label=label, max=MAX_COUNT, value=value
            ),
            code="count_invalid",
        )
    return number


def _ends_at(ctx: ServiceContext, starts_at: str, value: StartsAt) -> str | None:
    """The end as stored: a datetime, or a time ("12:00") on the start's day."""
    if value is None or value == "":
        return None
    start_local = parse_iso_utc(starts_at).astimezone(local_zone(ctx))
    if isinstance(value, str) and len(value.strip()) <= 5 and ":" in value:
        try:
            clock = time.fromisoformat(value.strip().zfill(5))
        except ValueError:
            clock = None
        if clock is None:
            raise ValidationError(
                _("Jam selesai '{value}' tidak sah: tulis JJ:MM.").format(value=value),
                code="ends_at_invalid",
            )
        ends = iso_utc(datetime.combine(start_local.date(), clock, tzinfo=start_local.tzinfo))
    elif isinstance(value, date) and not isinstance(value, datetime):
        raise ValidationError(_("Isi jam selesai, bukan tanggal."), code="ends_at_invalid")
    else:
        ends = _parse_starts_at(ctx, value)
    if ends < starts_at:
        raise ValidationError(
            _("Jam selesai lebih awal dari jam mulai. Periksa keduanya."), code="ends_before_start"
        )
    return ends


def _segments(session: Session, ids: tuple[str, ...]) -> str:
    unique: list[str] = []
    for segment_id in ids:
        row = store.segment(session, segment_id=segment_id)
        if row is None or row.deleted:
            raise NotFoundError(_("Sasaran peserta tidak ditemukan (mungkin sudah dihapus)."))
        if segment_id not in unique:
            unique.append(segment_id)
    return json.dumps(unique)


def _speakers(data: SosialisasiFields) -> list[Speaker]:
    out = []
    for index, speaker in enumerate(data.speakers, start=1):
        name = clean_text(speaker.name)
        institution, topic = clean_text(speaker.institution), clean_text(speaker.topic)
        if not name and not institution and not topic:
            continue  # an empty row of the form
        if not name:
            raise ValidationError(
                _("Nama narasumber ke-{n} wajib diisi (atau kosongkan seluruh barisnya).").format(
                    n=index
                ),
                code="speaker_name_missing",
            )
        out.append(Speaker(name[:200], institution[:200], topic[:300]))
    if len(out) > MAX_SPEAKERS:
        raise ValidationError(
            _("Paling banyak {n} narasumber.").format(n=MAX_SPEAKERS), code="speakers_too_many"
        )
    return out


def _values(
    ctx: ServiceContext,
    session: Session,
    office: OfficeRecord,
    data: SosialisasiFields,
    *,
    event_id: str | None,
) -> tuple[dict[str, Any], dict[str, Any], list[Speaker]]:
    """The ``pledge_event`` values, the ``sosialisasi`` values and the speakers of ``data``,
    checked; ValidationError with an Indonesian sentence on the first problem."""
    title = clean_text(data.title)
    if not title:
        raise ValidationError(_("Nama kegiatan wajib diisi."), code="title_missing")
    election_id = data.election_id or None
    if election_id:
        election = pledge_store.election(session, election_id=election_id)
        if election is None or election.deleted:
            raise NotFoundError(_("Pemilihan tidak ditemukan."))
    starts_at = _parse_starts_at(ctx, data.starts_at)
    ends_at = _ends_at(ctx, starts_at, data.ends_at)
    kecamatan_code = clean_text(data.kecamatan_code)
    if not kecamatan_code:
        raise ValidationError(
            _("Pilih {kecamatan} tempat kegiatan.").format(
                kecamatan=local_terms(office.code).kecamatan.lower()
            ),
            code="kecamatan_missing",
        )
    kecamatan = _kecamatan(office, kecamatan_code)
    terms = terms_for(kecamatan_code, office)
    desa = clean_text(data.desa_name)[:100]
    venue = clean_text(data.venue)[:300]
    try:
        organiser = parse_choice(Organiser, str(data.organiser or Organiser.BAWASLU))
    except ValueError:
        raise ValidationError(
            _("Penyelenggara '{value}' tidak dikenal: pilih bawaslu, panwaslu atau mitra.").format(
                value=data.organiser
            ),
            code="organiser_unknown",
        ) from None
    partner = clean_text(data.partner_name)[:200]
    if organiser == Organiser.MITRA and not partner:
        raise ValidationError(_("Tulis nama mitra penyelenggara."), code="partner_missing")
    try:
        method = parse_choice(Method, str(data.method or Method.TATAP_MUKA))
    except ValueError:
        raise ValidationError(
            _("Metode '{value}' tidak dikenal: pilih tatap muka, daring atau media.").format(
                value=data.method
            ),
            code="method_unknown",
        ) from None
    male = _count(data.participants_male, _("Jumlah peserta laki-laki"))
    female = _count(data.participants_female, _("Jumlah peserta perempuan"))
    total = _count(data.participants_total, _("Jumlah peserta"))
    if total is None and male is not None and female is not None:
        total = male + female
    present = counts_in(session, event_id).present if event_id else 0
    problem = participants_problem(male, female, total, present)
    if problem:
        raise ValidationError(problem, code="participants_invalid")
    if data.held and starts_at > ctx.now_iso():
        when = parse_iso_utc(starts_at).astimezone(local_zone(ctx))
        raise ValidationError(
            _(
                "Kegiatan ini dijadwalkan {when}, belum berlangsung, sehingga belum dapat "
                "ditandai terlaksana. Simpan tanpa tanda terlaksana, lalu tandai setelah "
                "kegiatan selesai (atau perbaiki tanggalnya)."
            ).format(when=f"{when:%d-%m-%Y %H.%M}"),
            code="held_in_future",
        )
    signer_nip = digits_only(clean_text(data.signer_nip)) or None
    if signer_nip and (not signer_nip.isdigit() or len(signer_nip) != 18):
        raise ValidationError(
            _("NIP penanda tangan harus 18 angka ('{value}').").format(value=data.signer_nip),
            code="signer_nip_invalid",
        )
    event_values = {
        "title": title[:300],
        "election_id": election_id,
        "starts_at": starts_at,
        "place": _place(venue, terms, kecamatan, desa)[:300],
        "organiser_kind": OrganiserKind.BAWASLU.value,
        "organiser_agency_id": None,
        "organiser_name": _organiser_words(office, organiser, partner, terms, kecamatan)[:200],
        "signer_name": clean_text(data.signer_name)[:200],
        "signer_position": clean_text(data.signer_position)[:200],
        "signer_nip": signer_nip,
        "notes": (data.notes or "").strip(),
    }
    detail_values = {
        "ends_at": ends_at,
        "kecamatan_code": kecamatan_code,
        "kecamatan_name": kecamatan,
        "desa_code": "",
        "desa_name": desa,
        "venue": venue,
        "organiser": organiser.value,
        "partner_name": partner if organiser == Organiser.MITRA else "",
        "method": method.value,
        "audience_ids": _segments(session, tuple(data.audience_ids)),
        "participants_male": male,
        "participants_female": female,
        "participants_total": total,
        "held": bool(data.held),
        "minutes": (data.minutes or "").strip(),
        "follow_up": (data.follow_up or "").strip(),
        "supervisor_name": clean_text(data.supervisor_name)[:200],
        "supervisor_position": clean_text(data.supervisor_position)[:200],
        "assignment_number": clean_text(data.assignment_number)[:200],
        "stage": clean_text(data.stage)[:200],
        "findings": (data.findings or "").strip(),
        "violations": (data.violations or "").strip(),
    }
    return event_values, detail_values, _speakers(data)


# --- writing ----------------------------------------------------------------------------------


def live_event(session: Session, event_id: str) -> tuple[PledgeEvent, Sosialisasi]:
    found = store.event_and_detail(session, event_id=event_id)
    if found is None or found[0].deleted:
        raise NotFoundError(_("Kegiatan sosialisasi tidak ditemukan (mungkin sudah dihapus)."))
    return found


def create_event(ctx: ServiceContext, data: SosialisasiFields) -> str:
    """Add a socialization event; returns its id. Checked as ``update_event`` checks."""
    ctx.require(Permission.SOSIALISASI_WRITE)
    office = current_office(ctx)
    with ctx.db.write_session() as session:
        event_values, detail_values, speakers = _values(ctx, session, office, data, event_id=None)
        event = PledgeEvent(**event_values, kind=EVENT_KIND)
        ctx.insert_synced(session, event, action="create")
        detail = Sosialisasi(**detail_values, event_id=event.id)
        ctx.insert_synced(session, detail, action="create", row_id=event.id)
        _write_speakers(ctx, session, event.id, speakers)
        return event.id


def update_event(
    ctx: ServiceContext,
    event_id: str,
    data: SosialisasiFields,
    *,
    expected_revision: int | None = None,
) -> None:
    """Save ``data`` over the event (every field; ``get_event(...).fields()`` with a few
    replaced changes only those). ``expected_revision`` (the event's revision when the form
    was opened) refuses the save when someone else saved it meanwhile. Nothing is written
    when nothing changed."""
    ctx.require(Permission.SOSIALISASI_WRITE)
    office = current_office(ctx)
    with ctx.db.write_session() as session:
        event, detail = live_event(session, event_id)
        if expected_revision is not None and event.revision != expected_revision:
            raise ConflictError(
                _(
                    "Data ini sudah diubah oleh {user} sejak Anda membukanya. Muat ulang, lalu "
                    "ulangi perubahan Anda."
                ).format(user=event.updated_by),
                code="stale_revision",
            )
        event_values, detail_values, speakers = _values(
            ctx, session, office, data, event_id=event_id
        )
        changed_detail = _save(ctx, session, detail, detail_values)
        changed_speakers = _write_speakers(ctx, session, event_id, speakers)
        # The event's revision moves with any change, so a form opened before sees it.
        if not _save(ctx, session, event, event_values) and (changed_detail or changed_speakers):
            ctx.record_update(session, event, action="update", note=_("rincian sosialisasi"))


def _save(ctx: ServiceContext, session: Session, row: Any, values: dict[str, Any]) -> bool:
    before = audit.row_values(row)
    old, new = audit.changed_values(before, {**before, **values})
    if not new:
        return False
    for name, value in values.items():
        setattr(row, name, value)
    ctx.record_update(session, row, action="update", old=old, new=new)
    return True


def _write_speakers(
    ctx: ServiceContext, session: Session, event_id: str, speakers: list[Speaker]
) -> bool:
    """Make the event's live speakers ``speakers``, in order: rows kept where they are,
    changed in place, added, or tombstoned when the list got shorter."""
    existing = store.speakers(session, event_id=event_id)
    changed = False
    for position, speaker in enumerate(speakers):
        values: dict[str, Any] = {
            "position": position,
            "name": speaker.name,
            "institution": speaker.institution,
            "topic": speaker.topic,
        }
        if position < len(existing):
            changed |= _save(ctx, session, existing[position], values)
        else:
            ctx.insert_synced(session, SosialisasiSpeaker(event_id=event_id, **values))
            changed = True
    for row in existing[len(speakers) :]:
        ctx.record_update(session, row, action="delete", old={"name": row.name}, tombstone=True)
        changed = True
    return changed


def set_held(ctx: ServiceContext, event_id: str, held: bool = True) -> None:
    """Mark the event held (or not): refused for an event that has not begun yet."""
    detail = get_event(ctx, event_id)
    update_event(ctx, event_id, replace(detail.fields(), held=held))


def delete_event(ctx: ServiceContext, event_id: str) -> None:
    """Delete the event (tombstones; its attendance, photos and papers stay on record)."""
    ctx.require(Permission.SOSIALISASI_WRITE)
    with ctx.db.write_session() as session:
        event, detail = live_event(session, event_id)
        ctx.record_update(
            session,
            event,
            action="delete",
            old={"deleted": False},
            new={"deleted": True},
            tombstone=True,
        )
        ctx.record_update(session, detail, action="delete", tombstone=True)


# --- reading ----------------------------------------------------------------------------------


def find_event_id(ctx: ServiceContext, reference: str) -> str:
    """The id of the event ``reference`` names: its whole id, or the start or end of it (at
    least 6 characters) when only one event matches."""
    ctx.require(Permission.ROSTER_READ)
    ref = reference.strip().lower()
    with ctx.db.read_session() as session:
        found = store.event_and_detail(session, event_id=ref)
        if found is not None and not found[0].deleted:
            return ref
        if len(ref) >= 6:
            ids = store.event_ids_like(session, part=ref, limit=2)
            if len(ids) == 1:
                return ids[0]
            if ids:
                # Ids made together share their first characters: the end tells them apart.
                raise NotFoundError(
                    _(
                        "'{ref}' cocok dengan lebih dari satu kegiatan. Tulis lebih banyak "
                        "karakter, atau karakter akhir id-nya."
                    ).format(ref=reference),
                    code="event_ambiguous",
                )
    raise NotFoundError(
        _("Kegiatan '{ref}' tidak ditemukan. Lihat daftarnya: netral sosialisasi list.").format(
            ref=reference
        )
    )


def get_event(ctx: ServiceContext, event_id: str) -> EventDetail:
    ctx.require(Permission.ROSTER_READ)
    office = current_office(ctx)
    zone = office_zone(office)
    with ctx.db.read_session() as session:
        event, detail = live_event(session, event_id)
        election = (
            pledge_store.election(session, election_id=event.election_id)
            if event.election_id
            else None
        )
        audience_ids = tuple(json.loads(detail.audience_ids or "[]"))
        names = store.segment_names(session, segment_ids=audience_ids)
        speakers = store.speakers(session, event_id=event_id)
        counts = counts_in(session, event_id)
    terms = terms_for(detail.kecamatan_code, office)
    return EventDetail(
        id=event.id,
        title=event.title,
        starts_at=parse_iso_utc(event.starts_at).astimezone(zone),
        ends_at=parse_iso_utc(detail.ends_at).astimezone(zone) if detail.ends_at else None,
        time_zone=office.time_zone,
        election_id=event.election_id,
        election_name=election.name if election else "",
        kecamatan_code=detail.kecamatan_code,
        kecamatan_name=detail.kecamatan_name,
        desa_name=detail.desa_name,
        venue=detail.venue,
        terms=terms,
        place=event.place,
        organiser_kind=detail.organiser,
        partner_name=detail.partner_name,
        organiser=event.organiser_name,
        method=detail.method,
        audience_ids=audience_ids,
        audience=tuple(names[i] for i in audience_ids if i in names),
        participants_male=detail.participants_male,
        participants_female=detail.participants_female,
        participants_total=detail.participants_total,
        present=counts.present,
        invited=counts.invited,
        reached=people_reached(
            detail.participants_total,
            detail.participants_male,
            detail.participants_female,
            counts.present,
        ),
        held=detail.held,
        upcoming=event.starts_at > ctx.now_iso(),
        minutes=detail.minutes,
        follow_up=detail.follow_up,
        notes=event.notes,
        speakers=tuple(Speaker(s.name, s.institution, s.topic) for s in speakers),
        signer_name=event.signer_name,
        signer_position=event.signer_position,
        signer_nip=event.signer_nip or "",
        supervisor_name=detail.supervisor_name,
        supervisor_position=detail.supervisor_position,
        assignment_number=detail.assignment_number,
        stage=detail.stage,
        findings=detail.findings,
        violations=detail.violations,
        revision=event.revision,
        updated_by=event.updated_by,
    )


def _period_bounds(
    ctx: ServiceContext, since: date | None, until: date | None
) -> tuple[str | None, str | None]:
    zone = local_zone(ctx)
    start = iso_utc(datetime.combine(since, time(0), tzinfo=zone)) if since else None
    end = None
    if until:
        from datetime import timedelta

        end = iso_utc(datetime.combine(until + timedelta(days=1), time(0), tzinfo=zone))
    return start, end


def _filters(
    ctx: ServiceContext,
    *,
    since: date | None,
    until: date | None,
    kecamatan_code: str | None,
    audience_id: str | None,
    organiser: str | None,
    election_id: str | None,
    query: str,
) -> Filters:
    from netral_desktop.services.roster import agency_key

    start, end = _period_bounds(ctx, since, until)
    return Filters(
        starting_from=start,
        before=end,
        kecamatan_code=kecamatan_code or None,
        audience_id=audience_id or None,
        organiser=organiser or None,
        election_id=election_id or None,
        words=tuple(agency_key(query).split()),
    )


def list_events(
    ctx: ServiceContext,
    *,
    since: date | None = None,
    until: date | None = None,
    kecamatan_code: str | None = None,
    audience_id: str | None = None,
    organiser: str | None = None,
    election_id: str | None = None,
    query: str = "",
    limit: int = 200,
    offset: int = 0,
) -> list[EventRow]:
    """Events (latest first) held from ``since`` to ``until`` (the office's dates, both
    included), in one kecamatan, for one audience segment, by one kind of organiser, of one
    election, whose title, venue or region contains every word of ``query``."""
    ctx.require(Permission.ROSTER_READ)
    office = current_office(ctx)
    zone = office_zone(office)
    filters = _filters(
        ctx,
        since=since,
        until=until,
        kecamatan_code=kecamatan_code,
        audience_id=audience_id,
        organiser=organiser,
        election_id=election_id,
        query=query,
    )
    with ctx.db.read_session() as session:
        rows = store.event_page(session, filters=filters, limit=limit, offset=offset)
        ids = {i for row in rows for i in json.loads(row.audience_ids or "[]")}
        names = store.segment_names(session, segment_ids=sorted(ids))
    out = []
    for row in rows:
        terms = terms_for(row.kecamatan_code, office)
        given = row.participants_total
        if given is None and (row.participants_male is not None or row.participants_female):
            given = (row.participants_male or 0) + (row.participants_female or 0)
        out.append(
            EventRow(
                id=row.id,
                title=row.title,
                starts_at=parse_iso_utc(row.starts_at).astimezone(zone),
                election_name=row.election_name,
                kecamatan_code=row.kecamatan_code,
                kecamatan_name=row.kecamatan_name,
                desa_name=row.desa_name,
                place=place_words(terms, row.kecamatan_name, row.desa_name),
                organiser=_organiser_words(
                    office, row.organiser, row.partner_name, terms, row.kecamatan_name
                ),
                organiser_kind=row.organiser,
                method=row.method,
                audience=tuple(
                    names[i] for i in json.loads(row.audience_ids or "[]") if i in names
                ),
                participants=given,
                held=row.held,
                revision=row.revision,
            )
        )
    return out


def count_events(
    ctx: ServiceContext,
    *,
    since: date | None = None,
    until: date | None = None,
    kecamatan_code: str | None = None,
    audience_id: str | None = None,
    organiser: str | None = None,
    election_id: str | None = None,
    query: str = "",
) -> int:
    """How many events ``list_events`` pages through with the same filters."""
    ctx.require(Permission.ROSTER_READ)
    filters = _filters(
        ctx,
        since=since,
        until=until,
        kecamatan_code=kecamatan_code,
        audience_id=audience_id,
        organiser=organiser,
        election_id=election_id,
        query=query,
    )
    with ctx.db.read_session() as session:
        return store.event_count(session, filters=filters)


# --- audience segments ------------------------------------------------------------------------


def list_segments(ctx: ServiceContext, *, include_inactive: bool = False) -> list[SegmentRow]:
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        return store.segments(session, include_inactive=include_inactive)


def add_segment(ctx: ServiceContext, name: str) -> SegmentRow:
    """Add an audience segment to the office's list (after the others); a name the list has
    already (case ignored) is refused."""
    ctx.require(Permission.SOSIALISASI_WRITE)
    cleaned = clean_text(name)[:100]
    if not cleaned:
        raise ValidationError(_("Nama sasaran peserta wajib diisi."), code="segment_missing")
    with ctx.db.write_session() as session:
        if store.segment_named(session, name=cleaned):
            raise ConflictError(
                _("Sasaran peserta '{name}' sudah ada di daftar.").format(name=cleaned),
                code="segment_exists",
            )
        row = AudienceSegment(
            id="",
            origin="",
            created_at="",
            updated_at="",
            updated_by="",
            name=cleaned,
            position=store.last_segment_position(session) + 10,
        )
        ctx.insert_synced(session, row, action="create")
        return SegmentRow(row.id, row.name, row.position, row.active)


def segment_id(ctx: ServiceContext, name: str) -> str:
    """The id of the live segment called ``name`` (case ignored)."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        found = store.segment_named(session, name=clean_text(name))
    if found is None:
        raise NotFoundError(
            _("Sasaran peserta '{name}' tidak ada di daftar.").format(name=name),
            code="segment_unknown",
        )
    return found


@dataclass(frozen=True)
class Choices:
    """What the window's filters and forms offer: the region's words, its kecamatan, the
    audience segments, the elections."""

    terms: LocalTerms | None
    kecamatan: list[tuple[str, str]]
    segments: list[SegmentRow]
    elections: list[Any] = field(default_factory=list)


def choices(ctx: ServiceContext) -> Choices:
    """Everything the filters and the event form choose from, in one call (for a worker)."""
    from netral_desktop.services.pledge.elections import list_elections

    return Choices(
        terms=region_terms(ctx),
        kecamatan=kecamatan_choices(ctx),
        segments=list_segments(ctx),
        elections=list_elections(ctx),
    )

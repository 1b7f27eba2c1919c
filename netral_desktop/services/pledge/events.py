"""Pledge events: creating, changing and deleting them, the pledge text, and the events list
with each event's invitee and present counts."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any, NamedTuple

from netral_desktop.config import resources_dir
from netral_desktop.core.clock import iso_utc, parse_iso_utc
from netral_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from netral_desktop.core.identifiers import digits_only
from netral_desktop.core.inputs import EventChanges, EventFields, StartsAt, changed, field_names
from netral_desktop.core.pledge import ElectionKind, OrganiserKind
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import clean_text
from netral_desktop.i18n import N_, _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.services.pledge.common import live_event, local_zone
from netral_desktop.services.pledge.elections import election_words
from netral_desktop.services.roster import agency_key, live_agency
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store.db import Session
from netral_desktop.store.models import PledgeEvent
from netral_desktop.store.office import OfficeRecord
from netral_desktop.store.pledges import EventRecord as EventRecord  # the window names it

DEFAULT_START = time(8, 0)
EVENT_FIELDS = field_names(EventFields)


class EventRow(NamedTuple):
    """One line of the events list."""

    id: str
    title: str
    starts_at: datetime  # in the office's time zone
    place: str
    election_id: str | None
    election_name: str
    organiser: str  # who organises, in words
    invitees: int
    present: int
    revision: int


@dataclass(frozen=True)
class EventDetail:
    """Everything about one event, for its page and its documents."""

    id: str
    title: str
    starts_at: datetime  # in the office's time zone
    time_zone: str  # WIB | WITA | WIT
    place: str
    election_id: str | None
    election_name: str
    election_kind: str
    election_year: int | None
    organiser_kind: str
    organiser_agency_id: str | None
    organiser_agency_name: str
    organiser_name: str
    reader_name: str
    reader_position: str
    signer_name: str
    signer_position: str
    signer_nip: str | None
    witness_name: str
    witness_position: str
    pledge_text: str
    notes: str
    invited_agencies: list[tuple[str, str]]  # (id, name)
    organiser: str  # who organises, in words: "Pemerintah Kabupaten Bantul"
    upcoming: bool  # today or later, by the office's calendar
    revision: int
    updated_by: str


def region_words(office: OfficeRecord) -> str:
    """The office's kabupaten/kota as written: "Kabupaten Bantul"."""
    from netral_desktop.core import wilayah

    region = wilayah.region(office.code)
    return region.name if region else office.name.removeprefix("Bawaslu ")


def _organiser_words(office: OfficeRecord, kind: str, agency_name: str, name: str) -> str:
    """Who organises, as printed: the name given, else the agency, the regional government
    ("Pemerintah Kabupaten Bantul") or the office itself."""
    if name:
        return name
    if kind == OrganiserKind.INSTANSI and agency_name:
        return agency_name
    if kind == OrganiserKind.BAWASLU:
        return office.name
    return f"Pemerintah {region_words(office)}"


def find_event_id(ctx: ServiceContext, reference: str) -> str:
    """The id of the event ``reference`` names: its whole id, or the end or start of it
    (at least 6 characters) when only one event matches."""
    ctx.require(Permission.ROSTER_READ)
    ref = reference.strip().lower()
    with ctx.db.read_session() as session:
        if pledge_store.event(session, event_id=ref) is not None:
            return ref
        if len(ref) >= 6:
            found = pledge_store.event_ids_like(session, part=ref, limit=2)
            if len(found) == 1:
                return found[0]
    raise NotFoundError(
        _("Acara '{ref}' tidak ditemukan. Lihat daftarnya: netral ikrar list.").format(
            ref=reference
        )
    )


def pledge_template() -> str:
    """The default pledge text (resources/ikrar/naskah_ikrar.txt) with its placeholders."""
    path = resources_dir() / "ikrar" / "naskah_ikrar.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#")).strip()


def default_pledge_text(
    ctx: ServiceContext,
    *,
    election_id: str | None = None,
    organiser_kind: str = OrganiserKind.PEMDA,
    organiser_agency_id: str | None = None,
    organiser_name: str = "",
) -> str:
    """The pledge template filled for an event: whose staff pledge, for which election."""
    ctx.require(Permission.ROSTER_READ)
    office = current_office(ctx)
    with ctx.db.read_session() as session:
        election = pledge_store.election(session, election_id=election_id) if election_id else None
        agency = (
            pledge_store.agency(session, agency_id=organiser_agency_id)
            if organiser_agency_id
            else None
        )
    region = region_words(office)
    surroundings = clean_text(organiser_name)
    if not surroundings and organiser_kind == OrganiserKind.INSTANSI and agency is not None:
        surroundings = with_region(agency.name, region)
    if not surroundings:
        surroundings = f"Pemerintah {region}"
    kind = election.kind if election else ""
    words = (
        election_words(election.name, election.kind, election.year)
        if election
        else election_words("", "", None)
    )
    return fill_pledge(pledge_template(), surroundings, words, kind)


def with_region(name: str, region: str) -> str:
    """An agency's name with the region named: "Dinas Kesehatan" → "Dinas Kesehatan Kabupaten
    Bantul" (a pledge, a heading, a signer's post must say whose agency it is)."""
    name = clean_text(name)
    if not name or not region:
        return name
    bare = region.removeprefix("Kabupaten ").removeprefix("Kota ")
    if region.casefold() in name.casefold() or bare.casefold() in name.casefold():
        return name
    return f"{name} {region}"


def candidates_words(election_kind: str) -> str:
    """Whom ASN must not side with: a Pilkada has candidate pairs, a Pemilu participants."""
    if election_kind == ElectionKind.PILKADA:
        return "pasangan calon"
    if election_kind == ElectionKind.PEMILU:
        return "peserta Pemilihan Umum"
    return "peserta pemilihan"


def fill_pledge(template: str, surroundings: str, election: str, election_kind: str) -> str:
    return (
        template.replace("{lingkungan}", surroundings)
        .replace("{pemilihan}", election)
        .replace("{peserta}", candidates_words(election_kind))
    )


def _parse_starts_at(ctx: ServiceContext, value: StartsAt) -> str:
    """A start time as stored (UTC text) from a datetime (naive: the office's local time),
    a date (08.00 local), or text "2024-05-14 09:00" (local) / with an offset."""
    if value is None or value == "":
        raise ValidationError(_("Tanggal dan jam acara wajib diisi."), code="starts_at_missing")
    moment: datetime
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, DEFAULT_START)
    else:
        typed = str(value).strip().replace("Z", "+00:00")
        try:
            moment = datetime.fromisoformat(typed)
        except ValueError:
            raise ValidationError(
                _(
                    "Tanggal dan jam '{value}' tidak sah: tulis TTTT-BB-HH JJ:MM (waktu setempat)."
                ).format(value=value),
                code="starts_at_invalid",
            ) from None
        if len(typed) == 10:
            moment = datetime.combine(moment.date(), DEFAULT_START)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local_zone(ctx))
    return iso_utc(moment)


def _agency_ids(session: Session, ids: tuple[str, ...]) -> str:
    unique: list[str] = []
    for agency_id in ids:
        live_agency(session, agency_id)
        if agency_id not in unique:
            unique.append(agency_id)
    return json.dumps(unique)


def _event_values(ctx: ServiceContext, session: Session, data: EventFields) -> dict[str, Any]:
    title = clean_text(data.title)
    if not title:
        raise ValidationError(_("Nama acara wajib diisi."), code="title_missing")
    election_id = data.election_id or None
    if election_id:
        election = pledge_store.election(session, election_id=election_id)
        if election is None or election.deleted:
            raise NotFoundError(_("Pemilihan tidak ditemukan."))
    try:
        kind = OrganiserKind(str(data.organiser_kind or OrganiserKind.BAWASLU).lower())
    except ValueError:
        raise ValidationError(
            _("Penyelenggara '{kind}' tidak dikenal: pilih pemda, instansi atau bawaslu.").format(
                kind=data.organiser_kind
            ),
            code="organiser_unknown",
        ) from None
    agency_id = data.organiser_agency_id or None
    if agency_id:
        live_agency(session, agency_id)
    elif kind == OrganiserKind.INSTANSI:
        raise ValidationError(
            _("Pilih instansi penyelenggara acara."), code="organiser_agency_missing"
        )
    signer_nip = digits_only(clean_text(data.signer_nip)) or None
    if signer_nip and (not signer_nip.isdigit() or len(signer_nip) != 18):
        raise ValidationError(
            _("NIP penanda tangan harus 18 angka ('{value}').").format(value=data.signer_nip),
            code="signer_nip_invalid",
        )
    return {
        "title": title,
        "election_id": election_id,
        "starts_at": _parse_starts_at(ctx, data.starts_at),
        "place": clean_text(data.place),
        "organiser_kind": kind.value,
        "organiser_agency_id": agency_id,
        "organiser_name": clean_text(data.organiser_name),
        "reader_name": clean_text(data.reader_name),
        "reader_position": clean_text(data.reader_position),
        "signer_name": clean_text(data.signer_name),
        "signer_position": clean_text(data.signer_position),
        "signer_nip": signer_nip,
        "witness_name": clean_text(data.witness_name),
        "witness_position": clean_text(data.witness_position),
        "pledge_text": (data.pledge_text or "").strip(),
        "notes": (data.notes or "").strip(),
        "invited_agency_ids": _agency_ids(session, data.invited_agency_ids),
    }


def create_event(ctx: ServiceContext, fields: EventFields, *, invite: bool = False) -> EventRecord:
    """Add a pledge event (``starts_at`` a datetime, naive meaning the office's local
    time). Without ``pledge_text`` the template is used. ``invite``: the active people of
    the invited agencies are put on its list in the same transaction (the event form)."""
    ctx.require(Permission.PLEDGE_WRITE)
    with ctx.db.write_session() as session:
        values = _event_values(ctx, session, fields)
    if not values["pledge_text"]:
        values["pledge_text"] = default_pledge_text(
            ctx,
            election_id=values["election_id"],
            organiser_kind=values["organiser_kind"],
            organiser_agency_id=values["organiser_agency_id"],
            organiser_name=values["organiser_name"],
        )
    with ctx.db.write_session() as session:
        event = PledgeEvent(**values)
        ctx.insert_synced(session, event, action="create")
        if invite:
            _invite_agencies(ctx, session, event)
        return EventRecord.of(event)


def _invite_agencies(ctx: ServiceContext, session: Session, event: PledgeEvent) -> None:
    """Put everyone active of the event's invited agencies on its list (those already on it
    stay as they are)."""
    from netral_desktop.services.pledge.invitees import InviteCriteria, invite_in

    agency_ids = tuple(json.loads(event.invited_agency_ids or "[]"))
    if agency_ids:
        invite_in(ctx, session, event, InviteCriteria(agency_ids=agency_ids))


def update_event(
    ctx: ServiceContext,
    event_id: str,
    changes: EventChanges,
    *,
    expected_revision: int | None = None,
    invite: bool = False,
) -> EventRecord:
    """Change the fields given in ``changes``; nothing is written when nothing changes.
    ``expected_revision`` refuses the save when someone else saved the event meanwhile.
    ``invite``: people of the invited agencies not on the list yet are added to it (people
    of an agency no longer ticked stay on the list: they may have been marked)."""
    ctx.require(Permission.PLEDGE_WRITE)
    with ctx.db.write_session() as session:
        event = live_event(session, event_id)
        if expected_revision is not None and event.revision != expected_revision:
            raise ConflictError(
                _(
                    "Data ini sudah diubah oleh {user} sejak Anda membukanya. Muat ulang, lalu "
                    "ulangi perubahan Anda."
                ).format(user=event.updated_by),
                code="stale_revision",
            )
        before = audit.row_values(event)
        stored = {name: getattr(event, name) for name in EVENT_FIELDS}
        # The row keeps its invited agencies as JSON text; the input takes a tuple of ids.
        stored["invited_agency_ids"] = tuple(json.loads(event.invited_agency_ids or "[]"))
        values = _event_values(ctx, session, replace(EventFields(**stored), **changed(changes)))
        if not values["pledge_text"]:
            values["pledge_text"] = event.pledge_text
        old, new = audit.changed_values(before, {**before, **values})
        if new:
            for name, value in values.items():
                setattr(event, name, value)
            ctx.record_update(session, event, action="update", old=old, new=new)
        if invite:
            _invite_agencies(ctx, session, event)
        return EventRecord.of(event)


def delete_event(ctx: ServiceContext, event_id: str, *, confirm: bool = False) -> EventRecord:
    """Delete an event (a tombstone: synced rows are never removed). An event with
    attendance marks is deleted only with ``confirm`` (the window asks first)."""
    ctx.require(Permission.PLEDGE_WRITE)
    with ctx.db.write_session() as session:
        event = live_event(session, event_id)
        marks = pledge_store.live_mark_count(session, event_id=event_id)
        if marks and not confirm:
            raise ConflictError(
                _(
                    "Acara '{title}' sudah memiliki {n} catatan kehadiran. Hapus juga? Ulangi "
                    "dengan konfirmasi (baris perintah: netral ikrar delete ACARA --yes)."
                ).format(title=event.title, n=marks),
                code="event_has_attendance",
            )
        ctx.record_update(
            session,
            event,
            action="delete",
            old={"deleted": False},
            new={"deleted": True},
            note=N_("{n} catatan kehadiran").format(n=marks) if marks else "",
            tombstone=True,
        )
        return EventRecord.of(event)


def is_today(ctx: ServiceContext, event: EventDetail) -> bool:
    """Whether the event falls on today in the office's time zone (its ``starts_at`` is
    already in that zone), so that a mark on another day's event can be questioned."""
    return event.starts_at.date() == ctx.clock.now().astimezone(event.starts_at.tzinfo).date()


def _today_start_utc(ctx: ServiceContext) -> str:
    zone = local_zone(ctx)
    local_today = ctx.clock.now().astimezone(zone).date()
    return iso_utc(datetime.combine(local_today, time(0), tzinfo=zone))


def list_events(
    ctx: ServiceContext,
    *,
    when: str = "all",
    query: str = "",
    election_id: str | None = None,
    limit: int = 200,
    offset: int = 0,
) -> list[EventRow]:
    """Events with their invitee and present counts. ``when``: ``upcoming`` (from today on,
    soonest first), ``past`` (before today, latest first) or ``all`` (latest first)."""
    ctx.require(Permission.ROSTER_READ)
    if when not in ("upcoming", "past", "all"):
        raise ValidationError(f"when={when!r}")
    today = _today_start_utc(ctx) if when != "all" else None
    office = current_office(ctx)
    zone = office_zone(office)
    with ctx.db.read_session() as session:
        rows = pledge_store.event_page(
            session,
            starting_from=today if when == "upcoming" else None,
            before=today if when == "past" else None,
            soonest_first=when == "upcoming",
            words=agency_key(query).split(),
            election_id=election_id,
            limit=limit,
            offset=offset,
        )
        tallies = pledge_store.event_tallies(session, event_ids=[row.id for row in rows])
    out = []
    for row in rows:
        invited, present = tallies.get(row.id, (0, 0))
        out.append(
            EventRow(
                id=row.id,
                title=row.title,
                starts_at=parse_iso_utc(row.starts_at).astimezone(zone),
                place=row.place,
                election_id=row.election_id,
                election_name=row.election_name,
                organiser=_organiser_words(
                    office, row.organiser_kind, row.organiser_agency_name, row.organiser_name
                ),
                invitees=invited,
                present=present,
                revision=row.revision,
            )
        )
    return out


def upcoming_events(ctx: ServiceContext, limit: int = 5) -> list[EventRow]:
    """The next ceremonies, soonest first (for the home screen)."""
    return list_events(ctx, when="upcoming", limit=limit)


def get_event(ctx: ServiceContext, event_id: str) -> EventDetail:
    ctx.require(Permission.ROSTER_READ)
    office = current_office(ctx)
    zone = office_zone(office)
    with ctx.db.read_session() as session:
        event = live_event(session, event_id)
        election = (
            pledge_store.election(session, election_id=event.election_id)
            if event.election_id
            else None
        )
        organiser = (
            pledge_store.agency(session, agency_id=event.organiser_agency_id)
            if event.organiser_agency_id
            else None
        )
        invited_ids = json.loads(event.invited_agency_ids or "[]")
        names = pledge_store.agency_names(session, agency_ids=invited_ids)
    return EventDetail(
        id=event.id,
        title=event.title,
        starts_at=parse_iso_utc(event.starts_at).astimezone(zone),
        time_zone=office.time_zone,
        place=event.place,
        election_id=event.election_id,
        election_name=election.name if election else "",
        election_kind=election.kind if election else "",
        election_year=election.year if election else None,
        organiser_kind=event.organiser_kind,
        organiser_agency_id=event.organiser_agency_id,
        organiser_agency_name=organiser.name if organiser else "",
        organiser_name=event.organiser_name,
        reader_name=event.reader_name,
        reader_position=event.reader_position,
        signer_name=event.signer_name,
        signer_position=event.signer_position,
        signer_nip=event.signer_nip,
        witness_name=event.witness_name,
        witness_position=event.witness_position,
        pledge_text=event.pledge_text,
        notes=event.notes,
        invited_agencies=[(i, names[i]) for i in invited_ids if i in names],
        organiser=_organiser_words(
            office,
            event.organiser_kind,
            organiser.name if organiser else "",
            event.organiser_name,
        ),
        upcoming=event.starts_at >= _today_start_utc(ctx),
        revision=event.revision,
        updated_by=event.updated_by,
    )

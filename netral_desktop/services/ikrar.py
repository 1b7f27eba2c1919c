"""Pledge ceremonies (ikrar netralitas): elections, events, invitees, attendance, evidence.

Every write checks ``Permission.IKRAR_WRITE`` and leaves an audit entry; reading needs
``Permission.ROSTER_READ``. Attendance is a list of marks that is only added to: an invitee's
status is their newest live mark, and undo tombstones the mark it takes back. Marking at the
door is one indexed lookup, one insert and one count over the event's invitees (a few
milliseconds at 2,000 invitees); bulk invitations go through SQLAlchemy Core.

The documents of an event (attendance sheet, pledge text, recap) are in ``ikrar_documents``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import select, text
from sqlmodel import Session

from netral_desktop.config import resources_dir
from netral_desktop.core.clock import iso_utc, parse_iso_utc
from netral_desktop.core.errors import (
    ConflictError,
    NotFoundError,
    ValidationError,
)
from netral_desktop.core.identifiers import digits_only
from netral_desktop.core.ids import new_id, new_ids
from netral_desktop.core.ikrar import (
    AttendanceStatus,
    ElectionKind,
    MarkQuery,
    OrganiserKind,
    parse_attendance_status,
    parse_mark_query,
)
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import clean_text, name_key
from netral_desktop.i18n import _
from netral_desktop.services import audit, evidence
from netral_desktop.services.context import Actor, ServiceContext, current_office
from netral_desktop.services.evidence import AttachmentRow, AttachResult
from netral_desktop.services.office import office_zone
from netral_desktop.services.roster import agency_key, live_agency, live_person
from netral_desktop.store.models import (
    Agency,
    Attendance,
    Election,
    Invitee,
    Office,
    Person,
    PledgeEvent,
)

EVENT_TABLE = "pledge_event"
DEFAULT_START = time(8, 0)
CANDIDATE_LIMIT = 20
EVENT_FIELDS = (
    "title",
    "election_id",
    "starts_at",
    "place",
    "organiser_kind",
    "organiser_agency_id",
    "organiser_name",
    "reader_name",
    "reader_position",
    "signer_name",
    "signer_position",
    "signer_nip",
    "pledge_text",
    "notes",
    "invited_agency_ids",
)
PEMILU_2024 = "018da4e9-c400-7000-8000-000000000001"
PILKADA_2024 = "01936aea-e800-7000-8000-000000000002"


# --- rows handed to the window and the command line ----------------------------------------


class ElectionRow(NamedTuple):
    id: str
    name: str
    kind: str
    year: int
    voting_date: str | None


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
    pledge_text: str
    notes: str
    invited_agencies: list[tuple[str, str]]  # (id, name)
    organiser: str  # who organises, in words: "Pemerintah Kabupaten Bantul"
    upcoming: bool  # today or later, by the office's calendar
    revision: int
    updated_by: str


class InviteeRow(NamedTuple):
    """An invitee with their current attendance (``status`` None: not marked yet)."""

    id: str
    event_id: str
    person_id: str | None
    full_name: str
    nip: str | None
    roster_status: str
    jabatan: str
    unit_kerja: str
    agency_id: str | None
    agency_name: str
    walk_in: bool
    status: str | None
    note: str
    marked_at: str | None  # iso_utc
    marked_by: str | None
    revision: int


@dataclass(frozen=True)
class AttendanceCounts:
    """How an event's attendance stands. The absence counts and ``belum`` are of the people
    invited beforehand, so ``invited == hadir + izin + sakit + dinas_luar +
    tanpa_keterangan + belum``; walk-ins are counted apart."""

    invited: int = 0
    walk_ins: int = 0
    hadir: int = 0  # invited people present
    hadir_walk_in: int = 0
    izin: int = 0
    sakit: int = 0
    dinas_luar: int = 0
    tanpa_keterangan: int = 0
    belum: int = 0  # invited, not marked yet

    @property
    def total(self) -> int:
        return self.invited + self.walk_ins

    @property
    def present(self) -> int:
        return self.hadir + self.hadir_walk_in

    @property
    def absent(self) -> int:
        return self.izin + self.sakit + self.dinas_luar + self.tanpa_keterangan

    @property
    def rate(self) -> float | None:
        """Share of the invited who came (walk-ins not counted), None with nobody invited."""
        return self.hadir / self.invited if self.invited else None

    def count(self, status: AttendanceStatus | str) -> int:
        return int(getattr(self, AttendanceStatus(status).value))


@dataclass(frozen=True)
class AgencyCounts:
    agency_name: str  # "" for walk-ins without an agency
    counts: AttendanceCounts


class MarkOutcome(StrEnum):
    MARKED = "marked"
    ALREADY = "already"  # the person already had this status: nothing written
    AMBIGUOUS = "ambiguous"  # several invitees match: choose one of ``candidates``
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class MarkResult:
    outcome: MarkOutcome
    message: str
    invitee: InviteeRow | None = None
    candidates: list[InviteeRow] = field(default_factory=list)
    counts: AttendanceCounts | None = None

    @property
    def marked(self) -> bool:
        return self.outcome == MarkOutcome.MARKED


@dataclass(frozen=True)
class UndoResult:
    undone: bool
    message: str
    invitee: InviteeRow | None = None  # with the status they have again
    undone_status: str | None = None
    counts: AttendanceCounts | None = None


@dataclass(frozen=True)
class InviteResult:
    added: int
    already: int  # matched but already on the list


# --- helpers -------------------------------------------------------------------------------


def _zone(ctx: ServiceContext):  # type: ignore[no-untyped-def]
    return office_zone(current_office(ctx))


def region_words(office: Office) -> str:
    """The office's kabupaten/kota as written: "Kabupaten Bantul"."""
    from netral_desktop.core import wilayah

    region = wilayah.region(office.code)
    return region.name if region else office.name.removeprefix("Bawaslu ")


def _organiser_words(office: Office, kind: str, agency_name: str, name: str) -> str:
    """Who organises, as printed: the name given, else the agency, the regional government
    ("Pemerintah Kabupaten Bantul") or the office itself."""
    if name:
        return name
    if kind == OrganiserKind.INSTANSI and agency_name:
        return agency_name
    if kind == OrganiserKind.BAWASLU:
        return office.name
    return f"Pemerintah {region_words(office)}"


def _live_event(session: Session, event_id: str) -> PledgeEvent:
    event = session.get(PledgeEvent, event_id)
    if event is None or event.deleted:
        raise NotFoundError(_("Acara ikrar tidak ditemukan (mungkin sudah dihapus)."))
    return event


def _live_invitee(session: Session, invitee_id: str) -> Invitee:
    invitee = session.get(Invitee, invitee_id)
    if invitee is None or invitee.deleted:
        raise NotFoundError(_("Peserta tidak ditemukan (mungkin sudah dihapus dari daftar)."))
    _live_event(session, invitee.event_id)
    return invitee


def find_event_id(ctx: ServiceContext, reference: str) -> str:
    """The id of the event ``reference`` names: its whole id, or the end or start of it
    (at least 6 characters) when only one event matches."""
    ctx.require(Permission.ROSTER_READ)
    ref = reference.strip().lower()
    with ctx.db.read_session() as session:
        if session.get(PledgeEvent, ref) is not None:
            return ref
        if len(ref) >= 6:
            found = list(
                session.execute(
                    text(
                        "SELECT id FROM pledge_event WHERE deleted = 0 AND "
                        "(id LIKE :ref || '%' OR id LIKE '%' || :ref) LIMIT 2"
                    ),
                    {"ref": ref},
                ).scalars()
            )
            if len(found) == 1:
                return found[0]
    raise NotFoundError(
        _("Acara '{ref}' tidak ditemukan. Lihat daftarnya: netral ikrar list.").format(
            ref=reference
        )
    )


# --- elections -----------------------------------------------------------------------------


def list_elections(ctx: ServiceContext) -> list[ElectionRow]:
    """Elections, newest first (Pemilu 2024 and Pilkada 2024 are always there)."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        rows = session.execute(
            text(
                "SELECT id, name, kind, year, voting_date FROM election WHERE deleted = 0 "
                "ORDER BY year DESC, coalesce(voting_date, '') DESC, name"
            )
        ).all()
    return [ElectionRow(*row) for row in rows]


def create_election(
    ctx: ServiceContext,
    *,
    name: str,
    kind: str = ElectionKind.LAINNYA,
    year: int | None = None,
    voting_date: date | str | None = None,
) -> Election:
    """Add an election (a re-vote, a by-election, the next Pemilu)."""
    actor = ctx.require(Permission.IKRAR_WRITE)
    name = clean_text(name)
    if not name:
        raise ValidationError(_("Nama pemilihan wajib diisi."), code="election_name_missing")
    try:
        kind = ElectionKind(str(kind).lower())
    except ValueError:
        raise ValidationError(
            _("Jenis pemilihan '{kind}' tidak dikenal: pilih pemilu, pilkada atau lainnya.").format(
                kind=kind
            ),
            code="election_kind_unknown",
        ) from None
    voting = None
    if voting_date:
        try:
            voting = (
                voting_date if isinstance(voting_date, date) else date.fromisoformat(voting_date)
            )
        except ValueError:
            raise ValidationError(
                _("Tanggal pemungutan suara '{value}' tidak sah (format TTTT-BB-HH).").format(
                    value=voting_date
                )
            ) from None
    year = year or (voting.year if voting else None)
    if not year:
        raise ValidationError(_("Tahun pemilihan wajib diisi."), code="election_year_missing")
    with ctx.db.write_session() as session:
        taken = session.execute(
            text("SELECT 1 FROM election WHERE deleted = 0 AND lower(name) = lower(:name)"),
            {"name": name},
        ).first()
        if taken:
            raise ConflictError(
                _("Pemilihan '{name}' sudah ada.").format(name=name), code="election_name_taken"
            )
        election = Election(
            origin="",
            created_at="",
            updated_at="",
            updated_by="",
            name=name,
            kind=kind.value,
            year=int(year),
            voting_date=voting.isoformat() if voting else None,
        )
        ctx.stamp_new(election, created_id=new_id())
        session.add(election)
        session.flush()
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="create",
            table_name="election",
            record_id=election.id,
            new=audit.row_values(election),
        )
        return election


def election_words(name: str, kind: str, year: int | None) -> str:
    """The election as a pledge says it: "Pemilihan Umum Tahun 2024". Official wording,
    printed in Indonesian whatever the window's language (so are organisers' names)."""
    if kind == ElectionKind.PEMILU and year:
        return f"Pemilihan Umum Tahun {year}"
    if kind == ElectionKind.PILKADA and year:
        return f"Pemilihan Serentak Tahun {year}"
    return name or "Pemilihan Umum dan Pemilihan Serentak"


# --- events --------------------------------------------------------------------------------


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
        election = session.get(Election, election_id) if election_id else None
        agency = session.get(Agency, organiser_agency_id) if organiser_agency_id else None
    surroundings = clean_text(organiser_name)
    if not surroundings and organiser_kind == OrganiserKind.INSTANSI and agency is not None:
        surroundings = agency.name
    if not surroundings:
        surroundings = f"Pemerintah {region_words(office)}"
    words = (
        election_words(election.name, election.kind, election.year)
        if election
        else election_words("", "", None)
    )
    return pledge_template().replace("{lingkungan}", surroundings).replace("{pemilihan}", words)


def _parse_starts_at(ctx: ServiceContext, value: Any) -> str:
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
        moment = moment.replace(tzinfo=_zone(ctx))
    return iso_utc(moment)


def _agency_ids(session: Session, value: Any) -> str:
    if value is None or value == "":
        return "[]"
    ids = json.loads(value) if isinstance(value, str) else list(value)
    unique: list[str] = []
    for agency_id in ids:
        live_agency(session, agency_id)
        if agency_id not in unique:
            unique.append(agency_id)
    return json.dumps(unique)


def _event_values(ctx: ServiceContext, session: Session, data: dict[str, Any]) -> dict[str, Any]:
    title = clean_text(data.get("title"))
    if not title:
        raise ValidationError(_("Nama acara wajib diisi."), code="title_missing")
    election_id = data.get("election_id") or None
    if election_id:
        election = session.get(Election, election_id)
        if election is None or election.deleted:
            raise NotFoundError(_("Pemilihan tidak ditemukan."))
    try:
        kind = OrganiserKind(str(data.get("organiser_kind") or OrganiserKind.BAWASLU).lower())
    except ValueError:
        raise ValidationError(
            _("Penyelenggara '{kind}' tidak dikenal: pilih pemda, instansi atau bawaslu.").format(
                kind=data.get("organiser_kind")
            ),
            code="organiser_unknown",
        ) from None
    agency_id = data.get("organiser_agency_id") or None
    if agency_id:
        live_agency(session, agency_id)
    elif kind == OrganiserKind.INSTANSI:
        raise ValidationError(
            _("Pilih instansi penyelenggara acara."), code="organiser_agency_missing"
        )
    signer_nip = digits_only(clean_text(data.get("signer_nip"))) or None
    if signer_nip and (not signer_nip.isdigit() or len(signer_nip) != 18):
        raise ValidationError(
            _("NIP penanda tangan harus 18 angka ('{value}').").format(
                value=data.get("signer_nip")
            ),
            code="signer_nip_invalid",
        )
    return {
        "title": title,
        "election_id": election_id,
        "starts_at": _parse_starts_at(ctx, data.get("starts_at")),
        "place": clean_text(data.get("place")),
        "organiser_kind": kind.value,
        "organiser_agency_id": agency_id,
        "organiser_name": clean_text(data.get("organiser_name")),
        "reader_name": clean_text(data.get("reader_name")),
        "reader_position": clean_text(data.get("reader_position")),
        "signer_name": clean_text(data.get("signer_name")),
        "signer_position": clean_text(data.get("signer_position")),
        "signer_nip": signer_nip,
        "pledge_text": str(data.get("pledge_text") or "").strip(),
        "notes": str(data.get("notes") or "").strip(),
        "invited_agency_ids": _agency_ids(session, data.get("invited_agency_ids")),
    }


def _check_field_names(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError(
            _("Isian tidak dikenal: {names}.").format(names=", ".join(sorted(unknown))),
            code="field_unknown",
        )


def create_event(ctx: ServiceContext, **fields: Any) -> PledgeEvent:
    """Add a pledge event (fields as in ``EVENT_FIELDS``; ``starts_at`` a datetime, naive
    meaning the office's local time). Without ``pledge_text`` the template is used."""
    actor = ctx.require(Permission.IKRAR_WRITE)
    _check_field_names(fields)
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
        event = PledgeEvent(origin="", created_at="", updated_at="", updated_by="", **values)
        ctx.stamp_new(event, created_id=new_id())
        session.add(event)
        session.flush()
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="create",
            table_name=EVENT_TABLE,
            record_id=event.id,
            new=audit.row_values(event),
        )
        return event


def update_event(
    ctx: ServiceContext, event_id: str, *, expected_revision: int | None = None, **changes: Any
) -> PledgeEvent:
    """Change some fields of an event; nothing is written when nothing changes.
    ``expected_revision`` refuses the save when someone else saved the event meanwhile."""
    ctx.require(Permission.IKRAR_WRITE)
    _check_field_names(changes)
    with ctx.db.write_session() as session:
        event = _live_event(session, event_id)
        if expected_revision is not None and event.revision != expected_revision:
            raise ConflictError(
                _(
                    "Data ini sudah diubah oleh {user} sejak Anda membukanya. Muat ulang, lalu "
                    "ulangi perubahan Anda."
                ).format(user=event.updated_by),
                code="stale_revision",
            )
        before = audit.row_values(event)
        data = {name: getattr(event, name) for name in EVENT_FIELDS} | changes
        values = _event_values(ctx, session, data)
        if not values["pledge_text"]:
            values["pledge_text"] = event.pledge_text
        old, new = audit.changed_values(before, {**before, **values})
        if not new:
            return event
        for name, value in values.items():
            setattr(event, name, value)
        ctx.record_update(session, event, action="update", old=old, new=new)
        return event


def delete_event(ctx: ServiceContext, event_id: str, *, confirm: bool = False) -> PledgeEvent:
    """Delete an event (a tombstone: synced rows are never removed). An event with
    attendance marks is deleted only with ``confirm`` (the window asks first)."""
    ctx.require(Permission.IKRAR_WRITE)
    with ctx.db.write_session() as session:
        event = _live_event(session, event_id)
        marks = session.execute(
            text("SELECT count(*) FROM attendance WHERE event_id = :e AND deleted = 0"),
            {"e": event_id},
        ).scalar()
        if marks and not confirm:
            raise ConflictError(
                _(
                    "Acara '{title}' sudah memiliki {n} catatan kehadiran. Hapus juga? Ulangi "
                    "dengan konfirmasi (baris perintah: netral ikrar delete ACARA --yes)."
                ).format(title=event.title, n=marks),
                code="event_has_attendance",
            )
        event.deleted = True
        ctx.record_update(
            session,
            event,
            action="delete",
            old={"deleted": False},
            new={"deleted": True},
            note=f"{marks} catatan kehadiran" if marks else "",
        )
        return event


_EVENT_COLUMNS = (
    "e.id, e.title, e.starts_at, e.place, e.election_id, coalesce(el.name, ''), "
    "e.organiser_kind, coalesce(ag.name, ''), e.organiser_name, e.revision"
)
_EVENT_SOURCE = (
    "pledge_event e LEFT JOIN election el ON el.id = e.election_id "
    "LEFT JOIN agency ag ON ag.id = e.organiser_agency_id"
)


def _today_start_utc(ctx: ServiceContext) -> str:
    zone = _zone(ctx)
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
    where = ["e.deleted = 0"]
    params: dict[str, Any] = {"limit": max(0, limit), "offset": max(0, offset)}
    order = "e.starts_at DESC"
    if when == "upcoming":
        where.append("e.starts_at >= :today")
        order = "e.starts_at"
    elif when == "past":
        where.append("e.starts_at < :today")
    elif when != "all":
        raise ValidationError(f"when={when!r}")
    if when != "all":
        params["today"] = _today_start_utc(ctx)
    if election_id:
        where.append("e.election_id = :election_id")
        params["election_id"] = election_id
    for i, word in enumerate(agency_key(query).split()):
        where.append(f"(instr(lower(e.title), :q{i}) > 0 OR instr(lower(e.place), :q{i}) > 0)")
        params[f"q{i}"] = word
    office = current_office(ctx)
    zone = office_zone(office)
    with ctx.db.read_session() as session:
        rows = session.execute(
            text(
                f"SELECT {_EVENT_COLUMNS} FROM {_EVENT_SOURCE} WHERE {' AND '.join(where)} "
                f"ORDER BY {order}, e.id LIMIT :limit OFFSET :offset"
            ),
            params,
        ).all()
        tallies = _event_tallies(session, [row[0] for row in rows])
    out = []
    for row in rows:
        invited, present = tallies.get(row[0], (0, 0))
        out.append(
            EventRow(
                id=row[0],
                title=row[1],
                starts_at=parse_iso_utc(row[2]).astimezone(zone),
                place=row[3],
                election_id=row[4],
                election_name=row[5],
                organiser=_organiser_words(office, row[6], row[7], row[8]),
                invitees=invited,
                present=present,
                revision=row[9],
            )
        )
    return out


def upcoming_events(ctx: ServiceContext, limit: int = 5) -> list[EventRow]:
    """The next ceremonies, soonest first (for the home screen)."""
    return list_events(ctx, when="upcoming", limit=limit)


def _event_tallies(session: Session, event_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """(invitees, present) per event, for a page of the events list."""
    if not event_ids:
        return {}
    ids = json.dumps(list(event_ids))
    rows = session.execute(
        text(
            "SELECT i.event_id, count(*), coalesce(sum(c.status = 'hadir'), 0) "
            f"FROM {_WITH_MARK} "
            "WHERE i.deleted = 0 AND i.event_id IN (SELECT value FROM json_each(:ids)) "
            "GROUP BY i.event_id"
        ),
        {"ids": ids},
    ).all()
    return {row[0]: (int(row[1]), int(row[2])) for row in rows}


def get_event(ctx: ServiceContext, event_id: str) -> EventDetail:
    ctx.require(Permission.ROSTER_READ)
    office = current_office(ctx)
    zone = office_zone(office)
    with ctx.db.read_session() as session:
        event = _live_event(session, event_id)
        election = session.get(Election, event.election_id) if event.election_id else None
        organiser = (
            session.get(Agency, event.organiser_agency_id) if event.organiser_agency_id else None
        )
        invited_ids = json.loads(event.invited_agency_ids or "[]")
        names = dict(
            session.execute(
                text("SELECT id, name FROM agency WHERE id IN (SELECT value FROM json_each(:ids))"),
                {"ids": json.dumps(invited_ids)},
            ).all()
        )
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


# --- invitees ------------------------------------------------------------------------------

# An invitee's status is their newest live mark. Joined as ``attendance c`` through one
# index probe per invitee (ix_attendance_invitee): joining a window-function subquery instead
# made SQLite scan it once per invitee, 100 ms at 2,000 invitees.
_ORDER_MARKS = "ORDER BY marked_at DESC, updated_at DESC, id DESC"
_WITH_MARK = (
    "invitee i LEFT JOIN attendance c ON c.id = (SELECT a.id FROM attendance a "
    "WHERE a.invitee_id = i.id AND a.deleted = 0 "
    "ORDER BY a.marked_at DESC, a.updated_at DESC, a.id DESC LIMIT 1)"
)
_INVITEE_COLUMNS = (
    "i.id, i.event_id, i.person_id, i.full_name, i.nip, i.status, i.jabatan, i.unit_kerja, "
    "i.agency_id, i.agency_name, i.walk_in, c.status, coalesce(c.note, ''), c.marked_at, "
    "c.marked_by, i.revision"
)
_INVITEE_ORDER = "i.agency_name = '', i.agency_name, i.name_key, i.id"
BELUM = "belum"  # the status filter for invitees not marked yet


def _invitee_row(row: Sequence[Any]) -> InviteeRow:
    return InviteeRow(*row[:10], bool(row[10]), *row[11:])


def _invitee_filter(
    event_id: str,
    *,
    query: str = "",
    agency_name: str | None = None,
    status: str | None = None,
    walk_ins_only: bool = False,
) -> tuple[list[str], dict[str, Any]]:
    where = ["i.event_id = :event_id", "i.deleted = 0"]
    params: dict[str, Any] = {"event_id": event_id}
    if query.strip():
        parsed = parse_mark_query(query)
        clause, more = _match_clause(parsed)
        where.append(clause)
        params.update(more)
    if agency_name is not None:
        where.append("i.agency_name = :agency_name")
        params["agency_name"] = agency_name
    if status == BELUM:
        where.append("c.status IS NULL")
    elif status:
        where.append("c.status = :status")
        params["status"] = AttendanceStatus(status).value
    if walk_ins_only:
        where.append("i.walk_in = 1")
    return where, params


def list_invitees(
    ctx: ServiceContext,
    event_id: str,
    *,
    query: str = "",
    agency_name: str | None = None,
    status: str | None = None,
    walk_ins_only: bool = False,
    offset: int = 0,
    limit: int = 100,
) -> list[InviteeRow]:
    """A page of an event's invitees by agency then name, with their attendance. ``status``
    filters (an AttendanceStatus value, or ``belum`` for not marked yet); ``query`` is what
    would be typed at the door (part of a name, or NIP digits)."""
    ctx.require(Permission.ROSTER_READ)
    where, params = _invitee_filter(
        event_id, query=query, agency_name=agency_name, status=status, walk_ins_only=walk_ins_only
    )
    params.update(limit=max(0, limit), offset=max(0, offset))
    with ctx.db.read_session() as session:
        _live_event(session, event_id)
        rows = session.execute(
            text(
                f"SELECT {_INVITEE_COLUMNS} FROM {_WITH_MARK} WHERE {' AND '.join(where)} "
                f"ORDER BY {_INVITEE_ORDER} LIMIT :limit OFFSET :offset"
            ),
            params,
        ).all()
    return [_invitee_row(row) for row in rows]


def count_invitees(
    ctx: ServiceContext,
    event_id: str,
    *,
    query: str = "",
    agency_name: str | None = None,
    status: str | None = None,
    walk_ins_only: bool = False,
) -> int:
    """How many invitees ``list_invitees`` pages through with the same filters."""
    ctx.require(Permission.ROSTER_READ)
    where, params = _invitee_filter(
        event_id, query=query, agency_name=agency_name, status=status, walk_ins_only=walk_ins_only
    )
    source = _WITH_MARK if status else "invitee i"
    with ctx.db.read_session() as session:
        return int(
            session.execute(
                text(f"SELECT count(*) FROM {source} WHERE {' AND '.join(where)}"), params
            ).scalar()
            or 0
        )


def get_invitee(ctx: ServiceContext, invitee_id: str) -> InviteeRow:
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        invitee = _live_invitee(session, invitee_id)
        return _invitee_rows(session, invitee.event_id, [invitee_id])[0]


def _invitee_rows(session: Session, event_id: str, ids: Sequence[str]) -> list[InviteeRow]:
    """The rows of invitees ``ids`` (in that order), with their attendance."""
    if not ids:
        return []
    rows = session.execute(
        text(
            f"SELECT {_INVITEE_COLUMNS} FROM {_WITH_MARK} WHERE i.event_id = :event_id AND i.id IN "
            "(SELECT value FROM json_each(:ids))"
        ),
        {"event_id": event_id, "ids": json.dumps(list(ids))},
    ).all()
    by_id = {row[0]: _invitee_row(row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


@dataclass(frozen=True)
class InviteCriteria:
    """Who to invite from the roster: everyone matching all the given criteria."""

    agency_ids: tuple[str, ...] = ()
    unit_kerja: str | None = None  # exact unit name (case ignored)
    statuses: tuple[str, ...] = ()  # PersonStatus values
    person_ids: tuple[str, ...] = ()
    include_inactive: bool = False

    @property
    def empty(self) -> bool:
        return not (self.agency_ids or self.unit_kerja or self.statuses or self.person_ids)


def _criteria_sql(event_id: str, criteria: InviteCriteria) -> tuple[str, dict[str, Any]]:
    where = ["p.deleted = 0"]
    params: dict[str, Any] = {"event_id": event_id}
    if not criteria.include_inactive:
        where.append("p.active = 1")
    if criteria.agency_ids:
        where.append("p.agency_id IN (SELECT value FROM json_each(:agencies))")
        params["agencies"] = json.dumps(list(criteria.agency_ids))
    if criteria.unit_kerja:
        where.append("lower(p.unit_kerja) = lower(:unit)")
        params["unit"] = clean_text(criteria.unit_kerja)
    if criteria.statuses:
        where.append("p.status IN (SELECT value FROM json_each(:statuses))")
        params["statuses"] = json.dumps(list(criteria.statuses))
    if criteria.person_ids:
        where.append("p.id IN (SELECT value FROM json_each(:people))")
        params["people"] = json.dumps(list(criteria.person_ids))
    return " AND ".join(where), params


_ALREADY = (
    "EXISTS (SELECT 1 FROM invitee x WHERE x.event_id = :event_id AND x.person_id = p.id "
    "AND x.deleted = 0)"
)


def invite_preview(ctx: ServiceContext, event_id: str, criteria: InviteCriteria) -> InviteResult:
    """How many people ``invite`` would add (and how many are on the list already)."""
    ctx.require(Permission.ROSTER_READ)
    if criteria.empty:
        return InviteResult(0, 0)
    where, params = _criteria_sql(event_id, criteria)
    with ctx.db.read_session() as session:
        _live_event(session, event_id)
        row = session.execute(
            text(f"SELECT count(*), coalesce(sum({_ALREADY}), 0) FROM person p WHERE {where}"),
            params,
        ).one()
    return InviteResult(int(row[0]) - int(row[1]), int(row[1]))


def invite(ctx: ServiceContext, event_id: str, criteria: InviteCriteria) -> InviteResult:
    """Invite everyone of the roster matching ``criteria`` who is not invited yet, in one
    transaction (thousands in a few tens of milliseconds). Agencies named in the criteria
    join the event's invited agencies."""
    actor = ctx.require(Permission.IKRAR_WRITE)
    if criteria.empty:
        raise ValidationError(
            _("Pilih siapa yang diundang: instansi, unit kerja, status atau orang tertentu."),
            code="invite_criteria_missing",
        )
    where, params = _criteria_sql(event_id, criteria)
    with ctx.db.write_session() as session:
        event = _live_event(session, event_id)
        for agency_id in criteria.agency_ids:
            live_agency(session, agency_id)
        found = session.execute(
            text(
                "SELECT p.id, p.full_name, p.name_key, coalesce(p.nip, p.ni_pppk), p.status, "
                "p.jabatan, p.unit_kerja, p.agency_id, coalesce(a.name, ''), "
                f"{_ALREADY} FROM person p LEFT JOIN agency a ON a.id = p.agency_id "
                f"WHERE {where} ORDER BY p.rowid"
            ),
            params,
        ).all()
        new = [row for row in found if not row[9]]
        already = len(found) - len(new)
        now, stamp = ctx.now_iso(), ctx.hlc.stamp()
        ids = new_ids(len(new))
        if new:
            fixed = (ctx.origin, now, stamp, actor.username, 1, 0, event_id)
            session.connection().exec_driver_sql(
                "INSERT INTO invitee (id, origin, created_at, updated_at, updated_by, revision, "
                "deleted, event_id, person_id, full_name, name_key, nip, status, jabatan, "
                "unit_kerja, agency_id, agency_name, walk_in) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                [(i, *fixed, *row[:9]) for i, row in zip(ids, new, strict=True)],
            )
            audit.record_many(
                session,
                [
                    {
                        "at": now,
                        "actor": actor.username,
                        "action": "invite",
                        "table_name": "invitee",
                        "record_id": i,
                        "new": {"event_id": event_id, "person_id": row[0], "full_name": row[1]},
                    }
                    for i, row in zip(ids, new, strict=True)
                ],
            )
        invited = json.loads(event.invited_agency_ids or "[]")
        more = [a for a in criteria.agency_ids if a not in invited]
        if more:
            event.invited_agency_ids = json.dumps([*invited, *more])
            ctx.record_update(
                session,
                event,
                action="update",
                old={"invited_agency_ids": invited},
                new={"invited_agency_ids": [*invited, *more]},
                at=now,
            )
    return InviteResult(len(new), already)


def invite_agency(
    ctx: ServiceContext,
    event_id: str,
    agency_id: str,
    *,
    unit_kerja: str | None = None,
    statuses: Iterable[str] = (),
) -> InviteResult:
    """Invite an agency's active people (optionally one unit, some statuses)."""
    return invite(
        ctx,
        event_id,
        InviteCriteria(agency_ids=(agency_id,), unit_kerja=unit_kerja, statuses=tuple(statuses)),
    )


def invite_person(ctx: ServiceContext, event_id: str, person_id: str) -> InviteResult:
    """Invite one person of the roster (``already`` is 1 when they are on the list)."""
    return invite(ctx, event_id, InviteCriteria(person_ids=(person_id,), include_inactive=True))


def units_of(ctx: ServiceContext, agency_id: str | None = None) -> list[tuple[str, int]]:
    """Unit names with their number of active people (of one agency, or all), for choosing
    whom to invite by unit."""
    ctx.require(Permission.ROSTER_READ)
    where = "deleted = 0 AND active = 1 AND unit_kerja != ''"
    params: dict[str, Any] = {}
    if agency_id:
        where += " AND agency_id = :agency_id"
        params["agency_id"] = agency_id
    with ctx.db.read_session() as session:
        rows = session.execute(
            text(
                f"SELECT unit_kerja, count(*) FROM person WHERE {where} "
                "GROUP BY unit_kerja COLLATE NOCASE ORDER BY unit_kerja COLLATE NOCASE"
            ),
            params,
        ).all()
    return [(row[0], int(row[1])) for row in rows]


def remove_invitee(ctx: ServiceContext, invitee_id: str) -> None:
    """Take someone off the list (a tombstone; their marks stay in the history)."""
    ctx.require(Permission.IKRAR_WRITE)
    with ctx.db.write_session() as session:
        invitee = _live_invitee(session, invitee_id)
        invitee.deleted = True
        ctx.record_update(
            session,
            invitee,
            action="uninvite",
            old={"event_id": invitee.event_id, "full_name": invitee.full_name},
        )


def _roster_values(session: Session, person: Person) -> dict[str, Any]:
    agency = session.get(Agency, person.agency_id) if person.agency_id else None
    return {
        "person_id": person.id,
        "full_name": person.full_name,
        "name_key": person.name_key,
        "nip": person.nip or person.ni_pppk,
        "status": person.status,
        "jabatan": person.jabatan,
        "unit_kerja": person.unit_kerja,
        "agency_id": person.agency_id,
        "agency_name": agency.name if agency else "",
    }


def _person_by_number(session: Session, digits: str) -> Person | None:
    return (
        session.exec(
            select(Person).where(
                (Person.nip == digits) | (Person.ni_pppk == digits),
                Person.deleted == False,  # noqa: E712
            )
        )
        .scalars()
        .first()
    )


def add_walk_in(
    ctx: ServiceContext,
    event_id: str,
    *,
    full_name: str,
    nip: str = "",
    agency_id: str | None = None,
    agency_name: str = "",
    unit_kerja: str = "",
    jabatan: str = "",
    present: bool = True,
) -> MarkResult:
    """Someone at the door who is not on the list, added (and marked present) in one step.

    A NIP already on the list marks that invitee instead; a NIP of the roster links the
    walk-in to that person (their roster details are used). Otherwise the walk-in keeps what
    was typed and can be matched to the roster later (``match_walk_in``).
    """
    actor = ctx.require(Permission.IKRAR_WRITE)
    name = clean_text(full_name)
    if not name:
        raise ValidationError(_("Nama peserta wajib diisi."), code="name_missing")
    digits = digits_only(clean_text(nip)) if clean_text(nip) else ""
    if digits and (not digits.isdigit() or len(digits) != 18):
        raise ValidationError(
            _("NIP/NI PPPK harus 18 angka ('{value}'); kosongkan bila belum diketahui.").format(
                value=nip
            ),
            code="nip_invalid",
        )
    with ctx.db.write_session() as session:
        _live_event(session, event_id)
        person = _person_by_number(session, digits) if digits else None
        listed = None
        if digits:
            listed = session.execute(
                text("SELECT id FROM invitee WHERE event_id = :e AND deleted = 0 AND nip = :nip"),
                {"e": event_id, "nip": digits},
            ).scalar()
        if listed is None and person is not None:
            listed = session.execute(
                text(
                    "SELECT id FROM invitee WHERE event_id = :e AND deleted = 0 AND person_id = :p"
                ),
                {"e": event_id, "p": person.id},
            ).scalar()
        if listed is not None:
            invitee = session.get(Invitee, listed)
            assert invitee is not None
            outcome = _mark_in(ctx, session, actor, invitee, AttendanceStatus.HADIR, "")
            return_id, note = invitee.id, "listed"
        else:
            values: dict[str, Any]
            if person is not None:
                values = _roster_values(session, person)
            else:
                agency = live_agency(session, agency_id) if agency_id else None
                if agency is None and clean_text(agency_name):
                    from netral_desktop.services.roster import find_agency_in

                    agency = find_agency_in(session, agency_name)
                values = {
                    "person_id": None,
                    "full_name": name,
                    "name_key": name_key(name),
                    "nip": digits or None,
                    "status": "",
                    "jabatan": clean_text(jabatan),
                    "unit_kerja": clean_text(unit_kerja),
                    "agency_id": agency.id if agency else None,
                    "agency_name": agency.name if agency else clean_text(agency_name),
                }
            invitee = Invitee(
                origin="",
                created_at="",
                updated_at="",
                updated_by="",
                event_id=event_id,
                walk_in=True,
                **values,
            )
            ctx.stamp_new(invitee, created_id=new_id())
            session.add(invitee)
            session.flush()
            audit.record(
                session,
                at=ctx.now_iso(),
                actor=actor.username,
                action="walk_in",
                table_name="invitee",
                record_id=invitee.id,
                new={k: v for k, v in values.items() if v},
            )
            outcome = MarkOutcome.NOT_FOUND
            if present:
                outcome = _mark_in(ctx, session, actor, invitee, AttendanceStatus.HADIR, "")
            return_id, note = invitee.id, "added"
    with ctx.db.read_session() as session:
        row = _invitee_rows(session, event_id, [return_id])[0]
        counts = _counts(session, event_id)
    if note == "listed":
        message = (
            _("{name} ternyata ada di daftar undangan: ditandai hadir.")
            if outcome == MarkOutcome.MARKED
            else _("{name} ada di daftar undangan dan sudah tercatat hadir.")
        ).format(name=row.full_name)
        return MarkResult(outcome, message, row, counts=counts)
    message = (
        _("{name} ditambahkan sebagai peserta tambahan dan ditandai hadir.")
        if present
        else _("{name} ditambahkan sebagai peserta tambahan.")
    ).format(name=row.full_name)
    return MarkResult(MarkOutcome.MARKED, message, row, counts=counts)


def match_candidates(ctx: ServiceContext, invitee_id: str, limit: int = 10) -> list[Any]:
    """Roster people a walk-in may be (``roster.PersonRow``, inactive ones too): by NIP, else
    by the whole name, else by each longer word of it ("Pak Joko" finds Joko Pensiun)."""
    from netral_desktop.services import roster

    invitee = get_invitee(ctx, invitee_id)
    everyone = roster.RosterFilter(include_inactive=True)
    if invitee.nip:
        found = roster.search(ctx, invitee.nip, everyone, limit=limit)
        if found:
            return found
    key = name_key(invitee.full_name)
    found = roster.search(ctx, key, everyone, limit=limit)
    words = sorted((w for w in key.split() if len(w) >= 3), key=len, reverse=True)
    seen = {p.id for p in found}
    for word in words:
        if len(found) >= limit:
            break
        for person in roster.search(ctx, word, everyone, limit=limit):
            if person.id not in seen and len(found) < limit:
                seen.add(person.id)
                found.append(person)
    return found


def match_walk_in(ctx: ServiceContext, invitee_id: str, person_id: str) -> InviteeRow:
    """Link a walk-in to the roster person they are: their details come from the roster.

    If that person was on the list already (not found at the door), the two become one:
    the invitee on the list takes the walk-in's attendance and the walk-in is tombstoned.
    Returns the invitee that remains.
    """
    ctx.require(Permission.IKRAR_WRITE)
    with ctx.db.write_session() as session:
        walk_in = _live_invitee(session, invitee_id)
        if not walk_in.walk_in:
            raise ValidationError(
                _("Hanya peserta tambahan yang dicocokkan dengan daftar pegawai."),
                code="not_walk_in",
            )
        person = live_person(session, person_id)
        other_id = session.execute(
            text(
                "SELECT id FROM invitee WHERE event_id = :e AND person_id = :p AND deleted = 0 "
                "AND id != :me"
            ),
            {"e": walk_in.event_id, "p": person.id, "me": walk_in.id},
        ).scalar()
        now = ctx.now_iso()
        if other_id is not None:
            current = _current_mark(session, walk_in.id)
            if current is not None:
                mark = Attendance(
                    origin="",
                    created_at="",
                    updated_at="",
                    updated_by="",
                    event_id=walk_in.event_id,
                    invitee_id=other_id,
                    status=current.status,
                    note=current.note,
                    marked_at=current.marked_at,
                    marked_by=current.marked_by,
                )
                ctx.stamp_new(mark, created_id=new_id())
                session.add(mark)
            walk_in.deleted = True
            ctx.record_update(
                session,
                walk_in,
                action="merge",
                old={"full_name": walk_in.full_name, "nip": walk_in.nip},
                new={"merged_into": other_id, "person_id": person.id},
                at=now,
            )
            keep = other_id
        else:
            before = audit.row_values(walk_in)
            for name, value in _roster_values(session, person).items():
                setattr(walk_in, name, value)
            old, new = audit.changed_values(before, audit.row_values(walk_in))
            ctx.record_update(session, walk_in, action="match", old=old, new=new, at=now)
            keep = walk_in.id
        event_id = walk_in.event_id
    with ctx.db.read_session() as session:
        return _invitee_rows(session, event_id, [keep])[0]


# --- attendance ----------------------------------------------------------------------------


def _match_clause(parsed: MarkQuery) -> tuple[str, dict[str, Any]]:
    """WHERE clause over invitee ``i`` for a typed query: the whole NIP; a part of it
    anywhere; or every typed word beginning a word of the name ("sri wah" finds Sri Wahyuni,
    while "sri" never finds Yusrizal: a unique match is marked at once, so it must be the
    person meant)."""
    if parsed.is_whole_nip:
        return "i.nip = :digits", {"digits": parsed.digits}
    if parsed.digits:
        return "instr(i.nip, :digits) > 0", {"digits": parsed.digits}
    if not parsed.words:
        return "0", {}
    parts = [f"instr(' ' || i.name_key, :w{n}) > 0" for n in range(len(parsed.words))]
    return " AND ".join(parts), {f"w{n}": " " + w for n, w in enumerate(parsed.words)}


def _matching(session: Session, event_id: str, parsed: MarkQuery) -> list[tuple[str, str]]:
    """Invitees matching a query (up to one more than the candidates shown), the name typed
    exactly first."""
    clause, params = _match_clause(parsed)
    rows = session.execute(
        text(
            "SELECT i.id, i.name_key FROM invitee i WHERE i.event_id = :event_id "
            f"AND i.deleted = 0 AND {clause} ORDER BY i.name_key = :key DESC, {_INVITEE_ORDER} "
            "LIMIT :limit"
        ),
        {"event_id": event_id, "key": parsed.key, "limit": CANDIDATE_LIMIT + 1, **params},
    ).all()
    return [(row[0], row[1]) for row in rows]


class _Mark(NamedTuple):
    id: str
    status: str
    note: str
    marked_at: str
    marked_by: str


def _current_mark(session: Session, invitee_id: str) -> _Mark | None:
    row = session.execute(
        text(
            "SELECT id, status, note, marked_at, marked_by FROM attendance "
            f"WHERE invitee_id = :i AND deleted = 0 {_ORDER_MARKS} LIMIT 1"
        ),
        {"i": invitee_id},
    ).first()
    return _Mark(*row) if row else None


def _mark_in(
    ctx: ServiceContext,
    session: Session,
    actor: Actor,
    invitee: Invitee,
    status: AttendanceStatus,
    note: str,
) -> MarkOutcome:
    """Within a write transaction: give ``invitee`` ``status`` unless they have it already."""
    current = _current_mark(session, invitee.id)
    if current is not None and current.status == status and (current.note == note or not note):
        return MarkOutcome.ALREADY
    now = ctx.now_iso()
    mark = Attendance(
        origin="",
        created_at="",
        updated_at="",
        updated_by="",
        event_id=invitee.event_id,
        invitee_id=invitee.id,
        status=status.value,
        note=note,
        marked_at=now,
        marked_by=actor.username,
    )
    ctx.stamp_new(mark, created_id=new_id())
    session.add(mark)
    session.flush()
    audit.record(
        session,
        at=now,
        actor=actor.username,
        action="mark",
        table_name="attendance",
        record_id=mark.id,
        old={"status": current.status} if current else None,
        new={"invitee_id": invitee.id, "status": status.value, **({"note": note} if note else {})},
    )
    return MarkOutcome.MARKED


def _local_clock(ctx: ServiceContext, stamp: str | None) -> str:
    if not stamp:
        return ""
    return parse_iso_utc(stamp).astimezone(_zone(ctx)).strftime("%H.%M")


def _marked_message(ctx: ServiceContext, row: InviteeRow, counts: AttendanceCounts) -> str:
    status = AttendanceStatus(row.status) if row.status else None
    if status == AttendanceStatus.HADIR:
        return _("Hadir: {name} ({present} dari {total} peserta hadir)").format(
            name=row.full_name, present=counts.present, total=counts.total
        )
    return _("{name}: {status}").format(name=row.full_name, status=status.label if status else "")


def _already_message(ctx: ServiceContext, row: InviteeRow) -> str:
    status = AttendanceStatus(row.status) if row.status else AttendanceStatus.HADIR
    return _(
        "{name} sudah tercatat {status} pukul {time} oleh {user}; tidak ditandai dua kali."
    ).format(
        name=row.full_name,
        status=status.label.lower(),
        time=_local_clock(ctx, row.marked_at),
        user=row.marked_by or "-",
    )


def mark(
    ctx: ServiceContext,
    event_id: str,
    query: str,
    status: AttendanceStatus | str = AttendanceStatus.HADIR,
    note: str = "",
) -> MarkResult:
    """Mark present whoever ``query`` names at the door: a NIP (a scanner's 18 digits, or
    typed with spaces and dots), part of one, or part of a name.

    One match (or one whose whole name is exactly what was typed): marked present (or
    ``status``), unless they have that status already (reported, not marked twice).
    Several: ``candidates`` to choose from (then ``mark_invitee``). None: NOT_FOUND (offer
    ``add_walk_in``). Marked and already-marked results carry the new counts.
    """
    actor = ctx.require(Permission.IKRAR_WRITE)
    chosen_status = _as_status(status)
    parsed = parse_mark_query(query)
    typed = " ".join(query.split())
    if not parsed.usable:
        return MarkResult(
            MarkOutcome.NOT_FOUND,
            _("Ketik paling sedikit 2 huruf nama atau 4 angka NIP."),
        )
    with ctx.db.read_session() as session:
        _live_event(session, event_id)
        found = _matching(session, event_id, parsed)
        chosen = found[0][0] if len(found) == 1 else None
        if chosen is None and parsed.key:
            exact = [i for i, key in found if key == parsed.key]
            chosen = exact[0] if len(exact) == 1 else None
        if chosen is None and found:
            candidates = _invitee_rows(session, event_id, [i for i, _k in found[:CANDIDATE_LIMIT]])
            more = "+" if len(found) > CANDIDATE_LIMIT else ""
            return MarkResult(
                MarkOutcome.AMBIGUOUS,
                _("{n} peserta cocok dengan '{query}': pilih salah satu.").format(
                    n=f"{CANDIDATE_LIMIT}{more}" if more else len(found), query=typed
                ),
                candidates=candidates,
            )
    if chosen is None:
        return MarkResult(
            MarkOutcome.NOT_FOUND,
            _(
                "Tidak ada peserta yang cocok dengan '{query}'. Tambahkan sebagai peserta "
                "tambahan bila ia hadir."
            ).format(query=typed),
        )
    return _set_status(ctx, actor, chosen, chosen_status, clean_text(note)[:300])


def _as_status(status: AttendanceStatus | str) -> AttendanceStatus:
    if isinstance(status, AttendanceStatus):
        return status
    try:
        return parse_attendance_status(status)
    except ValueError:
        raise ValidationError(
            _(
                "Status kehadiran '{status}' tidak dikenal: pilih hadir, izin, sakit, dinas luar "
                "atau tanpa keterangan."
            ).format(status=status),
            code="status_unknown",
        ) from None


def mark_invitee(
    ctx: ServiceContext,
    invitee_id: str,
    status: AttendanceStatus | str = AttendanceStatus.HADIR,
    note: str = "",
) -> MarkResult:
    """Give one invitee a status: present (a candidate chosen after an ambiguous query) or a
    reason for being away (izin, sakit, dinas luar, tanpa keterangan) with an optional note."""
    actor = ctx.require(Permission.IKRAR_WRITE)
    return _set_status(ctx, actor, invitee_id, _as_status(status), clean_text(note)[:300])


def _set_status(
    ctx: ServiceContext, actor: Actor, invitee_id: str, status: AttendanceStatus, note: str
) -> MarkResult:
    with ctx.db.write_session() as session:
        invitee = _live_invitee(session, invitee_id)
        outcome = _mark_in(ctx, session, actor, invitee, status, note)
        event_id = invitee.event_id
    with ctx.db.read_session() as session:
        row = _invitee_rows(session, event_id, [invitee_id])[0]
        counts = _counts(session, event_id)
    if outcome == MarkOutcome.ALREADY:
        return MarkResult(outcome, _already_message(ctx, row), row, counts=counts)
    return MarkResult(outcome, _marked_message(ctx, row, counts), row, counts=counts)


def undo_last_mark(ctx: ServiceContext, event_id: str) -> UndoResult:
    """Take back the acting user's newest mark in this event (again: the one before it).
    The invitee gets back the status they had before it (or none)."""
    actor = ctx.require(Permission.IKRAR_WRITE)
    with ctx.db.write_session() as session:
        _live_event(session, event_id)
        row = session.execute(
            text(
                "SELECT a.id, a.invitee_id, a.status FROM attendance a JOIN invitee i "
                "ON i.id = a.invitee_id WHERE a.event_id = :e AND a.marked_by = :user "
                "AND a.deleted = 0 AND i.deleted = 0 "
                "ORDER BY a.marked_at DESC, a.updated_at DESC, a.id DESC LIMIT 1"
            ),
            {"e": event_id, "user": actor.username},
        ).first()
        if row is None:
            return UndoResult(False, _("Tidak ada tanda kehadiran Anda yang dapat dibatalkan."))
        mark_ = session.get(Attendance, row[0])
        assert mark_ is not None
        mark_.deleted = True
        ctx.record_update(
            session,
            mark_,
            action="undo",
            old={"invitee_id": row[1], "status": row[2]},
            new={"deleted": True},
        )
    with ctx.db.read_session() as session:
        invitee = _invitee_rows(session, event_id, [row[1]])[0]
        counts = _counts(session, event_id)
    undone = AttendanceStatus(row[2]).label.lower()
    now_status = (
        AttendanceStatus(invitee.status).label.lower() if invitee.status else _("belum dicatat")
    )
    return UndoResult(
        True,
        _("Dibatalkan: {name} ({undone}); sekarang {status}.").format(
            name=invitee.full_name, undone=undone, status=now_status
        ),
        invitee,
        row[2],
        counts,
    )


_COUNT_SQL = (
    "SELECT {group} i.walk_in, coalesce(c.status, ''), count(*) FROM "
    + _WITH_MARK
    + " WHERE i.event_id = :event_id AND i.deleted = 0 GROUP BY {group} i.walk_in, c.status"
)


def _tally(rows: Iterable[Sequence[Any]]) -> AttendanceCounts:
    values = dict.fromkeys(
        (
            "invited",
            "walk_ins",
            "hadir",
            "hadir_walk_in",
            "izin",
            "sakit",
            "dinas_luar",
            "tanpa_keterangan",
            "belum",
        ),
        0,
    )
    for walk_in, status, n in rows:
        if walk_in:
            values["walk_ins"] += n
            if status == AttendanceStatus.HADIR:
                values["hadir_walk_in"] += n
            continue
        values["invited"] += n
        values[status or "belum"] += n
    return AttendanceCounts(**values)


def _counts(session: Session, event_id: str) -> AttendanceCounts:
    rows = session.execute(text(_COUNT_SQL.format(group="")), {"event_id": event_id}).all()
    return _tally(rows)


def counts(ctx: ServiceContext, event_id: str) -> AttendanceCounts:
    """The event's live attendance counts."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        _live_event(session, event_id)
        return _counts(session, event_id)


def counts_by_agency(ctx: ServiceContext, event_id: str) -> list[AgencyCounts]:
    """Counts per agency, by agency name (walk-ins without an agency last, as "")."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        _live_event(session, event_id)
        rows = session.execute(
            text(_COUNT_SQL.format(group="i.agency_name,")), {"event_id": event_id}
        ).all()
    grouped: dict[str, list[Sequence[Any]]] = {}
    for agency_name, walk_in, status, n in rows:
        grouped.setdefault(agency_name, []).append((walk_in, status, n))
    order = sorted(grouped, key=lambda name: (name == "", name.casefold()))
    return [AgencyCounts(name, _tally(grouped[name])) for name in order]


# --- evidence ------------------------------------------------------------------------------
# Scans and photos of the signed sheets, kept by services/evidence.py (content-addressed,
# never changed), with the event as their owner.


def attach_evidence(
    ctx: ServiceContext,
    event_id: str,
    file: Path | str | bytes,
    *,
    original_name: str | None = None,
    caption: str = "",
) -> AttachResult:
    """Attach a scan or photo of the signed sheet (PNG, JPEG, WebP, TIFF or PDF, by content,
    up to 50 MB). Stored once under its SHA-256 and never changed; the same file attached
    twice to an event is reported as a duplicate, not added again."""
    ctx.require(Permission.IKRAR_WRITE)
    with ctx.db.read_session() as session:
        _live_event(session, event_id)
    return evidence.attach(
        ctx,
        EVENT_TABLE,
        event_id,
        file,
        original_name=original_name,
        caption=caption,
        permission=Permission.IKRAR_WRITE,
    )


def list_evidence(ctx: ServiceContext, event_id: str) -> list[AttachmentRow]:
    """The event's evidence files, oldest first."""
    return evidence.list_for(ctx, EVENT_TABLE, event_id)


def evidence_bytes(ctx: ServiceContext, attachment_id: str) -> bytes:
    """The file as attached, checked against its SHA-256."""
    return evidence.read(ctx, attachment_id)


def evidence_thumbnail(
    ctx: ServiceContext, attachment_id: str, *, size: int = evidence.THUMBNAIL_SIZE
) -> bytes:
    """A small PNG of an image, or of a PDF's first page (safe on a background thread)."""
    return evidence.thumbnail(ctx, attachment_id, size=size)


def remove_evidence(ctx: ServiceContext, attachment_id: str) -> None:
    """Detach a file attached by mistake (a tombstone; the file itself stays, unchanged)."""
    evidence.remove(ctx, attachment_id, permission=Permission.IKRAR_WRITE)

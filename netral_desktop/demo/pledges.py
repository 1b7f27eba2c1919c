"""Demo pledge ceremonies: events around Pemilu 2024 and Pilkada 2024 with realistic
attendance, and a couple coming up (so the home screen has next ceremonies to show).

Most invitees come; some send word (izin), are ill (sakit) or away on duty (dinas luar); a
few neither come nor explain, and some were never marked at all; a handful of people not on
the list turn up. Everything comes from one seeded generator: the same scale and clock give
the same events. Written in bulk through the synced-row primitive in one transaction, like an
import.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from netral_desktop.core.clock import iso_utc
from netral_desktop.core.errors import NotFoundError
from netral_desktop.core.ids import new_ids
from netral_desktop.core.pledge import AttendanceStatus, OrganiserKind
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.core.roster import name_key
from netral_desktop.services import pledge
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store.pledges import NewInvitee, NewMark
from netral_desktop.store.synced import append_audit

SEED = 20241127  # voting day of Pilkada 2024
EVENTS = {"small": 5, "district": 40, "province": 60}
INVITEES = {"small": (20, 120), "district": (200, 2000), "province": (200, 2000)}
UPCOMING_DAYS = (6, 20)  # days from today of the ceremonies still to come
EVIDENCE_EVENTS = 2  # past events that get a "scan" of their signed sheet
SCANS_KEY = "scans"  # in the demo's audit entry: the events whose scan is owed

# When ceremonies happen: the weeks before the campaign and the vote of each election.
WINDOWS = (
    (pledge.PEMILU_2024, date(2023, 10, 16), date(2024, 2, 9)),
    (pledge.PILKADA_2024, date(2024, 8, 19), date(2024, 11, 22)),
)
PLACES = (
    "Pendopo Parasamya",
    "Lapangan Trirenggo",
    "Gedung Induk Pemerintah Kabupaten, Lantai 3",
    "Aula Bawaslu Kabupaten",
    "Balai Desa",
    "Aula Kantor",
    "Halaman Kantor",
    "Gedung Olahraga",
)
READERS = (
    ("Sekretaris Daerah", "Sekda"),
    ("Asisten Pemerintahan dan Kesejahteraan Rakyat", "Asisten I"),
    ("Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM"),
)


# A person as an invitee copies them: the fields of ``NewInvitee`` from person_id to
# unit_kerja (``AgencyPerson``'s after the agency's).
_Person = tuple[str, str, str, str | None, str, str, str]


@dataclass
class _Agency:
    id: str
    name: str
    short_name: str
    kind: str
    head_name: str
    people: list[_Person]


def _local(zone: Any, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def add_demo_pledges(ctx: ServiceContext, scale: str = "small", *, seed: int | None = None) -> int:
    """Pledge events for the demo office (skipped when there are events already, or when the
    acting user may not manage ceremonies). Returns the number of events added."""
    if ctx.actor is not None and not has_permission(ctx.actor.role, Permission.PLEDGE_WRITE):
        return 0
    with ctx.db.read_session() as session:
        if pledge_store.any_event(session):
            _attach_scans(ctx, _scans_owed(ctx))  # a run killed after the events: finish it
            return 0
        rows = pledge_store.agency_people(session)
    if not rows:
        return 0
    agencies: dict[str, _Agency] = {}
    for row in rows:
        agency = agencies.setdefault(row[0], _Agency(*row[:5], people=[]))
        agency.people.append(row[5:])
    office = current_office(ctx)
    zone = office_zone(office)
    rng = random.Random(f"{seed or SEED}-{scale}")
    plan = _plan_events(ctx, scale, list(agencies.values()), rng, zone)
    scans = _write(ctx, plan, rng)
    _attach_scans(ctx, scans)
    return len(plan)


@dataclass
class _Event:
    values: dict[str, Any]
    starts: datetime
    invited: list[tuple[_Agency, _Person]]
    past: bool
    id: str = ""


def _plan_events(
    ctx: ServiceContext,
    scale: str,
    agencies: list[_Agency],
    rng: random.Random,
    zone: Any,
) -> list[_Event]:
    count = EVENTS[scale]
    low, high = INVITEES[scale]
    office = current_office(ctx)
    region = pledge.region_words(office)
    today = ctx.clock.now().astimezone(zone).date()
    upcoming_election = _next_election(ctx)
    kecamatan = [a for a in agencies if a.kind == "kecamatan"] or agencies
    events: list[_Event] = []
    for index in range(count):
        upcoming = index >= count - len(UPCOMING_DAYS)
        if upcoming:
            day = today + timedelta(days=UPCOMING_DAYS[index - (count - len(UPCOMING_DAYS))])
            election_id = upcoming_election
        else:
            election_id, first, last = WINDOWS[index % len(WINDOWS)]
            day = first + timedelta(days=rng.randrange((last - first).days + 1))
            while day.weekday() >= 5:  # ceremonies are held on working days
                day -= timedelta(days=1)
        starts = _local(zone, day, rng.choice((7, 8, 8, 9, 13)), rng.choice((0, 0, 30)))
        roll = rng.random()
        target = rng.randint(low, high)
        organiser_agency: _Agency | None = None
        if roll < 0.45:
            kind = OrganiserKind.PEMDA
            title = rng.choice(
                (
                    f"Apel Ikrar Netralitas ASN Pemerintah {region}",
                    f"Deklarasi dan Ikrar Netralitas ASN Pemerintah {region}",
                    f"Penandatanganan Pakta Integritas dan Ikrar Netralitas ASN {region}",
                )
            )
            pool = agencies[:]
        elif roll < 0.8:
            # An agency's own ceremony: its staff only (big agencies invite some of them).
            kind = OrganiserKind.INSTANSI
            organiser_agency = rng.choice([a for a in agencies if len(a.people) >= low] or agencies)
            title = f"Ikrar Netralitas ASN {organiser_agency.name}"
            target = min(target, len(organiser_agency.people))
            pool = [organiser_agency]
        else:
            kind = OrganiserKind.BAWASLU
            title = rng.choice(
                (
                    "Sosialisasi dan Ikrar Netralitas ASN bersama Bawaslu",
                    f"Ikrar Netralitas ASN Kecamatan se-{region} bersama Bawaslu",
                )
            )
            pool = kecamatan[:] + rng.sample(agencies, min(6, len(agencies)))
        if kind != OrganiserKind.INSTANSI:
            rng.shuffle(pool)
        invited: list[tuple[_Agency, _Person]] = []
        seen: set[str] = set()
        for agency in pool:
            if len(invited) >= target:
                break
            if agency.id in seen:
                continue
            seen.add(agency.id)
            people = agency.people
            if len(invited) + len(people) > target:
                people = rng.sample(people, target - len(invited))
            invited += [(agency, person) for person in people]
        reader_title, _short = rng.choice(READERS)
        values = {
            "title": title,
            "election_id": election_id,
            "starts_at": iso_utc(starts),
            "place": rng.choice(PLACES)
            if kind != OrganiserKind.INSTANSI
            else f"Aula {organiser_agency.name if organiser_agency else ''}".strip(),
            "organiser_kind": kind.value,
            "organiser_agency_id": organiser_agency.id if organiser_agency else None,
            "organiser_name": "",
            "reader_name": organiser_agency.head_name
            if organiser_agency
            else _official(rng, agencies),
            "reader_position": _head_title(organiser_agency.name, region)
            if organiser_agency
            else f"{reader_title} {region}",
            # Whose paper it is: Bawaslu's own event is signed by its Kepala Sekretariat;
            # a Pemda's by the Sekretaris Daerah, an agency's by its head (from the roster),
            # with Bawaslu's Ketua as witness (from the office's settings).
            **_signer(kind, organiser_agency, office.name, region, agencies),
            "notes": "",
            "invited_agency_ids": json.dumps(sorted({a.id for a, _p in invited})),
        }
        values["pledge_text"] = pledge.default_pledge_text(
            ctx,
            election_id=election_id,
            organiser_kind=kind,
            organiser_agency_id=values["organiser_agency_id"],
        )
        # Attendance only for what has happened by the clock's today.
        events.append(_Event(values, starts, invited, past=starts < ctx.clock.now()))
    return events


def _head_title(agency_name: str, region: str) -> str:
    """The post of an agency's head: "Sekretaris Daerah Kabupaten Bantul" for the Setda (its
    head is the Sekretaris Daerah, not a "Kepala Sekretariat Daerah"), else "Kepala …"."""
    if agency_name.casefold() == "sekretariat daerah":
        return f"Sekretaris Daerah {region}"
    if agency_name.casefold().startswith("sekretariat dprd"):
        return f"Sekretaris DPRD {region}"
    from netral_desktop.services.pledge.events import with_region

    return f"Kepala {with_region(agency_name, region)}"


def _signer(
    kind: OrganiserKind,
    organiser: _Agency | None,
    office_name: str,
    region: str,
    agencies: list[_Agency],
) -> dict[str, str | None]:
    if kind == OrganiserKind.BAWASLU:
        return {
            "signer_name": "Dewi Anggraini, S.E.",
            "signer_position": f"Kepala Sekretariat {office_name}",
            "signer_nip": "198005172005012003",
        }
    if organiser is None:
        setda = next((a for a in agencies if a.name.casefold() == "sekretariat daerah"), None)
        return {
            "signer_name": setda.head_name if setda else "",
            "signer_position": f"Sekretaris Daerah {region}",
            "signer_nip": None,
        }
    return {  # empty: the agency's head from the roster signs
        "signer_name": "",
        "signer_position": "",
        "signer_nip": None,
    }


def _official(rng: random.Random, agencies: list[_Agency]) -> str:
    heads = [a.head_name for a in agencies if a.head_name]
    return rng.choice(heads) if heads else ""


def _next_election(ctx: ServiceContext) -> str | None:
    """Pemilu 2029, added as an office would add it (the ceremonies to come are for it)."""
    existing = [e for e in pledge.list_elections(ctx) if e.name == "Pemilu 2029"]
    if existing:
        return existing[0].id
    if ctx.actor is None:
        return None
    return pledge.create_election(
        ctx, name="Pemilu 2029", kind="pemilu", year=2029, voting_date="2029-02-14"
    ).id


def _attendance(rng: random.Random, rate: float) -> str | None:
    """A status for one invitee of a past event (None: never marked)."""
    if rng.random() < rate:
        return AttendanceStatus.HADIR.value
    roll = rng.random()
    if roll < 0.35:
        return AttendanceStatus.IZIN.value
    if roll < 0.55:
        return AttendanceStatus.SAKIT.value
    if roll < 0.8:
        return AttendanceStatus.DINAS_LUAR.value
    if roll < 0.9:
        return AttendanceStatus.TANPA_KETERANGAN.value
    return None


_REASONS = {
    "izin": ("Keperluan keluarga", "Mengantar orang tua berobat", "Cuti tahunan", ""),
    "sakit": ("Surat keterangan dokter", "Rawat inap", ""),
    "dinas_luar": ("Bimbingan teknis di provinsi", "Rapat koordinasi", "Tugas lapangan", ""),
    "tanpa_keterangan": ("",),
}


def _write(ctx: ServiceContext, plan: list[_Event], rng: random.Random) -> list[str]:
    """Events, invitees and marks in one transaction; returns the events that get a scan
    (named in the transaction's audit entry, so a later run can attach what is missing)."""
    from netral_desktop.demo.roster import demo_agencies, demo_people

    office = current_office(ctx)
    event_ids = new_ids(len(plan))
    stamp = ctx.write_stamp()
    actor = stamp.actor
    invitees: list[NewInvitee] = []
    invitee_ids: list[str] = []
    marks: list[NewMark] = []
    total_walk_ins = 0
    strangers = demo_agencies(office.code, "small", random.Random(rng.random()))
    for event_id, event in zip(event_ids, plan, strict=True):
        event.id = event_id
        ids = new_ids(len(event.invited))
        rate = rng.uniform(0.82, 0.96)
        for invitee_id, (agency, person) in zip(ids, event.invited, strict=True):
            invitees.append(NewInvitee(event_id, *person[:7], agency.id, agency.name, False))
            invitee_ids.append(invitee_id)
            status = _attendance(rng, rate) if event.past else None
            if status is not None:
                marks.append(_mark(rng, event, invitee_id, status, actor))
        if not event.past:
            continue
        walk_ins = rng.randint(0, max(1, len(event.invited) // 40))
        total_walk_ins += walk_ins
        known = {a.name: a for a, _p in event.invited}
        for stranger, invitee_id in zip(
            demo_people(strangers, walk_ins, office.code, rng), new_ids(walk_ins), strict=False
        ):
            invited_agency = known.get(stranger.agency)
            invitees.append(
                NewInvitee(
                    event_id=event_id,
                    person_id=None,
                    full_name=stranger.full_name,
                    name_key=name_key(stranger.full_name),
                    nip=(stranger.nip or stranger.ni_pppk or None) if rng.random() < 0.6 else None,
                    status="",
                    jabatan=stranger.jabatan,
                    unit_kerja=stranger.unit_kerja,
                    agency_id=invited_agency.id if invited_agency else None,
                    agency_name=stranger.agency,
                    walk_in=True,
                )
            )
            invitee_ids.append(invitee_id)
            marks.append(_mark(rng, event, invitee_id, "hadir", actor))
    past = sorted((e for e in plan if e.past), key=lambda e: len(e.invited))[:EVIDENCE_EVENTS]
    scans = [event.id for event in past]
    with ctx.db.write_session() as session:
        pledge_store.insert_events(
            session,
            events=[event.values for event in plan],
            stamp=stamp,
            ids=event_ids,
            audit=[
                {
                    "action": "create",
                    "table_name": pledge.EVENT_TABLE,
                    "record_id": event.id,
                    "new": {"title": event.values["title"], "starts_at": event.values["starts_at"]},
                    "note": "demo",
                }
                for event in plan
            ],
        )
        pledge_store.insert_invitees(session, invitees=invitees, stamp=stamp, ids=invitee_ids)
        pledge_store.insert_marks(session, marks=marks, stamp=stamp)
        append_audit(
            session,
            stamp,
            [
                {
                    "action": "import",
                    "table_name": "invitee",
                    "record_id": "demo",
                    "new": {
                        "events": len(plan),
                        "invitees": len(invitees),
                        "walk_ins": total_walk_ins,
                        "marks": len(marks),
                        SCANS_KEY: scans,
                    },
                    "note": "demo",
                }
            ],
        )
    return scans


def _scans_owed(ctx: ServiceContext) -> list[str]:
    """The events an earlier demo run planned scans for (its audit entry names them)."""
    from netral_desktop.store.audit import history

    with ctx.db.read_session() as session:
        entries = history(session, table_name="invitee", record_id="demo")
    for entry in reversed(entries):
        try:
            owed = json.loads(entry.new_values or "{}").get(SCANS_KEY)
        except (ValueError, AttributeError):
            continue
        if isinstance(owed, list):
            return [str(event_id) for event_id in owed]
    return []


def _mark(rng: random.Random, event: _Event, invitee_id: str, status: str, actor: str) -> NewMark:
    if status == AttendanceStatus.HADIR:
        when = event.starts - timedelta(minutes=rng.randint(0, 45))
        note = ""
    else:  # reasons are written in the day after, from letters and calls
        when = event.starts + timedelta(hours=rng.randint(3, 30), minutes=rng.randint(0, 59))
        note = rng.choice(_REASONS[status])
    when += timedelta(seconds=rng.randint(0, 59))
    return NewMark(event.id, invitee_id, status, note, iso_utc(when), actor)


def _attach_scans(ctx: ServiceContext, event_ids: list[str]) -> None:
    """A page image of the sheet as a "scan" of the signed paper, for a few past events;
    an event that has its scan already is skipped (a second run after a kill)."""
    import io

    from PIL import Image

    from netral_desktop.pdf.preview import render_pages
    from netral_desktop.pdf.render import DocInfo, prepare_data, render_prepared
    from netral_desktop.pdf.spec import load_spec
    from netral_desktop.services import documents
    from netral_desktop.services.pledge import documents as pledge_documents

    if ctx.layout is None or ctx.actor is None or not event_ids:
        return
    spec = load_spec(pledge_documents.FORM_SHEET)
    info = documents.office_info(ctx)
    for event_id in event_ids:
        try:
            event = pledge.get_event(ctx, event_id)
        except NotFoundError:
            continue  # deleted since: nothing owed
        name = f"pindaian_daftar_hadir_{event.starts_at:%Y%m%d}_hal1.png"
        if any(a.original_name == name for a in pledge.list_evidence(ctx, event_id)):
            continue
        values = pledge_documents.sheet_data(ctx, event_id).values
        doc = DocInfo(date=event.starts_at.date())
        pdf = render_prepared(spec, prepare_data(spec, values), info, doc).pdf
        page = next(render_pages(pdf, dpi=60, last=0))
        image = Image.frombytes("RGB", (page.width, page.height), page.data).convert("L")
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        pledge.attach_evidence(
            ctx,
            event_id,
            out.getvalue(),
            original_name=name,
            caption="Pindaian lembar daftar hadir yang telah ditandatangani (halaman 1)",
        )

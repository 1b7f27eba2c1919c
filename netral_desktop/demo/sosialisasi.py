"""Demo socialization events: about 150 (district scale) over a 2024 campaign period,
in every kapanewon/kecamatan of the office, with speakers, minutes, attendance taken from
the roster (most invitees come, a few walk in), participant counts, and generated photos.

Everything comes from one seeded generator: the same scale and clock give the same events.
Events, details, speakers, invitees and marks are written in bulk through the synced-row
primitive in one transaction; photos go through the files service (content-addressed).
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from netral_desktop.core.clock import iso_utc
from netral_desktop.core.ids import new_ids
from netral_desktop.core.pledge import OrganiserKind
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.core.sosialisasi import EVENT_KIND, Method, Organiser, local_terms, place_words
from netral_desktop.services import pledge, sosialisasi
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.store import pledges as pledge_store
from netral_desktop.store import sosialisasi as store
from netral_desktop.store.pledges import NewInvitee, NewMark
from netral_desktop.store.synced import append_audit

SEED = 20240925  # the first day of the Pilkada 2024 campaign
EVENTS = {"small": 12, "district": 150, "province": 200}
# Events with photos, and the most photos one event gets (the report's stress case: 40).
PHOTO_EVENTS = {"small": 4, "district": 30, "province": 30}
# The campaign periods (masa kampanye) of the 2024 elections; the demo fills the latest one
# already over by the clock's today.
CAMPAIGNS = (
    (pledge.PEMILU_2024, date(2023, 11, 28), date(2024, 2, 10)),
    (pledge.PILKADA_2024, date(2024, 9, 25), date(2024, 11, 23)),
)
NOT_REPORTED = 0.06  # held, but not yet marked held (the report is still being written)
UPCOMING = 3  # planned after the clock's today

# Kalurahan of Bantul's kapanewon (the region list stops at kecamatan level).
DESA = {
    "Sewon": ("Pendowoharjo", "Timbulharjo", "Bangunharjo", "Panggungharjo"),
    "Kasihan": ("Bangunjiwo", "Tamantirto", "Tirtonirmolo", "Ngestiharjo"),
    "Banguntapan": ("Banguntapan", "Baturetno", "Potorono", "Jambidan", "Singosaren"),
    "Bantul": ("Bantul", "Trirenggo", "Palbapang", "Ringinharjo", "Sabdodadi"),
    "Pleret": ("Pleret", "Wonokromo", "Bawuran", "Segoroyoso", "Wonolelo"),
    "Imogiri": ("Imogiri", "Wukirsari", "Girirejo", "Karangtalun", "Selopamioro", "Sriharjo"),
    "Dlingo": ("Dlingo", "Jatimulyo", "Mangunan", "Muntuk", "Temuwuh", "Terong"),
    "Piyungan": ("Srimartani", "Srimulyo", "Sitimulyo"),
    "Jetis": ("Sumberagung", "Trimulyo", "Canden", "Patalan"),
    "Pundong": ("Srihardono", "Panjangrejo", "Seloharjo"),
    "Kretek": ("Tirtohargo", "Parangtritis", "Donotirto", "Tirtosari", "Tirtomulyo"),
    "Sanden": ("Gadingsari", "Gadingharjo", "Srigading", "Murtigading"),
    "Srandakan": ("Poncosari", "Trimurti"),
    "Bambanglipuro": ("Sidomulyo", "Mulyodadi", "Sumbermulyo"),
    "Pandak": ("Caturharjo", "Triharjo", "Gilangharjo", "Wijirejo"),
    "Pajangan": ("Sendangsari", "Guwosari", "Triwidadi"),
    "Sedayu": ("Argodadi", "Argorejo", "Argosari", "Argomulyo"),
}
TOPICS = (
    "Netralitas ASN dalam Pilkada 2024",
    "Larangan ASN dalam kampanye dan media sosial",
    "Sanksi disiplin bagi ASN yang tidak netral",
    "Pengawasan partisipatif",
    "Netralitas kepala desa dan perangkat desa",
    "Pencegahan politik uang",
    "Tata cara pelaporan dugaan pelanggaran",
)
SPEAKERS = (
    ("Dra. Sri Mulyani, M.Si.", "Bawaslu {region}"),
    ("Agus Riyanto, S.H.", "Bawaslu {region}"),
    ("Nur Hidayati, S.Sos.", "Bawaslu {region}"),
    ("Drs. Haryanto", "BKPSDM {region}"),
    ("Fajar Nugroho, S.IP., M.A.", "Inspektorat {region}"),
    ("Dr. Wahyu Prasetyo", "Universitas Gadjah Mada"),
    ("Lestari Dewi, S.H., M.H.", "Universitas Muhammadiyah Yogyakarta"),
    ("Bambang Sutrisno", "Panwaslu {kecamatan_term} {kecamatan}"),
)
TITLES = (
    "Sosialisasi Netralitas ASN bagi {audience}",
    "Sosialisasi Pengawasan Partisipatif di {kecamatan_term} {kecamatan}",
    "Rapat Koordinasi Netralitas ASN dan Perangkat {desa_term}",
    "Sosialisasi Pencegahan Politik Uang",
    "Ngobrol Pemilihan: Netralitas ASN di Media Sosial",
)
VENUES = (
    "Balai {desa_term} {desa}",
    "Aula {kecamatan_term} {kecamatan}",
    "Pendopo {desa_term} {desa}",
)
PARTNERS = ("KIPP DIY", "JPPR Bantul", "Universitas Gadjah Mada", "Pemuda Muhammadiyah Bantul")
SEGMENTS = (
    "Camat/Panewu",
    "Lurah/Kepala Desa",
    "Perangkat Desa",
    "BPD",
    "ASN Guru",
    "Tenaga Kesehatan",
    "ASN Pemerintah Daerah",
    "Tokoh Masyarakat dan Agama",
    "Pemilih Pemula",
)


@dataclass
class _Event:
    id: str
    starts: datetime
    held: bool
    event: dict[str, Any]
    detail: dict[str, Any]
    speakers: list[dict[str, Any]]
    invited: list[tuple[Any, ...]] = field(default_factory=list)


def add_demo_sosialisasi(
    ctx: ServiceContext, scale: str = "small", *, seed: int | None = None
) -> int:
    """Socialization events for the demo office (skipped when there are some already, or
    when the acting user may not record them). Returns the number of events added."""
    if ctx.actor is None or not has_permission(ctx.actor.role, Permission.SOSIALISASI_WRITE):
        return 0
    with ctx.db.read_session() as session:
        if store.any_event(session):
            return 0
        people = pledge_store.agency_people(session)
    office = current_office(ctx)
    zone = office_zone(office)
    rng = random.Random(f"{seed or SEED}-{scale}-sosialisasi")
    segments = {row.name: row.id for row in sosialisasi.list_segments(ctx)}
    kecamatan = sosialisasi.kecamatan_choices(ctx)
    if not kecamatan:
        return 0
    plan = _plan(ctx, scale, rng, zone, kecamatan, segments)
    _write(ctx, plan, people, rng)
    _photos(ctx, plan, rng, PHOTO_EVENTS[scale])
    return len(plan)


def _plan(
    ctx: ServiceContext,
    scale: str,
    rng: random.Random,
    zone: Any,
    kecamatan: list[tuple[str, str]],
    segments: dict[str, str],
) -> list[_Event]:
    office = current_office(ctx)
    region = pledge.region_words(office)
    now = ctx.clock.now()
    today = now.astimezone(zone).date()
    count = EVENTS[scale]
    ids = new_ids(count)
    over = [c for c in CAMPAIGNS if c[2] < today]
    election_id, first, last = over[-1] if over else CAMPAIGNS[0]
    out: list[_Event] = []
    for index, event_id in enumerate(ids):
        upcoming = index >= count - UPCOMING
        if upcoming:
            day = today + timedelta(days=7 * (index - count + UPCOMING + 1))
        else:
            day = first + timedelta(days=rng.randrange((last - first).days + 1))
            if day.weekday() == 6:
                day -= timedelta(days=1)
        starts = datetime.combine(
            day, time(rng.choice((8, 9, 9, 10, 13, 19)), rng.choice((0, 30))), tzinfo=zone
        )
        code, name = (
            kecamatan[index % len(kecamatan)] if index < len(kecamatan) else rng.choice(kecamatan)
        )
        terms = local_terms(code[:5])
        desa = rng.choice(DESA.get(name) or tuple(f"{name} {n}" for n in ("Kidul", "Lor", "Wetan")))
        words = {
            "kecamatan_term": terms.kecamatan,
            "kecamatan": name,
            "desa_term": terms.desa,
            "desa": desa,
            "region": region,
        }
        audience = rng.sample(SEGMENTS, rng.choice((1, 2, 2, 3)))
        roll = rng.random()
        organiser = (
            Organiser.BAWASLU
            if roll < 0.5
            else Organiser.PANWASLU
            if roll < 0.85
            else Organiser.MITRA
        )
        partner = rng.choice(PARTNERS) if organiser == Organiser.MITRA else ""
        method = (
            Method.TATAP_MUKA if rng.random() < 0.85 else rng.choice((Method.DARING, Method.MEDIA))
        )
        title = rng.choice(TITLES).format(audience=" dan ".join(audience), **words)
        venue = (
            rng.choice(VENUES).format(**words)
            if method == Method.TATAP_MUKA
            else ("Zoom Meeting" if method == Method.DARING else "Radio Swaragama FM")
        )
        held = not upcoming and starts < now and rng.random() > NOT_REPORTED
        organiser_name = (
            partner
            if organiser == Organiser.MITRA
            else f"Panwaslu {terms.kecamatan} {name}"
            if organiser == Organiser.PANWASLU
            else office.name
        )
        speakers: list[dict[str, Any]] = [
            {
                "event_id": event_id,
                "position": position,
                "name": who,
                "institution": where.format(**words),
                "topic": rng.choice(TOPICS),
            }
            for position, (who, where) in enumerate(rng.sample(SPEAKERS, rng.choice((1, 2, 2, 3))))
        ]
        male = rng.randint(8, 70) if held else None
        female = rng.randint(8, 70) if held else None
        minutes = (
            (
                "1. Kegiatan dibuka oleh {opener}.\n\n"
                "2. Narasumber memaparkan {topic}.\n\n"
                "3. Peserta bertanya tentang batasan unggahan di media sosial dan kehadiran pada "
                "kegiatan kampanye di luar jam kerja.\n\n"
                "4. Peserta sepakat menjaga netralitas selama masa kampanye."
            ).format(opener=speakers[0]["name"].rstrip("."), topic=speakers[0]["topic"])
            if held
            else ""
        )
        event_values = {
            "title": title[:300],
            "election_id": election_id if not upcoming else None,
            "starts_at": iso_utc(starts),
            "place": ", ".join((venue, place_words(terms, name, desa))),
            "organiser_kind": OrganiserKind.BAWASLU.value,
            "organiser_agency_id": None,
            "organiser_name": organiser_name,
            "reader_name": "",
            "reader_position": "",
            "signer_name": "Dewi Anggraini, S.E.",
            "signer_position": f"Kepala Sekretariat {office.name}",
            "signer_nip": "198005172005012003",
            "pledge_text": "",
            "notes": "",
            "invited_agency_ids": "[]",
        }
        detail = {
            "event_id": event_id,
            "ends_at": iso_utc(starts + timedelta(hours=rng.choice((2, 3, 3, 4)))),
            "kecamatan_code": code,
            "kecamatan_name": name,
            "desa_code": "",
            "desa_name": desa,
            "venue": venue,
            "organiser": organiser.value,
            "partner_name": partner,
            "method": method.value,
            "audience_ids": json.dumps([segments[s] for s in audience if s in segments]),
            "participants_male": male,
            "participants_female": female,
            "participants_total": (male + female)
            if male is not None and female is not None
            else None,
            "held": held,
            "minutes": minutes,
            "follow_up": (
                f"Panwaslu {terms.kecamatan} {name} memantau kegiatan kampanye yang melibatkan ASN."
            )
            if held
            else "",
            "supervisor_name": rng.choice(("Hendra Wijaya", "Siti Rahmawati", "Yoga Pratama")),
            "supervisor_position": "Staf Divisi Pencegahan, Parmas dan Humas",
            "assignment_number": (
                f"{rng.randint(100, 400):03d}/PM.01/K.DI-02/{day.month:02d}/{day.year}"
            ),
            "stage": "Kampanye",
            "findings": "",
            "violations": "",
        }
        out.append(_Event(event_id, starts, held, event_values, detail, speakers))
    return out


def _write(ctx: ServiceContext, plan: list[_Event], people: list[Any], rng: random.Random) -> None:
    """The events, then an attendance list for held events: some of the roster invited (most
    come), a few walk-ins, and participant counts that cover those present."""
    stamp = ctx.write_stamp()
    invitees: list[NewInvitee] = []
    invitee_ids: list[str] = []
    marks: list[NewMark] = []
    for event in plan:
        if not event.held or not people or rng.random() < 0.3:
            continue
        chosen = rng.sample(people, min(len(people), rng.randint(10, 45)))
        present = 0
        for person, invitee_id in zip(chosen, new_ids(len(chosen)), strict=True):
            invitees.append(
                NewInvitee(
                    event_id=event.id,
                    person_id=person.person_id,
                    full_name=person.full_name,
                    name_key=person.name_key,
                    nip=person.nip,
                    status=person.status,
                    jabatan=person.jabatan,
                    unit_kerja=person.unit_kerja,
                    agency_id=person.agency_id,
                    agency_name=person.agency_name,
                    walk_in=False,
                )
            )
            invitee_ids.append(invitee_id)
            if rng.random() < 0.85:
                present += 1
                when = event.starts - timedelta(
                    minutes=rng.randint(0, 40), seconds=rng.randint(0, 59)
                )
                marks.append(NewMark(event.id, invitee_id, "hadir", "", iso_utc(when), stamp.actor))
        total = event.detail["participants_total"] or 0
        if total < present:
            event.detail["participants_male"] += present - total
            event.detail["participants_total"] = present + event.detail["participants_female"]
    with ctx.db.write_session() as session:
        store.insert_events(
            session,
            events=[e.event for e in plan],
            details=[e.detail for e in plan],
            speakers=[s for e in plan for s in e.speakers],
            stamp=stamp,
            ids=[e.id for e in plan],
            audit=[
                {
                    "action": "create",
                    "table_name": "pledge_event",
                    "record_id": e.id,
                    "new": {"title": e.event["title"], "kind": EVENT_KIND},
                    "note": "demo",
                }
                for e in plan
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
                    "table_name": "sosialisasi",
                    "record_id": "demo",
                    "new": {"events": len(plan), "invitees": len(invitees), "marks": len(marks)},
                    "note": "demo",
                }
            ],
        )


def demo_photo(rng: random.Random, number: int, title: str, width: int = 960) -> bytes:
    """A stand-in for a camera photo: a hall, a banner with the event's title, a speaker's
    table and rows of people, as a JPEG."""
    from PIL import Image, ImageDraw

    height = width * 3 // 4
    wall = tuple(rng.randint(170, 235) for _ in range(3))
    image = Image.new("RGB", (width, height), wall)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, height * 2 // 3, width, height), fill=(120, 90, 60))
    banner = (width // 8, height // 12, width * 7 // 8, height // 4)
    draw.rectangle(banner, fill=(150, 20, 30))
    draw.text((banner[0] + 12, banner[1] + 12), title[:70], fill=(255, 255, 255))
    draw.text((banner[0] + 12, banner[1] + 32), f"Dokumentasi {number}", fill=(255, 230, 120))
    draw.rectangle((width // 3, height // 3, width * 2 // 3, height // 2), fill=(230, 230, 230))
    for row in range(3):
        for col in range(9):
            x = col * width // 9 + rng.randint(5, 30)
            y = height * 3 // 5 + row * height // 10
            shirt = tuple(rng.randint(20, 230) for _ in range(3))
            draw.ellipse((x, y - 28, x + 26, y), fill=(190, 140, 100))
            draw.rectangle((x - 8, y, x + 34, y + 40), fill=shirt)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82)
    return out.getvalue()


CAPTIONS = (
    "Pembukaan kegiatan",
    "Paparan narasumber",
    "Sesi tanya jawab",
    "Peserta menyimak paparan",
    "Penandatanganan komitmen netralitas",
    "Foto bersama",
)


def _photos(ctx: ServiceContext, plan: list[_Event], rng: random.Random, events: int) -> None:
    """Photos for some held events: two to six each, and at district scale forty for the
    first (the activity report's heaviest case)."""
    if ctx.layout is None:
        return
    held = [e for e in plan if e.held][:events]
    for index, event in enumerate(held):
        count = 40 if index == 0 and events >= 10 else rng.randint(2, 6)
        for number in range(1, count + 1):
            sosialisasi.add_photo(
                ctx,
                event.id,
                demo_photo(rng, number, event.event["title"]),
                original_name=f"IMG_{event.starts:%Y%m%d}_{number:03d}.jpg",
                caption=f"{CAPTIONS[(number - 1) % len(CAPTIONS)]} ({number})",
            )

"""Demo violation cases: a case at every stage of the procedure, for both election types
(Pemilu: working days; Pilkada: calendar days), from reports, findings and tips; some open
past their deadline, some forwarded to the Sentra Gakkumdu, some with several reported people
ending differently, many with evidence images (social-media screenshots, photos).

Everything goes through the case services (new_case, take_step, add_hearing, evidence.attach),
the way an office would enter it; dates are counted back from the clock's today so open cases
are as fresh, or as overdue, as the plan says whatever day the demo runs.

Killed at any point, a second run finishes the job: a case is found again by its title, its
steps already in its history are skipped, an image already attached is recognised by its hash,
and a hearing already recorded is not added twice.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from netral_desktop.core import wilayah
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.services import cases, evidence
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.documents import local_today

SEED = 20240214  # Pemilu 2024 voting day
# How many times the plan is repeated (each copy with other names and places).
COPIES = {"small": 1, "district": 3, "province": 3}


@dataclass(frozen=True)
class _Person:
    name: str
    kind: str
    jabatan: str
    agency: str
    ppk: str = ""
    nip: str | None = None


@dataclass(frozen=True)
class _Step:
    day: int  # days after receipt
    code: str
    person: int | None = None  # index of the reported person (per-person steps)
    reason: str = ""
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Plan:
    title: str
    ruleset: str
    origin: str
    age: int  # days between receipt and today
    people: tuple[int, ...]  # indexes into PEOPLE
    steps: tuple[_Step, ...] = ()
    category: str = ""
    stage: str = "setelah_penetapan"
    account: str = ""
    hearing_after: str | None = None  # record a hearing once this step is taken
    screenshots: int = 0
    photos: int = 0
    known_days_before: int = 1


PEOPLE = (
    _Person(
        "Drs. Heru Prasetyo, M.Si.",
        "pns",
        "Kepala Dinas Pendidikan",
        "Dinas Pendidikan",
        "Bupati Bantul",
        "196905121994031006",
    ),
    _Person("Siti Aminah, S.Pd.", "pns", "Guru Ahli Muda", "SD Negeri 2 Sewon", "Bupati Bantul"),
    _Person("Agus Wibowo, S.T.", "pppk", "Penata Kelola Sistem", "Dinas Kominfo", "Bupati Bantul"),
    _Person("Sutrisno", "kepala_desa", "Lurah (kepala desa)", "Kalurahan Timbulharjo"),
    _Person("Wahyuni Lestari", "perangkat_desa", "Carik", "Kalurahan Panggungharjo"),
    _Person(
        "Rudi Hartanto, S.Sos.",
        "pns",
        "Camat",
        "Kapanewon Kasihan",
        "Bupati Bantul",
        "197803152006041012",
    ),
    _Person("Dian Puspitasari", "non_asn", "Tenaga Administrasi", "RSUD Panembahan Senopati"),
    _Person("Bripka Joko Santoso", "tni_polri", "Bhabinkamtibmas", "Polsek Pleret"),
    _Person(
        "dr. Ratna Kusumawati", "pns", "Kepala Puskesmas", "Puskesmas Imogiri I", "Bupati Bantul"
    ),
    _Person("Bambang Irawan, S.E.", "pns", "Sekretaris Dinas", "BPKAD", "Bupati Bantul"),
)

_KAJIAN = (_Step(1, "kajian_awal"), _Step(2, "registrasi"))
_TO_KAJIAN = (*_KAJIAN, _Step(3, "klarifikasi"), _Step(5, "kajian"))
_PILKADA_TO_KAJIAN = (
    _Step(0, "kajian_awal"),
    _Step(1, "registrasi"),
    _Step(1, "klarifikasi"),
    _Step(2, "kajian"),
)
_SANCTION = {
    "sanction": "pernyataan secara terbuka",
    "sanction_number": "800/1432/BKPSDM/2024",
}

PLANS: tuple[_Plan, ...] = (
    _Plan(
        "Kepala dinas mengunggah dukungan kepada bakal calon di media sosial",
        "pemilu",
        "laporan",
        0,
        (0,),
        category="KE-04",
        stage="sebelum_penetapan",
        screenshots=2,
    ),
    _Plan(
        "Guru membagikan stiker pasangan calon kepada wali murid",
        "pilkada",
        "laporan",
        6,
        (1,),
        category="DS-08",
        screenshots=1,
        photos=1,
    ),
    _Plan(
        "PPPK Dinas Kominfo menyukai dan membagikan unggahan akun pemenangan calon",
        "pemilu",
        "laporan",
        2,
        (2,),
        (_Step(1, "kajian_awal"),),
        category="DS-06",
        screenshots=3,
    ),
    _Plan(
        "Lurah hadir dan berpidato dalam deklarasi pasangan calon",
        "pilkada",
        "laporan",
        3,
        (3,),
        (
            _Step(1, "kajian_awal"),
            _Step(2, "minta_perbaikan", reason="Waktu dan tempat kejadian belum diuraikan."),
        ),
        category="DS-13",
        photos=2,
    ),
    _Plan(
        "Camat mengumpulkan kepala dusun untuk mendukung calon anggota DPRD",
        "pemilu",
        "laporan",
        4,
        (5,),
        _KAJIAN,
        category="DS-08",
        photos=1,
    ),
    _Plan(
        "Temuan: ASN memasang baliho calon bupati di halaman kantor",
        "pilkada",
        "temuan",
        9,
        (9,),
        (_Step(1, "registrasi_temuan"),),
        category="DS-01",
        photos=3,
    ),
    _Plan(
        "Laporan tentang tenaga honorer yang berkampanye, disampaikan terlambat",
        "pemilu",
        "laporan",
        30,
        (6,),
        (
            _Step(1, "kajian_awal"),
            _Step(
                2,
                "tidak_registrasi",
                reason="Laporan disampaikan melewati 7 hari kerja sejak diketahui.",
            ),
        ),
        known_days_before=20,
    ),
    _Plan(
        "Perangkat desa mengajak warga memilih pasangan calon saat pengajian",
        "pilkada",
        "laporan",
        20,
        (4,),
        (_Step(1, "cabut", reason="Pelapor mencabut laporan dengan surat bermeterai."),),
        category="DS-13",
    ),
    _Plan(
        "Kepala puskesmas di kabupaten tetangga mengunggah foto bersama calon",
        "pemilu",
        "laporan",
        25,
        (8,),
        (
            _Step(1, "kajian_awal"),
            _Step(2, "limpahkan", reason="Tempat kejadian di luar wilayah Kabupaten Bantul."),
        ),
        category="DS-07",
        screenshots=1,
    ),
    _Plan(
        "Sekretaris dinas hadir dalam rapat tim kampanye calon legislatif",
        "pemilu",
        "laporan",
        5,
        (9,),
        (*_KAJIAN, _Step(3, "klarifikasi")),
        category="DS-04",
        hearing_after="klarifikasi",
        photos=2,
    ),
    _Plan(
        "Kepala dinas memakai mobil dinas untuk kegiatan kampanye calon bupati",
        "pilkada",
        "laporan",
        3,
        (0,),
        _PILKADA_TO_KAJIAN,
        category="DN-04",
        hearing_after="klarifikasi",
        photos=2,
    ),
    _Plan(
        "Dua ASN berfoto dengan simbol jari pasangan calon presiden",
        "pemilu",
        "laporan",
        12,
        (1, 2),
        (
            *_TO_KAJIAN,
            _Step(7, "pleno_terbukti", 0),
            _Step(7, "pleno_tidak_terbukti", 1, reason="Foto diambil sebelum masa kampanye."),
        ),
        category="DS-07",
        hearing_after="klarifikasi",
        screenshots=2,
    ),
    _Plan(
        "Camat memberi sambutan mendukung calon anggota DPD",
        "pemilu",
        "laporan",
        20,
        (5,),
        (
            *_TO_KAJIAN,
            _Step(7, "pleno_terbukti", 0),
            _Step(8, "teruskan_rekomendasi", 0),
        ),
        category="DS-04",
        screenshots=1,
        photos=1,
    ),
    _Plan(
        "Lurah membagikan uang kepada warga agar memilih pasangan calon",
        "pilkada",
        "laporan",
        10,
        (3,),
        (*_PILKADA_TO_KAJIAN, _Step(3, "pleno_pidana", 0), _Step(3, "teruskan_gakkumdu", 0)),
        category="DS-13",
        photos=3,
    ),
    _Plan(
        "ASN mengerahkan pegawai lain menghadiri kampanye calon presiden",
        "pemilu",
        "temuan",
        40,
        (9,),
        (
            _Step(1, "registrasi_temuan"),
            _Step(3, "klarifikasi"),
            _Step(5, "kajian"),
            _Step(7, "pleno_pidana", 0),
            _Step(8, "teruskan_gakkumdu", 0),
            _Step(
                30,
                "hasil_gakkumdu",
                0,
                reason="Sentra Gakkumdu: tidak cukup bukti tindak pidana; dihentikan.",
            ),
        ),
        category="DN-03",
        photos=2,
    ),
    _Plan(
        "Kepala desa memasang spanduk dukungan calon bupati di balai desa",
        "pilkada",
        "laporan",
        50,
        (3,),
        (
            *_PILKADA_TO_KAJIAN,
            _Step(3, "pleno_peraturan_lain", 0),
            _Step(4, "teruskan_rekomendasi", 0, values={"recipient": "Bupati Bantul"}),
            _Step(
                40,
                "tindak_lanjut",
                0,
                values={
                    "sanction": "teguran tertulis",
                    "sanction_number": "141/0871/2024",
                },
            ),
        ),
        photos=2,
    ),
    _Plan(
        "Guru mengajak murid kelas 6 mengenakan kaus calon legislatif",
        "pemilu",
        "laporan",
        90,
        (1,),
        (
            *_TO_KAJIAN,
            _Step(7, "pleno_terbukti", 0),
            _Step(8, "teruskan_rekomendasi", 0),
            _Step(
                75,
                "tidak_tindak_lanjut",
                0,
                reason="PPK tidak menjatuhkan sanksi dalam 60 hari setelah rekomendasi.",
            ),
        ),
        category="KE-06",
        stage="sebelum_penetapan",
        photos=1,
    ),
    _Plan(
        "PPPK mengirim pesan berantai ajakan memilih calon presiden",
        "pemilu",
        "laporan",
        8,
        (2,),
        (
            *_TO_KAJIAN,
            _Step(6, "pleno_terbukti", 0),
            _Step(6, "teruskan_rekomendasi", 0),
            _Step(7, "koreksi", 0, reason="Terlapor meminta koreksi: bukan akun miliknya."),
        ),
        category="DS-06",
        screenshots=2,
    ),
    _Plan(
        "Tenaga administrasi RSUD hadir di posko pemenangan",
        "pilkada",
        "laporan",
        60,
        (6,),
        (
            *_PILKADA_TO_KAJIAN,
            _Step(
                3, "pleno_tidak_terbukti", 0, reason="Kehadiran di luar jam kerja, tanpa atribut."
            ),
            _Step(10, "arsipkan"),
        ),
        photos=1,
    ),
    _Plan(
        "Informasi awal: pesan grup WhatsApp dinas berisi ajakan memilih",
        "pemilu",
        "informasi_awal",
        3,
        (0,),
        category="DS-08",
        screenshots=1,
    ),
    _Plan(
        "Bhabinkamtibmas memakai seragam saat deklarasi relawan calon",
        "pilkada",
        "laporan",
        15,
        (7,),
        (
            _Step(1, "kajian_awal"),
            _Step(
                2,
                "teruskan_tanpa_registrasi",
                reason="Pelanggaran peraturan lain: diteruskan ke kesatuannya.",
            ),
        ),
        photos=1,
    ),
    _Plan(
        "Camat menerbitkan surat edaran yang menguntungkan calon tertentu",
        "pemilu",
        "laporan",
        14,
        (5,),
        (
            *_TO_KAJIAN,
            _Step(7, "pleno_administratif", 0),
            _Step(8, "teruskan_administratif", 0),
        ),
        category="DN-05",
        screenshots=1,
    ),
    _Plan(
        "Kepala dinas hadir dalam kampanye calon DPR memakai atribut partai",
        "pemilu",
        "laporan",
        80,
        (0,),
        (*_TO_KAJIAN, _Step(7, "pleno_terbukti", 0), _Step(8, "teruskan_rekomendasi", 0)),
        category="DN-02",
        photos=2,
    ),
    _Plan(
        "Kepala dinas dan lurah dalam acara penggalangan dukungan calon bupati",
        "pilkada",
        "laporan",
        11,
        (0, 3),
        (
            *_PILKADA_TO_KAJIAN,
            _Step(3, "pleno_terbukti", 0),
            _Step(3, "pleno_pidana", 1),
            _Step(4, "teruskan_rekomendasi", 0),
            _Step(4, "teruskan_gakkumdu", 1),
        ),
        category="DS-08",
        photos=3,
        screenshots=1,
    ),
    _Plan(
        "Kepala puskesmas menyampaikan ajakan memilih saat penyuluhan",
        "pemilu",
        "laporan",
        9,
        (8,),
        (*_TO_KAJIAN,),
        category="DS-08",
        hearing_after="klarifikasi",
    ),
)


def add_demo_cases(ctx: ServiceContext, scale: str) -> int:
    """Add the demo cases (skipping those already there); returns how many cases exist."""
    if ctx.actor is None or not (
        has_permission(ctx.actor.role, Permission.CASE_LOG)
        and has_permission(ctx.actor.role, Permission.CASE_DECIDE)
    ):
        return 0
    today = local_today(ctx)
    existing = {row.title: row.id for row in cases.list_cases(ctx, cases.CaseFilter(), 0, 100_000)}
    office_code = current_office(ctx).code
    places = wilayah.kecamatan_of(office_code)
    rng = random.Random(SEED)
    made = 0
    for copy in range(COPIES.get(scale, 1)):
        for index, plan in enumerate(PLANS):
            title = plan.title if copy == 0 else f"{plan.title} ({copy + 1})"
            place = places[(index * 7 + copy * 3) % len(places)] if places else None
            _build(ctx, plan, title, existing.get(title), today, place, rng)
            made += 1
    return made


def _received(plan: _Plan, today: date) -> date:
    last = max((s.day for s in plan.steps), default=0)
    return today - timedelta(days=max(plan.age, last))


def _build(
    ctx: ServiceContext,
    plan: _Plan,
    title: str,
    case_id: str | None,
    today: date,
    place: wilayah.Region | None,
    rng: random.Random,
) -> None:
    received = _received(plan, today)
    known = received - timedelta(days=plan.known_days_before)
    if case_id is None:
        kecamatan = place.name.split(" ", 1)[-1] if place is not None else ""
        case_id = cases.new_case(
            ctx,
            cases.CaseFields(
                origin=plan.origin,
                title=title,
                ruleset=plan.ruleset,
                account=plan.account or _account(plan, title, known, kecamatan),
                event_date=known - timedelta(days=1),
                known_date=known,
                received_date=received,
                kecamatan_code=place.code if place is not None else "",
                desa_name=_desa(kecamatan, rng),
                category_code=plan.category,
                stage=plan.stage,
                late_reason=(
                    "Pelapor baru mengetahui bahwa kejadian itu dapat dilaporkan."
                    if plan.known_days_before > 7
                    else ""
                ),
                subjects=tuple(_subject(PEOPLE[i]) for i in plan.people),
                parties=_parties(plan, rng),
            ),
        )
    view = cases.case_view(ctx, case_id)
    subject_ids = [s.id for s in view.subjects]
    done = sum(1 for entry in view.timeline if entry.kind == "step") - 1  # minus the opening
    hearings = len(view.hearings)
    _evidence(ctx, case_id, plan, title, received, rng)
    for number, step in enumerate(plan.steps):
        if number < done:
            continue
        values = dict(step.values)
        if step.code == "tindak_lanjut" and "sanction_date" not in values:
            values["sanction_date"] = received + timedelta(days=step.day - 3)
        cases.take_step(
            ctx,
            case_id,
            step.code,
            reason=step.reason,
            at=received + timedelta(days=step.day),
            subject_id=subject_ids[step.person] if step.person is not None else None,
            values=values,
        )
        if plan.hearing_after == step.code and hearings == 0:
            _hearing(ctx, case_id, subject_ids[0], received + timedelta(days=step.day), today)
            hearings = 1


def _subject(person: _Person) -> cases.SubjectFields:
    return cases.SubjectFields(
        full_name=person.name,
        nip=person.nip,
        kind=person.kind,
        jabatan=person.jabatan,
        agency_name=person.agency,
        ppk_name=person.ppk,
        ppk_title=person.ppk,
    )


REPORTERS = (
    ("Suryaningsih Widyastuti", "3402084512800003", "Wiraswasta", "P"),
    ("Andreas Budi Santoso", "3402011204850002", "Pemantau pemilu", "L"),
    ("Nur Khasanah", "3402066607910001", "Ibu rumah tangga", "P"),
    ("Yohanes Setiawan", "3402140302780004", "Petani", "L"),
    ("Fitri Handayani", "3402125509950002", "Mahasiswa", "P"),
)
WITNESSES = (
    ("Bambang Hartono Sastro", "3402081703750002"),
    ("Sri Rahayu", "3402094811820003"),
    ("Tri Wahyudi", "3402100106880001"),
)


def _parties(plan: _Plan, rng: random.Random) -> tuple[cases.PartyFields, ...]:
    if plan.origin != "laporan":
        return ()
    name, nik, job, gender = rng.choice(REPORTERS)
    reporter = cases.PartyFields(
        role="pelapor",
        name=name,
        nik=nik,
        address="Jl. Parangtritis Km 5, Sewon, Bantul",
        phone=f"0812-27{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
        occupation=job,
        birth_place="Bantul",
        gender=gender,
        standing="pemantau" if "Pemantau" in job else "pemilih",
    )
    witness_name, witness_nik = rng.choice(WITNESSES)
    return (reporter, cases.PartyFields(role="saksi", name=witness_name, nik=witness_nik))


def _desa(kecamatan: str, rng: random.Random) -> str:
    from netral_desktop.demo.sosialisasi import DESA

    names = DESA.get(kecamatan)
    return rng.choice(names) if names else ""


def _account(plan: _Plan, title: str, known: date, kecamatan: str) -> str:
    where = f" di wilayah {kecamatan}" if kecamatan else ""
    return (
        f"{title}. Kejadian diketahui pada {known:%d-%m-%Y}{where}; bukti berupa tangkapan layar "
        "dan foto dilampirkan oleh pelapor/pengawas. Terlapor adalah "
        + ", ".join(PEOPLE[i].name for i in plan.people).rstrip(".")
        + "."
    )


def _hearing(ctx: ServiceContext, case_id: str, subject_id: str, day: date, today: date) -> None:
    at = datetime.combine(min(day + timedelta(days=1), today), time(9, 0))
    hearing_id = cases.add_hearing(
        ctx,
        case_id,
        cases.HearingFields(
            scheduled_at=at,
            subject_id=subject_id,
            place="Ruang Sentra Gakkumdu, Kantor Bawaslu",
            invitation_date=day,
        ),
    )
    if at.date() < today:
        cases.update_hearing(
            ctx,
            case_id,
            hearing_id,
            cases.HearingChanges(
                attendance="hadir",
                oath=True,
                statement=(
                    "Terlapor membenarkan hadir pada kegiatan tersebut dan menyatakan tidak "
                    "mengetahui larangan bagi ASN."
                ),
            ),
        )


def _evidence(
    ctx: ServiceContext,
    case_id: str,
    plan: _Plan,
    title: str,
    received: date,
    rng: random.Random,
) -> None:
    if ctx.layout is None:
        return
    from netral_desktop.demo.sosialisasi import demo_photo

    for number in range(1, plan.screenshots + 1):
        evidence.attach(
            ctx,
            "case_file",
            case_id,
            demo_screenshot(rng, number, title),
            original_name=f"Screenshot_{received:%Y%m%d}-{number:02d}.png",
            caption=f"Tangkapan layar unggahan ({number})",
            permission=Permission.CASE_LOG,
        )
    for number in range(1, plan.photos + 1):
        evidence.attach(
            ctx,
            "case_file",
            case_id,
            demo_photo(rng, number, title, width=800),
            original_name=f"IMG_{received:%Y%m%d}_{number:03d}.jpg",
            caption=f"Foto kejadian ({number})",
            permission=Permission.CASE_LOG,
        )


def demo_screenshot(rng: random.Random, number: int, title: str, width: int = 540) -> bytes:
    """A stand-in for a phone screenshot of a social-media post: header, a photo with a
    campaign banner, likes and comments, as a PNG."""
    from PIL import Image, ImageDraw

    height = width * 2
    image = Image.new("RGB", (width, height), (245, 246, 248))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, 60), fill=(59, 89, 152))
    draw.text((16, 22), "media sosial", fill=(255, 255, 255))
    draw.ellipse((16, 80, 64, 128), fill=tuple(rng.randint(60, 200) for _ in range(3)))
    draw.text((76, 88), f"Akun terlapor {number}", fill=(20, 20, 20))
    draw.text((76, 106), "2 jam yang lalu", fill=(120, 120, 120))
    words = title.split()
    lines = [" ".join(words[i : i + 7]) for i in range(0, len(words), 7)]
    for row, line in enumerate(lines[:4]):
        draw.text((16, 150 + row * 18), line, fill=(30, 30, 30))
    top = 240
    draw.rectangle(
        (0, top, width, top + width), fill=tuple(rng.randint(120, 220) for _ in range(3))
    )
    draw.rectangle((40, top + 40, width - 40, top + 130), fill=(200, 30, 40))
    draw.text((56, top + 70), "AYO PILIH NOMOR " + str(rng.randint(1, 5)), fill=(255, 255, 255))
    for person in range(4):
        x = 60 + person * (width - 120) // 4
        draw.ellipse((x, top + 200, x + 60, top + 260), fill=(190, 140, 100))
        draw.rectangle((x - 10, top + 260, x + 70, top + 380), fill=(255, 255, 255))
    bottom = top + width + 20
    draw.text(
        (16, bottom),
        f"{rng.randint(20, 900)} suka   {rng.randint(2, 80)} komentar",
        fill=(90, 90, 90),
    )
    for row in range(3):
        draw.rounded_rectangle(
            (16, bottom + 40 + row * 70, width - 16, bottom + 95 + row * 70),
            radius=12,
            fill=(228, 230, 235),
        )
        draw.text((28, bottom + 52 + row * 70), "Mantap, lanjutkan!", fill=(40, 40, 40))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()

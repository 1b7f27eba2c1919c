"""Synthetic but realistic roster data: agencies of a kabupaten and their civil servants.

Names from the main naming traditions (Javanese, Sundanese, Batak, Minang, Bugis, Malay,
Balinese; Muslim and Christian given names) with academic and religious titles as people
write them; NIPs consistent with birth date, appointment at 18 or older and sex; NIKs in the
office's own kecamatan; ranks that follow education and years of service. Everything comes
from one seeded generator, so the same scale gives the same data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from netral_desktop.core import wilayah
from netral_desktop.core.roster import GOLONGAN_PNS, AgencyKind, PersonStatus
from netral_desktop.demo import SCALES
from netral_desktop.services.context import ServiceContext

SEED = 20240214  # voting day of Pemilu 2024
PEOPLE = {"small": 300, "district": 20_000, "province": 100_000}
TODAY = date(2024, 5, 14)

# fmt: off
_JAVA_FIRST_M = (
    "Budi", "Agus", "Bambang", "Slamet", "Joko", "Heru", "Wahyu", "Teguh", "Eko", "Dwi", "Tri",
    "Bayu", "Sugeng", "Ari", "Bagus", "Galih", "Anang", "Hendro", "Sigit", "Sapto", "Widi",
    "Danang", "Yudi", "Hari", "Rudi", "Didik", "Edi", "Suryo", "Nanang", "Totok", "Dedi",
    "Andri", "Imam", "Aris", "Bowo", "Yoga", "Wawan", "Kukuh", "Prasetyo", "Adi",
)
_JAVA_LAST_M = (
    "Santoso", "Setiawan", "Sutrisno", "Riyadi", "Susilo", "Prasetyo", "Nugroho", "Wibowo",
    "Purnomo", "Haryanto", "Widodo", "Kurniawan", "Hartono", "Wibisono", "Pamungkas", "Prakoso",
    "Nurcahyo", "Sasongko", "Purwanto", "Raharjo", "Atmoko", "Kuncoro", "Saputro", "Wicaksono",
    "Cahyono", "Subagyo", "Sulistyo", "Triyono", "Mulyono", "Suprapto", "Sudarsono", "Harjono",
    "Yulianto", "Supriyadi", "Handoko", "Utomo",
)
_JAVA_ONE_M = ("Sumarno", "Suparman", "Sutarjo", "Supriyadi", "Sukardi", "Paiman", "Tukiran")
_JAVA_FIRST_F = (
    "Sri", "Endang", "Dwi", "Tri", "Rini", "Puji", "Yuni", "Ratna", "Retno", "Indah", "Dewi",
    "Ayu", "Nur", "Tutik", "Erna", "Anik", "Lilik", "Wiwik", "Siti", "Sulis", "Eni", "Yuli",
    "Heni", "Nanik", "Umi", "Titik", "Rina", "Dyah", "Endah", "Fitri", "Novi", "Ika", "Ani",
)
_JAVA_LAST_F = (
    "Wahyuni", "Sulastri", "Rahayu", "Handayani", "Lestari", "Astuti", "Kartika", "Kusumawati",
    "Wulandari", "Setyaningsih", "Purwaningsih", "Anggraini", "Fitriani", "Hidayati", "Mulyani",
    "Rahmawati", "Suprihatin", "Sumarni", "Rochmah", "Kurniasih", "Widyastuti", "Utami",
    "Susanti", "Maryani", "Suryani", "Pratiwi", "Sari", "Nurhayati", "Winarsih", "Ningsih",
    "Yuliana", "Rahmadani",
)
_JAVA_ONE_F = ("Suryani", "Winarsih", "Sulistyowati", "Kurniasih", "Sukarti", "Painem")
_SUNDA_M = ("Asep Sunarya", "Ujang Suherman", "Dadang Hidayat", "Cecep Permana", "Yayan Kusnadi")
_SUNDA_F = ("Euis Komariah", "Neneng Hasanah", "Ai Rohayati", "Enung Nurhayati", "Iis Sopiah")
_BATAK_GIVEN_M = ("Tumpal", "Togar", "Parlindungan", "Hotman", "Maruli", "Martua", "Lamhot")
_BATAK_GIVEN_F = ("Rotua", "Tiurma", "Roslina", "Sondang", "Dameria", "Lasma")
_MARGA = (
    "Siregar", "Nasution", "Harahap", "Simanjuntak", "Sitompul", "Pardede", "Hutagalung",
    "Situmorang", "Sinaga", "Lubis", "Panjaitan", "Manurung", "Tambunan", "Sihombing",
)
_MINANG_M = ("Yusrizal", "Afrizal", "Zulkifli", "Hendri Syafrudin", "Syafrizal", "Erwin")
_MINANG_F = ("Yenni Marlina", "Elfi Yusnita", "Desi Ratnasari", "Rahmi Fitri", "Nofrianti")
_BUGIS_M = ("Andi Muhammad Yusuf", "Muh. Hasanuddin", "Syamsuddin Baso", "Ambo Upe",
            "Muh. Arif Daeng Ngalle")
_BUGIS_F = ("Andi Nurhayati", "Sitti Rahmawati", "Andi Besse Tenri", "Hasnawati")
_MALAY_M = ("Zainal Abidin", "Azhar Syahrial", "Tengku Rizal", "Wan Nurul Huda")
_MALAY_F = ("Fauziah", "Zubaidah", "Rosmawati", "Syarifah Rohani")
_BALI_M = ("I Gede Suardana", "I Made Sudarma", "I Nyoman Wirawan", "I Ketut Suarjana")
_BALI_F = ("Ni Made Ariani", "Ni Luh Sukerti", "Ni Nyoman Sri Astuti", "Ni Ketut Suartini")
_MUSLIM_M = (
    "Muhammad", "Ahmad", "Abdul Rahman", "Rahmat", "Syaiful", "Hasan", "Yusuf", "Ibrahim",
    "Ismail", "Rizky", "Fajar", "Arif", "Imam", "Lukman Hakim", "Ilham", "Fauzi",
)
_MUSLIM_F = ("Siti", "Nurul", "Fatimah", "Aisyah", "Khadijah", "Zainab", "Nur", "Laila")
_CHRISTIAN_M = (
    "Yohanes", "Paulus", "Petrus", "Stefanus", "Antonius", "Fransiskus", "Yakobus", "Markus",
    "Lukas", "Daniel", "Samuel", "Yosef",
)
_CHRISTIAN_F = (
    "Maria", "Theresia", "Agustina", "Yosefina", "Elisabeth", "Kristina", "Debora", "Ester",
    "Magdalena", "Bernadeta", "Veronika",
)
_SURNAMES = (
    "Santoso", "Wibowo", "Prasetyo", "Nugroho", "Setiawan", "Kurniawan", "Hartono", "Susanto",
    "Hidayat", "Saputra", "Pratama", "Wijaya", "Gunawan", "Firmansyah", "Ramadhan", "Utomo",
)
_SURNAMES_F = (
    "Handayani", "Lestari", "Rahmawati", "Permatasari", "Puspitasari", "Wulandari", "Susanti",
    "Kusumawati", "Safitri", "Anggraeni",
)

# Degrees by field: (bachelor-level, master-level).
_DEGREES = {
    "guru": (("S.Pd.", "S.Pd.SD", "S.Pd.I.", "S.Ag.", "S.Si."), ("M.Pd.", "M.Pd.I.")),
    "kesehatan": (("S.Kep., Ns.", "S.K.M.", "S.Farm., Apt.", "S.Tr.Keb."), ("M.Kes.", "M.Kep.")),
    "umum": (
        ("S.E.", "S.H.", "S.Sos.", "S.IP.", "S.Kom.", "S.T.", "S.AP.", "S.Psi."),
        ("M.Si.", "M.M.", "M.H.", "M.A.P.", "M.Eng.", "M.Ec.Dev."),
    ),
}
_DIPLOMA = {"guru": "A.Md.", "kesehatan": "A.Md.Kep.", "umum": "A.Md."}

_DINAS = (
    ("Dinas Pendidikan, Pemuda dan Olahraga", "Disdikpora"),
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pekerjaan Umum, Perumahan dan Kawasan Permukiman", "DPUPKP"),
    ("Dinas Sosial", "Dinsos"),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil"),
    ("Dinas Perhubungan", "Dishub"),
    ("Dinas Lingkungan Hidup", "DLH"),
    ("Dinas Pertanian, Pangan, Kelautan dan Perikanan", "DPPKP"),
    ("Dinas Koperasi, Usaha Kecil dan Menengah, Perindustrian dan Perdagangan", "DKUKMPP"),
    ("Dinas Pariwisata", "Dispar"),
    ("Dinas Kebudayaan", "Disbud"),
    ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP"),
    ("Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans"),
    ("Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A"),
    ("Dinas Perpustakaan dan Kearsipan", "Dinpusip"),
    ("Dinas Pertanahan dan Tata Ruang", "Dispertaru"),
    ("Dinas Pemberdayaan Masyarakat dan Kalurahan", "DPMK"),
    ("Dinas Pengendalian Penduduk dan Keluarga Berencana", "DPPKB"),
)
_BADAN = (
    ("Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM"),
    ("Badan Keuangan dan Aset Daerah", "BKAD"),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("Badan Kesatuan Bangsa dan Politik", "Kesbangpol"),
    ("Badan Pendapatan Daerah", "Bapenda"),
)
_OTHER = (
    ("Sekretariat Daerah", "Setda", AgencyKind.SEKRETARIAT),
    ("Sekretariat DPRD", "Setwan", AgencyKind.SEKRETARIAT),
    ("Inspektorat Daerah", "Inspektorat", AgencyKind.INSPEKTORAT),
    ("Satuan Polisi Pamong Praja", "Satpol PP", AgencyKind.SATPOL),
)

_JABATAN = {
    AgencyKind.SEKOLAH: (
        "Guru Ahli Pertama", "Guru Ahli Muda", "Guru Ahli Madya", "Guru Kelas",
        "Guru Mata Pelajaran", "Pengelola Layanan Operasional",
    ),
    AgencyKind.PUSKESMAS: (
        "Perawat Terampil", "Perawat Ahli Pertama", "Bidan Terampil", "Bidan Ahli Pertama",
        "Dokter Ahli Pertama", "Apoteker Ahli Pertama", "Sanitarian Terampil",
        "Nutrisionis Terampil", "Pranata Laboratorium Kesehatan Terampil",
    ),
    AgencyKind.RSUD: (
        "Perawat Ahli Muda", "Perawat Terampil", "Dokter Spesialis Ahli Muda", "Bidan Ahli Muda",
        "Radiografer Terampil", "Pranata Laboratorium Kesehatan Ahli Pertama", "Fisioterapis",
    ),
    AgencyKind.KECAMATAN: (
        "Sekretaris Kecamatan", "Kepala Seksi Pemerintahan", "Kepala Seksi Ketenteraman dan "
        "Ketertiban", "Penata Kelola Pemerintahan", "Pengadministrasi Perkantoran",
        "Analis Kebijakan Ahli Pertama", "Pengelola Layanan Operasional",
    ),
    AgencyKind.LAINNYA: (
        "Analis Kepegawaian Ahli Muda", "Pranata Komputer Ahli Pertama", "Pengelola Keuangan",
        "Arsiparis Terampil", "Pengadministrasi Perkantoran", "Analis Kebijakan Ahli Muda",
        "Perencana Ahli Pertama", "Auditor Ahli Muda", "Penata Kelola Sistem dan Teknologi "
        "Informasi", "Kepala Subbagian Umum dan Kepegawaian", "Kepala Bidang Program",
        "Penyuluh Pertanian Ahli Pertama", "Pekerja Sosial Ahli Pertama",
    ),
}
_NON_ASN_JOBS = (
    "Tenaga Harian Lepas", "Pramu Kantor", "Pengemudi", "Tenaga Kebersihan", "Operator Komputer",
    "Petugas Keamanan", "Guru Honorer", "Tenaga Administrasi",
)
_UNITS = ("Sekretariat", "Bidang Program", "Bidang Pelayanan", "Bidang Pembinaan", "UPT")
# fmt: on


@dataclass(frozen=True)
class DemoAgency:
    name: str
    short_name: str
    kind: AgencyKind
    weight: float  # share of the people
    head_title: str


@dataclass
class DemoPerson:
    full_name: str
    status: str
    nip: str
    ni_pppk: str
    nik: str
    sex: str
    jabatan: str
    pangkat_golongan: str
    unit_kerja: str
    agency: str
    phone: str


def demo_agencies(office_code: str, scale: str, rng: random.Random) -> list[DemoAgency]:
    """About 12 agencies for the small demo, ~60 for a district, ~180 at province scale."""
    region = wilayah.region(office_code)
    place = region.name.replace("Kabupaten ", "").replace("Kota ", "") if region else "Bantul"
    kecamatan = [k.name for k in wilayah.kecamatan_of(office_code)] or ["Kota"]
    agencies = [DemoAgency(n, s, k, 1.0, f"Kepala {n}") for n, s, k in _OTHER]
    agencies += [DemoAgency(n, s, AgencyKind.DINAS, 1.5, "Kepala Dinas") for n, s in _DINAS]
    agencies += [DemoAgency(n, s, AgencyKind.BADAN, 1.2, "Kepala Badan") for n, s in _BADAN]
    agencies.append(DemoAgency(f"RSUD {place}", "RSUD", AgencyKind.RSUD, 6.0, "Direktur"))
    agencies += [
        DemoAgency(f"Kecamatan {k}", "", AgencyKind.KECAMATAN, 0.8, "Camat") for k in kecamatan
    ]
    # Teachers are about half of a kabupaten's civil servants: the education office holds
    # most of them (by school, in unit kerja); some schools report as agencies of their own.
    education = agencies[len(_OTHER)]
    agencies[len(_OTHER)] = DemoAgency(
        education.name, education.short_name, education.kind, 30.0, education.head_title
    )
    agencies[len(_OTHER) + 1] = DemoAgency(
        _DINAS[1][0], _DINAS[1][1], AgencyKind.DINAS, 4.0, "Kepala Dinas"
    )
    extra = {"small": 0, "district": 60 - len(agencies), "province": 180 - len(agencies)}[scale]
    for i in range(max(0, extra)):
        kec = kecamatan[i % len(kecamatan)]
        if i % 3 == 2:
            agencies.append(
                DemoAgency(
                    f"Puskesmas {kec} {'I' * (1 + i // 3 // len(kecamatan))}",
                    "",
                    AgencyKind.PUSKESMAS,
                    1.5,
                    "Kepala Puskesmas",
                )
            )
        else:
            level = "SD Negeri" if i % 3 == 0 else "SMP Negeri"
            agencies.append(
                DemoAgency(
                    f"{level} {1 + i // (3 * len(kecamatan))} {kec}",
                    "",
                    AgencyKind.SEKOLAH,
                    0.6,
                    "Kepala Sekolah",
                )
            )
    if scale == "small":
        keep = agencies[:4] + agencies[len(_OTHER) : len(_OTHER) + 3]
        keep += [a for a in agencies if a.kind in (AgencyKind.RSUD, AgencyKind.KECAMATAN)][:5]
        agencies = keep
    return agencies


def _given_name(rng: random.Random, female: bool) -> str:
    roll = rng.random()
    if roll < 0.55:
        if rng.random() < 0.15:
            return rng.choice(_JAVA_ONE_F if female else _JAVA_ONE_M)
        first = rng.choice(_JAVA_FIRST_F if female else _JAVA_FIRST_M)
        last = rng.choice(_JAVA_LAST_F if female else _JAVA_LAST_M)
        return f"{first} {last}"
    if roll < 0.63:
        return rng.choice(_SUNDA_F if female else _SUNDA_M)
    if roll < 0.68:
        given = rng.choice(_BATAK_GIVEN_F if female else _BATAK_GIVEN_M)
        return f"{given} {rng.choice(_MARGA)}"
    if roll < 0.72:
        return rng.choice(_MINANG_F if female else _MINANG_M)
    if roll < 0.76:
        return rng.choice(_BUGIS_F if female else _BUGIS_M)
    if roll < 0.79:
        return rng.choice(_MALAY_F if female else _MALAY_M)
    if roll < 0.82:
        return rng.choice(_BALI_F if female else _BALI_M)
    if roll < 0.90:
        first = rng.choice(_CHRISTIAN_F if female else _CHRISTIAN_M)
        return f"{first} {rng.choice(_SURNAMES_F if female else _SURNAMES)}"
    first = rng.choice(_MUSLIM_F if female else _MUSLIM_M)
    return f"{first} {rng.choice(_SURNAMES_F if female else _SURNAMES)}"


def _titled(
    name: str,
    rng: random.Random,
    *,
    female: bool,
    born: date,
    field: str,
    education: str,
    muslim: bool,
    doctor: bool = False,
) -> str:
    before: list[str] = []
    if doctor:
        before.append("dr.")
    elif education == "s2" and rng.random() < 0.08:
        before.append("Dr.")
    elif born.year < 1970 and education in ("s1", "s2") and rng.random() < 0.25:
        before.append("Dra." if female else "Drs.")
    elif born.year < 1972 and field == "umum" and rng.random() < 0.05:
        before.append("Ir.")
    if muslim and born.year < 1980 and rng.random() < 0.18:
        before.append("Hj." if female else "H.")
    after: list[str] = []
    if education == "d3":
        after.append(_DIPLOMA[field])
    elif education in ("s1", "s2") and not {"Drs.", "Dra.", "Ir.", "dr."} & set(before):
        after.append(rng.choice(_DEGREES[field][0]))
    if education == "s2":
        after.append(rng.choice(_DEGREES[field][1]))
    text_ = " ".join([*before, name])
    return f"{text_}, {', '.join(after)}" if after else text_


def official_name(rng: random.Random) -> str:
    """The titled name of a senior official (an agency head, the regent)."""
    female = rng.random() < 0.3
    born = date(rng.randint(1964, 1978), rng.randint(1, 12), rng.randint(1, 28))
    name = _given_name(rng, female)
    muslim = not name.startswith(_CHRISTIAN_F + _CHRISTIAN_M + ("I ", "Ni "))
    return _titled(name, rng, female=female, born=born, field="umum", education="s2", muslim=muslim)


def _golongan(education: str, appointed: int, rng: random.Random) -> int:
    """Rank index (0 = I/a) from the entry rank by education and years of service."""
    start = {"sma": 4, "d3": 6, "s1": 8, "s2": 9}[education]
    steps = max(0, (TODAY.year - appointed) // 5 - rng.randint(0, 1))
    # Above III/d (IV/a and up) needs credit points most never collect.
    cap = {"sma": 8, "d3": 10, "s1": 11, "s2": 13}[education] + (rng.random() < 0.2)
    return min(start + steps, cap)


def _field_of(agency: DemoAgency, kind: AgencyKind, rng: random.Random) -> str:
    if kind == AgencyKind.SEKOLAH:
        return "guru"
    if kind in (AgencyKind.PUSKESMAS, AgencyKind.RSUD):
        return "kesehatan"
    return "kesehatan" if agency.short_name == "Dinkes" and rng.random() < 0.6 else "umum"


def _unit_of(
    agency: DemoAgency,
    kind: AgencyKind,
    in_education_office: bool,
    kec_names: list[str],
    rng: random.Random,
) -> str:
    if kind == AgencyKind.SEKOLAH:
        if not in_education_office:
            return agency.name
        school = rng.choice(("SD Negeri", "SD Negeri", "SMP Negeri", "TK Negeri"))
        return f"{school} {rng.randint(1, 4)} {rng.choice(kec_names)}"
    if kind == AgencyKind.PUSKESMAS:
        return agency.name
    if kind == AgencyKind.RSUD:
        return rng.choice(
            (
                "Instalasi Rawat Inap",
                "Instalasi Gawat Darurat",
                "Instalasi Rawat Jalan",
                "Bagian Umum",
            )
        )
    if kind == AgencyKind.KECAMATAN:
        return rng.choice(("Seksi Pemerintahan", "Sekretariat", "Seksi Pelayanan Umum"))
    return rng.choice(_UNITS)


def demo_people(
    agencies: list[DemoAgency], count: int, office_code: str, rng: random.Random
) -> Iterator[DemoPerson]:
    """``count`` people spread over ``agencies`` by weight, all with consistent identifiers."""
    kecamatan = wilayah.kecamatan_of(office_code)
    kecamatan_codes = [k.code.replace(".", "") for k in kecamatan] or [
        office_code.replace(".", "") + "01"
    ]
    kec_names = [k.name for k in kecamatan] or ["Kota"]
    weights = [a.weight for a in agencies]
    education_office = next((a for a in agencies if a.short_name == "Disdikpora"), None)
    used_nips: set[str] = set()
    for _i in range(count):
        agency = rng.choices(agencies, weights)[0]
        roll = rng.random()
        status = (
            PersonStatus.PNS
            if roll < 0.66
            else PersonStatus.PPPK
            if roll < 0.85
            else PersonStatus.NON_ASN
        )
        kind = AgencyKind.SEKOLAH if agency is education_office else agency.kind
        field_ = _field_of(agency, kind, rng)
        jobs = _JABATAN.get(kind, _JABATAN[AgencyKind.LAINNYA])
        jabatan = rng.choice(_NON_ASN_JOBS if status == PersonStatus.NON_ASN else jobs)
        female = jabatan.startswith("Bidan") or rng.random() < 0.52
        if status == PersonStatus.NON_ASN:
            education = rng.choices(("sma", "d3", "s1"), (60, 10, 30))[0]
        elif field_ == "guru":
            education = rng.choices(("s1", "s2"), (85, 15))[0]
        else:
            education = rng.choices(("sma", "d3", "s1", "s2"), (15, 15, 55, 15))[0]
        doctor = jabatan.startswith("Dokter")
        if doctor:
            education = "s2" if "Spesialis" in jabatan else "s1"
        born = date(rng.randint(1964, 1999), rng.randint(1, 12), rng.randint(1, 28))
        age_in = rng.randint(22 if education in ("s1", "s2") else 19, 35)
        appointed_year = min(born.year + age_in, 2023)
        appointed_month = rng.randint(1, 12)
        if (appointed_year, appointed_month) < (born.year + 18, born.month):
            appointed_month = born.month
        base_name = _given_name(rng, female)
        muslim = not base_name.startswith(_CHRISTIAN_F + _CHRISTIAN_M + ("I ", "Ni "))
        full_name = _titled(
            base_name,
            rng,
            female=female,
            born=born,
            field=field_,
            education=education,
            muslim=muslim,
            doctor=doctor,
        )
        sex_digit = 2 if female else 1
        nip = ni_pppk = pangkat = ""
        if status == PersonStatus.PNS:
            while not nip or nip in used_nips:
                nip = (
                    f"{born:%Y%m%d}{appointed_year:04d}{appointed_month:02d}{sex_digit}"
                    f"{rng.randint(1, 999):03d}"
                )
            used_nips.add(nip)
            code, pangkat_name = GOLONGAN_PNS[_golongan(education, appointed_year, rng)]
            pangkat = f"{pangkat_name}, {code}"
            if rng.random() < 0.02:
                nip = ""  # "not yet known": kept, with the nip_missing flag
        elif status == PersonStatus.PPPK:
            year = rng.choice((2019, 2021, 2022, 2023))
            # The layout seen in public data (domain.md): birth date, appointment year,
            # "21", sex digit, sequence.
            while not ni_pppk or ni_pppk in used_nips:
                ni_pppk = f"{born:%Y%m%d}{year:04d}21{sex_digit}{rng.randint(1, 999):03d}"
            used_nips.add(ni_pppk)
            pangkat = {"sma": "V", "d3": "VII", "s1": "IX", "s2": "X"}[education]
        nik = ""
        if rng.random() < 0.3:
            day = born.day + (40 if female else 0)
            nik = f"{rng.choice(kecamatan_codes)}{day:02d}{born:%m%y}{rng.randint(1, 9999):04d}"
        unit = _unit_of(agency, kind, agency is education_office, kec_names, rng)
        sex = "P" if female else "L"
        if nip and rng.random() < 0.005:
            sex = "L" if female else "P"  # a typing slip the roster flags
        phone = ""
        if rng.random() < 0.6:
            phone = f"08{rng.choice('1258')}{rng.randint(10**7, 10**9 - 1)}"
        yield DemoPerson(
            full_name,
            status.value,
            nip,
            ni_pppk,
            nik,
            sex,
            jabatan,
            pangkat,
            unit,
            agency.name,
            phone,
        )


def add_demo_roster(ctx: ServiceContext, scale: str = "small", *, seed: int | None = None) -> int:
    """Agencies and people for the demo office (skipped when the roster already has people).

    Bulk-written in one transaction like an import, through the synced-row primitive, with
    one audit entry; returns the number of people added.
    """
    from netral_desktop.core.identifiers import Sex
    from netral_desktop.core.ids import new_ids
    from netral_desktop.core.roster import PersonStatus, check_person, golongan_rank
    from netral_desktop.core.roster_search import agency_key
    from netral_desktop.services.context import current_office
    from netral_desktop.store.people import bulk, records

    if scale not in SCALES:
        raise ValueError(scale)
    with ctx.db.read_session() as session:
        if records.has_people(session):
            return 0
    office_row = current_office(ctx)
    rng = random.Random(f"{seed or SEED}-{scale}")
    agencies = demo_agencies(office_row.code, scale, rng)
    place = office_row.city or office_row.name
    agency_ids = dict(zip((a.name for a in agencies), new_ids(len(agencies)), strict=True))
    heads = {a.name: official_name(rng) for a in agencies}
    regent = official_name(rng)
    people = []
    for person in demo_people(agencies, PEOPLE[scale], office_row.code, rng):
        check = check_person(
            full_name=person.full_name,
            status=PersonStatus(person.status),
            nip=person.nip,
            ni_pppk=person.ni_pppk,
            nik=person.nik,
            sex=Sex(person.sex),
            today=TODAY,
        )
        values = {
            **check.values,
            "jabatan": person.jabatan,
            "pangkat_golongan": person.pangkat_golongan,
            "golongan_rank": golongan_rank(person.pangkat_golongan),
            "unit_kerja": person.unit_kerja,
            "agency_id": agency_ids[person.agency],
            "phone": person.phone,
            "problems": check.flags,
        }
        people.append(tuple(values[column] for column in bulk.PERSON_COLUMNS))
    agency_rows = [
        bulk.agency_values(
            name=a.name,
            name_key=agency_key(a.name),
            short_name=a.short_name,
            kind=a.kind.value,
            head_name=heads[a.name],
            ppk_name=regent,
            ppk_title=f"Bupati {place}",
        )
        for a in agencies
    ]
    with ctx.db.write_session() as session:
        stamp = ctx.write_stamp()  # one logical moment for the whole roster
        bulk.insert_agencies(session, rows=agency_rows, stamp=stamp, ids=list(agency_ids.values()))
        summary = {"demo": scale, "agencies": len(agencies), "added": len(people)}
        bulk.write_people(
            session,
            stamp=stamp,
            added=people,
            added_ids=new_ids(len(people)),
            audit=[
                {
                    "action": "import",
                    "table_name": "person",
                    "record_id": "demo",
                    "new": summary,
                    "note": "demo",
                }
            ],
        )
    return len(people)

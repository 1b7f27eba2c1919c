"""Rules of the roster: employment status, agency kinds, names, rank, and one person's checks.

Pure functions shared by the services (a person typed in the window) and the import (a row
of an agency's spreadsheet), so both accept and refuse exactly the same things.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from netral_desktop.core.identifiers import (
    IdentifierError,
    Sex,
    check_ni_pppk,
    check_nik,
    check_nip,
    digits_only,
    looks_like_ni_pppk,
    parse_ni_pppk_layout,
)
from netral_desktop.core.problems import Problem, Severity, stored_codes
from netral_desktop.i18n import _


class PersonStatus(StrEnum):
    PNS = "pns"
    PPPK = "pppk"
    NON_ASN = "non_asn"

    @property
    def label(self) -> str:
        return {"pns": "PNS", "pppk": "PPPK", "non_asn": _("Non-ASN")}[self.value]


class AgencyKind(StrEnum):
    SEKRETARIAT = "sekretariat"
    INSPEKTORAT = "inspektorat"
    DINAS = "dinas"
    BADAN = "badan"
    KANTOR = "kantor"
    SATPOL = "satpol_pp"
    KECAMATAN = "kecamatan"
    KELURAHAN = "kelurahan"
    SEKOLAH = "sekolah"
    PUSKESMAS = "puskesmas"
    RSUD = "rsud"
    LAINNYA = "lainnya"

    @property
    def label(self) -> str:
        labels = {
            "sekretariat": _("Sekretariat"),
            "inspektorat": _("Inspektorat"),
            "dinas": _("Dinas"),
            "badan": _("Badan"),
            "kantor": _("Kantor"),
            "satpol_pp": _("Satpol PP"),
            "kecamatan": _("Kecamatan"),
            "kelurahan": _("Kelurahan/Desa"),
            "sekolah": _("Sekolah"),
            "puskesmas": _("Puskesmas"),
            "rsud": _("Rumah Sakit"),
            "lainnya": _("Lainnya"),
        }
        return labels[self.value]


_KIND_PATTERNS: list[tuple[re.Pattern[str], AgencyKind]] = [
    (re.compile(r"\b(sd|smp|sma|smk|slb|tk|mi|mts|ma)\b|sekolah", re.I), AgencyKind.SEKOLAH),
    (re.compile(r"\brsud\b|rumah sakit", re.I), AgencyKind.RSUD),
    (re.compile(r"puskesmas", re.I), AgencyKind.PUSKESMAS),
    (re.compile(r"^kecamatan\b|^kapanewon\b|^distrik\b", re.I), AgencyKind.KECAMATAN),
    (re.compile(r"^(kelurahan|desa|kalurahan|nagari|gampong)\b", re.I), AgencyKind.KELURAHAN),
    (re.compile(r"satuan polisi|satpol", re.I), AgencyKind.SATPOL),
    (re.compile(r"^sekretariat\b", re.I), AgencyKind.SEKRETARIAT),
    (re.compile(r"^inspektorat\b", re.I), AgencyKind.INSPEKTORAT),
    (re.compile(r"^dinas\b", re.I), AgencyKind.DINAS),
    (re.compile(r"^badan\b", re.I), AgencyKind.BADAN),
    (re.compile(r"^kantor\b", re.I), AgencyKind.KANTOR),
]


def guess_agency_kind(name: str) -> AgencyKind:
    """The likely kind of an agency from its name ("SD Negeri 2 Sewon" is a school)."""
    for pattern, kind in _KIND_PATTERNS:
        if pattern.search(name):
            return kind
    return AgencyKind.LAINNYA


def clean_text(value: Any) -> str:
    """A cell or field as tidy text: surrounding and repeated whitespace removed."""
    if value is None:
        return ""
    return " ".join(str(value).split())


# Titles written before a name; those after it follow the first comma ("..., S.H., M.Si.").
_PREFIX_TITLES = {
    "prof",
    "dr",
    "drs",
    "dra",
    "ir",
    "h",
    "hj",
    "kh",
    "drg",
    "drh",
    "apt",
    "ns",
    "hajjah",
    "haji",
    "ust",
    "ustadz",
    "ustadzah",
    "pdt",
    "rm",
}
_NON_WORD = re.compile(r"[^0-9a-z']+")


def name_key(full_name: str) -> str:
    """The name without academic and religious titles, folded for sorting and matching.

    ``Dr. H. Ahmad Fauzi, S.H., M.Si.`` -> ``ahmad fauzi``. A name that is only titles keeps
    them, so no key is ever empty for a non-empty name.
    """
    if full_name.isascii():  # most names: nothing to fold but the case
        text = full_name.lower()
    else:
        text = unicodedata.normalize("NFKD", full_name)
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    tokens = text.split(",", 1)[0].replace(".", ". ").split()
    start = 0  # only leading titles go: "Ahmad H" keeps its H
    while start < len(tokens) - 1 and _NON_WORD.sub("", tokens[start]) in _PREFIX_TITLES:
        start += 1
    key = " ".join(_NON_WORD.sub(" ", " ".join(tokens[start:])).split())
    return key or " ".join(_NON_WORD.sub(" ", text).split()) or text.strip()


_STATUS_WORDS = {
    PersonStatus.PNS: {"pns", "cpns", "asn pns", "pegawai negeri sipil", "asn"},
    PersonStatus.PPPK: {"pppk", "p3k", "asn pppk", "pppk paruh waktu", "pegawai pemerintah"},
    PersonStatus.NON_ASN: {
        "non asn",
        "nonasn",
        "honorer",
        "honor",
        "thl",
        "tkd",
        "ptt",
        "kontrak",
        "tenaga kontrak",
        "tenaga harian lepas",
        "pegawai tidak tetap",
        "outsourcing",
        "gtt",
        "guru tidak tetap",
        "tenaga honorer",
    },
}


def parse_status(text: Any) -> PersonStatus | None:
    """The employment status written in a cell ("CPNS", "P3K", "Honorer", ...), or None."""
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", clean_text(text).lower()).split())
    if not key:
        return None
    for status, words in _STATUS_WORDS.items():
        if key in words:
            return status
    for status in PersonStatus:  # "pns", "pppk", "non_asn" as stored
        if key.replace(" ", "_") == status.value:
            return status
    if key.startswith(("pppk", "p3k")):
        return PersonStatus.PPPK
    if key.startswith(("non asn", "honor", "tenaga")):
        return PersonStatus.NON_ASN
    if key.startswith(("pns", "cpns")):
        return PersonStatus.PNS
    return None


_SEX_WORDS = {
    Sex.MALE: {"l", "lk", "laki laki", "laki", "pria", "male", "m", "1"},
    Sex.FEMALE: {"p", "pr", "perempuan", "wanita", "female", "f", "w", "2"},
}


def parse_sex(text: Any) -> Sex | None:
    key = " ".join(re.sub(r"[^a-z0-9]+", " ", clean_text(text).lower()).split())
    for sex, words in _SEX_WORDS.items():
        if key in words:
            return sex
    return None


# PNS golongan/ruang and pangkat (PP 99/2000), lowest first.
GOLONGAN_PNS: list[tuple[str, str]] = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
# PPPK golongan I..XVII (Perpres 98/2020); their rank lines up with the PNS list above.
GOLONGAN_PPPK = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]
_PNS_RANK = {code.lower(): i + 1 for i, (code, _name) in enumerate(GOLONGAN_PNS)}
_PANGKAT_RANK = {name.lower(): i + 1 for i, (_code, name) in enumerate(GOLONGAN_PNS)}
_PPPK_RANK = {code.lower(): i + 1 for i, code in enumerate(GOLONGAN_PPPK)}
_ARABIC = {"1": "i", "2": "ii", "3": "iii", "4": "iv"}
_GOLONGAN_RE = re.compile(r"(?<![a-z])(iv|iii|ii|i|[1-4])\s*[/\-.]?\s*([a-e])(?![a-z])")
_ROMAN_RE = re.compile(r"^(?:gol(?:ongan)?\.?\s*)?([xvi]+)$")


def golongan_rank(text: Any) -> int:
    """A sortable rank (1 lowest, 17 highest, 0 unknown) from how the rank was written:
    ``III/a``, ``Penata Muda (III/a)``, ``3a``, ``Penata Muda Tingkat I``, or PPPK ``IX``."""
    value = clean_text(text).lower()
    if not value:
        return 0
    match = _GOLONGAN_RE.search(value)
    if match:
        roman = _ARABIC.get(match.group(1), match.group(1))
        return _PNS_RANK.get(f"{roman}/{match.group(2)}", 0)
    pppk = _ROMAN_RE.match(value)
    if pppk:
        return _PPPK_RANK.get(pppk.group(1), 0)
    for name in sorted(_PANGKAT_RANK, key=len, reverse=True):
        if name in value:
            return _PANGKAT_RANK[name]
    return 0


def is_pppk_golongan(text: Any) -> bool:
    """Whether a rank is a PPPK golongan (``IX``, ``Gol. IX``: I to XVII, no ruang letter)."""
    value = clean_text(text).lower()
    if not value or _GOLONGAN_RE.search(value):
        return False
    match = _ROMAN_RE.match(value)
    return match is not None and match.group(1) in _PPPK_RANK


def pangkat_golongan_text(pangkat: Any, golongan: Any) -> str:
    """One text from separate PANGKAT and GOL columns: ``Penata Muda, III/a``."""
    parts = [clean_text(pangkat), clean_text(golongan)]
    return ", ".join(p for p in parts if p)


@dataclass
class PersonCheck:
    """A person's identity fields checked and normalised, with every problem found."""

    values: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def flags(self) -> str:
        return stored_codes(self.problems)

    def first_error(self) -> Problem | None:
        return next(iter(self.errors), None)


def check_person(
    *,
    full_name: Any,
    status: PersonStatus | None = None,
    nip: Any = "",
    ni_pppk: Any = "",
    nik: Any = "",
    sex: Sex | None = None,
    birth_date: date | None = None,
    has_agency: bool = True,
    today: date | None = None,
    pppk_golongan: bool = False,
) -> PersonCheck:
    """Check one person's identity as the roster will store it.

    Rules: the name is required. A NIP is checked in full (errors refuse the person); a NI
    PPPK in the NIP column (``21`` where a NIP has its month) is checked as a NI PPPK and
    makes the person PPPK; for a PPPK the NIP column is taken as the NI PPPK; a non-ASN has
    no NIP, so one given is ignored. With no status given, a NIP means PNS, a NI PPPK or a
    PPPK golongan (``pppk_golongan``: I to XVII) means PPPK, neither means non-ASN. Sex and
    birth date come from the NIP (or NI PPPK), else the NIK, when not given; a disagreement
    is a warning. A PNS without NIP, a PPPK without NI PPPK and a person without
    agency are accepted and flagged.
    """
    result = PersonCheck()
    problems = result.problems
    name = clean_text(full_name)
    if not name:
        problems.append(
            Problem("name_missing", Severity.ERROR, _("Nama wajib diisi."), "full_name")
        )
    nip_text = digits_only(clean_text(nip)) if clean_text(nip) else ""
    pppk_text = digits_only(clean_text(ni_pppk)) if clean_text(ni_pppk) else ""
    nik_text = clean_text(nik)
    if status == PersonStatus.NON_ASN:
        nip_text = pppk_text = ""
    pppk_in_nip_column = False
    if nip_text and not pppk_text and looks_like_ni_pppk(nip_text):
        # "21" where a NIP has its month: a NI PPPK in the NIP column (common), whatever
        # the status column says; its own checks decide.
        nip_text, pppk_text, pppk_in_nip_column = "", nip_text, True
        if status == PersonStatus.PNS:
            problems.append(
                Problem(
                    "status_by_number",
                    Severity.WARNING,
                    _("Status tertulis PNS, tetapi nomornya NI PPPK: dicatat sebagai PPPK."),
                    "status",
                )
            )
            status = PersonStatus.PPPK
    if nip_text and status == PersonStatus.PPPK and not pppk_text:
        nip_text, pppk_text = "", nip_text
    if status is None:
        status = (
            PersonStatus.PNS
            if nip_text
            else PersonStatus.PPPK
            if pppk_text or pppk_golongan
            else PersonStatus.NON_ASN
        )

    nip_digits: str | None = None
    born: date | None = None
    derived_sex: Sex | None = None
    if nip_text:
        parsed, found = check_nip(nip_text, sex=sex, today=today)
        problems.extend(found)
        if parsed is not None:
            nip_digits, born, derived_sex = parsed.digits, parsed.birth_date, parsed.sex
    pppk_digits: str | None = None
    if pppk_in_nip_column:
        try:
            layout = parse_ni_pppk_layout(pppk_text, today=today)
        except IdentifierError as exc:
            problems.append(exc.as_problem())
        else:
            pppk_digits, born, derived_sex = layout.digits, layout.birth_date, layout.sex
            if sex is not None and sex != layout.sex:
                problems.extend(check_ni_pppk(pppk_text, sex=sex, today=today)[2])
    elif pppk_text:
        layout_found, pppk_digits, found = check_ni_pppk(pppk_text, sex=sex, today=today)
        problems.extend(found)
        if layout_found is not None:
            born, derived_sex = born or layout_found.birth_date, derived_sex or layout_found.sex
    if born is not None and birth_date is not None and birth_date != born:
        label = "NIP" if nip_digits else "NI PPPK"
        problems.append(
            Problem(
                "nip_birth_mismatch",
                Severity.WARNING,
                _("Tanggal lahir {given} tidak cocok dengan {label} ({by_nip}).").format(
                    given=birth_date.isoformat(), label=label, by_nip=born.isoformat()
                ),
                "birth_date",
            )
        )
    nik_digits: str | None = None
    if nik_text:
        parsed_nik, found = check_nik(
            nik_text, sex=sex or derived_sex, birth_date=born, today=today
        )
        problems.extend(found)
        if parsed_nik is not None:
            nik_digits = parsed_nik.digits
            born = born or parsed_nik.birth_date
            derived_sex = derived_sex or parsed_nik.sex

    if status == PersonStatus.PNS and not nip_text:
        problems.append(
            Problem(
                "nip_missing",
                Severity.NOTICE,
                _("PNS tanpa NIP: lengkapi NIP-nya nanti."),
                "nip",
            )
        )
    if status == PersonStatus.PPPK and not pppk_text:
        problems.append(
            Problem(
                "pppk_missing",
                Severity.NOTICE,
                _("PPPK tanpa NI PPPK: lengkapi nomornya nanti."),
                "ni_pppk",
            )
        )
    if not has_agency:
        problems.append(
            Problem(
                "agency_missing",
                Severity.NOTICE,
                _("Instansi belum diisi."),
                "agency_id",
            )
        )
    final_birth = born or birth_date
    final_sex = sex or derived_sex
    result.values = {
        "full_name": name,
        "name_key": name_key(name) if name else "",
        "status": status.value,
        "nip": nip_digits,
        "ni_pppk": pppk_digits,
        "nik": nik_digits,
        "sex": final_sex.value if final_sex else None,
        "birth_date": final_birth.isoformat() if final_birth else None,
    }
    return result

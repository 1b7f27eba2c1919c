"""Civil-servant and citizen identifiers: NIP, NI PPPK and NIK (domain.md, Identifiers).

- NIP (PNS, 18 digits): birth date ``YYYYMMDD``, CPNS appointment ``YYYYMM``, sex digit
  (1 male, 2 female), 3-digit sequence: ``19680411 199303 1 009``.
- NI PPPK (18 digits): birth date ``YYYYMMDD``, appointment year ``YYYY``, the literal ``21``,
  sex digit, 3-digit sequence: ``19921107 202221 1 001``. The layout is seen consistently in
  public data but comes from no regulation, so a NI PPPK given as such only needs 18 digits (a
  different layout is a warning); an 18-digit number in a NIP column with ``21`` where a NIP
  has its appointment month (never a month) is a NI PPPK when its layout holds.
- NIK (16 digits): province, kab/kota, kecamatan (2 digits each), birth date ``DDMMYY`` with 40
  added to the day for women, 4-digit sequence (never 0000). A region code the shipped list
  does not know (a code retired by the 2022 Papua split, a new kecamatan) is only a warning:
  a NIK keeps the region where it was first issued.

``parse_*`` raise :class:`IdentifierError` (a ValidationError with a stable code);
``check_*`` return the parsed value (or None) and every :class:`Problem` found, errors and
warnings alike, for import previews that show all of them at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from netral_desktop.core.errors import ValidationError
from netral_desktop.core.problems import Problem, Severity
from netral_desktop.i18n import _

NIP_LENGTH = 18
NI_PPPK_LENGTH = 18
NIK_LENGTH = 16
MIN_APPOINTMENT_AGE = 18
EARLIEST_YEAR = 1900

# Separators people type inside numbers, and a leading "NIP." / "NIK:" label or Excel's
# text-marking apostrophe.
_SEPARATORS = re.compile(r"[\s.\-_/'’`]+")
_LABEL = re.compile(r"^\s*(nip|nik|ni\s*pppk|nipppk)\s*[.:]?\s*", re.IGNORECASE)


class Sex(StrEnum):
    MALE = "L"  # laki-laki
    FEMALE = "P"  # perempuan

    @property
    def label(self) -> str:
        return _("Laki-laki") if self is Sex.MALE else _("Perempuan")


class IdentifierError(ValidationError):
    """An identifier that cannot be right. ``code`` says which check failed."""

    def __init__(self, message: str, *, code: str, field: str) -> None:
        super().__init__(message, code=code)
        self.field = field

    def as_problem(self) -> Problem:
        return Problem(self.code, Severity.ERROR, self.message, self.field)


def digits_only(text: str) -> str:
    """``text`` without a leading label and the separators people type (spaces, dots, ...).

    Other characters are kept, so a check can still say the value is not a number.
    """
    return _SEPARATORS.sub("", _LABEL.sub("", str(text).strip()))


def _check_digits(text: str, length: int, field: str, label: str) -> str:
    value = digits_only(text)
    if not value.isascii() or not value.isdigit():
        raise IdentifierError(
            _("{label} '{value}' berisi karakter selain angka.").format(label=label, value=text),
            code=f"{field}_not_digits",
            field=field,
        )
    if len(value) != length:
        raise IdentifierError(
            _("{label} harus {n} angka; '{value}' berisi {count} angka.").format(
                label=label, n=length, value=text, count=len(value)
            ),
            code=f"{field}_length",
            field=field,
        )
    return value


def _date_or_none(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Nip:
    digits: str
    birth_date: date
    appointment_year: int
    appointment_month: int
    sex: Sex
    sequence: int

    @property
    def formatted(self) -> str:
        """The usual printed layout: ``19680411 199303 1 009``."""
        return format_nip(self.digits)

    @property
    def appointment(self) -> str:
        """The CPNS appointment month, ``YYYY-MM``."""
        return f"{self.appointment_year:04d}-{self.appointment_month:02d}"


def format_nip(digits: str) -> str:
    if len(digits) != NIP_LENGTH:
        return digits
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def normalise_nip(text: str) -> str:
    """A NIP as typed (``1968 0411.1993 03 1 009``) reduced to its 18 digits, unchecked."""
    return digits_only(text)


def parse_nip(text: str, *, today: date | None = None) -> Nip:
    """A checked NIP, or IdentifierError naming the first impossible part.

    ``today``, when given, also refuses a birth or appointment in the future.
    """
    value = _check_digits(text, NIP_LENGTH, "nip", "NIP")
    shown = format_nip(value)
    born = _date_or_none(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    if born is None or born.year < EARLIEST_YEAR or (today and born > today):
        raise IdentifierError(
            _(
                "NIP {nip}: delapan angka pertama ({part}) bukan tanggal lahir yang mungkin "
                "(format TTTTBBHH)."
            ).format(nip=shown, part=value[:8]),
            code="nip_birth_date",
            field="nip",
        )
    year, month = int(value[8:12]), int(value[12:14])
    if not 1 <= month <= 12 or year < EARLIEST_YEAR or (today and year > today.year + 1):
        raise IdentifierError(
            _(
                "NIP {nip}: angka ke-9 sampai ke-14 ({part}) bukan bulan pengangkatan yang "
                "mungkin (format TTTTBB)."
            ).format(nip=shown, part=value[8:14]),
            code="nip_appointment_date",
            field="nip",
        )
    if (year, month) < (born.year, born.month):
        raise IdentifierError(
            _("NIP {nip}: bulan pengangkatan {appointed} sebelum tanggal lahir {born}.").format(
                nip=shown, appointed=f"{year:04d}-{month:02d}", born=born.isoformat()
            ),
            code="nip_appointment_before_birth",
            field="nip",
        )
    if (year, month) < (born.year + MIN_APPOINTMENT_AGE, born.month):
        raise IdentifierError(
            _(
                "NIP {nip}: diangkat {appointed}, sebelum berumur {age} tahun (lahir {born})."
            ).format(
                nip=shown,
                appointed=f"{year:04d}-{month:02d}",
                age=MIN_APPOINTMENT_AGE,
                born=born.isoformat(),
            ),
            code="nip_appointment_underage",
            field="nip",
        )
    sex_digit = value[14]
    if sex_digit not in "12":
        raise IdentifierError(
            _("NIP {nip}: angka ke-15 ({digit}) harus 1 (laki-laki) atau 2 (perempuan).").format(
                nip=shown, digit=sex_digit
            ),
            code="nip_sex_digit",
            field="nip",
        )
    if value[15:] == "000":
        raise IdentifierError(
            _(
                "NIP {nip}: nomor urut 000 tidak pernah diberikan. Mungkin tiga angka terakhir "
                "hilang karena NIP pernah disimpan sebagai angka di Excel: ketik ulang NIP "
                "sebagai teks."
            ).format(nip=shown),
            code="nip_sequence_zero",
            field="nip",
        )
    return Nip(
        digits=value,
        birth_date=born,
        appointment_year=year,
        appointment_month=month,
        sex=Sex.MALE if sex_digit == "1" else Sex.FEMALE,
        sequence=int(value[15:]),
    )


def check_nip(
    text: str, *, sex: Sex | None = None, today: date | None = None
) -> tuple[Nip | None, list[Problem]]:
    """Parse a NIP and compare it with the recorded sex (a mismatch is only a warning)."""
    try:
        nip = parse_nip(text, today=today)
    except IdentifierError as exc:
        return None, [exc.as_problem()]
    problems: list[Problem] = []
    if sex is not None and sex != nip.sex:
        problems.append(
            Problem(
                "nip_sex_mismatch",
                Severity.WARNING,
                _("NIP {nip} menunjukkan {by_nip}, tetapi tercatat {recorded}.").format(
                    nip=nip.formatted, by_nip=nip.sex.label.lower(), recorded=sex.label.lower()
                ),
                "sex",
            )
        )
    return nip, problems


def parse_ni_pppk(text: str) -> str:
    """A NI PPPK reduced to its 18 digits (only the length is checked: layouts differ)."""
    return _check_digits(text, NI_PPPK_LENGTH, "ni_pppk", "NI PPPK")


PPPK_MARK = "21"  # digits 13-14 of a NI PPPK; a NIP has its appointment month there
EARLIEST_PPPK_YEAR = 2019  # the first PPPK were appointed in 2019 (PP 49/2018)


@dataclass(frozen=True)
class NiPppk:
    digits: str
    birth_date: date
    appointment_year: int
    sex: Sex
    sequence: int

    @property
    def formatted(self) -> str:
        return format_nip(self.digits)  # the same 8-6-1-3 grouping as a NIP


def looks_like_ni_pppk(digits: str) -> bool:
    """18 digits with the PPPK mark where a NIP has its appointment month."""
    return len(digits) == NI_PPPK_LENGTH and digits[12:14] == PPPK_MARK


def parse_ni_pppk_layout(text: str, *, today: date | None = None) -> NiPppk:
    """A NI PPPK in its usual layout, checked part by part (IdentifierError otherwise)."""
    value = _check_digits(text, NI_PPPK_LENGTH, "ni_pppk", "NI PPPK")
    shown = format_nip(value)
    if value[12:14] != PPPK_MARK:
        raise IdentifierError(
            _("NI PPPK {number}: angka ke-13 dan ke-14 bukan 21.").format(number=shown),
            code="ni_pppk_layout",
            field="ni_pppk",
        )
    born = _date_or_none(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    if born is None or born.year < EARLIEST_YEAR or (today and born > today):
        raise IdentifierError(
            _(
                "NI PPPK {number}: delapan angka pertama ({part}) bukan tanggal lahir yang "
                "mungkin (format TTTTBBHH)."
            ).format(number=shown, part=value[:8]),
            code="ni_pppk_birth_date",
            field="ni_pppk",
        )
    year = int(value[8:12])
    latest = (today or date.today()).year + 1
    if not EARLIEST_PPPK_YEAR <= year <= latest or year < born.year + MIN_APPOINTMENT_AGE:
        raise IdentifierError(
            _(
                "NI PPPK {number}: angka ke-9 sampai ke-12 ({part}) bukan tahun pengangkatan "
                "PPPK yang mungkin (PPPK pertama diangkat {first}; umur minimal {age} tahun)."
            ).format(number=shown, part=value[8:12], first=EARLIEST_PPPK_YEAR, age=18),
            code="ni_pppk_appointment_year",
            field="ni_pppk",
        )
    if value[14] not in "12":
        raise IdentifierError(
            _(
                "NI PPPK {number}: angka ke-15 ({digit}) harus 1 (laki-laki) atau 2 (perempuan)."
            ).format(number=shown, digit=value[14]),
            code="ni_pppk_sex_digit",
            field="ni_pppk",
        )
    if value[15:] == "000":
        raise IdentifierError(
            _(
                "NI PPPK {number}: nomor urut 000 tidak pernah diberikan. Mungkin tiga angka "
                "terakhir hilang karena nomor pernah disimpan sebagai angka di Excel: ketik "
                "ulang sebagai teks."
            ).format(number=shown),
            code="ni_pppk_sequence_zero",
            field="ni_pppk",
        )
    return NiPppk(value, born, year, Sex.MALE if value[14] == "1" else Sex.FEMALE, int(value[15:]))


def check_ni_pppk(
    text: str, *, sex: Sex | None = None, today: date | None = None
) -> tuple[NiPppk | None, str | None, list[Problem]]:
    """A NI PPPK given as such: (the parsed layout or None, its 18 digits or None, problems).

    Only the length refuses it; a number outside the usual layout is kept with a warning
    (the layout is not from a regulation), and a sex that disagrees with it is a warning."""
    try:
        digits = parse_ni_pppk(text)
    except IdentifierError as exc:
        return None, None, [exc.as_problem()]
    try:
        parsed = parse_ni_pppk_layout(digits, today=today)
    except IdentifierError as exc:
        return None, digits, [Problem("ni_pppk_unusual", Severity.WARNING, exc.message, "ni_pppk")]
    problems: list[Problem] = []
    if sex is not None and sex != parsed.sex:
        problems.append(
            Problem(
                "ni_pppk_sex_mismatch",
                Severity.WARNING,
                _("NI PPPK {number} menunjukkan {by_number}, tetapi tercatat {recorded}.").format(
                    number=parsed.formatted,
                    by_number=parsed.sex.label.lower(),
                    recorded=sex.label.lower(),
                ),
                "sex",
            )
        )
    return parsed, digits, problems


@dataclass(frozen=True)
class Nik:
    digits: str
    region_code: str  # kecamatan, "34.02.08"
    birth_date: date
    sex: Sex
    sequence: int

    @property
    def kabkota_code(self) -> str:
        return self.region_code[:5]


def parse_nik(text: str, *, today: date | None = None) -> tuple[Nik, list[Problem]]:
    """A checked NIK, with any warnings; IdentifierError when it cannot be right.

    The two-digit birth year is read as the latest possible year not after ``today`` (default:
    the current date). A region code the shipped list does not know is only a warning: a NIK
    keeps the region where it was first issued (codes retired by the 2022 Papua split such as
    91.01 Merauke are still valid NIKs), and kecamatan are split more often than the list
    follows. Sequence 0000 is never issued.
    """
    from netral_desktop.core import wilayah

    value = _check_digits(text, NIK_LENGTH, "nik", "NIK")
    today = today or date.today()
    province, kabkota, kecamatan = value[0:2], value[2:4], value[4:6]
    day, month, short_year = int(value[6:8]), int(value[8:10]), int(value[10:12])
    sex = Sex.MALE
    if day > 40:
        day, sex = day - 40, Sex.FEMALE
    candidates = (_date_or_none(c + short_year, month, day) for c in (2000, 1900))
    born = next((d for d in candidates if d is not None and d <= today), None)
    if born is None:
        raise IdentifierError(
            _(
                "NIK {nik}: angka ke-7 sampai ke-12 ({part}) bukan tanggal lahir yang mungkin "
                "(HHBBTT, hari ditambah 40 untuk perempuan)."
            ).format(nik=value, part=value[6:12]),
            code="nik_birth_date",
            field="nik",
        )
    if value[12:] == "0000":
        raise IdentifierError(
            _(
                "NIK {nik}: nomor urut 0000 tidak pernah diberikan. Mungkin angka terakhir hilang "
                "karena NIK pernah disimpan sebagai angka di Excel: ketik ulang NIK sebagai teks."
            ).format(nik=value),
            code="nik_sequence_zero",
            field="nik",
        )
    problems: list[Problem] = []
    region_code = f"{province}.{kabkota}.{kecamatan}"
    if wilayah.region(f"{province}.{kabkota}") is None:
        problems.append(
            Problem(
                "nik_region_unknown",
                Severity.WARNING,
                _(
                    "NIK {nik}: kode wilayah {code} tidak ada di daftar wilayah saat ini (mungkin "
                    "kode lama, misalnya sebelum pemekaran Papua 2022); diterima, periksa bila "
                    "ragu."
                ).format(nik=value, code=f"{province}.{kabkota}"),
                "nik",
            )
        )
    elif wilayah.region(region_code) is None:
        problems.append(
            Problem(
                "nik_kecamatan_unknown",
                Severity.WARNING,
                _("NIK {nik}: kode kecamatan {code} tidak ada di daftar wilayah.").format(
                    nik=value, code=region_code
                ),
                "nik",
            )
        )
    nik = Nik(value, region_code, born, sex, int(value[12:]))
    return nik, problems


def check_nik(
    text: str,
    *,
    sex: Sex | None = None,
    birth_date: date | None = None,
    today: date | None = None,
) -> tuple[Nik | None, list[Problem]]:
    """Parse a NIK and compare it with the recorded sex and birth date (warnings)."""
    try:
        nik, problems = parse_nik(text, today=today)
    except IdentifierError as exc:
        return None, [exc.as_problem()]
    if sex is not None and sex != nik.sex:
        problems.append(
            Problem(
                "nik_sex_mismatch",
                Severity.WARNING,
                _("NIK {nik} menunjukkan {by_nik}, tetapi tercatat {recorded}.").format(
                    nik=nik.digits, by_nik=nik.sex.label.lower(), recorded=sex.label.lower()
                ),
                "sex",
            )
        )
    # The NIK holds only two digits of the year: compare day, month and those two digits.
    if birth_date is not None and (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ) != (nik.birth_date.day, nik.birth_date.month, nik.birth_date.year % 100):
        problems.append(
            Problem(
                "nik_birth_mismatch",
                Severity.WARNING,
                _("NIK {nik} menunjukkan lahir {by_nik}, tetapi NIP menunjukkan {by_nip}.").format(
                    nik=nik.digits,
                    by_nik=nik.birth_date.strftime("%d-%m-%y"),
                    by_nip=birth_date.isoformat(),
                ),
                "nik",
            )
        )
    return nik, problems

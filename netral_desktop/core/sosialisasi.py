"""Rules of socialization events (sosialisasi): organisers, methods, how a region's
kecamatan and desa are called, participant counts against the attendance, and which files
may be photos or materials.

Pure: no SQL, no I/O. The services (services/sosialisasi/) and the command line share these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from netral_desktop.core.pledge import IMAGE_TYPES, PDF_TYPE, sniff_media_type
from netral_desktop.i18n import _

EVENT_KIND = "sosialisasi"  # pledge_event.kind of a socialization event
PLEDGE_KIND = "ikrar"

# A photo bigger than this is refused before it is decoded (a 40 MP camera photo passes;
# a crafted 20000 x 20000 "photo" would need 1.2 GB to decode).
PHOTO_MAX_PIXELS = 80_000_000
# The copy of a photo the activity report prints: long side in pixels, JPEG quality. At the
# report's 2-column grid (about 85 mm wide) this is 200+ dpi, and 40 photos stay near 6 MB.
REPORT_PHOTO_PIXELS = 900
REPORT_PHOTO_QUALITY = 72


class Organiser(StrEnum):
    BAWASLU = "bawaslu"  # the Bawaslu kabupaten/kota office itself
    PANWASLU = "panwaslu"  # a Panwaslu kecamatan (of the event's kecamatan)
    MITRA = "mitra"  # a partner: a university, a civil society group, a government agency

    @property
    def label(self) -> str:
        return {
            "bawaslu": _("Bawaslu kabupaten/kota"),
            "panwaslu": _("Panwaslu kecamatan"),
            "mitra": _("Mitra"),
        }[self.value]


class Method(StrEnum):
    TATAP_MUKA = "tatap_muka"
    DARING = "daring"
    MEDIA = "media"

    @property
    def label(self) -> str:
        return {
            "tatap_muka": _("Tatap muka"),
            "daring": _("Daring"),
            "media": _("Media"),
        }[self.value]

    @property
    def printed(self) -> str:
        """As the official papers print it (always Indonesian)."""
        return {"tatap_muka": "Tatap muka", "daring": "Daring", "media": "Media"}[self.value]


def parse_choice(kind: type[StrEnum], value: str) -> StrEnum:
    """``Tatap Muka``, ``tatap-muka`` or ``tatap_muka`` as the enum member; ValueError else."""
    key = "_".join(str(value).strip().lower().replace("-", " ").split())
    return kind(key)


@dataclass(frozen=True)
class LocalTerms:
    """What a kabupaten/kota calls its kecamatan and desa: DI Yogyakarta's kabupaten have
    kapanewon and kalurahan, Kota Yogyakarta kemantren and kelurahan, Papua distrik and
    kampung (domain.md: region names come from the data, not a hard-wired "Kecamatan")."""

    kecamatan: str
    desa: str


def local_terms(kabkota_code: str) -> LocalTerms:
    province = kabkota_code[:2]
    is_kota = (
        len(kabkota_code) >= 5 and kabkota_code[3:5].isdigit() and int(kabkota_code[3:5]) >= 71
    )
    if province == "34":
        return (
            LocalTerms("Kemantren", "Kelurahan")
            if is_kota
            else LocalTerms("Kapanewon", "Kalurahan")
        )
    if province in {"91", "92", "93", "94", "95", "96"}:
        return LocalTerms("Distrik", "Kelurahan" if is_kota else "Kampung")
    return LocalTerms("Kecamatan", "Kelurahan" if is_kota else "Desa")


def place_words(terms: LocalTerms, kecamatan: str, desa: str) -> str:
    """ "Kalurahan Trirenggo, Kapanewon Bantul": the event's region as the region names it."""
    parts = []
    if desa:
        parts.append(f"{terms.desa} {desa}")
    if kecamatan:
        parts.append(f"{terms.kecamatan} {kecamatan}")
    return ", ".join(parts)


def participants_problem(
    male: int | None, female: int | None, total: int | None, present: int
) -> str | None:
    """Why the participant counts cannot be kept (None when they can): a negative count, a
    total below men plus women, or a total below the attendance already marked present."""
    for value in (male, female, total):
        if value is not None and value < 0:
            return _("Jumlah peserta tidak boleh negatif.")
    if total is not None and male is not None and female is not None and total < male + female:
        return _(
            "Jumlah peserta ({total}) lebih kecil dari laki-laki ({male}) ditambah perempuan "
            "({female}). Perbaiki salah satunya."
        ).format(total=total, male=male, female=female)
    counted = total if total is not None else (male or 0) + (female or 0)
    if (total is not None or male is not None or female is not None) and counted < present:
        return _(
            "Jumlah peserta ({count}) lebih kecil dari yang sudah ditandai hadir di daftar "
            "hadir ({present}). Isi jumlah peserta sekurang-kurangnya {present}, atau periksa "
            "tanda kehadiran."
        ).format(count=counted, present=present)
    return None


def people_reached(total: int | None, male: int | None, female: int | None, present: int) -> int:
    """How many people an event reached: the participant count given, else men plus women,
    else those marked present on the attendance sheet."""
    if total is not None:
        return max(total, present)
    if male is not None or female is not None:
        return max((male or 0) + (female or 0), present)
    return present


# --- what a form or the command line hands to the services -------------------------------------

# A start: a datetime (naive: the office's local time), a date (08.00 local), or text
# "2024-05-14 09:00" (local) / with an offset.
StartsAt = datetime | date | str | None


@dataclass(frozen=True)
class Speaker:
    """A speaker (narasumber): who, from which institution, on what."""

    name: str
    institution: str = ""
    topic: str = ""


@dataclass(frozen=True)
class SosialisasiFields:
    """A socialization event as entered (a whole record: creating, or saving a form over the
    stored event). Counts are None when not known."""

    title: str = ""
    election_id: str | None = None
    starts_at: StartsAt = None
    ends_at: StartsAt = None  # the same day's end ("12:00"), or empty
    kecamatan_code: str = ""  # kode wilayah of a kecamatan of the office's region
    desa_name: str = ""
    venue: str = ""
    organiser: Organiser | str = Organiser.BAWASLU
    partner_name: str = ""  # the partner's name, for ``mitra``
    method: Method | str = Method.TATAP_MUKA
    audience_ids: tuple[str, ...] = ()
    participants_male: int | None = None
    participants_female: int | None = None
    participants_total: int | None = None
    held: bool = False
    minutes: str = ""
    follow_up: str = ""
    notes: str = ""
    speakers: tuple[Speaker, ...] = ()
    signer_name: str = ""
    signer_position: str = ""
    signer_nip: str = ""
    supervisor_name: str = ""
    supervisor_position: str = ""
    assignment_number: str = ""
    stage: str = ""
    findings: str = ""
    violations: str = ""


# --- files -----------------------------------------------------------------------------------

PHOTO_TYPES = IMAGE_TYPES
OFFICE_TYPES = {
    b"PK\x03\x04": "application/zip",  # .pptx, .docx, .xlsx, .odp, .odt: ZIP containers
    b"\xd0\xcf\x11\xe0": "application/x-ole-storage",  # .ppt, .doc, .xls (before 2007)
}
MATERIAL_NAMES = {
    "application/zip": (".pptx", ".docx", ".xlsx", ".odp", ".odt", ".ods"),
    "application/x-ole-storage": (".ppt", ".doc", ".xls"),
}


def sniff_material_type(head: bytes, name: str) -> str | None:
    """The media type of a material file (a PDF, an image, or slides and documents of an
    office suite, recognised by their first bytes and, for office files, their extension);
    None for anything else."""
    known = sniff_media_type(head)
    if known is not None:
        return known
    for magic, media_type in OFFICE_TYPES.items():
        if head.startswith(magic) and name.lower().endswith(MATERIAL_NAMES[media_type]):
            return media_type
    return None


__all__ = [
    "EVENT_KIND",
    "PDF_TYPE",
    "PHOTO_MAX_PIXELS",
    "PLEDGE_KIND",
    "LocalTerms",
    "Method",
    "Organiser",
    "SosialisasiFields",
    "Speaker",
    "StartsAt",
    "local_terms",
    "parse_choice",
    "participants_problem",
    "people_reached",
    "place_words",
    "sniff_material_type",
]

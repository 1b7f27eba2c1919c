"""Rules of pledge ceremonies (ikrar netralitas): attendance statuses, organisers, what a
typed query at the door means, and which files count as evidence of a signed sheet.

Pure: no SQL, no I/O. The services (services/pledge/) and the command line share these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from netral_desktop.core.identifiers import digits_only
from netral_desktop.core.roster import name_key
from netral_desktop.i18n import _


class AttendanceStatus(StrEnum):
    HADIR = "hadir"
    IZIN = "izin"
    SAKIT = "sakit"
    DINAS_LUAR = "dinas_luar"
    TANPA_KETERANGAN = "tanpa_keterangan"

    @property
    def label(self) -> str:
        return {
            "hadir": _("Hadir"),
            "izin": _("Izin"),
            "sakit": _("Sakit"),
            "dinas_luar": _("Dinas luar"),
            "tanpa_keterangan": _("Tanpa keterangan"),
        }[self.value]


# Reasons an invitee did not come, in the order recaps list them.
ABSENCE_STATUSES = (
    AttendanceStatus.IZIN,
    AttendanceStatus.SAKIT,
    AttendanceStatus.DINAS_LUAR,
    AttendanceStatus.TANPA_KETERANGAN,
)


def parse_attendance_status(value: str) -> AttendanceStatus:
    """A status as stored (``dinas_luar``) or as people write it (``Dinas Luar``, ``DL``,
    ``TK``); ValueError when it is none of them."""
    key = "_".join(re.sub(r"[^a-z]+", " ", str(value).lower()).split())
    aliases = {"dl": "dinas_luar", "tk": "tanpa_keterangan", "alpa": "tanpa_keterangan"}
    return AttendanceStatus(aliases.get(key, key))


class OrganiserKind(StrEnum):
    PEMDA = "pemda"  # the regional government (Pemerintah Kabupaten/Kota)
    INSTANSI = "instansi"  # one agency for its own staff
    BAWASLU = "bawaslu"  # the Bawaslu office itself

    @property
    def label(self) -> str:
        return {
            "pemda": _("Pemerintah daerah"),
            "instansi": _("Instansi"),
            "bawaslu": _("Bawaslu"),
        }[self.value]


class ElectionKind(StrEnum):
    PEMILU = "pemilu"
    PILKADA = "pilkada"
    LAINNYA = "lainnya"

    @property
    def label(self) -> str:
        return {"pemilu": _("Pemilu"), "pilkada": _("Pilkada"), "lainnya": _("Lainnya")}[self.value]


# --- what was typed at the door ------------------------------------------------------------

MIN_NIP_DIGITS = 4
MIN_NAME_CHARS = 2


@dataclass(frozen=True)
class MarkQuery:
    """A query typed (or scanned) at the door: NIP digits, or words of a name."""

    digits: str = ""  # a NIP or NI PPPK, whole (18 digits) or in part
    words: tuple[str, ...] = ()  # folded words the name must contain
    key: str = ""  # the whole name as folded, for an exact match

    @property
    def is_nip(self) -> bool:
        return bool(self.digits)

    @property
    def is_whole_nip(self) -> bool:
        return len(self.digits) == 18

    @property
    def usable(self) -> bool:
        if self.digits:
            return len(self.digits) >= MIN_NIP_DIGITS
        return len("".join(self.words)) >= MIN_NAME_CHARS


def parse_mark_query(text: str) -> MarkQuery:
    """``1968 0411.199303 1 009`` or ``NIP 196804111993031009`` (a scanner types the 18 digits
    and Enter) is a NIP; anything else is part of a name, titles dropped
    (``Dr. Ahmad`` looks for ``ahmad``)."""
    typed = " ".join(str(text).split())
    if not typed:
        return MarkQuery()
    digits = digits_only(typed)
    if digits.isascii() and digits.isdigit():
        return MarkQuery(digits=digits)
    key = name_key(typed)
    return MarkQuery(words=tuple(key.split()), key=key)


# --- evidence files ------------------------------------------------------------------------

EVIDENCE_MAX_BYTES = 50 * 1024 * 1024
IMAGE_TYPES = ("image/png", "image/jpeg", "image/webp", "image/tiff")
PDF_TYPE = "application/pdf"
EVIDENCE_TYPES = (*IMAGE_TYPES, PDF_TYPE)
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    PDF_TYPE: ".pdf",
}


def sniff_media_type(head: bytes) -> str | None:
    """The media type of a file from its first bytes (its "magic"), if it is one of the
    evidence types (PNG, JPEG, WebP, TIFF, PDF); None otherwise. The name is never trusted."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image/tiff"
    # PDF readers accept the header anywhere in the first kilobyte (scanners add junk).
    if b"%PDF-" in head[:1024]:
        return PDF_TYPE
    return None

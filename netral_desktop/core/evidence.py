"""Evidence files (design.md §3, issue 13 item 6): which files may be kept as evidence, known
by their content (never their name), where an item came from, and the office's size limit.

Accepted: images (PNG, JPEG, WebP, TIFF), PDF (scans, letters), recordings (MP3, M4A/MP4/3GP,
MOV, OGG/Opus, WAV, WebM) and Word documents (DOCX, recognised by the ZIP's
``[Content_Types].xml``). Pure: the services read the bytes and pass them here.
"""

from __future__ import annotations

from dataclasses import dataclass

from netral_desktop.core.pledge import IMAGE_TYPES, PDF_TYPE, sniff_media_type
from netral_desktop.i18n import N_, _

DEFAULT_MAX_MB = 200
MAX_MAX_MB = 4096  # a limit the office may set: 4 GB (recordings of long hearings)
HEAD_BYTES = 4096  # how much of a file the sniffing reads

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_MAIN = DOCX_TYPE + ".main+xml"
AUDIO_TYPES = ("audio/mpeg", "audio/mp4", "audio/ogg", "audio/wav")
VIDEO_TYPES = ("video/mp4", "video/3gpp", "video/quicktime", "video/webm")
RECORDING_TYPES = (*AUDIO_TYPES, *VIDEO_TYPES)
EVIDENCE_TYPES = (*IMAGE_TYPES, PDF_TYPE, *RECORDING_TYPES, DOCX_TYPE)

# What a person sees for a type (the icon's label and lists).
TYPE_LABELS: dict[str, str] = {
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/webp": "WebP",
    "image/tiff": "TIFF",
    PDF_TYPE: "PDF",
    "audio/mpeg": "MP3",
    "audio/mp4": "M4A",
    "audio/ogg": "OGG",
    "audio/wav": "WAV",
    "video/mp4": "MP4",
    "video/3gpp": "3GP",
    "video/quicktime": "MOV",
    "video/webm": "WebM",
    DOCX_TYPE: "DOCX",
}
EXTENSIONS: dict[str, str] = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "image/tiff": ".tif",
    PDF_TYPE: ".pdf",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/ogg": ".ogg",
    "audio/wav": ".wav",
    "video/mp4": ".mp4",
    "video/3gpp": ".3gp",
    "video/quicktime": ".mov",
    "video/webm": ".webm",
    DOCX_TYPE: ".docx",
}

# ISO base media (MP4) brands: audio-only ones, and those of phones' video recorders.
_AUDIO_BRANDS = (b"M4A ", b"M4B ", b"F4A ")
_QUICKTIME_BRANDS = (b"qt  ",)
_3GP_PREFIXES = (b"3gp", b"3g2")


def kind_of(media_type: str) -> str:
    """ "image", "pdf", "audio", "video" or "document" (how the window shows the item)."""
    if media_type in IMAGE_TYPES:
        return "image"
    if media_type == PDF_TYPE:
        return "pdf"
    if media_type in AUDIO_TYPES:
        return "audio"
    if media_type in VIDEO_TYPES:
        return "video"
    return "document"


def _mp3_frame(head: bytes) -> bool:
    """An MPEG audio frame header: 11 sync bits, a version that exists, layer III."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    version = (head[1] >> 3) & 0x03
    layer = (head[1] >> 1) & 0x03
    bitrate = head[2] >> 4
    rate = (head[2] >> 2) & 0x03
    return version != 0b01 and layer == 0b01 and bitrate not in (0, 15) and rate != 3


def sniff_evidence_type(head: bytes) -> str | None:
    """The media type of an evidence file from its first bytes (``HEAD_BYTES``), or None.

    A ZIP file comes back as "application/zip": the caller looks inside for a Word document
    (``docx_content_types``). Windows programs (``MZ``), scripts and everything else: None."""
    known = sniff_media_type(head[:1024])
    if known is not None:
        return known
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head[:4] == b"OggS":
        return "audio/ogg"  # Opus (WhatsApp voice notes) or Vorbis
    if head[:4] == b"\x1a\x45\xdf\xa3" and b"webm" in head[:64]:
        return "video/webm"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _AUDIO_BRANDS:
            return "audio/mp4"
        if brand in _QUICKTIME_BRANDS:
            return "video/quicktime"
        if brand.startswith(_3GP_PREFIXES):
            return "video/3gpp"
        return "video/mp4"
    if head[:3] == b"ID3" or _mp3_frame(head):
        return "audio/mpeg"
    if head[:4] == b"PK\x03\x04":
        return "application/zip"
    return None


def is_docx(content_types_xml: bytes) -> bool:
    """Whether a ZIP's ``[Content_Types].xml`` declares a Word document's main part."""
    return DOCX_MAIN.encode() in content_types_xml


def accepted_types_words() -> str:
    return _(
        "gambar (PNG, JPEG, WebP, TIFF), PDF, rekaman (MP3, M4A, MP4, 3GP, MOV, OGG/Opus, "
        "WAV, WebM) atau dokumen Word (DOCX)"
    )


@dataclass(frozen=True)
class Source:
    code: str
    label: str  # N_(): translated when shown


# Where an item came from (recorded with it, shown in the custody log and the papers).
SOURCES: tuple[Source, ...] = (
    Source("diserahkan_pelapor", N_("Diserahkan pelapor")),
    Source("diserahkan_saksi", N_("Diserahkan saksi")),
    Source("tangkapan_layar", N_("Tangkapan layar")),
    Source("hasil_pengawasan", N_("Hasil pengawasan")),
    Source("hasil_klarifikasi", N_("Hasil klarifikasi")),
    Source("dari_instansi", N_("Dari instansi")),
    Source("media_daring", N_("Media daring / media sosial")),
    Source("lainnya", N_("Lainnya")),
)
SOURCE_CODES = frozenset(s.code for s in SOURCES)


def source_label(code: str) -> str:
    for source in SOURCES:
        if source.code == code:
            return _(source.label)
    return code


# Custody actions (evidence_custody.action).
CUSTODY_ACTIONS: dict[str, str] = {
    "receive": N_("menerima"),
    "view": N_("melihat"),
    "export": N_("mengekspor"),
    "print": N_("mencetak"),
    "remove": N_("mencabut"),
}


def custody_label(action: str) -> str:
    return _(CUSTODY_ACTIONS[action]) if action in CUSTODY_ACTIONS else action

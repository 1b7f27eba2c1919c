"""The files of a socialization event, kept by services/evidence.py (content-addressed,
never changed once recorded) with the event as their owner:

- photos (images only; a camera's 40 MP photo is fine, anything past ``PHOTO_MAX_PIXELS``
  is refused before it is decoded), each with a caption;
- materials (PDF, images, slides and documents of an office suite);
- the signed attendance sheet's scans, owned by the event's ``pledge_event`` row exactly as a
  pledge ceremony's are.

The activity report prints downscaled copies of the photos (``report_copy``); the originals
stay as they were attached.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from netral_desktop.core.errors import ValidationError
from netral_desktop.core.pledge import IMAGE_TYPES, sniff_media_type
from netral_desktop.core.roles import Permission
from netral_desktop.core.sosialisasi import (
    PHOTO_MAX_PIXELS,
    REPORT_PHOTO_PIXELS,
    REPORT_PHOTO_QUALITY,
    sniff_material_type,
)
from netral_desktop.i18n import _
from netral_desktop.services import evidence
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.evidence import AttachmentRow, AttachResult, Incoming, check_scan
from netral_desktop.services.sosialisasi.events import EVENT_TABLE, live_event

PHOTOS = "sosialisasi_foto"  # attachment.owner_table of an event's photos
MATERIALS = "sosialisasi_materi"  # ... of its materials
SCANS = EVENT_TABLE  # the signed sheet's scans: as a pledge ceremony's


def check_photo(item: Incoming) -> str:
    """The media type of ``item`` if it may be an event's photo (a whole image, by its first
    bytes, of at most ``PHOTO_MAX_PIXELS``), else ValidationError saying why and what to do."""
    shown = item.name or _("berkas ini")
    media_type = sniff_media_type(item.head[:1024])
    if media_type is not None and media_type not in IMAGE_TYPES:
        raise ValidationError(
            _(
                "Berkas {name} bukan foto (ini PDF), sehingga tidak ditambahkan ke foto "
                "kegiatan. Lampirkan sebagai materi, atau pilih berkas foto (JPEG, PNG, WebP, "
                "TIFF)."
            ).format(name=shown),
            code="photo_type",
        )
    if media_type is None:
        raise ValidationError(
            _(
                "Berkas {name} bukan gambar (JPEG, PNG, WebP, TIFF), sehingga tidak "
                "ditambahkan. Pilih berkas foto kegiatan."
            ).format(name=shown),
            code="photo_type",
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # The size is checked here, against our own limit, before anything is decoded.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with item.open() as handle, Image.open(handle) as image:  # reads the header only
                width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        width = height = 0
    if width * height > PHOTO_MAX_PIXELS:
        raise ValidationError(
            _(
                "Foto {name} terlalu besar ({width} x {height} piksel, {mp} MP); paling besar "
                "{limit} MP. Perkecil fotonya dahulu, lalu tambahkan lagi."
            ).format(
                name=shown,
                width=width,
                height=height,
                mp=round(width * height / 1_000_000),
                limit=PHOTO_MAX_PIXELS // 1_000_000,
            ),
            code="photo_too_large",
        )
    return check_scan(item)


def check_material(item: Incoming) -> str:
    """The media type of ``item`` if it may be a material (PDF, image, office slides or
    documents), else ValidationError."""
    media_type = sniff_material_type(item.head[:1024], item.name)
    if media_type is None:
        raise ValidationError(
            _(
                "Berkas {name} tidak dikenali sebagai materi (PDF, gambar, atau berkas "
                "PowerPoint/Word/Excel/LibreOffice), sehingga tidak dilampirkan."
            ).format(name=item.name or _("berkas ini")),
            code="material_type",
        )
    if media_type in IMAGE_TYPES:
        return check_photo(item)
    return media_type


def _check_event(ctx: ServiceContext, event_id: str) -> None:
    ctx.require(Permission.SOSIALISASI_WRITE)
    with ctx.db.read_session() as session:
        live_event(session, event_id)


def add_photo(
    ctx: ServiceContext,
    event_id: str,
    file: Path | str | bytes,
    *,
    original_name: str | None = None,
    caption: str = "",
) -> AttachResult:
    """Add a photo of the event with its caption (the same photo twice is reported as a
    duplicate, not added again)."""
    _check_event(ctx, event_id)
    added = evidence.attach(
        ctx,
        PHOTOS,
        event_id,
        file,
        original_name=original_name,
        caption=caption,
        permission=Permission.SOSIALISASI_WRITE,
        accept=check_photo,
    )
    # The report's copy is made now, while the user waits for the upload anyway: printing
    # the report later in this session only lays the copies out.
    report_copy(ctx, added.attachment)
    return added


def add_material(
    ctx: ServiceContext,
    event_id: str,
    file: Path | str | bytes,
    *,
    original_name: str | None = None,
    caption: str = "",
) -> AttachResult:
    """Attach a material of the event (slides, a handout)."""
    _check_event(ctx, event_id)
    return evidence.attach(
        ctx,
        MATERIALS,
        event_id,
        file,
        original_name=original_name,
        caption=caption,
        permission=Permission.SOSIALISASI_WRITE,
        accept=check_material,
    )


def add_scan(
    ctx: ServiceContext,
    event_id: str,
    file: Path | str | bytes,
    *,
    original_name: str | None = None,
    caption: str = "",
) -> AttachResult:
    """Attach a scan or photo of the signed attendance sheet (PNG, JPEG, WebP, TIFF or PDF),
    as a pledge ceremony's scans are kept."""
    _check_event(ctx, event_id)
    return evidence.attach(
        ctx,
        SCANS,
        event_id,
        file,
        original_name=original_name,
        caption=caption,
        permission=Permission.SOSIALISASI_WRITE,
        accept=check_scan,
    )


def photos(ctx: ServiceContext, event_id: str) -> list[AttachmentRow]:
    """The event's photos, oldest first."""
    return evidence.list_for(ctx, PHOTOS, event_id)


def materials(ctx: ServiceContext, event_id: str) -> list[AttachmentRow]:
    return evidence.list_for(ctx, MATERIALS, event_id)


def scans(ctx: ServiceContext, event_id: str) -> list[AttachmentRow]:
    return evidence.list_for(ctx, SCANS, event_id)


def remove_file(ctx: ServiceContext, attachment_id: str) -> None:
    """Detach a photo, material or scan added by mistake (a tombstone; the file stays)."""
    evidence.remove(ctx, attachment_id, permission=Permission.SOSIALISASI_WRITE)


def file_bytes(ctx: ServiceContext, attachment_id: str) -> bytes:
    """The file as attached, checked against its SHA-256."""
    return evidence.read(ctx, attachment_id)


def export_file(ctx: ServiceContext, attachment_id: str, target: Path | str) -> Path:
    """Save a copy of a photo, material or scan where the person chose (whole or not at all;
    written to the file's custody log)."""
    return evidence.export_evidence(ctx, attachment_id, target)


def thumbnail(ctx: ServiceContext, attachment_id: str, *, size: int = 160) -> bytes:
    """A small PNG of a photo (safe on a background thread)."""
    return evidence.thumbnail(ctx, attachment_id, size=size)


_COPIES: dict[str, bytes] = {}


def report_copy(ctx: ServiceContext, row: AttachmentRow) -> bytes:
    """A JPEG of the photo at most ``REPORT_PHOTO_PIXELS`` on its long side, turned upright,
    for the activity report. A JPEG is decoded at a fraction of its size (never whole), so a
    40 MP photo costs what a 2 MP one does. Cached by the file's hash; the original is only
    read."""
    cached = _COPIES.get(row.sha256)
    if cached is not None:
        return cached
    from PIL import Image, ImageOps

    data = evidence.read(ctx, row.id)
    with Image.open(io.BytesIO(data)) as source:
        # Ask for the smallest JPEG scale (1/2, 1/4, 1/8) whose long side still covers the
        # copy's: the box keeps the photo's shape, else the short side would hold it back.
        width, height = source.size
        scale = REPORT_PHOTO_PIXELS / max(width, height, 1)
        source.draft("RGB", (max(1, round(width * scale)), max(1, round(height * scale))))
        image = ImageOps.exif_transpose(source)
        if image.mode != "RGB":
            image = image.convert("RGB")
        image.thumbnail((REPORT_PHOTO_PIXELS, REPORT_PHOTO_PIXELS), Image.Resampling.BILINEAR)
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=REPORT_PHOTO_QUALITY)
    copy = out.getvalue()
    if len(_COPIES) > 256:
        _COPIES.clear()
    _COPIES[row.sha256] = copy
    return copy


def report_copies(ctx: ServiceContext, rows: list[AttachmentRow]) -> list[bytes]:
    """``report_copy`` of each photo, in order, two at a time: Pillow lets go of the
    interpreter while it decodes and scales, so a second core halves a 40-photo report."""
    if len(rows) < 4:
        return [report_copy(ctx, row) for row in rows]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="report-photo") as pool:
        return list(pool.map(lambda row: report_copy(ctx, row), rows))

"""Evidence files (design.md §3): scans and photos attached to a record, kept content-addressed
under their SHA-256 in the attachments folder and never changed once recorded, each with its
capture metadata (who, when, original name, size, type). Only images (PNG, JPEG, WebP, TIFF)
and PDFs are accepted, recognised by their first bytes, never by their name.

A record's service (pledge events: services/pledge/evidence.py) checks the record and its role
first, then calls these with the record's table and id as the owner.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from netral_desktop.core.errors import NotFoundError, ValidationError, VerificationFailed
from netral_desktop.core.pledge import EVIDENCE_MAX_BYTES, IMAGE_TYPES, PDF_TYPE, sniff_media_type
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import clean_text
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import blobs
from netral_desktop.store import evidence as evidence_store
from netral_desktop.store.models import Attachment

THUMBNAIL_SIZE = 160


class AttachmentRow(NamedTuple):
    id: str
    owner_id: str
    sha256: str
    size: int
    media_type: str
    original_name: str
    caption: str
    added_by: str
    added_at: str  # iso_utc

    @property
    def is_image(self) -> bool:
        return self.media_type in IMAGE_TYPES


@dataclass(frozen=True)
class AttachResult:
    attachment: AttachmentRow
    duplicate: bool  # the same file was already attached to this record: nothing added


def _read(file: Path | str | bytes, original_name: str | None) -> tuple[bytes, str]:
    if isinstance(file, bytes):
        return file, original_name or ""
    path = Path(file)
    try:
        size = path.stat().st_size
        if size > EVIDENCE_MAX_BYTES:
            raise ValidationError(_too_large(path.name, size), code="evidence_too_large")
        return path.read_bytes(), original_name or path.name
    except OSError as exc:
        raise ValidationError(
            _("Berkas {path} tidak dapat dibaca: {reason}.").format(
                path=path, reason=exc.strerror or exc
            ),
            code="evidence_unreadable",
        ) from None


def _too_large(name: str, size: int) -> str:
    return _("Berkas {name} terlalu besar ({size} MB); paling besar {limit} MB.").format(
        name=name, size=size // (1024 * 1024), limit=EVIDENCE_MAX_BYTES // (1024 * 1024)
    )


def check_evidence(data: bytes, name: str = "") -> str:
    """The media type of ``data`` if it may be attached as evidence (an image or a PDF, by
    its first bytes), else ValidationError with an Indonesian sentence saying why."""
    shown = name or _("berkas ini")
    if len(data) > EVIDENCE_MAX_BYTES:
        raise ValidationError(_too_large(shown, len(data)), code="evidence_too_large")
    if not data:
        raise ValidationError(_("Berkas {name} kosong.").format(name=shown), code="evidence_empty")
    media_type = sniff_media_type(data[:1024])
    if media_type is None:
        raise ValidationError(
            _(
                "Berkas {name} bukan gambar (PNG, JPEG, WebP, TIFF) atau PDF, sehingga tidak "
                "dilampirkan. Lampirkan hasil pindaian atau foto lembar yang ditandatangani."
            ).format(name=shown),
            code="evidence_type",
        )
    if media_type in IMAGE_TYPES:
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                _("Gambar {name} rusak atau terpotong, sehingga tidak dilampirkan.").format(
                    name=shown
                ),
                code="evidence_damaged",
            ) from None
    return media_type


def _row(row: Attachment) -> AttachmentRow:
    return AttachmentRow(
        row.id,
        row.owner_id,
        row.sha256,
        row.size,
        row.media_type,
        row.original_name,
        row.caption,
        row.added_by,
        row.added_at,
    )


def attach(
    ctx: ServiceContext,
    owner_table: str,
    owner_id: str,
    file: Path | str | bytes,
    *,
    original_name: str | None = None,
    caption: str = "",
    permission: Permission,
    accept: Callable[[bytes, str], str] = check_evidence,
) -> AttachResult:
    """Attach ``file`` (a path, or bytes with ``original_name``) to the record ``owner_id``
    of ``owner_table``, for a user with ``permission``. ``accept`` gives the file's media
    type or refuses it (ValidationError); by default images and PDFs are accepted. The file
    is stored before its row is written, so a row never names a missing file."""
    actor = ctx.require(permission)
    if ctx.layout is None:
        raise ValidationError(_("Folder data tidak diketahui: lampiran tidak dapat disimpan."))
    data, name = _read(file, original_name)
    media_type = accept(data, name)
    digest = blobs.sha256_hex(data)
    with ctx.db.read_session() as session:
        existing = evidence_store.live_with_hash(
            session, owner_table=owner_table, owner_id=owner_id, sha256=digest
        )
    if existing is not None:
        return AttachResult(_row(existing), duplicate=True)
    blobs.put_bytes(ctx.layout, data)
    with ctx.db.write_session() as session:
        row = Attachment(
            id="",
            origin="",
            created_at="",
            updated_at="",
            updated_by="",
            owner_table=owner_table,
            owner_id=owner_id,
            sha256=digest,
            size=len(data),
            media_type=media_type,
            original_name=Path(name).name[:260],
            caption=clean_text(caption)[:300],
            added_by=actor.username,
            added_at=ctx.now_iso(),
        )
        ctx.insert_synced(
            session,
            row,
            action="attach",
            new={
                "owner": f"{owner_table}/{owner_id}",
                "sha256": digest,
                "size": len(data),
                "media_type": media_type,
                "original_name": row.original_name,
            },
        )
        return AttachResult(_row(row), duplicate=False)


def list_for(ctx: ServiceContext, owner_table: str, owner_id: str) -> list[AttachmentRow]:
    """The record's evidence files, oldest first."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        rows = evidence_store.live_for(session, owner_table=owner_table, owner_id=owner_id)
        return [_row(row) for row in rows]


def _live_attachment(ctx: ServiceContext, attachment_id: str) -> Attachment:
    with ctx.db.read_session() as session:
        row = evidence_store.by_id(session, attachment_id=attachment_id)
    if row is None or row.deleted:
        raise NotFoundError(_("Lampiran tidak ditemukan (mungkin sudah dihapus)."))
    return row


def read(ctx: ServiceContext, attachment_id: str) -> bytes:
    """The file as attached, checked against its SHA-256 (VerificationFailed if altered)."""
    ctx.require(Permission.ROSTER_READ)
    row = _live_attachment(ctx, attachment_id)
    data = blobs.read_bytes(ctx.layout, row.sha256) if ctx.layout else None
    if data is None:
        raise NotFoundError(
            _("Berkas lampiran {name} hilang dari folder data.").format(name=row.original_name)
        )
    if blobs.sha256_hex(data) != row.sha256:
        raise VerificationFailed(
            _("Berkas lampiran {name} berubah setelah dilampirkan (hash tidak cocok).").format(
                name=row.original_name
            )
        )
    return data


def thumbnail(ctx: ServiceContext, attachment_id: str, *, size: int = THUMBNAIL_SIZE) -> bytes:
    """A small PNG (at most ``size`` pixels each way) of an image, turned upright by its EXIF
    orientation, or of a PDF's first page, for the window's thumbnails. Safe on a background
    thread; cached by file and size (attachments never change, so neither do thumbnails)."""
    ctx.require(Permission.ROSTER_READ)
    row = _live_attachment(ctx, attachment_id)
    key = (row.sha256, size)
    cached = _THUMBS.get(key)
    if cached is None:
        cached = _thumbnail(row.media_type, size, read(ctx, attachment_id))
        if len(_THUMBS) > 512:
            _THUMBS.clear()
        _THUMBS[key] = cached
    return cached


_THUMBS: dict[tuple[str, int], bytes] = {}


def _thumbnail(media_type: str, size: int, data: bytes) -> bytes:
    from PIL import Image, ImageOps

    if media_type == PDF_TYPE:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(data)
        try:
            page = document[0]
            width, height = page.get_size()
            bitmap = page.render(scale=size / max(width, height, 1))
            image = bitmap.to_pil().convert("RGB")
            page.close()
        finally:
            document.close()
    else:
        with Image.open(io.BytesIO(data)) as source:
            source.draft("RGB", (size * 2, size * 2))  # JPEG: decode at a fraction of the size
            image = ImageOps.exif_transpose(source)
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    image.thumbnail((size, size))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def remove(ctx: ServiceContext, attachment_id: str, *, permission: Permission) -> None:
    """Detach a file attached by mistake (a tombstone; the file itself stays, unchanged)."""
    ctx.require(permission)
    with ctx.db.write_session() as session:
        row = evidence_store.by_id(session, attachment_id=attachment_id)
        if row is None or row.deleted:
            raise NotFoundError(_("Lampiran tidak ditemukan (mungkin sudah dihapus)."))
        ctx.record_update(
            session,
            row,
            tombstone=True,
            action="detach",
            old={"sha256": row.sha256, "original_name": row.original_name},
        )

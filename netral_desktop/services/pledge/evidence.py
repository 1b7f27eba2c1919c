"""Evidence of an event: scans and photos of the signed sheets, kept by services/evidence.py
(content-addressed, never changed), with the event as their owner."""

from __future__ import annotations

from pathlib import Path

from netral_desktop.core.roles import Permission
from netral_desktop.services import evidence
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.evidence import AttachmentRow, AttachResult
from netral_desktop.services.pledge.common import EVENT_TABLE, live_event


def attach_evidence(
    ctx: ServiceContext,
    event_id: str,
    file: Path | str | bytes,
    *,
    original_name: str | None = None,
    caption: str = "",
) -> AttachResult:
    """Attach a scan or photo of the signed sheet (PNG, JPEG, WebP, TIFF or PDF, by content,
    up to 50 MB). Stored once under its SHA-256 and never changed; the same file attached
    twice to an event is reported as a duplicate, not added again."""
    ctx.require(Permission.PLEDGE_WRITE)
    with ctx.db.read_session() as session:
        live_event(session, event_id)
    return evidence.attach(
        ctx,
        EVENT_TABLE,
        event_id,
        file,
        original_name=original_name,
        caption=caption,
        permission=Permission.PLEDGE_WRITE,
        accept=evidence.check_scan,
    )


def list_evidence(ctx: ServiceContext, event_id: str) -> list[AttachmentRow]:
    """The event's evidence files, oldest first."""
    return evidence.list_for(ctx, EVENT_TABLE, event_id)


def evidence_bytes(ctx: ServiceContext, attachment_id: str) -> bytes:
    """The file as attached, checked against its SHA-256, for a person to view (written to
    the file's custody log)."""
    return evidence.open_evidence(ctx, attachment_id)


def evidence_thumbnail(
    ctx: ServiceContext, attachment_id: str, *, size: int = evidence.THUMBNAIL_SIZE
) -> bytes:
    """A small PNG of an image, or of a PDF's first page (safe on a background thread)."""
    return evidence.thumbnail(ctx, attachment_id, size=size)


def remove_evidence(ctx: ServiceContext, attachment_id: str) -> None:
    """Detach a file attached by mistake (a tombstone; the file itself stays, unchanged)."""
    evidence.remove(ctx, attachment_id, permission=Permission.PLEDGE_WRITE)

"""Evidence files (design.md §3, issue 13 item 6): scans, photos, letters, recordings attached
to a record of any kind (a pledge event, a socialization event, a case file), kept
content-addressed under their SHA-256 in the attachments folder and never changed once
recorded, each with its capture metadata (who, when, original name, size, type, where it
came from).

- Types are recognised by content, never by name (core/evidence.py); the size limit is the
  office's setting (200 MB unless it sets another), refused before a byte is copied.
- Files are hashed and copied a megabyte at a time: a 200 MB recording is never in memory.
- The same bytes are stored once: attached again to the same record they are a duplicate
  (nothing added); on another record the result names the records that hold them.
- Evidence marked confidential is stored sealed with the office data key
  (services/at_rest.py): the file under attachments/ is ciphertext named by its own hash
  (``stored_sha256``, which ``netral check`` verifies), ``sha256`` stays the plain bytes'
  hash. Only roles with ``Permission.CASE_IDENTITY`` (koordinator, admin: those who see
  reporters' identities) open it. A district's confidential evidence merged at the province
  comes as the district sealed it (files/<stored_sha256> in the bundle) and opens there with
  the district's evidence key, which its bundles bring (services/peer_keys.py).
- An item is never altered: a correction is a new item naming the one it corrects; removal
  is a tombstone with a reason. Every view, export and print is written to the item's
  custody log (``evidence_custody``), with who, when, where to and why.

A record's service (pledge events: services/pledge/evidence.py) checks the record and its role
first, then calls these with the record's table and id as the owner.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import os
import shutil
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal, NamedTuple, overload

from netral_desktop.core import evidence as rules
from netral_desktop.core.errors import (
    NotFoundError,
    PermissionDenied,
    StoreError,
    ValidationError,
    VerificationFailed,
)
from netral_desktop.core.pledge import IMAGE_TYPES, PDF_TYPE
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.core.roster import clean_text
from netral_desktop.i18n import _
from netral_desktop.services import at_rest
from netral_desktop.services.context import Actor, ServiceContext
from netral_desktop.store import blobs
from netral_desktop.store import evidence as evidence_store
from netral_desktop.store.db import Session
from netral_desktop.store.files import Prepared, prepare_streamed, write_whole
from netral_desktop.store.models import Attachment, EvidenceCustody

THUMBNAIL_SIZE = 160
PURPOSE = "evidence"  # at_rest purpose of sealed evidence files
CHUNK = 1 << 20
MB = 1024 * 1024


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
    owner_table: str = ""
    confidential: bool = False
    source: str = ""  # core/evidence.py SOURCES code
    corrects_id: str | None = None

    @property
    def is_image(self) -> bool:
        return self.media_type in IMAGE_TYPES

    @property
    def kind(self) -> str:
        """ "image", "pdf", "audio", "video" or "document"."""
        return rules.kind_of(self.media_type)

    @property
    def type_label(self) -> str:
        return rules.TYPE_LABELS.get(self.media_type, self.media_type)

    @property
    def source_label(self) -> str:
        return rules.source_label(self.source) if self.source else ""


class Holder(NamedTuple):
    """A record that already holds the same bytes."""

    owner_table: str
    owner_id: str
    attachment_id: str
    label: str  # "acara ikrar Ikrar Netralitas ASN 2024", "perkara 001/LP/PB/..."
    confidential: bool = False  # held sealed there (else its bytes are stored plain)


@dataclass(frozen=True)
class AttachResult:
    attachment: AttachmentRow
    duplicate: bool  # the same file was already attached to this record: nothing added
    held_elsewhere: tuple[Holder, ...] = ()  # other records with the same bytes
    made_confidential: bool = False  # kept sealed because it is confidential elsewhere

    @property
    def elsewhere_words(self) -> str:
        """The sentence the window and the command line show for a duplicate elsewhere."""
        if not self.held_elsewhere:
            return ""
        names = "; ".join(h.label for h in self.held_elsewhere[:3])
        more = len(self.held_elsewhere) - 3
        if more > 0:
            names += _(" dan {n} lainnya").format(n=more)
        return _(
            "Berkas yang sama sudah menjadi bukti pada {records}. Berkasnya disimpan sekali."
        ).format(records=names)


@dataclass(frozen=True)
class Incoming:
    """A file offered as evidence, before it is accepted: its name, size, first bytes, and a
    way to read it from the start (a path, or bytes already in memory)."""

    name: str
    size: int
    head: bytes
    path: Path | None = None
    data: bytes | None = None

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return self.path.open("rb")

    def read_all(self) -> bytes:
        with self.open() as handle:
            return handle.read()


class CustodyEntry(NamedTuple):
    id: str
    attachment_id: str
    action: str  # core/evidence.py CUSTODY_ACTIONS
    actor: str
    actor_role: str
    at: str  # iso_utc
    target: str
    purpose: str
    sha256: str

    @property
    def action_label(self) -> str:
        return rules.custody_label(self.action)


# --- the size limit -----------------------------------------------------------------------


def size_limit_mb(ctx: ServiceContext) -> int:
    """The largest evidence file the office accepts, in MB (its setting, 200 by default)."""
    from netral_desktop.services.context import current_office

    limit = getattr(current_office(ctx), "evidence_max_mb", None)
    return int(limit) if limit else rules.DEFAULT_MAX_MB


def _too_large(name: str, size: int, limit_mb: int) -> ValidationError:
    return ValidationError(
        _(
            "Berkas {name} terlalu besar ({size} MB); batas berkas bukti kantor ini {limit} MB, "
            "sehingga tidak dilampirkan. Perkecil berkasnya, atau minta administrator menaikkan "
            "batas di Pengaturan > Kantor (atau 'netral office --batas-bukti-mb ANGKA')."
        ).format(name=name, size=max(1, round(size / MB)), limit=limit_mb),
        code="evidence_too_large",
    )


def _incoming(file: Path | str | bytes, original_name: str | None, limit_mb: int) -> Incoming:
    """The offered file, refused at once (before it is read) when it is larger than the limit
    or empty."""
    limit = limit_mb * MB
    if isinstance(file, bytes):
        name = original_name or ""
        shown = name or _("berkas ini")
        if len(file) > limit:
            raise _too_large(shown, len(file), limit_mb)
        if not file:
            raise ValidationError(
                _("Berkas {name} kosong.").format(name=shown), code="evidence_empty"
            )
        return Incoming(name, len(file), file[: rules.HEAD_BYTES], data=file)
    path = Path(file)
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_large(path.name, size, limit_mb)
        if size == 0:
            raise ValidationError(
                _("Berkas {name} kosong.").format(name=path.name), code="evidence_empty"
            )
        with path.open("rb") as handle:
            head = handle.read(rules.HEAD_BYTES)
    except OSError as exc:
        raise ValidationError(
            _("Berkas {path} tidak dapat dibaca: {reason}.").format(
                path=path, reason=exc.strerror or exc
            ),
            code="evidence_unreadable",
        ) from None
    return Incoming(original_name or path.name, size, head, path=path)


# --- type checks ----------------------------------------------------------------------------


def _check_image(item: Incoming, shown: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with item.open() as handle, Image.open(handle) as image:
                image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Gambar {name} rusak atau terpotong, sehingga tidak dilampirkan.").format(name=shown),
            code="evidence_damaged",
        ) from None


def check_scan(item: Incoming) -> str:
    """Images and PDFs only (the signed sheets of pledge and socialization events): the media
    type, or ValidationError saying why the file is refused."""
    shown = item.name or _("berkas ini")
    media_type = rules.sniff_evidence_type(item.head)
    if media_type not in (*IMAGE_TYPES, PDF_TYPE):
        raise ValidationError(
            _(
                "Berkas {name} bukan gambar (PNG, JPEG, WebP, TIFF) atau PDF, sehingga tidak "
                "dilampirkan. Lampirkan hasil pindaian atau foto lembar yang ditandatangani."
            ).format(name=shown),
            code="evidence_type",
        )
    if media_type in IMAGE_TYPES:
        _check_image(item, shown)
    return media_type


def check_evidence(item: Incoming) -> str:
    """Any evidence type (core/evidence.py): images, PDF, recordings, Word documents, by
    content. A program (.exe) or anything else renamed to .jpg is refused."""
    shown = item.name or _("berkas ini")
    media_type = rules.sniff_evidence_type(item.head)
    if media_type == "application/zip":
        media_type = rules.DOCX_TYPE if _zip_is_docx(item) else None
    if media_type is None:
        raise ValidationError(
            _(
                "Berkas {name} bukan berkas bukti yang dikenali ({types}), sehingga tidak "
                "dilampirkan. Jenis berkas dikenali dari isinya, bukan dari namanya."
            ).format(name=shown, types=rules.accepted_types_words()),
            code="evidence_type",
        )
    if media_type in IMAGE_TYPES:
        _check_image(item, shown)
    return media_type


def _zip_is_docx(item: Incoming) -> bool:
    try:
        with item.open() as handle, zipfile.ZipFile(handle) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > 1 * MB:
                return False
            return rules.is_docx(archive.read(info))
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return False


# --- attaching ------------------------------------------------------------------------------


class _HashingReader:
    """Reads ``source`` for the sealing, hashing and counting the plain bytes on the way."""

    def __init__(self, source: BinaryIO, limit: int, shown: str, limit_mb: int) -> None:
        self.source, self.limit, self.shown, self.limit_mb = source, limit, shown, limit_mb
        self.digest = hashlib.sha256()
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        chunk = self.source.read(n)
        self.size += len(chunk)
        if self.size > self.limit:  # grew while it was copied
            raise _too_large(self.shown, self.size, self.limit_mb)
        self.digest.update(chunk)
        return chunk


class _HashingWriter:
    def __init__(self, target: BinaryIO) -> None:
        self.target = target
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self.target.write(data)


def _store_copy(
    ctx: ServiceContext, item: Incoming, *, sealed: bool, limit_mb: int
) -> tuple[Prepared, str, str, int]:
    """Copy the file into a temporary file under attachments/ (sealed, or as it is), hashing
    it on the way: (prepared file, plain sha256, stored sha256, plain size)."""
    assert ctx.layout is not None
    shown = item.name or _("berkas ini")

    def seal(target: BinaryIO) -> tuple[str, str, int]:
        out = _HashingWriter(target)
        with item.open() as source:
            reader = _HashingReader(source, limit_mb * MB, shown, limit_mb)
            at_rest.seal_stream(ctx, reader, out, purpose=PURPOSE)  # type: ignore[arg-type]
        return reader.digest.hexdigest(), out.digest.hexdigest(), reader.size

    if sealed:
        prepared, (plain, stored, size) = prepare_streamed(ctx.layout.attachments, seal)
        return prepared, plain, stored, size

    # A plain copy: the bytes are written as they are read (one pass over the file).
    def copy(target: BinaryIO) -> tuple[str, str, int]:
        digest = hashlib.sha256()
        size = 0
        with item.open() as source:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > limit_mb * MB:
                    raise _too_large(shown, size, limit_mb)
                digest.update(chunk)
                target.write(chunk)
        return digest.hexdigest(), digest.hexdigest(), size

    prepared, (plain, stored, size) = prepare_streamed(ctx.layout.attachments, copy)
    return prepared, plain, stored, size


def _owner_label(ctx: ServiceContext, owner_table: str, owner_id: str) -> str:
    from netral_desktop.services.audit_words import table_words
    from netral_desktop.store.audit_labels import labels_of

    with ctx.db.read_session() as session:
        label = labels_of(session, table=owner_table, ids=[owner_id]).get(owner_id)
    kind = table_words(owner_table)
    if label is None:
        return f"{kind} {owner_id[:8]}"
    words = " ".join(p for p in (label.name, label.code) if p)
    return f"{kind} {words}".strip()


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
        row.owner_table,
        bool(row.confidential),
        row.source,
        row.corrects_id,
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
    accept: Callable[[Incoming], str] = check_evidence,
    confidential: bool = False,
    source: str = "",
    corrects: str | None = None,
) -> AttachResult:
    """Attach ``file`` (a path, or bytes with ``original_name``) to the record ``owner_id``
    of ``owner_table``, for a user with ``permission``. ``accept`` gives the file's media
    type or refuses it (ValidationError); by default every evidence type is accepted
    (``check_scan``: images and PDFs only). ``source`` says where it came from
    (core/evidence.py SOURCES); ``confidential`` stores it sealed; ``corrects`` names the
    item of the same record this one corrects (that one stays as it was). The file is stored
    before its row is written, so a row never names a missing file."""
    actor = ctx.require(permission)
    if ctx.layout is None:
        raise ValidationError(_("Folder data tidak diketahui: lampiran tidak dapat disimpan."))
    if source and source not in rules.SOURCE_CODES:
        raise ValidationError(
            _("Asal bukti '{source}' tidak dikenal; pilih salah satu dari: {known}.").format(
                source=source, known=", ".join(s.code for s in rules.SOURCES)
            ),
            code="evidence_source",
        )
    if corrects is not None:
        corrected = _live_attachment(ctx, corrects)
        if (corrected.owner_table, corrected.owner_id) != (owner_table, owner_id):
            raise ValidationError(
                _("Koreksi harus untuk bukti pada catatan yang sama."), code="evidence_corrects"
            )
    limit_mb = size_limit_mb(ctx)
    item = _incoming(file, original_name, limit_mb)
    media_type = accept(item)
    name = Path(item.name).name[:260]

    sealed = confidential
    if sealed:
        at_rest.require_data_key(ctx)  # before a byte is copied
    prepared, digest, stored, size = _store_copy(ctx, item, sealed=sealed, limit_mb=limit_mb)
    try:
        with ctx.db.read_session() as session:
            existing = evidence_store.live_with_hash(
                session, owner_table=owner_table, owner_id=owner_id, sha256=digest
            )
            others = evidence_store.live_elsewhere(
                session, sha256=digest, owner_table=owner_table, owner_id=owner_id
            )
            sealed_before = evidence_store.sealed_copy(
                session, sha256=digest, office_code=at_rest.office_of(ctx.origin)
            )
        if existing is not None:
            prepared.discard()
            return AttachResult(_row(existing), duplicate=True)
        made_confidential = False
        if not sealed and any(o.confidential for o in others):
            # The same bytes are confidential on another record: never put them down plain.
            prepared.discard()
            at_rest.require_data_key(ctx)
            sealed = made_confidential = True
            prepared, digest, stored, size = _store_copy(ctx, item, sealed=True, limit_mb=limit_mb)
        if (
            sealed
            and sealed_before is not None
            and blobs.blob_path(ctx.layout, sealed_before).is_file()
        ):
            prepared.discard()  # one sealed copy of the bytes serves every item
            stored = sealed_before
        else:
            blobs.place(ctx.layout, prepared, stored)
    except BaseException:
        prepared.discard()
        raise
    holders = tuple(
        Holder(
            o.owner_table,
            o.owner_id,
            o.id,
            _owner_label(ctx, o.owner_table, o.owner_id),
            bool(o.confidential),
        )
        for o in others
    )
    now = ctx.now_iso()
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
            size=size,
            media_type=media_type,
            original_name=name,
            caption=clean_text(caption)[:300],
            added_by=actor.username,
            added_at=now,
            confidential=sealed,
            stored_sha256=stored if sealed else None,
            source=source,
            corrects_id=corrects,
        )
        marks = {
            "confidential": True if sealed else None,
            "source": source or None,
            "corrects_id": corrects,
        }
        ctx.insert_synced(
            session,
            row,
            action="attach",
            new={
                "owner": f"{owner_table}/{owner_id}",
                "sha256": digest,
                "size": size,
                "media_type": media_type,
                "original_name": row.original_name,
                **{key: value for key, value in marks.items() if value},
            },
        )
        _custody(ctx, session, row, actor, "receive", target="", purpose=rules.source_label(source))
    return AttachResult(
        _row(row), duplicate=False, held_elsewhere=holders, made_confidential=made_confidential
    )


def _custody(
    ctx: ServiceContext,
    session: Session,
    row: Attachment,
    actor: Actor,
    what: str,
    *,
    target: str,
    purpose: str,
) -> None:
    entry = EvidenceCustody(
        id="",
        origin="",
        created_at="",
        updated_at="",
        updated_by="",
        attachment_id=row.id,
        action=what,
        actor=actor.username,
        actor_role=str(actor.role),
        at=ctx.now_iso(),
        target=target[:500],
        purpose=clean_text(purpose)[:300],
        sha256=row.sha256,
    )
    ctx.insert_synced(
        session,
        entry,
        action="custody",
        new={
            "attachment_id": row.id,
            "custody_action": what,
            "target": entry.target or None,
            "purpose": entry.purpose or None,
        },
    )


# --- reading --------------------------------------------------------------------------------


def list_for(ctx: ServiceContext, owner_table: str, owner_id: str) -> list[AttachmentRow]:
    """The record's evidence files, oldest first."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        rows = evidence_store.live_for(session, owner_table=owner_table, owner_id=owner_id)
        return [_row(row) for row in rows]


def item(ctx: ServiceContext, attachment_id: str) -> AttachmentRow:
    """One live item."""
    ctx.require(Permission.ROSTER_READ)
    return _row(_live_attachment(ctx, attachment_id))


def _live_attachment(ctx: ServiceContext, attachment_id: str) -> Attachment:
    with ctx.db.read_session() as session:
        row = evidence_store.by_id(session, attachment_id=attachment_id)
    if row is None or row.deleted:
        raise NotFoundError(_("Lampiran tidak ditemukan (mungkin sudah dihapus)."))
    return row


def may_open_confidential(ctx: ServiceContext) -> bool:
    return ctx.actor is not None and has_permission(ctx.actor.role, Permission.CASE_IDENTITY)


def _require_open(ctx: ServiceContext, row: Attachment) -> Actor:
    actor = ctx.require(Permission.ROSTER_READ)
    if row.confidential and not has_permission(actor.role, Permission.CASE_IDENTITY):
        raise PermissionDenied(
            _(
                "Bukti {name} bersifat rahasia: hanya Koordinator Divisi dan Administrator yang "
                "dapat membukanya."
            ).format(name=row.original_name)
        )
    return actor


def _stored_path(ctx: ServiceContext, row: Attachment) -> Path:
    assert ctx.layout is not None
    return blobs.blob_path(ctx.layout, row.stored_sha256 or row.sha256)


def _missing(row: Attachment) -> NotFoundError:
    return NotFoundError(
        _("Berkas lampiran {name} hilang dari folder data.").format(name=row.original_name)
    )


def _altered(row: Attachment) -> VerificationFailed:
    return VerificationFailed(
        _("Berkas lampiran {name} berubah setelah dilampirkan (hash tidak cocok).").format(
            name=row.original_name
        )
    )


def _sealed_elsewhere(row: Attachment, office: str) -> ValidationError:
    return ValidationError(
        _(
            "Bukti {name} disegel dengan kunci kantor asalnya ({office}), dan kuncinya belum "
            "diterima di sini. Mintalah kantor tersebut mengirim bundel baru dengan program "
            "versi terbaru: kuncinya ikut di dalamnya."
        ).format(name=row.original_name, office=office),
        code="evidence_sealed_elsewhere",
    )


def _write_plain(ctx: ServiceContext, row: Attachment, target: BinaryIO) -> None:
    """The item's plain bytes into ``target``, checked against their SHA-256 (and, sealed,
    against the GCM tag): VerificationFailed when altered, NotFoundError when missing. On an
    error the caller throws away what was written."""
    path = _stored_path(ctx, row)
    digest = hashlib.sha256()

    class _Out:
        def write(self, data: bytes) -> int:
            digest.update(data)
            return target.write(data)

    office = at_rest.office_of(row.origin)
    if row.stored_sha256 and not at_rest.can_open(ctx, office, PURPOSE):
        raise _sealed_elsewhere(row, office)
    try:
        with path.open("rb") as source:
            if row.stored_sha256:
                try:
                    at_rest.open_stream(ctx, source, _Out(), purpose=PURPOSE, office=office)  # type: ignore[arg-type]
                except VerificationFailed:
                    raise _altered(row) from None
            else:
                out = _Out()
                while chunk := source.read(CHUNK):
                    out.write(chunk)
    except FileNotFoundError:
        raise _missing(row) from None
    if digest.hexdigest() != row.sha256:
        raise _altered(row)


def read(ctx: ServiceContext, attachment_id: str) -> bytes:
    """The file as attached, checked against its SHA-256 (VerificationFailed if altered), for
    the program's own use (thumbnails, a report's photo copies); a person opening an item
    goes through ``open_evidence``, which writes the custody log. Confidential items only for
    koordinator and admin."""
    row = _live_attachment(ctx, attachment_id)
    _require_open(ctx, row)
    out = io.BytesIO()
    _write_plain(ctx, row, out)
    return out.getvalue()


@overload
def open_evidence(
    ctx: ServiceContext, attachment_id: str, *, purpose: str = "", as_file: Literal[False] = ...
) -> bytes: ...


@overload
def open_evidence(
    ctx: ServiceContext, attachment_id: str, *, purpose: str = "", as_file: Literal[True]
) -> Path: ...


def open_evidence(
    ctx: ServiceContext, attachment_id: str, *, purpose: str = "", as_file: bool = False
) -> bytes | Path:
    """A person views the item: its bytes (or, ``as_file``, a private temporary copy with
    its own extension, for a recording the system's player opens, removed when the program
    ends), checked against its hash; the view is written to the custody log with ``purpose``."""
    row = _live_attachment(ctx, attachment_id)
    actor = _require_open(ctx, row)
    result: bytes | Path
    if as_file:
        result = _view_copy(ctx, row)
    else:
        out = io.BytesIO()
        _write_plain(ctx, row, out)
        result = out.getvalue()
    with ctx.db.write_session() as session:
        target = str(result) if as_file else _("layar")
        _custody(ctx, session, row, actor, "view", target=target, purpose=purpose)
    return result


_VIEW_DIR: Path | None = None
_VIEW_LOCK = threading.Lock()


def _view_folder() -> Path:
    global _VIEW_DIR
    with _VIEW_LOCK:
        if _VIEW_DIR is None or not _VIEW_DIR.is_dir():
            _VIEW_DIR = Path(tempfile.mkdtemp(prefix="netral-bukti-"))  # 0700
            atexit.register(shutil.rmtree, _VIEW_DIR, True)
        return _VIEW_DIR


def forget_view_copies() -> None:
    """Remove the temporary copies made for viewing (logging out, closing the program)."""
    global _VIEW_DIR
    with _VIEW_LOCK:
        if _VIEW_DIR is not None:
            shutil.rmtree(_VIEW_DIR, ignore_errors=True)
        _VIEW_DIR = None


def _view_copy(ctx: ServiceContext, row: Attachment) -> Path:
    folder = _view_folder()
    extension = rules.EXTENSIONS.get(row.media_type, "")
    stem = Path(row.original_name).stem or "bukti"
    target = folder / f"{row.id[:8]}-{stem[:60]}{extension}"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            _write_plain(ctx, row, handle)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def export_evidence(
    ctx: ServiceContext, attachment_id: str, target: Path | str, *, purpose: str = ""
) -> Path:
    """Write the item's plain bytes to ``target`` (a folder: the original name inside it),
    whole or not at all, checked against its hash; written to the custody log with where it
    went and why."""
    row = _live_attachment(ctx, attachment_id)
    actor = _require_open(ctx, row)
    path = Path(target)
    if path.is_dir():
        path = path / (Path(row.original_name).name or f"bukti-{row.id[:8]}")
    prepared, _unused = prepare_streamed(
        path.parent, lambda h: _write_plain(ctx, row, h), shown=path
    )
    prepared.path = path
    prepared.commit()
    with ctx.db.write_session() as session:
        _custody(ctx, session, row, actor, "export", target=str(path), purpose=purpose)
    return path


def record_print(
    ctx: ServiceContext, attachment_id: str, *, printer: str, purpose: str = ""
) -> None:
    """Write a print of the item (the window prints it) to its custody log."""
    row = _live_attachment(ctx, attachment_id)
    actor = _require_open(ctx, row)
    with ctx.db.write_session() as session:
        _custody(ctx, session, row, actor, "print", target=printer, purpose=purpose)


def custody_log(ctx: ServiceContext, attachment_id: str) -> list[CustodyEntry]:
    """The item's custody log, oldest first (removed items' too)."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        if evidence_store.by_id(session, attachment_id=attachment_id) is None:
            raise NotFoundError(_("Lampiran tidak ditemukan."))
        return [
            CustodyEntry(
                e.id,
                e.attachment_id,
                e.action,
                e.actor,
                e.actor_role,
                e.at,
                e.target,
                e.purpose,
                e.sha256,
            )
            for e in evidence_store.custody_for(session, attachment_id=attachment_id)
        ]


# --- thumbnails -----------------------------------------------------------------------------


def thumbnail(ctx: ServiceContext, attachment_id: str, *, size: int = THUMBNAIL_SIZE) -> bytes:
    """A small PNG (at most ``size`` pixels each way): of an image, turned upright by its
    EXIF orientation, or of a PDF's first page; for recordings and documents, and for every
    confidential item, an icon of its type. Safe on a background thread; made when first
    asked, then cached in memory and under cache/thumbnails/ of the data folder (items never
    change, so neither do their thumbnails)."""
    ctx.require(Permission.ROSTER_READ)
    row = _live_attachment(ctx, attachment_id)
    if row.confidential or row.media_type not in (*IMAGE_TYPES, PDF_TYPE):
        return type_icon(row.media_type, size, confidential=bool(row.confidential))
    key = (row.sha256, size)
    cached = _THUMBS.get(key)
    if cached is not None:
        return cached
    disk = _thumb_path(ctx, row.sha256, size)
    try:
        cached = disk.read_bytes() if disk is not None else None
    except OSError:
        cached = None
    if not cached:
        # Checked against its hash a megabyte at a time, then drawn straight from the stored
        # file: a 200 MB scan is never read into memory whole.
        _write_plain(ctx, row, _Discard())  # type: ignore[arg-type]
        cached = _thumbnail(row.media_type, size, _stored_path(ctx, row))
        if disk is not None:
            # A cache that cannot be written (a full disk) only makes the next view slower.
            with contextlib.suppress(StoreError):
                write_whole(disk, cached)
    if len(_THUMBS) > 512:
        _THUMBS.clear()
    _THUMBS[key] = cached
    return cached


_THUMBS: dict[tuple[str, int], bytes] = {}


class _Discard:
    def write(self, data: bytes) -> int:
        return len(data)


def _thumb_path(ctx: ServiceContext, sha256: str, size: int) -> Path | None:
    if ctx.layout is None:
        return None
    return ctx.layout.root / "cache" / "thumbnails" / sha256[:2] / f"{sha256}-{size}.png"


def _thumbnail(media_type: str, size: int, source: Path) -> bytes:
    from PIL import Image, ImageOps

    if media_type == PDF_TYPE:
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(source)
        try:
            page = document[0]
            width, height = page.get_size()
            bitmap = page.render(scale=size / max(width, height, 1))
            image = bitmap.to_pil().convert("RGB")
            page.close()
        finally:
            document.close()
    else:
        with Image.open(source) as picture:
            picture.draft("RGB", (size * 2, size * 2))  # JPEG: decode at a fraction of the size
            image = ImageOps.exif_transpose(picture)
            image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    image.thumbnail((size, size))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


_ICON_COLOURS = {
    "image": (46, 125, 50),
    "pdf": (183, 28, 28),
    "audio": (106, 27, 154),
    "video": (21, 101, 192),
    "document": (40, 53, 147),
}
_ICONS: dict[tuple[str, int, bool], bytes] = {}


def type_icon(media_type: str, size: int = THUMBNAIL_SIZE, *, confidential: bool = False) -> bytes:
    """A PNG icon of a file type (a page with its label: "MP3", "DOCX"), with a lock and
    "RAHASIA" for a confidential item, drawn with the bundled font."""
    key = (media_type, size, confidential)
    cached = _ICONS.get(key)
    if cached is not None:
        return cached
    from PIL import Image, ImageDraw, ImageFont

    from netral_desktop.config import resources_dir

    colour = _ICON_COLOURS[rules.kind_of(media_type)]
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    margin = size // 8
    box = (margin + size // 16, margin // 2, size - margin - size // 16, size - margin // 2)
    draw.rounded_rectangle(
        box,
        radius=max(2, size // 16),
        fill=(250, 250, 250),
        outline=colour,
        width=max(1, size // 40),
    )
    font_path = resources_dir() / "fonts" / "LiberationSans-Bold.ttf"
    label = rules.TYPE_LABELS.get(media_type, "?")
    points = max(8, size // 5)
    font = ImageFont.truetype(str(font_path), points)
    while points > 6 and font.getlength(label) > (box[2] - box[0]) * 0.85:  # "DOCX", "WebM"
        points -= 1
        font = ImageFont.truetype(str(font_path), points)
    band = (box[0], size // 2 - size // 8, box[2], size // 2 + size // 8)
    draw.rectangle(band, fill=colour)
    draw.text(((box[0] + box[2]) / 2, size / 2), label, font=font, fill="white", anchor="mm")
    if confidential:
        small = ImageFont.truetype(str(font_path), max(6, size // 10))
        lock_w = size // 6
        lx, ly = (size - lock_w) // 2, box[1] + size // 14
        draw.arc(
            (lx + lock_w // 5, ly, lx + lock_w - lock_w // 5, ly + lock_w),
            180,
            360,
            fill=colour,
            width=max(1, size // 40),
        )
        draw.rectangle((lx, ly + lock_w // 2, lx + lock_w, ly + lock_w + lock_w // 3), fill=colour)
        draw.text(
            ((box[0] + box[2]) / 2, box[3] - size // 8),
            _("RAHASIA"),
            font=small,
            fill=colour,
            anchor="mm",
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    _ICONS[key] = out.getvalue()
    return _ICONS[key]


# --- withdrawal -----------------------------------------------------------------------------


def remove(
    ctx: ServiceContext, attachment_id: str, *, permission: Permission, reason: str = ""
) -> None:
    """Withdraw an item attached by mistake (a tombstone with its reason, and an entry in
    its custody log; the file itself stays, unchanged)."""
    actor = ctx.require(permission)
    reason = clean_text(reason)[:300]
    with ctx.db.write_session() as session:
        row = evidence_store.by_id(session, attachment_id=attachment_id)
        if row is None or row.deleted:
            raise NotFoundError(_("Lampiran tidak ditemukan (mungkin sudah dihapus)."))
        row.removed_reason = reason
        ctx.record_update(
            session,
            row,
            tombstone=True,
            action="detach",
            old={"sha256": row.sha256, "original_name": row.original_name},
            new={"removed_reason": reason} if reason else None,
            note=reason,
        )
        _custody(ctx, session, row, actor, "remove", target="", purpose=reason)


def withdraw(
    ctx: ServiceContext, attachment_id: str, *, reason: str, permission: Permission
) -> None:
    """``remove`` for evidence of a case: the reason is required."""
    if not clean_text(reason):
        raise ValidationError(
            _("Tuliskan alasan mencabut bukti ini; bukti tidak dicabut tanpa alasan."),
            code="evidence_reason",
        )
    remove(ctx, attachment_id, permission=permission, reason=reason)


# --- netral check ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SealedReport:
    checked: int
    broken: tuple[str, ...]  # stored hashes whose plain bytes do not match (or do not open)
    key_problem: str = ""  # the data key cannot be read: nothing could be checked
    unopened: int = 0  # another office's files whose key has not come here yet


def verify_sealed(ctx: ServiceContext) -> SealedReport:
    """Open every sealed evidence file (a megabyte at a time, nothing written) and check its
    plain bytes against the hash recorded for them: ``netral check``'s proof that confidential
    evidence is intact, beyond the sealed file matching its own name. Another office's files
    (merged at the province) open with the key its bundles brought; those whose key has not
    come are counted in ``unopened``, not called broken."""
    from netral_desktop.core.errors import NetralError

    assert ctx.layout is not None
    with ctx.db.read_session() as session:
        rows = evidence_store.sealed_items(session)
    items = sorted({(plain, stored, at_rest.office_of(origin)) for plain, stored, origin in rows})
    if not items:
        return SealedReport(0, ())
    try:
        at_rest.require_data_key(ctx)
    except NetralError as exc:
        return SealedReport(0, (), key_problem=str(exc))

    class _Digest:
        def __init__(self) -> None:
            self.hash = hashlib.sha256()

        def write(self, data: bytes) -> int:
            self.hash.update(data)
            return len(data)

    broken: list[str] = []
    unopened: set[str] = set()
    checked = 0
    openable: dict[str, bool] = {}  # office -> its key is here (asked once per office)
    for plain, stored, office in items:
        path = blobs.blob_path(ctx.layout, stored)
        if not path.is_file():
            continue  # named by check_attachment_records
        if office not in openable:
            openable[office] = at_rest.can_open(ctx, office, PURPOSE)
        if not openable[office]:
            unopened.add(stored)
            continue
        checked += 1
        out = _Digest()
        try:
            with path.open("rb") as source:
                at_rest.open_stream(ctx, source, out, purpose=PURPOSE, office=office)  # type: ignore[arg-type]
        except (VerificationFailed, OSError):
            broken.append(stored)
            continue
        if out.hash.hexdigest() != plain:
            broken.append(stored)
    return SealedReport(checked, tuple(broken), unopened=len(unopened))


@dataclass(frozen=True)
class CustodyReport:
    checked: int
    missing: tuple[str, ...]  # logged in the audit chain, gone from the custody table
    altered: tuple[str, ...]  # present, but not what the audit chain says was written
    unlogged: tuple[str, ...]  # in the custody table with no audit entry (put in behind)


def verify_custody(ctx: ServiceContext) -> CustodyReport:
    """The custody log against the hash-chained audit log, which holds every custody entry
    as it was written: a removed, changed or slipped-in entry is named (``netral check``)."""
    import json

    with ctx.db.read_session() as session:
        rows, entries = evidence_store.custody_rows_and_entries(session)
    by_id = {row.id: row for row in rows}
    missing: list[str] = []
    altered: list[str] = []
    logged: set[str] = set()
    for record_id, actor, new_values in entries:
        logged.add(record_id)
        row = by_id.get(record_id)
        if row is None:
            missing.append(record_id)
            continue
        try:
            values = json.loads(new_values or "{}")
        except ValueError:
            values = {}
        expected = (
            values.get("attachment_id"),
            values.get("custody_action"),
            values.get("target") or "",
            values.get("purpose") or "",
            actor,
        )
        if expected != (row.attachment_id, row.action, row.target, row.purpose, row.actor):
            altered.append(record_id)
    unlogged = sorted(set(by_id) - logged)
    return CustodyReport(len(rows), tuple(missing), tuple(altered), tuple(unlogged))


def check_owner(ctx: ServiceContext, owner_table: str, owner_id: str) -> None:
    """Refuse evidence for a record that does not exist (the command line names records by
    table and id; the window always has the record in hand)."""
    with ctx.db.read_session() as session:
        found = evidence_store.owner_exists(session, owner_table=owner_table, owner_id=owner_id)
    if found is None:
        raise ValidationError(
            _("Jenis catatan '{table}' tidak dikenal.").format(table=owner_table),
            code="evidence_owner",
        )
    if not found:
        raise NotFoundError(
            _("Catatan {table} '{id}' tidak ditemukan (mungkin sudah dihapus).").format(
                table=owner_table, id=owner_id
            )
        )

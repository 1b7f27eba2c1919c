"""The sync bundle (design.md §7): writer and reader. No Qt, no SQL: rows in, rows out.

On the stick, two files side by side::

    <office>_<seq:06d>_<yyyymmddThhmmssZ>.netral           age v1, X25519 recipients
    <office>_<seq:06d>_<yyyymmddThhmmssZ>.netral.minisig   minisign signature (office key)

Inside the age layer, a ZIP archive: ``manifest.json`` (format, versions, office, device, seq,
prev, created_at, acknowledged_seq, counts, chain_head, and ``files``: path, sha256 and size of
every other member), ``manifest.json.minisig``, ``records/<table>.jsonl`` (one row a line: id,
revision, origin, updated_at, deleted, data), ``files/<sha256>`` (attachments) and, when the
office sends them, ``keys.age``: an age file inside the archive, encrypted to the province
alone (not to the office itself), holding the office's at-rest purpose keys so the province
can open the identities and confidential evidence the office sealed (``seal_keys`` /
``open_keys``; the services decide what it holds). Listed in ``files`` like every member.

Writing streams: the rows are spooled per table (memory, then a private temporary file), the
attachments are read in chunks straight into the archive, and the archive is encrypted as it is
made (a thread runs age over a bounded queue), so neither attachments nor plain text ever sit
whole in memory or on the stick. The .netral file is written under a temporary name, fsynced,
renamed, dropped from the page cache and read back from the device and verified before the
writer returns. A bundle stays under 4 GiB (FAT32 sticks): contents that do not fit are written
as a series of bundles (seq, seq+1, ... each ``prev`` the one before); one attachment too large
for any bundle is refused with a message.

Reading checks everything design.md §7 lists before the caller sees a single row; a failure
raises ``BundleRefused(check, message)``: ``check`` a stable code (``REFUSAL_CHECKS``), the
message Indonesian and naming what failed.

Use (the export and import services)::

    written = write_bundle(BundleContents(...), signing_key=keys.signing,
                           recipients=[province_recipient, keys.recipient], out_dir=usb,
                           progress=on_progress, verify_identity=keys.age_identity,
                           work_dir=layout.root)          # -> [BundlePaths, ...] (seq, seq+1..)
    with read_bundle(path, trust=trust_list, identity=keys.age_identity,
                     last_seen=SeenBundle(seq, manifest_sha256) or None,
                     work_dir=layout.root) as verified:  # BundleRefused before any row
        if verified.is_replay: ...                        # the same bundle again: change nothing
        for table in verified.tables():
            for row in verified.records(table): ...       # BundleRow(id, revision, origin, ...)
        for sha256 in verified.attachments():
            with verified.open_attachment(sha256) as handle: ...

``services.trust`` gives ``trust_list(ctx, keys)`` and ``province_recipient(ctx, keys)``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import queue
import re
import shutil
import stat
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, NamedTuple, NoReturn

from netral_desktop.core.errors import NetralError, VerificationFailed
from netral_desktop.i18n import _
from netral_desktop.store.files import TEMP_PREFIX, TEMP_SUFFIX, explain, sync_folder
from netral_desktop.sync import minisign, office_keys
from netral_desktop.sync.age_stream import AgeWriter
from netral_desktop.sync.signers import TrustedSigner, TrustList

FORMAT = "netral-bundle"
FORMAT_VERSION = 1
SUFFIX = ".netral"
SIG_SUFFIX = ".minisig"
MANIFEST = "manifest.json"
MANIFEST_SIG = "manifest.json.minisig"
RECORDS_DIR = "records/"
FILES_DIR = "files/"
KEYS_MEMBER = "keys.age"
KEYS_FORMAT = "netral-keys"
MAX_KEYS = 64 << 10
# FAT32 holds files up to 4 GiB - 1; the margin covers age's 16 bytes a 64 KiB chunk, the ZIP
# headers and the manifest with room to spare.
FAT32_LIMIT = (4 << 30) - 1
MAX_BUNDLE_SIZE = FAT32_LIMIT - (64 << 20)
MAX_MANIFEST = 64 << 20
MAX_RECORD_LINE = 16 << 20
# Rows parsed while checking are kept for ``records`` up to this much record text (a
# district's bundle: ~40 MB); beyond, ``records`` parses the lines again.
KEEP_PARSED_BYTES = 96 << 20
_JSON = json.JSONDecoder()
MAX_SIGNATURE = 4096
# A member may unpack to at most this many times its packed size (rows pack ~10 to 1,
# attachments are stored; deflate reaches ~1000 to 1 only on runs of one byte).
MAX_RATIO = 200
_CHUNK = 1 << 20
_SPOOL_IN_MEMORY = 32 << 20
_WRITEBACK_STEP = 16 << 20
_TABLE = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_STAMP = "%Y%m%dT%H%M%SZ"
# What a damaged archive raises while it is listed or read (zipfile lets zlib's own error
# through; members packed any other way than stored or deflated are refused beforehand).
_ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    NotImplementedError,
    OverflowError,
    OSError,
)
ROW_FIELDS = ("id", "revision", "origin", "updated_at", "deleted", "data")

# Every check a reader can refuse a bundle on (BundleRefused.check).
REFUSAL_CHECKS = (
    "unreadable",
    "signature_missing",
    "signature",
    "untrusted_key",
    "revoked_key",
    "truncated",
    "not_for_us",
    "decryption",
    "not_zip",
    "duplicate_name",
    "absolute_path",
    "path_escape",
    "link",
    "unlisted_member",
    "missing_member",
    "size_mismatch",
    "hash_mismatch",
    "archive_bomb",
    "manifest",
    "unknown_format",
    "future_format",
    "newer_schema",
    "inner_signature_missing",
    "inner_signature",
    "office_mismatch",
    "malformed_record",
    "foreign_origin",
    "counts",
    "seq_replayed",
    "seq_gap",
    "prev_mismatch",
)


class BundleRefused(VerificationFailed):
    """A bundle that failed a check: nothing of it was used (exit status 3)."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message, code=f"bundle_{check}")
        self.check = check


class BundleWriteError(NetralError):
    """A bundle that could not be written (no space, too large, the stick failed)."""

    code = "bundle_write"


class BundleCancelled(NetralError):
    code = "bundle_cancelled"


# --- the contents --------------------------------------------------------------------------


class BundleRow(NamedTuple):
    id: str
    revision: int
    origin: str
    updated_at: str
    deleted: bool
    data: dict[str, Any]


@dataclass
class BundleContents:
    """What one export carries. ``records`` maps a table to its changed rows (mappings with
    the keys of ROW_FIELDS); ``files`` are (sha256, path or bytes) of attachments. Both are
    iterated once. ``chain_head`` is the office's audit chain head (seq, MAC)."""

    office_code: str
    office_name: str
    device: str
    seq: int
    prev: str | None
    created_at: str  # ISO 8601 UTC ("2024-05-14T03:04:05.123456Z")
    acknowledged_seq: int | None
    schema_version: str
    app_version: str
    chain_head: tuple[int, str] | None
    records: Mapping[str, Iterable[Mapping[str, Any]]] = field(default_factory=dict)
    files: Iterable[tuple[str, Path | bytes]] = ()
    keys: bytes | None = None  # the keys member as written (``seal_keys``), or none


@dataclass(frozen=True)
class BundlePaths:
    """One bundle written: its two files, its seq and the SHA-256 of its manifest (the next
    bundle's ``prev``)."""

    bundle: Path
    signature: Path
    seq: int
    manifest_sha256: str
    size: int
    records: int
    files: int


Progress = Callable[[int, int], "bool | None"]


def bundle_name(office_code: str, seq: int, created_at: str) -> str:
    return f"{office_code}_{seq:06d}_{_moment(created_at).strftime(_STAMP)}{SUFFIX}"


def _moment(created_at: str) -> datetime:
    text = created_at.replace("Z", "+00:00")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _origin_office(origin: str) -> str:
    return origin.split("/", 1)[0]


def _size_text(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


# --- writing -------------------------------------------------------------------------------


@dataclass
class _Spooled:
    table: str
    handle: IO[bytes]
    size: int
    sha256: str
    count: int


@dataclass(frozen=True)
class _Attachment:
    sha256: str
    source: Path | bytes
    size: int


def _row_line(row: Mapping[str, Any], office_code: str, table: str) -> bytes:
    try:
        line: dict[str, Any] = {
            "id": str(row["id"]),
            "revision": int(row["revision"]),
            "origin": str(row["origin"]),
            "updated_at": str(row["updated_at"]),
            "deleted": bool(row["deleted"]),
            "data": dict(row["data"]),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"row of {table} lacks {exc}") from exc
    if _origin_office(line["origin"]) != office_code:
        raise ValueError(f"row {line['id']} of {table} has origin {line['origin']}")
    text = json.dumps(line, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8") + b"\n"


def _spool(contents: BundleContents, work_dir: Path | None) -> list[_Spooled]:
    spooled: list[_Spooled] = []
    for table in sorted(contents.records):
        if not _TABLE.match(table):
            raise ValueError(f"not a table name: {table!r}")
        handle = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed by the writer
            max_size=_SPOOL_IN_MEMORY, dir=None if work_dir is None else str(work_dir)
        )
        digest, size, count = hashlib.sha256(), 0, 0
        ids: set[str] = set()
        for row in contents.records[table]:
            line = _row_line(row, contents.office_code, table)
            row_id = str(row["id"])
            if row_id in ids:
                raise ValueError(f"row {row_id} of {table} given twice")
            ids.add(row_id)
            handle.write(line)
            digest.update(line)
            size += len(line)
            count += 1
        handle.seek(0)
        spooled.append(_Spooled(table, handle, size, digest.hexdigest(), count))
    return spooled


def _attachments(files: Iterable[tuple[str, Path | bytes]]) -> list[_Attachment]:
    found: dict[str, _Attachment] = {}
    for sha256, source in files:
        if not _SHA256.match(sha256):
            raise ValueError(f"not a SHA-256: {sha256!r}")
        size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
        found.setdefault(sha256, _Attachment(sha256, source, size))
    return list(found.values())


def _open_source(source: Path | bytes) -> IO[bytes]:
    return io.BytesIO(source) if isinstance(source, bytes) else Path(source).open("rb")


def _member_overhead(name: str) -> int:
    # Local header + data descriptor + central directory entry, with ZIP64 extras.
    return 30 + 24 + 46 + 2 * len(name.encode()) + 64


def _age_size(plain: int, recipients: int) -> int:
    chunks = max(1, -(-plain // (64 << 10)))
    return plain + 16 * chunks + 200 + 120 * recipients


def _plan(
    spooled: list[_Spooled], attachments: list[_Attachment], limit: int
) -> list[list[_Attachment]]:
    """Which attachments go in which bundle: the rows and as many attachments as fit in the
    first, the rest in as few more as it takes (first fit, largest first)."""
    manifest_room = 4096 + 200 * (len(spooled) + len(attachments))
    first = manifest_room + sum(
        s.size + _member_overhead(f"{RECORDS_DIR}{s.table}.jsonl") for s in spooled
    )
    if first > limit:
        raise BundleWriteError(
            _(
                "Data yang berubah terlalu besar untuk satu bundel ({size}, batas {limit}). "
                "Hubungi dukungan teknis."
            ).format(size=_size_text(first), limit=_size_text(limit))
        )
    parts: list[list[_Attachment]] = [[]]
    room = [limit - first]
    for item in sorted(attachments, key=lambda a: a.size, reverse=True):
        need = item.size + _member_overhead(f"{FILES_DIR}{item.sha256}") + 200
        if need > limit - 4096:
            raise BundleWriteError(
                _(
                    "Lampiran {sha} berukuran {size}, lebih besar dari batas satu bundel "
                    "({limit}, batas berkas flashdisk FAT32). Lampiran ini tidak dapat dikirim "
                    "lewat bundel; serahkan dengan cara lain."
                ).format(sha=item.sha256[:12], size=_size_text(item.size), limit=_size_text(limit))
            )
        for i, free in enumerate(room):
            if need <= free:
                parts[i].append(item)
                room[i] -= need
                break
        else:
            parts.append([item])
            room.append(limit - 4096 - need)
    return parts


class _Flusher:
    """Asks the disk to catch up (fdatasync) in a thread of its own each time another
    ``_WRITEBACK_STEP`` is written: the disk writes while the next chunks are encrypted, and the
    fsync at the end has little left to wait for, as a plain cp + sync leaves the kernel to
    write in the background.

    With ``reader`` (the quick read-back), each range once on the disk is also read back
    from it (its cached pages dropped first) and hashed, in order, while the rest is still
    being written: the read-back after the last fsync is left only the tail."""

    def __init__(self, fd: int, reader: IO[bytes] | None) -> None:
        self._fd = fd
        self._reader = reader
        self._wake = threading.Event()
        self._done = False
        self._size = 0
        self.error: OSError | None = None
        self.read_error: OSError | None = None
        self.checked = 0  # bytes read back from the disk so far
        self.read_back = hashlib.sha256()
        self._thread = threading.Thread(target=self._run, name="bundle-flush", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        sync = getattr(os, "fdatasync", os.fsync)
        synced = 0
        while True:
            self._wake.wait()
            self._wake.clear()
            # Read before the size: every kick comes before close, so once closed, the size
            # read next is the last one, and every kick is seen to before the thread ends.
            done = self._done
            while (size := self._size) > synced:
                try:
                    sync(self._fd)
                except OSError as exc:  # the writer's own fsync reports it too
                    self.error = exc
                    return
                synced = size
                if self._reader is not None and self.read_error is None:
                    try:
                        self._read_back(size)
                    except OSError as exc:  # reported by the read-back, as a read failure
                        self.read_error = exc
            if done:
                return

    def _read_back(self, end: int) -> None:
        assert self._reader is not None
        _forget(self._reader.fileno(), self.checked, end - self.checked)
        while self.checked < end:
            chunk = _read_at(self._reader, self.checked, min(_CHUNK, end - self.checked))
            if not chunk:
                raise OSError(errno.EIO, "the file is shorter than what was written")
            self.read_back.update(chunk)
            self.checked += len(chunk)

    def kick(self, size: int) -> None:
        """``size`` bytes are written (and flushed to the kernel): make them durable."""
        self._size = size
        self._wake.set()

    def close(self) -> None:
        self._done = True
        self._wake.set()
        self._thread.join()


def _read_at(handle: IO[bytes], offset: int, size: int) -> bytes:
    """Up to ``size`` bytes of the file at ``offset`` (the one way a written bundle is read
    back)."""
    handle.seek(offset)
    return handle.read(size)


def _forget(fd: int, offset: int, length: int) -> None:
    """Drop a range's cached pages (length 0: to the end), so that reading it reads the
    stick, not memory."""
    if hasattr(os, "posix_fadvise"):
        with contextlib.suppress(OSError):
            os.posix_fadvise(fd, offset, length, os.POSIX_FADV_DONTNEED)


class _Sink:
    """Writes the encrypted bytes to the file and hashes them (BLAKE2b-512, for the minisign
    signature) in a thread of its own: both release the GIL, so on two cores they run beside
    the reading, SHA-256 checking and encryption of the next chunks."""

    def __init__(self, handle: IO[bytes], reader: IO[bytes] | None = None) -> None:
        self.handle = handle
        self.size = 0
        self.digest = b""
        self.error: BaseException | None = None
        self._hash = minisign.prehash()
        self._flushed = 0
        self.flusher = _Flusher(handle.fileno(), reader)
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=32)
        self._thread = threading.Thread(target=self._run, name="bundle-sink", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self.error is not None:
                continue  # drain: the writer learns of the error at its next put
            try:
                self.handle.write(chunk)
                self._hash.update(chunk)
                self.size += len(chunk)
                if self.size - self._flushed >= _WRITEBACK_STEP:
                    self.handle.flush()
                    self.flusher.kick(self.size)
                    self._flushed = self.size
            except BaseException as exc:  # handed to the writing thread
                self.error = exc

    def put(self, chunk: bytes) -> None:
        if self.error is not None:
            raise self.error
        self._queue.put(chunk)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        self.flusher.close()
        if self.error is not None:
            raise self.error
        if self.flusher.error is not None:
            raise self.flusher.error
        self.digest = self._hash.digest()


class _SinkWriter(io.RawIOBase):
    """The file-like face of a _Sink that AgeWriter writes to."""

    def __init__(self, sink: _Sink) -> None:
        super().__init__()
        self.sink = sink

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self.sink.put(chunk)
        return len(chunk)


class _Meter:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self.progress = total, 0, progress

    def add(self, n: int) -> None:
        self.done += n
        if self.progress is not None and self.progress(self.done, self.total) is False:
            raise BundleCancelled(_("Pembuatan bundel dibatalkan. Tidak ada bundel yang ditulis."))


def _zip_info(name: str, moment: datetime, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=moment.timetuple()[:6])
    info.compress_type = compress
    info.external_attr = (stat.S_IFREG | 0o600) << 16
    return info


def _copy_into(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    source: IO[bytes],
    size: int,
    meter: _Meter,
    *,
    expect_sha256: str | None = None,
) -> None:
    digest = hashlib.sha256()
    with archive.open(info, "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as member:
        while chunk := source.read(_CHUNK):
            member.write(chunk)
            digest.update(chunk)
            meter.add(len(chunk))
    if expect_sha256 is not None and digest.hexdigest() != expect_sha256:
        raise BundleWriteError(
            _(
                "Lampiran {sha} di folder data tidak cocok dengan sidik SHA-256-nya (rusak). "
                "Jalankan 'netral check' lalu ulangi."
            ).format(sha=expect_sha256[:12])
        )


def _manifest(
    contents: BundleContents,
    seq: int,
    prev: str | None,
    spooled: list[_Spooled],
    files: list[_Attachment],
    keys: bytes | None = None,
) -> bytes:
    members = [
        {"path": f"{RECORDS_DIR}{s.table}.jsonl", "sha256": s.sha256, "size": s.size}
        for s in spooled
    ] + [{"path": f"{FILES_DIR}{a.sha256}", "sha256": a.sha256, "size": a.size} for a in files]
    if keys is not None:
        members.append(
            {"path": KEYS_MEMBER, "sha256": hashlib.sha256(keys).hexdigest(), "size": len(keys)}
        )
    head = contents.chain_head
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_version": contents.schema_version,
        "app_version": contents.app_version,
        "office": {"code": contents.office_code, "name": contents.office_name},
        "device": contents.device,
        "seq": seq,
        "prev": prev,
        "created_at": contents.created_at,
        "acknowledged_seq": contents.acknowledged_seq,
        "chain_head": None if head is None else {"seq": head[0], "mac": head[1]},
        "counts": {
            "records": {s.table: s.count for s in spooled},
            "files": len(files),
        },
        "files": members,
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _check_space(out_dir: Path, need: int) -> None:
    try:
        free = shutil.disk_usage(out_dir).free
    except OSError as exc:
        raise BundleWriteError(explain(out_dir / "bundle", exc)) from exc
    if free < need:
        raise BundleWriteError(
            _(
                "Ruang kosong di {folder} tidak cukup: bundel perlu sekitar {need}, tersedia "
                "{free}. Tidak ada yang ditulis. Kosongkan sebagian ruang atau pakai flashdisk "
                "lain."
            ).format(folder=out_dir, need=_size_text(need), free=_size_text(free)),
            code="disk_full",
        )


def write_bundle(
    contents: BundleContents,
    *,
    signing_key: minisign.SecretKey,
    recipients: Sequence[str],
    out_dir: Path,
    progress: Progress | None = None,
    verify_identity: str | None = None,
    max_size: int = MAX_BUNDLE_SIZE,
    work_dir: Path | None = None,
) -> list[BundlePaths]:
    """Write ``contents`` as one bundle (or, past ``max_size``, a series seq, seq+1, ...)
    into ``out_dir``; the bundles written, in order. ``recipients`` are age recipients (the
    province and the office itself). ``progress(done, total)`` is called as bytes go out and
    are read back; returning False cancels (BundleCancelled, nothing left behind). With
    ``verify_identity`` (an age identity among the recipients) each bundle is read back whole
    and checked as a reader would; without, its signature is checked against the re-read file.
    ``work_dir``: where rows spool past 32 MiB and the read-back's decrypted copy goes (give
    the data folder; default: the system's temporary folder).
    """
    if not recipients:
        raise ValueError("a bundle needs at least one recipient")
    for recipient in recipients:
        office_keys.check_recipient(recipient)
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BundleWriteError(explain(out_dir / "bundle", exc)) from exc
    spooled = _spool(contents, work_dir)
    try:
        attachments = _attachments(contents.files)
        parts = _plan(spooled, attachments, max_size)
        sizes = []
        for i, part in enumerate(parts):
            plain = sum(a.size + _member_overhead(a.sha256) for a in part) + 8192
            if i == 0:
                plain += sum(s.size + _member_overhead(s.table) for s in spooled)
            sizes.append(_age_size(plain, len(recipients)))
        _check_space(out_dir, sum(sizes) + 4096 * len(parts))
        meter = _Meter(2 * sum(sizes), progress)
        written: list[BundlePaths] = []
        prev = contents.prev
        for i, part in enumerate(parts):
            paths = _write_one(
                contents,
                seq=contents.seq + i,
                prev=prev,
                spooled=spooled if i == 0 else [],
                files=part,
                signing_key=signing_key,
                recipients=list(recipients),
                out_dir=out_dir,
                meter=meter,
                verify_identity=verify_identity,
                work_dir=work_dir,
            )
            written.append(paths)
            prev = paths.manifest_sha256
        if progress is not None:
            progress(meter.total, meter.total)
        return written
    finally:
        for s in spooled:
            s.handle.close()


def _write_one(
    contents: BundleContents,
    *,
    seq: int,
    prev: str | None,
    spooled: list[_Spooled],
    files: list[_Attachment],
    signing_key: minisign.SecretKey,
    recipients: list[str],
    out_dir: Path,
    meter: _Meter,
    verify_identity: str | None,
    work_dir: Path | None,
) -> BundlePaths:
    name = bundle_name(contents.office_code, seq, contents.created_at)
    target = out_dir / name
    sig_target = out_dir / (name + SIG_SUFFIX)
    # A lone .minisig is what a kill between the two renames below leaves: replaced.
    if target.exists():
        raise BundleWriteError(
            _("Bundel {name} sudah ada di {folder}. Tidak ada yang ditimpa.").format(
                name=name, folder=out_dir
            ),
            code="bundle_exists",
        )
    # The keys go with the rows (the first bundle of a series).
    keys = contents.keys if seq == contents.seq else None
    if keys is not None and len(keys) > MAX_KEYS:
        raise ValueError("keys member too large")
    manifest = _manifest(contents, seq, prev, spooled, files, keys)
    manifest_sha256 = hashlib.sha256(manifest).hexdigest()
    comment = f"netral-bundle office:{contents.office_code} seq:{seq} manifest:{manifest_sha256}"
    manifest_sig = signing_key.sign(manifest, trusted_comment=comment).encode("utf-8")
    moment = _moment(contents.created_at)
    fd, tmp_name = tempfile.mkstemp(dir=out_dir, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    tmp = Path(tmp_name)
    sig_tmp: Path | None = None
    reader: IO[bytes] | None = None
    try:
        # The quick read-back starts while the bundle is written (see _Flusher).
        reader = tmp.open("rb", buffering=0) if verify_identity is None else None
        with os.fdopen(fd, "wb") as handle:
            sink = _Sink(handle, reader)
            # The read-back compares the stick's bytes with these by SHA-256, twice as fast
            # as BLAKE2b here, rather than hashing them again for the signature.
            written = hashlib.sha256()
            try:
                encrypted = AgeWriter(_SinkWriter(sink), recipients, on_chunk=written.update)
                with zipfile.ZipFile(encrypted, "w", allowZip64=True) as archive:
                    for s in spooled:
                        s.handle.seek(0)
                        info = _zip_info(
                            f"{RECORDS_DIR}{s.table}.jsonl", moment, zipfile.ZIP_DEFLATED
                        )
                        _copy_into(archive, info, s.handle, s.size, meter)
                    for a in files:
                        info = _zip_info(f"{FILES_DIR}{a.sha256}", moment, zipfile.ZIP_STORED)
                        with _open_source(a.source) as source:
                            _copy_into(archive, info, source, a.size, meter, expect_sha256=a.sha256)
                    if keys is not None:
                        archive.writestr(_zip_info(KEYS_MEMBER, moment, zipfile.ZIP_STORED), keys)
                    archive.writestr(_zip_info(MANIFEST, moment, zipfile.ZIP_DEFLATED), manifest)
                    archive.writestr(
                        _zip_info(MANIFEST_SIG, moment, zipfile.ZIP_STORED), manifest_sig
                    )
                encrypted.finish()
            finally:
                sink.close()
            blake, sha256, size = sink.digest, written.digest(), sink.size
            read_early = _ReadBack(sink.flusher.checked, sink.flusher.read_back)
            if sink.flusher.read_error is not None:
                read_early.error = sink.flusher.read_error
            if reader is not None:
                reader.close()  # before the rename below (Windows renames no open file)
            handle.flush()
            os.fsync(handle.fileno())
        if size > FAT32_LIMIT:
            raise BundleWriteError(
                _("Bundel melebihi 4 GB ({size}); tidak ditulis.").format(size=_size_text(size))
            )
        signature = signing_key.sign_digest(
            blake,
            trusted_comment=f"netral-bundle office:{contents.office_code} seq:{seq} "
            f"size:{size} file:{name}",
        )
        fd2, sig_name = tempfile.mkstemp(dir=out_dir, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
        sig_tmp = Path(sig_name)
        with os.fdopen(fd2, "wb") as sig_handle:
            sig_handle.write(signature.encode("utf-8"))
            sig_handle.flush()
            os.fsync(sig_handle.fileno())
        # The signature first: a .netral on the stick always has its .minisig beside it.
        os.replace(sig_tmp, sig_target)
        os.replace(tmp, target)
        with contextlib.suppress(OSError):
            sync_folder(out_dir)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if sig_tmp is not None:
            sig_tmp.unlink(missing_ok=True)
        raise BundleWriteError(explain(target, exc), code="bundle_write") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        if sig_tmp is not None:
            sig_tmp.unlink(missing_ok=True)
        raise
    finally:
        if reader is not None:
            reader.close()
    try:
        _read_back(
            target,
            signing_key.public(),
            contents,
            verify_identity,
            meter,
            expect_manifest=manifest_sha256,
            written=(blake, sha256),
            read_early=read_early,
            work_dir=work_dir,
        )
    except BaseException:
        target.unlink(missing_ok=True)
        sig_target.unlink(missing_ok=True)
        raise
    records = sum(s.count for s in spooled)
    return BundlePaths(target, sig_target, seq, manifest_sha256, size, records, len(files))


def _drop_cache(path: Path) -> None:
    """Forget the file's pages so reading it back reads the stick, not memory."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            _forget(fd, 0, 0)
        finally:
            os.close(fd)


def _read_back(
    target: Path,
    public: minisign.PublicKey,
    contents: BundleContents,
    identity: str | None,
    meter: _Meter,
    *,
    expect_manifest: str,
    written: tuple[bytes, bytes],
    read_early: _ReadBack,
    work_dir: Path | None,
) -> None:
    """Read the bundle just written back from the stick and check it. By default: every byte
    read again must hash (SHA-256) to what was written, whose BLAKE2b the signature beside it
    must verify (``read_early``: the part already read back while the rest was written). With
    ``identity``: as a reader would, decrypted and every member checked."""
    _drop_cache(target)
    signer = TrustedSigner(contents.office_code, contents.office_name, public)
    try:
        if identity is None:
            blake, sha256 = written
            signature = target.with_name(target.name + SIG_SUFFIX).read_text("utf-8")
            try:
                public.verify_digest(blake, signature)
            except minisign.MinisignError as exc:
                raise BundleRefused("signature", _signature_message(target)) from exc
            if read_early.error is not None:
                raise read_early.error
            digest = read_early.digest
            meter.add(read_early.checked)
            for chunk in _read_ahead(target, read_early.checked):
                digest.update(chunk)
                meter.add(len(chunk))
            if digest.digest() != sha256:
                raise BundleRefused("hash_mismatch", _("isinya berbeda dari yang ditulis"))
            return
        with read_bundle(
            target,
            trust=TrustList([signer]),
            identity=identity,
            on_bytes=meter.add,
            allow_gap=True,
            work_dir=work_dir,
        ) as verified:
            if verified.manifest_sha256 != expect_manifest:
                raise BundleRefused("hash_mismatch", "manifest differs")
    except BundleRefused as exc:
        raise BundleWriteError(
            _(
                "Bundel {name} yang baru ditulis tidak lolos pemeriksaan ulang ({reason}); "
                "flashdisk mungkin rusak. Bundel dihapus; coba flashdisk lain."
            ).format(name=target.name, reason=exc)
        ) from exc
    except OSError as exc:
        raise BundleWriteError(
            _(
                "Bundel {name} yang baru ditulis tidak dapat dibaca ulang ({reason}); "
                "flashdisk mungkin rusak atau dicabut. Coba lagi."
            ).format(name=target.name, reason=exc.strerror or exc)
        ) from exc


@dataclass
class _ReadBack:
    """How much of a bundle was read back while it was written, and their SHA-256."""

    checked: int
    digest: Any
    error: OSError | None = None


def _read_ahead(path: Path, offset: int = 0) -> Iterator[bytes]:
    """The file's chunks from ``offset``, read by a thread of its own a few chunks ahead, so
    the disk works while the caller hashes (both let go of the GIL)."""
    chunks: queue.Queue[bytes | BaseException] = queue.Queue(maxsize=4)
    stop = threading.Event()

    def read() -> None:
        try:
            with path.open("rb", buffering=0) as handle:
                position = offset
                while not stop.is_set():
                    chunk = _read_at(handle, position, _CHUNK)
                    chunks.put(chunk)
                    if not chunk:
                        return
                    position += len(chunk)
        except BaseException as exc:  # handed to the reading caller
            chunks.put(exc)

    reader = threading.Thread(target=read, name="bundle-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            item = chunks.get()
            if isinstance(item, BaseException):
                raise item
            if not item:
                return
            yield item
    finally:
        stop.set()
        while reader.is_alive():  # unblock a reader waiting on the full queue
            with contextlib.suppress(queue.Empty):
                chunks.get(timeout=0.05)
        reader.join()


def _verify_outer(
    path: Path, signature: str, public: minisign.PublicKey, count: Callable[[int], None] | None
) -> None:
    digest = minisign.prehash()
    for chunk in _read_ahead(path):
        digest.update(chunk)
        if count is not None:
            count(len(chunk))
    try:
        public.verify_digest(digest.digest(), signature)
    except minisign.MinisignError as exc:
        raise BundleRefused("signature", _signature_message(path)) from exc


def seal_keys(payload: Mapping[str, Any], recipients: Sequence[str]) -> bytes:
    """The keys member: ``payload`` (JSON: ``format`` "netral-keys", ``version`` 1,
    ``office``, ``data_key_id``, ``purposes`` {purpose: base64 key}) as an age file to
    ``recipients`` (the province: never the office itself, whose age identity alone must not
    open what its data key sealed)."""
    if not recipients:
        raise ValueError("the keys member needs a recipient")
    for recipient in recipients:
        office_keys.check_recipient(recipient)
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    out = io.BytesIO()
    writer = AgeWriter(out, recipients)
    writer.write(text.encode("utf-8"))
    writer.finish()
    return out.getvalue()


@dataclass(frozen=True)
class OfficeKeysMember:
    """What a keys member holds, checked: the office, its data key's id, and the 32-byte key
    of each purpose."""

    office_code: str
    data_key_id: str
    purposes: dict[str, bytes]


def open_keys(data: bytes, identity: str | Sequence[str], *, office_code: str) -> OfficeKeysMember:
    """Decrypt and check a keys member with this office's age identity (or any of several:
    the current one and those replaced by key rotations); BundleRefused when it
    is not for this office, does not decrypt, or is not a keys document of ``office_code``
    (the bundle's office, whose signature covers the member's hash)."""
    import base64
    import binascii

    import pyrage

    if len(data) > MAX_KEYS:
        raise _bomb(KEYS_MEMBER)
    try:
        plain = pyrage.decrypt(data, office_keys.parse_identities(identity))
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            raise _refuse(
                "not_for_us",
                _(
                    "Bundel ditolak: kunci segel kantor {office} di dalamnya tidak dienkripsi "
                    "untuk kantor ini. Pastikan kantor itu memakai berkas kepercayaan terbaru, "
                    "lalu minta bundel baru."
                ).format(office=office_code),
            ) from exc
        raise _refuse(
            "decryption",
            _("Bundel ditolak: {name} tidak dapat dibuka ({reason}).").format(
                name=KEYS_MEMBER, reason=exc
            ),
        ) from exc
    try:
        raw = json.loads(plain.decode("utf-8"))
        if not isinstance(raw, dict) or raw.get("format") != KEYS_FORMAT:
            raise ValueError("format")
        if raw.get("version") != 1 or raw.get("office") != office_code:
            raise ValueError("office")
        key_id = raw.get("data_key_id")
        if not isinstance(key_id, str) or not re.fullmatch(r"[0-9a-f]{8,32}", key_id):
            raise ValueError("data_key_id")
        purposes = raw.get("purposes")
        if not isinstance(purposes, dict):
            raise ValueError("purposes")
        keys: dict[str, bytes] = {}
        for purpose, text in purposes.items():
            if not isinstance(purpose, str) or not re.fullmatch(
                r"[a-z][a-z0-9_.:-]{0,63}", purpose
            ):
                raise ValueError("purpose")
            key = base64.b64decode(str(text).encode("ascii"), validate=True)
            if len(key) != 32:
                raise ValueError("key")
            keys[purpose] = key
    except (UnicodeError, ValueError, RecursionError, binascii.Error) as exc:
        raise _refuse(
            "malformed_record",
            _("Bundel ditolak: {name} bukan berkas kunci kantor {office} yang sah.").format(
                name=KEYS_MEMBER, office=office_code
            ),
        ) from exc
    return OfficeKeysMember(office_code, key_id, keys)


# --- reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberEntry:
    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    format_version: int
    schema_version: str
    app_version: str
    office_code: str
    office_name: str
    device: str
    seq: int
    prev: str | None
    created_at: str
    acknowledged_seq: int | None
    chain_head: tuple[int, str] | None
    record_counts: dict[str, int]
    file_count: int
    members: tuple[MemberEntry, ...]
    raw: dict[str, Any]

    @property
    def tables(self) -> list[str]:
        return [
            m.path[len(RECORDS_DIR) : -len(".jsonl")]
            for m in self.members
            if m.path.startswith(RECORDS_DIR)
        ]

    @property
    def attachments(self) -> list[str]:
        return [m.sha256 for m in self.members if m.path.startswith(FILES_DIR)]

    @property
    def has_keys(self) -> bool:
        return any(m.path == KEYS_MEMBER for m in self.members)


@dataclass(frozen=True)
class SeenBundle:
    """The newest bundle of an office the reader's side already holds."""

    seq: int
    manifest_sha256: str


class VerifiedBundle:
    """A bundle that passed every check. Rows and attachments are read from a private
    decrypted copy, deleted by ``close`` (or leaving the ``with`` block)."""

    def __init__(
        self,
        path: Path,
        manifest: Manifest,
        manifest_sha256: str,
        signer: TrustedSigner,
        plain: Path,
        is_replay: bool,
        gap: tuple[int, int] | None,
    ) -> None:
        self.path = path
        self.manifest = manifest
        self.manifest_sha256 = manifest_sha256
        self.signer = signer
        self.is_replay = is_replay  # the same bundle already taken in (seq and manifest)
        self.gap = gap  # (first missing seq, last missing seq) when allowed through
        self._plain = plain
        self._archive: zipfile.ZipFile | None = zipfile.ZipFile(plain)
        # Rows parsed by the checks (read_bundle): handed out once instead of parsed again.
        self._parsed: dict[str, list[BundleRow]] = {}

    @property
    def office_code(self) -> str:
        return self.manifest.office_code

    @property
    def seq(self) -> int:
        return self.manifest.seq

    def tables(self) -> list[str]:
        return self.manifest.tables

    def records(self, table: str) -> Iterator[BundleRow]:
        """The rows of ``table`` in file order (checked already: no parse can fail here)."""
        archive = self._open()
        name = f"{RECORDS_DIR}{table}.jsonl"
        if name not in archive.NameToInfo:
            return
        kept = self._parsed.pop(table, None)  # once: the rows are the caller's from here
        if kept is not None:
            yield from kept
            return
        with archive.open(name) as handle:
            for raw in handle:
                yield _parse_row(json.loads(raw))

    def attachments(self) -> list[str]:
        return self.manifest.attachments

    def keys(self) -> bytes | None:
        """The keys member as it came (still encrypted: ``open_keys``), or None: a bundle
        of an older version, or an office that sent none."""
        if not self.manifest.has_keys:
            return None
        with self._open().open(KEYS_MEMBER) as handle:
            return handle.read(MAX_KEYS + 1)

    def open_attachment(self, sha256: str) -> IO[bytes]:
        return self._open().open(f"{FILES_DIR}{sha256}")

    def attachment_size(self, sha256: str) -> int:
        return self._open().getinfo(f"{FILES_DIR}{sha256}").file_size

    def _open(self) -> zipfile.ZipFile:
        if self._archive is None:
            raise ValueError("bundle closed")
        return self._archive

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None
        self._plain.unlink(missing_ok=True)

    def __enter__(self) -> VerifiedBundle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _signature_message(path: Path) -> str:
    return _(
        "Tanda tangan bundel {name} tidak cocok dengan isinya: berkas diubah atau rusak di "
        "perjalanan. Minta kantor pengirim membuat bundel lagi."
    ).format(name=path.name)


def _refuse(check: str, message: str) -> BundleRefused:
    return BundleRefused(check, message)


def _parse_row(obj: Any) -> BundleRow:
    if not isinstance(obj, dict) or set(obj) != set(ROW_FIELDS):
        raise ValueError("not a row object")
    row_id, revision, origin = obj["id"], obj["revision"], obj["origin"]
    updated_at, deleted, data = obj["updated_at"], obj["deleted"], obj["data"]
    if not isinstance(row_id, str) or not 0 < len(row_id) <= 64:
        raise ValueError("id")
    if type(revision) is not int or revision < 1:
        raise ValueError("revision")
    if not isinstance(origin, str) or "/" not in origin or len(origin) > 64:
        raise ValueError("origin")
    if not isinstance(updated_at, str) or not 0 < len(updated_at) <= 40:
        raise ValueError("updated_at")
    if type(deleted) is not bool:
        raise ValueError("deleted")
    if not isinstance(data, dict):
        raise ValueError("data")
    return BundleRow(row_id, revision, origin, updated_at, deleted, data)


def read_bundle(
    path: Path,
    *,
    trust: TrustList,
    identity: str | Sequence[str],
    last_seen: SeenBundle | None = None,
    seen_manifest: Callable[[int], str | None] | None = None,
    allow_gap: bool = False,
    schema_versions: Sequence[str] | None = None,
    work_dir: Path | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> VerifiedBundle:
    """Check the bundle at ``path`` (signature beside it) against ``trust``, decrypt it with
    ``identity`` (or the first of several that opens it: a province keeps the identity its
    key rotation replaced, for bundles encrypted to it before) and check everything inside;
    BundleRefused naming the failed check, or the VerifiedBundle (use it in a ``with``
    block).

    ``last_seen``: the newest bundle of this office already taken in. A bundle of the same or
    an older seq is a replay (``is_replay``) when its manifest is the one held for that seq
    (``seen_manifest(seq)`` for older ones), else refused; a seq past last_seen.seq + 1 is a
    gap, refused unless ``allow_gap``; the next seq must name last_seen's manifest as prev.
    ``schema_versions``: the schema revisions this program knows, oldest first (default: the
    store's); a bundle from a newer one is refused.
    """
    path = Path(path)
    count = on_bytes or (lambda _n: None)
    sig_path = path.with_name(path.name + SIG_SUFFIX)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    signature = _read_signature(sig_path)
    signer = _signer(signature, trust, path)
    public = signer.public_key
    try:
        comment = public.verify_comment(signature)
    except minisign.MinisignError as exc:
        raise _refuse("signature", _signature_message(path)) from exc
    declared = re.search(r"\bsize:(\d+)\b", comment)
    if declared is not None and int(declared.group(1)) != size:
        raise _refuse(
            "truncated",
            _(
                "Bundel {name} tidak lengkap: ukurannya {size} bita, padahal ditandatangani "
                "{declared} bita (terpotong saat disalin?). Salin ulang dari flashdisk pengirim."
            ).format(name=path.name, size=size, declared=declared.group(1)),
        )
    try:
        _verify_outer(path, signature, public, on_bytes)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    # The decrypted archive is a private temporary file (0600) named as every write in
    # progress is: where a kill leaves it in the data folder, 'netral check --repair' removes
    # it.
    fd, plain_name = tempfile.mkstemp(
        prefix=f"{TEMP_PREFIX}bundle-",
        suffix=TEMP_SUFFIX,
        dir=None if work_dir is None else str(work_dir),
    )
    os.close(fd)
    plain = Path(plain_name)
    try:
        _decrypt(path, plain, identity)
        parsed: dict[str, list[BundleRow]] = {}
        manifest, manifest_sha256 = _check_archive(plain, signer, schema_versions, count, parsed)
        is_replay, gap = _check_sequence(
            manifest, manifest_sha256, last_seen, seen_manifest, allow_gap
        )
        verified = VerifiedBundle(path, manifest, manifest_sha256, signer, plain, is_replay, gap)
        verified._parsed = parsed
        return verified
    except BaseException:
        plain.unlink(missing_ok=True)
        raise


def _unreadable(path: Path, exc: OSError) -> BundleRefused:
    return _refuse(
        "unreadable",
        _("Berkas bundel {name} tidak dapat dibaca: {reason}.").format(
            name=path.name, reason=exc.strerror or exc
        ),
    )


def _read_signature(sig_path: Path) -> str:
    try:
        with sig_path.open("rb") as handle:
            raw = handle.read(MAX_SIGNATURE + 1)
    except FileNotFoundError as exc:
        raise _refuse(
            "signature_missing",
            _(
                "Tanda tangan bundel tidak ada: {name} harus ada di samping bundelnya. Salin "
                "kedua berkas dari flashdisk pengirim."
            ).format(name=sig_path.name),
        ) from exc
    except OSError as exc:
        raise _refuse(
            "unreadable",
            _("Berkas {name} tidak dapat dibaca: {reason}.").format(
                name=sig_path.name, reason=exc.strerror or exc
            ),
        ) from exc
    try:
        text = raw.decode("utf-8")
        if len(raw) > MAX_SIGNATURE:
            raise ValueError("too long")
        minisign.signature_key_id(text)
    except (ValueError, minisign.MinisignError) as exc:
        raise _refuse(
            "signature",
            _("Berkas {name} bukan tanda tangan minisign yang sah.").format(name=sig_path.name),
        ) from exc
    return text


def _signer(signature: str, trust: TrustList, path: Path) -> TrustedSigner:
    key_id = minisign.signature_key_id(signature)
    signer = trust.signer(key_id)
    key_text = minisign.key_id_text(key_id)
    if signer is None:
        raise _refuse(
            "untrusted_key",
            _(
                "Bundel {name} ditandatangani kunci {key} yang tidak dikenal (tidak ada di "
                "berkas kepercayaan). Impor berkas pendaftaran kantor itu dulu."
            ).format(name=path.name, key=key_text),
        )
    if signer.revoked:
        raise _refuse(
            "revoked_key",
            _(
                "Bundel {name} ditandatangani kunci {key} milik {office} yang sudah dicabut. "
                "Bundel ditolak; kantor itu harus mendaftarkan kunci barunya."
            ).format(name=path.name, key=key_text, office=signer.office_code),
        )
    return signer


def _decrypt(path: Path, plain: Path, identity: str | Sequence[str]) -> None:
    import pyrage

    try:
        with path.open("rb") as source, plain.open("wb") as target:
            pyrage.decrypt_io(source, target, office_keys.parse_identities(identity))
    except pyrage.DecryptError as exc:
        if "no matching keys" in str(exc).lower():
            raise _refuse(
                "not_for_us",
                _(
                    "Bundel {name} tidak dienkripsi untuk kantor ini (kunci age-nya bukan "
                    "kunci kita). Pastikan kantor pengirim memakai berkas kepercayaan terbaru."
                ).format(name=path.name),
            ) from exc
        raise _refuse(
            "decryption",
            _("Bundel {name} tidak dapat dibuka (lapisan enkripsi rusak: {reason}).").format(
                name=path.name, reason=exc
            ),
        ) from exc
    except OSError as exc:
        if exc.errno is not None:
            # The disk, not the bundle: reading the stick, or room for the decrypted copy.
            if exc.filename is not None and Path(exc.filename) == path:
                raise _unreadable(path, exc) from exc
            raise NetralError(explain(plain, exc), code="bundle_no_room") from exc
        raise _refuse(
            "decryption",
            _("Bundel {name} tidak dapat dibuka (lapisan enkripsi rusak: {reason}).").format(
                name=path.name, reason=exc
            ),
        ) from exc


def _member_problem(name: str) -> tuple[str, str] | None:
    if "\\" in name or "\0" in name:
        return "path_escape", _(
            "Bundel ditolak: nama anggota '{name}' memuat garis miring terbalik."
        )
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "absolute_path", _("Bundel ditolak: anggota '{name}' memakai jalur absolut.")
    parts = name.split("/")
    if any(p in ("..", ".") for p in parts) or "" in parts:
        return "path_escape", _("Bundel ditolak: anggota '{name}' menunjuk ke luar arsip.")
    return None


def _check_archive(
    plain: Path,
    signer: TrustedSigner,
    schema_versions: Sequence[str] | None,
    count: Callable[[int], None],
    parsed: dict[str, list[BundleRow]],
) -> tuple[Manifest, str]:
    """Every check of the archive; ``parsed`` receives each table's rows as they were parsed
    to be checked (while their text stays under KEEP_PARSED_BYTES in all)."""
    budget = KEEP_PARSED_BYTES
    try:
        archive = zipfile.ZipFile(plain)
    except _ZIP_ERRORS as exc:
        raise _refuse("not_zip", _("Isi bundel bukan arsip ZIP yang utuh.")) from exc
    with archive:
        try:
            infos = archive.infolist()
        except _ZIP_ERRORS as exc:
            raise _refuse("not_zip", _("Isi bundel bukan arsip ZIP yang utuh.")) from exc
        seen: set[str] = set()
        folded: set[str] = set()  # Windows and macOS would unpack 'A' and 'a' to one file
        for info in infos:
            name = info.filename
            if name in seen or name.casefold() in folded:
                raise _refuse(
                    "duplicate_name",
                    _("Bundel ditolak: anggota '{name}' muncul dua kali di arsip.").format(
                        name=name
                    ),
                )
            seen.add(name)
            folded.add(name.casefold())
            problem = _member_problem(name)
            if problem is not None:
                raise _refuse(problem[0], problem[1].format(name=name))
            mode = info.external_attr >> 16
            # Unix attributes may name no type (Python's zipfile), never one but a file.
            if info.create_system == 3 and stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                raise _refuse(
                    "link",
                    _(
                        "Bundel ditolak: anggota '{name}' adalah tautan atau bukan berkas biasa."
                    ).format(name=name),
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or (
                info.flag_bits & 0x1
            ):
                raise _refuse(
                    "not_zip",
                    _(
                        "Bundel ditolak: anggota '{name}' dikemas dengan cara yang tidak dikenal."
                    ).format(name=name),
                )
            if info.is_dir():
                raise _refuse(
                    "unlisted_member",
                    _("Bundel ditolak: anggota '{name}' tidak tercantum di manifest.").format(
                        name=name
                    ),
                )
        for required, check in ((MANIFEST, "manifest"), (MANIFEST_SIG, "inner_signature_missing")):
            if required not in seen:
                raise _refuse(
                    check,
                    _("Bundel ditolak: {name} tidak ada di dalam arsip.").format(name=required),
                )
        manifest_bytes = _read_small(archive, MANIFEST, MAX_MANIFEST)
        sig_bytes = _read_small(archive, MANIFEST_SIG, MAX_SIGNATURE)
        try:
            signer.public_key.verify(manifest_bytes, sig_bytes.decode("utf-8"))
        except (minisign.MinisignError, UnicodeDecodeError) as exc:
            raise _refuse(
                "inner_signature",
                _(
                    "Bundel ditolak: tanda tangan manifest.json tidak sah untuk kunci kantor "
                    "{office}."
                ).format(office=signer.office_code),
            ) from exc
        manifest = _parse_manifest(manifest_bytes, schema_versions)
        if manifest.office_code != signer.office_code:
            raise _refuse(
                "office_mismatch",
                _(
                    "Bundel ditolak: manifest menyebut kantor {named}, tetapi ditandatangani "
                    "kunci kantor {signer}."
                ).format(named=manifest.office_code, signer=signer.office_code),
            )
        listed = {m.path: m for m in manifest.members}
        for name in seen - {MANIFEST, MANIFEST_SIG}:
            if name not in listed:
                raise _refuse(
                    "unlisted_member",
                    _("Bundel ditolak: anggota '{name}' tidak tercantum di manifest.").format(
                        name=name
                    ),
                )
        for member in manifest.members:
            if member.path not in seen:
                raise _refuse(
                    "missing_member",
                    _("Bundel ditolak: '{name}' tercantum di manifest tetapi tidak ada.").format(
                        name=member.path
                    ),
                )
            budget = _check_member(
                archive, archive.getinfo(member.path), member, manifest, count, parsed, budget
            )
        return manifest, hashlib.sha256(manifest_bytes).hexdigest()


def _read_small(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    info = archive.getinfo(name)
    check = "manifest" if name == MANIFEST else "inner_signature"
    if info.file_size > limit:
        raise _refuse(check, _("Bundel ditolak: {name} terlalu besar.").format(name=name))
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except _ZIP_ERRORS as exc:
        raise _refuse(check, _("Bundel ditolak: {name} rusak.").format(name=name)) from exc
    if len(data) > limit:
        raise _refuse("archive_bomb", _("Bundel ditolak: {name} terlalu besar.").format(name=name))
    return data


def _manifest_error(reason: str) -> BundleRefused:
    return _refuse(
        "manifest", _("Bundel ditolak: manifest.json tidak sah ({reason}).").format(reason=reason)
    )


def _parse_manifest(data: bytes, schema_versions: Sequence[str] | None) -> Manifest:
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _manifest_error("bukan JSON") from exc
    if not isinstance(raw, dict):
        raise _manifest_error("bukan objek JSON")
    if raw.get("format") != FORMAT:
        raise _refuse(
            "unknown_format",
            _("Bundel ditolak: formatnya '{format}', bukan {expected}.").format(
                format=str(raw.get("format"))[:40], expected=FORMAT
            ),
        )
    version = raw.get("format_version")
    if type(version) is not int or version < 1:
        raise _manifest_error("format_version")
    if version > FORMAT_VERSION:
        raise _refuse(
            "future_format",
            _(
                "Bundel ini dibuat versi program yang lebih baru (format {version}; program ini "
                "membaca sampai {known}). Perbarui Netral Desktop, lalu impor lagi."
            ).format(version=version, known=FORMAT_VERSION),
        )
    schema = raw.get("schema_version")
    known = list(schema_versions) if schema_versions is not None else _store_schemas()
    if not isinstance(schema, str) or not re.fullmatch(r"\d{4}", schema):
        raise _manifest_error("schema_version")
    if schema not in known:
        newer = not known or int(schema) > int(known[-1])
        raise _refuse(
            "newer_schema" if newer else "unknown_format",
            _(
                "Bundel ini dibuat dengan skema basis data {schema} yang lebih baru dari skema "
                "program ini ({mine}). Perbarui Netral Desktop, lalu impor lagi."
            ).format(schema=schema, mine=known[-1] if known else "-")
            if newer
            else _("Bundel ditolak: skema basis data {schema} tidak dikenal.").format(
                schema=schema
            ),
        )
    try:
        office = raw["office"]
        code, name = office["code"], office["name"]
        device, seq, prev = raw["device"], raw["seq"], raw["prev"]
        created_at, acknowledged = raw["created_at"], raw["acknowledged_seq"]
        app_version = raw["app_version"]
        head = raw["chain_head"]
        counts = raw["counts"]
        members_raw = raw["files"]
        for value in (code, name, device, created_at, app_version):
            if not isinstance(value, str):
                raise ValueError("text field")
        if type(seq) is not int or seq < 1:
            raise ValueError("seq")
        if prev is not None and (not isinstance(prev, str) or not _SHA256.match(prev)):
            raise ValueError("prev")
        if acknowledged is not None and (type(acknowledged) is not int or acknowledged < 0):
            raise ValueError("acknowledged_seq")
        chain_head = None
        if head is not None:
            if type(head["seq"]) is not int or not isinstance(head["mac"], str):
                raise ValueError("chain_head")
            chain_head = (head["seq"], head["mac"])
        record_counts = counts["records"]
        if not isinstance(record_counts, dict) or not all(
            isinstance(k, str) and type(v) is int and v >= 0 for k, v in record_counts.items()
        ):
            raise ValueError("counts")
        file_count = counts["files"]
        if type(file_count) is not int:
            raise ValueError("counts")
        if not isinstance(members_raw, list):
            raise ValueError("files")
        members = []
        paths: set[str] = set()
        for m in members_raw:
            entry = MemberEntry(m["path"], m["sha256"], m["size"])
            if not isinstance(entry.path, str) or not isinstance(entry.sha256, str):
                raise ValueError("files")
            if type(entry.size) is not int or entry.size < 0 or not _SHA256.match(entry.sha256):
                raise ValueError("files")
            if entry.path in paths:
                raise _refuse(
                    "duplicate_name",
                    _("Bundel ditolak: '{name}' tercantum dua kali di manifest.").format(
                        name=entry.path
                    ),
                )
            paths.add(entry.path)
            problem = _member_problem(entry.path)
            if problem is not None:
                raise _refuse(problem[0], problem[1].format(name=entry.path))
            if entry.path.startswith(RECORDS_DIR):
                table = entry.path[len(RECORDS_DIR) :]
                if not table.endswith(".jsonl") or not _TABLE.match(table[: -len(".jsonl")]):
                    raise ValueError(f"member {entry.path}")
            elif entry.path.startswith(FILES_DIR):
                if entry.path[len(FILES_DIR) :] != entry.sha256:
                    raise ValueError(f"member {entry.path}")
            elif entry.path == KEYS_MEMBER:
                if entry.size > MAX_KEYS:
                    raise ValueError(f"member {entry.path}")
            else:
                raise ValueError(f"member {entry.path}")
            members.append(entry)
    except BundleRefused:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise _manifest_error(str(exc)[:80]) from exc
    manifest = Manifest(
        version,
        schema,
        app_version,
        code,
        name,
        device,
        seq,
        prev,
        created_at,
        acknowledged,
        chain_head,
        dict(record_counts),
        file_count,
        tuple(members),
        raw,
    )
    if set(record_counts) != set(manifest.tables) or file_count != len(manifest.attachments):
        raise _refuse(
            "counts",
            _("Bundel ditolak: jumlah di manifest tidak cocok dengan daftar anggotanya."),
        )
    return manifest


def _store_schemas() -> list[str]:
    from netral_desktop.store.models import SCHEMA_HISTORY

    return list(SCHEMA_HISTORY)


def _check_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    member: MemberEntry,
    manifest: Manifest,
    count: Callable[[int], None],
    parsed: dict[str, list[BundleRow]],
    budget: int,
) -> int:
    """Check one member (size, hash, and for records every line); returns what is left of
    ``budget``, the record text whose parsed rows may still be kept in ``parsed``."""
    name = member.path
    if info.file_size != member.size:
        raise _refuse(
            "size_mismatch",
            _(
                "Bundel ditolak: ukuran '{name}' di arsip {actual} bita, di manifest {declared}."
            ).format(name=name, actual=info.file_size, declared=member.size),
        )
    if info.file_size > 1 << 20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _bomb(name)
    if info.flag_bits & 0x1:
        raise _refuse(
            "not_zip", _("Bundel ditolak: anggota '{name}' terenkripsi.").format(name=name)
        )
    digest = hashlib.sha256()
    is_records = name.startswith(RECORDS_DIR)
    table = name[len(RECORDS_DIR) : -len(".jsonl")] if is_records else ""
    rows = 0
    ids: set[str] = set()
    read = 0
    keep = is_records and info.file_size <= budget
    kept: list[BundleRow] = []
    try:
        with archive.open(info) as handle:
            if is_records:
                # A megabyte at a time, split into lines here: zipfile's readline is slow.
                pending = b""
                while chunk := handle.read(_CHUNK):
                    read += len(chunk)
                    digest.update(chunk)
                    count(len(chunk))
                    lines = (pending + chunk).split(b"\n") if pending else chunk.split(b"\n")
                    pending = lines.pop()  # after the last newline: the next line's start
                    for line in lines:
                        rows += 1
                        row = _check_line(line, table, rows, manifest.office_code, ids)
                        if keep:
                            kept.append(row)
                    if len(pending) >= MAX_RECORD_LINE:
                        _line_cut(table, rows + 1)
                if pending:
                    _line_cut(table, rows + 1)  # the last line is not ended: cut short
            else:
                while chunk := handle.read(_CHUNK):
                    read += len(chunk)
                    digest.update(chunk)
                    count(len(chunk))
            # zipfile stops at the declared size; packed data left over means the member
            # would unpack to more than it says.
            if getattr(handle, "_compress_left", 0) > 0 or getattr(
                getattr(handle, "_decompressor", None), "unconsumed_tail", b""
            ):
                raise _bomb(name)
    except BundleRefused:
        raise
    except _ZIP_ERRORS as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise
        raise _refuse(
            "hash_mismatch",
            _("Bundel ditolak: anggota '{name}' rusak ({reason}).").format(name=name, reason=exc),
        ) from exc
    if read != member.size:
        raise _refuse(
            "size_mismatch",
            _("Bundel ditolak: '{name}' berisi {actual} bita, di manifest {declared}.").format(
                name=name, actual=read, declared=member.size
            ),
        )
    if digest.hexdigest() != member.sha256:
        raise _refuse(
            "hash_mismatch",
            _("Bundel ditolak: sidik SHA-256 '{name}' tidak cocok dengan manifest.").format(
                name=name
            ),
        )
    if is_records and rows != manifest.record_counts.get(table):
        raise _refuse(
            "counts",
            _("Bundel ditolak: {table} berisi {rows} baris, di manifest {declared}.").format(
                table=table, rows=rows, declared=manifest.record_counts.get(table)
            ),
        )
    if keep:
        parsed[table] = kept
        return budget - info.file_size
    return budget


def _bomb(name: str) -> BundleRefused:
    return _refuse(
        "archive_bomb",
        _(
            "Bundel ditolak: anggota '{name}' akan terurai jauh lebih besar dari ukuran yang "
            "dinyatakan (bom arsip)."
        ).format(name=name),
    )


def _where(table: str, number: int) -> str:
    return _("baris {n} di {table}").format(n=number, table=table)


def _line_cut(table: str, number: int) -> NoReturn:
    raise _refuse(
        "malformed_record",
        _("Bundel ditolak: {where} terlalu panjang atau terpotong.").format(
            where=_where(table, number)
        ),
    )


def _check_line(line: bytes, table: str, number: int, office_code: str, ids: set[str]) -> BundleRow:
    """One record line (its newline taken off) parsed and checked."""
    if len(line) >= MAX_RECORD_LINE:
        _line_cut(table, number)
    try:
        row = _parse_row(_JSON.decode(line.decode("utf-8")))
    except (ValueError, RecursionError, UnicodeDecodeError) as exc:
        raise _refuse(
            "malformed_record",
            _("Bundel ditolak: {where} bukan baris data yang sah ({reason}).").format(
                where=_where(table, number), reason=str(exc)[:60]
            ),
        ) from exc
    if _origin_office(row.origin) != office_code:
        raise _refuse(
            "foreign_origin",
            _(
                "Bundel ditolak: {where} berasal dari kantor {origin}, padahal bundel ini dari "
                "kantor {office}."
            ).format(
                where=_where(table, number),
                origin=_origin_office(row.origin)[:20],
                office=office_code,
            ),
        )
    if row.id in ids:
        # One row, one line: two versions of it in one bundle would leave the merge to guess.
        raise _refuse(
            "malformed_record",
            _("Bundel ditolak: {where} mengulang baris {id} yang sudah ada di atasnya.").format(
                where=_where(table, number), id=row.id[:64]
            ),
        )
    ids.add(row.id)
    return row


def _check_sequence(
    manifest: Manifest,
    manifest_sha256: str,
    last_seen: SeenBundle | None,
    seen_manifest: Callable[[int], str | None] | None,
    allow_gap: bool,
) -> tuple[bool, tuple[int, int] | None]:
    seq = manifest.seq
    last = last_seen.seq if last_seen is not None else 0
    if last_seen is not None and seq <= last:
        held = (
            last_seen.manifest_sha256
            if seq == last
            else (seen_manifest(seq) if seen_manifest is not None else None)
        )
        if held == manifest_sha256:
            return True, None
        raise _refuse(
            "seq_replayed",
            _(
                "Bundel ditolak: nomor urut {seq} dari kantor {office} sudah pernah diterima "
                "(terakhir {last}) dengan isi yang berbeda."
            ).format(seq=seq, office=manifest.office_code, last=last),
        )
    if seq > last + 1:
        if not allow_gap:
            raise _refuse(
                "seq_gap",
                _(
                    "Bundel ditolak: nomor urut {seq} dari kantor {office}, padahal yang "
                    "terakhir diterima {last}. Impor dulu bundel {first} sampai {upto}."
                ).format(
                    seq=seq, office=manifest.office_code, last=last, first=last + 1, upto=seq - 1
                ),
            )
        return False, (last + 1, seq - 1)
    if last_seen is not None and manifest.prev != last_seen.manifest_sha256:
        raise _refuse(
            "prev_mismatch",
            _(
                "Bundel ditolak: bundel {seq} dari kantor {office} tidak menyambung ke bundel "
                "{last} yang sudah diterima (rantai 'prev' putus)."
            ).format(seq=seq, office=manifest.office_code, last=last),
        )
    return False, None

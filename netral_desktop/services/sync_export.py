"""What an office's next bundle carries, and writing it (``netral bundle export``).

A bundle carries every synced row changed since the last bundle the province acknowledged
(a receipt), and every attachment a live row names that the province has not acknowledged
holding. Until a receipt comes back, each bundle carries again what the earlier ones did, so a
lost or skipped bundle loses nothing: the next one covers it. Rows travel as stored: columns
kept encrypted at rest (reporter identities) go as the sealed bytes, never decrypted here;
beside them the office's keys for those two purposes, encrypted to the province alone
(services/peer_keys.py), so that the province can open them.

The bundle's number is taken (``sync_export``) before the file is written: a crash in between
leaves a number unused, which the province reports as a harmless gap, never a number used
twice for different content.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from netral_desktop.core.clock import iso_utc, parse_iso_utc
from netral_desktop.core.errors import NetralError
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import audit, integrity, peer_keys
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.gc_pause import gc_paused
from netral_desktop.store import blobs
from netral_desktop.store import sync as sync_store
from netral_desktop.store.models import SyncExport

SEED_ORIGIN = "seed"  # rows seeded with the same id in every office
# Rows are chosen by their clock stamp. A transaction that took its stamp before an export
# and committed after it would fall between two bundles; every bundle therefore reaches back
# this far before the acknowledged one's stamp (rows sent twice merge as unchanged).
CLOCK_MARGIN = timedelta(minutes=10)


class ExportCancelled(NetralError):
    code = "cancelled"


@dataclass
class OutgoingBundle:
    """What the next bundle carries, before it is written."""

    office_code: str
    office_name: str
    device: str
    seq: int
    prev: str | None
    created_at: str
    acknowledged_seq: int
    chain_head: tuple[int, str]
    records: dict[str, list[dict[str, Any]]]
    files: dict[str, Path] = field(default_factory=dict)  # sha256 -> the attachment's file
    clock: str = ""
    since: str | None = None
    # The office's purpose keys for the province (services/peer_keys.py), plain in memory
    # only: the writer encrypts them to the province alone. None: the bundle goes without.
    keys: dict[str, Any] | None = None

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.records.values())

    def counts(self) -> dict[str, int]:
        return {table: len(rows) for table, rows in self.records.items()}


@dataclass
class ExportResult:
    path: Path
    paths: list[Path]
    seq: int
    rows: int
    files: int
    manifest_sha256: str
    acknowledged_seq: int
    chain_head: tuple[int, str]
    seconds: float = 0.0


def _since(acknowledged: SyncExport | None) -> str | None:
    if acknowledged is None:
        return None
    wall, _sep, _counter = acknowledged.clock.partition("#")
    return iso_utc(parse_iso_utc(wall) - CLOCK_MARGIN)


@gc_paused()
def collect(
    ctx: ServiceContext,
    *,
    full: bool = False,
    cancel: Callable[[], bool] | None = None,
) -> OutgoingBundle:
    """The next bundle's contents (no number taken, nothing written)."""
    ctx.require(Permission.BUNDLE_EXPORT)
    assert ctx.layout is not None
    office = current_office(ctx)
    # The clock stamp this bundle reaches: taken before reading, so every row it does not
    # carry has a later stamp (or is within CLOCK_MARGIN, and carried again next time).
    clock = ctx.hlc.stamp()
    with ctx.db.read_session() as session:
        last = sync_store.last_export(session)
        written = sync_store.last_written(session)
        acknowledged = None if full else sync_store.last_acknowledged(session)
        since = _since(acknowledged)
        own = f"{office.code}/"
        records: dict[str, list[dict[str, Any]]] = {}
        for table in sync_store.synced_tables():
            if cancel is not None and cancel():
                raise ExportCancelled(_("Pembuatan bundel dibatalkan. Tidak ada yang ditulis."))
            # Only this office's rows (and the seeded ones it edited): rows merged here from
            # another office's bundle are that office's to send.
            rows = [
                r
                for r in sync_store.changed_records(session, table, since=since)
                if r["origin"].startswith(own) or r["origin"] == SEED_ORIGIN
            ]
            if rows:
                records[table.name] = rows
        wanted = sync_store.referenced_files(session)
        if not full:
            wanted -= sync_store.acknowledged_files(session)
    files = {}
    for sha in sorted(wanted):
        if not blobs.SHA256_RE.match(sha):
            continue
        path = blobs.blob_path(ctx.layout, sha)
        if path.is_file():
            files[sha] = path
    return OutgoingBundle(
        office_code=office.code,
        office_name=office.name,
        device=ctx.meta.get("device_id", ""),
        seq=(last.seq if last else 0) + 1,
        prev=written.manifest_sha256 if written else None,
        created_at=ctx.now_iso(),
        acknowledged_seq=acknowledged.seq if acknowledged else 0,
        chain_head=integrity.chain_head(ctx),
        records=records,
        files=files,
        clock=clock,
        since=since,
        keys=peer_keys.outgoing(ctx),
    )


# The writer of the bundle file: (outgoing, folder, progress=, cancel=) -> the bundles written
# (services/sync_bundle_io.py's, or a test's).
Writer = Callable[..., list[Any]]


def export_bundle(
    ctx: ServiceContext,
    folder: Path,
    *,
    full: bool = False,
    writer: Writer | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the next bundle into ``folder``; returns its path. Koordinator or admin."""
    actor = ctx.require(Permission.BUNDLE_EXPORT)
    started = time.perf_counter()
    outgoing = collect(ctx, full=full, cancel=cancel)
    with ctx.db.write_session() as session:
        # Take the number (another export may have taken it meanwhile: then the next one).
        latest = sync_store.last_export(session)
        outgoing.seq = max(outgoing.seq, (latest.seq if latest else 0) + 1)
        session.add(
            SyncExport(
                seq=outgoing.seq,
                created_at=outgoing.created_at,
                created_by=actor.username,
                clock=outgoing.clock,
                since=outgoing.since,
                acknowledged_seq=outgoing.acknowledged_seq,
                rows=outgoing.row_count,
                files=len(outgoing.files),
                chain_seq=outgoing.chain_head[0],
                chain_mac=outgoing.chain_head[1],
            )
        )
    write = writer or _default_writer(ctx)
    try:
        written = write(outgoing, folder, progress=progress, cancel=cancel)
    except BaseException:
        # Nothing written: the number goes back (no bundle carries it).
        with ctx.db.write_session() as session:
            sync_store.drop_unwritten(session, seq=outgoing.seq)
        raise
    first = written[0]
    with ctx.db.write_session() as session:
        for part in written:
            row = sync_store.export_by_seq(session, seq=part.seq)
            if row is None:  # a series past the size limit: the next numbers
                row = SyncExport(
                    seq=part.seq,
                    created_at=outgoing.created_at,
                    created_by=actor.username,
                    clock=outgoing.clock,
                    since=outgoing.since,
                    acknowledged_seq=outgoing.acknowledged_seq,
                    chain_seq=outgoing.chain_head[0],
                    chain_mac=outgoing.chain_head[1],
                )
            row.file_name = part.path.name
            row.manifest_sha256 = part.manifest_sha256
            row.rows, row.files = part.rows, part.files
            session.add(row)
            audit.record(
                session,
                at=ctx.now_iso(),
                actor=actor.username,
                action="bundle_export",
                table_name="sync_export",
                record_id=str(part.seq),
                new={
                    "file": part.path.name,
                    "manifest_sha256": part.manifest_sha256,
                    "rows": part.rows,
                    "files": part.files,
                    "acknowledged_seq": outgoing.acknowledged_seq,
                    "chain_head": list(outgoing.chain_head),
                },
            )
    return ExportResult(
        path=first.path,
        paths=[part.path for part in written],
        seq=first.seq,
        rows=outgoing.row_count,
        files=len(outgoing.files),
        manifest_sha256=first.manifest_sha256,
        acknowledged_seq=outgoing.acknowledged_seq,
        chain_head=outgoing.chain_head,
        seconds=time.perf_counter() - started,
    )


def _default_writer(ctx: ServiceContext) -> Writer:
    from netral_desktop.services import sync_bundle_io

    return sync_bundle_io.make_writer(ctx)


@dataclass(frozen=True)
class ExportRow:
    seq: int
    file_name: str
    created_at: str
    rows: int
    files: int
    acknowledged_at: str | None
    written: bool


def exports(ctx: ServiceContext, *, limit: int = 50) -> list[ExportRow]:
    """The bundles this office wrote, newest first, and which the province acknowledged."""
    ctx.require(Permission.BUNDLE_EXPORT)
    with ctx.db.read_session() as session:
        return [
            ExportRow(
                e.seq,
                e.file_name,
                e.created_at,
                e.rows,
                e.files,
                e.acknowledged_at,
                e.manifest_sha256 is not None,
            )
            for e in sync_store.exports(session, limit=limit)
        ]


@dataclass(frozen=True)
class ExportStatus:
    last_seq: int
    acknowledged_seq: int
    waiting: int  # bundles written and not yet acknowledged


def status(ctx: ServiceContext) -> ExportStatus:
    ctx.require(Permission.BUNDLE_EXPORT)
    with ctx.db.read_session() as session:
        last = sync_store.last_written(session)
        acknowledged = sync_store.last_acknowledged(session)
        rows = sync_store.exports(session, limit=1000)
    return ExportStatus(
        last.seq if last else 0,
        acknowledged.seq if acknowledged else 0,
        sum(1 for e in rows if e.manifest_sha256 and e.acknowledged_at is None),
    )

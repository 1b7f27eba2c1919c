"""Merging an office's bundle (province; or an office hub receiving a field laptop's bundle).

After the bundle reader's checks (signatures, hashes, members: sync/bundle.py), this module
checks what only the receiving database knows, then merges in ONE transaction:

* **Sequence.** The bundle named by its office and seq was merged before: with the same
  manifest it is a *replay* (nothing is written, and the answer says so); with other content
  it is refused. A bundle older than the last merged one is *superseded* (bundles carry
  everything since the last receipt, so a later one holds it). A bundle after a gap is merged
  and the gap reported (the missing ones are covered for the same reason), unless it says the
  province acknowledged bundles this database never merged (a province restored from an old
  backup): refused, asking for a full bundle. The next bundle's ``prev`` must be the hash of
  the last merged manifest.
* **Rows**, per table, parents first, through store/synced.py's merge primitives (audited):
  a row not here is *new*; the same version is *unchanged*; a later version of a row that
  nobody changed here since it was last merged from the same office is *updated* (or
  *tombstoned*); an older one is unchanged; two edits of one record made apart (here and
  there, or by two offices) are a *conflict*: the local row stays, the incoming version is
  kept beside it for a person to decide (``resolve_conflict``). A new person whom the identity
  rule (core/identity.py) recognises as someone recorded under another id is added and kept
  as a ``person`` conflict; a new row whose unique values another row holds is kept aside.
* **Report**: new, updated, unchanged, tombstoned and conflicting rows per table, the files
  received, the gap; kept in ``sync_import`` and shown by ``netral bundle reports``.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO, Any

from netral_desktop.core.audit_chain import redacted
from netral_desktop.core.errors import NotFoundError, ValidationError, VerificationFailed
from netral_desktop.core.identity import PersonIdentity, Verdict, identify, name_keys
from netral_desktop.core.ids import new_id
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import at_rest
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.gc_pause import gc_paused
from netral_desktop.store import blobs, synced
from netral_desktop.store import sync as sync_store
from netral_desktop.store.models import SyncImport, SyncPeer
from netral_desktop.store.people import import_rows as people_lookup
from netral_desktop.store.synced import SYNC_COLUMNS, WriteStamp

NEW, UPDATED, UNCHANGED, TOMBSTONED, CONFLICTING = (
    "new",
    "updated",
    "unchanged",
    "tombstoned",
    "conflicting",
)
OUTCOME_MERGED, OUTCOME_REPLAY, OUTCOME_SUPERSEDED = "merged", "replay", "superseded"
SEED_ORIGIN = "seed"  # rows seeded with the same id in every office (elections, segments)


@dataclass
class IncomingBundle:
    """What a verified bundle holds, as the merge reads it."""

    office_code: str
    office_name: str
    seq: int
    prev: str | None
    created_at: str
    acknowledged_seq: int
    chain_head: tuple[int, str]
    manifest_sha256: str
    records: dict[str, list[dict[str, Any]]]
    # sha256 -> the file's bytes, a path to read them from, or a function opening them
    files: dict[str, bytes | Path | Callable[[], IO[bytes]]] = field(default_factory=dict)
    name: str = ""
    device: str = ""
    keys: bytes | None = None  # the keys member, still encrypted (services/peer_keys.py)
    # The records passed ``check_records`` when the bundle was read (sync_bundle_io.read,
    # part of verifying it); else the merge checks them first.
    checked: bool = False


@dataclass
class ImportReport:
    office_code: str
    seq: int
    outcome: str  # merged | replay | superseded
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    files_new: int = 0
    missing_seqs: list[int] = field(default_factory=list)
    dry_run: bool = False
    import_id: str = ""
    imported_at: str = ""
    manifest_sha256: str = ""
    chain_head: tuple[int, str] = (0, "")
    seconds: float = 0.0
    bundle_name: str = ""
    keys_received: int = 0  # the office's keys taken in (its sealed identities now open)

    def total(self, what: str) -> int:
        return sum(table.get(what, 0) for table in self.counts.values())

    @property
    def changed(self) -> int:
        """Rows this import wrote (0 for a replay)."""
        return self.total(NEW) + self.total(UPDATED) + self.total(TOMBSTONED)

    def describe(self) -> str:
        if self.outcome == OUTCOME_REPLAY:
            return _(
                "Bundel {office} nomor {seq} sudah digabung pada {when}: tidak ada yang "
                "berubah (0 baris)."
            ).format(office=self.office_code, seq=self.seq, when=self.imported_at)
        if self.outcome == OUTCOME_SUPERSEDED:
            return _(
                "Bundel {office} nomor {seq} lebih lama dari bundel terakhir yang sudah "
                "digabung; isinya sudah tercakup. Tidak ada yang berubah (0 baris)."
            ).format(office=self.office_code, seq=self.seq)
        lines = [
            (
                _("Uji coba (tidak ada yang disimpan): bundel {office} nomor {seq}")
                if self.dry_run
                else _("Bundel {office} nomor {seq} digabung")
            ).format(office=self.office_code, seq=self.seq),
            _(
                "baris baru {new}, diperbarui {updated}, tidak berubah {unchanged}, "
                "dihapus {tombstoned}, konflik {conflicting}; berkas baru {files}"
            ).format(
                new=self.total(NEW),
                updated=self.total(UPDATED),
                unchanged=self.total(UNCHANGED),
                tombstoned=self.total(TOMBSTONED),
                conflicting=self.total(CONFLICTING),
                files=self.files_new,
            ),
        ]
        if self.missing_seqs:
            lines.append(
                _(
                    "Bundel yang tidak pernah diterima: {seqs} (isinya tercakup oleh bundel "
                    "ini, karena setiap bundel membawa semua perubahan sejak tanda terima "
                    "terakhir)."
                ).format(seqs=", ".join(str(s) for s in self.missing_seqs))
            )
        if self.keys_received:
            lines.append(
                _(
                    "Kunci segel kantor {office} diterima: identitas pelapor dan bukti rahasia "
                    "dari kantor itu kini dapat dibuka di sini (koordinator dan administrator, "
                    "tercatat di log audit)."
                ).format(office=self.office_code)
            )
        if self.total(CONFLICTING):
            lines.append(
                _("Konflik menunggu keputusan: buka Sinkronisasi, atau 'netral bundle conflicts'.")
            )
        return "\n".join(lines)


class _DryRun(Exception):
    """Rolls a dry run's transaction back once everything is counted."""


def _refused(message: str, code: str) -> VerificationFailed:
    return VerificationFailed(message, code=code)


# --- checking the records before anything is written ---------------------------------------


def _python_types(column: Any) -> tuple[type, ...]:
    try:
        kind = column.type.python_type
    except NotImplementedError:  # pragma: no cover - every column type here has one
        return (str, int, float, bool)
    if kind is bool:
        return (bool,)
    if kind is int:
        return (int,)
    if kind is float:
        return (int, float)
    return (str,)  # text, and binary columns travel as base64 text


def check_records(bundle: IncomingBundle) -> None:
    """Refuse (VerificationFailed, nothing written) a bundle with a record this program
    cannot merge: an unknown table or column, a missing or wrongly typed value, a row made by
    another office."""
    for table_name, records in bundle.records.items():
        check_table_records(bundle.office_code, table_name, records)


def check_table_records(
    office_code: str, table_name: str, records: Iterable[Mapping[str, Any]]
) -> None:
    """``check_records`` for the records of one table (``netral bundle verify`` checks them
    as they are read, so verifying and importing refuse the same bundles)."""
    table = sync_store.table_named(table_name)
    if table is None:
        raise _refused(
            _("Bundel ditolak: tabel '{table}' tidak dikenal program ini.").format(
                table=table_name
            ),
            "malformed_record",
        )
    shape = _shape_of(table, f"{office_code}/")
    for number, record in enumerate(records, start=1):
        problem = _record_problem(record, shape)
        if problem:
            raise _refused(
                _("Bundel ditolak: catatan {n} tabel '{table}' cacat: {problem}.").format(
                    n=number, table=table_name, problem=problem
                ),
                "foreign_origin" if problem.startswith("origin") else "malformed_record",
            )


def _shape_of(table: Any, own: str) -> _Shape:
    columns = {c: table.c[c] for c in sync_store.data_columns(table)}
    return _Shape(
        names=frozenset(columns),
        types={c: frozenset(_python_types(column)) for c, column in columns.items()},
        nullable=frozenset(c for c, column in columns.items() if column.nullable),
        required=frozenset(
            c
            for c, column in columns.items()
            if not column.nullable and column.default is None and column.server_default is None
        ),
        own=own,
    )


@dataclass(frozen=True)
class _Shape:
    """What a table's records must look like (checked for every record of a bundle)."""

    names: frozenset[str]
    types: dict[str, frozenset[type]]  # the JSON types a column's value may have
    nullable: frozenset[str]
    required: frozenset[str]
    own: str  # "<office code>/": the origin of the sending office's rows


_RECORD_KEYS = frozenset({*sync_store.RECORD_KEYS, "data"})


def _record_problem(record: Any, shape: _Shape) -> str:
    if type(record) is not dict or record.keys() != _RECORD_KEYS:
        return "keys"
    row_id = record["id"]
    if type(row_id) is not str or not 0 < len(row_id) <= 36:
        return "id"
    revision = record["revision"]
    if type(revision) is not int or revision < 1:
        return "revision"
    if type(record["updated_at"]) is not str or not record["updated_at"]:
        return "updated_at"
    if type(record["deleted"]) is not bool:
        return "deleted"
    origin = record["origin"]
    if type(origin) is not str or not (origin.startswith(shape.own) or origin == SEED_ORIGIN):
        return f"origin {origin!r}"
    data = record["data"]
    if type(data) is not dict:
        return "data"
    if not shape.names.issuperset(data):
        return "column " + ", ".join(sorted(data.keys() - shape.names))
    if not shape.required.issubset(data):
        return "missing " + ", ".join(sorted(shape.required - data.keys()))
    types, nullable = shape.types, shape.nullable
    for name, value in data.items():
        if value is None:
            if name not in nullable:
                return f"{name} = null"
        elif type(value) not in types[name]:
            return f"{name}: {type(value).__name__}"
    return ""


# --- merging ---------------------------------------------------------------------------------


@gc_paused()
def import_bundle(
    ctx: ServiceContext,
    bundle: IncomingBundle,
    *,
    dry_run: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    identity: str | Sequence[str] | None = None,
) -> ImportReport:
    """Merge ``bundle`` (already verified by the reader) in one transaction; a dry run counts
    what would change and writes nothing. ``identity``: this office's age identity, which
    opens the office keys the bundle carries (default: read from the key store)."""
    actor = ctx.require(Permission.BUNDLE_IMPORT)
    started = time.perf_counter()
    if not bundle.checked:
        check_records(bundle)
    report = ImportReport(
        office_code=bundle.office_code,
        seq=bundle.seq,
        outcome=OUTCOME_MERGED,
        dry_run=dry_run,
        manifest_sha256=bundle.manifest_sha256,
        chain_head=bundle.chain_head,
        bundle_name=bundle.name,
    )
    with ctx.db.read_session() as session:
        earlier = _sequence_check(session, bundle, report)
    if earlier is not None:
        report.seconds = time.perf_counter() - started
        return report
    received = _open_keys(ctx, bundle, identity)  # refused here: nothing written yet
    if not dry_run:
        _store_files(ctx, bundle, report)
    else:
        assert ctx.layout is not None
        report.files_new = sum(
            1 for sha in bundle.files if not blobs.blob_path(ctx.layout, sha).exists()
        )
    now = ctx.now_iso()
    report.import_id, report.imported_at = new_id(), now
    kept = 0
    try:
        with ctx.db.bulk_write() as conn:
            stamp = ctx.write_stamp(at=now)
            # Read again under the write lock: another import of the same bundle may have
            # finished in between.
            if _sequence_check(conn, bundle, report) is not None:
                return report
            for index, table in enumerate(sync_store.synced_tables()):
                records = bundle.records.get(table.name)
                if records:
                    report.counts[table.name] = _merge_table(
                        conn, stamp, table, records, bundle, report
                    )
                if progress is not None:
                    progress(table.name, index + 1, len(sync_store.synced_tables()))
            _record(conn, stamp, actor.username, bundle, report)
            if dry_run:
                raise _DryRun
            kept = _keep_keys(ctx, conn, bundle, received, now)
            if kept:
                # Who took in another office's keys, and when: from now on its sealed
                # identities and evidence open here.
                synced.append_audit(
                    conn,
                    stamp,
                    [
                        {
                            "action": "peer_key_received",
                            "table_name": "peer_key",
                            "record_id": bundle.office_code,
                            "new": {
                                "office": bundle.office_code,
                                "data_key_id": received.data_key_id,
                                "purposes": ", ".join(sorted(received.purposes)),
                                "bundle_seq": bundle.seq,
                            },
                            "note": f"bundle {bundle.office_code} #{bundle.seq}: {kept}",
                        }
                    ],
                )
            report.keys_received = kept
    except _DryRun:
        pass
    else:
        if kept:
            _forget_cached_keys(bundle.office_code)
    newest = max(
        (r["updated_at"] for records in bundle.records.values() for r in records), default=None
    )
    if newest and not dry_run:
        ctx.hlc.observe(newest)  # later edits here sort after what was merged
    report.seconds = time.perf_counter() - started
    return report


def _open_keys(
    ctx: ServiceContext, bundle: IncomingBundle, identity: str | Sequence[str] | None
) -> Any:
    """The office keys the bundle carries, decrypted and checked (services/peer_keys.py)."""
    from netral_desktop.services import peer_keys

    return peer_keys.open_received(
        ctx, bundle.keys, office_code=bundle.office_code, identity=identity
    )


def _keep_keys(
    ctx: ServiceContext, conn: Any, bundle: IncomingBundle, received: Any, now: str
) -> int:
    """Keep the bundle's office keys (those not held yet) in the merge's transaction."""
    from netral_desktop.services import peer_keys

    if received is None:
        return 0
    return peer_keys.store_received(ctx, conn, received, at=now, seq=bundle.seq)


def _forget_cached_keys(office_code: str) -> None:
    """After the commit: the office's keys are read again (a new one may have come)."""
    at_rest.forget_peer_keys(office_code)


def _sequence_check(executor: Any, bundle: IncomingBundle, report: ImportReport) -> str | None:
    """The seq/prev rules; returns the outcome when nothing is to be merged (replay,
    superseded), None to merge; raises VerificationFailed for a refusal."""
    done = sync_store.import_of(executor, office_code=bundle.office_code, seq=bundle.seq)
    if done is not None:
        if done.manifest_sha256 != bundle.manifest_sha256:
            raise _refused(
                _(
                    "Bundel ditolak: bundel {office} nomor {seq} sudah digabung pada {when} "
                    "dengan isi lain. Nomor bundel tidak boleh dipakai ulang; minta kantor itu "
                    "memeriksa programnya."
                ).format(office=bundle.office_code, seq=bundle.seq, when=done.imported_at),
                "seq_reused",
            )
        report.outcome = OUTCOME_REPLAY
        report.imported_at = done.imported_at
        report.import_id = done.id
        return OUTCOME_REPLAY
    known = sync_store.peer(executor, office_code=bundle.office_code)
    last = known.last_seq if known else 0
    if bundle.seq < last:
        report.outcome = OUTCOME_SUPERSEDED
        return OUTCOME_SUPERSEDED
    if bundle.acknowledged_seq > last:
        raise _refused(
            _(
                "Bundel ditolak: bundel {office} nomor {seq} menganggap tanda terima nomor "
                "{ack} sudah dikirim, tetapi basis data ini hanya menggabung sampai nomor "
                "{last} (dipulihkan dari cadangan lama?). Minta kantor itu membuat bundel "
                "lengkap: 'netral bundle export --full'."
            ).format(
                office=bundle.office_code, seq=bundle.seq, ack=bundle.acknowledged_seq, last=last
            ),
            "gap",
        )
    if known and bundle.seq == last + 1 and bundle.prev != known.last_manifest_sha256:
        raise _refused(
            _(
                "Bundel ditolak: bundel {office} nomor {seq} tidak menyambung ke bundel nomor "
                "{last} yang sudah digabung (hash 'prev' berbeda)."
            ).format(office=bundle.office_code, seq=bundle.seq, last=last),
            "prev_broken",
        )
    report.missing_seqs = list(range(last + 1, bundle.seq))
    return None


def _store_files(ctx: ServiceContext, bundle: IncomingBundle, report: ImportReport) -> None:
    """Attachments into the content-addressed folder (before the transaction: a file no row
    names is harmless, and the same bytes are never written twice), streamed: a recording
    of hundreds of megabytes never sits in memory whole."""
    assert ctx.layout is not None
    for sha, content in sorted(bundle.files.items()):
        if blobs.blob_path(ctx.layout, sha).exists():
            continue
        opened: Any
        if isinstance(content, Path):
            opened = content.open("rb")
        elif callable(content):
            opened = content()
        else:
            opened = io.BytesIO(content)
        with opened as source:
            stored = blobs.put_stream(ctx.layout, source, expect_sha256=sha)
        if not stored:
            raise _refused(
                _("Bundel ditolak: isi berkas {sha} tidak cocok dengan namanya.").format(sha=sha),
                "hash_mismatch",
            )
        report.files_new += 1


@dataclass
class _Plan:
    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[tuple[str, dict[str, Any], str, str]] = field(default_factory=list)
    bases: list[tuple[str, str, int, str]] = field(default_factory=list)


def _merge_table(
    conn: Any,
    stamp: WriteStamp,
    table: Any,
    records: list[dict[str, Any]],
    bundle: IncomingBundle,
    report: ImportReport,
) -> dict[str, int]:
    source = bundle.office_code
    counts = dict.fromkeys((NEW, UPDATED, UNCHANGED, TOMBSTONED, CONFLICTING), 0)
    ids = [r["id"] for r in records]
    local = sync_store.local_versions(conn, table.name, ids)
    known_bases = sync_store.bases(conn, table.name, list(local)) if local else {}
    own_office = at_rest.office_of(stamp.origin)
    plan = _Plan()
    suspects: list[dict[str, Any]] = []
    for record in records:
        version = local.get(record["id"])
        incoming = (record["revision"], record["updated_at"])
        if version is None:
            plan.inserts.append(record)
            continue
        base = known_bases.get(record["id"]) or sync_store.implicit_base(version, own_office)
        if (version[0], version[1]) == incoming:
            if base is not None and base.source != source:
                # Clock stamps carry no device: the same stamp from two offices may be two
                # edits. Compared by value below.
                suspects.append(record)
                continue
            counts[UNCHANGED] += 1
            if base is None:
                plan.bases.append((record["id"], source, *incoming))
            continue
        clean = base is not None and (base.revision, base.updated_at) == (version[0], version[1])
        if clean and base is not None and base.source == source:
            if record["revision"] > version[0]:
                plan.updates.append(record)
            elif record["revision"] < version[0]:
                counts[UNCHANGED] += 1  # older than what this office already sent
            else:
                suspects.append(record)  # same revision, another clock: made apart
        elif base is None and version[0] == 1 and record["revision"] > 1:
            # Never changed since it was made (a seeded row): the edit follows it.
            plan.updates.append(record)
        elif (
            base is not None
            and base.source == source
            and incoming
            == (
                base.revision,
                base.updated_at,
            )
        ):
            counts[UNCHANGED] += 1  # edited here since; the office has nothing newer
        else:
            suspects.append(record)
    columns = sync_store.data_columns(table)
    if suspects:
        current = sync_store.full_rows(conn, table, [r["id"] for r in suspects])
        for record in suspects:
            row = current[record["id"]]
            if _same_values(row, record, columns, table):
                counts[UNCHANGED] += 1  # both made the same edit
            else:
                plan.conflicts.append((record["id"], record, "edit", ""))
    if plan.inserts:
        _set_aside_inserts(conn, table, plan, columns)
    # Write: new rows (parents before children within a table), later versions.
    binary = sync_store.binary_columns(table)
    all_columns = merge_columns(table)
    values = _row_values(all_columns, binary)
    inserts = _parents_first(table, plan.inserts)
    with sync_store.indexing_deferred(conn, table.name) as pending:
        if inserts:
            synced.merge_rows(
                conn,
                table.name,
                all_columns,
                [values(r) for r in inserts],
                stamp,
                audit=[_summary_entry(table.name, bundle, report, inserts)],
            )
            pending.added.extend(r["id"] for r in inserts)
            # Rows of another office need no entry (their base is implicit); a hub's own
            # devices' rows and seeded rows do.
            sync_store.put_bases(
                conn,
                table.name,
                [
                    (r["id"], source, r["revision"], r["updated_at"])
                    for r in inserts
                    if at_rest.office_of(r["origin"]) in (own_office, SEED_ORIGIN)
                ],
                merged_clock=stamp.clock,
                fresh=True,
            )
            counts[NEW] = sum(1 for r in inserts if not r["deleted"])
            counts[TOMBSTONED] += sum(1 for r in inserts if r["deleted"])
        if plan.updates:
            old = sync_store.full_rows(conn, table, [r["id"] for r in plan.updates])
            synced.adopt_rows(
                conn,
                table.name,
                all_columns,
                [values(r) for r in plan.updates],
                stamp,
                audit=[
                    _update_entry(table.name, old[r["id"]], r, columns, bundle)
                    for r in plan.updates
                ],
            )
            pending.changed.extend(r["id"] for r in plan.updates)
            plan.bases.extend(
                (r["id"], source, r["revision"], r["updated_at"]) for r in plan.updates
            )
            for r in plan.updates:
                if r["deleted"] and not old[r["id"]]["deleted"]:
                    counts[TOMBSTONED] += 1
                else:
                    counts[UPDATED] += 1
    if plan.conflicts:
        counts[CONFLICTING] += _keep_conflicts(conn, stamp, table, plan.conflicts, bundle)
    sync_store.put_bases(conn, table.name, plan.bases, merged_clock=stamp.clock)
    return counts


def _set_aside_inserts(conn: Any, table: Any, plan: _Plan, columns: list[str]) -> None:
    """New rows whose unique values another row holds are kept aside (not written); new
    people the identity rule recognises are written and kept as a conflict to look at."""
    for group in sync_store.unique_groups(table):
        values = [tuple(r["data"].get(c) for c in group) for r in plan.inserts]
        holders = sync_store.unique_holders(conn, table, group, values)
        if not holders:
            continue
        kept = []
        for record, value in zip(plan.inserts, values, strict=True):
            other = holders.get(value)
            if other is not None and other != record["id"]:
                plan.conflicts.append(
                    (record["id"], record, "unique", other + "|" + ",".join(group))
                )
            else:
                kept.append(record)
        plan.inserts = kept
    if table.name == "person":
        for record, other, basis in _recognised_people(conn, plan.inserts):
            plan.conflicts.append((record["id"], record, "person", f"{other}|{basis}"))


def _recognised_people(
    conn: Any, records: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], str, str]]:
    """New people the identity rule says are (or clash with) someone recorded here."""
    live = [r for r in records if not r["deleted"]]
    size = people_lookup.roster_size(conn)
    if not live or not size:
        return []  # nobody recorded here yet: nobody to recognise
    candidates = [(r, PersonIdentity.of(_identity_values(r["data"]))) for r in live]
    found: list[dict[str, Any]] = []
    for column in ("nip", "ni_pppk", "nik"):
        found += people_lookup.people_by(
            conn, column=column, values=[getattr(c, column) for _r, c in candidates]
        )
    keys = {key for _r, c in candidates for key in name_keys(c)}
    found += people_lookup.people_by_name(conn, keys=keys, people=size)
    if not found:
        return []
    by_value: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for person in found:
        for column in ("nip", "ni_pppk", "nik"):
            if person[column]:
                by_value.setdefault((column, person[column]), []).append(person)
        by_value.setdefault(("name", person["name_key"]), []).append(person)
    matches = []
    for record, candidate in candidates:
        near: list[dict[str, Any]] = []
        for column in ("nip", "ni_pppk", "nik"):
            value = getattr(candidate, column)
            if value:
                near += by_value.get((column, value), [])
        near += by_value.get(("name", candidate.name_key), [])
        near = [p for p in near if p["id"] != record["id"]]
        if not near:
            continue
        verdict = identify(candidate, near)
        if verdict.verdict in (Verdict.SAME, Verdict.CONFLICT) and verdict.record is not None:
            matches.append((record, str(verdict.record["id"]), str(verdict.basis or "")))
    return matches


def _identity_values(data: Mapping[str, Any]) -> dict[str, Any]:
    get = data.get
    return {
        "nip": get("nip"),
        "ni_pppk": get("ni_pppk"),
        "nik": get("nik"),
        "name_key": get("name_key") or "",
        "birth_date": get("birth_date"),
        "agency_id": get("agency_id"),
        "unit_kerja": get("unit_kerja") or "",
    }


def _parents_first(table: Any, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a table that points at itself (an agency's parent) after the rows they name."""
    own = [
        fk.parent.name
        for fk in table.foreign_keys
        if fk.column.table is table and fk.parent.name != "id"
    ]
    if not own or len(records) < 2:
        return records
    by_id = {r["id"]: r for r in records}
    placed: set[str] = set()
    ordered: list[dict[str, Any]] = []

    def place(record: dict[str, Any], depth: int = 0) -> None:
        if record["id"] in placed or depth > len(records):
            return
        for column in own:
            parent = by_id.get(record["data"].get(column))
            if parent is not None and parent is not record:
                place(parent, depth + 1)
        placed.add(record["id"])
        ordered.append(record)

    for record in records:
        place(record)
    return ordered


def _decoded(value: Any, column: str, binary: frozenset[str]) -> Any:
    if column in binary and isinstance(value, str):
        import base64

        return base64.b64decode(value)
    return value


# A merged row's columns in the order its values are picked: the five the record carries
# beside its data, then the two kept in its data, then the data columns (the primitive wants
# only the id first). Two C-level picks per record instead of a Python tuple built by hand.
RECORD_COLUMNS = ("id", "origin", "updated_at", "revision", "deleted")
DATA_SYNC_COLUMNS = ("created_at", "updated_by")


def merge_columns(table: Any) -> tuple[str, ...]:
    """The columns of ``table``'s merged rows, in ``_row_values``' order."""
    data = [c for c in sync_store.data_columns(table) if c not in SYNC_COLUMNS]
    return (*RECORD_COLUMNS, *DATA_SYNC_COLUMNS, *data)


def _row_values(
    columns: tuple[str, ...], binary: frozenset[str]
) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A record -> its row's values in ``columns`` order (``merge_columns``), made once per
    table: a merge turns tens of thousands of records into rows."""
    if binary or columns[: len(RECORD_COLUMNS)] != RECORD_COLUMNS:
        return lambda record: _values(record, columns, binary)
    from_record = itemgetter(*RECORD_COLUMNS)
    from_data = itemgetter(*columns[len(RECORD_COLUMNS) :])

    def values(record: dict[str, Any]) -> tuple[Any, ...]:
        try:
            row: tuple[Any, ...] = from_record(record) + from_data(record["data"])
            return row
        except KeyError:  # a bundle of an older schema: the defaults for what it lacks
            return _values(record, columns, binary)

    return values


def _values(
    record: dict[str, Any], columns: tuple[str, ...], binary: frozenset[str]
) -> tuple[Any, ...]:
    data = record["data"]
    picked: list[Any] = []
    for column in columns:
        if column in RECORD_COLUMNS:
            picked.append(record[column])
        elif column == "created_at":
            picked.append(data.get("created_at", record["updated_at"]))
        elif column == "updated_by":
            picked.append(data.get("updated_by", ""))
        else:
            picked.append(_decoded(data.get(column), column, binary))
    return tuple(picked)


def _same_values(
    row: Mapping[str, Any], record: dict[str, Any], columns: list[str], table: Any
) -> bool:
    binary = sync_store.binary_columns(table)
    if bool(row["deleted"]) != record["deleted"]:
        return False
    for column in columns:
        if column in ("created_at", "updated_by"):
            continue
        if column in record["data"]:
            mine = row[column]
            theirs = _decoded(record["data"][column], column, binary)
            if mine != theirs:
                return False
    return True


def _ids_digest(records: list[dict[str, Any]]) -> str:
    ordered = sorted(records, key=itemgetter("id"))
    text = "".join(f"{r['id']}:{r['revision']}:{r['updated_at']}\n" for r in ordered)
    return hashlib.sha256(text.encode()).hexdigest()


def _summary_entry(
    table: str, bundle: IncomingBundle, report: ImportReport, inserts: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "action": "sync_merge",
        "table_name": table,
        "record_id": report.import_id,
        "new": {
            "office": bundle.office_code,
            "seq": bundle.seq,
            "manifest_sha256": bundle.manifest_sha256,
            "rows": len(inserts),
            "rows_sha256": _ids_digest(inserts),
        },
        "note": f"bundle {bundle.office_code} #{bundle.seq}: {len(inserts)}",
    }


def _update_entry(
    table: str,
    old: Mapping[str, Any],
    record: dict[str, Any],
    columns: list[str],
    bundle: IncomingBundle,
) -> dict[str, Any]:
    changed = {
        c: (old[c], record["data"][c])
        for c in columns
        if c in record["data"] and c not in sync_store.LOCAL_COLUMNS and old[c] != record["data"][c]
    }
    before = {c: o for c, (o, _n) in changed.items()}
    after = {c: n for c, (_o, n) in changed.items()}
    before.update(revision=old["revision"], deleted=bool(old["deleted"]))
    after.update(revision=record["revision"], deleted=record["deleted"])
    return {
        "action": "sync_delete" if record["deleted"] and not old["deleted"] else "sync_update",
        "table_name": table,
        "record_id": record["id"],
        "old": redacted(_jsonable(before)),
        "new": redacted(_jsonable(after)),
        "note": f"bundle {bundle.office_code} #{bundle.seq}",
    }


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: sync_store.json_value(v) for k, v in values.items()}


def _keep_conflicts(
    conn: Any,
    stamp: WriteStamp,
    table: Any,
    conflicts: list[tuple[str, dict[str, Any], str, str]],
    bundle: IncomingBundle,
) -> int:
    keys = [(row_id, r["revision"], r["updated_at"]) for row_id, r, _k, _o in conflicts]
    already = sync_store.known_conflicts(conn, table.name, keys)
    fresh = [c for c, key in zip(conflicts, keys, strict=True) if key not in already]
    if fresh:
        local_ids = [c[0] if c[2] == "edit" else c[3].split("|")[0] for c in fresh]
        current = sync_store.full_rows(conn, table, local_ids)
        rows = []
        entries = []
        for (row_id, record, kind, other), local_id in zip(fresh, local_ids, strict=True):
            mine = current.get(local_id, {})
            other_id, _sep, basis = other.partition("|")
            rows.append(
                (
                    new_id(),
                    kind,
                    bundle.office_code,
                    bundle.seq,
                    table.name,
                    row_id,
                    other_id or None,
                    basis,
                    int(mine.get("revision", 0)),
                    str(mine.get("updated_at", "")),
                    json.dumps(_jsonable(_local_values(mine)), ensure_ascii=False, sort_keys=True),
                    record["revision"],
                    record["updated_at"],
                    json.dumps(record, ensure_ascii=False, sort_keys=True),
                    stamp.at,
                )
            )
            entries.append(
                {
                    "action": "sync_conflict",
                    "table_name": table.name,
                    "record_id": row_id,
                    "new": {"kind": kind, "revision": record["revision"], "other": other_id},
                    "note": f"bundle {bundle.office_code} #{bundle.seq}",
                }
            )
        sync_store.add_conflicts(conn, rows)
        synced.append_audit(conn, stamp, entries)
    return len(conflicts)


def _local_values(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in sync_store.LOCAL_COLUMNS}


def _record(
    conn: Any, stamp: WriteStamp, actor: str, bundle: IncomingBundle, report: ImportReport
) -> None:
    rows = sum(len(r) for r in bundle.records.values())
    known = sync_store.peer(conn, office_code=bundle.office_code)
    missing = json.loads(known.missing_seqs) if known else []
    missing = sorted({*missing, *report.missing_seqs})
    sync_store.save_peer(
        conn,
        SyncPeer(
            office_code=bundle.office_code,
            office_name=bundle.office_name or (known.office_name if known else ""),
            last_seq=bundle.seq,
            last_manifest_sha256=bundle.manifest_sha256,
            last_created_at=bundle.created_at,
            last_imported_at=report.imported_at,
            chain_seq=bundle.chain_head[0],
            chain_mac=bundle.chain_head[1],
            rows_received=(known.rows_received if known else 0) + rows,
            files_received=(known.files_received if known else 0) + report.files_new,
            missing_seqs=json.dumps(missing),
        ),
    )
    sync_store.add_import(
        conn,
        SyncImport(
            id=report.import_id,
            office_code=bundle.office_code,
            seq=bundle.seq,
            manifest_sha256=bundle.manifest_sha256,
            bundle_name=bundle.name,
            bundle_created_at=bundle.created_at,
            imported_at=report.imported_at,
            imported_by=actor,
            chain_seq=bundle.chain_head[0],
            chain_mac=bundle.chain_head[1],
            counts=json.dumps(report.counts, sort_keys=True),
            files_new=report.files_new,
            missing_seqs=json.dumps(report.missing_seqs),
        ),
    )
    synced.append_audit(
        conn,
        stamp,
        [
            {
                "action": "bundle_import",
                "table_name": "sync_import",
                "record_id": report.import_id,
                "new": {
                    "office": bundle.office_code,
                    "seq": bundle.seq,
                    "manifest_sha256": bundle.manifest_sha256,
                    "chain_head": list(bundle.chain_head),
                    "new": report.total(NEW),
                    "updated": report.total(UPDATED),
                    "unchanged": report.total(UNCHANGED),
                    "tombstoned": report.total(TOMBSTONED),
                    "conflicting": report.total(CONFLICTING),
                    "files": report.files_new,
                },
                "note": bundle.name,
            }
        ],
    )


# --- reports and conflicts -------------------------------------------------------------------


def report_of(row: SyncImport) -> ImportReport:
    return ImportReport(
        office_code=row.office_code,
        seq=row.seq,
        outcome=OUTCOME_MERGED,
        counts=json.loads(row.counts),
        files_new=row.files_new,
        missing_seqs=json.loads(row.missing_seqs),
        import_id=row.id,
        imported_at=row.imported_at,
        manifest_sha256=row.manifest_sha256,
        chain_head=(row.chain_seq, row.chain_mac),
        bundle_name=row.bundle_name,
    )


def reports(
    ctx: ServiceContext, *, office_code: str | None = None, limit: int = 100
) -> list[ImportReport]:
    """The import reports kept, newest first."""
    ctx.require(Permission.BUNDLE_IMPORT)
    with ctx.db.read_session() as session:
        return [
            report_of(r) for r in sync_store.imports(session, office_code=office_code, limit=limit)
        ]


@dataclass(frozen=True)
class Conflict:
    """An incoming version kept beside the local one, for a person to decide."""

    id: str
    kind: str  # edit | person | unique
    source: str
    seq: int
    table_name: str
    row_id: str
    other_id: str | None
    basis: str
    local: dict[str, Any]
    incoming: dict[str, Any]
    detected_at: str

    def differences(self) -> list[tuple[str, Any, Any]]:
        """(column, local value, incoming value) where they differ."""
        data = self.incoming.get("data", {})
        found = []
        for column, theirs in sorted(data.items()):
            if column in ("updated_by", "created_at"):
                continue
            mine = self.local.get(column)
            if mine != theirs:
                found.append((column, mine, theirs))
        if bool(self.local.get("deleted", False)) != bool(self.incoming.get("deleted")):
            found.append(("deleted", self.local.get("deleted"), self.incoming.get("deleted")))
        return found


def conflicts(ctx: ServiceContext) -> list[Conflict]:
    """Conflicts waiting for a decision, oldest first."""
    ctx.require(Permission.BUNDLE_IMPORT)
    with ctx.db.read_session() as session:
        return [
            Conflict(
                id=c.id,
                kind=c.kind,
                source=c.source,
                seq=c.seq,
                table_name=c.table_name,
                row_id=c.row_id,
                other_id=c.other_id,
                basis=c.basis,
                local=json.loads(c.local_values),
                incoming=json.loads(c.incoming_record),
                detected_at=c.detected_at,
            )
            for c in sync_store.open_conflicts(session)
        ]


KEEP_LOCAL, TAKE_INCOMING = "local", "incoming"
SAME_PERSON, DIFFERENT_PEOPLE = "same", "different"
CHOICES = {
    "edit": (KEEP_LOCAL, TAKE_INCOMING),
    "unique": (KEEP_LOCAL, TAKE_INCOMING),
    "person": (SAME_PERSON, DIFFERENT_PEOPLE),
}


def resolve_conflict(ctx: ServiceContext, conflict_id: str, choice: str) -> None:
    """A person's decision on a conflict, audited:

    * edit: ``local`` keeps this database's version (the incoming one is remembered as seen,
      so it is not raised again); ``incoming`` takes the office's version as it came.
    * unique: ``local`` keeps the row holding the values (the incoming row stays out);
      ``incoming`` is refused while the other row holds them.
    * person: ``same`` tombstones the incoming copy (the person recorded here stays);
      ``different`` keeps both.
    """
    actor = ctx.require(Permission.BUNDLE_IMPORT)
    with ctx.db.write_session() as session:
        found = sync_store.conflict_by_id(session, conflict_id=conflict_id)
        if found is None or found.resolved_at is not None:
            raise NotFoundError(_("Konflik itu tidak ada atau sudah diputuskan."))
        if choice not in CHOICES.get(found.kind, ()):
            raise ValidationError(
                _(
                    "Pilihan '{choice}' tidak berlaku untuk konflik ini; pilih salah satu: "
                    "{choices}."
                ).format(choice=choice, choices=", ".join(CHOICES[found.kind]))
            )
        record = json.loads(found.incoming_record)
        table = sync_store.table_named(found.table_name)
        assert table is not None
        stamp = ctx.write_stamp()
        all_columns = merge_columns(table)
        binary = sync_store.binary_columns(table)
        entry = {
            "action": "sync_resolve",
            "table_name": found.table_name,
            "record_id": found.row_id,
            "new": {"conflict": found.id, "kind": found.kind, "choice": choice},
            "note": f"bundle {found.source} #{found.seq}",
        }
        if found.kind == "edit" and choice == TAKE_INCOMING:
            # The office's version exactly as it came: its later edits follow on from it.
            synced.adopt_rows(
                session,
                table.name,
                all_columns,
                [_values(record, all_columns, binary)],
                stamp,
                audit=[entry],
            )
        elif found.kind == "unique" and choice == TAKE_INCOMING:
            raise ValidationError(
                _(
                    "Baris {other} masih memegang nilai yang sama ({columns}). Ubah atau hapus "
                    "baris itu lebih dahulu, atau pilih 'local'."
                ).format(other=found.other_id, columns=found.basis)
            )
        elif found.kind == "person" and choice == SAME_PERSON:
            entry["note"] = f"same as {found.other_id}"
            current = sync_store.local_versions(session, table.name, [found.row_id])
            if found.row_id in current and not current[found.row_id][2]:
                # The copy goes (tombstoned); the person recorded here stays.
                synced.update_rows(
                    session, table.name, ["deleted"], [(found.row_id, True)], stamp, audit=[entry]
                )
            else:
                synced.append_audit(session, stamp, [entry])
        else:
            synced.append_audit(session, stamp, [entry])
        if found.kind == "edit":
            sync_store.put_bases(
                session,
                table.name,
                [(found.row_id, found.source, record["revision"], record["updated_at"])],
                merged_clock=stamp.clock,
            )
        found.resolved_at = stamp.at
        found.resolved_by = actor.username
        found.resolution = choice
        session.add(found)


@dataclass(frozen=True)
class DistrictStatus:
    """What the province holds of one office (the province overview page)."""

    office_code: str
    office_name: str
    last_seq: int
    last_created_at: str
    last_imported_at: str
    missing_seqs: list[int]
    rows_received: int
    files_received: int
    chain_seq: int
    chain_mac: str
    conflicts_waiting: int
    overdue_cases: int = 0  # its cases past their deadline (as the office counted it), open


def overview(ctx: ServiceContext) -> list[DistrictStatus]:
    """Every office whose bundles were merged here, with its last bundle, open conflicts and
    overdue cases."""
    from netral_desktop.services.cases import procedure
    from netral_desktop.services.documents import local_today
    from netral_desktop.store import cases as cases_store

    ctx.require(Permission.BUNDLE_IMPORT)
    today = local_today(ctx).isoformat()
    with ctx.db.read_session() as session:
        waiting = sync_store.open_conflict_counts(session)
        overdue: dict[str, int] = {}
        by_origin = cases_store.overdue_by_origin(
            session, today=today, final_statuses=procedure.final_statuses()
        )
        for origin, count in by_origin.items():
            office = origin.split("/")[0]
            overdue[office] = overdue.get(office, 0) + count
        return [
            DistrictStatus(
                office_code=p.office_code,
                office_name=p.office_name,
                last_seq=p.last_seq,
                last_created_at=p.last_created_at,
                last_imported_at=p.last_imported_at,
                missing_seqs=json.loads(p.missing_seqs),
                rows_received=p.rows_received,
                files_received=p.files_received,
                chain_seq=p.chain_seq,
                chain_mac=p.chain_mac,
                conflicts_waiting=waiting.get(p.office_code, 0),
                overdue_cases=overdue.get(p.office_code, 0),
            )
            for p in sync_store.peers(session)
        ]

"""The database stage: checking, matching and writing an import in ONE transaction (or, for
a preview or dry run, only checking and matching), with its audit entries.

``python -m benchmarks.roster`` times it and its phases: one ``Database.bulk_write``
transaction; lookups send the file's keys in one parameter each (a JSON array on SQLite,
arrays on PostgreSQL) and get plain tuples back (store/people/import_rows.py); agencies and
people are written as tuples with one ``executemany`` each through the synced-row primitive,
with the search triggers standing aside, then indexed by one statement
(store/people/bulk.py, store/search.py); the cyclic garbage collector rests meanwhile. What
remains is mostly the database's own work: the rows and their indexes, the trigram index,
and the durable commit.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from netral_desktop.core.errors import EmptySheet
from netral_desktop.core.ids import new_id, new_ids
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import clean_text, guess_agency_kind
from netral_desktop.i18n import N_, _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.gc_pause import gc_paused
from netral_desktop.services.roster import agency_key
from netral_desktop.services.roster_import.check import RowResult, check_rows
from netral_desktop.services.roster_import.mapping import (
    ColumnMapping,
    detect_mapping,
    load_mapping_file,
    mapping_from_spec,
)
from netral_desktop.services.roster_import.match import classify
from netral_desktop.services.roster_import.read import SheetTable, read_table
from netral_desktop.store.bulk import Executor
from netral_desktop.store.people import bulk, import_rows
from netral_desktop.store.people.bulk import PERSON_COLUMNS
from netral_desktop.store.synced import WriteStamp


@dataclass
class ImportResult:
    """What an import did (or, for a preview or dry run, would do)."""

    file: str
    sheet: str
    sha256: str
    mapping: ColumnMapping
    rows: list[RowResult]  # the people's rows
    skipped_rows: list[RowResult] = field(default_factory=list)  # numbering, totals, ...
    agencies_created: list[str] = field(default_factory=list)
    committed: bool = False
    import_id: str | None = None
    # Seconds: read (file), check (rows), database (all of the transaction, commit included),
    # and within it match (rows with the roster), rows (inserts, updates), index (search).
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def skipped(self) -> int:
        return len(self.skipped_rows)

    @property
    def no_identifier_column(self) -> bool:
        """No column of NIP, NI PPPK or NIK: people would be told apart by name alone."""
        return not {"nip", "ni_pppk", "nik"} & self.mapping.columns.keys() and not any(
            r.values.get("nip") or r.values.get("ni_pppk") for r in self.rows
        )

    def all_rows(self) -> list[RowResult]:
        """Every row read, people and skipped rows alike, in the sheet's order."""
        return sorted([*self.rows, *self.skipped_rows], key=lambda r: r.row_number)

    def _count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def added(self) -> int:
        return self._count("add")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.rows if r.refused]

    @property
    def flagged(self) -> list[RowResult]:
        return [r for r in self.rows if not r.refused and r.problems]

    def counts(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": len(self.refused),
            "skipped": self.skipped,
        }


def _insert_agencies(conn: Executor, names: list[str], stamp: WriteStamp) -> list[dict[str, Any]]:
    """New agencies named in the file (kind guessed from the name); their values by column."""
    created = [
        {
            "id": agency_id,
            "name": name,
            "name_key": agency_key(name),
            "kind": guess_agency_kind(name).value,
        }
        for agency_id, name in zip(new_ids(len(names)), names, strict=True)
    ]
    bulk.insert_agencies(
        conn,
        rows=[
            bulk.agency_values(name=row["name"], name_key=row["name_key"], kind=row["kind"])
            for row in created
        ],
        stamp=stamp,
        ids=[row["id"] for row in created],
    )
    return created


def _agencies(conn: Executor, names: set[str]) -> dict[str, str]:
    """agency_key -> id of the named agencies that exist (by name, else short name)."""
    return import_rows.agencies_by_key(conn, keys={agency_key(n) for n in names if n})


def preview(
    ctx: ServiceContext,
    table: SheetTable,
    mapping: ColumnMapping | None = None,
    *,
    agency: str | None = None,
    limit: int | None = None,
) -> ImportResult:
    """What importing would do, row by row, without writing (``limit``: first rows only)."""
    return run_import(ctx, table, mapping, agency=agency, dry_run=True, limit=limit)


def run_import(
    ctx: ServiceContext,
    table: SheetTable,
    mapping: ColumnMapping | None = None,
    *,
    agency: str | None = None,
    dry_run: bool = False,
    limit: int | None = None,
    before_write: Callable[[ImportResult], object] | None = None,
) -> ImportResult:
    """Check, match and (unless ``dry_run``) write the rows of ``table`` in one transaction.

    ``agency`` names the agency of rows whose own agency cell is empty (created if new).
    Refused rows are left out and reported; the rest is written all together or not at all.
    ``before_write(result)`` runs once the rows are checked and before the database is
    touched (writing the refused rows to a file): if it fails, nothing is imported.
    """
    actor = ctx.require(Permission.ROSTER_WRITE)
    mapping = mapping or detect_mapping(table)
    started = time.perf_counter()
    rows, skipped = check_rows(
        table,
        mapping,
        default_agency=clean_text(agency),
        today=ctx.clock.now().date(),
        limit=limit,
    )
    if not rows:
        raise EmptySheet(
            _(
                "Tidak ada baris data di bawah judul kolom (baris {row}) di lembar '{sheet}'. "
                "Tidak ada yang diimpor."
            ).format(row=mapping.header_row, sheet=table.sheet)
        )
    result = ImportResult(table.name, table.sheet, table.sha256, mapping, rows, skipped)
    timings = result.timings
    # Ids for the people the import may add, made before the write transaction: the lock
    # is held for the database's work only (20,000 UUIDv7s take a tenth of a second).
    spare_ids = [] if dry_run else new_ids(sum(1 for r in rows if not r.refused))
    timings["check"] = time.perf_counter() - started
    if before_write is not None:
        before_write(result)

    started = time.perf_counter()
    if dry_run:
        with gc_paused(), ctx.db.read_session() as session:
            names = {r.agency_name for r in rows if r.agency_name and not r.refused}
            known = _agencies(session, names)
            new = sorted({n for n in names if agency_key(n) not in known}, key=agency_key)
            placeholders = {agency_key(n): f"(baru) {n}" for n in new}
            classify(session, rows, {**placeholders, **known})
            result.agencies_created = new
        timings["database"] = time.perf_counter() - started
        return result

    now, import_id = ctx.now_iso(), new_id()
    with gc_paused():
        with ctx.db.bulk_write() as conn:
            stamp = ctx.write_stamp(at=now)  # one logical moment for the whole import
            names = {r.agency_name for r in rows if r.agency_name and not r.refused}
            known = _agencies(conn, names)
            missing: dict[str, str] = {}
            for name in sorted(names, key=agency_key):
                if agency_key(name) not in known:
                    missing.setdefault(agency_key(name), name)
            created = _insert_agencies(conn, list(missing.values()), stamp)
            known.update({row["name_key"]: row["id"] for row in created})
            result.agencies_created = [row["name"] for row in created]
            updated = classify(conn, rows, known)
            timings["match"] = time.perf_counter() - started
            added = [r for r in rows if r.outcome == "add"]
            bulk.write_people(
                conn,
                stamp=stamp,
                added=[_person_values(r.values) for r in added],
                added_ids=_assign_ids(added, spare_ids),
                updated=[(person["id"], *_person_values(person)) for person in updated.values()],
                timings=timings,
            )
            written = time.perf_counter()
            entries = _audit_entries(
                result, created, actor=actor.username, now=now, import_id=import_id, agency=agency
            )
            audit.record_many(conn, entries)
            committing = time.perf_counter()
            timings["audit"] = committing - written
        timings["commit"] = time.perf_counter() - committing
    result.committed = True
    result.import_id = import_id
    timings["database"] = time.perf_counter() - started
    return result


def _audit_entries(
    result: ImportResult,
    created: list[dict[str, Any]],
    *,
    actor: str,
    now: str,
    import_id: str,
    agency: str | None,
) -> list[dict[str, Any]]:
    """One entry per created agency, one for the import, one per updated person."""
    file = result.file
    agencies = [
        {
            "at": now,
            "actor": actor,
            "action": "create",
            "table_name": "agency",
            "record_id": row["id"],
            "new": {"name": row["name"], "kind": row["kind"]},
            "note": N_("dari impor {file}").format(file=file),
        }
        for row in created
    ]
    summary = {
        "at": now,
        "actor": actor,
        "action": "import",
        "table_name": "person",
        "record_id": import_id,
        "new": {
            "file": file,
            "sha256": result.sha256,
            "sheet": result.sheet,
            "mapping": result.mapping.describe(),
            "agency": clean_text(agency),
            **result.counts(),
        },
        "note": N_("impor {file}").format(file=file),
    }
    updates = [
        {
            "at": now,
            "actor": actor,
            "action": "import_update",
            "table_name": "person",
            "record_id": r.person_id,
            "old": {k: old for k, (old, _new) in r.changes.items()},
            "new": {k: new for k, (_old, new) in r.changes.items()},
            "note": N_("impor {file}, baris {row}").format(file=file, row=r.row_number),
        }
        for r in result.rows
        if r.outcome == "update"
    ]
    return [*agencies, summary, *updates]


_person_values = itemgetter(*PERSON_COLUMNS)


def _assign_ids(rows: list[RowResult], spare: list[str]) -> list[str]:
    """Ids for the added rows, from those made in advance (one per valid row: enough)."""
    ids = spare[: len(rows)]
    for row, person_id in zip(rows, ids, strict=True):
        row.person_id = person_id
    return ids


def import_file(
    ctx: ServiceContext,
    path: str | Path,
    *,
    agency: str | None = None,
    mapping_file: str | Path | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
    before_write: Callable[[ImportResult], object] | None = None,
) -> ImportResult:
    """Read, map and import a file in one call (the command line)."""
    ctx.require(Permission.ROSTER_WRITE)
    started = time.perf_counter()
    spec = load_mapping_file(mapping_file) if mapping_file else None
    table = read_table(path, sheet=sheet or (spec or {}).get("sheet"))
    read_seconds = time.perf_counter() - started
    mapping = mapping_from_spec(table, spec) if spec else detect_mapping(table)
    result = run_import(
        ctx, table, mapping, agency=agency, dry_run=dry_run, before_write=before_write
    )
    result.timings["read"] = read_seconds
    return result

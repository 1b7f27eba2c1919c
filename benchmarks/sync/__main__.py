"""Sync benchmark: ``python -m benchmarks.sync [--districts N] [--scale S] [--db URL]``.

For each district (demo data of ``--scale``: the district scale is ~20,000 people, their
agencies, ceremonies, invitees and attendance marks), the first bundle: collecting the rows,
writing the bundle file (signed, encrypted, read back and verified), the province reading it
(every check of design.md §7), then the MERGE [<= 1 s for a ~50k-row district bundle; 40
districts <= 25 s] and a REPLAY of the same bundle [0 rows changed]. Prints rows, seconds and
rows per second per step.

With ``--db postgresql+psycopg://USER@HOST:PORT/DB`` every office lives on that PostgreSQL
server (databases ``netral_bench_sync_*``, dropped at the end). With ``--floor``, each merge's
rows are also written into a twin province database by the engine alone (the driver's bulk
call, the search index, one commit): the merge's figure over that one is a ratio that does
not depend on the machine's disk.

Not a unit test: figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.roster import PgServer
from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import FixedClock
from netral_desktop.services.context import SYSTEM, ServiceContext


def _office(root: Path, code: str, name: str, mode: str, server: PgServer | None) -> ServiceContext:
    from netral_desktop.services.setup import init_office

    ctx = init_office(
        HomeLayout(root / code),
        office_code=code,
        name=name,
        mode=mode,
        admin_username="admin",
        admin_password="bench-admin-1",
        key_store="memory",
        clock=FixedClock(datetime(2024, 5, 14, 2, 0, tzinfo=UTC)),
        database_url=server.database(f"sync_{code}") if server else None,
    )
    return ctx.as_actor(SYSTEM)


def district_codes(count: int, scale: str) -> list[str]:
    """Kab/kota codes whose demo roster has no repeated agency name (the demo repeats some
    for Kulon Progo, 34.01, at the district scale)."""
    import random

    from netral_desktop.core import wilayah
    from netral_desktop.demo.roster import demo_agencies

    codes = []
    for region in wilayah.kabkota_list():  # the official 514: init refuses any other code
        try:
            names = [a.name for a in demo_agencies(region.code, scale, random.Random(region.code))]
        except (KeyError, ValueError, IndexError):
            continue
        if names and len(names) == len(set(names)):
            codes.append(region.code)
        if len(codes) == count:
            return codes
    return codes


def _district(
    root: Path, code: str, number: int, scale: str, server: PgServer | None
) -> ServiceContext:
    from netral_desktop.demo.pledges import add_demo_pledges
    from netral_desktop.demo.roster import add_demo_roster

    ctx = _office(root, code, f"Bawaslu Kabupaten {code}", "district", server)
    add_demo_roster(ctx, scale, seed=number)
    add_demo_pledges(ctx, scale, seed=number)
    return ctx


def _engine_floor(
    merged: ServiceContext, twin: ServiceContext, ids: dict[str, list[str]]
) -> tuple[int, float]:
    """The engine's own floor for a merge: the rows the merge wrote, read back from the merged
    database, written into a twin database of the same schema (and the same history of
    merges) by the engine's bulk path alone: one transaction, the driver's executemany
    (SQLite) or COPY (PostgreSQL) per table, the people's search index in one statement, one
    commit. What the merge adds on top: reading what is held, planning, the checks, seals,
    bases and audit. Returns (rows, seconds)."""
    from sqlmodel import SQLModel

    from netral_desktop.services.sync_import import _parents_first
    from netral_desktop.store import bulk, search

    tables = [t for t in SQLModel.metadata.sorted_tables if ids.get(t.name)]
    rows: dict[str, tuple[list[str], list[tuple[object, ...]]]] = {}
    with twin.db.engine.connect() as conn:  # rows both already hold (seeded) are not new
        held = {
            table.name: {
                row[0]
                for row in conn.exec_driver_sql(
                    f"SELECT id FROM {table.name} WHERE {bulk.among_ids(conn, 'id')}",
                    (bulk.ids_param(ids[table.name]),),
                )
            }
            for table in tables
        }
    ids = {name: [i for i in wanted if i not in held.get(name, ())] for name, wanted in ids.items()}
    tables = [t for t in tables if ids[t.name]]
    with merged.db.engine.connect() as conn:
        for table in tables:
            columns = [c.name for c in table.c]
            result = conn.exec_driver_sql(
                f"SELECT {', '.join(columns)} FROM {table.name} WHERE {bulk.among_ids(conn, 'id')}",
                (bulk.ids_param(ids[table.name]),),
            )
            # Parents before children within a table (an agency's parent), as the merge wrote.
            records = [
                {"id": r[0], "data": dict(zip(columns, r, strict=True)), "row": tuple(r)}
                for r in result
            ]
            rows[table.name] = (columns, [r["row"] for r in _parents_first(table, records)])
    started = time.perf_counter()
    with twin.db.bulk_write() as conn, search.deferred_index(conn) as pending:
        for name, (columns, values) in rows.items():
            bulk.copy_tuples(conn, name, columns, values)
            if name == "person":
                pending.added.extend(str(row[0]) for row in values)
    return sum(len(v) for _c, v in rows.values()), time.perf_counter() - started


def _line(what: str, rows: int, seconds: float) -> None:
    rate = f"{rows / seconds:12,.0f} rows/s" if seconds > 0 and rows else ""
    print(f"  {what:<34} {rows:>8,} rows {seconds:8.3f} s {rate}")


def run(args: argparse.Namespace) -> int:
    from netral_desktop.services import sync_bundle_io, sync_export, sync_import
    from netral_desktop.sync.signers import TrustedSigner, TrustList

    server = PgServer(args.db, prefix="netral_bench") if args.db else None
    engine = "PostgreSQL" if server else "SQLite"
    merges: list[float] = []
    floors: list[float] = []
    try:
        with tempfile.TemporaryDirectory(prefix="netral-bench-sync-") as tmp:
            root = Path(tmp)
            province = _office(root, "34", "Bawaslu Provinsi DIY", "province", server)
            province_keys = sync_bundle_io.office_keys(province)
            twin = (
                _office(root / "twin", "35", "Bawaslu Provinsi (kembaran)", "province", server)
                if args.floor
                else None
            )
            codes = district_codes(args.districts, args.scale)
            for number, code in enumerate(codes, start=1):
                started = time.perf_counter()
                district = _district(root, code, number, args.scale, server)
                made = time.perf_counter() - started
                keys = sync_bundle_io.office_keys(district)
                trust = TrustList([TrustedSigner(code, "", keys.public)])
                print(f"District {code} ({engine}, demo {args.scale}, made in {made:.1f} s)")

                started = time.perf_counter()
                outgoing = sync_export.collect(district)
                collected = time.perf_counter() - started
                _line("collect changed rows", outgoing.row_count, collected)

                writer = sync_bundle_io.make_writer(
                    district, keys=keys, recipients=[province_keys.recipient]
                )
                started = time.perf_counter()
                done = sync_export.export_bundle(district, root / "stick", writer=writer)
                _line(
                    "export (collect, write, re-verify)", done.rows, time.perf_counter() - started
                )

                started = time.perf_counter()
                with sync_bundle_io.read(
                    province, done.path, trust=trust, identity=province_keys.age_identity
                ) as bundle:
                    read = time.perf_counter() - started
                    rows = sum(len(r) for r in bundle.records.values())
                    _line("read and verify at the province", rows, read)
                    report = sync_import.import_bundle(province, bundle)
                    merges.append(report.seconds)
                    _line("MERGE (one transaction)", report.changed, report.seconds)
                    if twin is not None:
                        ids = {t: [r["id"] for r in recs] for t, recs in bundle.records.items()}
                        count, floor = _engine_floor(province, twin, ids)
                        floors.append(floor)
                        _line("  the same rows, engine alone", count, floor)
                        print(f"    merge / engine alone: {report.seconds / floor:.2f}")
                    replay = sync_import.import_bundle(province, bundle)
                    _line(
                        f"replay ({replay.outcome}, changed {replay.changed})",
                        replay.changed,
                        replay.seconds,
                    )
                    assert replay.changed == 0
                per_table = ", ".join(
                    f"{table} {counts['new']}" for table, counts in sorted(report.counts.items())
                )
                print(f"    new rows: {per_table}")
                district.db.dispose()
            province.db.dispose()
            if twin is not None:
                twin.db.dispose()
    finally:
        if server:
            server.close()
    print(
        f"Merges ({engine}): {len(merges)} districts, total {sum(merges):.2f} s, "
        f"median {statistics.median(merges):.3f} s, slowest {max(merges):.3f} s "
        "[<= 1 s per district bundle; 40 districts <= 25 s]"
    )
    if floors:
        print(
            f"The same rows through the engine alone ({engine}): total {sum(floors):.2f} s, "
            f"median {statistics.median(floors):.3f} s; merge / engine alone: total "
            f"{sum(merges) / sum(floors):.2f}, median "
            f"{statistics.median(m / f for m, f in zip(merges, floors, strict=True)):.2f}"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sync")
    parser.add_argument("--districts", type=int, default=1)
    parser.add_argument("--scale", default="district", choices=["small", "district"])
    parser.add_argument("--db", help="postgresql+psycopg://USER@HOST:PORT/DB")
    parser.add_argument(
        "--floor",
        action="store_true",
        help="also write each merge's rows into a twin database by the engine alone",
    )
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())

"""Sync benchmark: ``python -m benchmarks.sync [--districts N] [--scale S] [--db URL]``.

For each district (demo data of ``--scale``: the district scale is ~20,000 people, their
agencies, ceremonies, invitees and attendance marks), the first bundle: collecting the rows,
writing the bundle file (signed, encrypted, read back and verified), the province reading it
(every check of design.md §7), then the MERGE [<= 1 s for a ~50k-row district bundle; 40
districts <= 25 s] and a REPLAY of the same bundle [0 rows changed]. Prints rows, seconds and
rows per second per step.

With ``--db postgresql+psycopg://USER@HOST:PORT/DB`` every office lives on that PostgreSQL
server (databases ``netral_bench_sync_*``, dropped at the end).

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


def _line(what: str, rows: int, seconds: float) -> None:
    rate = f"{rows / seconds:12,.0f} rows/s" if seconds > 0 and rows else ""
    print(f"  {what:<34} {rows:>8,} rows {seconds:8.3f} s {rate}")


def run(args: argparse.Namespace) -> int:
    from netral_desktop.services import sync_bundle_io, sync_export, sync_import
    from netral_desktop.sync.signers import TrustedSigner, TrustList

    server = PgServer(args.db, prefix="netral_bench") if args.db else None
    engine = "PostgreSQL" if server else "SQLite"
    merges: list[float] = []
    try:
        with tempfile.TemporaryDirectory(prefix="netral-bench-sync-") as tmp:
            root = Path(tmp)
            province = _office(root, "34", "Bawaslu Provinsi DIY", "province", server)
            province_keys = sync_bundle_io.office_keys(province)
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
    finally:
        if server:
            server.close()
    print(
        f"Merges ({engine}): {len(merges)} districts, total {sum(merges):.2f} s, "
        f"median {statistics.median(merges):.3f} s, slowest {max(merges):.3f} s "
        "[<= 1 s per district bundle; 40 districts <= 25 s]"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sync")
    parser.add_argument("--districts", type=int, default=1)
    parser.add_argument("--scale", default="district", choices=["small", "district"])
    parser.add_argument("--db", help="postgresql+psycopg://USER@HOST:PORT/DB")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())

"""Roster benchmark: ``python -m netral_desktop.bench_roster [--people N] [--rows N]``.

Prints (design.md §9 targets in brackets):

- the import of a generated 20,000-row agency spreadsheet (.xlsx): file reading, row checks
  and the database stage (one transaction: matching, bulk inserts, search index, audit,
  commit) [database stage >= 100,000 rows/s], into an empty roster and into one of 100,000;
- a re-import of the same file (changes nothing);
- search latency over a set of realistic queries at 100,000 people, each measured as
  ``count`` plus the first page of 50 rows, as the roster page does per keystroke
  [<= 30 ms].

Not a unit test: figures depend on the machine; run it on the build machine and compare.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import FixedClock
from netral_desktop.core.identifiers import format_nip
from netral_desktop.services.context import SYSTEM, ServiceContext

PASSPHRASE = "bench-passphrase-1"
QUERIES = (
    # name fragments, as typed
    "wahyu",
    "Sri Wah",
    "nugroho",
    "hutagalung",
    "siti",
    "dewi ang",
    "andi",
    "S.Pd",
    # NIP fragments, with and without the usual spaces
    "19800504",
    "1970 05",
    "198504 2",
    "2015",
    # one or two letters or digits: prefix search
    "a",
    "sr",
    "wi",
    "19",
    # places and posts
    "puskesmas",
    "sewon",
    "guru ahli",
    "kecamatan",
)


def _office(root: Path, name: str) -> ServiceContext:
    from netral_desktop.services.setup import init_office

    clock = FixedClock(datetime(2024, 5, 14, 2, 0, tzinfo=UTC))
    ctx = init_office(
        HomeLayout(root / name),
        office_code="34.02",
        name="Bawaslu Kabupaten Bantul",
        admin_username="admin",
        admin_password="bench-admin-1",
        key_store="file",
        passphrase=PASSPHRASE,
        clock=clock,
    )
    return ctx.as_actor(SYSTEM)


def write_agency_sheet(path: Path, rows: int, seed: int = 7) -> Path:
    """An agency's roster as such files look: title rows, a header, a numbering row."""
    from openpyxl import Workbook

    from netral_desktop.services.demo_roster import demo_agencies, demo_people

    rng = random.Random(seed)
    agencies = demo_agencies("34.02", "district", rng)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data Pegawai")
    sheet.append(["DAFTAR PEGAWAI PEMERINTAH KABUPATEN BANTUL"])
    sheet.append(["Keadaan per 1 Mei 2024"])
    sheet.append([])
    headers = ["NO", "NAMA LENGKAP", "NIP/NI PPPK", "L/P", "STATUS", "JABATAN", "PANGKAT/GOL"]
    headers += ["UNIT KERJA", "OPD", "NO HP"]
    sheet.append(headers)
    sheet.append(list(range(1, len(headers) + 1)))
    for number, person in enumerate(demo_people(agencies, rows, "34.02", rng), start=1):
        ident = format_nip(person.nip) if person.nip else person.ni_pppk
        status = {"pns": "PNS", "pppk": "PPPK", "non_asn": "Non ASN"}[person.status]
        sheet.append(
            [
                number,
                person.full_name,
                ident,
                person.sex,
                status,
                person.jabatan,
                person.pangkat_golongan,
                person.unit_kerja,
                person.agency,
                person.phone,
            ]
        )
    book.save(path)
    return path


def _import(ctx: ServiceContext, path: Path) -> dict[str, float]:
    from netral_desktop.services.roster_import import detect_mapping, read_table, run_import

    started = time.perf_counter()
    table = read_table(path)
    read = time.perf_counter() - started
    result = run_import(ctx, table, detect_mapping(table))
    total = time.perf_counter() - started
    return {
        "rows": len(result.rows),
        "added": result.added,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "refused": len(result.refused),
        "read": read,
        "check": result.timings["check"],
        "match": result.timings.get("match", 0.0),
        "rows_write": result.timings.get("rows", 0.0),
        "index": result.timings.get("index", 0.0),
        "database": result.timings["database"],
        "total": total,
    }


def _print_import(label: str, figures: dict[str, float]) -> None:
    rows = figures["rows"]
    print(f"{label}")
    print(
        f"  rows {rows:,.0f}: added {figures['added']:,.0f}, updated {figures['updated']:,.0f}, "
        f"unchanged {figures['unchanged']:,.0f}, refused {figures['refused']:,.0f}"
    )
    print(f"  read .xlsx      {figures['read']:7.3f} s   {rows / figures['read']:>10,.0f} rows/s")
    print(f"  check rows      {figures['check']:7.3f} s   {rows / figures['check']:>10,.0f} rows/s")
    print(
        f"  database stage  {figures['database']:7.3f} s   "
        f"{rows / figures['database']:>10,.0f} rows/s   [target >= 100,000 rows/s]"
    )
    written = figures["added"] + figures["updated"]
    for label, key in (
        ("matching", "match"),
        ("row writes", "rows_write"),
        ("search index", "index"),
    ):
        seconds = figures[key]
        rate = (
            f"{(rows if key == 'match' else written) / seconds:>10,.0f} rows/s" if seconds else ""
        )
        print(f"    {label:<13} {seconds:7.3f} s   {rate}")
    print(f"  whole import    {figures['total']:7.3f} s   {rows / figures['total']:>10,.0f} rows/s")


def _timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_search(ctx: ServiceContext, repeat: int) -> None:
    """Per query: the first page of 50 rows (what a keystroke waits for), then the count
    (shown after the rows, for the status line)."""
    from netral_desktop.services import roster

    page_times: list[float] = []
    count_times: list[float] = []
    print(f"{'query':<14} {'matches':>8} {'page p50':>9} {'page p95':>9} {'count p50':>10}")
    for query in QUERIES:
        roster.search(ctx, query, limit=50)  # warm the cache, as the previous keystroke would
        pages = _timed(lambda q=query: roster.search(ctx, q, limit=50), repeat)
        counts = _timed(lambda q=query: roster.count(ctx, q), max(1, repeat // 2))
        page_times += pages
        count_times += counts
        print(
            f"{query!r:<14} {roster.count(ctx, query):>8,} {statistics.median(pages):>9.1f} "
            f"{_percentile(pages, 0.95):>9.1f} {statistics.median(counts):>10.1f}"
        )
    print(
        f"first page, all queries: p50 {statistics.median(page_times):.1f} ms, "
        f"p95 {_percentile(page_times, 0.95):.1f} ms, max {max(page_times):.1f} ms   "
        "[target <= 30 ms]"
    )
    print(
        f"count, all queries: p50 {statistics.median(count_times):.1f} ms, "
        f"p95 {_percentile(count_times, 0.95):.1f} ms, max {max(count_times):.1f} ms"
    )
    agency = max(roster.list_agencies(ctx), key=lambda a: a.people)
    variants: dict[str, Callable[[], object]] = {
        "no query, by name": lambda: roster.search(ctx, ""),
        "no query, by jabatan": lambda: roster.search(ctx, "", sort=roster.RosterSort("jabatan")),
        "no query, by agency, descending": lambda: roster.search(
            ctx, "", sort=roster.RosterSort("agency", descending=True)
        ),
        "'guru' in the largest agency": lambda: roster.search(
            ctx, "guru", roster.RosterFilter(agency_id=agency.id)
        ),
        "problems only": lambda: roster.search(ctx, "", roster.RosterFilter(problems_only=True)),
        "count, no query": lambda: roster.count(ctx, ""),
    }
    last = roster.search(ctx, "", offset=89_950, limit=50)[-1].id
    variants["page after row 90,000 (after_id)"] = lambda: roster.search(ctx, "", after_id=last)
    variants["page at offset 90,000"] = lambda: roster.search(ctx, "", offset=90_000)
    for label, run in variants.items():
        run()
        times = _timed(run, repeat)
        print(
            f"{label:<34} p50 {statistics.median(times):6.1f} ms, "
            f"p95 {_percentile(times, 0.95):6.1f} ms"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m netral_desktop.bench_roster")
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the spreadsheet")
    parser.add_argument(
        "--scale", default="province", choices=["district", "province"], help="roster to search"
    )
    parser.add_argument("--repeat", type=int, default=10, help="timings per query")
    parser.add_argument("--keep", metavar="DIR", help="keep the data folders in DIR")
    args = parser.parse_args(argv)

    from netral_desktop.services.demo import add_demo_roster
    from netral_desktop.services.demo_roster import PEOPLE

    with tempfile.TemporaryDirectory(prefix="netral-bench-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        sheet = root / "pegawai.xlsx"
        started = time.perf_counter()
        write_agency_sheet(sheet, args.rows)
        print(
            f"generated {sheet.name}: {args.rows:,} rows, {sheet.stat().st_size / 2**20:.1f} MB "
            f"in {time.perf_counter() - started:.1f} s"
        )
        empty = _office(root, "empty")
        _print_import("import into an empty roster", _import(empty, sheet))
        _print_import("the same file again (changes nothing)", _import(empty, sheet))
        empty.db.dispose()

        big = _office(root, args.scale)
        started = time.perf_counter()
        people = add_demo_roster(big, args.scale)
        print(
            f"\ndemo roster: {people:,} people in {time.perf_counter() - started:.1f} s "
            f"(scale {args.scale}, {PEOPLE[args.scale]:,})"
        )
        _print_import(f"import into a roster of {people:,}", _import(big, sheet))
        print(f"\nsearch at {people + args.rows:,} people")
        bench_search(big, args.repeat)
        big.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Roster benchmark: ``python -m benchmarks.roster [--rows N] [--scale S] [--runs N]``.

Prints (design.md §9 targets in brackets):

- reading the workbook with openpyxl's read-only mode alone, the yardstick of the whole import
  [whole import / openpyxl read-only <= 1.0];
- the import of a generated 20,000-row agency spreadsheet (.xlsx), into an empty roster and
  into one of 100,000: reading the file and checking the rows (Python, no database), then
  the DATABASE STAGE on its own [>= 100,000 rows/s]: the one transaction from BEGIN to the
  end of COMMIT, in phases (matching rows with the roster, row writes, search index, audit,
  commit). Each import runs ``--runs`` times on a fresh copy of the same roster; the median
  is shown, and the fastest;
- for the same rows, what plain ``sqlite3`` needs for the same writes (executemany of
  ready tuples, one FTS5 INSERT ... SELECT, COMMIT, same durability settings): the floor
  this machine sets, against which the database stage's own overhead reads;
- a re-import of the same file (changes nothing);
- search latency over a set of realistic queries at 100,000 people, each measured as
  ``count`` plus the first page of 50 rows, as the roster page does per keystroke
  [<= 30 ms].

With ``--db postgresql+psycopg://USER@HOST:PORT/DB`` (a server and a database to connect to
for creating others) every office lives on that PostgreSQL server instead, in databases
named ``netral_bench_*`` (fresh copies are ``CREATE DATABASE ... TEMPLATE``; all are dropped
at the end); the plain-sqlite3 floor is SQLite's alone and left out.

Not a unit test: figures depend on the machine (and on whatever else it runs: compare runs
of one session, not figures of different days).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
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


def _clock() -> FixedClock:
    return FixedClock(datetime(2024, 5, 14, 2, 0, tzinfo=UTC))


class PgServer:
    """The PostgreSQL server of ``--db``: one database per benchmark office."""

    def __init__(self, url: str, prefix: str = "netral_bench") -> None:
        from sqlalchemy import create_engine, make_url

        self.prefix = prefix
        self.url = make_url(url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.created: list[str] = []

    def _execute(self, sql: str) -> None:
        from sqlalchemy import text

        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def database(self, name: str, *, template: str | None = None) -> str:
        """The URL of a new database ``netral_bench_<name>`` (a copy of ``template``'s)."""
        database = f"{self.prefix}_{name}".replace("-", "_")
        self._execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        copy = f' TEMPLATE "{self.prefix}_{template}"'.replace("-", "_") if template else ""
        self._execute(f'CREATE DATABASE "{database}"{copy}')
        self.created.append(database)
        return self.url.set(database=database).render_as_string(hide_password=False)

    def close(self) -> None:
        for database in self.created:
            self._execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        self.admin.dispose()


SERVER: PgServer | None = None  # set by main() for --db


def _office(root: Path, name: str) -> ServiceContext:
    from netral_desktop.services.setup import init_office

    ctx = init_office(
        HomeLayout(root / name),
        office_code="34.02",
        name="Bawaslu Kabupaten Bantul",
        admin_username="admin",
        admin_password="bench-admin-1",
        key_store="file",
        passphrase=PASSPHRASE,
        clock=_clock(),
        database_url=SERVER.database(name) if SERVER else None,
    )
    return ctx.as_actor(SYSTEM)


def _copy_office(source: Path, target: Path) -> ServiceContext:
    """A fresh copy of a data folder (its database closed), opened as the system user."""
    from netral_desktop.services.context import open_context

    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    if SERVER is not None:  # the database too: a copy of the source office's
        import json

        config = HomeLayout(target).database_config
        settings = json.loads(config.read_text(encoding="utf-8"))
        settings["url"] = SERVER.database(target.name, template=source.name)
        config.write_text(json.dumps(settings), encoding="utf-8")
    from netral_desktop.services.keys import unlock_key_file

    layout = HomeLayout(target)
    ctx = open_context(layout, clock=_clock())
    unlock_key_file(layout, PASSPHRASE, ctx)  # the copy's key file holds the audit key
    return ctx.as_actor(SYSTEM)


def write_agency_sheet(path: Path, rows: int, seed: int = 7) -> Path:
    """An agency's roster as such files look: title rows, a header, a numbering row."""
    from openpyxl import Workbook

    from netral_desktop.demo.roster import demo_agencies, demo_people

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


PHASES = (
    ("matching", "match"),
    ("row writes", "rows"),
    ("search index", "index"),
    ("audit", "audit"),
    ("commit", "commit"),
)


def openpyxl_read(path: Path) -> float:
    """Seconds openpyxl's read-only mode takes merely to read every cell of the workbook."""
    from openpyxl import load_workbook

    started = time.perf_counter()
    book = load_workbook(path, read_only=True, data_only=True)
    for sheet in book.worksheets:
        for _row in sheet.iter_rows(values_only=True):
            pass
    book.close()
    return time.perf_counter() - started


def _import(ctx: ServiceContext, path: Path) -> dict[str, float]:
    from netral_desktop.services.roster_import import detect_mapping, read_table, run_import

    started = time.perf_counter()
    table = read_table(path)
    read = time.perf_counter() - started
    result = run_import(ctx, table, detect_mapping(table))
    total = time.perf_counter() - started
    return {
        "people": len(result.rows),
        "added": result.added,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "refused": len(result.refused),
        "read": read,
        "total": total,
        **{key: result.timings.get(key, 0.0) for _label, key in PHASES},
        "check": result.timings["check"],
        "database": result.timings["database"],
    }


def sqlite_floor(ctx: ServiceContext, before: Path, after_rowid: int) -> dict[str, float]:
    """What plain sqlite3 needs to write the people the import just added, with nothing of the
    import around it: into ``before`` (a copy of the database as it was before the import),
    the same rows as ready tuples in one executemany (search triggers dropped, as the import
    does), the search index in one INSERT ... SELECT, one COMMIT; WAL, synchronous=FULL, the
    import's page cache and FTS5 settings. Updates are left out: the floor of the inserts."""
    from netral_desktop.store.db import BULK_CACHE_KIB
    from netral_desktop.store.search import BULK_FTS_SETTINGS, SEARCH_TRIGGERS

    raw = ctx.db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        columns = [row[1] for row in cursor.execute("PRAGMA table_info(person)")]
        rows = cursor.execute(
            f"SELECT {', '.join(columns)} FROM person WHERE rowid > ? ORDER BY rowid",
            (after_rowid,),
        ).fetchall()
    finally:
        raw.close()
    conn = sqlite3.connect(before, isolation_level=None)
    try:
        for pragma in ("journal_mode=WAL", "synchronous=FULL", f"cache_size=-{BULK_CACHE_KIB}"):
            conn.execute(f"PRAGMA {pragma}")
        conn.execute("SELECT count(*) FROM person").fetchone()  # schema loaded, as in the app
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN "
            f"({', '.join('?' * len(SEARCH_TRIGGERS))})",
            SEARCH_TRIGGERS,
        ).fetchall()
        for name, _sql in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        first = conn.execute("SELECT coalesce(max(rowid), 0) FROM person").fetchone()[0]
        conn.executemany(
            f"INSERT INTO person ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            rows,
        )
        inserted = time.perf_counter()
        for key, value in BULK_FTS_SETTINGS.items():
            conn.execute(
                "INSERT INTO person_search(person_search, rank) VALUES (?, ?)", (key, value)
            )
        conn.execute(
            "INSERT INTO person_search(rowid, doc) SELECT rowid, doc FROM person_search_doc "
            "WHERE rowid > ?",
            (first,),
        )
        for _name, sql in triggers:
            conn.execute(sql)
        indexed = time.perf_counter()
        conn.execute("COMMIT")
        done = time.perf_counter()
    finally:
        conn.close()
    return {
        "people": len(rows),
        "rows": inserted - started,
        "index": indexed - inserted,
        "commit": done - indexed,
        "database": done - started,
    }


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def _rate(rows: float, seconds: float) -> str:
    return f"{rows / seconds:>10,.0f} rows/s" if seconds else ""


def _print_import(
    label: str,
    runs: list[dict[str, float]],
    floors: list[dict[str, float]],
    openpyxl_seconds: float | None = None,
) -> None:
    first = runs[0]
    rows = first["people"]
    print(label + (f" ({len(runs)} runs on fresh copies: medians)" if len(runs) > 1 else ""))
    print(
        f"  rows {rows:,.0f}: added {first['added']:,.0f}, updated {first['updated']:,.0f}, "
        f"unchanged {first['unchanged']:,.0f}, refused {first['refused']:,.0f}"
    )
    for name, key in (("read file", "read"), ("check rows", "check")):
        seconds = _median(runs, key)
        print(f"  {name:<16}{seconds:7.3f} s {_rate(rows, seconds)}   (no database)")
    database = _median(runs, "database")
    best = min(run["database"] for run in runs)
    print(
        f"  DATABASE STAGE  {database:7.3f} s {_rate(rows, database)}   "
        f"[target >= 100,000 rows/s]"
        + (f"  fastest {best:.3f} s, {rows / best:,.0f} rows/s" if len(runs) > 1 else "")
    )
    for name, key in PHASES:
        seconds = _median(runs, key)
        share = seconds / database if database else 0.0
        print(f"    {name:<14}{seconds:7.3f} s   {share:4.0%}")
    if floors:
        floor = {key: statistics.median(f[key] for f in floors) for key in floors[0]}
        people = floor["people"]
        print(
            f"  plain sqlite3, the {people:,.0f} added rows alone: {floor['database']:.3f} s "
            f"{_rate(people, floor['database'])} (rows {floor['rows']:.3f} s, search index "
            f"{floor['index']:.3f} s, commit {floor['commit']:.3f} s)"
        )
        per_row = database / rows
        print(
            f"  database stage per row / plain sqlite3 per row: "
            f"{per_row / (floor['database'] / people):.2f}x   [target <= 1.25x]"
        )
    total = _median(runs, "total")
    print(f"  whole import    {total:7.3f} s {_rate(rows, total)}")
    if openpyxl_seconds:
        print(
            f"  whole import / openpyxl read-only ({openpyxl_seconds:.3f} s): "
            f"{total / openpyxl_seconds:.2f}   [target <= 1.0]"
        )


def bench_import(
    root: Path, office: Path, sheet: Path, runs: int, *, again: bool = False
) -> tuple[list[dict[str, float]], list[dict[str, float]], dict[str, float] | None]:
    """Import ``sheet`` ``runs`` times, each into a fresh copy of ``office``; per run, the
    plain sqlite3 floor for the same added rows. With ``again``, the first copy imports the
    file a second time (changes nothing). Returns (runs, floors, the re-import)."""
    from netral_desktop.store.search import max_person_rowid

    figures, floors, repeated = [], [], None
    for run in range(runs):
        ctx = _copy_office(office, root / f"run-{run}")
        assert ctx.layout is not None
        if ctx.db.is_postgresql:  # no plain-sqlite3 floor to compare with
            figures.append(_import(ctx, sheet))
            if again and run == 0:
                repeated = _import(ctx, sheet)
            ctx.db.dispose()
            shutil.rmtree(ctx.layout.root)
            continue
        before = ctx.layout.root / "before.sqlite"
        raw = ctx.db.engine.raw_connection()
        try:
            target = sqlite3.connect(before)
            raw.driver_connection.backup(target)  # type: ignore[union-attr]
            target.close()
        finally:
            raw.close()
        with ctx.db.read_session() as session:
            after_rowid = max_person_rowid(session)
        figures.append(_import(ctx, sheet))
        floors.append(sqlite_floor(ctx, before, after_rowid))
        if again and run == 0:
            repeated = _import(ctx, sheet)
        ctx.db.dispose()
        shutil.rmtree(ctx.layout.root)
    return figures, floors, repeated


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
    deep = min(90_000, max(0, roster.count(ctx, "") - 50))  # far down the list
    last = roster.search(ctx, "", offset=max(0, deep - 50), limit=50)[-1].id
    variants[f"page after row {deep:,} (after_id)"] = lambda: roster.search(ctx, "", after_id=last)
    variants[f"page at offset {deep:,}"] = lambda: roster.search(ctx, "", offset=deep)
    for label, run in variants.items():
        run()
        times = _timed(run, repeat)
        print(
            f"{label:<34} p50 {statistics.median(times):6.1f} ms, "
            f"p95 {_percentile(times, 0.95):6.1f} ms"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.roster")
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the spreadsheet")
    parser.add_argument(
        "--scale",
        default="province",
        choices=["small", "district", "province"],
        help="the roster imported into and searched",
    )
    parser.add_argument("--runs", type=int, default=3, help="imports per roster (fresh copies)")
    parser.add_argument("--repeat", type=int, default=10, help="timings per query")
    parser.add_argument("--keep", metavar="DIR", help="keep the data folders in DIR")
    parser.add_argument(
        "--db",
        metavar="URL",
        help="offices on this PostgreSQL server (postgresql+psycopg://USER@HOST:PORT/DB)",
    )
    parser.add_argument(
        "--db-prefix",
        default="netral_bench",
        help="names of the databases made on the server (several people share one server)",
    )
    args = parser.parse_args(argv)
    global SERVER
    SERVER = PgServer(args.db, args.db_prefix) if args.db else None
    try:
        return _run(args)
    finally:
        if SERVER is not None:
            SERVER.close()
            SERVER = None


def _run(args: argparse.Namespace) -> int:
    from netral_desktop.demo.roster import PEOPLE, add_demo_roster

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
        empty.db.dispose()
        figures, floors, again = bench_import(
            root, root / "empty", sheet, max(1, args.runs), again=True
        )
        # Measured between the imports of the same run, as many times: the machine's load
        # weighs on both alike.
        yardstick = statistics.median(openpyxl_read(sheet) for _ in range(max(1, args.runs)))
        print(f"openpyxl read-only, reading {sheet.name} alone: {yardstick:.3f} s")
        _print_import("import into an empty roster", figures, floors, yardstick)
        if again:
            _print_import("the same file again (changes nothing)", [again], [])

        big = _office(root, args.scale)
        started = time.perf_counter()
        people = add_demo_roster(big, args.scale)
        print(
            f"\ndemo roster: {people:,} people in {time.perf_counter() - started:.1f} s "
            f"(scale {args.scale}, {PEOPLE[args.scale]:,})"
        )
        big.db.dispose()
        figures, floors, _again = bench_import(root, root / args.scale, sheet, max(1, args.runs))
        _print_import(f"import into a roster of {people:,}", figures, floors)

        searched = _copy_office(root / args.scale, root / "search")
        _import(searched, sheet)
        print(f"\nsearch at {people + args.rows:,} people")
        bench_search(searched, args.repeat)
        searched.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

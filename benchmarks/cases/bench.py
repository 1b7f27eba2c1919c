"""Benchmark of violation cases: ``python -m benchmarks.cases [--db URL]``.

In a throw-away office (SQLite, or an empty PostgreSQL database with ``--db``) with 2,000
cases (the demo's cases at every stage, made through the services, then copied in bulk
through the synced-row primitive until there are ``--cases`` of them), prints:

- the case list's first page (50 rows) with each filter of the window (none, a status, open
  only, overdue, election type, category, origin, agency, a search word): p50 and max of
  ``--runs`` calls of the service, target <= 50 ms;
- opening a case with 50 evidence items to usable: the case view (subjects, parties,
  timeline, hearings, next deadline) and its evidence list, p50 and max, target <= 300 ms;
  then the first screenful of thumbnails (12), cold and warm, for information.

Not a unit test: timings are noisy (the build machine's two cores are shared), so the CPU
time is printed beside the wall time.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

LIST_TARGET_MS = 50
OPEN_TARGET_MS = 300
PAGE = 50
NAMES = (
    "Drs. Heru Prasetyo, M.Si.",
    "Siti Aminah, S.Pd.",
    "Agus Wibowo, S.T.",
    "Sutrisno",
    "Wahyuni Lestari",
    "Rudi Hartanto, S.Sos.",
    "Dian Puspitasari",
    "dr. Ratna Kusumawati",
    "Bambang Irawan, S.E.",
    "Yuliana Sari, A.Md.",
    "Hendra Gunawan, S.H.",
    "Eko Purnomo",
)
AGENCIES = (
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "BPKAD",
    "Dinas Kominfo",
    "Kapanewon Kasihan",
    "Kalurahan Timbulharjo",
    "RSUD Panembahan Senopati",
    "Dinas Pekerjaan Umum",
    "Satpol PP",
    "Bappeda",
)


def make_office(folder: Path, database_url: str | None) -> Any:
    from netral_desktop.config import HomeLayout
    from netral_desktop.demo.cases import add_demo_cases
    from netral_desktop.demo.roster import add_demo_roster
    from netral_desktop.services.context import SYSTEM
    from netral_desktop.services.setup import init_office

    ctx = init_office(
        HomeLayout(folder / "home"),
        office_code="34.02",
        name="Bawaslu Kabupaten Bantul",
        admin_username="admin",
        admin_password="bench-password-1",
        key_store="file",
        passphrase="bench-passphrase-1",
        database_url=database_url,
    ).as_actor(SYSTEM)
    add_demo_roster(ctx, "small")
    started = time.perf_counter()
    made = add_demo_cases(ctx, "small")
    print(
        f"demo: {made} cases through the services (steps, hearings, evidence) in "
        f"{time.perf_counter() - started:.1f} s"
    )
    return ctx


def copy_cases(ctx: Any, total: int, seed: int = 13) -> int:
    """Copies of the demo's cases (with their reported people and steps, other titles, names
    and agencies) until there are ``total``, in one transaction through the synced-row
    primitive. Parties are not copied: their sealed identities belong to their own rows."""
    from sqlalchemy import false, select

    from netral_desktop.core.ids import new_ids
    from netral_desktop.store.models import CaseFile, CaseStep, CaseSubject
    from netral_desktop.store.synced import SYNC_COLUMNS, insert_rows

    rng = random.Random(seed)
    started = time.perf_counter()
    with ctx.db.write_session() as session:
        conn = session.connection()

        def rows_of(model: Any) -> tuple[list[str], list[dict[str, Any]]]:
            table = model.__table__
            columns = [c.name for c in table.columns if c.name not in SYNC_COLUMNS]
            found = conn.execute(select(table).where(table.c.deleted == false())).mappings()
            return columns, [dict(r) for r in found]

        case_columns, templates = rows_of(CaseFile)
        subject_columns, subjects = rows_of(CaseSubject)
        step_columns, steps = rows_of(CaseStep)
        wanted = total - len(templates)
        if wanted <= 0 or not templates:
            return len(templates)
        by_case: dict[str, list[dict[str, Any]]] = {}
        for row in subjects:
            by_case.setdefault(row["case_id"], []).append(row)
        steps_of: dict[str, list[dict[str, Any]]] = {}
        for row in steps:
            steps_of.setdefault(row["case_id"], []).append(row)
        case_ids = new_ids(wanted)
        new_cases, new_subjects, new_steps = [], [], []
        for number, case_id in enumerate(case_ids):
            template = templates[number % len(templates)]
            values = dict(template)
            values["title"] = f"{template['title']} (salinan {number + 1})"
            if values.get("intake_number"):
                values["intake_number"] = ""
            if values.get("register_number"):
                values["register_number"] = ""
            new_cases.append(tuple(values[c] for c in case_columns))
            subject_map = {}
            for subject in by_case.get(template["id"], []):
                copy = dict(subject)
                copy["case_id"] = case_id
                copy["full_name"] = rng.choice(NAMES)
                copy["agency_name"] = rng.choice(AGENCIES)
                copy["agency_id"] = None
                copy["person_id"] = None
                subject_map[subject["id"]] = new_ids(1)[0]
                new_subjects.append((subject_map[subject["id"]], copy))
            for step in steps_of.get(template["id"], []):
                copy = dict(step)
                copy["case_id"] = case_id
                copy["subject_id"] = (
                    subject_map.get(step["subject_id"]) if step["subject_id"] else None
                )
                new_steps.append(copy)
        stamp = ctx.write_stamp()
        note = {"note": "benchmark copies"}
        insert_rows(
            session,
            "case_file",
            case_columns,
            new_cases,
            stamp,
            ids=case_ids,
            audit=[
                {
                    "action": "insert",
                    "table_name": "case_file",
                    "record_id": "bench",
                    "new": {"rows": len(new_cases)},
                    **note,
                }
            ],
        )
        insert_rows(
            session,
            "case_subject",
            subject_columns,
            [tuple(row[c] for c in subject_columns) for _id, row in new_subjects],
            stamp,
            ids=[row_id for row_id, _row in new_subjects],
        )
        insert_rows(
            session,
            "case_step",
            step_columns,
            [tuple(row[c] for c in step_columns) for row in new_steps],
            stamp,
        )
    if ctx.db.is_postgresql:
        # What autovacuum does soon after a bulk load: planner statistics for the new rows.
        with ctx.db.write_session() as session:
            session.connection().exec_driver_sql("ANALYZE case_file, case_subject, case_step")
    print(
        f"copies: {wanted} cases, {len(new_subjects)} reported people, {len(new_steps)} steps "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return total


def _timed(call: Callable[[], Any], runs: int) -> tuple[list[float], float, Any]:
    result = call()  # a first call warms caches (ruleset, holidays, statements)
    wall = []
    cpu = time.process_time()
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        wall.append((time.perf_counter() - start) * 1000)
    return wall, (time.process_time() - cpu) * 1000 / runs, result


def measure_list(ctx: Any, runs: int) -> list[float]:
    from netral_desktop.services import cases

    filters = {
        "no filter": cases.CaseFilter(),
        "status diteruskan": cases.CaseFilter(status="diteruskan"),
        "open only": cases.CaseFilter(open_only=True),
        "overdue": cases.CaseFilter(overdue=True),
        "due within 7 days": cases.CaseFilter(due_within_days=7),
        "Pilkada": cases.CaseFilter(ruleset="pilkada"),
        "category DS-08": cases.CaseFilter(category="DS-08"),
        "origin temuan": cases.CaseFilter(origin="temuan"),
        "search 'kepala dinas'": cases.CaseFilter(search="kepala dinas"),
        "search a name 'Ratna'": cases.CaseFilter(search="Ratna"),
        "open + Pemilu + search 'camat'": cases.CaseFilter(
            open_only=True, ruleset="pemilu", search="camat"
        ),
    }
    total = cases.count_cases(ctx, cases.CaseFilter())
    print(f"case list, {total} cases, first {PAGE} rows (target <= {LIST_TARGET_MS} ms):")
    worst = []
    for label, flt in filters.items():
        wall, cpu, rows = _timed(lambda flt=flt: cases.list_cases(ctx, flt, 0, PAGE), runs)
        worst.append(statistics.median(wall))
        print(
            f"  {label:<32} {len(rows):>3} rows  p50 {statistics.median(wall):6.1f} ms  "
            f"max {max(wall):6.1f} ms  CPU {cpu:6.1f} ms"
        )
    return worst


def evidence_images(count: int, seed: int = 7) -> list[bytes]:
    """``count`` different phone-sized images (screenshots and photos)."""
    from netral_desktop.demo.cases import demo_screenshot
    from netral_desktop.demo.sosialisasi import demo_photo

    rng = random.Random(seed)
    out = []
    for number in range(count):
        if number % 2:
            out.append(demo_photo(rng, number, "Bukti kegiatan kampanye", width=1280))
        else:
            out.append(demo_screenshot(rng, number, "Unggahan dukungan kepada calon"))
    return out


def case_to_open(ctx: Any) -> str:
    """A case as the window opens it mid-procedure: reported person, reporter and witness
    (identities opened: the benchmark reads as an administrator), steps up to the kajian and a
    hearing; not yet decided, so evidence may still be added."""
    from netral_desktop.demo.cases import PLANS
    from netral_desktop.services import cases

    title = next(p.title for p in PLANS if p.steps and p.steps[-1].code == "kajian")
    rows = cases.list_cases(ctx, cases.CaseFilter(), 0, len(PLANS))
    return next(row.id for row in rows if row.title == title)


def measure_open(ctx: Any, case_id: str, evidence_count: int, runs: int) -> float:
    from netral_desktop.core.roles import Permission
    from netral_desktop.services import cases, evidence

    started = time.perf_counter()
    already = len(evidence.list_for(ctx, "case_file", case_id))  # the demo's own images
    images = evidence_images(max(evidence_count - already, 0))
    for number, data in enumerate(images, start=1):
        evidence.attach(
            ctx,
            "case_file",
            case_id,
            data,
            original_name=f"bukti_{number:03d}.{'jpg' if number % 2 == 0 else 'png'}",
            caption=f"Bukti {number}",
            permission=Permission.CASE_LOG,
        )
    megabytes = sum(len(i) for i in images) / 1e6
    print(
        f"case with {already} demo images: {len(images)} more ({megabytes:.1f} MB) attached in "
        f"{time.perf_counter() - started:.1f} s"
    )

    def open_case() -> tuple[Any, Any]:
        return cases.case_view(ctx, case_id), evidence.list_for(ctx, "case_file", case_id)

    wall, cpu, (view, items) = _timed(open_case, runs)
    print(
        f"open a case with {len(items)} evidence items (view + evidence list; "
        f"target <= {OPEN_TARGET_MS} ms): p50 {statistics.median(wall):.1f} ms, "
        f"max {max(wall):.1f} ms, CPU {cpu:.1f} ms; {len(view.subjects)} reported people, "
        f"{len(view.timeline)} timeline entries"
    )
    first = items[:12]
    for label in ("cold", "warm"):
        start = time.perf_counter()
        for item in first:
            evidence.thumbnail(ctx, item.id)
        elapsed = (time.perf_counter() - start) * 1000
        print(f"  first {len(first)} thumbnails, {label}: {elapsed:.0f} ms")
    return statistics.median(wall)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--dir", help="folder for the throw-away data folder")
    parser.add_argument(
        "--db",
        help="an empty PostgreSQL database (postgresql+psycopg://USER@HOST:PORT/DB; "
        "default: SQLite in the data folder)",
    )
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--evidence", type=int, default=50)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        ctx = make_office(Path(folder), args.db)
        case_id = case_to_open(ctx)
        copy_cases(ctx, args.cases)
        print(
            f"engine: {ctx.db.dialect}; load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} cores"
        )
        measure_list(ctx, args.runs)
        measure_open(ctx, case_id, args.evidence, args.runs)
        ctx.db.dispose()
    return 0

"""Benchmark of pledge ceremonies: ``python -m benchmarks.pledge``.

Prints the attendance sheet's render time with 2,000 and 20,000 names (design.md §9: 2,000
≤ 0.6 s, 20,000 ≤ 11× that), their ratio and bytes per page, and how long marking one person
present takes at 2,000 invitees, from the typed NIP to the new counts (target ≤ 50 ms), as
p50 and p95, in a throw-away data folder with the district demo roster; and how long the
sheet's and the recap's data take to gather (their queries) at that size. ``--db URL`` puts
that office on an empty PostgreSQL database instead of SQLite; ``--no-render`` skips the
rendering figures. Not a unit test: timings are noisy.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netral_desktop.services.context import ServiceContext

AGENCIES = 40


def sheet_values(count: int, *, per_agency: bool = False, seed: int = 7) -> dict[str, object]:
    """The values of an attendance sheet with ``count`` names in ``AGENCIES`` agencies."""
    from benchmarks.documents import sample_roster

    rng = random.Random(seed)
    agencies = [f"Instansi Contoh {n:02d} Kabupaten Bantul" for n in range(1, AGENCIES + 1)]
    rows = [
        {
            "nama": row["nama"],
            "nip": row["nip"],
            "jabatan": row["jabatan"],
            "unit_kerja": row["unit_kerja"],
            "instansi": rng.choice(agencies),
        }
        for row in sample_roster(count, seed)
    ]
    rows.sort(key=lambda r: (r["instansi"], r["nama"]))
    return {
        "acara": "Apel Ikrar Netralitas ASN Pemerintah Kabupaten Bantul",
        "tanggal": date(2024, 9, 10),
        "waktu": "08.00 WIB s.d. selesai",
        "tempat": "Lapangan Trirenggo, Bantul",
        "penyelenggara": "Pemerintah Kabupaten Bantul",
        "per_instansi": per_agency,
        "tempat_ttd": "Bantul",
        "jabatan_penanda_tangan": "Kepala Sekretariat Bawaslu Kabupaten Bantul",
        "nama_penanda_tangan": "Dewi Anggraini, S.E.",
        "nip_penanda_tangan": "19800101 200501 2 001",
        "peserta": [*rows, *({} for _ in range(10))],
    }


def measure_sheet(count: int, repeat: int, *, per_agency: bool = False) -> tuple[float, int, int]:
    """(best seconds, bytes, pages) of rendering the sheet with ``count`` names."""
    from benchmarks.documents import _office
    from netral_desktop.pdf.render import DocInfo, prepare_data, render_prepared
    from netral_desktop.pdf.spec import load_spec

    spec = load_spec("ikrar_daftar_hadir")
    doc = DocInfo(
        date=date(2024, 9, 10), code="ABCDE-FGHJK", qr_payload="NETRAL-DOC 34.02 ABCDE-FGHJK"
    )
    data = sheet_values(count, per_agency=per_agency)
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = render_prepared(spec, prepare_data(spec, data), _office(), doc)
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, len(result.pdf), result.pages


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure_marking(
    folder: Path, invitees: int, *, database_url: str | None = None, key_store: str = "file"
) -> dict[str, list[float]]:
    """Seconds per ``mark`` call: every invitee by NIP typed with spaces and dots (those
    without one by full name), then each once more (reported, not marked twice); and the
    attendance sheet's data (its queries, not the rendering) before and after marking. With
    ``database_url`` the office lives on that (empty) PostgreSQL database."""
    from netral_desktop.config import HomeLayout
    from netral_desktop.core.identifiers import format_nip
    from netral_desktop.demo.roster import add_demo_roster
    from netral_desktop.services import pledge, roster
    from netral_desktop.services.context import SYSTEM
    from netral_desktop.services.setup import init_office

    ctx = init_office(
        HomeLayout(folder / "home"),
        office_code="34.02",
        name="Bawaslu Kabupaten Bantul",
        admin_username="admin",
        admin_password="bench-password-1",
        key_store=key_store,
        passphrase="bench-passphrase-1" if key_store == "file" else None,
        database_url=database_url,
    ).as_actor(SYSTEM)
    add_demo_roster(ctx, "district")
    everyone = roster.RosterFilter(include_inactive=True)
    people = sorted(
        row.id for row in roster.search(ctx, "", everyone, limit=roster.count(ctx, "", everyone))
    )
    chosen = random.Random(11).sample(people, invitees)
    event = pledge.create_event(
        ctx,
        pledge.EventFields(
            title="Apel Ikrar Netralitas ASN", starts_at="2024-09-10 08:00", place="Lapangan"
        ),
    )
    started = time.perf_counter()
    pledge.invite(ctx, event.id, pledge.InviteCriteria(person_ids=tuple(chosen)))
    invite_s = time.perf_counter() - started
    rows = pledge.list_invitees(ctx, event.id, limit=invitees)
    typed = [
        f"{format_nip(r.nip)[:15]}.{format_nip(r.nip)[15:]}" if r.nip else r.full_name for r in rows
    ]
    times: dict[str, list[float]] = {"nip": [], "name": [], "again": [], "invite": [invite_s]}
    times["sheet data, none marked"] = _sheet_data_times(ctx, event.id)
    for query in typed:
        start = time.perf_counter()
        result = pledge.mark(ctx, event.id, query)
        spent = time.perf_counter() - start
        times["nip" if query[:1].isdigit() else "name"].append(spent)
        if result.outcome == pledge.MarkOutcome.AMBIGUOUS:  # same full name twice
            pledge.mark_invitee(ctx, result.candidates[0].id)
    for query in typed[:200]:
        start = time.perf_counter()
        pledge.mark(ctx, event.id, query)
        times["again"].append(time.perf_counter() - start)
    times["sheet data, all marked"] = _sheet_data_times(ctx, event.id)
    ctx.db.dispose()
    return times


def _sheet_data_times(ctx: ServiceContext, event_id: str, repeat: int = 5) -> list[float]:
    """Seconds to gather the attendance sheet's and the recap's data (their queries)."""
    from netral_desktop.services.pledge import documents

    spent = []
    for _ in range(repeat):
        start = time.perf_counter()
        documents.sheet_data(ctx, event_id)
        documents.recap_data(ctx, event_id)
        spent.append(time.perf_counter() - start)
    return spent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--invitees", type=int, default=2000)
    parser.add_argument(
        "--dir", help="folder for the throw-away data folder (default: the system's temp)"
    )
    parser.add_argument(
        "--db",
        help="an empty PostgreSQL database for the marking office "
        "(postgresql+psycopg://USER@HOST:PORT/DB; default: SQLite in the data folder)",
    )
    parser.add_argument("--no-render", action="store_true", help="skip the sheet rendering")
    parser.add_argument(
        "--key-store",
        default="file",
        choices=["file", "keyring"],
        help="where the marking office keeps its keys and audit anchor (default: a key file)",
    )
    args = parser.parse_args(argv)
    if not args.no_render:
        _render_figures(args)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        times = measure_marking(
            Path(folder), args.invitees, database_url=args.db, key_store=args.key_store
        )
    print(f"invite {args.invitees} people: {times['invite'][0] * 1000:.0f} ms")
    for label, key in (("by NIP", "nip"), ("by name", "name"), ("already", "again")):
        values = times[key]
        if values:
            print(
                f"mark {label:<8} ({len(values):>4} calls at {args.invitees} invitees): "
                f"p50 {statistics.median(values) * 1000:5.1f} ms  "
                f"p95 {_percentile(values, 0.95) * 1000:5.1f} ms  "
                f"max {max(values) * 1000:5.1f} ms (target <= 50 ms)"
            )
    for key in ("sheet data, none marked", "sheet data, all marked"):
        values = times[key]
        print(
            f"{key} (sheet + recap data, {args.invitees} invitees): "
            f"best {min(values) * 1000:6.1f} ms  median {statistics.median(values) * 1000:6.1f} ms"
        )
    return 0


def _render_figures(args: argparse.Namespace) -> None:
    measure_sheet(50, 1)  # fonts registered, modules imported: not part of the figure
    small = measure_sheet(args.small, args.repeat)
    large = measure_sheet(args.large, max(1, args.repeat - 1))
    grouped = measure_sheet(args.small, args.repeat, per_agency=True)
    for label, count, (seconds, size, pages) in (
        ("sheet", args.small, small),
        ("sheet", args.large, large),
        ("per agency", args.small, grouped),
    ):
        print(
            f"{label:<10} {count:>6} names: {seconds:6.3f} s  {pages:>5} pages  "
            f"{size / 1024:8.1f} KiB  {size / pages / 1024:5.2f} KiB/page"
        )
    ratio = large[0] / small[0]
    print(
        f"ratio {args.large}/{args.small}: {ratio:.1f}x (target <= 11x); {args.small} names "
        f"target <= 0.6 s: {'ok' if small[0] <= 0.6 else 'MISSED'}"
    )


if __name__ == "__main__":
    raise SystemExit(main())

"""Keystroke to rows shown on the roster page: ``python -m benchmarks.roster_ui --home DIR``
(a home with ``netral demo --scale province``: 100,000 people).

Each query is typed into the search field of a real window (offscreen) with the real worker
thread; the time runs from the text change to the first page being in the table model and
painted. Prints p50/p95 over realistic queries (design.md §9: ≤ 30 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

QUERIES = [
    "sri",
    "budi",
    "wahyu",
    "siti aminah",
    "agus sal",
    "guru",
    "kepala bidang",
    "puskesmas",
    "sd negeri",
    "dinas kes",
    "1978",
    "19800",
    "1985 03",
    "199001",
    "2015 03",
    "ma",
    "a",
    "su",
    "pranata",
    "kecamatan",
]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.roster_ui")
    parser.add_argument("--home", required=True)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password-env", default="NETRAL_BENCH_PASSWORD")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="times per query")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from netral_desktop.config import HomeLayout, resolve_home
    from netral_desktop.services import roster
    from netral_desktop.services.accounts import authenticate
    from netral_desktop.services.context import open_context
    from netral_desktop.ui.main_window import MainWindow
    from netral_desktop.ui.tasks import TaskRunner

    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)
    ctx = open_context(HomeLayout(resolve_home(args.home)))
    ctx = ctx.as_actor(authenticate(ctx, args.user, os.environ[args.password_env]))
    people = roster.count(ctx)
    runner = TaskRunner()
    window = MainWindow(ctx, runner)
    window.resize(1400, 820)
    window.show()
    page = window.show_page("roster")

    def wait_loaded() -> None:
        loop = QEventLoop()
        page.model.loaded.connect(loop.quit)
        QTimer.singleShot(5000, loop.quit)
        loop.exec()
        page.model.loaded.disconnect(loop.quit)

    wait_loaded()
    samples: list[float] = []
    per_query: dict[str, list[float]] = {}
    for _round in range(args.rounds):
        for query in QUERIES:
            page.search.clear()
            wait_loaded()
            started = time.perf_counter()
            page.search.setText(query)
            wait_loaded()
            page.table.viewport().repaint()
            samples.append((time.perf_counter() - started) * 1000)
            per_query.setdefault(query, []).append(samples[-1])
    runner.shutdown()
    window.close()
    window.deleteLater()
    app.processEvents()
    samples.sort()
    p95 = samples[int(len(samples) * 0.95) - 1]
    if args.verbose:
        for query, times in per_query.items():
            service = time.perf_counter()
            roster.search(ctx, query, limit=page.model.PAGE)
            service_ms = (time.perf_counter() - service) * 1000
            print(f"  {query!r:18} window {min(times):6.1f} ms   service {service_ms:6.1f} ms")
    print(f"people in the roster            : {people:,}")
    print(
        f"keystroke to rows shown (ms)    : p50 {statistics.median(samples):.1f}, "
        f"p95 {p95:.1f}, max {samples[-1]:.1f} over {len(samples)} queries"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark of the case window: ``python -m benchmarks.cases_ui [--cases 2000] [--db URL]``.

In a throw-away office with ``--cases`` reports (each with a reported person and a sealed
reporter) and one case with 50 photos as evidence, prints (targets of issue 13):

- the case list's first rows: the page's table model reloaded with no filter, and with each
  filter (status, origin, overdue, agency, election, a search), p50 and max of 10
  (target <= 50 ms to first rows);
- opening the case with 50 evidence items: the case view (case, steps, facts, timeline)
  and the evidence pane's thumbnails, cold (thumbnails made) and warm (target <= 300 ms to
  usable: the view is usable once the case is shown; the thumbnails follow on the worker).

Runs the window's own widgets offscreen with tasks inline; not a unit test (timings are
noisy on a shared machine).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def make_office(folder: Path, database_url: str | None, count: int) -> tuple[Any, str]:
    from netral_desktop.config import HomeLayout
    from netral_desktop.core.roles import Permission
    from netral_desktop.services import cases, evidence
    from netral_desktop.services.setup import init_office
    from tests.case_samples import PEMILU_2024, PILKADA_2024, report, subject
    from tests.sosialisasi_samples import jpeg

    ctx = init_office(
        HomeLayout(folder / "home"),
        office_code="34.02",
        name="Bawaslu Kabupaten Bantul",
        admin_username="admin",
        admin_password="bench-password-1",
        key_store="file",
        passphrase="bench-passphrase-1",
        database_url=database_url,
    )
    from netral_desktop.services.accounts import authenticate

    admin = ctx.as_actor(authenticate(ctx, "admin", "bench-password-1"))
    assert admin.actor is not None
    started = time.perf_counter()
    last = ""
    for number in range(count):
        last = cases.new_case(
            admin,
            report(
                title=f"Dugaan ketidaknetralan ASN nomor {number}",
                election_id=PEMILU_2024 if number % 2 else PILKADA_2024,
                origin="laporan" if number % 3 else "temuan",
                parties=() if number % 3 == 0 else report().parties,
                subjects=(subject(full_name=f"Pegawai Terlapor {number}"),),
            ),
        )
    print(f"{count} cases in {time.perf_counter() - started:.1f} s")
    for number in range(50):
        evidence.attach(
            admin,
            "case_file",
            last,
            jpeg(1600, 1200, (number * 5 % 255, 90, 160)),
            original_name=f"IMG_{number:04d}.JPG",
            permission=Permission.CASE_LOG,
        )
    return admin, last


def timed(action: Callable[[], Any], runs: int = 10) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cases_ui")
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--db", default=None)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from netral_desktop.ui.pages.cases.page import CasesPage
    from netral_desktop.ui.tasks import InlineTaskRunner

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        ctx, busy_case = make_office(Path(tmp), args.db, args.cases)
        runner = InlineTaskRunner()
        page = CasesPage(ctx, runner)
        page.resize(1080, 680)
        page.show()
        page.refresh()
        panel = page.list_panel
        print(f"list: {panel.cases.rowCount()} rows in the first page, {panel.count_label.text()}")
        median, worst = timed(panel.cases.reload)
        print(f"first rows, no filter: p50 {median:.1f} ms, max {worst:.1f} ms")
        filters: list[tuple[str, Callable[[], None]]] = [
            ("status diterima", lambda: panel.status.setCurrentIndex(1)),
            ("origin temuan", lambda: panel.origin_filter.setCurrentIndex(2)),
            ("overdue", lambda: panel.show_deadlines("overdue")),
            ("election", lambda: panel.election.setCurrentIndex(1)),
            ("search 'nomor 1999'", lambda: panel.search.setText("nomor 1999")),
        ]
        for name, apply in filters:
            apply()
            median, worst = timed(panel.cases.reload)
            print(
                f"first rows, {name}: {panel.cases.rowCount()} rows, "
                f"p50 {median:.1f} ms, max {worst:.1f} ms"
            )
            for combo in (panel.status, panel.origin_filter, panel.election, panel.deadline):
                combo.setCurrentIndex(0)
            panel.search.clear()
        from netral_desktop.services import evidence

        view = page.view
        started = time.perf_counter()
        page.open_case(busy_case)
        app.processEvents()
        total = (time.perf_counter() - started) * 1000
        print(f"open a case with 50 evidence items, cold thumbnails: {total:.0f} ms")
        median, worst = timed(lambda: view.show_case(busy_case), runs=5)
        rows = evidence.list_for(ctx, "case_file", busy_case)
        thumbs, _worst = timed(
            lambda: [evidence.thumbnail(ctx, row.id, size=120) for row in rows], runs=5
        )
        print(
            f"open it again (warm), everything: p50 {median:.0f} ms, max {worst:.0f} ms; "
            f"usable (case, steps, {len(rows)} items listed) {median - thumbs:.0f} ms, "
            f"then the thumbnails on the worker {thumbs:.0f} ms"
        )
        page.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

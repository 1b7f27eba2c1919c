"""Enter to count changed, at the door: ``python -m benchmarks.pledge_ui --home DIR``
(a home with ``netral demo --scale district``).

Picks the demo ceremony with the most invitees (2,000 at district scale) and, on a copy of the
database, invites the same people to a fresh copy of it (nobody marked yet), then types each
invitee's NIP into the marking field of a real window (offscreen, real worker thread) and
measures from Enter to the "Hadir" count changing.
Prints p50/p95 (target: ≤ 50 ms at 2,000 invitees).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netral_desktop.services.context import ServiceContext
    from netral_desktop.services.pledge import EventRow


def fresh_door(ctx: ServiceContext, busiest: EventRow) -> EventRow:
    """The busiest ceremony again, nobody marked yet: a new event (same title, time and place)
    with the same people of the roster invited, through the services as the window does it."""
    from netral_desktop.services import pledge

    invited = pledge.list_invitees(ctx, busiest.id, limit=pledge.count_invitees(ctx, busiest.id))
    event = pledge.create_event(
        ctx,
        pledge.EventFields(title=busiest.title, starts_at=busiest.starts_at, place=busiest.place),
    )
    people = tuple(r.person_id for r in invited if r.person_id)
    pledge.invite(ctx, event.id, pledge.InviteCriteria(person_ids=people, include_inactive=True))
    return next(e for e in pledge.list_events(ctx, limit=500) if e.id == event.id)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pledge_ui")
    parser.add_argument("--home", required=True)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password-env", default="NETRAL_BENCH_PASSWORD")
    parser.add_argument("--marks", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from netral_desktop.config import HomeLayout, resolve_home
    from netral_desktop.services import pledge
    from netral_desktop.services.accounts import authenticate
    from netral_desktop.services.context import open_context
    from netral_desktop.store.backup import backup_to
    from netral_desktop.ui.main_window import MainWindow
    from netral_desktop.ui.tasks import TaskRunner

    home = HomeLayout(resolve_home(args.home))
    if home.server_database() is not None:
        # A PostgreSQL office is not copied: the marks go to a new ceremony of its own there.
        layout = home
    else:
        source = open_context(home)
        scratch = Path(tempfile.mkdtemp(prefix="bench-pledge-"))
        copy = backup_to(source.db, scratch)
        source.db.dispose()
        layout = HomeLayout(scratch / "home")
        layout.root.mkdir()
        shutil.move(copy, layout.database)
    app = QApplication([])
    app.setQuitOnLastWindowClosed(False)
    ctx = open_context(layout)
    ctx = ctx.as_actor(authenticate(ctx, args.user, os.environ[args.password_env]))
    events = pledge.list_events(ctx, limit=500)
    event = fresh_door(ctx, max(events, key=lambda e: e.invitees))
    people = [r for r in pledge.list_invitees(ctx, event.id, limit=5000) if r.nip]
    runner = TaskRunner()
    window = MainWindow(ctx, runner)
    window.show()
    page = window.show_page("pledges")
    view = page.view
    loop = QEventLoop()

    def wait(condition) -> None:  # type: ignore[no-untyped-def]
        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(lambda: loop.quit() if condition() else None)
        timer.start()
        loop.exec()
        timer.stop()

    # The copy keeps the busiest ceremony's day, not today: agree once, as the user would.
    view.door.dates_confirmed.add(event.id)
    view.show_event(event.id)
    wait(lambda: view.current_event is not None and view.count_labels["invited"].text() != "0")
    samples = []
    for person in people[: args.marks]:
        before = view.count_labels["hadir"].text()
        view.mark_input.setText(person.nip or "")
        started = time.perf_counter()
        view.mark_input.returnPressed.emit()
        wait(lambda before=before: view.count_labels["hadir"].text() != before)
        samples.append((time.perf_counter() - started) * 1000)
    runner.shutdown()
    window.close()
    window.deleteLater()
    app.processEvents()
    ctx.db.dispose()
    if layout is not home:
        shutil.rmtree(layout.root.parent, ignore_errors=True)
    samples.sort()
    print(f"ceremony                        : {event.title} ({event.invitees:,} invitees)")
    print(
        f"Enter to 'Hadir' count changed  : p50 {statistics.median(samples):.1f} ms, "
        f"p95 {samples[int(len(samples) * 0.95) - 1]:.1f} ms, max {samples[-1]:.1f} ms "
        f"over {len(samples)} marks (target ≤ 50 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

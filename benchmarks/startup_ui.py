"""Window start-up benchmark: ``python -m benchmarks.startup_ui --home DIR [--runs N]``.

Prints, as medians over fresh processes: a bare ``import PySide6.QtWidgets``; process start to
the login dialog painted; and to the main window painted after a login (design.md §9: ≤ 3× the
bare import). The home must hold demo data (``netral demo``); the user and password come from
``--user`` and the environment variable named by ``--password-env``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

CHILD = r"""
import sys, time
t0 = float(sys.argv[1])
stage = sys.argv[2]
if stage == "bare":
    import PySide6.QtWidgets
    print(time.time() - t0)
    raise SystemExit
import os
from netral_desktop.config import HomeLayout, LocalSettings, resolve_home
from netral_desktop.i18n import set_language
layout = HomeLayout(resolve_home(sys.argv[3]))
set_language(LocalSettings.load(layout).language)
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from netral_desktop.ui.app import DesktopApp
desktop = DesktopApp(layout)
desktop.start()
widget = desktop.login_dialog
extra = ""
if stage == "window":
    import os
    desktop._opening.result()  # the database is open behind the dialog
    ready = time.time() - t0
    clicked = time.time()
    actor = desktop._authenticate(sys.argv[4], os.environ[sys.argv[5]])
    desktop._logged_in(actor)
    widget = desktop.window
    extra = f"{ready} "
def resident_mb():
    # Every page opened and the roster scrolled through 1,000 rows: memory with data open.
    for key in desktop.window.nav_keys():
        desktop.window.show_page(key)
        app.processEvents()
    roster_page = desktop.window.show_page("roster")
    for _ in range(20):
        roster_page.model.fetchMore()
        desktop.runner.run(lambda: None).result()
        app.processEvents()
    status = open("/proc/self/status").read().split("\n")
    return max(int(l.split()[1]) for l in status if l.startswith(("VmRSS", "VmHWM"))) / 1024
def painted():
    elapsed = time.time() - (clicked if stage == "window" else t0)
    memory = f" {resident_mb()}" if stage == "window" and sys.platform == "linux" else ""
    print(extra + str(elapsed) + memory)
    desktop.runner.shutdown()  # waits for the open task: the login stage reports only the paint
    app.quit()
QTimer.singleShot(0, painted)
app.exec()
"""


def _run(stage: str, *extra: str) -> list[float]:
    start = time.time()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, repr(start), stage, *extra],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ},
    )
    return [float(x) for x in out.stdout.strip().splitlines()[-1].split()]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup_ui")
    parser.add_argument("--home", required=True)
    parser.add_argument("--user", default="admin")
    parser.add_argument("--password-env", default="NETRAL_BENCH_PASSWORD")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _run("bare")  # warm the page cache once
    bare = [_run("bare")[0] for _ in range(args.runs)]
    login = [_run("login", args.home)[0] for _ in range(args.runs)]
    window = [_run("window", args.home, args.user, args.password_env) for _ in range(args.runs)]
    b, lg = statistics.median(bare), statistics.median(login)
    ready = statistics.median(w[0] for w in window)
    after = statistics.median(w[1] for w in window)
    memory = max((w[2] for w in window if len(w) > 2), default=0.0)
    print(f"bare import PySide6.QtWidgets       : {b * 1000:6.0f} ms (median of {args.runs})")
    print(f"login dialog painted, usable        : {lg * 1000:6.0f} ms = {lg / b:4.2f}x bare")
    print(f"database open behind the dialog     : {ready * 1000:6.0f} ms after start")
    print(
        f"login click to main window painted  : {after * 1000:6.0f} ms "
        "(one Argon2 check + the window)"
    )
    if memory:
        print(
            f"peak resident memory, all pages open: {memory:6.0f} MB (roster scrolled to "
            "1,000 rows)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""One window per data folder: a second is refused with a message naming the window that has
the folder (computer, process); the lock goes with the window, and a lock left by a window
that crashed is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from PySide6.QtCore import QSysInfo

from netral_desktop.services.context import ServiceContext
from netral_desktop.ui import instance_lock
from netral_desktop.ui.app import DesktopApp
from netral_desktop.ui.tasks import InlineTaskRunner

HOLD = (
    "import sys\n"
    "from PySide6.QtCore import QLockFile\n"
    "lock = QLockFile(sys.argv[1])\n"
    "lock.setStaleLockTime(0)\n"
    "assert lock.tryLock(0)\n"
    "print('locked', flush=True)\n"
    "sys.stdin.read()\n"
)


@pytest.fixture
def refusals(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    from netral_desktop.ui import widgets

    shown: list[str] = []
    monkeypatch.setattr(
        widgets, "show_error", lambda parent, exc, title=None: shown.append(widgets.error_text(exc))
    )
    return shown


def _desktop(office: ServiceContext) -> DesktopApp:
    assert office.layout is not None
    return DesktopApp(office.layout, runner=InlineTaskRunner())


def test_a_second_window_on_the_same_data_folder_is_refused(qtbot, office, refusals) -> None:  # type: ignore[no-untyped-def]
    first = _desktop(office)
    assert first.start()
    qtbot.addWidget(first.login_dialog)
    second = _desktop(office)
    assert not second.start()
    assert second.login_dialog is None and second.window is None
    assert len(refusals) == 1
    message = refusals[0]
    assert "sudah terbuka untuk folder data ini" in message
    assert QSysInfo.machineHostName() in message and f"proses {os.getpid()}" in message
    # Closing the first window lets the folder go.
    first.close()
    third = _desktop(office)
    assert third.start()
    qtbot.addWidget(third.login_dialog)
    third.close()


def test_another_process_holding_the_folder_is_named(qtbot, office, refusals) -> None:  # type: ignore[no-untyped-def]
    path = instance_lock.lock_path(office.layout)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        assert not _desktop(office).start()
        assert f"proses {holder.pid}" in refusals[0]
    finally:
        holder.send_signal(signal.SIGKILL)  # the other window crashes
        holder.wait()
    # Its lock is left behind, but its process is gone: the next window takes the folder.
    assert path.exists()
    desktop = _desktop(office)
    assert desktop.start()
    qtbot.addWidget(desktop.login_dialog)
    desktop.close()
    assert len(refusals) == 1

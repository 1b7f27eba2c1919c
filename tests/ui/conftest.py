"""GUI fixtures: the inline task runner keeps tests deterministic (no threads, no sleeps)."""

from __future__ import annotations

import pytest

from netral_desktop.services.context import ServiceContext


@pytest.fixture
def runner(qtbot):  # type: ignore[no-untyped-def]
    from netral_desktop.ui.tasks import InlineTaskRunner

    return InlineTaskRunner()


@pytest.fixture
def main_window(qtbot, admin: ServiceContext, runner):  # type: ignore[no-untyped-def]
    from netral_desktop.ui.main_window import MainWindow

    window = MainWindow(admin, runner)
    qtbot.addWidget(window)
    window.show()
    return window

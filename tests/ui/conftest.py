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
    """The main window of the administrator, with the inline task runner."""
    from netral_desktop.ui.main_window import MainWindow

    window = MainWindow(admin, runner)
    qtbot.addWidget(window)
    # Any error a background task raises without its own handler fails the test (in the
    # window it would open an error dialog in front of the user).
    errors: list[BaseException] = []
    runner.default_error_handler = errors.append
    window.show()
    yield window
    assert errors == []

"""Switching the language rebuilds the window; the old window's widgets must not outlive it
in signal connections or callbacks of the shared task runner (issue 11: hundreds of
"Internal C++ object already deleted" tracebacks by the end of a session)."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent

from netral_desktop.i18n import current_language, set_language
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.app import DesktopApp


def _delete_later_now() -> None:
    """Run the pending deleteLater() of the replaced windows, as the event loop would."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def test_switching_language_back_and_forth_raises_nothing(
    qtbot: Any, monkeypatch: Any, admin: ServiceContext, runner: Any
) -> None:
    from netral_desktop.ui import main_window as main_window_module

    errors: list[BaseException | None] = []
    monkeypatch.setattr(sys, "excepthook", lambda _t, value, _tb: errors.append(value))
    monkeypatch.setattr(sys, "unraisablehook", lambda info: errors.append(info.exc_value))
    # The window shows a background task's error in a dialog: here it fails the test.
    monkeypatch.setattr(
        main_window_module, "show_error", lambda _parent, exc, title=None: errors.append(exc)
    )
    assert admin.layout is not None
    desktop = DesktopApp(admin.layout, runner=runner)
    desktop.ctx = admin
    desktop.show_main_window()  # closed and deleted by desktop.close(), not by qtbot
    start = current_language()
    try:
        for language in ["en", "id", "en", "id"]:
            window = desktop.window
            assert window is not None
            settings = window.show_page("settings")
            settings.language.setCurrentIndex(settings.language.findData(language))  # type: ignore[attr-defined]
            assert desktop.window is not window  # rebuilt in the new language
            assert current_language() == language
            _delete_later_now()
            assert desktop.window is not None
            for key in desktop.window.nav_keys():
                desktop.window.show_page(key)
                _delete_later_now()
        desktop.window.show_page("home")
        desktop.runner.run(lambda: None)  # a task after every switch: busy on, busy off
        _delete_later_now()
        assert errors == []
        assert desktop.window.busy_label.text() == ""
    finally:
        set_language(start)
        desktop.close()


def test_the_procedures_words_follow_a_switch_in_the_window(
    qtbot: Any, admin: ServiceContext, runner: Any
) -> None:
    """A case's status (a ruleset's label) changes with the language chosen in the window,
    without restarting: Indonesian, English, and back."""
    from netral_desktop.services import cases
    from tests.case_samples import report

    case_id = cases.new_case(admin, report())
    cases.take_step(admin, case_id, "kajian_awal", at="2024-05-14")
    assert admin.layout is not None
    desktop = DesktopApp(admin.layout, runner=runner)
    desktop.ctx = admin
    desktop.show_main_window()
    start = current_language()
    try:
        for language, words in [("id", "Kajian awal"), ("en", "Initial review")] * 2:
            window = desktop.window
            assert window is not None
            if current_language() != language:
                settings = window.show_page("settings")
                settings.language.setCurrentIndex(settings.language.findData(language))  # type: ignore[attr-defined]
                _delete_later_now()
                window = desktop.window
                assert window is not None
            panel = window.show_page("cases").list_panel  # type: ignore[attr-defined]
            assert panel.cases.data(panel.cases.index(0, 4)) == words, language
    finally:
        set_language(start)
        desktop.close()

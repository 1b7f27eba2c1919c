"""Start-up as a person sees it: login dialog first, the main window after the password."""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from netral_desktop.config import HomeLayout, LocalSettings
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.app import DesktopApp
from netral_desktop.ui.tasks import InlineTaskRunner
from tests.conftest import ADMIN_PASSWORD


def test_start_shows_login_then_main_window(qtbot, office: ServiceContext) -> None:  # type: ignore[no-untyped-def]
    layout = office.layout
    assert layout is not None
    desktop = DesktopApp(layout, runner=InlineTaskRunner())
    assert desktop.start()
    dialog = desktop.login_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.addWidget(dialog)
    assert LocalSettings.load(layout).office_name == "Bawaslu Kabupaten Bantul"
    dialog.username.setText("rina")
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert desktop.window is not None and desktop.window.isVisible()
    qtbot.addWidget(desktop.window)
    assert desktop.window.user_label.text() == "Rina Kartikasari (Administrator)"
    assert LocalSettings.load(layout).last_username == "rina"
    desktop.window.logout_requested.emit()
    assert desktop.window is None
    assert desktop.login_dialog is not None and desktop.login_dialog.isVisible()
    qtbot.addWidget(desktop.login_dialog)


def test_a_newer_database_is_refused_with_a_message(qtbot, monkeypatch, office) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui import app as app_module
    from netral_desktop.ui import widgets

    layout: HomeLayout = office.layout
    office.db.dispose()
    with sqlite3.connect(layout.database) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    before = layout.database.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(
        widgets, "show_error", lambda parent, exc, title=None: shown.append(widgets.error_text(exc))
    )
    monkeypatch.setattr(
        app_module.DesktopApp, "_quit", lambda self: setattr(self, "finished", True)
    )
    desktop = DesktopApp(layout, runner=InlineTaskRunner())
    assert not desktop.start()
    assert desktop.finished
    assert desktop.login_dialog is None
    assert len(shown) == 1 and "versi Netral Desktop yang lebih baru" in shown[0]
    assert layout.database.read_bytes() == before

"""Small shared pieces: Indonesian message boxes and button rows (Qt has no Indonesian
catalogue for its stock buttons), error display."""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QWidget,
)

from netral_desktop.core.errors import NetralError
from netral_desktop.i18n import _

log = logging.getLogger(__name__)

# Room left around a window fitted to the screen: the title bar and frame the window manager
# adds outside resize()'s size, so the whole frame (and the buttons at the bottom) stays on a
# 1280x720 or 1366x768 screen with a taskbar.
FRAME_ALLOWANCE_WIDTH = 40
FRAME_ALLOWANCE_HEIGHT = 60


def screen_area(widget: QWidget | None) -> QRect:
    """The free part (without taskbar/panels) of the screen the widget's window is on; the
    primary screen without a widget."""
    screen = widget.window().screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 720)


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Resize ``window`` to ``width`` x ``height``, but no larger than the free screen area less
    the frame allowance: a fixed size taller than the screen puts the buttons off-screen."""
    area = screen_area(window.parentWidget() or window)
    window.resize(
        max(min(width, area.width() - FRAME_ALLOWANCE_WIDTH), window.minimumWidth()),
        max(min(height, area.height() - FRAME_ALLOWANCE_HEIGHT), window.minimumHeight()),
    )


def error_text(exc: BaseException) -> str:
    if isinstance(exc, NetralError):
        return exc.message
    log.error("unexpected error", exc_info=exc)
    return _(
        "Terjadi kesalahan yang tidak terduga: {error}. Data yang sudah disimpan tidak hilang. "
        "Rinciannya dicatat di folder logs."
    ).format(error=exc)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        title or _("Tidak dapat dilanjutkan"),
        error_text(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.button(QMessageBox.StandardButton.Ok).setText(_("Tutup"))
    box.exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.button(QMessageBox.StandardButton.Ok).setText(_("Tutup"))
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, yes: str, no: str | None = None) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.button(QMessageBox.StandardButton.Yes).setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(no or _("Batal"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def ok_cancel_buttons(ok_text: str, cancel_text: str | None = None) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text or _("Batal"))
    return buttons


def error_label() -> QLabel:
    """A label for inline form errors (red, wrapping, hidden while empty)."""
    label = QLabel()
    label.setObjectName("formError")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


def set_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def read_only_rows(table: QTableView) -> None:
    """A table that is read, a whole row at a time: one row selected, no editing, no row
    numbers, alternating colours, one line per row."""
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)


def data_table(model, name: str, *, stretch: bool = False) -> QTableView:  # type: ignore[no-untyped-def]
    """A read-only table of whole-row selection over a SQL-fed model, one line per row."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    read_only_rows(table)
    table.verticalHeader().setDefaultSectionSize(26)
    # One line per row, never measured: a model reset (every keystroke) stays cheap.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    if stretch:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    else:
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
    return table


def number(value: int) -> str:
    """A count as people read it in the chosen language: 20.000 (id), 20,000 (en)."""
    from babel.numbers import format_decimal

    from netral_desktop.i18n import current_language

    return format_decimal(value, locale=current_language())

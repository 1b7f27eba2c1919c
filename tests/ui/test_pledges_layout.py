"""The pledge page fits a laptop screen: opening it does not widen the window, the columns that
matter at the door are visible without scrolling sideways, and no button is cut off."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from tests.ui.conftest import ceremony_of_one_agency


@pytest.fixture
def laptop_window(main_window):  # type: ignore[no-untyped-def]
    """The main window at 1366×768 with a small roster and one event inviting one agency."""
    ctx = main_window._ctx
    ceremony_of_one_agency(ctx, "Ikrar Netralitas Aparatur Sipil Negara Kabupaten Uji Tahun 2024")
    main_window.resize(1366, 768)
    QApplication.processEvents()
    return main_window


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("NETRAL_SHOTS")
    if folder:
        widget.grab().save(os.path.join(folder, name))


def _header_span(table, column: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    header = table.horizontalHeader()
    left = header.sectionViewportPosition(column)
    return left, left + header.sectionSize(column)


def test_pledge_page_fits_a_laptop_screen(qtbot, laptop_window) -> None:  # type: ignore[no-untyped-def]
    window = laptop_window
    before = window.size()
    page = window.show_page("pledges")
    page.when.setCurrentIndex(page.when.findData("all"))
    page.events_table.selectRow(0)
    QApplication.processEvents()
    assert window.size() == before  # opening the page did not widen the window
    # ... nor would on a real screen, where the window grows to its minimum size.
    assert window.minimumSizeHint().width() <= 1280
    assert window.minimumSizeHint().height() <= 720
    assert page.view.invitee_list.walk_in_legend.isVisible()
    assert page.view.invitees.rowCount() > 0

    table = page.view.invitee_list.table
    viewport = table.viewport().width()
    model = page.view.invitees
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for title in ("Nama", "NIP / NI PPPK", "Kehadiran", "Jam"):
        left, right = _header_span(table, titles.index(title))
        assert left >= 0 and right <= viewport, (title, left, right, viewport)
    assert table.horizontalScrollBar().value() == 0
    _shot(window, "door-1366x768.png")

    window.resize(1280, 720)
    QApplication.processEvents()
    assert window.size().width() == 1280
    _shot(window, "door-1280x720.png")
    inside = window.rect()
    for button in page.findChildren(QAbstractButton):
        if not button.isVisibleTo(window):
            continue
        top_left = button.mapTo(window, QPoint(0, 0))
        where = QRect(top_left, button.size())
        assert inside.contains(where), (button.text(), where, inside)

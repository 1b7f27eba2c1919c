"""Every large dialog fits a 1280x720 (and 1366x768) screen with a taskbar: the window, with
room for a title bar, is no larger than the free area and no button at its bottom is cut off.

The offscreen platform's screen cannot be resized per test, so the free area the dialogs size
themselves to (``widgets.screen_area``) is set to that of the small screen, and the dialog's
geometry and its buttons are compared with that rectangle explicitly."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMargins, QPoint, QRect
from PySide6.QtWidgets import QDialog, QPushButton, QScrollArea, QWidget

from netral_desktop.services import documents
from netral_desktop.ui import widgets

SHOTS = Path("/tmp/shots")
TASKBAR = 40

LETTER = {
    "hal": "Undangan Sosialisasi Netralitas ASN",
    "kepada": ["Bupati Bantul"],
    "isi": ["Isi."],
    "jabatan_penanda_tangan": "Ketua Bawaslu Kabupaten Bantul",
    "nama_penanda_tangan": "Dr. H. Ahmad Fauzi, S.H., M.Si.",
}


@pytest.fixture(params=[(1280, 720), (1366, 768)], ids=["1280x720", "1366x768"])
def small_screen(request, monkeypatch) -> QRect:  # type: ignore[no-untyped-def]
    """The free area of a small screen with a taskbar at the bottom."""
    width, height = request.param
    area = QRect(0, 0, width, height - TASKBAR)
    monkeypatch.setattr(widgets, "screen_area", lambda widget: QRect(area))
    return area


def _in_scroll_area(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _assert_fits(qtbot, dialog: QWidget, area: QRect, name: str) -> None:  # type: ignore[no-untyped-def]
    dialog.show()
    dialog.move(area.topLeft())
    assert dialog.isVisible()
    # The offscreen platform draws no frame: leave the room a real title bar and frame take.
    framed = QRect(
        area.topLeft(),
        dialog.size().grownBy(
            QMargins(0, 0, widgets.FRAME_ALLOWANCE_WIDTH, widgets.FRAME_ALLOWANCE_HEIGHT)
        ),
    )
    assert area.contains(framed), (name, dialog.size(), area)
    buttons = [
        b
        for b in dialog.findChildren(QPushButton)
        if b.isVisibleTo(dialog) and not _in_scroll_area(b, dialog)
    ]
    assert buttons, name
    for button in buttons:
        rect = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
        assert dialog.rect().contains(rect), (name, button.text(), rect, dialog.size())
        assert rect.height() >= button.minimumSizeHint().height(), (name, button.text())
        assert area.contains(rect.translated(area.topLeft())), (name, button.text())
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"{name}-{area.width()}x{area.height() + TASKBAR}.png"))


def test_document_preview_fits(qtbot, small_screen, main_window) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services import numbering
    from netral_desktop.services.office import update_office
    from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog

    ctx = main_window._ctx
    numbering.set_device_code(ctx, "A")
    update_office(ctx, letter_issuer="K.DI-02")
    record = documents.RecordData("surat_dinas", "x", "Undangan", LETTER)
    issued = documents.issue(ctx, "surat_dinas", record.id, data=record)
    page = main_window.show_page("documents")
    dialog = PdfPreviewDialog(issued.pdf, "Surat", main_window._runner, parent=page)
    qtbot.addWidget(dialog)
    assert len(dialog.page_labels) == 1
    _assert_fits(qtbot, dialog, small_screen, "pdf_preview")
    dialog.reject()
    # A draft that is issued when printed or saved carries its note above the pages.
    draft = PdfPreviewDialog(
        documents.render_draft(ctx, "surat_dinas", record.id, data=record),
        "Pratinjau",
        main_window._runner,
        draft=True,
        issue=lambda: issued,
        parent=page,
    )
    qtbot.addWidget(draft)
    assert draft.save_button.isEnabled() and "DRAF" in draft.draft_note.text()
    _assert_fits(qtbot, draft, small_screen, "pdf_preview_draft")
    draft.reject()


def test_new_document_form_fits(qtbot, small_screen, main_window) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.pdf.spec import load_spec

    page = main_window.show_page("documents")
    dialog = page.open_form(load_spec("surat_dinas"))
    qtbot.addWidget(dialog)
    _assert_fits(qtbot, dialog, small_screen, "form_fill")
    dialog.reject()


def test_new_event_dialog_fits(qtbot, small_screen, main_window) -> None:  # type: ignore[no-untyped-def]
    page = main_window.show_page("pledges")
    dialog = page.open_event(None)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, QDialog)
    _assert_fits(qtbot, dialog, small_screen, "event")
    for button in dialog.buttons.buttons():  # Simpan and Batal: whole, inside the dialog
        rect = QRect(button.mapTo(dialog, QPoint(0, 0)), button.size())
        assert dialog.rect().contains(rect)
    dialog.reject()


def test_roster_import_dialog_fits(qtbot, small_screen, main_window) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.roster_import_dialog import RosterImportDialog

    page = main_window.show_page("roster")
    dialog = RosterImportDialog(main_window._ctx, main_window._runner, page)
    qtbot.addWidget(dialog)
    _assert_fits(qtbot, dialog, small_screen, "roster_import")
    dialog.reject()

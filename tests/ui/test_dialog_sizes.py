"""Every dialog and every page fits a 1280x720 (and 1366x768) screen with a taskbar: the
window, with room for a title bar, is no larger than the free area, no button is outside it or
cut (its text wider than the button), and the main window keeps its size from page to page.
The dialogs and pages are found in the code (every QDialog subclass of the ui package, every
entry of the navigation), so a new one is checked without being listed here.

The offscreen platform's screen cannot be resized per test, so the free area the dialogs size
themselves to (``widgets.screen_area``) is set to that of the small screen, and the dialog's
geometry and its buttons are compared with that rectangle explicitly."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMargins, QPoint, QRect
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QPushButton,
    QScrollArea,
    QWidget,
)

import netral_desktop.ui
from netral_desktop.services import documents
from netral_desktop.ui import widgets
from tests.conftest import ready_for_letters
from tests.ui.conftest import ceremony_of_one_agency

SHOTS = Path(os.environ.get("NETRAL_SHOTS", "/tmp/shots"))
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
    assert_no_button_cut(dialog, name)
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


# --- every dialog and page, found in the code ---------------------------------------------------


def assert_no_button_cut(top: QWidget, name: str) -> None:
    """No visible button of ``top`` shows less than its whole text ("cokkan ke daftar
    pegawa"): the text, with the style's margins, fits the button's width."""
    for button in top.findChildren(QAbstractButton):
        if not button.isVisibleTo(top) or not button.text():
            continue
        text = button.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        needed = button.fontMetrics().horizontalAdvance(text) + 8
        if not button.icon().isNull():
            needed += button.iconSize().width() + 4
        assert button.width() >= needed, (name, button.text(), button.width(), needed)


def dialog_classes() -> list[type[QDialog]]:
    """Every QDialog (and QWizard) subclass defined in the ui package."""
    found: dict[str, type[QDialog]] = {}
    for module_info in pkgutil.walk_packages(netral_desktop.ui.__path__, "netral_desktop.ui."):
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, QDialog)
                and cls.__module__ == module.__name__
                and not cls.__name__.startswith("_")
            ):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[key] for key in sorted(found)]


def _arguments(cls: type[QDialog], known: dict[str, Any]) -> dict[str, Any]:
    """Arguments for a dialog's constructor, by parameter name (a new dialog with a new kind
    of argument fails here with its name: add a value for it to ``known``)."""
    arguments: dict[str, Any] = {}
    for parameter in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.name in known:
            arguments[parameter.name] = known[parameter.name]
        elif parameter.default is parameter.empty:
            pytest.fail(f"{cls.__name__}: no test value for its argument '{parameter.name}'")
    return arguments


@pytest.fixture
def office_with_an_event(main_window):  # type: ignore[no-untyped-def]
    """The administrator's window with a small roster and one ceremony: what the dialogs
    are opened over."""
    event, agency = ceremony_of_one_agency(main_window._ctx, "Ikrar Netralitas ASN Uji")
    return main_window, event, agency


@pytest.mark.parametrize("cls", dialog_classes(), ids=lambda cls: cls.__name__)
def test_every_dialog_fits_and_no_button_is_cut(  # type: ignore[no-untyped-def]
    qtbot, small_screen, office_with_an_event, tmp_path, cls
) -> None:
    from netral_desktop.config import HomeLayout
    from netral_desktop.core.procedure import load_ruleset
    from netral_desktop.pdf.spec import load_spec
    from netral_desktop.services import pledge, roster, sosialisasi

    window, event, _agency = office_with_an_event
    ctx = window._ctx
    ready_for_letters(ctx)
    record = documents.RecordData("surat_dinas", "x", "Undangan", LETTER)
    page = window.show_page("pledges")
    known: dict[str, Any] = {
        "ctx": ctx,
        "runner": window._runner,
        "parent": page,
        "agencies": roster.list_agencies(ctx),
        "elections": pledge.list_elections(ctx),
        "event_id": event.id,
        "preselected": set(),
        "typed": "budi",
        "name": "Budi Santoso",
        "title": "Ubah sandi",
        "username": "sari",
        "current": "sekretariat",
        "spec": load_spec("surat_dinas"),
        "pdf": documents.issue(ctx, "surat_dinas", record.id, data=record).pdf,
        "data_folder": str(tmp_path),
        "layout": HomeLayout(tmp_path / "baru"),
        "authenticate": lambda username, password: None,
        "office_name": "Bawaslu Kabupaten Bantul",
        # The fingerprint check before a key is trusted (Sinkronisasi, Kepercayaan).
        "who": "Bawaslu Provinsi Daerah Istimewa Yogyakarta (provinsi 34)",
        "key_id": "BE8172E5300FF8A9",
        "fingerprint": "1F35 0A10 515A 46C7 2F04 146D 0BBC 3EBB",
        "instruction": (
            "Ini berkas kepercayaan pertama kantor ini. Telepon Bawaslu provinsi dan cocokkan "
            "sidik jari di atas, kelompok demi kelompok. Impor hanya jika semuanya sama."
        ),
        "ok_text": "Impor",
        "choices": sosialisasi.choices(ctx),
        # The case dialogs: a case id they only use when saving, the steps of a status.
        "case_id": "0190a1b2-c3d4-7000-8000-00000000000c",
        "case_title": "001/Reg/LP/PB/Kab/15.02/V/2024 — Kepala dinas berkampanye",
        "steps": load_ruleset("pemilu").available_steps("kajian_awal", "koordinator"),
        "documents": ["B.17", "B.18", "B.19"],
    }
    dialog = cls(**_arguments(cls, known))
    qtbot.addWidget(dialog)
    QApplication.processEvents()
    _assert_fits(qtbot, dialog, small_screen, f"every-{cls.__name__}")
    dialog.reject()


SCREENS = [(1024, 700), (1280, 720), (1366, 768)]


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_page_fits_and_the_window_keeps_its_size(  # type: ignore[no-untyped-def]
    qtbot, office_with_an_event, screen
) -> None:
    window, _event, _agency = office_with_an_event
    # A maximised window on the screen, less the taskbar.
    size = (screen[0], screen[1] - TASKBAR)
    assert window.minimumSizeHint().width() <= size[0], window.minimumSizeHint()
    assert window.minimumSizeHint().height() <= size[1], window.minimumSizeHint()
    window.resize(*size)
    QApplication.processEvents()
    keys = window.nav_keys()
    assert {"home", "pledges", "roster", "documents", "audit", "settings"} <= set(keys)
    for key in keys:
        page = window.show_page(key)
        if key == "pledges":  # the event view, not the hint shown before an event is chosen
            page.when.setCurrentIndex(page.when.findData("all"))
            page.events_table.selectRow(0)
            assert page.right.currentWidget() is page.view
        QApplication.processEvents()
        assert (window.width(), window.height()) == size, (key, window.size())
        inside = window.rect()
        for button in page.findChildren(QAbstractButton):
            # Inside a scroll area a button below the fold is reached by scrolling.
            if button.isVisibleTo(window) and not _in_scroll_area(button, page):
                where = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
                assert inside.contains(where), (key, button.text(), where, inside)
        assert_no_button_cut(page, key)
        SHOTS.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(SHOTS / f"page-{key}-{screen[0]}x{screen[1]}.png"))


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_door_field_shows_its_whole_hint(qtbot, office_with_an_event, screen) -> None:  # type: ignore[no-untyped-def]
    window, _event, _agency = office_with_an_event
    window.resize(screen[0], screen[1] - TASKBAR)
    page = window.show_page("pledges")
    page.when.setCurrentIndex(page.when.findData("all"))
    page.events_table.selectRow(0)
    QApplication.processEvents()
    field = page.view.mark_input
    font = QFont(field.font())
    font.setPixelSize(16)
    hint = QFontMetrics(font).horizontalAdvance(field.placeholderText())
    assert field.width() >= hint + 24, (field.width(), hint, field.placeholderText())
    for button in (page.view.door.undo_button, page.view.door.walk_in_button):
        where = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        assert window.rect().contains(where), (button.text(), where)

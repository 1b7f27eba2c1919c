"""Qt's own dialogs speak the program's language, open in the documents folder (never the
program's folder) and remember the last folder per purpose; every file dialog of the window
goes through ui/file_dialogs.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QMessageBox

import netral_desktop
from netral_desktop.config import HomeLayout, LocalSettings
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.qt_language import (
    install_qt_translations,
    own_catalogue,
    remove_qt_translations,
)


@pytest.fixture
def qt_language(qtbot) -> Iterator[None]:  # type: ignore[no-untyped-def]
    yield
    remove_qt_translations()


@pytest.fixture(autouse=True)
def _forget_folders() -> Iterator[None]:
    file_dialogs.remember_folders_in(None)
    file_dialogs._memory.clear()
    yield
    file_dialogs.remember_folders_in(None)
    file_dialogs._memory.clear()


def _texts(dialog: QFileDialog) -> set[str]:
    texts = {label.text() for label in dialog.findChildren(QLabel)}
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    texts |= {button.text() for button in box.buttons()}
    return texts


def test_file_dialogs_and_message_boxes_speak_indonesian(qtbot, qt_language) -> None:  # type: ignore[no-untyped-def]
    assert install_qt_translations("id")
    dialog = file_dialogs.make_dialog(None, "pdf", "Simpan sebagai PDF", save=True)
    qtbot.addWidget(dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    texts = _texts(dialog)
    assert {"&Nama berkas:", "&Jenis berkas:", "&Cari di:", "&Simpan", "Batal"} <= texts
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Yes)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Yes).text() == "&Ya"


def test_english_mode_loads_qts_english(qtbot, qt_language) -> None:  # type: ignore[no-untyped-def]
    install_qt_translations("id")
    assert install_qt_translations("en")  # Qt's English replaces the Indonesian catalogue
    dialog = file_dialogs.make_dialog(None, "pdf", "Save as PDF", save=True)
    qtbot.addWidget(dialog)
    assert {"File &name:", "&Save", "Cancel"} <= _texts(dialog)


def test_print_dialog_speaks_indonesian(qtbot, qt_language) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QAbstractButton, QGroupBox

    install_qt_translations("id")
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    words = {b.text() for b in dialog.findChildren(QAbstractButton)}
    words |= {g.title() for g in dialog.findChildren(QGroupBox)}
    words |= {label.text() for label in dialog.findChildren(QLabel)}
    assert {"&Cetak", "Salinan:", "Rentang cetak", "Cetak semua"} <= words


def test_dialogs_open_in_documents_not_the_program_folder_and_remember(
    qtbot, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    program = Path(netral_desktop.__file__).parent.parent
    monkeypatch.chdir(program)
    layout = HomeLayout(tmp_path / "home")
    file_dialogs.remember_folders_in(layout)
    documents = file_dialogs.documents_folder()
    assert documents.is_dir() and documents != program
    first = file_dialogs.make_dialog(None, "pdf", "x", save=True, suggested_name="surat.pdf")
    qtbot.addWidget(first)
    assert Path(first.directory().absolutePath()) == documents
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(file_dialogs, "run_dialog", lambda dialog: [str(usb / "surat")])
    saved = file_dialogs.save_file(None, "pdf", "x", "surat.pdf", "PDF (*.pdf)", suffix=".pdf")
    assert saved == usb / "surat.pdf"
    again = file_dialogs.make_dialog(None, "pdf", "x", save=True)
    other = file_dialogs.make_dialog(None, "logo", "x")
    qtbot.addWidget(again)
    qtbot.addWidget(other)
    assert Path(again.directory().absolutePath()) == usb
    assert Path(other.directory().absolutePath()) == documents  # each purpose its own
    # Kept in the data folder's settings: a new start opens there too.
    assert LocalSettings.load(layout).extra["last_folders"] == {"pdf": str(usb)}
    usb.rmdir()  # a folder that is gone (a USB stick taken out): back to documents
    assert file_dialogs.last_folder("pdf") == documents


def test_cancelling_remembers_nothing(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(file_dialogs, "run_dialog", lambda dialog: [])
    assert file_dialogs.open_file(None, "logo", "x", "Gambar (*.png)") is None
    assert file_dialogs._memory == {}


def test_every_file_dialog_of_the_window_goes_through_the_helper() -> None:
    ui = Path(netral_desktop.__file__).parent / "ui"
    users = [
        str(path.relative_to(ui))
        for path in ui.rglob("*.py")
        if "QFileDialog" in path.read_text(encoding="utf-8") and path.name != "file_dialogs.py"
    ]
    assert users == []


def test_the_shipped_catalogue_is_compiled_from_its_source(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tools.qt_translations import compile_catalogue, lrelease

    if lrelease() is None:
        pytest.skip("pyside6-lrelease is not installed")
    source = own_catalogue("id").with_suffix(".ts")
    compile_catalogue(source, tmp_path / "qtbase_id.qm")
    assert (tmp_path / "qtbase_id.qm").read_bytes() == own_catalogue("id").read_bytes(), (
        "run: python -m tools.qt_translations"
    )

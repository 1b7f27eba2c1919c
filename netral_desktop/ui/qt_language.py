"""Qt's own texts (file and print dialogs, message boxes' standard buttons, a text field's
right-click menu) in the program's language.

PySide6 ships no Indonesian ``qtbase`` catalogue, so the program ships its own:
``resources/qt/qtbase_id.ts`` (the source, editable in Qt Linguist) compiled to
``qtbase_id.qm`` by ``python -m tools.qt_translations``. In English, Qt's own English catalogue
is loaded (plural forms such as "%n file(s)"). The file dialogs are Qt's (not the platform's,
see ui/file_dialogs.py), so they speak this catalogue's language whatever the system's is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from netral_desktop.config import resources_dir

QT_CATALOGUE = "qtbase"

_installed: list[QTranslator] = []


def own_catalogue(language: str) -> Path:
    """The program's compiled catalogue of Qt's texts for ``language``."""
    return resources_dir() / "qt" / f"{QT_CATALOGUE}_{language}.qm"


def install_qt_translations(language: str) -> bool:
    """Replace the Qt catalogue in use by the one of ``language`` ("id" or "en"); also sets
    the default locale (numbers and dates in Qt's widgets). True when a catalogue loaded."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(
        QLocale(
            QLocale.Language.Indonesian if language == "id" else QLocale.Language.English,
            QLocale.Country.Indonesia,
        )
    )
    translator = QTranslator(app)
    own = own_catalogue(language)
    if own.exists():
        loaded = translator.load(str(own))
    else:
        qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        loaded = translator.load(f"{QT_CATALOGUE}_{language}", qt_folder)
    if loaded:
        app.installTranslator(translator)
        _installed.append(translator)
    return loaded


def remove_qt_translations() -> None:
    """Back to Qt's built-in English texts (tests)."""
    app = QCoreApplication.instance()
    if app is not None:
        for translator in _installed:
            app.removeTranslator(translator)
    _installed.clear()

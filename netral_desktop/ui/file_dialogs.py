"""Every file and folder dialog of the window, through one helper so they all behave alike.

- Qt's own dialog, not the platform's: it speaks the program's language (the program ships
  Indonesian for Qt's texts, ui/qt_language.py) whatever the system's language is, and looks
  the same on every office laptop. A native dialog would follow the Windows language instead.
- It opens in the folder last used for the same purpose (importing a roster, saving a PDF,
  choosing a backup folder, ...), else in the user's documents folder: never the program's
  own folder (the current directory when started from a shortcut or a checkout).
- The folders are remembered in the data folder's settings.json (``remember_folders_in``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from netral_desktop.config import HomeLayout, LocalSettings
from netral_desktop.ui.widgets import fit_to_screen

SETTINGS_KEY = "last_folders"

_layout: HomeLayout | None = None
_memory: dict[str, str] = {}  # without a data folder (tests, the setup wizard)


def remember_folders_in(layout: HomeLayout | None) -> None:
    """Keep the last folder of each purpose in ``layout``'s settings (None: in memory)."""
    global _layout
    _layout = layout


def documents_folder() -> Path:
    """The user's documents folder (Documents / Dokumen), else the home folder."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if location and Path(location).is_dir():
        return Path(location)
    try:
        from platformdirs import user_documents_dir

        folder = Path(user_documents_dir())
        if folder.is_dir():
            return folder
    except Exception:  # platformdirs cannot tell: the home folder will do
        pass
    return Path.home()


def last_folder(purpose: str) -> Path:
    """Where the dialog for ``purpose`` opens: the folder last used for it, if it still
    exists, else the documents folder."""
    folders = _stored()
    remembered = folders.get(purpose)
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()


def _stored() -> dict[str, str]:
    if _layout is None:
        return _memory
    value = LocalSettings.load(_layout).extra.get(SETTINGS_KEY)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def _remember(purpose: str, folder: Path) -> None:
    if _layout is None:
        _memory[purpose] = str(folder)
        return
    settings = LocalSettings.load(_layout)
    folders = settings.extra.get(SETTINGS_KEY)
    folders = dict(folders) if isinstance(folders, dict) else {}
    folders[purpose] = str(folder)
    settings.extra[SETTINGS_KEY] = folders
    try:
        settings.save(_layout)
    except OSError:  # a read-only data folder: the folder is forgotten, nothing else fails
        _memory[purpose] = str(folder)


def make_dialog(
    parent: QWidget | None,
    purpose: str,
    title: str,
    *,
    filters: str = "",
    mode: QFileDialog.FileMode = QFileDialog.FileMode.ExistingFile,
    save: bool = False,
    suggested_name: str = "",
) -> QFileDialog:
    """The dialog, set up (not shown): Qt's own, in the purpose's folder."""
    dialog = QFileDialog(parent, title)
    dialog.setObjectName(f"fileDialog_{purpose}")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(mode)
    dialog.setAcceptMode(
        QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen
    )
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if filters:
        dialog.setNameFilter(filters)
    # Room for long file names and the date column, within a 1280x720 screen.
    fit_to_screen(dialog, 860, 540)
    folder = last_folder(purpose)
    dialog.setDirectory(str(folder))
    if suggested_name:
        dialog.selectFile(str(folder / suggested_name))
    return dialog


def _exec(dialog: QFileDialog) -> list[str]:
    """Show the dialog; the chosen paths (empty when cancelled). Tests replace this."""
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return []
    return list(dialog.selectedFiles())


# The function that shows a dialog: tests set it to answer for the user.
run_dialog: Callable[[QFileDialog], list[str]] = _exec


def _chosen(dialog: QFileDialog, purpose: str, *, is_folder: bool = False) -> list[Path]:
    chosen = [Path(name) for name in run_dialog(dialog) if name]
    dialog.deleteLater()
    if chosen:
        _remember(purpose, chosen[0] if is_folder else chosen[0].parent)
    return chosen


def open_file(parent: QWidget | None, purpose: str, title: str, filters: str) -> Path | None:
    dialog = make_dialog(parent, purpose, title, filters=filters)
    chosen = _chosen(dialog, purpose)
    return chosen[0] if chosen else None


def open_files(parent: QWidget | None, purpose: str, title: str, filters: str) -> list[Path]:
    dialog = make_dialog(
        parent, purpose, title, filters=filters, mode=QFileDialog.FileMode.ExistingFiles
    )
    return _chosen(dialog, purpose)


def save_file(
    parent: QWidget | None,
    purpose: str,
    title: str,
    suggested_name: str,
    filters: str,
    *,
    suffix: str = "",
    also: tuple[str, ...] = (),
) -> Path | None:
    """The path to save to; ``suffix`` (".pdf") is added when the name typed has none of it
    or of ``also`` (other formats the filters offer, e.g. ".csv")."""
    dialog = make_dialog(
        parent,
        purpose,
        title,
        filters=filters,
        mode=QFileDialog.FileMode.AnyFile,
        save=True,
        suggested_name=suggested_name,
    )
    if suffix:
        dialog.setDefaultSuffix(suffix.lstrip("."))
    chosen = _chosen(dialog, purpose)
    if not chosen:
        return None
    path = chosen[0]
    if suffix and path.suffix.lower() not in {s.lower() for s in (suffix, *also)}:
        path = path.with_name(path.name + suffix)
    return path


def choose_folder(parent: QWidget | None, purpose: str, title: str) -> Path | None:
    dialog = make_dialog(parent, purpose, title, mode=QFileDialog.FileMode.Directory)
    chosen = _chosen(dialog, purpose, is_folder=True)
    return chosen[0] if chosen else None

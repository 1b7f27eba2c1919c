"""Tentang: the program's version and the versions of what it stands on."""

from __future__ import annotations

import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from netral_desktop import APP_NAME, __version__
from netral_desktop.i18n import _
from netral_desktop.ui.widgets import ok_cancel_buttons


def component_versions(engine: tuple[str, str] | None = None) -> list[tuple[str, str]]:
    def version(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "—"

    return [
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", pyside_version),
        *([engine] if engine else []),
        ("SQLAlchemy", version("SQLAlchemy")),
        ("SQLModel", version("sqlmodel")),
        ("Alembic", version("alembic")),
        ("ReportLab", version("reportlab")),
        ("keyring", version("keyring")),
        ("Babel", version("babel")),
    ]


class AboutDialog(QDialog):
    def __init__(
        self,
        data_folder: str,
        parent: QWidget | None = None,
        engine: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Tentang {app}").format(app=APP_NAME))
        rows = "".join(
            f"<tr><td>{name}</td><td>&nbsp;{ver}</td></tr>"
            for name, ver in component_versions(engine)
        )
        text = QLabel(
            f"<h2>{APP_NAME} {__version__}</h2>"
            f"<p>{_('Program luring untuk pengawasan netralitas ASN di Bawaslu kabupaten/kota.')}"
            f"</p><p>{_('Folder data')}: {data_folder}</p>"
            f"<p><b>{_('Komponen')}</b></p><table>{rows}</table>"
            f"<p>{_('Data wilayah: cahyadsn/wilayah (MIT).')}</p>"
        )
        text.setWordWrap(True)
        buttons = ok_cancel_buttons(_("Tutup"))
        buttons.button(buttons.StandardButton.Cancel).hide()
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)

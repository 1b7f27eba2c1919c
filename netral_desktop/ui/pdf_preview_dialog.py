"""A document's pages as images (pypdfium2), with Print and Save as PDF.

A preview of a paper not issued yet is a draft (marked DRAF, no number, no code, nothing
recorded). Given ``issue``, the draft is issued when the user prints or saves it, and only
then: the issued copy (with its code) replaces the draft and is what gets printed or saved.
A numbered letter asks first (``confirm_text``), since its number is taken for good."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.i18n import _
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import confirm, fit_to_screen, show_error, show_info

PREVIEW_DPI = 80
PRINT_DPI = 200


def _images(pdf: bytes, dpi: int) -> list[QImage]:
    """Page images (runs on the worker; QImage is safe off the GUI thread)."""
    from netral_desktop.services.documents import page_images

    images = []
    for page in page_images(pdf, dpi=dpi):
        image = QImage(page.data, page.width, page.height, page.stride, QImage.Format.Format_RGB888)
        images.append(image.copy())  # own the pixels: page.data goes away
    return images


class PdfPreviewDialog(QDialog):
    def __init__(
        self,
        pdf: bytes,
        title: str,
        runner: TaskRunner,
        *,
        suggested_name: str = "dokumen.pdf",
        draft: bool = False,
        issue: Callable[[], Any] | None = None,
        blocked: str = "",
        confirm_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._pdf = pdf
        self._runner = runner
        self._suggested = suggested_name
        self._issue = issue if draft else None
        self._confirm_text = confirm_text
        self.issued: Any = None  # documents.Issued once the draft was issued here
        self.setWindowTitle(title)
        # A4 at PREVIEW_DPI is 661 px wide: 900 shows a page and its margin; the pages scroll.
        self.setMinimumSize(480, 360)
        fit_to_screen(self, 900, 860)

        self.pages = QWidget()
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages_layout.setSpacing(16)
        scroll = QScrollArea()
        scroll.setWidget(self.pages)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet("QScrollArea { background: #6b6b6b; }")
        self.pages.setStyleSheet("background: #6b6b6b;")

        self.status = QLabel(_("Menyiapkan pratinjau…"))
        self.status.setWordWrap(True)
        self.print_button = QPushButton(_("Cetak…"))
        self.save_button = QPushButton(_("Simpan sebagai PDF…"))
        self.close_button = QPushButton(_("Tutup"))
        self.draft_note = QLabel()
        self.draft_note.setObjectName("draftNote")
        self.draft_note.setWordWrap(True)
        self.draft_note.setStyleSheet(
            "QLabel#draftNote { background: #fff4ce; color: #5c4400; padding: 6px; }"
        )
        self.draft_note.setVisible(draft)
        if draft and self._issue is not None and not blocked:
            self.draft_note.setText(
                _(
                    "DRAF: belum diterbitkan. Dokumen diterbitkan (diberi kode verifikasi dan "
                    "dicatat) saat Anda mencetak atau menyimpannya; menutup pratinjau tidak "
                    "menerbitkan apa pun."
                )
            )
        elif draft:
            self.print_button.setEnabled(False)
            self.save_button.setEnabled(False)
            self.draft_note.setText(
                blocked or _("DRAF: belum diterbitkan; terbitkan dahulu untuk mencetak.")
            )
            self.status.setToolTip(_("Draf belum bernomor: terbitkan dahulu untuk mencetak."))
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.print_button)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.draft_note)
        layout.addWidget(scroll, 1)
        layout.addLayout(row)

        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.accept)
        self.page_labels: list[QLabel] = []
        runner.run(
            lambda: _images(pdf, PREVIEW_DPI),
            on_done=self._show_pages,
            on_error=lambda exc: show_error(self, exc),
        )

    def _show_pages(self, images: list[QImage]) -> None:
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        for image in images:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setStyleSheet("border: 1px solid #444; background: white;")
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        self.status.setText(_("{n} halaman").format(n=len(images)))

    def _with_issued(self, then: Callable[[], None]) -> None:
        """Run ``then`` on the issued document: issue the draft first if it is one."""
        if self._issue is None or self.issued is not None:
            then()
            return
        if self._confirm_text and not confirm(
            self, _("Terbitkan dokumen"), self._confirm_text, _("Terbitkan")
        ):
            return
        issue = self._issue

        def done(issued: Any) -> None:
            self.issued = issued
            self._pdf = issued.pdf
            self.draft_note.setVisible(False)
            self.status.setText(
                _("Diterbitkan, kode verifikasi {code}.").format(code=issued.document.code)
            )
            self._runner.run(
                lambda: _images(self._pdf, PREVIEW_DPI),
                on_done=self._show_pages,
                on_error=lambda exc: show_error(self, exc),
            )
            then()

        self._runner.run(issue, on_done=done, on_error=lambda exc: show_error(self, exc))

    def save_pdf(self) -> None:
        path = file_dialogs.save_file(
            self,
            "pdf",
            _("Simpan sebagai PDF"),
            self._suggested,
            _("Dokumen PDF (*.pdf)"),
            suffix=".pdf",
        )
        if path is None:
            return
        from netral_desktop.services.files import write_file

        def write() -> None:
            self._runner.run(
                lambda: write_file(path, self._pdf),
                on_done=lambda saved: show_info(
                    self, _("Tersimpan"), _("Dokumen disimpan di {path}").format(path=saved)
                ),
                on_error=lambda exc: show_error(self, exc),
            )

        self._with_issued(write)

    def print_document(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Cetak dokumen"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return

        def paint() -> None:
            self._runner.run(
                lambda: _images(self._pdf, PRINT_DPI),
                on_done=lambda images: self._paint(printer, images),
                on_error=lambda exc: show_error(self, exc),
            )

        self._with_issued(paint)

    def _paint(self, printer, images: list[QImage]) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter()
        if not painter.begin(printer):
            show_error(self, RuntimeError(_("Pencetak tidak dapat dibuka.")))
            return
        try:
            for index, image in enumerate(images):
                if index:
                    printer.newPage()
                area = painter.viewport()
                size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
                painter.drawImage(QRect(area.x(), area.y(), size.width(), size.height()), image)
        finally:
            painter.end()

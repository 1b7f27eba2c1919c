"""A case's papers: those issued (title, number, verification code; Enter opens the issued
copy) and the button to make one (a draft first, issued when printed or saved)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.empty_state import EmptyHint
from netral_desktop.ui.paged_table_model import Column
from netral_desktop.ui.pages.cases.common import allowed
from netral_desktop.ui.pages.cases.rows_model import RowsModel
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import data_table, show_error

# The papers of a whole case by its origin (those of one reported person or hearing are made
# where they are: the step that forwards, the hearings tab), and the case summary.
ORIGIN_PAPERS = {
    "laporan": ("B.1", "B.3", "B.3.1", "B.4", "B.7"),
    "temuan": ("B.2",),
    "informasi_awal": ("B.8",),
}
COMMON_PAPERS = ("B.13", "B.18", "ringkasan_perkara")


def case_papers(origin: str) -> list[str]:
    return [*ORIGIN_PAPERS.get(origin, ()), *COMMON_PAPERS]


class PapersPanel(QWidget):
    make_requested = Signal()
    loaded = Signal(object, object)  # the papers issued for the case, the office's zone

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.case_id = ""
        self.zone: Any = None  # the office's time zone, read with the papers
        self.papers = RowsModel(
            [
                Column(_("Dokumen"), lambda d: d.title, tooltip=lambda d: d.record_label),
                Column(_("Nomor"), lambda d: d.number or "—"),
                Column(_("Kode verifikasi"), lambda d: d.code),
                Column(_("Diterbitkan"), lambda d: self.when(d.created_at)),
            ],
            parent=self,
        )
        self.table = data_table(self.papers, "casePapers")
        self.table.activated.connect(lambda _index: self.open_current())
        self.hint = EmptyHint(
            self.table,
            lambda: _(
                "Belum ada dokumen terbit untuk perkara ini. Dokumen tahapan ditawarkan setelah "
                "tahapannya diambil, atau buat dengan «Buat dokumen…»."
            ),
        )
        self.open_button = QPushButton(_("Buka"))
        self.open_button.clicked.connect(self.open_current)
        self.make_button = QPushButton(_("Buat dokumen…"))
        self.make_button.clicked.connect(self.make_requested.emit)
        can_print = allowed(ctx, Permission.PRINT)
        self.open_button.setEnabled(can_print)
        self.make_button.setEnabled(can_print)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.make_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def show_case(self, case_id: str) -> None:
        from netral_desktop.services.cases import papers

        self.case_id = case_id

        def load() -> tuple[list[Any], Any]:
            from netral_desktop.services.context import current_office
            from netral_desktop.services.office import office_zone

            return papers.case_papers(self._ctx, case_id), office_zone(current_office(self._ctx))

        self._runner.run(load, on_done=self._show, on_error=lambda exc: show_error(self, exc))

    def _show(self, loaded: tuple[list[Any], Any]) -> None:
        rows, zone = loaded
        self.zone = zone
        self.papers.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.hint.update()
        self.loaded.emit(rows, zone)

    def when(self, stamp: str) -> str:
        from netral_desktop.ui.pages.cases.timeline import when_words
        from netral_desktop.ui.pages.cases.view_text import local_moment

        return when_words(local_moment(stamp, self.zone))

    def open_current(self) -> None:
        index = self.table.currentIndex()
        row = self.papers.row_object(index.row()) if index.isValid() else None
        if row is None:
            return
        from netral_desktop.services import documents
        from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog

        def shown(pdf: bytes) -> None:
            dialog = PdfPreviewDialog(
                pdf,
                f"{row.title} — {row.number or row.code}",
                self._runner,
                suggested_name=f"{row.form}_{row.code}.pdf",
                parent=self,
            )
            dialog.open()

        self._runner.run(
            lambda: documents.issued_pdf(self._ctx, row.code),
            on_done=shown,
            on_error=lambda exc: show_error(self, exc),
        )

"""The chosen event's papers: the attendance sheet, the pledge text and the recap (issued and
previewed, the recap also as .xlsx), and the scans or photos of the signed sheets."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import pledge
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.pledge import documents as pledge_documents
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.pages.pledges.common import allowed
from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import show_error, show_info


class DocumentsPanel(QWidget):
    """A row of document buttons and the evidence files with their thumbnails."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.current_event: pledge.EventDetail | None = None
        can_print = allowed(ctx, Permission.PRINT)

        self.per_agency = QCheckBox(_("Per instansi (halaman baru)"))
        self.blank_rows = QSpinBox()
        self.blank_rows.setRange(0, 200)
        self.blank_rows.setValue(pledge_documents.DEFAULT_BLANK_ROWS)
        self.blank_rows.setSuffix(_(" baris kosong"))
        self.sheet_button = QPushButton(_("Daftar hadir…"))
        self.pledge_button = QPushButton(_("Naskah ikrar…"))
        self.recap_button = QPushButton(_("Rekap kehadiran…"))
        self.recap_xlsx_button = QPushButton(_("Rekap .xlsx…"))
        for button in (
            self.sheet_button,
            self.pledge_button,
            self.recap_button,
            self.recap_xlsx_button,
        ):
            button.setEnabled(can_print)
        # Two short rows rather than one long one: on one row the buttons would set the
        # window's minimum width past a 1280 px screen.
        sheet_row = QHBoxLayout()
        for widget in (self.sheet_button, self.per_agency, self.blank_rows):
            sheet_row.addWidget(widget)
        sheet_row.addStretch()
        docs = QHBoxLayout()
        for widget in (self.pledge_button, self.recap_button, self.recap_xlsx_button):
            docs.addWidget(widget)
        docs.addStretch()

        self.evidence = QListWidget()
        self.evidence.setObjectName("evidence")
        self.evidence.setIconSize(QSize(96, 96))
        self.evidence.setResizeMode(QListView.ResizeMode.Adjust)
        self._fit_evidence(empty=True)
        self.attach_button = QPushButton(_("Lampirkan pindaian/foto daftar hadir…"))
        self.attach_button.setEnabled(allowed(ctx, Permission.PLEDGE_WRITE))
        evidence_row = QHBoxLayout()
        evidence_row.addWidget(self.evidence, 1)
        evidence_row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(sheet_row)
        layout.addLayout(docs)
        layout.addLayout(evidence_row)

        self.sheet_button.clicked.connect(lambda: self.document(pledge_documents.FORM_SHEET))
        self.pledge_button.clicked.connect(lambda: self.document(pledge_documents.FORM_PLEDGE))
        self.recap_button.clicked.connect(lambda: self.document(pledge_documents.FORM_RECAP))
        self.recap_xlsx_button.clicked.connect(self.recap_xlsx)
        self.attach_button.clicked.connect(self.attach)
        self.evidence.itemActivated.connect(self._open_evidence)

    # --- documents ---
    def document(self, form: str) -> None:
        """Show the paper: the copy issued before if its content is unchanged, else a draft
        that is issued only when printed or saved (a recap only after the event)."""
        if self.current_event is None:
            return
        event = self.current_event
        options = pledge_documents.SheetOptions(
            per_agency=self.per_agency.isChecked(), blank_rows=self.blank_rows.value()
        )
        ctx = self._ctx

        def work():  # type: ignore[no-untyped-def]
            copy = pledge_documents.issued_copy(ctx, form, event.id, options)
            if copy is not None:
                return copy, b"", ""
            blocked = pledge_documents.can_issue(ctx, form, event.id) or ""
            return None, pledge_documents.draft(ctx, form, event.id, options), blocked

        def shown(result) -> None:  # type: ignore[no-untyped-def]
            copy, draft_pdf, blocked = result
            title = pledge_documents.form_title(form)
            name = f"{form}-{event.starts_at:%Y%m%d}.pdf"
            if copy is not None:
                self.preview = PdfPreviewDialog(
                    copy.pdf,
                    _("{title} — {event} (diterbitkan, kode {code})").format(
                        title=title, event=event.title, code=copy.document.code
                    ),
                    self._runner,
                    suggested_name=name,
                    parent=self,
                )
            else:
                self.preview = PdfPreviewDialog(
                    draft_pdf,
                    _("Pratinjau: {title} — {event}").format(title=title, event=event.title),
                    self._runner,
                    suggested_name=name,
                    draft=True,
                    issue=lambda: pledge_documents.issue(ctx, form, event.id, options),
                    blocked=blocked,
                    parent=self,
                )
            self.preview.exec()

        self._runner.run(work, on_done=shown, on_error=lambda exc: show_error(self, exc))

    def recap_xlsx(self) -> None:
        if self.current_event is None:
            return
        event_id = self.current_event.id
        path = file_dialogs.save_file(
            self,
            "recap",
            _("Simpan rekap kehadiran"),
            "rekap-kehadiran.xlsx",
            _("Excel (*.xlsx)"),
            suffix=".xlsx",
        )
        if path is None:
            return
        self._runner.run(
            lambda: pledge_documents.write_recap_xlsx(self._ctx, event_id, path),
            on_done=lambda saved: show_info(
                self, _("Tersimpan"), _("Rekap disimpan di {path}").format(path=saved)
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    # --- evidence ---
    def reload_evidence(self) -> None:
        if self.current_event is None:
            return
        event_id = self.current_event.id

        def work():  # type: ignore[no-untyped-def]
            rows = pledge.list_evidence(self._ctx, event_id)
            return [(row, pledge.evidence_thumbnail(self._ctx, row.id)) for row in rows]

        self._runner.run(
            work, on_done=self._show_evidence, on_error=lambda exc: show_error(self, exc)
        )

    def _show_evidence(self, items) -> None:  # type: ignore[no-untyped-def]
        self.evidence.clear()
        self._fit_evidence(empty=not items)
        if not items:
            hint = QListWidgetItem(_("Belum ada pindaian daftar hadir yang ditandatangani."))
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.evidence.addItem(hint)
        for row, thumbnail in items:
            pixmap = QPixmap()
            pixmap.loadFromData(thumbnail)
            item = QListWidgetItem(QIcon(pixmap), row.original_name[:24])
            item.setToolTip(
                _("{name}, {size} KB, oleh {who}").format(
                    name=row.original_name, size=row.size // 1024, who=row.added_by
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, row)
            self.evidence.addItem(item)

    def _fit_evidence(self, *, empty: bool) -> None:
        # Without scans the list is one line of hint, so the invitees get the height; with
        # scans it is tall enough for a row of thumbnails.
        if empty:
            self.evidence.setViewMode(QListView.ViewMode.ListMode)
            self.evidence.setFixedHeight(self.evidence.fontMetrics().height() + 14)
        else:
            self.evidence.setViewMode(QListView.ViewMode.IconMode)
            self.evidence.setFixedHeight(130)

    def attach(self) -> None:
        if self.current_event is None:
            return
        names = file_dialogs.open_files(
            self,
            "evidence",
            _("Pilih pindaian atau foto"),
            _("Gambar atau PDF (*.png *.jpg *.jpeg *.webp *.tif *.tiff *.pdf)"),
        )
        if not names:
            return
        event_id = self.current_event.id

        def work():  # type: ignore[no-untyped-def]
            return [pledge.attach_evidence(self._ctx, event_id, Path(n)) for n in names]

        self._runner.run(
            work,
            on_done=lambda _r: self.reload_evidence(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _open_evidence(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        if row is not None and row.media_type == "application/pdf":

            def show(data: bytes) -> None:
                PdfPreviewDialog(
                    data,
                    row.original_name,
                    self._runner,
                    suggested_name=row.original_name,
                    parent=self,
                ).exec()

            self._runner.run(lambda: pledge.evidence_bytes(self._ctx, row.id), on_done=show)

"""Dokumen: everything issued (filterable, re-openable), new documents, verification."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.i18n import _
from netral_desktop.services import documents
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.documents import IssuedRow
from netral_desktop.services.office import format_local_time
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.empty_state import EmptyHint
from netral_desktop.ui.paged_table_model import Column, PagedTableModel
from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import (
    confirm,
    data_table,
    error_text,
    ok_cancel_buttons,
    show_error,
)


def _typed_forms() -> list:  # type: ignore[type-arg]
    """Forms whose data a person types in (the others are printed from their records)."""
    return [s for s in documents.form_specs() if s.record == documents.FILE_PROVIDER]


class VerifyDialog(QDialog):
    """Is a document with this code ours, and is this PDF the one issued?"""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.setWindowTitle(_("Periksa keaslian dokumen"))
        self.setMinimumWidth(520)
        self.code = QLineEdit()
        self.code.setObjectName("verifyCode")
        self.code.setPlaceholderText("ABCDE-FGHJK")
        self.file = QLineEdit()
        self.file.setPlaceholderText(_("(tidak wajib) berkas PDF yang hendak dicocokkan"))
        browse = QPushButton(_("Pilih…"))
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(browse)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Kode verifikasi"), self.code)
        form.addRow(_("Berkas PDF"), file_row)
        buttons = ok_cancel_buttons(_("Periksa"), _("Tutup"))
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        browse.clicked.connect(self._browse)

    def _browse(self) -> None:
        path = file_dialogs.open_file(
            self, "pdf_verify", _("Pilih berkas PDF"), _("Dokumen PDF (*.pdf)")
        )
        if path:
            self.file.setText(str(path))

    def check(self) -> None:
        code, file_name = self.code.text().strip(), self.file.text().strip()

        def work():  # type: ignore[no-untyped-def]
            data = Path(file_name).read_bytes() if file_name else None
            return documents.verify(self._ctx, code, file_bytes=data)

        self._runner.run(work, on_done=self._show, on_error=self._failed)

    def _show(self, result) -> None:  # type: ignore[no-untyped-def]
        if not result.issued_here:
            text = _("Tidak ada dokumen berkode {code} yang diterbitkan kantor ini.").format(
                code=result.code
            )
            color = "#b00020"
        elif not result.record_intact:
            text = _(
                "TIDAK SAH: catatan dokumen berkode {code} diubah di luar program (nomor, kode "
                "atau hash PDF-nya tidak cocok dengan segel kantor). Laporkan kepada "
                "administrator."
            ).format(code=result.code)
            color = "#b00020"
        else:
            doc = result.document
            when = format_local_time(self._ctx, parse_iso_utc(doc.issued_at))
            text = _("{title} nomor {number} diterbitkan {when} oleh {who}.").format(
                title=doc.title,
                number=doc.number or "—",
                when=when,
                who=doc.issued_by_name or doc.issued_by,
            )
            color = "#1b5e20"
            if result.file_matches is True:
                text += " " + _("Berkas yang diperiksa sama persis dengan yang diterbitkan.")
            elif result.file_matches is False:
                text += " " + _("TETAPI berkas yang diperiksa BERBEDA dari yang diterbitkan.")
                color = "#b00020"
        self.result_label.setText(text)
        self.result_label.setStyleSheet(f"color: {color}; font-weight: 600;")

    def _failed(self, exc: BaseException) -> None:
        self.result_label.setText(error_text(exc))
        self.result_label.setStyleSheet("color: #b00020;")


class DocumentsPage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.search = QLineEdit()
        self.search.setObjectName("documentSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Cari nomor, kode, perihal atau penerbit"))
        self.form_filter = QComboBox()
        self.form_filter.addItem(_("Semua jenis"), None)
        for spec in documents.form_specs():
            self.form_filter.addItem(spec.title, spec.code)
        self.new_button = QPushButton(_("Dokumen baru…"))
        self.open_button = QPushButton(_("Buka"))
        self.verify_button = QPushButton(_("Periksa keaslian…"))
        self.count_label = QLabel()

        self.model = PagedTableModel(
            [
                Column(_("Diterbitkan"), self._time),
                Column(_("Jenis"), lambda d: d.title),
                Column(_("Nomor"), lambda d: d.number or "—"),
                Column(_("Perihal / rekaman"), lambda d: d.record_label),
                Column(_("Kode verifikasi"), lambda d: d.code),
                Column(_("Halaman"), lambda d: d.pages, align_right=True),
                Column(_("Oleh"), lambda d: d.issued_by_name or d.issued_by),
            ],
            fetch=lambda page: documents.list_issued(
                ctx,
                form=self.form_filter.currentData(),
                search=self.search.text() or None,
                limit=page.limit,
                offset=page.offset,
            ),
            parent=self,
            runner=runner,
        )
        self.table = data_table(self.model, "documentsTable")
        self.empty_hint = EmptyHint(self.table, self._empty_text)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.form_filter)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.verify_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.form_filter.currentIndexChanged.connect(self.refresh)
        self.new_button.clicked.connect(self.new_document)
        self.open_button.clicked.connect(self.open_selected)
        self.verify_button.clicked.connect(lambda: VerifyDialog(ctx, runner, self).exec())
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        # "Buka" opens the chosen document: nothing chosen, nothing to open.
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected() is not None)

    def _empty_text(self) -> str:
        if self.search.text().strip() or self.form_filter.currentData():
            return _("Tidak ada dokumen yang cocok dengan pencarian atau jenis yang dipilih.")
        return _(
            "Belum ada dokumen terbit. Pilih «Dokumen baru…» untuk membuat surat, atau terbitkan "
            "daftar hadir dan rekap dari halaman Ikrar netralitas. Dokumen yang diterbitkan "
            "tercantum di sini dan dapat diperiksa keasliannya."
        )

    def _time(self, doc: IssuedRow) -> str:
        return format_local_time(self._ctx, parse_iso_utc(doc.issued_at))

    def refresh(self) -> None:
        self.model.reload()
        form, search = self.form_filter.currentData(), self.search.text() or None
        self._runner.run(
            lambda: documents.count_issued(self._ctx, form=form, search=search),
            on_done=lambda n: self.count_label.setText(_("{n} dokumen").format(n=n)),
        )
        for column, width in ((0, 150), (1, 110), (2, 210), (3, 240), (4, 110), (5, 60)):
            self.table.setColumnWidth(column, width)

    def selected(self) -> IssuedRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def open_selected(self) -> None:
        doc = self.selected()
        if doc is None:
            return
        self._runner.run(
            lambda: documents.issued_pdf(self._ctx, doc.code),
            on_done=lambda pdf: self._preview(pdf, doc),
            on_error=lambda exc: show_error(self, exc),
        )

    def _preview(self, pdf: bytes, doc: IssuedRow, draft: bool = False) -> None:
        title = f"{doc.title} {doc.number or ''}".strip()
        name = (doc.number or doc.code).replace("/", "-") + ".pdf"
        PdfPreviewDialog(
            pdf, title, self._runner, suggested_name=name, draft=draft, parent=self
        ).exec()

    def new_document(self) -> None:
        forms = _typed_forms()
        if not forms:
            return
        if len(forms) == 1:
            spec = forms[0]
        else:
            titles = [s.title for s in forms]
            title, ok = QInputDialog.getItem(
                self, _("Dokumen baru"), _("Jenis dokumen"), titles, 0, False
            )
            if not ok:
                return
            spec = forms[titles.index(title)]
        self.open_form(spec)

    def open_form(self, spec) -> QDialog:  # type: ignore[no-untyped-def]
        from netral_desktop.ui.form_fill_dialog import FormFillDialog

        dialog = FormFillDialog(spec, self)
        dialog.preview_requested.connect(lambda record: self._draft(dialog, record))
        dialog.issue_requested.connect(lambda record: self._issue(dialog, record))
        self.form_dialog = dialog
        dialog.open()
        return dialog

    def _draft(self, dialog, record) -> None:  # type: ignore[no-untyped-def]
        spec = dialog.spec

        def show(pdf: bytes) -> None:
            PdfPreviewDialog(
                pdf,
                _("Pratinjau: {title}").format(title=spec.title),
                self._runner,
                draft=True,
                parent=dialog,
            ).exec()

        self._runner.run(
            lambda: documents.render_draft(self._ctx, spec.code, record.id, data=record),
            on_done=show,
            on_error=dialog.show_error,
        )

    def _issue(self, dialog, record) -> None:  # type: ignore[no-untyped-def]
        spec = dialog.spec
        if spec.numbering and not confirm(
            dialog,
            _("Terbitkan dan beri nomor"),
            _(
                "Nomor {title} berikutnya akan diambil untuk dokumen ini dan tidak dapat "
                "dipakai ulang. Terbitkan sekarang?"
            ).format(title=spec.title),
            _("Terbitkan"),
        ):
            return

        def done(issued) -> None:  # type: ignore[no-untyped-def]
            dialog.accept()
            self.refresh()
            self._preview(issued.pdf, issued.document)

        self._runner.run(
            lambda: documents.issue(self._ctx, spec.code, record.id, data=record),
            on_done=done,
            on_error=dialog.show_error,
        )

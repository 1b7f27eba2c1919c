"""Instansi: the agencies (OPD) with their heads and PPK, people counts, and the agency's
printed staff list."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.core.roster import AgencyKind
from netral_desktop.i18n import _
from netral_desktop.services import documents, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.empty_state import EmptyHint
from netral_desktop.ui.paged_table_model import Column, PagedTableModel
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import (
    data_table,
    error_label,
    error_text,
    number,
    ok_cancel_buttons,
    set_error,
    show_error,
)

AGENCY_TEXT_FIELDS = (
    ("name", lambda: _("Nama instansi")),
    ("short_name", lambda: _("Singkatan")),
    ("address", lambda: _("Alamat")),
    ("head_name", lambda: _("Kepala instansi")),
    ("head_nip", lambda: _("NIP kepala")),
    ("ppk_name", lambda: _("Nama PPK")),
    ("ppk_title", lambda: _("Jabatan PPK (mis. Bupati Bantul)")),
)


class AgencyDialog(QDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        agencies: list[roster.AgencyRow],
        agency_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.agency_id = agency_id
        self._revision: int | None = None
        self.saved = False
        self.setWindowTitle(_("Ubah instansi") if agency_id else _("Tambah instansi"))
        self.setMinimumWidth(560)
        self.inputs: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in AGENCY_TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"agency_{key}")
            self.inputs[key] = edit
            form.addRow(label(), edit)
        self.kind = QComboBox()
        for kind in AgencyKind:
            self.kind.addItem(kind.label, kind.value)
        self.parent_agency = QComboBox()
        self.parent_agency.addItem(_("(tidak ada)"), None)
        for agency in agencies:
            if agency.id != agency_id:
                self.parent_agency.addItem(agency.name, agency.id)
        form.insertRow(2, _("Jenis"), self.kind)
        form.insertRow(3, _("Instansi induk"), self.parent_agency)
        self.error = error_label()
        self.buttons = ok_cancel_buttons(_("Simpan"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if agency_id:
            runner.run(
                lambda: roster.get_agency(ctx, agency_id),
                on_done=self._fill,
                on_error=lambda exc: set_error(self.error, error_text(exc)),
            )

    def _fill(self, agency) -> None:  # type: ignore[no-untyped-def]
        self._revision = agency.revision
        for key, edit in self.inputs.items():
            edit.setText(str(getattr(agency, key) or ""))
        self.kind.setCurrentIndex(max(0, self.kind.findData(agency.kind)))
        self.parent_agency.setCurrentIndex(max(0, self.parent_agency.findData(agency.parent_id)))

    def values(self) -> roster.AgencyFields:
        text = {k: e.text().strip() for k, e in self.inputs.items()}
        return roster.AgencyFields(
            name=text["name"],
            short_name=text["short_name"],
            kind=self.kind.currentData(),
            parent_id=self.parent_agency.currentData(),
            address=text["address"],
            head_name=text["head_name"],
            head_nip=text["head_nip"] or None,
            ppk_name=text["ppk_name"],
            ppk_title=text["ppk_title"],
        )

    def save(self) -> None:
        values, agency_id, revision = self.values(), self.agency_id, self._revision
        self.buttons.setEnabled(False)

        def work():  # type: ignore[no-untyped-def]
            if agency_id:
                return roster.update_agency(
                    self._ctx,
                    agency_id,
                    roster.AgencyChanges.every(values),
                    expected_revision=revision,
                )
            return roster.create_agency(self._ctx, values)

        self._runner.run(work, on_done=self._saved, on_error=self._failed)

    def _saved(self, _agency) -> None:  # type: ignore[no-untyped-def]
        self.saved = True
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))


class AgenciesPage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self._agencies: list[roster.AgencyRow] = []
        self.search = QLineEdit()
        self.search.setObjectName("agencySearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Cari nama atau singkatan instansi"))
        self.count_label = QLabel()
        self.add_button = QPushButton(_("Tambah instansi…"))
        self.edit_button = QPushButton(_("Ubah…"))
        self.print_button = QPushButton(_("Cetak daftar pegawai…"))
        self.pakta_button = QPushButton(_("Pakta integritas…"))
        self.pakta_button.setToolTip(
            _("Pakta integritas netralitas ASN instansi ini: satu baris tanda tangan per pegawai")
        )
        self.model = PagedTableModel(
            [
                Column(_("Nama instansi"), lambda a: a.name),
                Column(_("Singkatan"), lambda a: a.short_name),
                Column(_("Jenis"), lambda a: AgencyKind(a.kind).label if a.kind else ""),
                Column(_("Kepala"), lambda a: a.head_name),
                Column(_("PPK"), lambda a: " — ".join(x for x in (a.ppk_title, a.ppk_name) if x)),
                Column(_("Pegawai aktif"), lambda a: number(a.people), align_right=True),
            ],
            fetch=lambda page: self._agencies[page.offset : page.offset + page.limit],
            parent=self,
        )
        self.table = data_table(self.model, "agenciesTable")
        self.empty_hint = EmptyHint(
            self.table,
            lambda: (
                _("Tidak ada instansi yang cocok dengan pencarian.")
                if self.search.text().strip()
                else _(
                    "Belum ada instansi. Pilih «Tambah instansi…», atau impor daftar pegawai: "
                    "instansinya ditambahkan sekalian."
                )
            ),
        )
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.print_button, self.pakta_button):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        role = ctx.actor.role if ctx.actor else None
        self._can_write = role is not None and has_permission(role, Permission.ROSTER_WRITE)
        self._can_print = role is not None and has_permission(role, Permission.PRINT)
        self.search.textChanged.connect(self.refresh)
        self.add_button.clicked.connect(lambda: self.open_agency(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.print_button.clicked.connect(lambda: self.print_selected())
        self.pakta_button.clicked.connect(lambda: self.print_selected("pakta_integritas"))
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    def refresh(self) -> None:
        query = self.search.text()
        self._runner.run(lambda: roster.list_agencies(self._ctx, query=query), on_done=self._loaded)

    def _loaded(self, agencies: list[roster.AgencyRow]) -> None:
        self._agencies = agencies
        self.model.reload()
        self.count_label.setText(_("{n} instansi").format(n=len(agencies)))
        for column, width in enumerate((320, 110, 110, 240, 280)):
            self.table.setColumnWidth(column, width)

    def selected(self) -> roster.AgencyRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.add_button.setEnabled(self._can_write)
        self.edit_button.setEnabled(has and self._can_write)
        self.print_button.setEnabled(has and self._can_print)
        self.pakta_button.setEnabled(has and self._can_print)

    def open_agency(self, agency_id: str | None) -> AgencyDialog:
        dialog = AgencyDialog(self._ctx, self._runner, self._agencies, agency_id, self)
        dialog.finished.connect(lambda _r: self.refresh() if dialog.saved else None)
        dialog.open()
        return dialog

    def edit_selected(self) -> AgencyDialog | None:
        row = self.selected()
        return self.open_agency(row.id) if row and self._can_write else None

    def print_selected(self, form: str = "daftar_pegawai") -> None:
        """The agency's paper: the copy issued before if unchanged, else a DRAF preview that
        is issued only when printed or saved."""
        row = self.selected()
        if row is None:
            return
        from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog

        ctx = self._ctx

        def work():  # type: ignore[no-untyped-def]
            copy = documents.issued_copy(ctx, form, row.id)
            return copy, b"" if copy else documents.render_draft(ctx, form, row.id)

        def shown(result) -> None:  # type: ignore[no-untyped-def]
            copy, draft = result
            title = f"{documents.form_title(form)} — {row.name}"
            name = f"{form.replace('_', '-')}-{row.short_name or row.name}.pdf"
            if copy is not None:
                self.preview = PdfPreviewDialog(
                    copy.pdf,
                    _("{title} (diterbitkan, kode {code})").format(
                        title=title, code=copy.document.code
                    ),
                    self._runner,
                    suggested_name=name,
                    parent=self,
                )
            else:
                self.preview = PdfPreviewDialog(
                    draft,
                    _("Pratinjau: {title}").format(title=title),
                    self._runner,
                    suggested_name=name,
                    draft=True,
                    issue=lambda: documents.issue(ctx, form, row.id),
                    parent=self,
                )
            self.preview.exec()

        self._runner.run(work, on_done=shown, on_error=lambda exc: show_error(self, exc))

"""Daftar pegawai: search as you type over the whole roster, filters, SQL sort, paging,
import from agency spreadsheets, export of the current view."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.problems import problem_label
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.core.roster import PersonStatus
from netral_desktop.i18n import _
from netral_desktop.services import roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.empty_state import EmptyHint
from netral_desktop.ui.paged_table_model import Column, PagedTableModel, PageRequest
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import confirm, data_table, number, show_error, show_info


def _problems(row: roster.PersonRow) -> str:
    return "; ".join(problem_label(code) for code in row.problems.split()) if row.problems else ""


def _identifier(row: roster.PersonRow) -> str:
    return row.nip or row.ni_pppk or "—"


def _status(row: roster.PersonRow) -> str:
    label = PersonStatus(row.status).label if row.status else ""
    return label if row.active else _("{status} (nonaktif)").format(status=label)


class RosterPage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self._agencies: list[roster.AgencyRow] = []
        # The query the table shows; set before the model can ask for a page.
        self._query_state: tuple[str, roster.RosterFilter] = ("", roster.RosterFilter())
        self.search = QLineEdit()
        self.search.setObjectName("rosterSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Cari nama, NIP, jabatan, unit kerja atau instansi (ketik langsung)")
        )
        self.agency = QComboBox()
        self.agency.setObjectName("agencyFilter")
        self.agency.setMinimumWidth(200)
        self.agency.setMaximumWidth(300)
        self.agency.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.agency.addItem(_("Semua instansi"), None)
        self.status = QComboBox()
        self.status.addItem(_("Semua status"), None)
        for status in PersonStatus:
            self.status.addItem(status.label, status.value)
        self.problems_only = QCheckBox(_("Hanya yang bermasalah"))
        self.include_inactive = QCheckBox(_("Termasuk nonaktif"))
        self.count_label = QLabel()
        self.count_label.setObjectName("rosterCount")

        self.import_button = QPushButton(_("Impor dari spreadsheet…"))
        self.export_button = QPushButton(_("Ekspor tampilan…"))
        self.add_button = QPushButton(_("Tambah pegawai…"))
        self.edit_button = QPushButton(_("Buka / ubah…"))
        self.deactivate_button = QPushButton(_("Nonaktifkan"))
        can_write = ctx.actor is not None and has_permission(
            ctx.actor.role, Permission.ROSTER_WRITE
        )
        for button in (self.import_button, self.add_button, self.deactivate_button):
            button.setEnabled(can_write)

        self.model = PagedTableModel(
            [
                Column(_("Nama"), lambda r: r.full_name, sort_key="name"),
                Column(_("NIP / NI PPPK"), _identifier, sort_key="nip"),
                Column(_("Status"), _status, sort_key="status"),
                Column(_("Jabatan"), lambda r: r.jabatan, sort_key="jabatan"),
                Column(_("Pangkat/gol."), lambda r: r.pangkat_golongan, sort_key="pangkat"),
                Column(_("Unit kerja"), lambda r: r.unit_kerja, sort_key="unit_kerja"),
                Column(_("Instansi"), lambda r: r.agency_name or "—", sort_key="agency"),
                Column(_("Catatan"), _problems, tooltip=_problems),
            ],
            fetch=self._fetch,
            parent=self,
            runner=runner,
            default_sort="name",
        )
        self.model.PAGE = 50  # one screenful: what a keystroke waits for
        self.table = data_table(self.model, "rosterTable")
        self.empty_hint = EmptyHint(self.table, self._empty_text)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.agency)
        filters.addWidget(self.status)
        filters.addWidget(self.problems_only)
        filters.addWidget(self.include_inactive)
        actions = QHBoxLayout()
        for button in (
            self.import_button,
            self.export_button,
            self.add_button,
            self.edit_button,
            self.deactivate_button,
        ):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)

        # Every keystroke queries at once: the newest answer wins (the model drops stale ones).
        self.search.textChanged.connect(self._query_changed)
        for combo in (self.agency, self.status):
            combo.currentIndexChanged.connect(self._query_changed)
        for box in (self.problems_only, self.include_inactive):
            box.toggled.connect(self._query_changed)
        # The count waits for a pause in typing, and is skipped if the query changed before
        # the worker reached it: a count of a broad query must never delay the next page.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(250)
        self._count_timer.timeout.connect(self._count)
        self.model.loaded.connect(self._count_timer.start)
        self.model.modelReset.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_view)
        self.add_button.clicked.connect(lambda: self.open_person(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.deactivate_button.clicked.connect(self.deactivate_selected)
        self._update_buttons()

    # --- the query ---
    def filters(self) -> roster.RosterFilter:
        return roster.RosterFilter(
            agency_id=self.agency.currentData(),
            status=self.status.currentData(),
            problems_only=self.problems_only.isChecked(),
            include_inactive=self.include_inactive.isChecked(),
        )

    def _fetch(self, page: PageRequest) -> list[roster.PersonRow]:
        query, filters = self._current_query
        sort = roster.RosterSort(page.sort_key or "name", page.descending)
        after = page.after.id if page.after is not None else None
        return roster.search(self._ctx, query, filters, sort, limit=page.limit, after_id=after)

    def _count(self) -> None:
        query, filters = self.search.text(), self.filters()

        def work() -> int | None:
            if (query, filters) != self._current_query:
                return None  # typed on: a newer count follows
            return roster.count(self._ctx, query, filters)

        def done(n: int | None) -> None:
            if n is not None and (query, filters) == self._current_query:
                self.count_label.setText(_("{n} orang").format(n=number(n)))

        self._runner.run(work, on_done=done)

    @property
    def _current_query(self) -> tuple[str, roster.RosterFilter]:
        return self._query_state

    def _remember_query(self) -> None:
        self._query_state = (self.search.text(), self.filters())

    def _query_changed(self) -> None:
        self._remember_query()
        self.model.reload()

    def refresh(self) -> None:
        self._runner.run(lambda: roster.list_agencies(self._ctx), on_done=self._set_agencies)
        self._query_changed()

    def _set_agencies(self, agencies: list[roster.AgencyRow]) -> None:
        self._agencies = agencies
        current = self.agency.currentData()
        self.agency.blockSignals(True)
        self.agency.clear()
        self.agency.addItem(_("Semua instansi"), None)
        for agency in agencies:
            self.agency.addItem(f"{agency.name} ({agency.people})", agency.id)
        self.agency.setCurrentIndex(max(0, self.agency.findData(current)))
        self.agency.blockSignals(False)
        widths = (260, 170, 80, 220, 110, 200, 220)
        for column, width in enumerate(widths):
            self.table.setColumnWidth(column, width)

    def _empty_text(self) -> str:
        if self.search.text().strip() or self.agency.currentData() or self.status.currentData():
            return _("Tidak ada pegawai yang cocok. Periksa ejaan atau kosongkan saringan.")
        if self.problems_only.isChecked():
            return _("Tidak ada pegawai yang datanya bercatatan.")
        return _(
            "Daftar pegawai masih kosong. Pilih «Impor dari spreadsheet…» untuk memuat daftar "
            "dari BKPSDM, atau «Tambah pegawai…» untuk mengisi satu per satu."
        )

    # --- actions ---
    def selected(self) -> roster.PersonRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        can_write = self.import_button.isEnabled()
        self.deactivate_button.setEnabled(has and can_write)

    def open_person(self, person_id: str | None):  # type: ignore[no-untyped-def]
        from netral_desktop.ui.person_dialog import PersonDialog

        dialog = PersonDialog(self._ctx, self._runner, self._agencies, person_id, self)
        dialog.finished.connect(lambda _r: self.model.reload() if dialog.saved else None)
        dialog.open()
        return dialog

    def edit_selected(self):  # type: ignore[no-untyped-def]
        row = self.selected()
        return self.open_person(row.id) if row else None

    def deactivate_selected(self) -> None:
        row = self.selected()
        if row is None or not confirm(
            self,
            _("Nonaktifkan pegawai"),
            _("Nonaktifkan {name}? Datanya tetap tersimpan dan dapat diaktifkan lagi.").format(
                name=row.full_name
            ),
            _("Nonaktifkan"),
        ):
            return
        self._runner.run(
            lambda: roster.set_person_active(self._ctx, row.id, False),
            on_done=lambda _p: self.model.reload(),
            on_error=lambda exc: show_error(self, exc),
        )

    def export_view(self) -> None:
        from netral_desktop.services.roster_export import export_people

        path = file_dialogs.save_file(
            self,
            "roster_export",
            _("Ekspor daftar pegawai"),
            "daftar-pegawai.xlsx",
            _("Excel (*.xlsx);;CSV (*.csv)"),
            suffix=".xlsx",
            also=(".csv",),
        )
        if path is None:
            return
        query, filters = self.search.text(), self.filters()
        sort = roster.RosterSort(self.model._sort_key or "name", self.model._descending)
        self._runner.run(
            lambda: export_people(self._ctx, path, query, filters, sort),
            on_done=lambda n: show_info(
                self, _("Ekspor selesai"), _("{n} orang disimpan di {path}").format(n=n, path=path)
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    def go_to(self, _record_id: str, focus: str = "") -> None:
        """From the home page: "import" starts an import."""
        if focus == "import":
            self.import_file()

    def import_file(self):  # type: ignore[no-untyped-def]
        from netral_desktop.ui.roster_import_dialog import RosterImportDialog

        dialog = RosterImportDialog(self._ctx, self._runner, self)
        dialog.finished.connect(lambda _r: self.refresh() if dialog.imported else None)
        dialog.open()
        dialog.choose_file()
        return dialog

"""Import people from an agency's spreadsheet: the detected column mapping to confirm or
change, a check of every row before anything is written, then one all-or-nothing import.

Reading a file, choosing another sheet or another header row maps the columns again and
checks every row again at once; Impor stays off until that check is done. The preview lists
every row with its outcome (added, updated, unchanged, refused, or skipped as a header,
total, section title or signature), filterable by outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.errors import NoNameColumn
from netral_desktop.core.identifiers import format_nip
from netral_desktop.i18n import _
from netral_desktop.services import roster
from netral_desktop.services import roster_import as ri
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.paged_table_model import Column, PagedTableModel
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import (
    confirm,
    data_table,
    error_label,
    error_text,
    fit_to_screen,
    set_error,
    show_info,
)

OUTCOME_LABELS = {
    "add": lambda: _("ditambah"),
    "update": lambda: _("diperbarui"),
    "unchanged": lambda: _("tetap"),
    "refused": lambda: _("DITOLAK"),
    "skipped": lambda: _("dilewati"),
}
# The preview's filter: (label, which rows).
FILTERS: list[tuple[Any, Any]] = [
    (lambda: _("Semua baris"), lambda r: True),
    (lambda: _("Ditambah"), lambda r: r.outcome == "add"),
    (lambda: _("Diperbarui"), lambda r: r.outcome == "update"),
    (lambda: _("Tetap"), lambda r: r.outcome == "unchanged"),
    (lambda: _("Ditolak"), lambda r: r.outcome == "refused"),
    (lambda: _("Dilewati (judul, jumlah, tanda tangan)"), lambda r: r.outcome == "skipped"),
    (lambda: _("Diterima dengan catatan"), lambda r: r.outcome != "refused" and r.problems),
]


def _outcome(row: ri.RowResult) -> str:
    label = OUTCOME_LABELS.get(row.outcome)
    return label() if label else row.outcome


def _identifier(row: ri.RowResult) -> str:
    if row.skip:
        return ""
    number = row.values.get("nip") or row.values.get("ni_pppk")
    return format_nip(number) if number else row.values.get("nik") or ""


def _name(row: ri.RowResult) -> str:
    if row.skip:  # what the row holds, for a person to see why it is no one
        cells = (ri.cell_as_text(v).replace("\n", " ") for v in row.raw)
        return " | ".join(c for c in cells if c)
    return row.name


class RosterImportDialog(QDialog):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.table: ri.SheetTable | None = None
        self.mapping: ri.ColumnMapping | None = None
        self.import_result: ri.ImportResult | None = None
        self.imported = False
        self.setWindowTitle(_("Impor daftar pegawai dari spreadsheet"))
        self.setMinimumSize(640, 480)
        fit_to_screen(self, 1100, 760)

        self.file_label = QLabel(_("Belum ada berkas."))
        self.file_label.setWordWrap(True)
        choose = QPushButton(_("Pilih berkas…"))
        choose.clicked.connect(self.choose_file)
        self.sheet = QComboBox()
        self.header_row = QSpinBox()
        self.header_row.setMinimum(1)
        self.header_row.setMaximum(1000)
        self.agency = QLineEdit()
        self.agency.setPlaceholderText(_("dipakai bila kolom instansi kosong atau tidak ada"))
        self.agency_names: list[str] = []
        self._runner.run(
            lambda: [a.name for a in roster.list_agencies(ctx)], on_done=self._set_agencies
        )
        top = QFormLayout()
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(choose)
        top.addRow(_("Berkas"), file_row)
        top.addRow(_("Lembar"), self.sheet)
        top.addRow(_("Baris judul kolom"), self.header_row)
        top.addRow(_("Instansi bawaan"), self.agency)

        self.mapping_box = QGroupBox(_("Kolom yang terbaca (periksa, ubah bila perlu)"))
        self.mapping_grid = QGridLayout()
        holder = QWidget()
        holder.setLayout(self.mapping_grid)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        box_layout = QVBoxLayout(self.mapping_box)
        box_layout.addWidget(scroll)
        self.combos: list[QComboBox] = []

        self.warning = QLabel()
        self.warning.setObjectName("importWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.warning.hide()
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        self.summary.setWordWrap(True)
        self.outcome_filter = QComboBox()
        self.outcome_filter.setObjectName("outcomeFilter")
        for label, _rows in FILTERS:
            self.outcome_filter.addItem(label())
        self.outcome_filter.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.rows_model = PagedTableModel(
            [
                Column(_("Baris"), lambda r: r.row_number, align_right=True),
                Column(_("Nama"), _name, tooltip=_name),
                Column(_("NIP / NI PPPK / NIK"), _identifier),
                Column(_("Hasil"), _outcome),
                Column(_("Keterangan"), lambda r: r.reason(), tooltip=lambda r: r.reason()),
            ],
            fetch=lambda page: self.shown_rows()[page.offset : page.offset + page.limit],
            parent=self,
        )
        self.rows_view = data_table(self.rows_model, "importRows")
        self.error = error_label()

        self.check_button = QPushButton(_("Periksa semua baris"))
        self.import_button = QPushButton(_("Impor"))
        self.import_button.setObjectName("importButton")
        self.refused_button = QPushButton(_("Simpan baris ditolak…"))
        close = QPushButton(_("Tutup"))
        for button in (self.check_button, self.import_button, self.refused_button):
            button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.refused_button)
        buttons.addStretch()
        buttons.addWidget(close)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.summary, 1)
        filter_row.addWidget(QLabel(_("Tampilkan")))
        filter_row.addWidget(self.outcome_filter)
        lower_layout.addWidget(self.warning)
        lower_layout.addLayout(filter_row)
        lower_layout.addWidget(self.rows_view, 1)
        splitter = QSplitter()
        splitter.setOrientation(splitter.orientation().Vertical)
        splitter.addWidget(self.mapping_box)
        splitter.addWidget(lower)
        splitter.setSizes([260, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        close.clicked.connect(self.accept)
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.run_import)
        self.refused_button.clicked.connect(self.save_refused)
        self.sheet.activated.connect(lambda _i: self.load(self.table.path if self.table else None))
        self.header_row.editingFinished.connect(self._header_row_changed)

    def _set_agencies(self, names: list[str]) -> None:
        self.agency_names = names
        completer = QCompleter(names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.agency.setCompleter(completer)

    # --- the file ---
    def choose_file(self) -> None:
        path = file_dialogs.open_file(
            self,
            "roster_import",
            _("Pilih daftar pegawai"),
            _("Lembar kerja (*.xlsx *.xlsm *.xls *.ods *.csv);;Semua berkas (*)"),
        )
        if path:
            self.load(path)

    def load(self, path: Path | None) -> None:
        if path is None:
            return
        sheet = self.sheet.currentText() if self.table and self.table.path == path else None

        def work():  # type: ignore[no-untyped-def]
            table = ri.read_table(path, sheet=sheet)
            try:
                return table, ri.detect_mapping(table), None
            except NoNameColumn as exc:
                return table, None, exc

        set_error(self.error, "")
        self._stale()
        self.file_label.setText(_("Membaca {name}…").format(name=path.name))
        self._runner.run(work, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, loaded) -> None:  # type: ignore[no-untyped-def]
        table, mapping, problem = loaded
        self.table, self.import_result = table, None
        self.file_label.setText(
            _("{name} — {rows} baris").format(name=table.name, rows=len(table.rows))
        )
        self.sheet.blockSignals(True)
        self.sheet.clear()
        self.sheet.addItems(table.sheets or [table.sheet])
        self.sheet.setCurrentText(table.sheet)
        self.sheet.blockSignals(False)
        if mapping is None:
            set_error(self.error, error_text(problem))
            header_row = next((i + 1 for i, r in enumerate(table.rows) if any(r)), 1)
            headers = [str(v or "") for v in table.rows[header_row - 1]] if table.rows else []
            mapping = ri.ColumnMapping({}, headers, header_row, header_row + 1, detected=False)
        self._show_mapping(mapping)
        self.check_button.setEnabled(True)
        if "full_name" in mapping.columns:
            self.check()

    def _stale(self) -> None:
        """What was checked no longer holds: nothing may be imported until checked again."""
        self.import_result = None
        self.import_button.setEnabled(False)
        self.refused_button.setEnabled(False)
        self.warning.hide()
        self._show_rows()

    def _header_row_changed(self) -> None:
        if self.table is None or self.mapping is None:
            return
        row = self.header_row.value()
        if row == self.mapping.header_row or row > len(self.table.rows):
            return
        self._show_mapping(ri.mapping_at(self.table, row))
        self._stale()
        if "full_name" in self.chosen_mapping().columns:
            self.check()
        else:
            self.summary.setText(_("Pilih kolom nama, lalu periksa semua baris."))

    def _show_mapping(self, mapping: ri.ColumnMapping) -> None:
        self.mapping = mapping
        self.header_row.setValue(max(1, mapping.header_row))
        while self.mapping_grid.count():
            item = self.mapping_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = []
        by_column = {index: key for key, index in mapping.columns.items()}
        for index, header in enumerate(mapping.headers):
            label = QLabel(f"{_column_letter(index)}: {header or _('(tanpa judul)')}")
            combo = QComboBox()
            combo.addItem(_("(abaikan)"), None)
            for spec in ri.FIELDS:
                combo.addItem(ri.field_label(spec.key), spec.key)
            combo.setCurrentIndex(max(0, combo.findData(by_column.get(index))))
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.combos.append(combo)
            row, col = divmod(index, 2)
            self.mapping_grid.addWidget(label, row, col * 2)
            self.mapping_grid.addWidget(combo, row, col * 2 + 1)

    def chosen_mapping(self) -> ri.ColumnMapping:
        assert self.mapping is not None
        columns: dict[str, int] = {}
        for index, combo in enumerate(self.combos):
            key = combo.currentData()
            if key and key not in columns:
                columns[key] = index
        return ri.ColumnMapping(
            columns,
            self.mapping.headers,
            self.mapping.header_row,
            self.mapping.data_start,
            detected=False,
        )

    def _mapping_changed(self) -> None:
        self._stale()
        self.summary.setText(_("Pemetaan diubah: periksa ulang sebelum mengimpor."))

    # --- check and import ---
    def _work(self, dry_run: bool):  # type: ignore[no-untyped-def]
        table, mapping = self.table, self.chosen_mapping()
        assert table is not None  # the buttons are enabled once a file is read
        agency = self.agency.text().strip() or None
        if "full_name" not in mapping.columns:
            raise NoNameColumn(_("Pilih kolom yang berisi nama pegawai (isian 'Nama')."))
        return lambda: ri.run_import(self._ctx, table, mapping, agency=agency, dry_run=dry_run)

    def check(self) -> None:
        try:
            work = self._work(dry_run=True)
        except NoNameColumn as exc:
            set_error(self.error, error_text(exc))
            return
        set_error(self.error, "")
        self._stale()
        self.summary.setText(_("Memeriksa…"))
        self._runner.run(work, on_done=self._checked, on_error=self._failed)

    def _show_rows(self) -> None:
        self.rows_model.reload()
        for column, width in enumerate((50, 300, 170, 80)):
            self.rows_view.setColumnWidth(column, width)

    def _checked(self, result: ri.ImportResult) -> None:
        self.import_result = result
        self._show_rows()
        self.summary.setText(self._describe(result, _("Bila diimpor")))
        if result.no_identifier_column:
            self.warning.setText(self._no_identifier_text())
            self.warning.show()
        self.import_button.setEnabled(result.added + result.updated > 0)
        self.refused_button.setEnabled(bool(result.refused))

    @staticmethod
    def _no_identifier_text() -> str:
        return _(
            "Tidak ada kolom NIP, NI PPPK atau NIK di berkas ini. Orang hanya dikenali dari "
            "namanya: bila diimpor lagi dari berkas lain, orang yang sama bisa tercatat dua kali. "
            "Bila ada kolom nomor induk, pilih kolomnya di atas."
        )

    def run_import(self) -> None:
        try:
            work = self._work(dry_run=False)
        except NoNameColumn as exc:
            set_error(self.error, error_text(exc))
            return
        checked = self.import_result
        if (
            checked is not None
            and checked.no_identifier_column
            and not confirm(
                self,
                _("Impor tanpa NIP/NIK?"),
                self._no_identifier_text(),
                _("Impor juga"),
            )
        ):
            return
        self.import_button.setEnabled(False)
        self.summary.setText(_("Mengimpor…"))
        self._runner.run(work, on_done=self._imported, on_error=self._failed)

    def _imported(self, result: ri.ImportResult) -> None:
        self.import_result = result
        self.imported = True
        self._show_rows()
        self.summary.setText(self._describe(result, _("Diimpor")))
        self.refused_button.setEnabled(bool(result.refused))

    def _describe(self, result: ri.ImportResult, lead: str) -> str:
        counts = result.counts()
        text = _(
            "{lead}: {added} ditambah, {updated} diperbarui, {unchanged} tetap, {refused} "
            "ditolak; {skipped} baris dilewati (judul, jumlah, tanda tangan)."
        ).format(lead=lead, **counts)
        if result.agencies_created:
            text += " " + _("Instansi baru: {names}.").format(
                names=", ".join(result.agencies_created)
            )
        if result.flagged:
            text += " " + _("{n} baris diterima dengan catatan.").format(n=len(result.flagged))
        return text

    def shown_rows(self) -> list[Any]:
        """The rows of the preview the filter keeps, in the sheet's order."""
        if self.import_result is None:
            return []
        keep = FILTERS[max(0, self.outcome_filter.currentIndex())][1]
        return [r for r in self.import_result.all_rows() if keep(r)]

    def save_refused(self) -> None:
        if self.import_result is None:
            return
        path = file_dialogs.save_file(
            self,
            "refused_rows",
            _("Simpan baris yang ditolak"),
            "baris-ditolak.xlsx",
            _("Excel (*.xlsx);;CSV (*.csv)"),
            suffix=".xlsx",
            also=(".csv",),
        )
        if path is None:
            return
        result = self.import_result
        self._runner.run(
            lambda: ri.export_refused(result, path),
            on_done=lambda n: show_info(
                self,
                _("Tersimpan"),
                _(
                    "{n} baris ditolak disimpan di {path}. Kirimkan ke instansi untuk diperbaiki."
                ).format(n=n, path=path),
            ),
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        set_error(self.error, error_text(exc))
        if self.table is None:
            self.file_label.setText(_("Belum ada berkas."))
        self.check_button.setEnabled(self.table is not None)


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters

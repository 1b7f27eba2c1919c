"""The events list: filters by period, kecamatan, audience and organiser, a search, the
table (paged from SQL), and the buttons to add, change or delete an event."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.roles import Permission
from netral_desktop.core.sosialisasi import Organiser
from netral_desktop.i18n import _
from netral_desktop.services import sosialisasi
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.date_field import DateField
from netral_desktop.ui.empty_state import EmptyHint
from netral_desktop.ui.paged_table_model import Column, PagedTableModel
from netral_desktop.ui.pages.pledges.common import allowed, when_text
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import data_table, number

# Periods offered, by key: (label, first day, last day) from today.
PERIODS = ("all", "month", "quarter", "year", "custom")


def day_text(starts_at: datetime) -> str:
    from babel.dates import format_date

    from netral_desktop.i18n import current_language

    return format_date(starts_at, "d MMM y", locale=current_language())


def participants_text(row: sosialisasi.EventRow) -> str:
    """The count of people for a held event; "rencana" for one not (yet) marked held."""
    if not row.held:
        return _("rencana")
    return "—" if row.participants is None else number(row.participants)


class ListPanel(QWidget):
    """The left side of the page."""

    event_chosen = Signal(str)

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.period = QComboBox()
        self.period.setObjectName("period")
        for key, label in (
            ("all", _("Semua waktu")),
            ("month", _("Bulan ini")),
            ("quarter", _("3 bulan terakhir")),
            ("year", _("Tahun ini")),
            ("custom", _("Pilih tanggal…")),
        ):
            self.period.addItem(label, key)
        today = date.today()
        # Calendars in the program's language; digits can still be typed (ui/date_field.py).
        self.since = DateField()
        self.until = DateField()
        self.since.set_value(today - timedelta(days=30))
        self.until.set_value(today)
        for edit in (self.since, self.until):
            edit.words.setVisible(False)  # two dates in a filter row: the field says enough
            edit.setVisible(False)
        self.kecamatan = QComboBox()
        self.kecamatan.setObjectName("kecamatanFilter")
        self.audience = QComboBox()
        self.audience.setObjectName("audienceFilter")
        self.organiser = QComboBox()
        self.organiser.setObjectName("organiserFilter")
        self.organiser.addItem(_("Semua penyelenggara"), "")
        for kind in Organiser:
            self.organiser.addItem(kind.label, kind.value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Cari kegiatan, tempat atau mitra"))
        self.search.setClearButtonEnabled(True)
        self.set_choices(sosialisasi.Choices(terms=None, kecamatan=[], segments=[]))

        self.events = PagedTableModel(
            [
                Column(
                    _("Tanggal"),
                    lambda e: day_text(e.starts_at),
                    tooltip=lambda e: when_text(e.starts_at),
                ),
                Column(_("Kegiatan"), lambda e: e.title, tooltip=lambda e: f"{e.title}\n{e.place}"),
                Column(_("Wilayah"), lambda e: e.kecamatan_name),
                Column(
                    _("Peserta"),
                    lambda e: participants_text(e),
                    align_right=True,
                ),
            ],
            fetch=lambda page: sosialisasi.list_events(
                ctx, **self.filters(), limit=page.limit, offset=page.offset
            ),
            parent=self,
            runner=runner,
        )
        self.table = data_table(self.events, "sosialisasiTable")
        self.count_label = QLabel()
        self.new_button = QPushButton(_("Kegiatan baru…"))
        self.edit_button = QPushButton(_("Ubah…"))
        self.delete_button = QPushButton(_("Hapus…"))
        self.can_write = allowed(ctx, Permission.SOSIALISASI_WRITE)
        self.new_button.setEnabled(self.can_write)
        self._update_buttons()  # Ubah/Hapus need a chosen event
        self.empty_hint = EmptyHint(self.table, self._empty_text)

        filters = QGridLayout()
        filters.addWidget(self.period, 0, 0)
        filters.addWidget(self.kecamatan, 0, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(self.until)
        filters.addLayout(dates, 1, 0, 1, 2)
        filters.addWidget(self.audience, 2, 0)
        filters.addWidget(self.organiser, 2, 1)
        filters.addWidget(self.search, 3, 0, 1, 2)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(buttons)

        self.period.currentIndexChanged.connect(self._period_changed)
        for combo in (self.kecamatan, self.audience, self.organiser):
            combo.currentIndexChanged.connect(self.reload)
        self.since.changed.connect(self.reload)
        self.until.changed.connect(self.reload)
        self.search.textChanged.connect(self.reload)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.events.loaded.connect(self._loaded)
        self.events.modelReset.connect(self._update_buttons)

    def set_choices(self, choices: sosialisasi.Choices) -> None:
        """Fill the kecamatan and audience filters (loaded by the page off the GUI thread),
        keeping what is chosen."""
        kecamatan_word = choices.terms.kecamatan if choices.terms else _("Kecamatan")
        for combo, everything, items in (
            (
                self.kecamatan,
                _("Semua {kecamatan}").format(kecamatan=kecamatan_word.lower()),
                [(code, f"{kecamatan_word} {name}") for code, name in choices.kecamatan],
            ),
            (
                self.audience,
                _("Semua sasaran"),
                [(segment.id, segment.name) for segment in choices.segments],
            ),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for value, label in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
            combo.blockSignals(False)

    def filters(self) -> dict[str, Any]:
        """The list's filters as ``list_events`` takes them."""
        since, until = self.period_bounds()
        return {
            "since": since,
            "until": until,
            "kecamatan_code": self.kecamatan.currentData() or None,
            "audience_id": self.audience.currentData() or None,
            "organiser": self.organiser.currentData() or None,
            "query": self.search.text(),
        }

    def period_bounds(self) -> tuple[date | None, date | None]:
        key = self.period.currentData()
        today = date.today()
        if key == "month":
            return today.replace(day=1), None
        if key == "quarter":
            return today - timedelta(days=91), None
        if key == "year":
            return today.replace(month=1, day=1), None
        if key == "custom":
            return self.since.value(), self.until.value()  # type: ignore[return-value]
        return None, None

    def _period_changed(self) -> None:
        custom = self.period.currentData() == "custom"
        self.since.setVisible(custom)
        self.until.setVisible(custom)
        self.reload()

    def reload(self) -> None:
        self.events.reload()

    def _loaded(self) -> None:
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        shown = self.events.rowCount()
        more = "+" if self.events.canFetchMore() else ""
        self.count_label.setText(_("{n} kegiatan").format(n=f"{number(shown)}{more}"))

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.can_write and self.table.selectionModel().hasSelection()
        self.edit_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _empty_text(self) -> str:
        chosen = self.filters()
        if any(chosen[key] for key in ("kecamatan_code", "audience_id", "organiser", "query")):
            return _(
                "Tidak ada kegiatan yang cocok dengan saringan ini. Ubah wilayah, sasaran, "
                "penyelenggara atau pencarian."
            )
        if self.period.currentData() != "all":
            return _(
                "Tidak ada kegiatan pada periode ini. Pilih «Semua waktu» untuk melihat semua "
                "kegiatan."
            )
        if self.can_write:
            return _(
                "Belum ada kegiatan sosialisasi. Pilih «Kegiatan baru…» untuk mencatat yang "
                "pertama."
            )
        return _("Belum ada kegiatan sosialisasi yang dicatat.")

    def selected(self) -> sosialisasi.EventRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.events.row_object(rows[0].row()) if rows else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.events.row_object(current.row())
        if row is not None:
            self.event_chosen.emit(row.id)

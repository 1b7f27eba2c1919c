"""The events list: upcoming, past or all, searched by title or place, with each event's
present and invited counts, and the buttons to add, change or delete an event."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import pledge
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.empty_state import EmptyHint
from netral_desktop.ui.paged_table_model import Column, PagedTableModel
from netral_desktop.ui.pages.pledges.common import allowed, when_text
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import data_table, number


class EventsPanel(QWidget):
    """The left side of the page: filters, the events table, new / change / delete."""

    event_chosen = Signal(str)  # the id of the event made current in the table

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.when = QComboBox()
        self.when.setObjectName("eventsWhen")
        for value, label in (
            ("upcoming", _("Akan datang")),
            ("past", _("Sudah lewat")),
            ("all", _("Semua")),
        ):
            self.when.addItem(label, value)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Cari acara atau tempat"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(120)  # the placeholder is read whole at the initial split
        self.events = PagedTableModel(
            [
                Column(_("Tanggal"), lambda e: when_text(e.starts_at)),
                Column(_("Acara"), lambda e: e.title, tooltip=lambda e: e.organiser),
                Column(
                    _("Hadir"),
                    lambda e: f"{number(e.present)}/{number(e.invitees)}",
                    align_right=True,
                ),
            ],
            fetch=lambda page: pledge.list_events(
                ctx,
                when=self.when.currentData(),
                query=self.search.text(),
                limit=page.limit,
                offset=page.offset,
            ),
            parent=self,
            runner=runner,
        )
        self.events_table = data_table(self.events, "eventsTable")
        self.empty_hint = EmptyHint(self.events_table, self._empty_text)
        self.new_button = QPushButton(_("Acara baru…"))
        self.edit_button = QPushButton(_("Ubah…"))
        self.delete_button = QPushButton(_("Hapus…"))
        can_write = allowed(ctx, Permission.PLEDGE_WRITE)
        for button in (self.new_button, self.edit_button, self.delete_button):
            button.setEnabled(can_write)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.when)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        layout.addLayout(filters)
        layout.addWidget(self.events_table, 1)
        layout.addLayout(buttons)

        self.when.currentIndexChanged.connect(self.events.reload)
        self.search.textChanged.connect(self.events.reload)
        self.events_table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.events.loaded.connect(self._size_columns)

    def _size_columns(self) -> None:
        # The title takes what is left, elided, so the list never scrolls sideways and the
        # present/invited figures stay in view at any width of the splitter.
        header = self.events_table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    def reload(self) -> None:
        self.events.reload()

    def _empty_text(self) -> str:
        if self.search.text().strip():
            return _("Tidak ada acara yang cocok dengan pencarian.")
        if self.when.currentData() == "upcoming":
            return _(
                "Tidak ada acara yang akan datang. Pilih «Acara baru…» untuk membuatnya, atau "
                "«Sudah lewat» di atas untuk melihat acara yang lalu."
            )
        if self.when.currentData() == "past":
            return _("Belum ada acara yang sudah lewat.")
        return _("Belum ada acara ikrar. Pilih «Acara baru…» untuk membuatnya.")

    def selected(self) -> pledge.EventRow | None:
        rows = self.events_table.selectionModel().selectedRows()
        return self.events.row_object(rows[0].row()) if rows else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.events.row_object(current.row())
        if row is None:
            return
        self.event_chosen.emit(row.id)

"""Log audit: every change, who made it and when, and a check of the hash chain."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.i18n import _
from netral_desktop.services import audit_query
from netral_desktop.services.audit_query import EntryText
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.chain_status import ChainStatus
from netral_desktop.ui.paged_table_model import Column, PagedTableModel
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import data_table


class AuditPage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self.search = QLineEdit()
        self.search.setObjectName("auditSearch")
        self.search.setPlaceholderText(
            _("Saring: pengguna, tindakan, jenis rekaman, nama, NIP, judul acara, catatan")
        )
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.verify_button = QPushButton(_("Periksa keutuhan"))

        self.model = PagedTableModel(
            [
                Column(_("No."), lambda e: e.seq, align_right=True),
                Column(_("Waktu"), lambda e: e.when, tooltip=lambda e: e.when),
                Column(_("Oleh"), lambda e: e.actor),
                Column(_("Tindakan"), lambda e: e.action),
                Column(_("Jenis rekaman"), lambda e: e.kind),
                Column(_("Rekaman"), lambda e: e.record, tooltip=lambda e: e.record),
                # The note and the changes share the last column: every column stays on a
                # 1280-pixel screen, the whole text is in the tooltip and the panel below.
                Column(_("Rincian"), lambda e: e.details(), tooltip=lambda e: e.details()),
            ],
            fetch=lambda page: audit_query.described_page(
                ctx, offset=page.offset, limit=page.limit, text=self.search.text()
            ),
            parent=self,
            runner=runner,
        )
        self.table = data_table(self.model, "auditTable")
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(_("Pilih satu entri untuk melihat nilai lama dan baru."))

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.verify_button)
        splitter = QSplitter()
        splitter.setOrientation(splitter.orientation().Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([600, 120])
        splitter.setStretchFactor(0, 3)  # the entries get the room; the detail a few lines
        splitter.setStretchFactor(1, 1)
        # Whether the log and the sealed rows were changed behind the program's back.
        self.chain_status = ChainStatus(ctx, runner)
        layout = QVBoxLayout(self)
        layout.addWidget(self.chain_status)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._debounce.start)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.verify_button.clicked.connect(self.verify)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.chain_status.check()  # each time the page is opened, not on every search

    def refresh(self) -> None:
        self.model.reload()
        text = self.search.text()
        self._runner.run(
            lambda: audit_query.described_count(self._ctx, text=text),
            on_done=lambda n: self.count_label.setText(_("{n} entri").format(n=n)),
        )
        widths = ((0, 56), (1, 150), (2, 90), (3, 160), (4, 110), (5, 260))
        for column, width in widths:
            self.table.setColumnWidth(column, width)

    def _show_detail(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        entry: EntryText | None = self.model.row_object(current.row())
        if entry is None:
            self.detail.clear()
            return
        self.detail.setPlainText(entry_details(entry))

    def verify(self) -> None:
        """Check the chain and the seals again; the banner at the top shows the outcome."""
        self.chain_status.check()


def entry_details(entry: EntryText) -> str:
    """An entry in full: who, when, what to which record, each change by field label."""
    lines = [
        _("Entri #{seq} oleh {actor}, {time}").format(
            seq=entry.seq, actor=entry.actor, time=f"{entry.when} {entry.time_zone}".strip()
        ),
        _("Tindakan: {action} pada {table} {record}")
        .format(action=entry.action, table=entry.kind, record=entry.record)
        .rstrip(),
    ]
    if entry.note:
        lines.append(_("Catatan: {note}").format(note=entry.note))
    for change in entry.changes:
        lines.append(f"  {change.field}: {change.old} → {change.new}")
    lines.append(_("Hash: {hash}").format(hash=entry.entry.hash))
    return "\n".join(lines)

"""Log audit: every change, who made it and when, and a check of the hash chain."""

from __future__ import annotations

import json

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

from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.i18n import _
from netral_desktop.services import audit_query
from netral_desktop.services.audit_query import AuditRow
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.office import format_local_time
from netral_desktop.ui.chain_status import ChainStatus
from netral_desktop.ui.labels import action_label, table_label
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
        self.search.setPlaceholderText(_("Saring: pengguna, tindakan, tabel atau id rekaman"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.verify_button = QPushButton(_("Periksa keutuhan"))

        self.model = PagedTableModel(
            [
                Column(_("No."), lambda e: e.seq, align_right=True),
                Column(_("Waktu"), lambda e: self._time(e.at)),
                Column(_("Oleh"), lambda e: e.actor),
                Column(_("Tindakan"), lambda e: action_label(e.action)),
                Column(_("Jenis rekaman"), lambda e: table_label(e.table_name)),
                Column(_("Rekaman"), lambda e: e.record_id),
                Column(_("Catatan"), lambda e: e.note),
            ],
            fetch=lambda page: audit_query.page(
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
        splitter.setSizes([400, 160])
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

    def _time(self, at: str) -> str:
        return format_local_time(self._ctx, parse_iso_utc(at), "d MMM y HH:mm:ss")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.chain_status.check()  # each time the page is opened, not on every search

    def refresh(self) -> None:
        self.model.reload()
        text = self.search.text()
        self._runner.run(
            lambda: audit_query.count(self._ctx, text=text),
            on_done=lambda n: self.count_label.setText(_("{n} entri").format(n=n)),
        )
        for column, width in ((0, 60), (1, 170), (2, 110), (3, 170), (4, 110), (5, 150)):
            self.table.setColumnWidth(column, width)

    def _show_detail(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        entry: AuditRow | None = self.model.row_object(current.row())
        if entry is None:
            self.detail.clear()
            return
        lines = [
            _("Entri #{seq} oleh {actor}, {time}").format(
                seq=entry.seq, actor=entry.actor, time=self._time(entry.at)
            ),
            _("Tindakan: {action} pada {table} {record}").format(
                action=action_label(entry.action),
                table=table_label(entry.table_name),
                record=entry.record_id,
            ),
        ]
        old = json.loads(entry.old_values) if entry.old_values else {}
        new = json.loads(entry.new_values) if entry.new_values else {}
        for key in sorted(set(old) | set(new)):
            lines.append(f"  {key}: {old.get(key, '—')!s} → {new.get(key, '—')!s}")
        lines.append(_("Hash: {hash}").format(hash=entry.hash))
        self.detail.setPlainText("\n".join(lines))

    def verify(self) -> None:
        """Check the chain and the seals again; the banner at the top shows the outcome."""
        self.chain_status.check()

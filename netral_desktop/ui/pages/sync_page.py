"""Sinkronisasi: sending bundles to the province (district) and taking them in (province).

* **Kirim ke provinsi** (koordinator, admin): write the next bundle onto a stick with a
  progress bar and a cancel button; the window says the stick may be removed only once the
  bundle was read back and verified; import the province's receipt; the bundles written.
* **Terima bundel** (province, or an office hub): import a bundle (or try it first), the
  report, the reports kept, and the conflicts waiting, each decided here.
* **Ringkasan provinsi**: every office heard from, its last bundle, gaps, rows and
  attachments received, its audit chain head and conflicts waiting.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.errors import NetralError
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.i18n import _
from netral_desktop.services import sync_bundle_io, sync_export, sync_import, sync_receipts
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.pages.sync_tables import fill_table, office_zone_of, sync_table, when_text
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import number, show_error

if TYPE_CHECKING:
    from netral_desktop.ui.pages.trust_tab import DistrictTrustTab, ProvinceTrustTab


def _short_office_name(name: str) -> str:
    """The name without its "Bawaslu " ("Kabupaten Bantul"): every office in the overview is
    a Bawaslu; the rest is what tells them apart in a narrow column."""
    return name.removeprefix("Bawaslu ").strip() or name


def _label(conflict: sync_import.Conflict) -> str:
    """What a person recognises the record by: its name or title, else its id."""
    data = conflict.incoming.get("data", {})
    for key in ("full_name", "name", "title", "original_name", "number"):
        value = data.get(key)
        if isinstance(value, str) and value:
            return value
    return conflict.row_id


class _Progress(QObject):
    """Carries the worker's progress to the GUI thread (a queued signal)."""

    moved = Signal(int, int)


def _trust_refusal(ctx: ServiceContext) -> str:
    """Why this office cannot send yet, as the export would refuse it: "no_trust" (no trust
    file held), "trust_tampered" (the one held fails its pin), else "" (held, or nothing to
    tell now, e.g. a locked key store: the export then says what is wrong)."""
    from netral_desktop.services import trust

    try:
        held = trust.held_trust(ctx, sync_bundle_io.office_keys(ctx))
    except NetralError as exc:
        return exc.code if exc.code == "trust_tampered" else ""
    return "no_trust" if held is None else ""


def _code(exc: BaseException) -> str:
    return exc.code if isinstance(exc, NetralError) else ""


class SendTab(QWidget):
    """The district's side: the next bundle onto a stick, and the province's receipts."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner) -> None:
        super().__init__()
        self._ctx, self._runner = ctx, runner
        self._zone = office_zone_of(ctx)
        assert ctx.actor is not None
        self._manages_keys = has_permission(ctx.actor.role, Permission.MANAGE_KEYS)
        self._cancel = threading.Event()
        self.summary = QLabel()
        self.summary.setObjectName("sendSummary")
        self.summary.setWordWrap(True)
        self.export_button = QPushButton(_("Buat bundel ke flashdisk…"))
        self.export_button.setObjectName("exportBundle")
        self.cancel_button = QPushButton(_("Batal"))
        self.cancel_button.setObjectName("cancelExport")
        self.cancel_button.setEnabled(False)
        self.receipt_button = QPushButton(_("Impor tanda terima…"))
        self.receipt_button.setObjectName("importReceipt")
        self.progress = QProgressBar()
        self.progress.setObjectName("exportProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setFormat(_("%p%"))
        self.status = QLabel()
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        # Room for the two lines a long stick path takes, whatever the table below wants.
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 3)
        self.bundles = sync_table(
            "bundleTable",
            [_("No."), _("Berkas"), _("Dibuat"), _("Baris"), _("Lampiran"), _("Diakui provinsi")],
            stretch=1,
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.receipt_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(_("Bundel yang sudah dibuat")))
        layout.addWidget(self.bundles, 1)
        self._signals = _Progress()
        self._signals.moved.connect(self._moved)
        self.export_button.clicked.connect(self.choose_and_export)
        self.cancel_button.clicked.connect(self._cancel.set)
        self.receipt_button.clicked.connect(self.choose_receipt)

    def refresh(self) -> None:
        ctx = self._ctx
        self._runner.run(
            lambda: (sync_export.status(ctx), sync_export.exports(ctx), _trust_refusal(ctx)),
            on_done=self._show,
        )

    def _show(
        self, found: tuple[sync_export.ExportStatus, list[sync_export.ExportRow], str]
    ) -> None:
        state, rows, refusal = found
        if state.last_seq == 0:
            text = _(
                "Belum ada bundel yang dibuat. Bundel pertama membawa semua data kantor; "
                "berikutnya hanya yang belum diakui tanda terima provinsi."
            )
        else:
            text = _(
                "Bundel terakhir nomor {seq}; tanda terima provinsi terakhir untuk nomor "
                "{ack}; {waiting} bundel menunggu tanda terima (isinya ikut lagi di bundel "
                "berikutnya)."
            ).format(seq=state.last_seq, ack=state.acknowledged_seq or "—", waiting=state.waiting)
        told = self._no_trust_text(refusal)
        if told is not None:  # said before the person tries, not only after a refusal
            text = told + "\n" + text
        self.summary.setText(text)
        # Without the province's key no bundle can be written: the button waits for it (the
        # summary says why) rather than fail when pressed. Not while an export runs.
        exporting = self.cancel_button.isEnabled()
        self.export_button.setEnabled(not exporting and told is None)
        self.export_button.setToolTip(told or "")
        fill_table(
            self.bundles,
            [
                [
                    r.seq,
                    r.file_name or _("(tidak jadi ditulis)"),
                    when_text(r.created_at, self._zone),
                    r.rows,
                    r.files,
                    when_text(r.acknowledged_at, self._zone) if r.acknowledged_at else _("belum"),
                ]
                for r in rows
            ],
        )

    def choose_and_export(self) -> None:
        folder = file_dialogs.choose_folder(
            self, "bundle_export", _("Pilih folder flashdisk untuk bundel")
        )
        if folder is not None:
            self.export_to(folder)

    def export_to(self, folder: Path) -> None:
        self._cancel.clear()
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setValue(0)
        self.status.setText(_("Menulis bundel ke {folder}…").format(folder=folder))
        ctx, signals, cancel = self._ctx, self._signals, self._cancel

        def work() -> sync_export.ExportResult:
            return sync_export.export_bundle(
                ctx,
                folder,
                writer=sync_bundle_io.make_writer(ctx),
                progress=lambda done, total: signals.moved.emit(
                    int(done * 1000 / total) if total else 0, 1000
                ),
                cancel=cancel.is_set,
            )

        self._runner.run(work, on_done=self._exported, on_error=self._failed)

    def _moved(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _exported(self, result: sync_export.ExportResult) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setValue(self.progress.maximum())
        self.status.setText(
            _(
                "Bundel nomor {seq} ditulis ke {path} ({rows} baris, {files} lampiran), lalu "
                "dibaca ulang dan diperiksa: flashdisk boleh dicabut."
            ).format(seq=result.seq, path=result.path, rows=number(result.rows), files=result.files)
        )
        self.refresh()

    def _failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setValue(0)
        if self._cancel.is_set():
            self.status.setText(_("Dibatalkan. Tidak ada bundel yang ditulis."))
        elif (told := self._no_trust_text(_code(exc))) is not None:
            # Nothing was written (the province's key is needed before anything else).
            self.status.setText(told)
            show_error(self, NetralError(told), _("Bundel belum dapat dibuat"))
        else:
            self.status.setText(_("Bundel tidak ditulis. Flashdisk jangan dipakai dulu."))
            show_error(self, exc)
        self.refresh()

    def _no_trust_text(self, code: str) -> str | None:
        """The window's words for a sync refused for want of the trust file (``code``), which
        point to the Kepercayaan tab where the service's name the command line."""
        from netral_desktop.ui.pages.trust_tab import no_trust_message

        return no_trust_message(code, can_manage_keys=self._manages_keys)

    def choose_receipt(self) -> None:
        path = file_dialogs.open_file(
            self, "receipt", _("Pilih tanda terima provinsi"), _("Tanda terima (*.receipt)")
        )
        if path is not None:
            ctx = self._ctx
            self._runner.run(
                lambda: sync_receipts.import_receipt(ctx, path),
                on_done=self._receipt_done,
                on_error=self._receipt_failed,
            )

    def _receipt_failed(self, exc: BaseException) -> None:
        told = self._no_trust_text(_code(exc))
        if told is None:
            show_error(self, exc)
        else:
            self.status.setText(told)
            show_error(self, NetralError(told), _("Tanda terima belum dapat diperiksa"))

    def _receipt_done(self, result: sync_receipts.ReceiptResult) -> None:
        self.status.setText(result.describe())
        self.refresh()


class ReceiveTab(QWidget):
    """Taking bundles in: the report, the reports kept, and conflicts to decide."""

    changed = Signal()  # a bundle merged or a conflict decided

    def __init__(self, ctx: ServiceContext, runner: TaskRunner) -> None:
        super().__init__()
        self._ctx, self._runner = ctx, runner
        self._zone = office_zone_of(ctx)
        self._conflicts: list[sync_import.Conflict] = []
        self.import_button = QPushButton(_("Impor bundel…"))
        self.import_button.setObjectName("importBundle")
        self.dry_run = QCheckBox(_("Uji coba saja (tidak menyimpan apa pun)"))
        self.report = QPlainTextEdit()
        self.report.setObjectName("importReport")
        self.report.setReadOnly(True)
        self.report.setMaximumHeight(90)
        self.reports = sync_table(
            "reportTable",
            [
                _("Digabung"),
                _("Kantor"),
                _("No."),
                _("Baru"),
                _("Diperbarui"),
                _("Tetap"),
                _("Dihapus"),
                _("Konflik"),
                _("Berkas"),
            ],
            stretch=1,
        )
        self.conflict_table = sync_table(
            "conflictTable", [_("Jenis"), _("Tabel"), _("Dari"), _("Ditemukan"), _("Rekaman")]
        )
        self.conflict_table.setMinimumWidth(420)
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("conflictDetail")
        self.detail.setReadOnly(True)
        self.keep_local = QPushButton(_("Pakai versi di sini"))
        self.keep_local.setObjectName("keepLocal")
        self.take_incoming = QPushButton(_("Pakai versi kiriman"))
        self.take_incoming.setObjectName("takeIncoming")
        for button in (self.keep_local, self.take_incoming):
            button.setEnabled(False)

        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(self.dry_run)
        top.addStretch(1)
        decide = QHBoxLayout()
        decide.addStretch(1)
        decide.addWidget(self.keep_local)
        decide.addWidget(self.take_incoming)
        conflicts = QWidget()
        box = QVBoxLayout(conflicts)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(_("Konflik menunggu keputusan")))
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.conflict_table)
        split.addWidget(self.detail)
        split.setSizes([520, 420])
        box.addWidget(split, 1)
        box.addLayout(decide)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.report)
        layout.addWidget(QLabel(_("Laporan impor")))
        layout.addWidget(self.reports, 1)
        layout.addWidget(conflicts, 2)
        self.import_button.clicked.connect(self.choose_and_import)
        self.conflict_table.itemSelectionChanged.connect(self._show_conflict)
        self.keep_local.clicked.connect(lambda: self._decide(0))
        self.take_incoming.clicked.connect(lambda: self._decide(1))

    def refresh(self) -> None:
        ctx = self._ctx
        self._runner.run(
            lambda: (sync_import.reports(ctx), sync_import.conflicts(ctx)), on_done=self._show
        )

    def _show(self, found: tuple[list[sync_import.ImportReport], list[Any]]) -> None:
        reports, self._conflicts = found
        fill_table(
            self.reports,
            [
                [
                    when_text(r.imported_at, self._zone),
                    r.office_code,
                    r.seq,
                    r.total(sync_import.NEW),
                    r.total(sync_import.UPDATED),
                    r.total(sync_import.UNCHANGED),
                    r.total(sync_import.TOMBSTONED),
                    r.total(sync_import.CONFLICTING),
                    r.files_new,
                ]
                for r in reports
            ],
        )
        kinds = {
            "edit": _("dua suntingan"),
            "person": _("orang yang sama?"),
            "unique": _("nilai kembar"),
        }
        fill_table(
            self.conflict_table,
            [
                [
                    kinds.get(c.kind, c.kind),
                    c.table_name,
                    f"{c.source} #{c.seq}",
                    when_text(c.detected_at, self._zone),
                    _label(c),
                ]
                for c in self._conflicts
            ],
        )
        self.detail.setPlainText("")
        self._show_conflict()

    def _selected(self) -> sync_import.Conflict | None:
        rows = self.conflict_table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._conflicts):
            return None
        return self._conflicts[rows[0].row()]

    def _show_conflict(self) -> None:
        conflict = self._selected()
        for button in (self.keep_local, self.take_incoming):
            button.setEnabled(conflict is not None)
        if conflict is None:
            return
        if conflict.kind == "person":
            self.keep_local.setText(_("Orang yang sama"))
            self.take_incoming.setText(_("Orang berbeda"))
            head = _(
                "Orang kiriman {office} dikenali sebagai orang yang sudah tercatat ({other}) "
                "menurut {basis}."
            ).format(office=conflict.source, other=conflict.other_id, basis=conflict.basis)
        else:
            self.keep_local.setText(_("Pakai versi di sini"))
            self.take_incoming.setText(_("Pakai versi kiriman"))
            head = _("Versi di sini | versi kiriman {office}:").format(office=conflict.source)
        lines = [head]
        for column, mine, theirs in conflict.differences():
            lines.append(f"{column}: {mine!r} | {theirs!r}")
        self.detail.setPlainText("\n".join(lines))

    def _decide(self, index: int) -> None:
        conflict = self._selected()
        if conflict is None:
            return
        choice = sync_import.CHOICES[conflict.kind][index]
        ctx = self._ctx
        self._runner.run(
            lambda: sync_import.resolve_conflict(ctx, conflict.id, choice),
            on_done=self._decided,
            on_error=lambda exc: show_error(self, exc),
        )

    def _decided(self, _result: object) -> None:
        self.refresh()
        self.changed.emit()

    def choose_and_import(self) -> None:
        path = file_dialogs.open_file(
            self, "bundle_import", _("Pilih bundel"), _("Bundel Netral (*.netral)")
        )
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        ctx, dry_run = self._ctx, self.dry_run.isChecked()
        self.report.setPlainText(_("Memeriksa dan menggabung {name}…").format(name=path.name))
        self._runner.run(
            lambda: sync_bundle_io.import_file(ctx, path, dry_run=dry_run),
            on_done=self._imported,
            on_error=self._failed,
        )

    def _imported(self, done: sync_bundle_io.FileImport) -> None:
        text = done.report.describe()
        if done.receipt is not None:
            text += "\n" + _("Tanda terima ditulis: {path}").format(path=done.receipt)
        self.report.setPlainText(text)
        self.refresh()
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.report.setPlainText(_("Bundel ditolak, tidak ada yang disimpan:") + f"\n{exc}")
        show_error(self, exc)


class OverviewTab(QWidget):
    """The province overview: every office heard from."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner) -> None:
        super().__init__()
        self._ctx, self._runner = ctx, runner
        self._zone = office_zone_of(ctx)
        self.summary = QLabel()
        self.table = sync_table(
            "overviewTable",
            [
                _("Kantor"),
                _("Nama"),
                _("Bundel"),
                _("Dibuat ({zone})").format(zone=self._zone[1]),
                _("Digabung ({zone})").format(zone=self._zone[1]),
                _("Tidak diterima"),
                _("Baris"),
                _("Lampiran"),
                _("Ujung log audit"),
                _("Konflik"),
                _("Lewat batas"),
            ],
            stretch=1,
        )
        overdue_header = self.table.horizontalHeaderItem(10)
        assert overdue_header is not None
        overdue_header.setToolTip(
            _("Perkara yang masih terbuka dan sudah lewat batas waktu yang dihitung kantor itu")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def refresh(self) -> None:
        ctx = self._ctx
        self._runner.run(lambda: sync_import.overview(ctx), on_done=self._show)

    def _show(self, rows: list[sync_import.DistrictStatus]) -> None:
        waiting = sum(r.conflicts_waiting for r in rows)
        overdue = sum(r.overdue_cases for r in rows)
        self.summary.setText(
            _(
                "{offices} kantor mengirim bundel; {conflicts} konflik menunggu keputusan; "
                "{overdue} perkara lewat batas waktu."
            ).format(offices=len(rows), conflicts=waiting, overdue=overdue)
        )
        fill_table(
            self.table,
            [
                [
                    r.office_code,
                    _short_office_name(r.office_name),
                    r.last_seq,
                    when_text(r.last_created_at, self._zone, label=False),
                    when_text(r.last_imported_at, self._zone, label=False),
                    ", ".join(str(s) for s in r.missing_seqs) or "—",
                    r.rows_received,
                    r.files_received,
                    f"{r.chain_seq} · {r.chain_mac[:12]}",
                    r.conflicts_waiting,
                    r.overdue_cases,
                ]
                for r in rows
            ],
        )


class SyncPage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        assert ctx.actor is not None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("syncTabs")
        self.send: SendTab | None = None
        self.receive: ReceiveTab | None = None
        self.overview: OverviewTab | None = None
        self.trust: DistrictTrustTab | ProvinceTrustTab | None = None
        role = ctx.actor.role
        province = current_office(ctx).mode == "province"
        if not province and has_permission(role, Permission.BUNDLE_EXPORT):
            self.send = SendTab(ctx, runner)
            self.tabs.addTab(self.send, _("Kirim ke provinsi"))
        if has_permission(role, Permission.BUNDLE_IMPORT):
            # A district takes in its field laptops' bundles here too (an office hub).
            self.receive = ReceiveTab(ctx, runner)
            self.tabs.addTab(self.receive, _("Terima bundel"))
            if province:
                self.overview = OverviewTab(ctx, runner)
                self.tabs.addTab(self.overview, _("Ringkasan provinsi"))
                self.receive.changed.connect(self.overview.refresh)
        if has_permission(role, Permission.MANAGE_KEYS):
            from netral_desktop.ui.pages.trust_tab import trust_tab

            self.trust = trust_tab(ctx, runner)
            self.tabs.addTab(self.trust, _("Kepercayaan"))
            if self.send is not None:
                self.trust.changed.connect(self.send.refresh)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        for tab in (self.send, self.receive, self.overview, self.trust):
            if tab is not None:
                tab.refresh()

"""Ikrar: pledge ceremonies. The events list, and for the chosen event its invitees, live
attendance counts, keyboard-first marking at the door, documents and the signed scans."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.core.ikrar import AttendanceStatus
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.i18n import _
from netral_desktop.services import ikrar, ikrar_documents, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.office import format_local_time
from netral_desktop.ui.paged_table_model import Column, PagedTableModel
from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import confirm, data_table, error_text, number, show_error, show_info

COLORS = {"marked": "#1b5e20", "already": "#8a5300", "ambiguous": "#0d47a1", "not_found": "#b00020"}


def _when(starts_at) -> str:  # type: ignore[no-untyped-def]
    from babel.dates import format_datetime

    from netral_desktop.i18n import current_language

    return format_datetime(starts_at, "EEE, d MMM y HH:mm", locale=current_language())


def _status_label(row: ikrar.InviteeRow) -> str:
    return AttendanceStatus(row.status).label if row.status else "—"


class EventView(QWidget):
    """One event: counts, the marking field, invitees, documents, evidence."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.current_event: ikrar.EventDetail | None = None
        self.agencies: list[roster.AgencyRow] = []
        role = ctx.actor.role if ctx.actor else None
        self.can_mark = role is not None and has_permission(role, Permission.IKRAR_WRITE)
        self.can_print = role is not None and has_permission(role, Permission.PRINT)

        self.header = QLabel()
        self.header.setObjectName("eventHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)

        counts_frame = QFrame()
        counts_frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(counts_frame)
        self.count_labels: dict[str, QLabel] = {}
        keys = [
            ("invited", _("Diundang")),
            ("hadir", _("Hadir")),
            ("izin", _("Izin")),
            ("sakit", _("Sakit")),
            ("dinas_luar", _("Dinas luar")),
            ("tanpa_keterangan", _("Tanpa ket.")),
            ("belum", _("Belum")),
            ("walk_ins", _("Tambahan")),
            ("rate", _("Kehadiran")),
        ]
        for column, (key, label) in enumerate(keys):
            number = QLabel("0")
            number.setObjectName(f"count_{key}")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            number.setStyleSheet("font-size: 22px; font-weight: 700;")
            caption = QLabel(label)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(number, 0, column)
            grid.addWidget(caption, 1, column)
            self.count_labels[key] = number

        self.mark_input = QLineEdit()
        self.mark_input.setObjectName("markInput")
        self.mark_input.setPlaceholderText(
            _("Ketik sebagian nama atau pindai NIP, lalu Enter untuk menandai hadir")
        )
        self.mark_input.setStyleSheet("font-size: 16px; padding: 6px;")
        self.undo_button = QPushButton(_("Batalkan tanda terakhir (Ctrl+Z)"))
        self.walk_in_button = QPushButton(_("Peserta tambahan… (Ctrl+T)"))
        self.mark_message = QLabel()
        self.mark_message.setObjectName("markMessage")
        self.mark_message.setWordWrap(True)
        self.mark_message.setStyleSheet("font-size: 14px;")
        self.candidates = QListWidget()
        self.candidates.setObjectName("candidates")
        self.candidates.setMaximumHeight(150)
        self.candidates.hide()
        mark_row = QHBoxLayout()
        mark_row.addWidget(self.mark_input, 1)
        mark_row.addWidget(self.undo_button)
        mark_row.addWidget(self.walk_in_button)
        for widget in (self.mark_input, self.undo_button, self.walk_in_button):
            widget.setEnabled(self.can_mark)

        self.status_filter = QComboBox()
        self.status_filter.addItem(_("Semua peserta"), None)
        self.status_filter.addItem(_("Belum ditandai"), "belum")
        for status in AttendanceStatus:
            self.status_filter.addItem(status.label, status.value)
        self.walk_ins_only = QCheckBox(_("Hanya peserta tambahan"))
        self.invitee_count = QLabel()
        self.invitees = PagedTableModel(
            [
                Column(_("Nama"), lambda r: r.full_name + (" *" if r.walk_in else "")),
                Column(_("NIP / NI PPPK"), lambda r: r.nip or "—"),
                Column(_("Jabatan"), lambda r: r.jabatan),
                Column(_("Unit kerja"), lambda r: r.unit_kerja),
                Column(_("Instansi"), lambda r: r.agency_name),
                Column(_("Kehadiran"), _status_label, tooltip=lambda r: r.note),
                Column(_("Jam"), lambda r: self._clock(r.marked_at)),
            ],
            fetch=self._fetch_invitees,
            parent=self,
            runner=runner,
        )
        self.table = data_table(self.invitees, "inviteesTable")
        self.invite_button = QPushButton(_("Undang…"))
        self.reason_button = QPushButton(_("Keterangan tidak hadir…"))
        self.match_button = QPushButton(_("Cocokkan ke daftar pegawai…"))
        self.remove_button = QPushButton(_("Hapus dari daftar"))
        for button in (
            self.invite_button,
            self.reason_button,
            self.match_button,
            self.remove_button,
        ):
            button.setEnabled(self.can_mark)
        list_tools = QHBoxLayout()
        list_tools.addWidget(self.status_filter)
        list_tools.addWidget(self.walk_ins_only)
        list_tools.addStretch()
        list_tools.addWidget(self.invitee_count)
        list_actions = QHBoxLayout()
        for button in (
            self.invite_button,
            self.reason_button,
            self.match_button,
            self.remove_button,
        ):
            list_actions.addWidget(button)
        list_actions.addStretch()

        self.per_agency = QCheckBox(_("Per instansi (halaman baru)"))
        self.blank_rows = QSpinBox()
        self.blank_rows.setRange(0, 200)
        self.blank_rows.setValue(ikrar_documents.DEFAULT_BLANK_ROWS)
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
            button.setEnabled(self.can_print)
        docs = QHBoxLayout()
        for widget in (
            self.sheet_button,
            self.per_agency,
            self.blank_rows,
            self.pledge_button,
            self.recap_button,
            self.recap_xlsx_button,
        ):
            docs.addWidget(widget)
        docs.addStretch()

        self.evidence = QListWidget()
        self.evidence.setObjectName("evidence")
        self.evidence.setViewMode(QListView.ViewMode.IconMode)
        self.evidence.setIconSize(QSize(96, 96))
        self.evidence.setMaximumHeight(130)
        self.evidence.setResizeMode(QListView.ResizeMode.Adjust)
        self.attach_button = QPushButton(_("Lampirkan pindaian/foto daftar hadir…"))
        self.attach_button.setEnabled(self.can_mark)
        evidence_row = QHBoxLayout()
        evidence_row.addWidget(self.evidence, 1)
        evidence_row.addWidget(self.attach_button, 0, Qt.AlignmentFlag.AlignTop)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(counts_frame)
        layout.addLayout(mark_row)
        layout.addWidget(self.mark_message)
        layout.addWidget(self.candidates)
        layout.addLayout(list_tools)
        layout.addWidget(self.table, 1)
        layout.addLayout(list_actions)
        layout.addLayout(docs)
        layout.addLayout(evidence_row)

        self.mark_input.returnPressed.connect(self.mark)
        self.candidates.itemActivated.connect(self._choose_candidate)
        self.undo_button.clicked.connect(self.undo)
        self.walk_in_button.clicked.connect(self.add_walk_in)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo)
        QShortcut(QKeySequence("Ctrl+T"), self, activated=self.add_walk_in)
        QShortcut(QKeySequence("Escape"), self.candidates, activated=self._back_to_input)
        self.status_filter.currentIndexChanged.connect(self.reload_invitees)
        self.walk_ins_only.toggled.connect(self.reload_invitees)
        self.invitees.loaded.connect(self._count_invitees)
        self.invite_button.clicked.connect(self.invite)
        self.reason_button.clicked.connect(self.give_reason)
        self.match_button.clicked.connect(self.match_walk_in)
        self.remove_button.clicked.connect(self.remove_invitee)
        self.sheet_button.clicked.connect(lambda: self.document(ikrar_documents.FORM_SHEET))
        self.pledge_button.clicked.connect(lambda: self.document(ikrar_documents.FORM_PLEDGE))
        self.recap_button.clicked.connect(lambda: self.document(ikrar_documents.FORM_RECAP))
        self.recap_xlsx_button.clicked.connect(self.recap_xlsx)
        self.attach_button.clicked.connect(self.attach)
        self.evidence.itemActivated.connect(self._open_evidence)

    # --- loading ---
    def show_event(self, event_id: str) -> None:
        self._runner.run(
            lambda: ikrar.get_event(self._ctx, event_id),
            on_done=self._set_event,
            on_error=lambda exc: show_error(self, exc),
        )

    def _set_event(self, event: ikrar.EventDetail) -> None:
        self.current_event = event
        election = f" · {event.election_name}" if event.election_name else ""
        self.header.setText(
            f"<span style='font-size:17px;font-weight:600'>{event.title}</span><br>"
            f"{_when(event.starts_at)} {event.time_zone} · {event.place or '—'}{election}<br>"
            + _("Penyelenggara: {who}").format(who=event.organiser)
        )
        self.mark_message.clear()
        self.candidates.hide()
        self.reload_counts()
        self.reload_invitees()
        self.reload_evidence()
        self.mark_input.setFocus()

    def reload_counts(self) -> None:
        if self.current_event is None:
            return
        event_id = self.current_event.id
        self._runner.run(lambda: ikrar.counts(self._ctx, event_id), on_done=self.show_counts)

    def show_counts(self, counts: ikrar.AttendanceCounts) -> None:
        for key, label in self.count_labels.items():
            if key == "rate":
                rate = counts.rate
                label.setText("—" if rate is None else f"{rate * 100:.0f}%")
            else:
                label.setText(number(getattr(counts, key)))

    def _fetch_invitees(self, page) -> list[ikrar.InviteeRow]:  # type: ignore[no-untyped-def]
        if self.current_event is None:
            return []
        return ikrar.list_invitees(
            self._ctx,
            self.current_event.id,
            status=self.status_filter.currentData(),
            walk_ins_only=self.walk_ins_only.isChecked(),
            offset=page.offset,
            limit=page.limit,
        )

    def reload_invitees(self) -> None:
        self.invitees.reload()

    def _count_invitees(self) -> None:
        if self.current_event is None:
            return
        event_id, status = self.current_event.id, self.status_filter.currentData()
        walk_ins = self.walk_ins_only.isChecked()
        self._runner.run(
            lambda: ikrar.count_invitees(
                self._ctx, event_id, status=status, walk_ins_only=walk_ins
            ),
            on_done=lambda n: self.invitee_count.setText(_("{n} orang").format(n=number(n))),
        )
        for column, width in enumerate((240, 160, 200, 180, 200, 110)):
            self.table.setColumnWidth(column, width)

    def _clock(self, at: str | None) -> str:
        return format_local_time(self._ctx, parse_iso_utc(at), "HH:mm") if at else ""

    # --- marking at the door ---
    def mark(self) -> None:
        text = self.mark_input.text().strip()
        if self.current_event is None or not text:
            return
        event_id = self.current_event.id
        self._runner.run(
            lambda: ikrar.mark(self._ctx, event_id, text),
            on_done=self._marked,
            on_error=self._mark_failed,
        )

    def _marked(self, result: ikrar.MarkResult) -> None:
        self.mark_message.setText(result.message)
        self.mark_message.setStyleSheet(
            f"font-size: 14px; color: {COLORS.get(result.outcome.value, '#000')};"
        )
        if result.counts is not None:
            self.show_counts(result.counts)
        if result.outcome == ikrar.MarkOutcome.AMBIGUOUS:
            self.candidates.clear()
            for row in result.candidates:
                label = (
                    f"{row.full_name} — {row.nip or '—'} — {row.agency_name} ({_status_label(row)})"
                )
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.candidates.addItem(item)
            self.candidates.show()
            self.candidates.setCurrentRow(0)
            self.candidates.setFocus()
            return
        self.candidates.hide()
        if result.marked:
            self.mark_input.clear()
            self.reload_invitees()
        else:
            self.mark_input.selectAll()
        self.mark_input.setFocus()

    def _mark_failed(self, exc: BaseException) -> None:
        self.mark_message.setText(error_text(exc))
        self.mark_message.setStyleSheet("font-size: 14px; color: #b00020;")
        self.mark_input.selectAll()

    def _choose_candidate(self, item: QListWidgetItem) -> None:
        invitee_id = item.data(Qt.ItemDataRole.UserRole)
        self._runner.run(
            lambda: ikrar.mark_invitee(self._ctx, invitee_id),
            on_done=self._marked,
            on_error=self._mark_failed,
        )

    def _back_to_input(self) -> None:
        self.candidates.hide()
        self.mark_input.setFocus()
        self.mark_input.selectAll()

    def undo(self) -> None:
        if self.current_event is None or not self.can_mark:
            return
        event_id = self.current_event.id

        def done(result: ikrar.UndoResult) -> None:
            self.mark_message.setText(result.message)
            self.mark_message.setStyleSheet("font-size: 14px; color: #4a148c;")
            if result.counts is not None:
                self.show_counts(result.counts)
            self.reload_invitees()
            self.mark_input.setFocus()

        self._runner.run(
            lambda: ikrar.undo_last_mark(self._ctx, event_id),
            on_done=done,
            on_error=self._mark_failed,
        )

    def add_walk_in(self):  # type: ignore[no-untyped-def]
        from netral_desktop.ui.pledge_dialogs import WalkInDialog

        if self.current_event is None or not self.can_mark:
            return None
        dialog = WalkInDialog(
            self._ctx,
            self._runner,
            self.current_event.id,
            self.agencies,
            self.mark_input.text().strip(),
            self,
        )
        dialog.finished.connect(lambda _r: self._walk_in_done(dialog))
        dialog.open()
        return dialog

    def _walk_in_done(self, dialog) -> None:  # type: ignore[no-untyped-def]
        if dialog.result_mark is not None:
            self._marked(dialog.result_mark)
            self.mark_input.clear()
            self.reload_invitees()

    # --- the list ---
    def selected(self) -> ikrar.InviteeRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.invitees.row_object(rows[0].row()) if rows else None

    def invite(self):  # type: ignore[no-untyped-def]
        from netral_desktop.ui.pledge_dialogs import InviteDialog

        if self.current_event is None:
            return None
        preselected = {agency_id for agency_id, _n in self.current_event.invited_agencies}
        dialog = InviteDialog(
            self._ctx, self._runner, self.current_event.id, self.agencies, preselected, self
        )

        def done(_r: int) -> None:
            if dialog.result_counts is not None:
                self.mark_message.setText(
                    _("{n} orang ditambahkan ke daftar undangan.").format(
                        n=dialog.result_counts.added
                    )
                )
                self.reload_counts()
                self.reload_invitees()

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def give_reason(self) -> None:
        from netral_desktop.ui.pledge_dialogs import ReasonDialog

        row = self.selected()
        if row is None:
            return
        dialog = ReasonDialog(row.full_name, self)
        if not dialog.exec():
            return
        status, note = dialog.status.currentData(), dialog.note.text()
        self._runner.run(
            lambda: ikrar.mark_invitee(self._ctx, row.id, status, note),
            on_done=self._marked,
            on_error=lambda exc: show_error(self, exc),
        )

    def match_walk_in(self) -> None:
        row = self.selected()
        if row is None or not row.walk_in:
            show_info(self, _("Cocokkan"), _("Pilih seorang peserta tambahan (bertanda *)."))
            return
        self._runner.run(
            lambda: ikrar.match_candidates(self._ctx, row.id),
            on_done=lambda people: self._pick_match(row, people),
            on_error=lambda exc: show_error(self, exc),
        )

    def _pick_match(self, row: ikrar.InviteeRow, people: list) -> None:  # type: ignore[type-arg]
        from PySide6.QtWidgets import QInputDialog

        if not people:
            show_info(self, _("Cocokkan"), _("Tidak ada pegawai yang mirip di daftar pegawai."))
            return
        labels = [f"{p.full_name} — {p.nip or '—'} — {p.agency_name or '—'}" for p in people]
        choice, ok = QInputDialog.getItem(
            self,
            _("Cocokkan ke daftar pegawai"),
            _("{name} adalah:").format(name=row.full_name),
            labels,
            0,
            False,
        )
        if not ok:
            return
        person = people[labels.index(choice)]
        self._runner.run(
            lambda: ikrar.match_walk_in(self._ctx, row.id, person.id),
            on_done=lambda _r: (self.reload_invitees(), self.reload_counts()),
            on_error=lambda exc: show_error(self, exc),
        )

    def remove_invitee(self) -> None:
        row = self.selected()
        if row is None or not confirm(
            self,
            _("Hapus dari daftar"),
            _("Hapus {name} dari daftar undangan acara ini?").format(name=row.full_name),
            _("Hapus"),
        ):
            return
        self._runner.run(
            lambda: ikrar.remove_invitee(self._ctx, row.id),
            on_done=lambda _r: (self.reload_invitees(), self.reload_counts()),
            on_error=lambda exc: show_error(self, exc),
        )

    # --- documents and evidence ---
    def document(self, form: str) -> None:
        if self.current_event is None:
            return
        event = self.current_event
        options = ikrar_documents.SheetOptions(
            per_agency=self.per_agency.isChecked(), blank_rows=self.blank_rows.value()
        )

        def shown(issued) -> None:  # type: ignore[no-untyped-def]
            doc = issued.document
            name = f"{form}-{event.starts_at:%Y%m%d}.pdf"
            PdfPreviewDialog(
                issued.pdf,
                f"{doc.title} — {event.title}",
                self._runner,
                suggested_name=name,
                parent=self,
            ).exec()

        self._runner.run(
            lambda: ikrar_documents.issue(self._ctx, form, event.id, options),
            on_done=shown,
            on_error=lambda exc: show_error(self, exc),
        )

    def recap_xlsx(self) -> None:
        if self.current_event is None:
            return
        event_id = self.current_event.id
        name, _f = QFileDialog.getSaveFileName(
            self, _("Simpan rekap kehadiran"), "rekap-kehadiran.xlsx", _("Excel (*.xlsx)")
        )
        if not name:
            return
        path = Path(name if name.lower().endswith(".xlsx") else name + ".xlsx")
        self._runner.run(
            lambda: ikrar_documents.write_recap_xlsx(self._ctx, event_id, path),
            on_done=lambda saved: show_info(
                self, _("Tersimpan"), _("Rekap disimpan di {path}").format(path=saved)
            ),
            on_error=lambda exc: show_error(self, exc),
        )

    def reload_evidence(self) -> None:
        if self.current_event is None:
            return
        event_id = self.current_event.id

        def work():  # type: ignore[no-untyped-def]
            rows = ikrar.list_evidence(self._ctx, event_id)
            return [(row, ikrar.evidence_thumbnail(self._ctx, row.id)) for row in rows]

        self._runner.run(
            work, on_done=self._show_evidence, on_error=lambda exc: show_error(self, exc)
        )

    def _show_evidence(self, items) -> None:  # type: ignore[no-untyped-def]
        self.evidence.clear()
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

    def attach(self) -> None:
        if self.current_event is None:
            return
        names, _f = QFileDialog.getOpenFileNames(
            self,
            _("Pilih pindaian atau foto"),
            "",
            _("Gambar atau PDF (*.png *.jpg *.jpeg *.webp *.tif *.tiff *.pdf)"),
        )
        if not names:
            return
        event_id = self.current_event.id

        def work():  # type: ignore[no-untyped-def]
            return [ikrar.attach_evidence(self._ctx, event_id, Path(n)) for n in names]

        self._runner.run(
            work,
            on_done=lambda _r: self.reload_evidence(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _open_evidence(self, item: QListWidgetItem) -> None:
        row = item.data(Qt.ItemDataRole.UserRole)
        if row is not None and row.media_type == "application/pdf":
            self._runner.run(
                lambda: ikrar.evidence_bytes(self._ctx, row.id),
                on_done=lambda data: PdfPreviewDialog(
                    data,
                    row.original_name,
                    self._runner,
                    suggested_name=row.original_name,
                    parent=self,
                ).exec(),
            )


class PledgesPage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self._elections: list[ikrar.ElectionRow] = []
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
        self.events = PagedTableModel(
            [
                Column(_("Tanggal"), lambda e: _when(e.starts_at)),
                Column(_("Acara"), lambda e: e.title, tooltip=lambda e: e.organiser),
                Column(
                    _("Hadir"),
                    lambda e: f"{number(e.present)}/{number(e.invitees)}",
                    align_right=True,
                ),
            ],
            fetch=lambda page: ikrar.list_events(
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
        self.new_button = QPushButton(_("Acara baru…"))
        self.edit_button = QPushButton(_("Ubah…"))
        self.delete_button = QPushButton(_("Hapus…"))
        role = ctx.actor.role if ctx.actor else None
        self._can_write = role is not None and has_permission(role, Permission.IKRAR_WRITE)
        for button in (self.new_button, self.edit_button, self.delete_button):
            button.setEnabled(self._can_write)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.when)
        filters.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.events_table, 1)
        left_layout.addLayout(buttons)

        self.view = EventView(ctx, runner)
        self.empty = QLabel(_("Pilih acara di sebelah kiri, atau buat acara baru."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.view)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setSizes([460, 860])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.when.currentIndexChanged.connect(self.events.reload)
        self.search.textChanged.connect(self.events.reload)
        self.events_table.selectionModel().currentRowChanged.connect(self._event_chosen)
        self.events.loaded.connect(self._size_columns)
        self.new_button.clicked.connect(lambda: self.open_event(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)

    def _size_columns(self) -> None:
        self.events_table.setColumnWidth(0, 150)
        self.events_table.setColumnWidth(1, 210)

    def refresh(self) -> None:
        def load():  # type: ignore[no-untyped-def]
            return ikrar.list_elections(self._ctx), roster.list_agencies(self._ctx)

        self._runner.run(load, on_done=self._loaded)
        self.events.reload()
        if self.view.current_event is not None:
            self.view.show_event(self.view.current_event.id)

    def _loaded(self, loaded) -> None:  # type: ignore[no-untyped-def]
        self._elections, self.view.agencies = loaded

    def selected(self) -> ikrar.EventRow | None:
        rows = self.events_table.selectionModel().selectedRows()
        return self.events.row_object(rows[0].row()) if rows else None

    def _event_chosen(self, current, _previous) -> None:  # type: ignore[no-untyped-def]
        row = self.events.row_object(current.row())
        if row is None:
            return
        self.right.setCurrentWidget(self.view)
        self.view.show_event(row.id)

    def open_event(self, event: ikrar.EventDetail | None):  # type: ignore[no-untyped-def]
        from netral_desktop.ui.event_dialog import EventDialog

        dialog = EventDialog(
            self._ctx, self._runner, self._elections, self.view.agencies, event, self
        )

        def done(_r: int) -> None:
            if dialog.saved_id:
                self.events.reload()
                self.right.setCurrentWidget(self.view)
                self.view.show_event(dialog.saved_id)

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def edit_selected(self):  # type: ignore[no-untyped-def]
        if self.view.current_event is None:
            return None
        return self.open_event(self.view.current_event)

    def delete_selected(self) -> None:
        event = self.view.current_event
        if event is None:
            return
        self._runner.run(
            lambda: ikrar.counts(self._ctx, event.id),
            on_done=lambda counts: self._confirm_delete(event, counts),
            on_error=lambda exc: show_error(self, exc),
        )

    def _confirm_delete(self, event: ikrar.EventDetail, counts: ikrar.AttendanceCounts) -> None:
        marked = counts.present + counts.absent
        text = _("Hapus acara {title}?").format(title=event.title)
        if marked:
            text += " " + _(
                "Acara ini sudah memiliki {n} catatan kehadiran. Datanya tetap "
                "tersimpan sebagai arsip terhapus (tidak hilang)."
            ).format(n=marked)
        if not confirm(self, _("Hapus acara"), text, _("Hapus")):
            return
        self._runner.run(
            lambda: ikrar.delete_event(self._ctx, event.id, confirm=True),
            on_done=lambda _r: self._deleted(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _deleted(self) -> None:
        self.view.current_event = None
        self.right.setCurrentWidget(self.empty)
        self.events.reload()

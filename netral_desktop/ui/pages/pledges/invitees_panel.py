"""The chosen event's invitees: filtered by attendance or walk-ins only, paged from SQL, and
what can be done to one of them (a reason for being away, matching a walk-in to the roster,
taking them off the list) or to the list (inviting more)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.core.pledge import AttendanceStatus
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import pledge, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.office import format_local_time
from netral_desktop.ui.empty_state import EmptyHint
from netral_desktop.ui.flow_row import FlowRow
from netral_desktop.ui.paged_table_model import Column, PagedTableModel
from netral_desktop.ui.pages.pledges.common import allowed, status_label
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import confirm, data_table, number, show_error, show_info


class InviteesPanel(QWidget):
    """The invitees list with its filters and the actions on it."""

    marked = Signal(object)  # pledge.MarkResult of a reason given here, shown at the door
    message = Signal(str)  # a line for the door's answer field
    counts_stale = Signal()  # the list changed: the counts are read again

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.current_event: pledge.EventDetail | None = None
        self.agencies: list[roster.AgencyRow] = []
        can_mark = allowed(ctx, Permission.PLEDGE_WRITE)

        self.status_filter = QComboBox()
        self.status_filter.addItem(_("Semua peserta"), None)
        self.status_filter.addItem(_("Belum ditandai"), "belum")
        for status in AttendanceStatus:
            self.status_filter.addItem(status.label, status.value)
        self.walk_ins_only = QCheckBox(_("Hanya peserta tambahan"))
        self.invitee_count = QLabel()
        self.walk_in_legend = QLabel("* " + _("Peserta tambahan"))  # an existing msgid
        self.walk_in_legend.setObjectName("walkInLegend")
        self.walk_in_legend.setEnabled(False)  # greyed: a key to the list, not a control
        self.invitees = PagedTableModel(
            [
                # What is looked at during the door comes first, so it is in view on a
                # laptop screen without scrolling sideways; the rest follows.
                Column(_("Nama"), lambda r: r.full_name + (" *" if r.walk_in else "")),
                Column(_("NIP / NI PPPK"), lambda r: r.nip or "—"),
                Column(_("Kehadiran"), status_label, tooltip=lambda r: r.note),
                Column(_("Jam"), lambda r: self._clock(r.marked_at)),
                Column(_("Instansi"), lambda r: r.agency_name),
                Column(_("Jabatan"), lambda r: r.jabatan),
                Column(_("Unit kerja"), lambda r: r.unit_kerja),
            ],
            fetch=self._fetch_invitees,
            parent=self,
            runner=runner,
        )
        self.table = data_table(self.invitees, "inviteesTable")
        self.empty_hint = EmptyHint(
            self.table,
            lambda: (
                _("Tidak ada peserta dengan saringan ini.")
                if self.status_filter.currentData() or self.walk_ins_only.isChecked()
                else _(
                    "Belum ada yang diundang. Pilih «Undang…» untuk mengundang instansi, unit "
                    "atau pegawai dari daftar pegawai."
                )
            ),
        )
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
            button.setEnabled(can_mark)
        # Both rows wrap on a narrow window rather than cut their buttons.
        key = QWidget()  # the legend and the count, kept at the right of the line
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        key_row = QHBoxLayout(key)
        key_row.setContentsMargins(0, 0, 0, 0)
        key_row.addStretch()
        key_row.addWidget(self.walk_in_legend)
        key_row.addSpacing(12)
        key_row.addWidget(self.invitee_count)
        list_tools = FlowRow([self.status_filter, self.walk_ins_only, key])
        list_actions = FlowRow(
            [self.invite_button, self.reason_button, self.match_button, self.remove_button]
        )

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(list_tools)
        layout.addWidget(self.table, 1)
        layout.addWidget(list_actions)

        self.status_filter.currentIndexChanged.connect(self.reload)
        self.walk_ins_only.toggled.connect(self.reload)
        self.invitees.loaded.connect(self._count_invitees)
        self.invite_button.clicked.connect(self.invite)
        self.reason_button.clicked.connect(self.give_reason)
        self.match_button.clicked.connect(self.match_walk_in)
        self.remove_button.clicked.connect(self.remove_invitee)

    # --- loading ---
    def _fetch_invitees(self, page) -> list[pledge.InviteeRow]:  # type: ignore[no-untyped-def]
        if self.current_event is None:
            return []
        return pledge.list_invitees(
            self._ctx,
            self.current_event.id,
            status=self.status_filter.currentData(),
            walk_ins_only=self.walk_ins_only.isChecked(),
            offset=page.offset,
            limit=page.limit,
        )

    def reload(self) -> None:
        self.invitees.reload()

    def _count_invitees(self) -> None:
        if self.current_event is None:
            return
        event_id, status = self.current_event.id, self.status_filter.currentData()
        walk_ins = self.walk_ins_only.isChecked()
        self._runner.run(
            lambda: pledge.count_invitees(
                self._ctx, event_id, status=status, walk_ins_only=walk_ins
            ),
            on_done=lambda n: self.invitee_count.setText(_("{n} orang").format(n=number(n))),
        )
        # Nama, NIP, Kehadiran and Jam together fit in the narrowest view (about 560 px);
        # the last column stretches to whatever is left.
        for column, width in enumerate((210, 160, 110, 60, 200, 200)):
            self.table.setColumnWidth(column, width)

    def _clock(self, at: str | None) -> str:
        return format_local_time(self._ctx, parse_iso_utc(at), "HH:mm") if at else ""

    # --- actions ---
    def selected(self) -> pledge.InviteeRow | None:
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
                self.message.emit(
                    _("{n} orang ditambahkan ke daftar undangan.").format(
                        n=dialog.result_counts.added
                    )
                )
                self.counts_stale.emit()
                self.reload()

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
            lambda: pledge.mark_invitee(self._ctx, row.id, status, note),
            on_done=self.marked.emit,
            on_error=lambda exc: show_error(self, exc),
        )

    def match_walk_in(self) -> None:
        row = self.selected()
        if row is None or not row.walk_in:
            show_info(self, _("Cocokkan"), _("Pilih seorang peserta tambahan (bertanda *)."))
            return
        self._runner.run(
            lambda: pledge.match_candidates(self._ctx, row.id),
            on_done=lambda people: self._pick_match(row, people),
            on_error=lambda exc: show_error(self, exc),
        )

    def _pick_match(self, row: pledge.InviteeRow, people: list) -> None:  # type: ignore[type-arg]
        from PySide6.QtWidgets import QInputDialog

        if not people:
            show_info(self, _("Cocokkan"), _("Tidak ada pegawai yang mirip di daftar pegawai."))
            return
        from netral_desktop.ui.pledge_dialogs import person_line

        labels = [person_line(p) for p in people]  # nothing shown for an empty field
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
            lambda: pledge.match_walk_in(self._ctx, row.id, person.id),
            on_done=self._changed,
            on_error=lambda exc: show_error(self, exc),
        )

    def _changed(self, _result: object) -> None:
        """After a change to the list: show it, and have the counts read again."""
        self.reload()
        self.counts_stale.emit()

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
            lambda: pledge.remove_invitee(self._ctx, row.id),
            on_done=self._changed,
            on_error=lambda exc: show_error(self, exc),
        )

"""Small dialogs of the Pledges page: invite from the roster, add a walk-in, give a reason."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.pledge import ABSENCE_STATUSES
from netral_desktop.core.roster import PersonStatus
from netral_desktop.i18n import _
from netral_desktop.services import pledge, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import error_label, error_text, ok_cancel_buttons, set_error


class InviteDialog(QDialog):
    """Invite everyone of the chosen agencies (optionally one unit, some statuses)."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        event_id: str,
        agencies: list[roster.AgencyRow],
        preselected: set[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner, self._event_id = ctx, runner, event_id
        self.result_counts: pledge.InviteResult | None = None
        self.setWindowTitle(_("Undang dari daftar pegawai"))
        self.resize(560, 600)
        self.agencies = QListWidget()
        self.agencies.setObjectName("inviteAgencies")
        for agency in agencies:
            item = QListWidgetItem(f"{agency.name} ({agency.people})")
            item.setData(Qt.ItemDataRole.UserRole, agency.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = agency.id in preselected
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.agencies.addItem(item)
        self.unit = QLineEdit()
        self.unit.setPlaceholderText(_("(semua unit) — atau tulis nama unit kerja persis"))
        self.statuses = {s: QCheckBox(s.label) for s in PersonStatus}
        for box in self.statuses.values():
            box.setChecked(True)
        status_row = QVBoxLayout()
        for box in self.statuses.values():
            status_row.addWidget(box)
        self.preview = QLabel()
        self.error = error_label()
        form = QFormLayout()
        form.addRow(_("Instansi"), self.agencies)
        form.addRow(_("Unit kerja"), self.unit)
        form.addRow(_("Status"), status_row)
        self.buttons = ok_cancel_buttons(_("Undang"))
        self.buttons.accepted.connect(self.invite)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.agencies.itemChanged.connect(self.update_preview)
        self.unit.editingFinished.connect(self.update_preview)
        for box in self.statuses.values():
            box.toggled.connect(self.update_preview)
        self.update_preview()

    def criteria(self) -> pledge.InviteCriteria:
        ids = tuple(
            self.agencies.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.agencies.count())
            if self.agencies.item(r).checkState() == Qt.CheckState.Checked
        )
        statuses = tuple(s.value for s, box in self.statuses.items() if box.isChecked())
        return pledge.InviteCriteria(
            agency_ids=ids, unit_kerja=self.unit.text().strip() or None, statuses=statuses
        )

    def update_preview(self) -> None:
        criteria = self.criteria()
        if criteria.empty:
            self.preview.setText(_("Pilih paling sedikit satu instansi atau unit."))
            return
        self._runner.run(
            lambda: pledge.invite_preview(self._ctx, self._event_id, criteria),
            on_done=lambda r: self.preview.setText(
                _("{added} orang akan diundang ({already} sudah ada di daftar).").format(
                    added=r.added, already=r.already
                )
            ),
            on_error=lambda exc: set_error(self.error, error_text(exc)),
        )

    def invite(self) -> None:
        criteria = self.criteria()
        if criteria.empty:
            return
        self.buttons.setEnabled(False)
        self._runner.run(
            lambda: pledge.invite(self._ctx, self._event_id, criteria),
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, result: pledge.InviteResult) -> None:
        self.result_counts = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))


class WalkInDialog(QDialog):
    """Someone at the door who is not on the list: added and marked present at once."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        event_id: str,
        agencies: list[roster.AgencyRow],
        typed: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner, self._event_id = ctx, runner, event_id
        self.result_mark: pledge.MarkResult | None = None
        self.setWindowTitle(_("Peserta tambahan (tidak ada di daftar)"))
        self.setMinimumWidth(520)
        self.full_name = QLineEdit()
        self.full_name.setObjectName("walkInName")
        self.nip = QLineEdit()
        self.nip.setObjectName("walkInNip")
        digits = typed.replace(" ", "").replace(".", "")
        (self.nip if digits.isdigit() else self.full_name).setText(typed)
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.addItem("", None)
        for agency in agencies:
            self.agency.addItem(agency.name, agency.id)
        self.unit = QLineEdit()
        self.jabatan = QLineEdit()
        self.error = error_label()
        form = QFormLayout()
        form.addRow(_("Nama"), self.full_name)
        form.addRow(_("NIP (bila ada)"), self.nip)
        form.addRow(_("Instansi"), self.agency)
        form.addRow(_("Unit kerja"), self.unit)
        form.addRow(_("Jabatan"), self.jabatan)
        self.buttons = ok_cancel_buttons(_("Tambah dan tandai hadir"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.full_name if digits.isdigit() else self.nip).setFocus()

    def save(self) -> None:
        agency_text = self.agency.currentText().strip()
        agency_id = (
            self.agency.currentData()
            if agency_text == self.agency.itemText(self.agency.currentIndex())
            else None
        )
        work = partial(
            pledge.add_walk_in,
            self._ctx,
            self._event_id,
            full_name=self.full_name.text(),
            nip=self.nip.text(),
            agency_id=agency_id,
            agency_name="" if agency_id else agency_text,
            unit_kerja=self.unit.text(),
            jabatan=self.jabatan.text(),
        )
        self.buttons.setEnabled(False)
        self._runner.run(
            work,
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, result: pledge.MarkResult) -> None:
        self.result_mark = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))


class ReasonDialog(QDialog):
    """Why an invitee did not come (izin, sakit, dinas luar, tanpa keterangan)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Keterangan tidak hadir: {name}").format(name=name))
        self.setMinimumWidth(420)
        self.status = QComboBox()
        for status in ABSENCE_STATUSES:
            self.status.addItem(status.label, status.value)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("(tidak wajib) mis. surat izin no. …"))
        form = QFormLayout()
        form.addRow(_("Keterangan"), self.status)
        form.addRow(_("Catatan"), self.note)
        buttons = ok_cancel_buttons(_("Simpan"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

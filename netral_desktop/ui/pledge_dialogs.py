"""Small dialogs of the Pledges page: invite from the roster, add a walk-in, give a reason."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
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
    """Someone at the door who is not on the list: added and marked present at once. Chosen
    from the roster (at the door or with the lookup here), the walk-in is that person with
    their roster details; otherwise what is typed is kept, to be matched later."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        event_id: str,
        agencies: list[roster.AgencyRow],
        typed: str = "",
        parent: QWidget | None = None,
        person: roster.PersonRow | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner, self._event_id = ctx, runner, event_id
        self.result_mark: pledge.MarkResult | None = None
        self.person: roster.PersonRow | None = None  # the roster person chosen, if any
        self.setWindowTitle(_("Peserta tambahan (tidak ada di daftar)"))
        self.setMinimumWidth(640)
        self.lookup = QLineEdit()
        self.lookup.setObjectName("walkInLookup")
        self.lookup.setPlaceholderText(_("Ketik nama atau NIP untuk mencari di daftar pegawai"))
        self.lookup.setClearButtonEnabled(True)
        self.lookup_results = QListWidget()
        self.lookup_results.setObjectName("walkInLookupResults")
        self.lookup_results.hide()
        self.linked = QLabel()
        self.linked.setObjectName("walkInLinked")
        self.linked.setWordWrap(True)
        self.linked.setStyleSheet("color: #1b5e20;")
        self.linked.hide()
        self.full_name = QLineEdit()
        self.full_name.setObjectName("walkInName")
        self.nip = QLineEdit()
        self.nip.setObjectName("walkInNip")
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.addItem("", None)
        for agency in agencies:
            self.agency.addItem(agency.name, agency.id)
        self.unit = QLineEdit()
        self.jabatan = QLineEdit()
        self.error = error_label()
        form = QFormLayout()
        form.addRow(_("Cari di daftar pegawai"), self.lookup)
        form.addRow("", self.lookup_results)
        form.addRow("", self.linked)
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

        self._lookup_timer = QTimer(self)
        self._lookup_timer.setSingleShot(True)
        self._lookup_timer.setInterval(200)
        self._lookup_timer.timeout.connect(self.look_up)
        self.lookup.textChanged.connect(self._lookup_timer.start)
        self.lookup.installEventFilter(self)
        self.lookup_results.installEventFilter(self)
        self.lookup_results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.lookup_results.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.lookup_results.itemActivated.connect(self._choose)
        for edit in (self.full_name, self.nip):
            edit.textEdited.connect(self._unlink)

        if person is not None:
            self.use_person(person)
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()
            return
        digits = typed.replace(" ", "").replace(".", "")
        (self.nip if digits.isdigit() else self.full_name).setText(typed)
        # The typed text is looked up at once: the person may be on the roster after all.
        self.lookup.setText(typed)
        self.full_name.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        # Enter on a result fills the form and no more: the list would pass the key on to
        # the dialog, which would save at once, before the details were seen.
        if watched is self.lookup_results and enter:
            item = self.lookup_results.currentItem()
            if item is not None:
                self._choose(item)
            return True
        # Enter or Down in the lookup goes to its results, not to the dialog's Save.
        if watched is self.lookup and (enter or event.key() == Qt.Key.Key_Down):
            if self._lookup_timer.isActive():
                self._lookup_timer.stop()
                self.look_up()
            if self.lookup_results.count():
                self.lookup_results.setFocus()
                self.lookup_results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def look_up(self) -> None:
        """People of the roster whose name or NIP the lookup names (a few, by name)."""
        text = self.lookup.text().strip()
        if len(text) < 2:
            self._show_found([])
            return
        self._runner.run(
            lambda: roster.search(self._ctx, text, limit=LOOKUP_LIMIT),
            on_done=self._show_found,
            on_error=lambda exc: set_error(self.error, error_text(exc)),
        )

    def _show_found(self, people: list[roster.PersonRow]) -> None:
        self.lookup_results.clear()
        for person in people:
            item = QListWidgetItem(person_line(person))
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.lookup_results.addItem(item)
        fit_list_height(self.lookup_results, LOOKUP_LIMIT)
        self.lookup_results.setVisible(bool(people))
        self.adjustSize()  # room for the results, not a squeezed list over the form

    def _choose(self, item: QListWidgetItem) -> None:
        self.use_person(item.data(Qt.ItemDataRole.UserRole))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()

    def use_person(self, person: roster.PersonRow) -> None:
        """Fill the form with the roster's details of ``person`` (as the roster spells them)."""
        self.full_name.setText(person.full_name)
        self.nip.setText(person.nip or person.ni_pppk or "")
        index = self.agency.findData(person.agency_id) if person.agency_id else -1
        if index >= 0:
            self.agency.setCurrentIndex(index)
        else:
            self.agency.setEditText(person.agency_name or "")
        self.unit.setText(person.unit_kerja)
        self.jabatan.setText(person.jabatan)
        self.person = person
        self.linked.setText(_("Dari daftar pegawai: {who}").format(who=person_line(person)))
        self.linked.show()
        self.adjustSize()

    def _unlink(self) -> None:
        """The name or NIP was changed by hand: no longer the roster person chosen."""
        self.person = None
        self.linked.clear()
        self.linked.hide()

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
            person_id=self.person.id if self.person is not None else None,
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


LOOKUP_LIMIT = 6


def person_line(person: roster.PersonRow) -> str:
    """One short line for a person of the roster: the name, then what is known of the NIP and
    agency (nothing shown for what is empty)."""
    parts = [person.full_name, person.nip or person.ni_pppk or "", person.agency_name or ""]
    return " · ".join(part for part in parts if part)


def fit_list_height(widget: QListWidget, rows: int) -> None:
    """Make a list exactly as tall as its items (at most ``rows`` of them; it scrolls past)."""
    shown = max(1, min(widget.count(), rows))
    row = widget.sizeHintForRow(0) if widget.count() else widget.fontMetrics().height() + 4
    widget.setFixedHeight(shown * row + 2 * widget.frameWidth())


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

"""A pledge ceremony's details: when, where, who organises, reads and signs, who is invited,
and the pledge text (from the template, editable per event)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.pledge import OrganiserKind
from netral_desktop.i18n import _
from netral_desktop.services import pledge, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.date_field import DateField
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import (
    error_label,
    error_text,
    fit_to_screen,
    number,
    ok_cancel_buttons,
    set_error,
)

TEXT_FIELDS = (
    ("title", lambda: _("Nama acara")),
    ("place", lambda: _("Tempat")),
    ("organiser_name", lambda: _("Nama penyelenggara (bila lain)")),
    ("reader_name", lambda: _("Pembaca ikrar")),
    ("reader_position", lambda: _("Jabatan pembaca")),
    # The organiser's head signs its papers (empty: the agency's head, or for Bawaslu's own
    # events its Kepala Sekretariat); at others' events Bawaslu witnesses (empty: the Ketua).
    ("signer_name", lambda: _("Penanda tangan (pimpinan penyelenggara)")),
    ("signer_position", lambda: _("Jabatan penanda tangan")),
    ("signer_nip", lambda: _("NIP penanda tangan")),
    ("witness_name", lambda: _("Saksi dari Bawaslu (Ketua/Anggota)")),
    ("witness_position", lambda: _("Jabatan saksi")),
)


class EventDialog(QDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        elections: list[pledge.ElectionRow],
        agencies: list[roster.AgencyRow],
        event: pledge.EventDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.pledge_event = event
        self.saved_id: str | None = None
        self.setWindowTitle(_("Ubah acara ikrar") if event else _("Acara ikrar baru"))
        self.setMinimumSize(520, 400)
        fit_to_screen(self, 720, 780)  # the form scrolls; Simpan stays in view
        self.inputs: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, _label in TEXT_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"event_{key}")
            self.inputs[key] = edit
        self.starts_at = DateField(with_time=True)
        self.starts_at.setObjectName("event_starts_at")
        in_a_week = datetime.now() + timedelta(days=7)
        self.starts_at.set_value(in_a_week.replace(hour=8, minute=0, second=0, microsecond=0))
        self.election = QComboBox()
        self.election.addItem(_("(tidak terkait pemilihan tertentu)"), None)
        for election in elections:
            self.election.addItem(election.name, election.id)
        self.organiser_kind = QComboBox()
        for kind in OrganiserKind:
            self.organiser_kind.addItem(kind.label, kind.value)
        self.organiser_agency = QComboBox()
        self.organiser_agency.addItem(_("(bukan instansi)"), None)
        self.invited = QListWidget()
        self.invited.setObjectName("invitedAgencies")
        self.invited.setMinimumHeight(120)
        for agency in agencies:
            self.organiser_agency.addItem(agency.name, agency.id)
            item = QListWidgetItem(f"{agency.name} ({agency.people})")
            item.setData(Qt.ItemDataRole.UserRole, agency.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.invited.addItem(item)
        self.invite_count = QLabel()
        self.invite_count.setObjectName("inviteCount")
        self.invite_count.setWordWrap(True)
        self.pledge_text = QPlainTextEdit()
        self.pledge_text.setObjectName("event_pledge_text")
        self.pledge_text.setMinimumHeight(160)
        self.fill_template = QPushButton(_("Isi dari templat naskah"))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(70)

        form.addRow(TEXT_FIELDS[0][1](), self.inputs["title"])
        form.addRow(_("Pemilihan"), self.election)
        form.addRow(_("Hari, tanggal, jam"), self.starts_at)
        form.addRow(TEXT_FIELDS[1][1](), self.inputs["place"])
        form.addRow(_("Penyelenggara"), self.organiser_kind)
        form.addRow(_("Instansi penyelenggara"), self.organiser_agency)
        for key, label in TEXT_FIELDS[2:]:
            form.addRow(label(), self.inputs[key])
        form.addRow(_("Instansi yang diundang"), self.invited)
        form.addRow("", self.invite_count)
        form.addRow(_("Naskah ikrar"), self.pledge_text)
        form.addRow("", self.fill_template)
        form.addRow(_("Catatan"), self.notes)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidget(holder)
        scroll.setWidgetResizable(True)
        self.error = error_label()
        self.buttons = ok_cancel_buttons(_("Simpan"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fill_template.clicked.connect(self.use_template)
        if event is not None:
            self._fill(event)
        else:
            self.use_template()
        self.invited.itemChanged.connect(self.count_invitations)
        self.count_invitations()

    def _fill(self, event: pledge.EventDetail) -> None:
        for key, edit in self.inputs.items():
            edit.setText(str(getattr(event, key) or ""))
        self.starts_at.set_value(event.starts_at.replace(tzinfo=None))
        self.election.setCurrentIndex(max(0, self.election.findData(event.election_id)))
        self.organiser_kind.setCurrentIndex(
            max(0, self.organiser_kind.findData(event.organiser_kind))
        )
        self.organiser_agency.setCurrentIndex(
            max(0, self.organiser_agency.findData(event.organiser_agency_id))
        )
        invited = {agency_id for agency_id, _name in event.invited_agencies}
        for row in range(self.invited.count()):
            item = self.invited.item(row)
            if item.data(Qt.ItemDataRole.UserRole) in invited:
                item.setCheckState(Qt.CheckState.Checked)
        self.pledge_text.setPlainText(event.pledge_text)
        self.notes.setPlainText(event.notes)

    def ticked_agencies(self) -> tuple[str, ...]:
        return tuple(
            self.invited.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.invited.count())
            if self.invited.item(r).checkState() == Qt.CheckState.Checked
        )

    def count_invitations(self) -> None:
        """How many people saving will put on the list: the active people of the ticked
        agencies not on it yet (counted again at every tick)."""
        ids = self.ticked_agencies()
        if not ids:
            self.invite_count.setText(
                _("Belum ada instansi yang dipilih: tidak ada yang diundang.")
            )
            return
        event_id = self.pledge_event.id if self.pledge_event is not None else None
        criteria = pledge.InviteCriteria(agency_ids=ids)
        self._runner.run(
            lambda: pledge.invite_preview(self._ctx, event_id, criteria),
            on_done=self._show_invitations,
            on_error=lambda exc: set_error(self.error, error_text(exc)),
        )

    def _show_invitations(self, result: pledge.InviteResult) -> None:
        text = _("{n} orang akan diundang saat disimpan.").format(n=number(result.added))
        if result.already:
            text += " " + _("{n} orang sudah ada di daftar.").format(n=number(result.already))
        self.invite_count.setText(text)

    def use_template(self) -> None:
        election = self.election.currentData()
        kind = self.organiser_kind.currentData()
        agency = self.organiser_agency.currentData()
        name = self.inputs["organiser_name"].text()
        self._runner.run(
            lambda: pledge.default_pledge_text(
                self._ctx,
                election_id=election,
                organiser_kind=kind,
                organiser_agency_id=agency,
                organiser_name=name,
            ),
            on_done=self.pledge_text.setPlainText,
            on_error=lambda exc: set_error(self.error, error_text(exc)),
        )

    def values(self) -> pledge.EventFields:
        text = {k: e.text().strip() for k, e in self.inputs.items()}
        moment = cast(datetime, self.starts_at.value())
        return pledge.EventFields(
            title=text["title"],
            election_id=self.election.currentData(),
            starts_at=datetime(moment.year, moment.month, moment.day, moment.hour, moment.minute),
            place=text["place"],
            organiser_kind=self.organiser_kind.currentData(),
            organiser_agency_id=self.organiser_agency.currentData(),
            organiser_name=text["organiser_name"],
            reader_name=text["reader_name"],
            reader_position=text["reader_position"],
            signer_name=text["signer_name"],
            signer_position=text["signer_position"],
            signer_nip=text["signer_nip"],
            witness_name=text["witness_name"],
            witness_position=text["witness_position"],
            pledge_text=self.pledge_text.toPlainText(),
            notes=self.notes.toPlainText(),
            invited_agency_ids=self.ticked_agencies(),
        )

    def save(self) -> None:
        values, event = self.values(), self.pledge_event
        self.buttons.setEnabled(False)

        def work():  # type: ignore[no-untyped-def]
            # The ticked agencies' people are invited in the same transaction.
            if event is None:
                return pledge.create_event(self._ctx, values, invite=True)
            return pledge.update_event(
                self._ctx,
                event.id,
                pledge.EventChanges.every(values),
                expected_revision=event.revision,
                invite=True,
            )

        self._runner.run(work, on_done=self._saved, on_error=self._failed)

    def _saved(self, row) -> None:  # type: ignore[no-untyped-def]
        self.saved_id = row.id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))

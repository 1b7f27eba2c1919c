"""The case dialogs: a new case (origin, election, dates, place from the region list, the
reported people from the roster or typed, the reporter, the account, the category), a step
of the procedure (only the steps the ruleset allows this role now, a reason where the step
needs one, the papers it issues), and a clarification hearing.

A refusal by the service (a step out of order, a report past its window without a reason)
is shown in the dialog, which keeps everything typed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.i18n import _
from netral_desktop.services import roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.date_field import DateField
from netral_desktop.ui.pages.cases import forms
from netral_desktop.ui.pages.cases.common import SUBJECT_KINDS, kind_label
from netral_desktop.ui.pledge_dialogs import LOOKUP_LIMIT, fit_list_height, person_line
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import (
    error_label,
    error_text,
    fit_to_screen,
    ok_cancel_buttons,
    set_error,
    show_error,
)


def _text_box(name: str, height: int = 90) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)  # Tab leaves the box (keyboard first), it types no tab
    box.setMinimumHeight(height)
    return box


def _scrolled(widget: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(widget)
    return scroll


class SubjectEntry(QWidget):
    """One reported person: looked up in the roster (fills the fields from it) or typed when
    the NIP or rank is not known yet (completed later); added to the list below."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.person: Any = None
        self.lookup = QLineEdit()
        self.lookup.setObjectName("subjectLookup")
        self.lookup.setPlaceholderText(_("Ketik nama atau NIP untuk mencari di daftar pegawai"))
        self.lookup.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setObjectName("subjectLookupResults")
        self.results.hide()
        self.results.itemActivated.connect(self._choose)
        self.linked = QLabel()
        self.linked.setWordWrap(True)
        self.linked.setStyleSheet("color: #1b5e20;")
        self.linked.hide()
        self.full_name = QLineEdit()
        self.full_name.setObjectName("subjectName")
        self.nip = QLineEdit()
        self.nip.setObjectName("subjectNip")
        self.nip.setPlaceholderText(_("boleh kosong bila belum diketahui"))
        self.kind = QComboBox()
        self.kind.setObjectName("subjectKind")
        for code in SUBJECT_KINDS:
            self.kind.addItem(kind_label(code), code)
        self.agency = QComboBox()
        self.agency.setObjectName("subjectAgency")
        self.agency.setEditable(True)
        self.agency.addItem("", None)
        self.jabatan = QLineEdit()
        self.jabatan.setObjectName("subjectJabatan")
        self.add_button = QPushButton(_("Tambahkan terlapor"))
        self.add_button.setObjectName("addSubject")
        self.remove_button = QPushButton(_("Hapus dari daftar"))
        self.added = QListWidget()
        self.added.setObjectName("subjectList")
        self.added.setMinimumHeight(70)
        self.error = error_label()

        form = QFormLayout()
        form.addRow(_("Cari di daftar pegawai"), self.lookup)
        form.addRow("", self.results)
        form.addRow("", self.linked)
        form.addRow(_("Nama"), self.full_name)
        form.addRow(_("NIP"), self.nip)
        form.addRow(_("Jenis"), self.kind)
        form.addRow(_("Instansi"), self.agency)
        form.addRow(_("Jabatan"), self.jabatan)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        layout.addWidget(QLabel(_("Terlapor perkara ini:")))
        layout.addWidget(self.added, 1)
        under = QHBoxLayout()
        under.addStretch()
        under.addWidget(self.remove_button)
        layout.addLayout(under)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.look_up)
        self.lookup.textChanged.connect(self._timer.start)
        self.lookup.installEventFilter(self)
        self.results.installEventFilter(self)
        self.full_name.textEdited.connect(self._unlink)
        self.nip.textEdited.connect(self._unlink)
        self.add_button.clicked.connect(self.add_current)
        self.remove_button.clicked.connect(self.remove_current)

    def set_agencies(self, agencies: Sequence[Any]) -> None:
        for agency in agencies:
            self.agency.addItem(agency.name, agency.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.results and enter:
            item = self.results.currentItem()
            if item is not None:
                self._choose(item)
            return True
        if watched is self.lookup and (enter or event.key() == Qt.Key.Key_Down):
            if self._timer.isActive():
                self._timer.stop()
                self.look_up()
            if self.results.count():
                self.results.setFocus()
                self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def look_up(self) -> None:
        text = self.lookup.text().strip()
        if len(text) < 2:
            self._found([])
            return
        self._runner.run(
            lambda: roster.search(self._ctx, text, limit=LOOKUP_LIMIT),
            on_done=self._found,
            on_error=lambda exc: set_error(self.error, error_text(exc)),
        )

    def _found(self, people: list[Any]) -> None:
        self.results.clear()
        for person in people:
            item = QListWidgetItem(person_line(person))
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.results.addItem(item)
        fit_list_height(self.results, LOOKUP_LIMIT)
        self.results.setVisible(bool(people))

    def _choose(self, item: QListWidgetItem) -> None:
        self.use_person(item.data(Qt.ItemDataRole.UserRole))
        self.add_button.setFocus()

    def use_person(self, person: Any) -> None:
        self.full_name.setText(person.full_name)
        self.nip.setText(person.nip or person.ni_pppk or "")
        self.kind.setCurrentIndex(max(0, self.kind.findData("pppk" if person.ni_pppk else "pns")))
        index = self.agency.findData(person.agency_id) if person.agency_id else -1
        if index >= 0:
            self.agency.setCurrentIndex(index)
        else:
            self.agency.setEditText(person.agency_name or "")
        self.jabatan.setText(person.jabatan)
        self.person = person
        self.linked.setText(_("Dari daftar pegawai: {who}").format(who=person_line(person)))
        self.linked.show()

    def _unlink(self) -> None:
        self.person = None
        self.linked.hide()

    def current_values(self) -> forms.SubjectValues | None:
        name = self.full_name.text().strip()
        if not name:
            return None
        agency_text = self.agency.currentText().strip()
        agency_id = (
            self.agency.currentData()
            if agency_text and agency_text == self.agency.itemText(self.agency.currentIndex())
            else None
        )
        return forms.SubjectValues(
            full_name=name,
            nip=self.nip.text().strip(),
            kind=self.kind.currentData(),
            agency_id=agency_id,
            agency_name="" if agency_id else agency_text,
            jabatan=self.jabatan.text().strip(),
            person_id=self.person.id if self.person is not None else None,
        )

    def add_current(self) -> None:
        values = self.current_values()
        if values is None:
            set_error(self.error, _("Isi nama terlapor, atau pilih dari daftar pegawai."))
            self.full_name.setFocus()
            return
        set_error(self.error, "")
        item = QListWidgetItem(forms.subject_line(values))
        item.setData(Qt.ItemDataRole.UserRole, values)
        self.added.addItem(item)
        for edit in (self.lookup, self.full_name, self.nip, self.jabatan):
            edit.clear()
        self.agency.setCurrentIndex(0)
        self._unlink()
        self.lookup.setFocus()

    def remove_current(self) -> None:
        row = self.added.currentRow()
        if row >= 0:
            self.added.takeItem(row)

    def subjects(self) -> list[forms.SubjectValues]:
        """The people added, and the one still in the fields (typed, not yet added)."""
        found = [
            self.added.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.added.count())
        ]
        pending = self.current_values()
        if pending is not None and pending not in found:
            found.append(pending)
        return found


class NewCaseDialog(QDialog):
    """A report, finding or tip as it comes in; or, given ``case`` (the service's view of a
    case), its facts changed (a decided case is refused by the service until reopened)."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        parent: QWidget | None = None,
        case: Any = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.case = case
        self.saved_id: str | None = None
        self.setWindowTitle(_("Ubah data perkara") if case is not None else _("Perkara baru"))
        self.setMinimumSize(560, 420)
        fit_to_screen(self, 820, 660)
        # Until the office's today comes with the choices (read on the worker).
        today = date.today()

        # --- the case ---
        self.origin_kind = QComboBox()
        self.origin_kind.setObjectName("caseOrigin")
        for code, label in forms.origin_choices():
            self.origin_kind.addItem(label, code)
        self.election = QComboBox()
        self.election.setObjectName("caseElection")
        self.title = QLineEdit()
        self.title.setObjectName("caseTitle")
        self.title.setPlaceholderText(_("mis. Kepala dinas hadir dalam kampanye calon bupati"))
        self.event_date = DateField(optional=True, empty_text=_("(belum diketahui)"))
        self.event_date.setObjectName("caseEventDate")
        self.known_date = DateField()
        self.known_date.setObjectName("caseKnownDate")
        self.known_date.set_value(today)
        self.received_date = DateField()
        self.received_date.setObjectName("caseReceivedDate")
        self.received_date.set_value(today)
        self.kecamatan = QComboBox()
        self.kecamatan.setObjectName("caseKecamatan")
        self.kecamatan.addItem(_("(pilih)"), "")
        self.desa = QLineEdit()
        self.desa.setObjectName("caseDesa")
        self.place = QLineEdit()
        self.place.setObjectName("casePlace")
        self.place.setPlaceholderText(_("mis. Lapangan Paseban, akun Facebook"))
        self.category = QComboBox()
        self.category.setObjectName("caseCategory")
        self.category.addItem(_("(belum ditentukan)"), "")
        self.stage = QComboBox()
        self.stage.setObjectName("caseStage")
        for code, label in forms.stage_choices():
            self.stage.addItem(label, code)
        self.account = _text_box("caseAccount", 110)
        self.account.setPlaceholderText(
            _("Uraian kejadian: apa, siapa, kapan, di mana, bagaimana; bukti yang ada.")
        )
        self.late_reason = QLineEdit()
        self.late_reason.setObjectName("caseLateReason")
        self.late_reason.setPlaceholderText(
            _("diisi bila laporan disampaikan lewat batas waktu penyampaian")
        )
        self.notes = QLineEdit()
        self.notes.setObjectName("caseNotes")

        case_tab = QWidget()
        form = QFormLayout(case_tab)
        form.addRow(_("Asal"), self.origin_kind)
        form.addRow(_("Pemilihan"), self.election)
        form.addRow(_("Perihal"), self.title)
        form.addRow(_("Tanggal kejadian"), self.event_date)
        form.addRow(_("Tanggal diketahui"), self.known_date)
        form.addRow(_("Tanggal diterima"), self.received_date)
        self.kecamatan_label = QLabel(_("Kecamatan"))
        form.addRow(self.kecamatan_label, self.kecamatan)
        self.desa_label = QLabel(_("Desa/kelurahan"))
        form.addRow(self.desa_label, self.desa)
        form.addRow(_("Tempat"), self.place)
        form.addRow(_("Kategori"), self.category)
        form.addRow(_("Tahapan pemilihan"), self.stage)
        form.addRow(_("Uraian kejadian"), self.account)
        form.addRow(_("Alasan terlambat"), self.late_reason)
        form.addRow(_("Catatan"), self.notes)

        # --- the reported people ---
        self.subject_entry = SubjectEntry(ctx, runner)

        # --- the reporter ---
        self.reporter_name = QLineEdit()
        self.reporter_name.setObjectName("reporterName")
        self.reporter_nik = QLineEdit()
        self.reporter_nik.setObjectName("reporterNik")
        self.reporter_nik.setMaxLength(16)
        self.reporter_address = QLineEdit()
        self.reporter_address.setObjectName("reporterAddress")
        self.reporter_phone = QLineEdit()
        self.reporter_phone.setObjectName("reporterPhone")
        self.reporter_email = QLineEdit()
        self.reporter_occupation = QLineEdit()
        self.reporter_occupation.setObjectName("reporterOccupation")
        self.reporter_standing = QComboBox()
        self.reporter_standing.setObjectName("reporterStanding")
        for code, label in forms.standing_choices():
            self.reporter_standing.addItem(label, code)
        reporter_tab = QWidget()
        reporter_form = QFormLayout(reporter_tab)
        note = QLabel(
            _(
                "Identitas pelapor disimpan terenkripsi. Selain koordinator dan admin, "
                "pengguna lain hanya melihat nama samaran (mis. Pelapor-0007)."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        reporter_form.addRow(note)
        reporter_form.addRow(_("Nama"), self.reporter_name)
        reporter_form.addRow(_("NIK"), self.reporter_nik)
        reporter_form.addRow(_("Alamat"), self.reporter_address)
        reporter_form.addRow(_("Telepon"), self.reporter_phone)
        reporter_form.addRow(_("Surel"), self.reporter_email)
        reporter_form.addRow(_("Pekerjaan"), self.reporter_occupation)
        reporter_form.addRow(_("Kedudukan pelapor"), self.reporter_standing)

        self.tabs = QTabWidget()
        self.tabs.addTab(_scrolled(case_tab), _("Kejadian"))
        self.tabs.addTab(self.subject_entry, _("Terlapor"))
        self.tabs.addTab(_scrolled(reporter_tab), _("Pelapor"))
        self.error = error_label()
        self.buttons = ok_cancel_buttons(_("Simpan perkara"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.origin_kind.currentIndexChanged.connect(self._origin_changed)
        self._origin_changed()
        self.title.setFocus()
        runner.run(
            lambda: forms.new_case_choices(ctx),
            on_done=self._fill,
            on_error=lambda exc: set_error(self.error, error_text(exc)),
        )

    def _fill(self, choices: forms.NewCaseChoices) -> None:
        for election_id, label in choices.elections:
            self.election.addItem(label, election_id)
        if self.case is not None:
            forms.fill_case(self, self.case)
        elif choices.today is not None:
            self.known_date.set_value(choices.today)
            self.received_date.set_value(choices.today)
        for code, name in choices.kecamatan:
            self.kecamatan.addItem(name, code)
        for code, label in choices.categories:
            self.category.addItem(label, code)
            self.category.setItemData(self.category.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        self.kecamatan_label.setText(choices.kecamatan_word)
        self.desa_label.setText(choices.desa_word)
        self.subject_entry.set_agencies(choices.agencies)

    def _origin_changed(self) -> None:
        laporan = self.origin_kind.currentData() == "laporan"
        self.tabs.setTabEnabled(2, laporan)
        self.late_reason.setEnabled(laporan)

    def values(self) -> forms.NewCaseValues:
        reporter = None
        if self.origin_kind.currentData() == "laporan" and self.reporter_name.text().strip():
            reporter = forms.PartyValues(
                role="pelapor",
                name=self.reporter_name.text().strip(),
                nik=self.reporter_nik.text().strip(),
                address=self.reporter_address.text().strip(),
                phone=self.reporter_phone.text().strip(),
                email=self.reporter_email.text().strip(),
                occupation=self.reporter_occupation.text().strip(),
                standing=self.reporter_standing.currentData() or "",
            )
        return forms.NewCaseValues(
            origin=self.origin_kind.currentData(),
            election_id=self.election.currentData(),
            title=self.title.text().strip(),
            event_date=self.event_date.value(),  # type: ignore[arg-type]
            known_date=self.known_date.value(),  # type: ignore[arg-type]
            received_date=self.received_date.value(),  # type: ignore[arg-type]
            kecamatan_code=self.kecamatan.currentData() or "",
            desa_name=self.desa.text().strip(),
            place=self.place.text().strip(),
            category=self.category.currentData() or "",
            stage=self.stage.currentData() or "",
            account=self.account.toPlainText().strip(),
            late_reason=self.late_reason.text().strip(),
            notes=self.notes.text().strip(),
            subjects=tuple(self.subject_entry.subjects()),
            reporter=reporter,
        )

    def save(self) -> None:
        values = self.values()
        case = self.case
        self.buttons.setEnabled(False)
        self._runner.run(
            lambda: (
                forms.create_case(self._ctx, values)
                if case is None
                else forms.change_case(self._ctx, case, values)
            ),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, case_id: str) -> None:
        self.saved_id = case_id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))


class StepDialog(QDialog):
    """Take one step of the procedure: only the steps the ruleset allows this role from the
    case's status are offered; the step's reason, date, values and papers."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        case_id: str,
        case_title: str,
        steps: Sequence[Any],
        subject_id: str | None = None,
        subject_name: str = "",
        category_code: str = "",
        subjects: Sequence[Any] = (),
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.case_id, self.subject_id = case_id, subject_id
        self.subject_names = {s.id: s.full_name for s in subjects}
        self.taken: Any = None
        self.taken_for: str | None = None  # the reported person the step was taken for
        self.steps = list(steps)
        self.setWindowTitle(
            _("Tahapan: {who}").format(who=subject_name) if subject_name else _("Tahapan perkara")
        )
        self.setMinimumSize(520, 400)
        fit_to_screen(self, 760, 620)
        heading = QLabel(case_title)
        heading.setObjectName("stepCase")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-weight: 600;")
        self.step_list = QListWidget()
        self.step_list.setObjectName("stepList")
        for step in self.steps:
            item = QListWidgetItem(forms.step_line(step))
            item.setData(Qt.ItemDataRole.UserRole, step)
            item.setToolTip(getattr(step, "article", "") or "")
            self.step_list.addItem(item)
        self.none_note = QLabel(
            _(
                "Tidak ada tahapan yang dapat Anda ambil pada status ini. Tahapan yang "
                "memerlukan putusan diambil oleh koordinator divisi."
            )
        )
        self.none_note.setWordWrap(True)
        self.none_note.setVisible(not self.steps)
        fit_list_height(self.step_list, 7)
        self.details = QLabel()
        self.details.setObjectName("stepDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.when = DateField()
        self.when.setObjectName("stepDate")
        self.when.set_value(today or date.today())  # the case view gives the office's today
        self.reason = _text_box("stepReason", 70)
        self.reason.setMaximumHeight(140)
        self.reason_label = QLabel(_("Alasan"))
        self.extra = forms.StepValuesForm()
        # A step for one reported person, chosen from the case's step list: for whom.
        self.subject = QComboBox()
        self.subject.setObjectName("stepSubject")
        self.subject_label = QLabel(_("Terlapor"))
        form = QFormLayout()
        form.addRow(self.subject_label, self.subject)
        form.addRow(_("Tanggal"), self.when)
        form.addRow(self.reason_label, self.reason)
        self.error = error_label()
        self.buttons = ok_cancel_buttons(_("Ambil tahapan"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(heading)
        body_layout.addWidget(self.none_note)
        body_layout.addWidget(self.step_list)
        body_layout.addWidget(self.details)
        body_layout.addLayout(form)
        body_layout.addWidget(self.extra)
        body_layout.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(_scrolled(body), 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.step_list.currentRowChanged.connect(self._step_changed)
        if self.steps:
            self.step_list.setCurrentRow(0)
        else:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self._step_changed(-1)
        self.step_list.setFocus()
        if category_code:
            runner.run(
                lambda: forms.sanctions_for(ctx, category_code),
                on_done=self.extra.set_sanctions,
            )

    def current_step(self) -> Any:
        item = self.step_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def choose(self, code: str) -> None:
        for row, step in enumerate(self.steps):
            if step.code == code:
                self.step_list.setCurrentRow(row)
                return
        raise KeyError(code)

    def _step_changed(self, _row: int) -> None:
        step = self.current_step()
        choose = bool(step is not None and step.per_subject and self.subject_id is None)
        self.subject.clear()
        if choose:
            for subject_id in step.subject_ids:
                self.subject.addItem(self.subject_names.get(subject_id, subject_id), subject_id)
        self.subject.setVisible(choose)
        self.subject_label.setVisible(choose)
        self.details.setText(forms.step_details_html(step) if step is not None else "")
        needs = bool(step is not None and step.needs_reason)
        self.reason_label.setText(_("Alasan (wajib)") if needs else _("Alasan / catatan"))
        self.extra.show_for(step)
        set_error(self.error, "")

    def save(self) -> None:
        step = self.current_step()
        if step is None:
            return
        reason = self.reason.toPlainText().strip()
        if step.needs_reason and not reason:
            set_error(
                self.error,
                _("Tahapan «{step}» memerlukan alasan: tuliskan alasannya.").format(
                    step=step.label
                ),
            )
            self.reason.setFocus()
            return
        values = self.extra.values()
        when = self.when.value()
        subject_id = self.subject_id
        if step.per_subject and subject_id is None:
            subject_id = self.subject.currentData()
        self.taken_for = subject_id
        self.buttons.setEnabled(False)
        self._runner.run(
            lambda: forms.take_step(
                self._ctx,
                self.case_id,
                step.code,
                reason=reason,
                on=when,  # type: ignore[arg-type]
                subject_id=subject_id,
                values=values,
            ),
            on_done=self._taken,
            on_error=self._failed,
        )

    def _taken(self, result: Any) -> None:
        self.taken = result
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))


class HearingDialog(QDialog):
    """A clarification hearing: who is heard, when and where (online with its reason), the
    invitations (B.9 and the second one), then attendance, oath and the statement."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        case_id: str,
        subjects: Sequence[Any] = (),
        parties: Sequence[Any] = (),
        hearing: Any = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.case_id = case_id
        self.hearing = hearing
        self.wanted_recording: str | None = None
        self.saved_id: str | None = None
        self.setWindowTitle(_("Catat hasil klarifikasi") if hearing else _("Jadwal klarifikasi"))
        self.setMinimumSize(520, 420)
        fit_to_screen(self, 720, 640)
        self.heard_as = QComboBox()
        self.heard_as.setObjectName("hearingHeardAs")
        for code, label in forms.heard_as_choices():
            self.heard_as.addItem(label, code)
        self.subject = QComboBox()
        self.subject.setObjectName("hearingSubject")
        self.subject.addItem(_("(bukan terlapor)"), None)
        for subject in subjects:
            self.subject.addItem(subject.full_name, subject.id)
        self.party = QComboBox()
        self.party.setObjectName("hearingParty")
        self.party.addItem(_("(bukan pelapor atau saksi)"), None)
        for party in parties:  # by pseudonym: the identity stays sealed
            self.party.addItem(f"{party.pseudonym} ({party.role_label})", party.id)
        self.name = QLineEdit()
        self.name.setObjectName("hearingName")
        self.name.setPlaceholderText(_("nama orang yang tidak tercatat pada perkara (mis. ahli)"))
        self.scheduled = DateField(with_time=True)
        self.scheduled.setObjectName("hearingAt")
        self.place = QLineEdit()
        self.place.setObjectName("hearingPlace")
        self.online = QCheckBox(_("Daring (wajib direkam)"))
        self.online.setObjectName("hearingOnline")
        self.online_reason = QComboBox()
        self.online_reason.setObjectName("hearingOnlineReason")
        self.online_reason.setEditable(True)
        self.online_reason.addItems(forms.online_reasons())
        self.recording = QComboBox()
        self.recording.setObjectName("hearingRecording")
        self.recording.addItem(_("(belum ada)"), None)
        self.invitation = DateField(optional=True, empty_text=_("(belum dikirim)"))
        self.invitation.setObjectName("hearingInvitation")
        self.second_invitation = DateField(optional=True, empty_text=_("(tidak ada)"))
        self.attendance = QComboBox()
        self.attendance.setObjectName("hearingAttendance")
        for code, label in forms.attendance_choices():
            self.attendance.addItem(label, code)
        self.oath = QCheckBox(_("Bersumpah/berjanji (B.10/B.11)"))
        self.statement = _text_box("hearingStatement", 90)
        self.statement.setPlaceholderText(_("Keterangan yang diberikan (untuk berita acara B.12)"))
        self.online.toggled.connect(self.online_reason.setEnabled)
        self.online_reason.setEnabled(False)
        self.subject.currentIndexChanged.connect(self._subject_chosen)
        self.party.currentIndexChanged.connect(self._party_chosen)
        body = QWidget()
        form = QFormLayout(body)
        form.addRow(_("Terlapor"), self.subject)
        form.addRow(_("Pelapor/saksi"), self.party)
        form.addRow(_("Atau nama"), self.name)
        form.addRow(_("Diklarifikasi sebagai"), self.heard_as)
        form.addRow(_("Jadwal"), self.scheduled)
        form.addRow(_("Tempat"), self.place)
        online = QHBoxLayout()
        online.addWidget(self.online)
        online.addWidget(self.online_reason, 1)
        form.addRow("", online)
        form.addRow(_("Undangan (B.9)"), self.invitation)
        form.addRow(_("Undangan kedua"), self.second_invitation)
        form.addRow(_("Kehadiran"), self.attendance)
        form.addRow("", self.oath)
        form.addRow(_("Keterangan"), self.statement)
        form.addRow(_("Rekaman (daring)"), self.recording)
        self.error = error_label()
        self.buttons = ok_cancel_buttons(_("Simpan"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_scrolled(body), 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if hearing is not None:
            forms.fill_hearing(self, hearing)
        else:
            self.scheduled.set_value(forms.next_working_morning(today or date.today()))
            self.attendance.setEnabled(False)  # recorded once the hearing took place
            self.statement.setEnabled(False)
            self.oath.setEnabled(False)
            self.second_invitation.setEnabled(False)
            self.recording.setEnabled(False)
        runner.run(
            lambda: forms.recordings(ctx, case_id),
            on_done=self._recordings,
            on_error=lambda exc: set_error(self.error, error_text(exc)),
        )

    def _recordings(self, rows: list[tuple[str, str]]) -> None:
        for attachment_id, name in rows:
            self.recording.addItem(name, attachment_id)
        if self.wanted_recording:
            self.recording.setCurrentIndex(max(0, self.recording.findData(self.wanted_recording)))

    def _subject_chosen(self) -> None:
        if self.subject.currentData():
            self.party.setCurrentIndex(0)
            self.heard_as.setCurrentIndex(max(0, self.heard_as.findData("terlapor")))

    def _party_chosen(self) -> None:
        if self.party.currentData():
            self.subject.setCurrentIndex(0)
            role = self.party.currentText().rsplit("(", 1)[-1].rstrip(")").lower()
            index = self.heard_as.findText(role, Qt.MatchFlag.MatchFixedString)
            if index >= 0:
                self.heard_as.setCurrentIndex(index)

    def save(self) -> None:
        values = forms.hearing_values(self)
        self.buttons.setEnabled(False)
        self._runner.run(
            lambda: forms.save_hearing(self._ctx, self.case_id, self.hearing, values),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, hearing_id: str) -> None:
        self.saved_id = hearing_id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))


class PapersDialog(QDialog):
    """Papers of a case (those a step issues, a hearing's, or any of the case's): each
    previewed as a draft and issued, numbered and recorded when printed or saved
    (ui/pdf_preview_dialog.py). ``target`` is the reported person or hearing a paper is for."""

    issued = Signal(object)  # a paper was issued from here (documents.Issued)

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        case_id: str,
        documents: Sequence[str],
        target: str = "",
        ruleset: str = "pemilu",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner, self.case_id = ctx, runner, case_id
        self.preview: QDialog | None = None
        self.setWindowTitle(_("Dokumen perkara"))
        self.setMinimumWidth(560)
        intro = QLabel(
            _(
                "Buka pratinjau dokumen. Dokumen diterbitkan (bernomor dan berkode verifikasi, "
                "dicatat pada riwayat perkara) saat dicetak atau disimpan."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.buttons_by_code: dict[str, QPushButton] = {}
        for code in documents:
            form = forms.paper_form(code, ruleset) if code.startswith("B.") else code
            row = QHBoxLayout()
            title = QLabel(forms.paper_title(code, form))
            title.setWordWrap(True)
            button = QPushButton(_("Pratinjau…"))
            button.setObjectName(f"paper_{code}")
            button.setEnabled(form is not None)
            if form is not None:
                button.clicked.connect(lambda _c=False, f=form: self.open_paper(f, target))
            row.addWidget(title, 1)
            row.addWidget(button)
            layout.addLayout(row)
            self.buttons_by_code[code] = button
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Tutup"))
        close.rejected.connect(self.reject)
        layout.addWidget(close)

    def open_paper(self, form: str, target: str = "") -> None:
        preview_paper(
            self, self._ctx, self._runner, form, self.case_id, target, on_issued=self.issued.emit
        )


def preview_paper(
    parent: QWidget,
    ctx: ServiceContext,
    runner: TaskRunner,
    form: str,
    case_id: str,
    target: str = "",
    *,
    on_issued: Callable[[Any], None] | None = None,
) -> None:
    """A case paper as a draft, issued (numbered, with its code) when printed or saved; a
    paper this user may not issue (a pseudonym rule, the kajian before the pleno, a number
    the case has not taken yet) opens as a draft saying why."""
    from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog

    def shown(draft: tuple[bytes, str, str]) -> None:
        pdf, title, blocked = draft
        dialog = PdfPreviewDialog(
            pdf,
            title,
            runner,
            suggested_name=f"{form}.pdf",
            draft=True,
            issue=lambda: forms.issue_paper(ctx, form, case_id, target),
            blocked=blocked,
            confirm_text=_(
                "Terbitkan {title}? Dokumen diberi kode verifikasi dan dicatat pada riwayat "
                "perkara."
            ).format(title=title),
            parent=parent,
        )
        if on_issued is not None:
            dialog.finished.connect(lambda _r: on_issued(dialog.issued) if dialog.issued else None)
        dialog.open()

    runner.run(
        lambda: forms.draft_paper(ctx, form, case_id, target),
        on_done=shown,
        on_error=lambda exc: show_error(parent, exc),
    )


class SubjectDialog(QDialog):
    """A reported person added to the case, or completed later (the NIP, rank or agency
    that was not known when the report came in)."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        case_id: str,
        subject: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner, self.case_id = ctx, runner, case_id
        self.subject = subject
        self.saved_id: str | None = None
        self.setWindowTitle(_("Lengkapi data terlapor") if subject else _("Tambah terlapor"))
        self.setMinimumWidth(560)
        self.full_name = QLineEdit()
        self.full_name.setObjectName("subjectName")
        self.nip = QLineEdit()
        self.nip.setObjectName("subjectNip")
        self.kind = QComboBox()
        self.kind.setObjectName("subjectKind")
        for code in SUBJECT_KINDS:
            self.kind.addItem(kind_label(code), code)
        self.pangkat = QLineEdit()
        self.pangkat.setObjectName("subjectPangkat")
        self.pangkat.setPlaceholderText(_("mis. Pembina Tk. I (IV/b)"))
        self.jabatan = QLineEdit()
        self.unit = QLineEdit()
        self.agency = QLineEdit()
        self.agency.setObjectName("subjectAgency")
        self.ppk_name = QLineEdit()
        self.ppk_title = QLineEdit()
        self.ppk_title.setPlaceholderText(_("mis. Bupati Bantul"))
        self.notes = QLineEdit()
        form = QFormLayout()
        form.addRow(_("Nama"), self.full_name)
        form.addRow(_("NIP / NI PPPK"), self.nip)
        form.addRow(_("Jenis"), self.kind)
        form.addRow(_("Pangkat/golongan"), self.pangkat)
        form.addRow(_("Jabatan"), self.jabatan)
        form.addRow(_("Unit kerja"), self.unit)
        form.addRow(_("Instansi"), self.agency)
        form.addRow(_("Nama PPK"), self.ppk_name)
        form.addRow(_("Jabatan PPK"), self.ppk_title)
        form.addRow(_("Catatan"), self.notes)
        self.error = error_label()
        self.buttons = ok_cancel_buttons(_("Simpan"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if subject is not None:
            self.full_name.setText(subject.full_name)
            self.nip.setText(subject.nip.replace(" ", ""))
            self.kind.setCurrentIndex(max(0, self.kind.findData(subject.kind)))
            self.pangkat.setText(subject.pangkat_golongan)
            self.jabatan.setText(subject.jabatan)
            self.unit.setText(subject.unit_kerja)
            self.agency.setText(subject.agency_name)
            self.ppk_name.setText(subject.ppk_name)
            self.ppk_title.setText(subject.ppk_title)
            self.notes.setText(subject.notes)
            if subject.incomplete:
                set_error(
                    self.error,
                    _("Belum lengkap: {what}.").format(what=", ".join(subject.incomplete)),
                )

    def values(self) -> dict[str, Any]:
        return {
            "full_name": self.full_name.text().strip(),
            "nip": self.nip.text().strip() or None,
            "kind": self.kind.currentData(),
            "pangkat_golongan": self.pangkat.text().strip(),
            "jabatan": self.jabatan.text().strip(),
            "unit_kerja": self.unit.text().strip(),
            "agency_name": self.agency.text().strip(),
            "ppk_name": self.ppk_name.text().strip(),
            "ppk_title": self.ppk_title.text().strip(),
            "notes": self.notes.text().strip(),
        }

    def save(self) -> None:
        values = self.values()
        subject = self.subject
        self.buttons.setEnabled(False)
        self._runner.run(
            lambda: forms.save_subject(self._ctx, self.case_id, subject, values),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, subject_id: str) -> None:
        self.saved_id = subject_id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))


class PartyDialog(QDialog):
    """A witness, an expert or another reporter added to the case; the identity is sealed at
    once and the case shows a pseudonym from then on."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        case_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner, self.case_id = ctx, runner, case_id
        self.saved_id: str | None = None
        self.setWindowTitle(_("Tambah saksi atau ahli"))
        self.setMinimumWidth(560)
        self.role = QComboBox()
        self.role.setObjectName("partyRole")
        for code, label in forms.party_role_choices():
            self.role.addItem(label, code)
        self.name = QLineEdit()
        self.name.setObjectName("partyName")
        self.nik = QLineEdit()
        self.nik.setObjectName("partyNik")
        self.nik.setMaxLength(16)
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.occupation = QLineEdit()
        note = QLabel(
            _(
                "Identitas disimpan terenkripsi; perkara menampilkan nama samaran. Hanya "
                "koordinator dan admin yang dapat menampilkan identitasnya."
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        form = QFormLayout()
        form.addRow(note)
        form.addRow(_("Sebagai"), self.role)
        form.addRow(_("Nama"), self.name)
        form.addRow(_("NIK"), self.nik)
        form.addRow(_("Alamat"), self.address)
        form.addRow(_("Telepon"), self.phone)
        form.addRow(_("Pekerjaan"), self.occupation)
        self.error = error_label()
        self.buttons = ok_cancel_buttons(_("Simpan"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def values(self) -> forms.PartyValues:
        return forms.PartyValues(
            role=self.role.currentData(),
            name=self.name.text().strip(),
            nik=self.nik.text().strip(),
            address=self.address.text().strip(),
            phone=self.phone.text().strip(),
            occupation=self.occupation.text().strip(),
        )

    def save(self) -> None:
        values = self.values()
        self.buttons.setEnabled(False)
        self._runner.run(
            lambda: forms.add_party(self._ctx, self.case_id, values),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, party_id: str) -> None:
        self.saved_id = party_id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))

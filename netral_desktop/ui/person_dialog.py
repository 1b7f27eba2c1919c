"""A person's record: edit with live identifier checks, and the record's history."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.roster import PersonStatus
from netral_desktop.i18n import _
from netral_desktop.services import audit_query, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.date_field import DateField
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import error_label, error_text, ok_cancel_buttons, set_error

TEXT_FIELDS = (
    ("full_name", lambda: _("Nama lengkap (dengan gelar)")),
    ("nip", lambda: _("NIP")),
    ("ni_pppk", lambda: _("NI PPPK")),
    ("nik", lambda: _("NIK")),
    ("birth_date", lambda: _("Tanggal lahir")),  # a date field, not text
    ("jabatan", lambda: _("Jabatan")),
    ("pangkat_golongan", lambda: _("Pangkat/golongan")),
    ("unit_kerja", lambda: _("Unit kerja")),
    ("phone", lambda: _("Nomor HP")),
)


class PersonDialog(QDialog):
    """Add (``person_id`` None) or edit a person; saving runs on the worker."""

    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        agencies: list[roster.AgencyRow],
        person_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.person_id = person_id
        self._revision: int | None = None
        self.saved = False
        self.setWindowTitle(_("Ubah data pegawai") if person_id else _("Tambah pegawai"))
        self.resize(640, 600)

        self.inputs: dict[str, QLineEdit] = {}
        # Picked from a calendar or typed as digits; left empty, it comes from the NIP/NIK.
        self.birth_date = DateField(optional=True, empty_text=_("(kosong: dari NIP/NIK)"))
        self.birth_date.setObjectName("person_birth_date")
        form = QFormLayout()
        for key, label in TEXT_FIELDS:
            if key == "birth_date":
                form.addRow(label(), self.birth_date)
                continue
            edit = QLineEdit()
            edit.setObjectName(f"person_{key}")
            self.inputs[key] = edit
            form.addRow(label(), edit)
        self.status = QComboBox()
        for status in PersonStatus:
            self.status.addItem(status.label, status.value)
        self.sex = QComboBox()
        self.sex.addItem(_("(tidak diketahui)"), None)
        self.sex.addItem(_("Laki-laki"), "L")
        self.sex.addItem(_("Perempuan"), "P")
        self.agency = QComboBox()
        self.agency.addItem(_("(belum ada instansi)"), None)
        for agency in agencies:
            self.agency.addItem(agency.name, agency.id)
        form.insertRow(1, _("Status kepegawaian"), self.status)
        form.insertRow(5, _("Jenis kelamin"), self.sex)
        form.addRow(_("Instansi"), self.agency)
        self.hints = QLabel()
        self.hints.setWordWrap(True)
        self.hints.setStyleSheet("color: #8a5300;")
        self.error = error_label()

        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(form)
        details_layout.addWidget(self.hints)
        details_layout.addStretch()
        self.history = QPlainTextEdit()
        self.history.setReadOnly(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(details, _("Data"))
        self.tabs.addTab(self.history, _("Riwayat"))
        self.buttons = ok_cancel_buttons(_("Simpan"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(200)
        self._check_timer.timeout.connect(self._check)
        for edit in self.inputs.values():
            edit.textChanged.connect(self._check_timer.start)
        self.birth_date.changed.connect(self._check_timer.start)
        for combo in (self.status, self.sex, self.agency):
            combo.currentIndexChanged.connect(self._check_timer.start)
        if person_id:
            runner.run(
                lambda: self._load(person_id),
                on_done=self._fill,
                on_error=lambda exc: set_error(self.error, error_text(exc)),
            )
        else:
            self.tabs.setTabEnabled(1, False)

    def _load(self, person_id: str):  # type: ignore[no-untyped-def]
        return (
            roster.get_person(self._ctx, person_id),
            audit_query.person_history(self._ctx, person_id),
        )

    def _fill(self, loaded) -> None:  # type: ignore[no-untyped-def]
        person, history = loaded
        self._revision = person.revision
        for key, edit in self.inputs.items():
            edit.setText(str(getattr(person, key) or ""))
        self.birth_date.set_value(
            date.fromisoformat(person.birth_date) if person.birth_date else None
        )
        self.status.setCurrentIndex(self.status.findData(person.status))
        self.sex.setCurrentIndex(max(0, self.sex.findData(person.sex)))
        self.agency.setCurrentIndex(max(0, self.agency.findData(person.agency_id)))
        lines = []
        for entry in history:
            head = f"{entry.when} {entry.time_zone} — {entry.actor}: {entry.action}"
            if entry.entry.table_name != "person" and entry.kind not in entry.action:
                head += f" ({entry.kind})"
            if entry.note:
                head += f" — {entry.note}"
            lines.append(head)
            if entry.entry.action != "create":  # a creation lists every field: too long
                lines.extend(
                    f"    {c.field}: {c.new}"
                    if c.old == "—"
                    else f"    {c.field}: {c.old} → {c.new}"
                    for c in entry.changes
                )
        self.history.setPlainText("\n".join(lines) or _("Belum ada riwayat."))
        self._check()

    def values(self) -> roster.PersonFields:
        text = {k: e.text().strip() for k, e in self.inputs.items()}
        return roster.PersonFields(
            full_name=text["full_name"],
            status=self.status.currentData(),
            nip=text["nip"],
            ni_pppk=text["ni_pppk"],
            nik=text["nik"],
            sex=self.sex.currentData(),
            birth_date=self.birth_date.value(),
            jabatan=text["jabatan"],
            pangkat_golongan=text["pangkat_golongan"],
            unit_kerja=text["unit_kerja"],
            agency_id=self.agency.currentData(),
            phone=text["phone"],
        )

    def _check(self) -> None:
        values = self.values()
        ctx = self._ctx

        def work() -> list[str]:
            check = roster.validate_person(ctx, values)
            return [p.message for p in check.problems]

        self._runner.run(
            work, on_done=self._show_hints, on_error=lambda exc: self.hints.setText(error_text(exc))
        )

    def _show_hints(self, messages: list[str]) -> None:
        self.hints.setText("\n".join(f"• {m}" for m in messages))

    def save(self) -> None:
        values = self.values()
        self.buttons.setEnabled(False)
        if self.person_id:
            person_id, revision = self.person_id, self._revision

            def work():  # type: ignore[no-untyped-def]
                return roster.update_person(
                    self._ctx,
                    person_id,
                    roster.PersonChanges.every(values),
                    expected_revision=revision,
                )
        else:

            def work():  # type: ignore[no-untyped-def]
                return roster.create_person(self._ctx, values)

        self._runner.run(work, on_done=self._saved, on_error=self._failed)

    def _saved(self, person) -> None:  # type: ignore[no-untyped-def]
        self.saved = True
        self.person_id = person.id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))

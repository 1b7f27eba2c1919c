"""A socialization event's record: what, when, where (the region's own kecamatan), who
organised it and how, for whom, how many came, the speakers, the minutes and follow-up, and
the supervision (for Formulir Model A). A refused save keeps every field as typed."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.sosialisasi import Method, Organiser
from netral_desktop.i18n import _
from netral_desktop.services import sosialisasi
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.date_field import DateField
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import (
    error_label,
    error_text,
    fit_to_screen,
    ok_cancel_buttons,
    set_error,
    show_error,
)


def _count_text(value: int | None) -> str:
    return "" if value is None else str(value)


class SosialisasiDialog(QDialog):
    def __init__(
        self,
        ctx: ServiceContext,
        runner: TaskRunner,
        choices: sosialisasi.Choices,
        event: sosialisasi.EventDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.record = event  # never "self.event": that is QWidget.event()
        self.saved_id: str | None = None
        terms = choices.terms
        self.setWindowTitle(
            _("Ubah kegiatan sosialisasi") if event else _("Kegiatan sosialisasi baru")
        )
        self.setMinimumSize(560, 420)
        fit_to_screen(self, 760, 660)

        # --- the event ---
        self.title = QLineEdit()
        self.title.setObjectName("sos_title")
        self.election = QComboBox()
        self.election.addItem(_("(tidak terkait pemilihan tertentu)"), None)
        for election in choices.elections:
            self.election.addItem(election.name, election.id)
        # A calendar in the program's language; digits can still be typed (ui/date_field.py).
        self.starts_at = DateField(with_time=True)
        self.starts_at.setObjectName("sos_starts_at")
        self.starts_at.set_value(datetime.now().replace(second=0, microsecond=0))
        self.ends_at = QTimeEdit(QTime(12, 0))
        self.ends_at.setDisplayFormat("HH:mm")
        self.has_end = QCheckBox(_("sampai"))
        self.has_end.setChecked(True)
        self.has_end.toggled.connect(self.ends_at.setEnabled)
        when = QHBoxLayout()
        when.addWidget(self.starts_at)
        when.addWidget(self.has_end)
        when.addWidget(self.ends_at)
        when.addStretch()
        kecamatan_word = terms.kecamatan if terms else _("Kecamatan")
        desa_word = terms.desa if terms else _("Desa")
        self.kecamatan = QComboBox()
        self.kecamatan.setObjectName("sos_kecamatan")
        self.kecamatan.addItem(_("(pilih)"), "")
        for code, name in choices.kecamatan:
            self.kecamatan.addItem(name, code)
        self.desa = QLineEdit()
        self.desa.setObjectName("sos_desa")
        self.venue = QLineEdit()
        self.venue.setObjectName("sos_venue")
        self.venue.setPlaceholderText(_("mis. Balai {desa}, Aula Kantor").format(desa=desa_word))
        self.organiser = QComboBox()
        self.organiser.setObjectName("sos_organiser")
        for kind in Organiser:
            self.organiser.addItem(kind.label, kind.value)
        self.partner = QLineEdit()
        self.partner.setObjectName("sos_partner")
        self.partner.setPlaceholderText(_("nama mitra penyelenggara"))
        self.organiser.currentIndexChanged.connect(self._organiser_changed)
        self.method = QComboBox()
        self.method.setObjectName("sos_method")
        for method in Method:
            self.method.addItem(method.label, method.value)
        self.held = QCheckBox(_("Kegiatan sudah terlaksana"))
        self.held.setObjectName("sos_held")
        self.notes = QLineEdit()

        first = QWidget()
        form = QFormLayout(first)
        form.addRow(_("Nama kegiatan"), self.title)
        form.addRow(_("Pemilihan"), self.election)
        form.addRow(_("Waktu"), when)
        form.addRow(kecamatan_word, self.kecamatan)
        form.addRow(desa_word, self.desa)
        form.addRow(_("Tempat"), self.venue)
        organiser_row = QHBoxLayout()
        organiser_row.addWidget(self.organiser)
        organiser_row.addWidget(self.partner, 1)
        form.addRow(_("Penyelenggara"), organiser_row)
        form.addRow(_("Metode"), self.method)
        form.addRow("", self.held)
        form.addRow(_("Catatan"), self.notes)

        # --- who came, who spoke ---
        self.audience = QListWidget()
        self.audience.setObjectName("sos_audience")
        self.audience.setMaximumHeight(120)
        self._fill_segments(choices.segments)
        self.add_segment_button = QPushButton(_("Tambah sasaran…"))
        self.add_segment_button.clicked.connect(self.add_segment)
        self.male = QLineEdit()
        self.female = QLineEdit()
        self.total = QLineEdit()
        for name, edit in (
            ("sos_male", self.male),
            ("sos_female", self.female),
            ("sos_total", self.total),
        ):
            edit.setObjectName(name)
            edit.setPlaceholderText(_("belum diketahui"))
            edit.setMaximumWidth(120)
        counts = QHBoxLayout()
        for label, edit in (
            (_("Laki-laki"), self.male),
            (_("Perempuan"), self.female),
            (_("Jumlah"), self.total),
        ):
            counts.addWidget(QLabel(label))
            counts.addWidget(edit)
        counts.addStretch()
        self.speakers = QTableWidget(0, 3)
        self.speakers.setObjectName("sos_speakers")
        self.speakers.setHorizontalHeaderLabels([_("Narasumber"), _("Instansi"), _("Materi/topik")])
        self.speakers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.speakers.verticalHeader().hide()
        add_speaker = QPushButton(_("Tambah narasumber"))
        add_speaker.clicked.connect(lambda: self._add_speaker("", "", ""))
        remove_speaker = QPushButton(_("Hapus baris"))
        remove_speaker.clicked.connect(lambda: self.speakers.removeRow(self.speakers.currentRow()))
        second = QWidget()
        people = QFormLayout(second)
        audience_row = QVBoxLayout()
        audience_row.addWidget(self.audience)
        audience_row.addWidget(self.add_segment_button, 0, Qt.AlignmentFlag.AlignLeft)
        people.addRow(_("Sasaran peserta"), audience_row)
        people.addRow(_("Peserta"), counts)
        speaker_buttons = QHBoxLayout()
        speaker_buttons.addWidget(add_speaker)
        speaker_buttons.addWidget(remove_speaker)
        speaker_buttons.addStretch()
        speaker_box = QVBoxLayout()
        speaker_box.addWidget(self.speakers)
        speaker_box.addLayout(speaker_buttons)
        people.addRow(_("Narasumber"), speaker_box)

        # --- minutes, follow-up ---
        self.minutes = QPlainTextEdit()
        self.minutes.setObjectName("sos_minutes")
        self.minutes.setPlaceholderText(
            _("Pokok-pokok notulen; pisahkan butir dengan baris kosong.")
        )
        self.follow_up = QPlainTextEdit()
        self.follow_up.setObjectName("sos_follow_up")
        third = QWidget()
        notes_form = QFormLayout(third)
        notes_form.addRow(_("Notulen"), self.minutes)
        notes_form.addRow(_("Tindak lanjut"), self.follow_up)

        # --- signatures and supervision ---
        self.signer_name = QLineEdit()
        self.signer_position = QLineEdit()
        self.signer_nip = QLineEdit()
        self.supervisor_name = QLineEdit()
        self.supervisor_name.setObjectName("sos_supervisor")
        self.supervisor_position = QLineEdit()
        self.assignment_number = QLineEdit()
        self.stage = QLineEdit()
        self.findings = QPlainTextEdit()
        self.findings.setPlaceholderText(_("Kosongkan: diringkas dari data kegiatan dan notulen."))
        self.violations = QPlainTextEdit()
        self.violations.setPlaceholderText(_("Kosongkan bila nihil."))
        fourth = QWidget()
        supervision = QFormLayout(fourth)
        supervision.addRow(_("Pembuat laporan / penanda tangan daftar hadir"), self.signer_name)
        supervision.addRow(_("Jabatan"), self.signer_position)
        supervision.addRow(_("NIP"), self.signer_nip)
        supervision.addRow(_("Pelaksana tugas pengawasan"), self.supervisor_name)
        supervision.addRow(_("Jabatan pengawas"), self.supervisor_position)
        supervision.addRow(_("Nomor surat perintah tugas"), self.assignment_number)
        supervision.addRow(_("Tahapan yang diawasi"), self.stage)
        supervision.addRow(_("Uraian hasil pengawasan"), self.findings)
        supervision.addRow(_("Dugaan pelanggaran"), self.violations)

        self.tabs = QTabWidget()
        self.tabs.addTab(first, _("Kegiatan"))
        self.tabs.addTab(second, _("Peserta dan narasumber"))
        self.tabs.addTab(third, _("Notulen"))
        self.tabs.addTab(fourth, _("Pengawasan"))
        self.error = error_label()
        self.buttons = ok_cancel_buttons(_("Simpan"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        if event is not None:
            self._fill(event)
        self._organiser_changed()

    # --- filling ---
    def _fill_segments(
        self, segments: list[sosialisasi.SegmentRow], checked: tuple[str, ...] = ()
    ) -> None:
        self.audience.clear()
        for segment in segments:
            item = QListWidgetItem(segment.name)
            item.setData(Qt.ItemDataRole.UserRole, segment.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if segment.id in checked else Qt.CheckState.Unchecked
            )
            self.audience.addItem(item)

    def _add_speaker(self, name: str, institution: str, topic: str) -> None:
        row = self.speakers.rowCount()
        self.speakers.insertRow(row)
        for column, text in enumerate((name, institution, topic)):
            self.speakers.setItem(row, column, QTableWidgetItem(text))

    def _fill(self, event: sosialisasi.EventDetail) -> None:
        self.title.setText(event.title)
        index = self.election.findData(event.election_id)
        self.election.setCurrentIndex(max(0, index))
        self.starts_at.set_value(event.starts_at.replace(tzinfo=None))
        self.has_end.setChecked(event.ends_at is not None)
        if event.ends_at:
            self.ends_at.setTime(QTime(event.ends_at.hour, event.ends_at.minute))
        self.kecamatan.setCurrentIndex(max(0, self.kecamatan.findData(event.kecamatan_code)))
        self.desa.setText(event.desa_name)
        self.venue.setText(event.venue)
        self.organiser.setCurrentIndex(max(0, self.organiser.findData(event.organiser_kind)))
        self.partner.setText(event.partner_name)
        self.method.setCurrentIndex(max(0, self.method.findData(event.method)))
        self.held.setChecked(event.held)
        self.notes.setText(event.notes)
        for item_index in range(self.audience.count()):
            item = self.audience.item(item_index)
            if item.data(Qt.ItemDataRole.UserRole) in event.audience_ids:
                item.setCheckState(Qt.CheckState.Checked)
        self.male.setText(_count_text(event.participants_male))
        self.female.setText(_count_text(event.participants_female))
        self.total.setText(_count_text(event.participants_total))
        for speaker in event.speakers:
            self._add_speaker(speaker.name, speaker.institution, speaker.topic)
        self.minutes.setPlainText(event.minutes)
        self.follow_up.setPlainText(event.follow_up)
        self.signer_name.setText(event.signer_name)
        self.signer_position.setText(event.signer_position)
        self.signer_nip.setText(event.signer_nip)
        self.supervisor_name.setText(event.supervisor_name)
        self.supervisor_position.setText(event.supervisor_position)
        self.assignment_number.setText(event.assignment_number)
        self.stage.setText(event.stage)
        self.findings.setPlainText(event.findings)
        self.violations.setPlainText(event.violations)

    def _organiser_changed(self) -> None:
        self.partner.setVisible(self.organiser.currentData() == Organiser.MITRA)

    def add_segment(self) -> None:
        name, ok = QInputDialog.getText(self, _("Sasaran peserta baru"), _("Nama sasaran"))
        if not ok or not name.strip():
            return
        checked = self.checked_segments()

        def added(segment: sosialisasi.SegmentRow) -> None:
            segments = sosialisasi.list_segments(self._ctx)
            self._fill_segments(segments, (*checked, segment.id))

        self._runner.run(
            lambda: sosialisasi.add_segment(self._ctx, name),
            on_done=added,
            on_error=lambda exc: show_error(self, exc),
        )

    # --- saving ---
    def checked_segments(self) -> tuple[str, ...]:
        out = []
        for index in range(self.audience.count()):
            item = self.audience.item(index)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return tuple(out)

    def fields(self) -> sosialisasi.SosialisasiFields:
        """What the form holds (counts as typed: the service checks them)."""
        speakers = []
        for row in range(self.speakers.rowCount()):
            cells = [self.speakers.item(row, c) for c in range(3)]
            texts = [cell.text() if cell else "" for cell in cells]
            speakers.append(sosialisasi.Speaker(*texts))
        starts = cast(datetime, self.starts_at.value())
        return sosialisasi.SosialisasiFields(
            title=self.title.text(),
            election_id=self.election.currentData(),
            starts_at=starts.replace(second=0, microsecond=0),
            ends_at=self.ends_at.time().toString("HH:mm") if self.has_end.isChecked() else None,
            kecamatan_code=self.kecamatan.currentData() or "",
            desa_name=self.desa.text(),
            venue=self.venue.text(),
            organiser=self.organiser.currentData(),
            partner_name=self.partner.text(),
            method=self.method.currentData(),
            audience_ids=self.checked_segments(),
            participants_male=self.male.text().strip() or None,  # type: ignore[arg-type]
            participants_female=self.female.text().strip() or None,  # type: ignore[arg-type]
            participants_total=self.total.text().strip() or None,  # type: ignore[arg-type]
            held=self.held.isChecked(),
            minutes=self.minutes.toPlainText(),
            follow_up=self.follow_up.toPlainText(),
            notes=self.notes.text(),
            speakers=tuple(speakers),
            signer_name=self.signer_name.text(),
            signer_position=self.signer_position.text(),
            signer_nip=self.signer_nip.text(),
            supervisor_name=self.supervisor_name.text(),
            supervisor_position=self.supervisor_position.text(),
            assignment_number=self.assignment_number.text(),
            stage=self.stage.text(),
            findings=self.findings.toPlainText(),
            violations=self.violations.toPlainText(),
        )

    def save(self) -> None:
        data = self.fields()
        event = self.record
        set_error(self.error, "")
        self.buttons.setEnabled(False)

        def work() -> str:
            if event is None:
                return sosialisasi.create_event(self._ctx, data)
            sosialisasi.update_event(self._ctx, event.id, data, expected_revision=event.revision)
            return event.id

        self._runner.run(work, on_done=self._saved, on_error=self._failed)

    def _saved(self, event_id: str) -> None:
        self.buttons.setEnabled(True)
        self.saved_id = event_id
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        # Nothing typed is lost: the form stays open as it was, with the reason under it.
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))

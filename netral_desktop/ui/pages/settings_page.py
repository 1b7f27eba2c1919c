"""Pengaturan: language of this installation, the office's details (admin), own password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.config import LocalSettings
from netral_desktop.core.evidence import MAX_MAX_MB
from netral_desktop.core.numbering import check_device_code
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.core.wilayah import TimeZone
from netral_desktop.i18n import LANGUAGES, _, current_language
from netral_desktop.services import accounts, numbering
from netral_desktop.services import office as office_service
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.ui import file_dialogs
from netral_desktop.ui.flow_row import FlowLayout
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.user_dialogs import PasswordDialog
from netral_desktop.ui.widgets import error_label, error_text, set_error, show_info


class SettingsPage(QWidget):
    language_changed = Signal(str)
    office_changed = Signal()

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        assert ctx.actor is not None

        language_box = QGroupBox(_("Bahasa tampilan"))
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        language_row = QHBoxLayout(language_box)
        language_row.addWidget(self.language)
        language_row.addStretch()

        self.office_box = QGroupBox(_("Kantor"))
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self.office_box)
        labels = {
            "name": _("Nama kantor"),
            "address": _("Alamat"),
            "city": _("Tempat penandatanganan"),
            "phone": _("Telepon"),
            "email": _("Surel"),
            "website": _("Situs web"),
            "bawaslu_code": _("Kode wilayah Bawaslu"),
        }
        for key, label in labels.items():
            edit = QLineEdit()
            edit.setObjectName(f"office_{key}")
            self.fields[key] = edit
            form.addRow(label, edit)
        self.time_zone = QComboBox()
        self.time_zone.setObjectName("office_time_zone")
        self.time_zone.addItems([z.value for z in TimeZone])
        form.addRow(_("Zona waktu"), self.time_zone)
        self.evidence_limit = QSpinBox()
        self.evidence_limit.setObjectName("office_evidence_max_mb")
        self.evidence_limit.setRange(1, MAX_MAX_MB)
        self.evidence_limit.setSuffix(" MB")
        self.evidence_limit.setToolTip(
            _(
                "Berkas bukti (foto, rekaman, surat) yang lebih besar dari ini ditolak saat "
                "dilampirkan. Bawaan 200 MB."
            )
        )
        form.addRow(_("Batas berkas bukti"), self.evidence_limit)
        self.logo = QLabel()
        self.logo.setObjectName("logoPreview")
        self.logo.setFixedSize(72, 72)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setStyleSheet("border: 1px solid #bbb; background: white;")
        self.logo_button = QPushButton(_("Pilih gambar logo…"))
        self.logo_clear = QPushButton(_("Tanpa logo"))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo)
        logo_row.addWidget(self.logo_button)
        logo_row.addWidget(self.logo_clear)
        logo_row.addStretch()
        form.addRow(_("Logo kop surat"), logo_row)
        self.office_error = error_label()
        form.addRow(self.office_error)
        self.save_office = QPushButton(_("Simpan pengaturan kantor"))
        self.save_office.setObjectName("saveOffice")
        form.addRow("", self.save_office)
        can_edit = has_permission(ctx.actor.role, Permission.MANAGE_SETTINGS)
        for widget in (
            *self.fields.values(),
            self.time_zone,
            self.evidence_limit,
            self.save_office,
            self.logo_button,
            self.logo_clear,
        ):
            widget.setEnabled(can_edit)
        if not can_edit:
            form.addRow(QLabel(_("Hanya administrator yang dapat mengubah pengaturan kantor.")))

        self.letters_box = QGroupBox(_("Penanda tangan dan nomor surat"))
        letters = QFormLayout(self.letters_box)
        self.signers: dict[str, QLineEdit] = {}
        for key, label, hint in (
            ("head_name", _("Ketua"), _("menandatangani surat; saksi pada ikrar instansi lain")),
            ("secretary_name", _("Kepala Sekretariat"), _("menandatangani daftar pegawai")),
            ("secretary_nip", _("NIP Kepala Sekretariat"), ""),
            ("letter_issuer", _("Kode penerbit surat"), _("mis. K.DI-02 (tata naskah dinas)")),
        ):
            edit = QLineEdit()
            edit.setObjectName(f"office_{key}")
            edit.setPlaceholderText(hint)
            self.signers[key] = edit
            letters.addRow(label, edit)
        self.device = QLineEdit()
        self.device.setObjectName("letterDevice")
        self.device.setMaxLength(3)
        self.device.setPlaceholderText(_("mis. A; berbeda untuk setiap komputer"))
        self.device.setToolTip(
            _(
                "Setiap komputer kantor menghitung nomor suratnya sendiri dengan kode ini, "
                "sehingga dua komputer yang bekerja tanpa jaringan tidak pernah memberi nomor "
                "yang sama."
            )
        )
        letters.addRow(_("Kode komputer ini"), self.device)
        self.letters_error = error_label()
        letters.addRow(self.letters_error)
        self.save_letters = QPushButton(_("Simpan penanda tangan dan nomor surat"))
        self.save_letters.setObjectName("saveLetters")
        letters.addRow("", self.save_letters)
        for widget in (*self.signers.values(), self.device, self.save_letters):
            widget.setEnabled(can_edit)

        account_box = QGroupBox(_("Akun Anda"))
        self.password_button = QPushButton(_("Ganti kata sandi…"))
        account_row = QHBoxLayout(account_box)
        account_row.addWidget(QLabel(ctx.actor.username))
        account_row.addWidget(self.password_button)
        account_row.addStretch()

        for box in (language_box, account_box):
            box.setMaximumWidth(820)
        for box in (self.office_box, self.letters_box):
            box.setMaximumWidth(600)
        # Side by side where the window is wide enough, one under the other where it is not
        # (a 1024 px screen); the page scrolls rather than widening the window.
        boxes = FlowLayout()
        boxes.addWidget(self.office_box)
        boxes.addWidget(self.letters_box)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(language_box)
        layout.addLayout(boxes)
        layout.addWidget(account_box)
        layout.addStretch()
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        self.language.currentIndexChanged.connect(self._language_chosen)
        self.save_office.clicked.connect(self.save)
        self.save_letters.clicked.connect(self.save_letter_settings)
        self.password_button.clicked.connect(self.change_password)
        self.logo_button.clicked.connect(self.choose_logo)
        self.logo_clear.clicked.connect(lambda: self._set_logo(None))

    def refresh(self) -> None:
        self._runner.run(lambda: current_office(self._ctx), on_done=self._fill)
        self._runner.run(lambda: numbering.device_code(self._ctx), on_done=self.device.setText)
        self._runner.run(lambda: office_service.logo_bytes(self._ctx), on_done=self._show_logo)

    def _show_logo(self, data: bytes | None) -> None:
        if not data:
            self.logo.setPixmap(QPixmap())
            self.logo.setText(_("(tanpa\nlogo)"))
            return
        image = QImage.fromData(data)
        self.logo.setPixmap(
            QPixmap.fromImage(image).scaled(
                64,
                64,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def choose_logo(self) -> None:
        path = file_dialogs.open_file(
            self, "logo", _("Pilih logo kop surat"), _("Gambar (*.png *.jpg *.jpeg)")
        )
        if path:
            self._set_logo(path)

    def _set_logo(self, path: Path | None) -> None:
        def work() -> bytes | None:
            data = path.read_bytes() if path is not None else None
            office_service.set_logo(self._ctx, data)
            return data

        self._runner.run(
            work,
            on_done=self._show_logo,
            on_error=lambda exc: set_error(self.office_error, error_text(exc)),
        )

    def _fill(self, office) -> None:  # type: ignore[no-untyped-def]
        for key, edit in (*self.fields.items(), *self.signers.items()):
            edit.setText(getattr(office, key) or "")
        self.time_zone.setCurrentText(office.time_zone)
        self.evidence_limit.setValue(office.evidence_max_mb)

    def _language_chosen(self) -> None:
        code = self.language.currentData()
        if code == current_language() or self._ctx.layout is None:
            return
        settings = LocalSettings.load(self._ctx.layout)
        settings.language = code
        settings.save(self._ctx.layout)
        self.language_changed.emit(code)

    def save(self) -> None:
        changes: dict[str, str | int | None] = {k: e.text() for k, e in self.fields.items()}
        changes["time_zone"] = self.time_zone.currentText()
        changes["evidence_max_mb"] = self.evidence_limit.value()
        changes["bawaslu_code"] = changes["bawaslu_code"] or None
        self.save_office.setEnabled(False)
        self._runner.run(
            lambda: office_service.update_office(self._ctx, **changes),
            on_done=self._saved,
            on_error=self._failed,
        )

    def save_letter_settings(self) -> None:
        changes: dict[str, str | None] = {k: e.text() for k, e in self.signers.items()}
        device = self.device.text().strip() or None

        def work() -> None:
            if device:  # refused before anything is saved, so nothing is half-saved
                check_device_code(device)
            office_service.update_office(self._ctx, **changes)
            numbering.set_device_code(self._ctx, device)

        self.save_letters.setEnabled(False)

        def done(_result: object) -> None:
            self.save_letters.setEnabled(True)
            set_error(self.letters_error, "")
            self.office_changed.emit()
            show_info(self, _("Tersimpan"), _("Penanda tangan dan nomor surat disimpan."))

        def failed(exc: BaseException) -> None:
            self.save_letters.setEnabled(True)
            set_error(self.letters_error, error_text(exc))

        self._runner.run(work, on_done=done, on_error=failed)

    def _saved(self, _office) -> None:  # type: ignore[no-untyped-def]
        self.save_office.setEnabled(True)
        set_error(self.office_error, "")
        self.office_changed.emit()
        show_info(self, _("Tersimpan"), _("Pengaturan kantor disimpan."))

    def _failed(self, exc: BaseException) -> None:
        self.save_office.setEnabled(True)
        set_error(self.office_error, error_text(exc))

    def change_password(self) -> None:
        dialog = PasswordDialog(_("Ganti kata sandi"), ask_old=True, parent=self)

        def save() -> None:
            assert dialog.old is not None
            old, new = dialog.old.text(), dialog.password.text()

            def done(_result: object) -> None:
                dialog.accept()
                show_info(self, _("Tersimpan"), _("Kata sandi Anda sudah diganti."))

            self._runner.run(
                lambda: accounts.change_own_password(self._ctx, old, new),
                on_done=done,
                on_error=dialog.show_error,
            )

        dialog.on_submit(save)
        dialog.exec()

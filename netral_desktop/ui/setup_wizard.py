"""First start: the same setup as ``netral init``, as a short wizard."""

from __future__ import annotations

import re
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from netral_desktop import APP_NAME
from netral_desktop.config import HomeLayout
from netral_desktop.core import wilayah
from netral_desktop.core.accounts import check_password, check_username
from netral_desktop.core.errors import NetralError, ValidationError
from netral_desktop.i18n import LANGUAGES, _, current_language
from netral_desktop.services import setup
from netral_desktop.services.context import SYSTEM, ServiceContext
from netral_desktop.services.office import update_office
from netral_desktop.ui.password_rule import PasswordRule
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import error_label, error_text, set_error

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class OfficePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Kantor"))
        self.setSubTitle(
            _("Kode wilayah Kemendagri kantor ini menentukan nama, provinsi dan zona waktunya.")
        )
        self.district = QRadioButton(_("Bawaslu kabupaten/kota"))
        self.province = QRadioButton(_("Bawaslu provinsi (menerima bundel dari kabupaten/kota)"))
        self.district.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.district)
        group.addButton(self.province)

        self.code = QLineEdit()
        self.code.setObjectName("officeCode")
        self.code.setPlaceholderText(_("misalnya 34.02 atau ketik nama: Bantul"))
        self.name = QLineEdit()
        self.name.setObjectName("officeName")
        self.time_zone = QComboBox()
        self.time_zone.addItems([z.value for z in wilayah.TimeZone])
        self.bawaslu_code = QLineEdit()
        self.bawaslu_code.setPlaceholderText(_("untuk nomor surat, misalnya 15.02"))
        self.region_label = QLabel()
        self.region_label.setWordWrap(True)
        self.error = error_label()

        form = QFormLayout()
        form.addRow(_("Jenis kantor"), self.district)
        form.addRow("", self.province)
        form.addRow(_("Kode wilayah"), self.code)
        form.addRow("", self.region_label)
        form.addRow(_("Nama kantor"), self.name)
        form.addRow(_("Zona waktu"), self.time_zone)
        form.addRow(_("Kode wilayah Bawaslu"), self.bawaslu_code)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)

        self._completer_items: dict[str, str] = {}
        self._set_completer()
        self.code.textEdited.connect(self._code_changed)
        self.district.toggled.connect(self._mode_changed)
        self.choice: setup.OfficeChoice | None = None
        self._suggested_name = ""

    @property
    def mode(self) -> str:
        return setup.DISTRICT if self.district.isChecked() else setup.PROVINCE

    def _set_completer(self) -> None:
        regions = wilayah.kabkota_list() if self.mode == setup.DISTRICT else wilayah.provinces()
        self._completer_items = {f"{r.code} — {r.name}": r.code for r in regions}
        completer = QCompleter(list(self._completer_items), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._picked)
        self.code.setCompleter(completer)

    def _mode_changed(self) -> None:
        self._set_completer()
        self._code_changed(self.code.text())

    def _picked(self, text: str) -> None:
        code = self._completer_items.get(text, text)
        self.code.setText(code)
        self._code_changed(code)

    def _code_changed(self, text: str) -> None:
        code = self._completer_items.get(text, text).strip()
        try:
            self.choice = setup.check_office_code(code, self.mode)
        except ValidationError:
            self.choice = None
            self.region_label.setText("")
            return
        set_error(self.error, "")
        province = wilayah.region(self.choice.province_code)
        self.region_label.setText(
            f"{self.choice.official_name}, {province.name if province else ''}"
        )
        suggested = setup.suggested_office_name(self.choice, self.mode)
        if not self.name.text() or self.name.text() == self._suggested_name:
            self.name.setText(suggested)
        self._suggested_name = suggested
        self.time_zone.setCurrentText(self.choice.time_zone.value)
        self.bawaslu_code.setText(self.choice.bawaslu_code or "")

    def validatePage(self) -> bool:
        code = self._completer_items.get(self.code.text(), self.code.text())
        try:
            self.choice = setup.check_office_code(code, self.mode)
            if not self.name.text().strip():
                raise ValidationError(_("Nama kantor wajib diisi."))
        except NetralError as exc:
            set_error(self.error, error_text(exc))
            return False
        self.code.setText(self.choice.code)
        set_error(self.error, "")
        return True


class LetterheadPage(QWizardPage):
    """What the kop surat prints under the office's name; all optional, changeable later in
    Pengaturan."""

    FIELDS = ("address", "city", "phone", "email", "website")

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Kop surat"))
        self.setSubTitle(
            _(
                "Dicetak di bawah nama kantor pada setiap surat dan daftar hadir. Boleh "
                "dikosongkan dan diisi nanti di Pengaturan."
            )
        )
        labels = {
            "address": _("Alamat"),
            "city": _("Tempat penandatanganan"),
            "phone": _("Telepon"),
            "email": _("Surel"),
            "website": _("Situs web"),
        }
        hints = {
            "address": _("misalnya Jl. Jenderal Sudirman No. 12, Bantul 55711"),
            "city": _("misalnya Bantul"),
            "phone": _("misalnya (0274) 367 123"),
            "email": _("misalnya set.bantul@bawaslu.go.id"),
            "website": _("misalnya bantul.bawaslu.go.id"),
        }
        self.inputs: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key in self.FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"letterhead_{key}")
            edit.setPlaceholderText(hints[key])
            self.inputs[key] = edit
            form.addRow(labels[key], edit)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)

    def values(self) -> dict[str, str]:
        return {key: edit.text().strip() for key, edit in self.inputs.items()}

    def validatePage(self) -> bool:
        email = self.values()["email"]
        if email and not EMAIL_RE.match(email):
            set_error(
                self.error,
                _("Alamat surel '{email}' tidak sah: tulis seperti nama@bawaslu.go.id.").format(
                    email=email
                ),
            )
            return False
        set_error(self.error, "")
        return True


class AdminPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Administrator"))
        self.setSubTitle(
            _(
                "Akun pertama kantor ini. Administrator menambah pengguna lain dan "
                "mengatur peran mereka."
            )
        )
        self.username = QLineEdit()
        self.username.setObjectName("adminUsername")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("adminFullName")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setObjectName("adminRepeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(_("Nama pengguna"), self.username)
        form.addRow(_("Nama lengkap"), self.full_name)
        form.addRow(_("Kata sandi"), self.password)
        form.addRow(_("Ulangi kata sandi"), self.repeat)
        self.rule = PasswordRule(self.password, self.repeat, self.username.text)
        form.addRow("", self.rule)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.username.textChanged.connect(self.rule.update_verdict)

    def validatePage(self) -> bool:
        try:
            name = check_username(self.username.text())
            if not self.full_name.text().strip():
                raise ValidationError(_("Nama lengkap pengguna wajib diisi."))
            check_password(self.password.text(), username=name)
            if self.password.text() != self.repeat.text():
                raise ValidationError(_("Kedua kata sandi tidak sama."))
        except NetralError as exc:
            set_error(self.error, error_text(exc))
            return False
        set_error(self.error, "")
        return True


class KeysPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Kunci data"))
        self.setSubTitle(
            _(
                "Identitas pelapor dan saksi disandikan dengan kunci data kantor. "
                "Kunci itu disimpan di tempat yang aman."
            )
        )
        available, backend = setup.keyring_available()
        self.keyring_ok = available
        self.use_keyring = QRadioButton(_("Simpan di keyring sistem operasi (disarankan)"))
        self.use_file = QRadioButton(_("Simpan di berkas kunci yang dilindungi kata sandi"))
        group = QButtonGroup(self)
        group.addButton(self.use_keyring)
        group.addButton(self.use_file)
        status = QLabel()
        status.setWordWrap(True)
        if available:
            self.use_keyring.setChecked(True)
            status.setText(_("Keyring sistem operasi tersedia."))
        else:
            self.use_keyring.setEnabled(False)
            self.use_file.setChecked(True)
            status.setText(
                _(
                    "Keyring sistem operasi tidak tersedia di komputer ini ({backend}). Anda dapat "
                    "menyalakannya lalu memulai ulang program, atau memakai berkas kunci berkata "
                    "sandi: kata sandi itu akan diminta saat kunci diperlukan, dan tidak dapat "
                    "dipulihkan bila lupa."
                ).format(backend=backend)
            )
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        form = QFormLayout()
        form.addRow(_("Kata sandi berkas kunci"), self.passphrase)
        form.addRow(_("Ulangi"), self.repeat)
        self.rule = PasswordRule(self.passphrase, self.repeat)
        form.addRow("", self.rule)
        layout = QVBoxLayout(self)
        layout.addWidget(status)
        layout.addWidget(self.use_keyring)
        layout.addWidget(self.use_file)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.use_file.toggled.connect(self._toggle)
        self._toggle()

    def _toggle(self) -> None:
        self.passphrase.setEnabled(self.use_file.isChecked())
        self.repeat.setEnabled(self.use_file.isChecked())
        self.rule.setVisible(self.use_file.isChecked())

    @property
    def kind(self) -> str:
        return setup.KEY_STORE_FILE if self.use_file.isChecked() else setup.KEY_STORE_KEYRING

    def validatePage(self) -> bool:
        if self.kind == setup.KEY_STORE_FILE:
            try:
                check_password(self.passphrase.text())
                if self.passphrase.text() != self.repeat.text():
                    raise ValidationError(_("Kedua kata sandi tidak sama."))
            except NetralError as exc:
                set_error(self.error, error_text(exc))
                return False
        set_error(self.error, "")
        return True


class SetupWizard(QWizard):
    """Creates the office on Finish; ``ctx`` holds the result when accepted."""

    def __init__(
        self, layout: HomeLayout, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._layout = layout
        self._runner = runner
        self.ctx: ServiceContext | None = None
        self.admin_username = ""
        self.setWindowTitle(_("Menyiapkan {app}").format(app=APP_NAME))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(640, 480)
        for button, text in (
            (QWizard.WizardButton.BackButton, _("< Kembali")),
            (QWizard.WizardButton.NextButton, _("Lanjut >")),
            (QWizard.WizardButton.FinishButton, _("Selesai")),
            (QWizard.WizardButton.CancelButton, _("Batal")),
        ):
            self.setButtonText(button, text)

        intro = QWizardPage()
        intro.setTitle(_("Selamat datang"))
        intro_layout = QVBoxLayout(intro)
        intro_layout.addWidget(
            _wrapped(
                _(
                    "Program ini belum disiapkan untuk kantor mana pun. Langkah berikut "
                    "membuat basis data kantor, kunci data, dan akun administrator pertama."
                )
            )
        )
        intro_layout.addWidget(_wrapped(_("Folder data: {path}").format(path=layout.root)))
        self.language = QComboBox()
        self.language.setObjectName("wizardLanguage")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        language_row = QFormLayout()
        language_row.addRow(_("Bahasa program"), self.language)
        intro_layout.addLayout(language_row)
        intro_layout.addStretch()
        # Another language rebuilds the wizard in it (DesktopApp asks again): every text of
        # the wizard, and of Qt's own buttons, is chosen when it is built.
        self.chosen_language: str | None = None
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.office_page = OfficePage()
        self.letterhead_page = LetterheadPage()
        self.admin_page = AdminPage()
        self.keys_page = KeysPage()
        for page in (
            intro,
            self.office_page,
            self.letterhead_page,
            self.admin_page,
            self.keys_page,
        ):
            self.addPage(page)
        self.finish_error = self.keys_page.error

    def _language_chosen(self) -> None:
        language = self.language.currentData()
        if language != current_language():
            self.chosen_language = language
            self.reject()

    def accept(self) -> None:
        office, admin, keys = self.office_page, self.admin_page, self.keys_page
        assert office.choice is not None
        letterhead = {k: v for k, v in self.letterhead_page.values().items() if v}
        # The fields are read here, on the GUI thread; the worker only runs the call.
        create = partial(
            setup.init_office,
            self._layout,
            office_code=office.choice.code,
            name=office.name.text().strip(),
            mode=office.mode,
            time_zone=office.time_zone.currentText(),
            bawaslu_code=office.bawaslu_code.text().strip() or None,
            admin_username=admin.username.text(),
            admin_full_name=admin.full_name.text().strip(),
            admin_password=admin.password.text(),
            key_store=keys.kind,
            passphrase=keys.passphrase.text() if keys.kind == setup.KEY_STORE_FILE else None,
        )

        def work() -> ServiceContext:
            ctx = create()
            if letterhead:  # the kop surat, written by the setup itself (as netral init's)
                update_office(ctx.as_actor(SYSTEM), **letterhead)
            return ctx

        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        self._runner.run(
            work,
            on_done=self._created,
            on_error=self._failed,
        )

    def _created(self, ctx: ServiceContext) -> None:
        self.ctx = ctx
        self.admin_username = self.admin_page.username.text().strip().lower()
        super().accept()

    def _failed(self, exc: BaseException) -> None:
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        set_error(self.finish_error, error_text(exc))

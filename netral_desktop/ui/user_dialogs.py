"""Dialogs of the accounts page: add a user, change a role, set a new password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from netral_desktop.core.errors import NetralError, ValidationError
from netral_desktop.core.roles import Role, role_label
from netral_desktop.i18n import _
from netral_desktop.ui.password_rule import PasswordRule
from netral_desktop.ui.widgets import error_label, error_text, ok_cancel_buttons, set_error


def role_combo(current: str | None = None) -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(role_label(role), role.value)
    if current:
        combo.setCurrentIndex(combo.findData(current))
    return combo


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class _FormDialog(QDialog):
    """A form with an inline error line; ``submit`` is given the values and may raise."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.error = error_label()
        self.buttons = ok_cancel_buttons(ok_text)
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    _submit: Callable[[], None] | None = None

    def check(self) -> None:
        """Raise a NetralError if the form is not ready."""

    def on_submit(self, submit: Callable[[], None]) -> None:
        """Run ``submit`` (which saves, then closes the dialog) instead of closing at once."""
        self._submit = submit

    def _try_accept(self) -> None:
        try:
            self.check()
        except NetralError as exc:
            set_error(self.error, error_text(exc))
            return
        if self._submit is None:
            self.accept()
        else:
            self.buttons.setEnabled(False)
            self._submit()

    def show_error(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        set_error(self.error, error_text(exc))


class AddUserDialog(_FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Tambah pengguna"), _("Tambah"), parent)
        self.username = QLineEdit()
        self.username.setObjectName("newUsername")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("newFullName")
        self.role = role_combo(Role.STAF.value)
        self.role.setObjectName("newRole")
        self.password = _password_field("newPassword")
        self.repeat = _password_field("newRepeat")
        self.form.addRow(_("Nama pengguna"), self.username)
        self.form.addRow(_("Nama lengkap"), self.full_name)
        self.form.addRow(_("Peran"), self.role)
        self.form.addRow(_("Kata sandi"), self.password)
        self.form.addRow(_("Ulangi kata sandi"), self.repeat)
        self.rule = PasswordRule(self.password, self.repeat, self.username.text)
        self.form.addRow("", self.rule)
        self.username.textChanged.connect(self.rule.update_verdict)

    def check(self) -> None:
        if self.password.text() != self.repeat.text():
            raise ValidationError(_("Kedua kata sandi tidak sama."))

    def values(self) -> dict[str, str]:
        return {
            "username": self.username.text(),
            "full_name": self.full_name.text(),
            "role": self.role.currentData(),
            "password": self.password.text(),
        }


class RoleDialog(_FormDialog):
    def __init__(self, username: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Ubah peran {user}").format(user=username), _("Simpan"), parent)
        self.role = role_combo(current)
        self.form.addRow(_("Peran baru"), self.role)


class PasswordDialog(_FormDialog):
    """A new password typed twice (for a reset by the admin, or one's own with ``ask_old``)."""

    def __init__(
        self,
        title: str,
        *,
        ask_old: bool = False,
        new_label: str = "",
        ok_text: str = "",
        parent: QWidget | None = None,
    ):
        super().__init__(title, ok_text or _("Simpan"), parent)
        self.old = _password_field("oldPassword") if ask_old else None
        if self.old is not None:
            self.form.addRow(_("Kata sandi lama"), self.old)
        self.password = _password_field("password")
        self.repeat = _password_field("repeat")
        self.form.addRow(new_label or _("Kata sandi baru"), self.password)
        self.form.addRow(_("Ulangi kata sandi"), self.repeat)
        self.rule = PasswordRule(self.password, self.repeat)
        self.form.addRow("", self.rule)

    def check(self) -> None:
        from netral_desktop.core.accounts import check_password

        check_password(self.password.text())
        if self.password.text() != self.repeat.text():
            raise ValidationError(_("Kedua kata sandi tidak sama."))

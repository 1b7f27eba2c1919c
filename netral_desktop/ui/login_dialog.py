"""The login dialog: checks the password on the worker (Argon2 takes a moment).

It imports nothing from the store, so it can be shown while the database opens behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from netral_desktop import APP_NAME
from netral_desktop.i18n import _
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import error_label, error_text, ok_cancel_buttons, set_error

if TYPE_CHECKING:
    from netral_desktop.services.context import Actor

Authenticate = Callable[[str, str], "Actor"]


class LoginDialog(QDialog):
    def __init__(
        self,
        authenticate: Authenticate,
        runner: TaskRunner,
        office_name: str,
        last_username: str = "",
        parent: QWidget | None = None,
        unlock: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._authenticate = authenticate
        self._unlock = unlock
        self._runner = runner
        self.actor: Actor | None = None
        self.setWindowTitle(_("Masuk — {app}").format(app=APP_NAME))
        self.setMinimumWidth(420)

        title = QLabel(f"<b>{office_name}</b>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        subtitle = QLabel(_("Masuk dengan akun Anda untuk melanjutkan."))
        subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.username = QLineEdit(last_username)
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(_("Nama pengguna"), self.username)
        form.addRow(_("Kata sandi"), self.password)
        # A data folder without an OS keyring keeps its keys in a passphrase key file: its
        # passphrase opens them for this session (never stored).
        self.passphrase: QLineEdit | None = None
        if unlock is not None:
            self.passphrase = QLineEdit()
            self.passphrase.setObjectName("passphrase")
            self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
            self.passphrase.setToolTip(
                _(
                    "Komputer ini menyimpan kunci kantor di berkas kunci berkata sandi (tanpa "
                    "keyring sistem). Kata sandinya diberikan saat kantor disiapkan."
                )
            )
            form.addRow(_("Kata sandi berkas kunci"), self.passphrase)

        self.error = error_label()
        self.buttons = ok_cancel_buttons(_("Masuk"), _("Keluar"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password if last_username else self.username).setFocus()

    def submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            set_error(self.error, _("Isi nama pengguna dan kata sandi."))
            return
        passphrase = self.passphrase.text() if self.passphrase is not None else ""
        if self.passphrase is not None and not passphrase:
            set_error(self.error, _("Isi kata sandi berkas kunci."))
            return
        unlock = self._unlock

        def log_in() -> Actor:
            if unlock is not None:
                unlock(passphrase)
            return self._authenticate(username, password)

        self._set_busy(True)
        self._runner.run(
            log_in,
            on_done=self._logged_in,
            on_error=self._failed,
        )

    def _logged_in(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        set_error(self.error, error_text(exc))
        wrong = self.password
        if self.passphrase is not None and getattr(exc, "code", "") == "keyfile_wrong_passphrase":
            wrong = self.passphrase  # the login itself was not tried: keep the password
        wrong.clear()
        wrong.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.username.setEnabled(not busy)
        self.password.setEnabled(not busy)
        if self.passphrase is not None:
            self.passphrase.setEnabled(not busy)
        if busy:
            set_error(self.error, "")

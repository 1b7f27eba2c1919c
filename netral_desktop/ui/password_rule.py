"""The password rule shown under a password field before it is broken, with a live verdict
as the user types ("✓ memenuhi aturan" or what is still wrong, and whether the repeat
matches)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from netral_desktop.core.accounts import check_password, password_rule
from netral_desktop.core.errors import ValidationError
from netral_desktop.i18n import _

OK_COLOUR = "#1b5e20"
WAIT_COLOUR = "#8a5300"


class PasswordRule(QWidget):
    def __init__(
        self,
        password: QLineEdit,
        repeat: QLineEdit | None = None,
        username: Callable[[], str] = lambda: "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._password, self._repeat, self._username = password, repeat, username
        self.rule = QLabel(password_rule())
        self.rule.setObjectName("passwordRule")
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color: #555;")
        self.verdict = QLabel()
        self.verdict.setObjectName("passwordVerdict")
        self.verdict.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.rule)
        layout.addWidget(self.verdict)
        password.textChanged.connect(self.update_verdict)
        if repeat is not None:
            repeat.textChanged.connect(self.update_verdict)
        self.update_verdict()

    def update_verdict(self) -> None:
        text = self._password.text()
        if not text:
            self.verdict.clear()
            return
        try:
            check_password(text, username=self._username().strip())
        except ValidationError as exc:
            self._show(f"✗ {exc.message}", WAIT_COLOUR)
            return
        verdict = "✓ " + _("Kata sandi memenuhi aturan.")
        colour = OK_COLOUR
        if self._repeat is not None and self._repeat.text():
            if self._repeat.text() == text:
                verdict += " " + _("Kedua isian sama.")
            else:
                verdict += " " + _("Ulangan belum sama.")
                colour = WAIT_COLOUR
        self._show(verdict, colour)

    def _show(self, text: str, colour: str) -> None:
        self.verdict.setText(text)
        self.verdict.setStyleSheet(f"color: {colour};")

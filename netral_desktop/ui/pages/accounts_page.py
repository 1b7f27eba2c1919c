"""Pengguna (administrator): add users, set roles, reset passwords, disable accounts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.core.roles import role_label
from netral_desktop.i18n import _
from netral_desktop.services import accounts
from netral_desktop.services.accounts import UserRow
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.office import format_local_time
from netral_desktop.ui.paged_table_model import Column, PagedTableModel
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.user_dialogs import AddUserDialog, PasswordDialog, RoleDialog
from netral_desktop.ui.widgets import confirm, data_table, show_error, show_info


class AccountsPage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self._users: list[UserRow] = []
        self.model = PagedTableModel(
            [
                Column(_("Nama pengguna"), lambda u: u.username),
                Column(_("Nama lengkap"), lambda u: u.full_name),
                Column(_("Peran"), lambda u: role_label(u.role)),
                Column(_("Status"), self._status),
                Column(_("Terakhir masuk"), lambda u: self._time(u.last_login_at)),
            ],
            fetch=lambda page: self._users[page.offset : page.offset + page.limit],
            parent=self,
        )
        self.table = data_table(self.model, "usersTable", stretch=True)

        self.add_button = QPushButton(_("Tambah pengguna…"))
        self.role_button = QPushButton(_("Ubah peran…"))
        self.reset_button = QPushButton(_("Atur ulang kata sandi…"))
        self.toggle_button = QPushButton(_("Nonaktifkan"))
        buttons = QHBoxLayout()
        for button in (self.add_button, self.role_button, self.reset_button, self.toggle_button):
            buttons.addWidget(button)
        buttons.addStretch()
        hint = QLabel(
            _(
                "Akun yang terkunci karena salah kata sandi terbuka lagi setelah "
                "kata sandinya diatur ulang."
            )
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.reset_button.clicked.connect(self.reset_password)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _status(self, user: UserRow) -> str:
        if not user.active:
            return _("nonaktif")
        if user.locked_until and parse_iso_utc(user.locked_until) > self._ctx.clock.now():
            return _("terkunci")
        return _("aktif")

    def _time(self, at: str | None) -> str:
        return format_local_time(self._ctx, parse_iso_utc(at)) if at else "—"

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        for button in (self.role_button, self.reset_button, self.toggle_button):
            button.setEnabled(user is not None)
        self.toggle_button.setText(_("Aktifkan") if user and not user.active else _("Nonaktifkan"))

    def refresh(self) -> None:
        self._runner.run(
            lambda: accounts.list_users(self._ctx),
            on_done=self._loaded,
            on_error=lambda exc: show_error(self, exc),
        )

    def _loaded(self, users: list[UserRow]) -> None:
        selected = self.selected()
        self._users = users
        self.model.reload()
        if selected is not None:
            for row, user in enumerate(users):
                if user.id == selected.id:
                    self.table.selectRow(row)
        self._update_buttons()

    def _save(self, work: Callable[[], object], dialog=None, done_text: str = "") -> None:  # type: ignore[no-untyped-def]
        def done(_result: object) -> None:
            if dialog is not None:
                dialog.accept()
            self.refresh()
            if done_text:
                show_info(self, _("Tersimpan"), done_text)

        def failed(exc: BaseException) -> None:
            if dialog is not None:
                dialog.show_error(exc)
            else:
                show_error(self, exc)

        self._runner.run(work, on_done=done, on_error=failed)

    def add_user(self) -> None:
        dialog = AddUserDialog(self)
        dialog.on_submit(
            lambda: self._save(lambda: accounts.create_user(self._ctx, **dialog.values()), dialog)
        )
        dialog.exec()

    def change_role(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = RoleDialog(user.username, user.role, self)
        dialog.on_submit(
            lambda: self._save(
                lambda: accounts.set_role(self._ctx, user.username, dialog.role.currentData()),
                dialog,
            )
        )
        dialog.exec()

    def reset_password(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = PasswordDialog(
            _("Kata sandi baru untuk {user}").format(user=user.username), parent=self
        )
        dialog.on_submit(
            lambda: self._save(
                lambda: accounts.reset_password(self._ctx, user.username, dialog.password.text()),
                dialog,
            )
        )
        dialog.exec()

    def toggle_active(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active and not confirm(
            self,
            _("Nonaktifkan akun"),
            _(
                "Nonaktifkan akun {user}? Pengguna itu tidak dapat masuk lagi sampai akunnya "
                "diaktifkan kembali. Datanya tidak dihapus."
            ).format(user=user.username),
            _("Nonaktifkan"),
        ):
            return
        self._save(lambda: accounts.set_active(self._ctx, user.username, not user.active))

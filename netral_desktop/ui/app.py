"""``netral-desktop``: start the window (setup wizard on first start, then login).

Start-up order keeps the window quick: the login dialog is painted first, while the worker
opens the database (importing SQLAlchemy, checking and migrating the file) behind it.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from netral_desktop.config import HomeLayout, LocalSettings, resolve_home
from netral_desktop.i18n import LANGUAGES, _, set_language, speak_argparse_language

if TYPE_CHECKING:
    from netral_desktop.services.context import Actor, ServiceContext
    from netral_desktop.ui.login_dialog import LoginDialog
    from netral_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def setup_logging(layout: HomeLayout) -> None:
    from logging.handlers import RotatingFileHandler

    try:
        layout.logs.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            layout.logs / "netral.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def _open(layout: HomeLayout) -> ServiceContext:
    from netral_desktop.services.context import current_office, open_context

    ctx = open_context(layout)
    settings = LocalSettings.load(layout)
    name = current_office(ctx).name
    if settings.office_name != name:
        settings.office_name = name
        settings.save(layout)
    return ctx


class DesktopApp:
    """The window's session: the open data folder, the worker, the login, the main window."""

    def __init__(self, layout: HomeLayout, runner: Any = None) -> None:
        from netral_desktop.ui.tasks import TaskRunner

        self.layout = layout
        self.runner = runner or TaskRunner()
        self.ctx: ServiceContext | None = None
        self._opening: Future[ServiceContext] | None = None
        self.window: MainWindow | None = None
        self.login_dialog: LoginDialog | None = None
        self.finished = False
        self.lock: Any = None  # the data folder's window lock (ui.instance_lock), once held

    # --- start ---
    def start(self) -> bool:
        """First start: the setup wizard (modal). Otherwise: the login dialog, while the
        database opens on the worker. False when the user cancelled the wizard, or when
        another window has the data folder open (the user is told who)."""
        if not self._lock():
            return False
        if not self.layout.has_database():
            return self._run_wizard()
        self._opening = self.runner.run(
            lambda: _open(self.layout), on_done=self._opened, on_error=self._open_failed
        )
        if self.finished:  # the open failed at once and the user was told
            return False
        self.show_login()
        return True

    def _lock(self) -> bool:
        from netral_desktop.core.errors import ConflictError
        from netral_desktop.ui import instance_lock
        from netral_desktop.ui.widgets import show_error

        try:
            self.lock = instance_lock.acquire(self.layout)
        except ConflictError as exc:
            show_error(None, exc, _("Netral Desktop sudah terbuka"))
            self.finished = True
            return False
        return True

    def _run_wizard(self) -> bool:
        from netral_desktop.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(self.layout, self.runner)
        while not wizard.exec() and wizard.chosen_language:
            # Another language chosen on the first page: ask again, in that language.
            self._set_language(wizard.chosen_language)
            wizard.deleteLater()
            wizard = SetupWizard(self.layout, self.runner)
        if wizard.ctx is None:
            return False
        self.ctx = wizard.ctx
        admin, password = wizard.admin_username, wizard.admin_page.password.text()
        settings = LocalSettings.load(self.layout)
        settings.last_username = admin
        settings.save(self.layout)
        self.runner.run(
            lambda: self._authenticate(admin, password),
            on_done=self._logged_in,
            on_error=self._fatal,
        )
        return True

    def _opened(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def _open_failed(self, exc: BaseException) -> None:
        self._fatal(exc, _("Folder data tidak dapat dibuka"))

    def _fatal(self, exc: BaseException, title: str | None = None) -> None:
        from netral_desktop.ui.widgets import show_error

        if self.login_dialog is not None:
            self.login_dialog.hide()
        show_error(None, exc, title)
        self._quit()

    def _authenticate(self, username: str, password: str) -> Actor:
        """Runs on the worker, after the open task (the worker runs tasks in order)."""
        from netral_desktop.services import accounts

        ctx = self._opening.result() if self._opening is not None else self.ctx
        assert ctx is not None
        if self.layout.key_file.is_file():
            from netral_desktop.services import integrity

            integrity.load_key(ctx)  # the key file was unlocked just before: its audit key
        actor = accounts.authenticate(ctx, username, password)
        self._ensure_office_keys(ctx)
        return actor

    def _unlock_key_file(self, passphrase: str) -> None:
        """Runs on the worker, before the login is checked."""
        from netral_desktop.services.keys import unlock_key_file

        unlock_key_file(self.layout, passphrase)

    @staticmethod
    def _ensure_office_keys(ctx: ServiceContext) -> None:
        """An office set up before offices had keys gets them on its first start; a locked or
        missing keyring is reported where keys are needed (backup), not here at login."""
        from netral_desktop.core.errors import NetralError
        from netral_desktop.services.keys import ensure_office_keys

        try:
            ensure_office_keys(ctx)
        except NetralError as exc:
            log.warning("office keys not available at login: %s", exc)

    # --- login and the main window ---
    def show_login(self) -> None:
        from netral_desktop import APP_NAME
        from netral_desktop.ui.login_dialog import LoginDialog

        settings = LocalSettings.load(self.layout)
        self.login_dialog = LoginDialog(
            self._authenticate,
            self.runner,
            settings.office_name or APP_NAME,
            settings.last_username,
            # A key file (no OS keyring): its passphrase too. Checked without importing the
            # services, so the dialog still paints before the database opens.
            unlock=self._unlock_key_file if self.layout.key_file.is_file() else None,
        )
        self.login_dialog.accepted.connect(lambda: self._logged_in(self.login_dialog.actor))
        self.login_dialog.rejected.connect(self._quit)
        self.login_dialog.show()

    def _logged_in(self, actor: Actor | None) -> None:
        if actor is None:
            return
        if self.ctx is None and self._opening is not None:
            self.ctx = self._opening.result()
        assert self.ctx is not None
        settings = LocalSettings.load(self.layout)
        settings.last_username = actor.username
        settings.save(self.layout)
        self.ctx = self.ctx.as_actor(actor)
        self.show_main_window()

    def show_main_window(self) -> None:
        from netral_desktop.ui.main_window import MainWindow

        assert self.ctx is not None
        previous = self.window
        self.window = MainWindow(self.ctx, self.runner)
        self.window.language_changed.connect(self._switch_language)
        self.window.logout_requested.connect(self._logout)
        if previous is not None:
            self.window.setGeometry(previous.geometry())
            previous.close()
            previous.deleteLater()
        self.window.show()

    def _set_language(self, language: str) -> None:
        """The program's and Qt's texts in ``language``, kept for the next start."""
        from netral_desktop.ui.qt_language import install_qt_translations

        set_language(language)
        install_qt_translations(language)
        settings = LocalSettings.load(self.layout)
        if settings.language != language:
            settings.language = language
            settings.save(self.layout)

    def _switch_language(self, language: str) -> None:
        self._set_language(language)
        self.show_main_window()
        assert self.window is not None
        self.window.show_page("settings")

    def _logout(self) -> None:
        from netral_desktop.services.keys import lock_key_files

        lock_key_files()  # the next person gives the key file's passphrase again
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None
        self.show_login()

    def close(self) -> None:
        """Finish background work and let Qt delete the windows before Python exits (an
        orderly teardown: objects left to interpreter shutdown can crash in PySide6)."""
        from PySide6.QtWidgets import QApplication

        self.runner.shutdown()
        for widget in (self.window, self.login_dialog):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        self.window = self.login_dialog = None
        QApplication.processEvents()
        if self.lock is not None:
            self.lock.unlock()
            self.lock = None

    def _quit(self) -> None:
        from PySide6.QtWidgets import QApplication

        self.finished = True
        QApplication.quit()


def _parser() -> argparse.ArgumentParser:
    """The launcher's options, in the language already set (its help, its errors)."""
    speak_argparse_language()
    parser = argparse.ArgumentParser(
        prog="netral-desktop",
        allow_abbrev=False,
        description=_("Netral Desktop: jendela program. Pilihan lain diteruskan ke Qt."),
    )
    parser.add_argument(
        "--home",
        metavar="FOLDER",
        help=_("folder data (bawaan: NETRAL_HOME atau folder data pengguna)"),
    )
    parser.add_argument(
        "--lang",
        choices=sorted(LANGUAGES),
        help=_("bahasa jendela: id (Bahasa Indonesia) atau en (English)"),
    )
    return parser


def _early_options(argv: Sequence[str]) -> argparse.Namespace:
    """--home and --lang before the language is known (no help, no errors yet: those come
    from the real parser, in the language these choose)."""
    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    early.add_argument("--home")
    early.add_argument("--lang")
    known, _rest = early.parse_known_args(argv)
    return known


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if os.name != "nt":
        os.umask(0o077)  # every file and folder the program makes is this user's only
    early = _early_options(argv)
    layout = HomeLayout(resolve_home(early.home))
    chosen = early.lang if early.lang in LANGUAGES else None
    set_language(chosen or os.environ.get("NETRAL_LANG") or LocalSettings.load(layout).language)
    # The real parser: its help and its errors in that language; the rest is Qt's.
    _options, qt_args = _parser().parse_known_args(argv)
    setup_logging(layout)

    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0], *qt_args])
    app.setApplicationName("Netral Desktop")
    app.setOrganizationName("Bawaslu")
    app.setQuitOnLastWindowClosed(True)
    from netral_desktop.i18n import current_language
    from netral_desktop.ui import file_dialogs
    from netral_desktop.ui.qt_language import install_qt_translations

    install_qt_translations(current_language())
    file_dialogs.remember_folders_in(layout)
    desktop = DesktopApp(layout)
    if not desktop.start():
        desktop.runner.shutdown()
        return 1
    status = app.exec()
    desktop.close()
    return status


if __name__ == "__main__":
    raise SystemExit(main())

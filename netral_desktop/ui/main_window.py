"""The main window: navigation of the areas that exist, pages, status bar, menus."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from netral_desktop import APP_NAME
from netral_desktop.core.roles import Permission, has_permission, role_label
from netral_desktop.i18n import _, pgettext
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import fit_to_screen, show_error, show_info

PageFactory = Callable[[ServiceContext, TaskRunner], QWidget]


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Callable[[], str]
    factory: PageFactory
    permission: Permission | None = None


def _home(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.home_page import HomePage

    return HomePage(ctx, runner)


def _accounts(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.accounts_page import AccountsPage

    return AccountsPage(ctx, runner)


def _audit(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.audit_page import AuditPage

    return AuditPage(ctx, runner)


def _cases(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.cases.page import CasesPage

    return CasesPage(ctx, runner)


def _roster(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.roster_page import RosterPage

    return RosterPage(ctx, runner)


def _agencies(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.agencies_page import AgenciesPage

    return AgenciesPage(ctx, runner)


def _pledges(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.pledges import PledgesPage

    return PledgesPage(ctx, runner)


def _sosialisasi(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.sosialisasi import SosialisasiPage

    return SosialisasiPage(ctx, runner)


def _documents(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.documents_page import DocumentsPage

    return DocumentsPage(ctx, runner)


def _sync(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.sync_page import SyncPage

    return SyncPage(ctx, runner)


def _settings(ctx: ServiceContext, runner: TaskRunner) -> QWidget:
    from netral_desktop.ui.pages.settings_page import SettingsPage

    return SettingsPage(ctx, runner)


# Each feature adds its areas here; an entry shows only to roles with its permission.
NAVIGATION: list[NavEntry] = [
    NavEntry("home", lambda: _("Beranda"), _home),
    NavEntry("cases", lambda: pgettext("navigasi", "Perkara"), _cases, Permission.CASE_READ),
    NavEntry("pledges", lambda: _("Ikrar netralitas"), _pledges, Permission.ROSTER_READ),
    NavEntry("sosialisasi", lambda: _("Sosialisasi"), _sosialisasi, Permission.ROSTER_READ),
    NavEntry("roster", lambda: _("Daftar pegawai"), _roster, Permission.ROSTER_READ),
    NavEntry("agencies", lambda: _("Daftar instansi"), _agencies, Permission.ROSTER_READ),
    NavEntry("documents", lambda: _("Dokumen"), _documents, Permission.PRINT),
    NavEntry("accounts", lambda: _("Pengguna"), _accounts, Permission.MANAGE_ACCOUNTS),
    NavEntry("audit", lambda: _("Log audit"), _audit, Permission.VIEW_AUDIT),
    NavEntry("sync", lambda: _("Sinkronisasi"), _sync, Permission.BUNDLE_IMPORT),
    NavEntry("settings", lambda: _("Pengaturan"), _settings),
]


class MainWindow(QMainWindow):
    language_changed = Signal(str)
    logout_requested = Signal()

    def __init__(self, ctx: ServiceContext, runner: TaskRunner) -> None:
        super().__init__()
        assert ctx.actor is not None
        self._ctx = ctx
        self._runner = runner
        self.office = current_office(ctx)
        self.setWindowTitle(f"{APP_NAME} — {self.office.name}")
        fit_to_screen(self, 1180, 760)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(200)
        self.nav.setStyleSheet(
            "QListWidget { font-size: 14px; } QListWidget::item { padding: 8px 10px; }"
        )
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        self._entries = [
            e
            for e in NAVIGATION
            if e.permission is None or has_permission(ctx.actor.role, e.permission)
        ]
        for entry in self._entries:
            item = QListWidgetItem(entry.label())
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # placeholder until first shown (pages load lazily)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.office_label = QLabel()
        self.user_label = QLabel(
            _("{name} ({role})").format(
                name=ctx.actor.full_name or ctx.actor.username, role=role_label(ctx.actor.role)
            )
        )
        self.user_label.setObjectName("userLabel")
        self.busy_label = QLabel()
        self.statusBar().addWidget(self.office_label)
        self.statusBar().addPermanentWidget(self.busy_label)
        self.statusBar().addPermanentWidget(self.user_label)
        self._show_office()
        # The runner outlives this window (a language switch builds a new one): connect a
        # method of the window, which Qt disconnects when the window is deleted; a lambda
        # would stay connected and touch the deleted label at every task.
        runner.busy_changed.connect(self._show_busy)
        runner.default_error_handler = self._show_task_error

        self._build_menus()
        self.nav.currentRowChanged.connect(self._show_page)
        self.nav.setCurrentRow(0)

    def _show_busy(self, busy: bool) -> None:
        self.busy_label.setText(_("Sedang memproses…") if busy else "")

    def _show_task_error(self, exc: BaseException) -> None:
        show_error(self, exc)

    def _show_office(self) -> None:
        self.office_label.setText(
            f"{self.office.name} · {self.office.code} · {self.office.time_zone}"
        )
        self.office_label.setObjectName("officeLabel")

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(_("&Berkas"))
        if has_permission(self._ctx.actor.role, Permission.BACKUP):  # type: ignore[union-attr]
            backup = QAction(_("Cadangkan basis data…"), self)
            backup.triggered.connect(self.backup)
            file_menu.addAction(backup)
        logout = QAction(_("Keluar akun"), self)
        logout.triggered.connect(self.logout_requested.emit)
        file_menu.addAction(logout)
        quit_action = QAction(_("Tutup program"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(_("Ba&ntuan"))
        about = QAction(_("Tentang {app}").format(app=APP_NAME), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def page(self, key: str) -> QWidget:
        """The page for ``key``, built the first time it is needed."""
        if key not in self.pages:
            index = next(i for i, e in enumerate(self._entries) if e.key == key)
            page = self._entries[index].factory(self._ctx, self._runner)
            placeholder = self.stack.widget(index)
            assert placeholder is not None  # every entry has a placeholder until built
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages[key] = page
            if hasattr(page, "language_changed"):
                page.language_changed.connect(self.language_changed.emit)
            if hasattr(page, "office_changed"):
                page.office_changed.connect(self._office_changed)
            if hasattr(page, "navigate"):  # the home page's links
                page.navigate.connect(self.go_to)
        return self.pages[key]

    def go_to(self, key: str, record_id: str = "", focus: str = "") -> None:
        """Show page ``key`` and, where the page can, the record and the part of it asked
        for (a ceremony's walk-ins, its documents); a page the role lacks is not opened."""
        if key not in self.nav_keys():
            return
        page = self.show_page(key)
        go_to = getattr(page, "go_to", None)
        if go_to is not None and (record_id or focus):
            go_to(record_id, focus)

    def show_page(self, key: str) -> QWidget:
        index = next(i for i, e in enumerate(self._entries) if e.key == key)
        self.nav.setCurrentRow(index)
        return self.pages[key]

    def nav_keys(self) -> list[str]:
        return [e.key for e in self._entries]

    def _show_page(self, index: int) -> None:
        if index < 0:
            return
        page = self.page(self._entries[index].key)
        self.stack.setCurrentWidget(page)
        refresh = getattr(page, "refresh", None)
        if refresh is not None:
            refresh()

    def _office_changed(self) -> None:
        self._runner.run(lambda: current_office(self._ctx), on_done=self._set_office)

    def _set_office(self, office) -> None:  # type: ignore[no-untyped-def]
        self.office = office
        self.setWindowTitle(f"{APP_NAME} — {office.name}")
        self._show_office()

    def backup(self) -> None:
        from pathlib import Path

        from netral_desktop.ui import file_dialogs

        folder = file_dialogs.choose_folder(self, "backup", _("Pilih folder cadangan"))
        if folder is None:
            return
        from netral_desktop.services.maintenance import make_backup

        def work() -> Path:
            return make_backup(self._ctx, folder)

        self._runner.run(
            work,
            on_done=lambda path: show_info(
                self,
                _("Cadangan dibuat"),
                _(
                    "Cadangan disimpan di {path}, terenkripsi untuk kunci kantor dan "
                    "ditandatangani (berkas .minisig di sampingnya)."
                ).format(path=path),
            ),
        )

    def show_about(self) -> None:
        from netral_desktop.ui.about_dialog import AboutDialog

        root = str(self._ctx.layout.root) if self._ctx.layout else ""
        from netral_desktop.services.office import database_engine

        AboutDialog(root, self, engine=database_engine(self._ctx)).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        # A closed window (logout, language switch) no longer shows the runner's errors;
        # the window that replaced it may already have set its own handler.
        if self._runner.default_error_handler == self._show_task_error:
            self._runner.default_error_handler = None
        event.accept()

"""Penanganan pelanggaran: the case register (filters, search, overdue marked) and, once a
case is opened, its view in the same place (Esc or Alt+← goes back to the list, which keeps
its filters and its place). Keyboard first: Ctrl+N a new case, Ctrl+F the search, F5 reload,
Enter opens the chosen case."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from netral_desktop.core.roles import Permission
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.pages.cases.case_view import CaseView
from netral_desktop.ui.pages.cases.common import allowed
from netral_desktop.ui.pages.cases.list_panel import FilterChoices, ListPanel, load_choices
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import show_error


class CasesPage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.choices = FilterChoices()
        self.list_panel = ListPanel(ctx, runner)
        self.view = CaseView(ctx, runner)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list_panel)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

        self.list_panel.case_opened.connect(self.open_case)
        self.list_panel.new_button.clicked.connect(self.new_case)
        self.view.back_requested.connect(self.show_list)
        self.view.changed.connect(self.list_panel.reload)

        # Window shortcuts of a widget fire only while it is shown (this page, not another).
        def shortcut(keys: QKeySequence | QKeySequence.StandardKey | str, slot) -> QShortcut:  # type: ignore[no-untyped-def]
            found = QShortcut(QKeySequence(keys), self)
            found.activated.connect(slot)
            return found

        self.shortcuts = {
            "new": shortcut("Ctrl+N", self.new_case),
            "search": shortcut(QKeySequence.StandardKey.Find, self.focus_search),
            "reload": shortcut(QKeySequence.StandardKey.Refresh, self.refresh),
            "back": shortcut("Esc", self.show_list),
            "back_alt": shortcut(QKeySequence.StandardKey.Back, self.show_list),
        }

    def refresh(self) -> None:
        ctx = self._ctx
        self._runner.run(
            lambda: load_choices(ctx),
            on_done=self._loaded,
            on_error=lambda exc: show_error(self, exc),
        )
        self.list_panel.reload()
        if self.stack.currentWidget() is self.view and self.view.case_id:
            self.view.show_case(self.view.case_id)

    def _loaded(self, choices: FilterChoices) -> None:
        self.choices = choices
        self.list_panel.set_choices(choices)

    def focus_search(self) -> None:
        self.show_list()
        self.list_panel.search.setFocus()
        self.list_panel.search.selectAll()

    def show_list(self) -> None:
        if self.stack.currentWidget() is self.list_panel:
            return
        self.stack.setCurrentWidget(self.list_panel)
        self.list_panel.table.setFocus()

    def open_case(self, case_id: str) -> None:
        self.stack.setCurrentWidget(self.view)
        self.view.show_case(case_id)
        self.view.setFocus()

    def go_to(self, record_id: str, focus: str = "") -> None:
        """The home page's links: a case, the overdue list, or a new case."""
        if focus == "new":
            self.new_case()
        elif focus in ("overdue", "week", "open"):
            self.show_list()
            self.list_panel.show_deadlines(focus)
        elif record_id:
            self.open_case(record_id)

    def new_case(self):  # type: ignore[no-untyped-def]
        if not allowed(self._ctx, Permission.CASE_LOG):
            return None
        from netral_desktop.ui.case_dialogs import NewCaseDialog

        dialog = NewCaseDialog(self._ctx, self._runner, parent=self)

        def done(_result: int) -> None:
            if dialog.saved_id:
                self.list_panel.reload()
                self.open_case(dialog.saved_id)

        dialog.finished.connect(done)
        dialog.open()
        return dialog

"""Ikrar: pledge ceremonies. The events list on the left; the chosen event on the right (or a
hint while none is chosen); adding, changing and deleting events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from netral_desktop.i18n import _
from netral_desktop.services import pledge, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.pages.pledges.event_view import EventView
from netral_desktop.ui.pages.pledges.events_panel import EventsPanel
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import confirm, show_error


class PledgesPage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self._elections: list[pledge.ElectionRow] = []
        self.events_panel = EventsPanel(ctx, runner)
        # What the tests reach through the page.
        self.when = self.events_panel.when
        self.events_table = self.events_panel.events_table

        self.view = EventView(ctx, runner)
        self.empty = QLabel(_("Pilih acara di sebelah kiri, atau buat acara baru."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.view)
        splitter = QSplitter()
        splitter.addWidget(self.events_panel)
        splitter.addWidget(self.right)
        # The list gets a fixed share (enough for the date, a title and the search); the event
        # view takes every pixel the window gains.
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.events_panel.event_chosen.connect(self._event_chosen)
        self.events_panel.new_button.clicked.connect(lambda: self.open_event(None))
        self.events_panel.edit_button.clicked.connect(self.edit_selected)
        self.events_panel.delete_button.clicked.connect(self.delete_selected)
        self._update_buttons()

    def _update_buttons(self) -> None:
        """ "Ubah…" and "Hapus…" act on the ceremony shown: none shown, nothing to act on."""
        shown = self.right.currentWidget() is self.view
        can_write = self.events_panel.new_button.isEnabled()
        for button in (self.events_panel.edit_button, self.events_panel.delete_button):
            button.setEnabled(shown and can_write)

    def refresh(self) -> None:
        def load():  # type: ignore[no-untyped-def]
            return pledge.list_elections(self._ctx), roster.list_agencies(self._ctx)

        self._runner.run(load, on_done=self._loaded)
        self.events_panel.reload()
        if self.view.current_event is not None:
            self.view.show_event(self.view.current_event.id)

    def _loaded(self, loaded) -> None:  # type: ignore[no-untyped-def]
        self._elections, self.view.agencies = loaded

    def go_to(self, event_id: str, focus: str = "") -> None:
        """Show a ceremony (from the home page's links): ``focus`` "walk_ins" lists its
        walk-ins, "attach"/"documents" puts the focus on its documents, "new" opens the
        new-event dialog instead."""
        if focus == "new":
            self.open_event(None)
            return
        if event_id:
            self._event_chosen(event_id)
        if focus == "walk_ins":
            self.view.walk_ins_only.setChecked(True)
        elif focus == "attach":
            self.view.documents.attach_button.setFocus()
        elif focus == "documents":
            self.view.documents.sheet_button.setFocus()

    def selected(self) -> pledge.EventRow | None:
        return self.events_panel.selected()

    def _event_chosen(self, event_id: str) -> None:
        self.right.setCurrentWidget(self.view)
        self.view.show_event(event_id)
        self._update_buttons()

    def open_event(self, event: pledge.EventDetail | None):  # type: ignore[no-untyped-def]
        from netral_desktop.ui.event_dialog import EventDialog

        dialog = EventDialog(
            self._ctx, self._runner, self._elections, self.view.agencies, event, self
        )

        def done(_r: int) -> None:
            if dialog.saved_id:
                self.events_panel.reload()
                self.right.setCurrentWidget(self.view)
                self.view.show_event(dialog.saved_id)

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def edit_selected(self):  # type: ignore[no-untyped-def]
        if self.view.current_event is None:
            return None
        return self.open_event(self.view.current_event)

    def delete_selected(self) -> None:
        event = self.view.current_event
        if event is None:
            return
        self._runner.run(
            lambda: pledge.counts(self._ctx, event.id),
            on_done=lambda counts: self._confirm_delete(event, counts),
            on_error=lambda exc: show_error(self, exc),
        )

    def _confirm_delete(self, event: pledge.EventDetail, counts: pledge.AttendanceCounts) -> None:
        marked = counts.present + counts.absent
        text = _("Hapus acara {title}?").format(title=event.title)
        if marked:
            text += " " + _(
                "Acara ini sudah memiliki {n} catatan kehadiran. Datanya tetap "
                "tersimpan sebagai arsip terhapus (tidak hilang)."
            ).format(n=marked)
        if not confirm(self, _("Hapus acara"), text, _("Hapus")):
            return
        self._runner.run(
            lambda: pledge.delete_event(self._ctx, event.id, confirm=True),
            on_done=lambda _r: self._deleted(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _deleted(self) -> None:
        self.view.current_event = None
        self.right.setCurrentWidget(self.empty)
        self._update_buttons()
        self.events_panel.reload()

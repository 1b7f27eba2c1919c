"""Sosialisasi: socialization events. The list with its filters on the left; the chosen
event on the right (or a hint while none is chosen); adding, changing, deleting events."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from netral_desktop.i18n import _
from netral_desktop.services import roster, sosialisasi
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.pages.sosialisasi.event_view import EventView
from netral_desktop.ui.pages.sosialisasi.list_panel import ListPanel
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import confirm, show_error


class SosialisasiPage(QWidget):
    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.choices = sosialisasi.Choices(terms=None, kecamatan=[], segments=[])
        self.list_panel = ListPanel(ctx, runner)
        self.view = EventView(ctx, runner)
        self.empty = QLabel(_("Pilih kegiatan di sebelah kiri, atau catat kegiatan baru."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.right = QStackedWidget()
        self.right.addWidget(self.empty)
        self.right.addWidget(self.view)
        splitter = QSplitter()
        splitter.addWidget(self.list_panel)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.list_panel.event_chosen.connect(self._chosen)
        self.list_panel.new_button.clicked.connect(lambda: self.open_event(None))
        self.list_panel.edit_button.clicked.connect(self.edit_current)
        self.list_panel.delete_button.clicked.connect(self.delete_current)
        self.view.changed.connect(self.list_panel.reload)

    def refresh(self) -> None:
        ctx = self._ctx

        def load():  # type: ignore[no-untyped-def]
            return sosialisasi.choices(ctx), roster.list_agencies(ctx)

        self._runner.run(load, on_done=self._loaded, on_error=lambda exc: show_error(self, exc))
        self.list_panel.reload()
        if self.view.current is not None:
            self.view.show_event(self.view.current.id)

    def _loaded(self, loaded) -> None:  # type: ignore[no-untyped-def]
        self.choices, agencies = loaded
        self.list_panel.set_choices(self.choices)
        self.view.door.agencies = self.view.invitees.agencies = agencies

    def _chosen(self, event_id: str) -> None:
        self.right.setCurrentWidget(self.view)
        self.view.show_event(event_id)

    def open_event(self, event: sosialisasi.EventDetail | None):  # type: ignore[no-untyped-def]
        from netral_desktop.ui.sosialisasi_dialog import SosialisasiDialog

        dialog = SosialisasiDialog(self._ctx, self._runner, self.choices, event, self)

        def done(_result: int) -> None:
            if dialog.saved_id:
                self.list_panel.reload()
                self.right.setCurrentWidget(self.view)
                self.view.show_event(dialog.saved_id)

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def edit_current(self):  # type: ignore[no-untyped-def]
        if self.view.current is None:
            return None
        return self.open_event(self.view.current)

    def delete_current(self) -> None:
        event = self.view.current
        if event is None:
            return
        text = _("Hapus kegiatan {title}?").format(title=event.title)
        if event.present or event.held:
            text += " " + _(
                "Datanya (kehadiran, foto, dokumen) tetap tersimpan sebagai arsip terhapus."
            )
        if not confirm(self, _("Hapus kegiatan"), text, _("Hapus")):
            return
        self._runner.run(
            lambda: sosialisasi.delete_event(self._ctx, event.id),
            on_done=lambda _r: self._deleted(),
            on_error=lambda exc: show_error(self, exc),
        )

    def _deleted(self) -> None:
        self.view.current = None
        self.right.setCurrentWidget(self.empty)
        self.list_panel.reload()

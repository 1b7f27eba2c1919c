"""One event: its header and live attendance counts above marking at the door, the invitees,
and the event's documents and signed scans."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from netral_desktop.i18n import _
from netral_desktop.services import pledge, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.pages.pledges.common import when_text
from netral_desktop.ui.pages.pledges.documents_panel import DocumentsPanel
from netral_desktop.ui.pages.pledges.door_panel import DoorPanel
from netral_desktop.ui.pages.pledges.invitees_panel import InviteesPanel
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import number, show_error


class EventView(QWidget):
    """One event: counts, the marking field, invitees, documents, evidence."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self._event: pledge.EventDetail | None = None
        self._agencies: list[roster.AgencyRow] = []

        self.header = QLabel()
        self.header.setObjectName("eventHeader")
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)

        counts_frame = QFrame()
        counts_frame.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(counts_frame)
        # Tight: nine figures side by side must fit the view beside the events list on a
        # 1024 px screen.
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(4)
        self.count_labels: dict[str, QLabel] = {}
        keys = [
            ("invited", _("Diundang")),
            ("hadir", _("Hadir")),
            ("izin", _("Izin")),
            ("sakit", _("Sakit")),
            ("dinas_luar", _("Dinas luar")),
            ("tanpa_keterangan", _("Tanpa ket.")),
            ("belum", _("Belum")),
            ("walk_ins", _("Tambahan")),
            ("rate", _("Kehadiran")),
        ]
        for column, (key, label) in enumerate(keys):
            figure = QLabel("0")
            figure.setObjectName(f"count_{key}")
            figure.setAlignment(Qt.AlignmentFlag.AlignCenter)
            figure.setStyleSheet("font-size: 22px; font-weight: 700;")
            caption = QLabel(label)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(figure, 0, column)
            grid.addWidget(caption, 1, column)
            self.count_labels[key] = figure

        self.door = DoorPanel(ctx, runner)
        self.invitee_list = InviteesPanel(ctx, runner)
        self.documents = DocumentsPanel(ctx, runner)

        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(counts_frame)
        layout.addWidget(self.door)
        layout.addWidget(self.invitee_list, 1)
        layout.addWidget(self.documents)

        self.door.counts_changed.connect(self.show_counts)
        self.door.invitees_changed.connect(self.reload_invitees)
        self.invitee_list.marked.connect(self.door.show_result)
        self.invitee_list.message.connect(self.door.mark_message.setText)
        self.invitee_list.counts_stale.connect(self.reload_counts)
        # Ctrl+Z takes back the last mark wherever the focus is in the view (the marking field
        # lets the key through, see DoorPanel.eventFilter).
        undo = QShortcut(QKeySequence.StandardKey.Undo, self)
        undo.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo.activated.connect(self.door.undo)

        # What the page, the tests and the UI benchmark reach through the view.
        self.mark_input = self.door.mark_input
        self.mark_message = self.door.mark_message
        self.candidates = self.door.candidates
        self.mark = self.door.mark
        self._choose_candidate = self.door.choose_candidate
        self.undo = self.door.undo
        self.add_walk_in = self.door.add_walk_in
        self.walk_ins_only = self.invitee_list.walk_ins_only
        self.invitees = self.invitee_list.invitees
        self.sheet_button = self.documents.sheet_button
        self.pledge_button = self.documents.pledge_button
        self.recap_button = self.documents.recap_button
        self.evidence = self.documents.evidence
        self.attach = self.documents.attach

    @property
    def current_event(self) -> pledge.EventDetail | None:
        return self._event

    @current_event.setter
    def current_event(self, event: pledge.EventDetail | None) -> None:
        # The panels act on the event the view shows (none after it is deleted).
        self._event = event
        self.door.current_event = self.invitee_list.current_event = event
        self.documents.current_event = event

    @property
    def agencies(self) -> list[roster.AgencyRow]:
        """The roster's agencies, for inviting and for walk-ins (loaded by the page)."""
        return self._agencies

    @agencies.setter
    def agencies(self, agencies: list[roster.AgencyRow]) -> None:
        self._agencies = self.door.agencies = self.invitee_list.agencies = agencies

    # --- loading ---
    def show_event(self, event_id: str) -> None:
        self._runner.run(
            lambda: pledge.get_event(self._ctx, event_id),
            on_done=self._set_event,
            on_error=lambda exc: show_error(self, exc),
        )

    def _set_event(self, event: pledge.EventDetail) -> None:
        self.current_event = event
        election = f" · {event.election_name}" if event.election_name else ""
        self.header.setText(
            f"<span style='font-size:17px;font-weight:600'>{event.title}</span><br>"
            f"{when_text(event.starts_at)} {event.time_zone} · {event.place or '—'}{election}<br>"
            + _("Penyelenggara: {who}").format(who=event.organiser)
        )
        self.door.clear()
        self.reload_counts()
        self.reload_invitees()
        self.documents.reload_evidence()
        self.mark_input.setFocus()

    def reload_counts(self) -> None:
        if self.current_event is None:
            return
        event_id = self.current_event.id
        self._runner.run(lambda: pledge.counts(self._ctx, event_id), on_done=self.show_counts)

    def show_counts(self, counts: pledge.AttendanceCounts) -> None:
        for key, label in self.count_labels.items():
            if key == "rate":
                rate = counts.rate
                label.setText("—" if rate is None else f"{rate * 100:.0f}%")
            else:
                label.setText(number(getattr(counts, key)))

    def reload_invitees(self) -> None:
        self.invitee_list.reload()

"""Marking at the door, keyboard first: type part of a name or scan a NIP and press Enter;
several matches offer candidates chosen with Enter, and people of the roster who were not
invited ("bukan undangan") are among them: Enter on one adds them as a walk-in with their
roster details. Ctrl+Z takes back the last mark (the event view owns that shortcut), Ctrl+T
adds a walk-in. The first mark on an event that is not today asks once whether to go on."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import pledge, roster
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.flow_row import FlowRow
from netral_desktop.ui.pages.pledges.common import allowed, date_text, status_label
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import confirm, error_text

COLORS = {"marked": "#1b5e20", "already": "#8a5300", "ambiguous": "#0d47a1", "not_found": "#b00020"}


class DoorPanel(QWidget):
    """The marking field with undo and walk-in, the answer to each mark, and the candidates
    when several invitees match what was typed."""

    counts_changed = Signal(object)  # pledge.AttendanceCounts after a mark or an undo
    invitees_changed = Signal()  # someone's attendance changed: the list is read again

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.current_event: pledge.EventDetail | None = None
        self.agencies: list[roster.AgencyRow] = []
        self.can_mark = allowed(ctx, Permission.PLEDGE_WRITE)
        # Events whose date (not today) the user agreed to mark anyway, for this window.
        self.dates_confirmed: set[str] = set()
        self.walk_in_dialog: QWidget | None = None

        self.mark_input = QLineEdit()
        self.mark_input.setObjectName("markInput")
        self.mark_input.setPlaceholderText(_("Nama atau NIP, lalu Enter"))
        self.mark_input.setToolTip(
            _("Ketik sebagian nama atau pindai NIP, lalu Enter untuk menandai hadir")
        )
        self.mark_input.setStyleSheet("font-size: 16px; padding: 6px;")
        # Never narrower than its hint: the buttons move to a second line first.
        font = QFont(self.mark_input.font())
        font.setPixelSize(16)
        self.mark_input.setMinimumWidth(
            QFontMetrics(font).horizontalAdvance(self.mark_input.placeholderText()) + 40
        )
        self.undo_button = QPushButton(_("Batalkan tanda terakhir (Ctrl+Z)"))
        self.walk_in_button = QPushButton(_("Peserta tambahan… (Ctrl+T)"))
        self.mark_message = QLabel()
        self.mark_message.setObjectName("markMessage")
        self.mark_message.setWordWrap(True)
        # Under the field it answers, not centred in whatever height the layout gives it.
        self.mark_message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.mark_message.setStyleSheet("font-size: 14px;")
        self.candidates = QListWidget()
        self.candidates.setObjectName("candidates")
        # A narrow view shortens a line (whole in its tooltip) rather than hide a row behind
        # a scroll bar.
        self.candidates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.candidates.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.candidates.hide()
        # The two buttons stay together: beside the field when there is room, else below it.
        door_buttons = QWidget()
        buttons_row = QHBoxLayout(door_buttons)
        buttons_row.setContentsMargins(0, 0, 0, 0)
        buttons_row.addWidget(self.undo_button)
        buttons_row.addWidget(self.walk_in_button)
        self.mark_row = FlowRow([self.mark_input, door_buttons])
        for widget in (self.mark_input, self.undo_button, self.walk_in_button):
            widget.setEnabled(self.can_mark)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.mark_row)
        layout.addWidget(self.mark_message)
        layout.addWidget(self.candidates)

        self.mark_input.returnPressed.connect(self.mark)
        self.candidates.itemActivated.connect(self.choose_candidate)
        self.undo_button.clicked.connect(self.undo)
        self.walk_in_button.clicked.connect(self.add_walk_in)
        # Ctrl+Z in the field takes back the last mark, not the typed text: the field must not
        # claim the key for its own undo (see eventFilter).
        self.mark_input.installEventFilter(self)
        QShortcut(QKeySequence("Ctrl+T"), self).activated.connect(self.add_walk_in)
        QShortcut(QKeySequence("Escape"), self.candidates).activated.connect(self._back_to_input)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.mark_input
            and event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        ):
            event.ignore()  # left to the event view's undo shortcut
            return True
        return super().eventFilter(watched, event)

    def date_agreed(self) -> bool:
        """True when marks may go to the current event: it is today's, or the user agreed (once
        per event in this window) to mark an event held on another day."""
        event = self.current_event
        if event is None or event.id in self.dates_confirmed or pledge.is_today(self._ctx, event):
            return True
        text = _("Acara ini dijadwalkan {tanggal}, bukan hari ini. Tetap catat kehadiran?").format(
            tanggal=date_text(event.starts_at)
        )
        if not confirm(self, _("Tanggal acara"), text, _("Tetap catat")):
            return False
        self.dates_confirmed.add(event.id)
        return True

    def clear(self) -> None:
        """Ready for another event: no answer, no candidates."""
        self.mark_message.clear()
        self.candidates.hide()

    def mark(self) -> None:
        text = self.mark_input.text().strip()
        if self.current_event is None or not text or not self.date_agreed():
            return
        event_id = self.current_event.id
        self._runner.run(
            lambda: pledge.mark(self._ctx, event_id, text),
            on_done=self.show_result,
            on_error=self._mark_failed,
        )

    def show_result(self, result: pledge.MarkResult) -> None:
        """The answer to a mark (typed here, a candidate chosen, a reason or a walk-in)."""
        self.mark_message.setText(result.message)
        # People of the roster offered: a choice to make, like several invitees, not an error.
        outcome = "ambiguous" if result.roster_people else result.outcome.value
        self.mark_message.setStyleSheet(f"font-size: 14px; color: {COLORS.get(outcome, '#000')};")
        if result.counts is not None:
            self.counts_changed.emit(result.counts)
        if result.candidates or result.roster_people:
            self._show_candidates(result)
            return
        self.candidates.hide()
        if result.marked:
            self.mark_input.clear()
            self.invitees_changed.emit()
        else:
            self.mark_input.selectAll()
        self.mark_input.setFocus()

    def _show_candidates(self, result: pledge.MarkResult) -> None:
        """One short line per candidate (nothing shown for an empty field); people of the
        roster who are not invited come last, marked "bukan undangan"."""
        self.candidates.clear()
        for row in result.candidates:
            parts = (row.full_name, row.nip or "", row.agency_name, candidate_status(row))
            item = QListWidgetItem(" · ".join(part for part in parts if part))
            item.setToolTip(item.text())
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.candidates.addItem(item)
        for person in result.roster_people:
            number = person.nip or person.ni_pppk or ""
            known = (person.full_name, number, person.agency_name or "")
            text = " · ".join(part for part in known if part)
            item = QListWidgetItem(text + " — " + _("bukan undangan"))
            item.setData(Qt.ItemDataRole.UserRole, person)
            item.setForeground(QBrush(QColor("#6a1b9a")))
            item.setToolTip(item.text() + "\n" + _("Enter: tambahkan sebagai peserta tambahan"))
            self.candidates.addItem(item)
        # As tall as its lines, at most five: the invitee table keeps most of its rows.
        shown = min(self.candidates.count(), CANDIDATE_ROWS)
        self.candidates.setFixedHeight(
            shown * self.candidates.sizeHintForRow(0) + 2 * self.candidates.frameWidth()
        )
        self.candidates.show()
        self.candidates.setCurrentRow(0)
        self.candidates.setFocus()

    def _mark_failed(self, exc: BaseException) -> None:
        self.mark_message.setText(error_text(exc))
        self.mark_message.setStyleSheet("font-size: 14px; color: #b00020;")
        self.mark_input.selectAll()

    def choose_candidate(self, item: QListWidgetItem) -> None:
        chosen = item.data(Qt.ItemDataRole.UserRole)
        if not isinstance(chosen, str):  # a person of the roster: a walk-in, from the roster
            self.add_walk_in(person=chosen)
            return
        if not self.date_agreed():
            return
        invitee_id = chosen
        self._runner.run(
            lambda: pledge.mark_invitee(self._ctx, invitee_id),
            on_done=self.show_result,
            on_error=self._mark_failed,
        )

    def _back_to_input(self) -> None:
        self.candidates.hide()
        self.mark_input.setFocus()
        self.mark_input.selectAll()

    def undo(self) -> None:
        if self.current_event is None or not self.can_mark:
            return
        event_id = self.current_event.id

        def done(result: pledge.UndoResult) -> None:
            self.mark_message.setText(result.message)
            self.mark_message.setStyleSheet("font-size: 14px; color: #4a148c;")
            if result.counts is not None:
                self.counts_changed.emit(result.counts)
            self.invitees_changed.emit()
            self.mark_input.setFocus()

        self._runner.run(
            lambda: pledge.undo_last_mark(self._ctx, event_id),
            on_done=done,
            on_error=self._mark_failed,
        )

    def add_walk_in(self, person: roster.PersonRow | None = None):  # type: ignore[no-untyped-def]
        """The walk-in dialog: filled from the roster for ``person`` (or the roster person
        chosen among the candidates), else with what was typed."""
        from netral_desktop.ui.pledge_dialogs import WalkInDialog

        if self.current_event is None or not self.can_mark or not self.date_agreed():
            return None
        current = self.candidates.currentItem() if self.candidates.isVisible() else None
        if person is None and current is not None:
            chosen = current.data(Qt.ItemDataRole.UserRole)
            person = None if isinstance(chosen, str) else chosen
        dialog = WalkInDialog(
            self._ctx,
            self._runner,
            self.current_event.id,
            self.agencies,
            self.mark_input.text().strip(),
            self,
            person=person,
        )
        dialog.finished.connect(lambda _r: self._walk_in_done(dialog))
        self.walk_in_dialog = dialog  # the one open (the tests reach it here)
        dialog.open()
        return dialog

    def _walk_in_done(self, dialog) -> None:  # type: ignore[no-untyped-def]
        if dialog.result_mark is not None:
            self.show_result(dialog.result_mark)
            self.mark_input.clear()
            self.invitees_changed.emit()
        else:
            self.mark_input.setFocus()


CANDIDATE_ROWS = 5


def candidate_status(row: pledge.InviteeRow) -> str:
    """A candidate's attendance in words; not marked yet is said, not shown as a dash."""
    return status_label(row) if row.status else _("belum ditandai")

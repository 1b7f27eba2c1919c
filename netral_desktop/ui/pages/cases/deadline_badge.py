"""A case's next deadline at a glance: the due day, the days left (or how many days late, in
red), what is due, and the article that sets the period as the tooltip.

The badge counts calendar days from the office's today to the due day; the due day itself is
the ruleset's (working or calendar days with the holiday calendar), worked out by the service.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from netral_desktop.i18n import _, current_language

# Days before the due day from which the badge warns (amber): the shortest period of the
# Pemilu procedure is one working day, so two calendar days still leave time to act.
NEAR_DAYS = 2

STYLES = {
    "ok": "background:#e8f1fb; color:#1d4f80; border:1px solid #b7d0ea;",
    "near": "background:#fff4ce; color:#5c4400; border:1px solid #e6c65c;",
    "overdue": "background:#fde7e9; color:#a4000f; border:1px solid #e8a0a7;",
    "none": "background:#f2f2f2; color:#555; border:1px solid #d6d6d6;",
}


def day_words(day: date) -> str:
    """``Kam, 16 Mei 2024`` in the program's language."""
    return _day_words(day, current_language())


@lru_cache(maxsize=4096)
def _day_words(day: date, language: str) -> str:
    # Babel takes ~0.1 ms a date: a page of 200 cases shows 400 dates, mostly the same few.
    from babel.dates import format_date

    return format_date(day, "EEE, d MMM y", locale=language)


def days_left_words(due: date, today: date) -> str:
    """``3 hari lagi``, ``hari ini``, ``besok``, ``lewat 2 hari``."""
    left = (due - today).days
    if left < 0:
        return _("lewat {n} hari").format(n=-left)
    if left == 0:
        return _("hari ini")
    if left == 1:
        return _("besok")
    return _("{n} hari lagi").format(n=left)


def state_of(due: date | None, today: date) -> str:
    """``overdue``, ``near``, ``ok`` or ``none`` (no deadline running)."""
    if due is None:
        return "none"
    left = (due - today).days
    if left < 0:
        return "overdue"
    return "near" if left <= NEAR_DAYS else "ok"


class DeadlineBadge(QLabel):
    """The badge; ``set_deadline`` shows one deadline, ``None`` shows that none is running."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deadlineBadge")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.state = "none"
        self.set_deadline(None, today=date.today())

    def set_deadline(
        self,
        due: date | None,
        *,
        today: date,
        what: str = "",
        article: str = "",
        rule: str = "",
        none_text: str = "",
    ) -> None:
        """Show the deadline ``due`` of ``what`` (``Kajian awal``), counted from ``today``;
        ``article`` and ``rule`` (``2 hari kerja sejak laporan diterima``) go to the tooltip."""
        self.state = state_of(due, today)
        self.setStyleSheet(f"QLabel#deadlineBadge {{ {STYLES[self.state]} padding:4px 8px; }}")
        if due is None:
            self.setText(escape(none_text or _("Tidak ada batas waktu berjalan")))
            self.setToolTip("")
            return
        left = days_left_words(due, today)
        head = _("Batas {what}").format(what=what.lower()) if what else _("Batas waktu")
        if self.state == "overdue":
            left = _("TERLAMBAT, {left}").format(left=left)
        self.setText(f"{escape(head)}: <b>{escape(day_words(due))}</b> · <b>{escape(left)}</b>")
        tip = [part for part in (rule, article) if part]
        self.setToolTip("\n".join(tip))
        self.setAccessibleDescription("\n".join(tip))

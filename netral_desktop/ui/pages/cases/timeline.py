"""Everything that happened on a case, oldest first: received, each step with who took it and
why, the papers it issued, hearings, evidence added, identities viewed. A read-only browser
(selectable, scrollable, reachable with Tab) over plain entries the case view builds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from html import escape

from PySide6.QtWidgets import QTextBrowser, QWidget

from netral_desktop.i18n import _, current_language

# The dot's colour by kind of entry: steps blue, hearings green, evidence grey, identity
# views amber (they are the entries a reader of the log looks for), refusals or late red.
KIND_COLOURS = {
    "step": "#2e6da4",
    "hearing": "#2f8a4c",
    "evidence": "#777777",
    "reveal": "#c9782b",
    "late": "#b00020",
}


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened; ``at`` is in the office's time zone (a date when only the
    day is known, such as the day of the event reported)."""

    at: datetime | date
    title: str
    who: str = ""
    detail: str = ""
    documents: tuple[str, ...] = field(default_factory=tuple)
    kind: str = "step"


def when_words(at: datetime | date) -> str:
    from babel.dates import format_date, format_datetime

    if isinstance(at, datetime):
        return format_datetime(at, "d MMM y HH.mm", locale=current_language())
    return format_date(at, "d MMM y", locale=current_language())


def _sort_key(entry: TimelineEntry) -> tuple[date, str]:
    at = entry.at
    day = at.date() if isinstance(at, datetime) else at
    return day, at.strftime("%H%M%S") if isinstance(at, datetime) else ""


def timeline_html(entries: Sequence[TimelineEntry]) -> str:
    if not entries:
        nothing = _("Belum ada kejadian yang dicatat.")
        return f"<p style='color:#555'>{escape(nothing)}</p>"
    rows = []
    for entry in sorted(entries, key=_sort_key):
        colour = KIND_COLOURS.get(entry.kind, KIND_COLOURS["step"])
        text = f"<b>{escape(entry.title)}</b>"
        if entry.who:
            text += f" <span style='color:#555'>— {escape(entry.who)}</span>"
        if entry.detail:
            text += "<br>" + escape(entry.detail).replace("\n", "<br>")
        if entry.documents:
            text += (
                "<br><span style='color:#1d4f80'>"
                + escape(_("Dokumen: {names}").format(names=", ".join(entry.documents)))
                + "</span>"
            )
        rows.append(
            "<tr>"
            f"<td style='color:#555; padding:4px 10px 8px 0; white-space:nowrap'>"
            f"{escape(when_words(entry.at))}</td>"
            f"<td style='color:{colour}; padding:4px 8px 8px 0'>●</td>"
            f"<td style='padding:4px 0 8px 0'>{text}</td>"
            "</tr>"
        )
    return "<table cellspacing='0'>" + "".join(rows) + "</table>"


class Timeline(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseTimeline")
        self.setOpenLinks(False)
        self.entries: list[TimelineEntry] = []
        self.set_entries([])

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        self.entries = sorted(entries, key=_sort_key)
        self.setHtml(timeline_html(self.entries))

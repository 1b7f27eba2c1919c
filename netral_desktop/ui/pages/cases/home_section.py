"""The home page's cases: how many are open, overdue and due in the coming week (each a link
to the case list narrowed to them), the overdue and nearest cases by name (links to the
case), and the cases by status."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from netral_desktop.i18n import _
from netral_desktop.services.cases import queries
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.pages.cases.deadline_badge import day_words, days_left_words
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import number

SHOWN = 5  # cases named in each list


@dataclass(frozen=True)
class CaseHome:
    counts: Any  # queries.HomeCounts
    overdue: list[Any]
    due_soon: list[Any]
    today: Any


def load(ctx: ServiceContext) -> CaseHome:
    from netral_desktop.services.documents import local_today

    return CaseHome(
        counts=queries.home_counts(ctx),
        overdue=queries.list_cases(ctx, queries.CaseFilter(overdue=True), 0, SHOWN),
        due_soon=queries.list_cases(ctx, queries.CaseFilter(due_within_days=7), 0, SHOWN),
        today=local_today(ctx),
    )


class CaseSection(QGroupBox):
    navigate = Signal(str, str, str)  # page key, case id, what to show

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(_("Penanganan pelanggaran"), parent)
        self.setObjectName("caseSection")
        self._ctx, self._runner = ctx, runner
        self.summary = QLabel()
        self.summary.setObjectName("caseSummary")
        self.summary.setWordWrap(True)
        self.overdue_box = QVBoxLayout()
        self.soon_box = QVBoxLayout()
        self.status_grid = QGridLayout()
        self.status_grid.setHorizontalSpacing(16)
        columns = QGridLayout()
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        columns.setColumnStretch(2, 1)
        for column, (title, box) in enumerate(
            (
                (_("Lewat batas waktu"), self.overdue_box),
                (_("Jatuh tempo 7 hari ke depan"), self.soon_box),
            )
        ):
            heading = QLabel(f"<b>{html.escape(title)}</b>")
            columns.addWidget(heading, 0, column)
            holder = QWidget()
            holder.setLayout(box)
            box.setContentsMargins(0, 0, 0, 0)
            columns.addWidget(holder, 1, column, Qt.AlignmentFlag.AlignTop)
        by_status = _("Menurut status")
        columns.addWidget(QLabel(f"<b>{html.escape(by_status)}</b>"), 0, 2)
        status_holder = QWidget()
        status_holder.setLayout(self.status_grid)
        self.status_grid.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(status_holder, 1, 2, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(columns)

    def refresh(self) -> None:
        self._runner.run(lambda: load(self._ctx), on_done=self.show_cases)

    def _link(self, text: str, case_id: str = "", focus: str = "", *, red: bool = False) -> QLabel:
        target = f"cases|{case_id}|{focus}"
        style = " style='color:#b00020'" if red else ""
        label = QLabel(f'<a href="{html.escape(target)}"{style}>{html.escape(text)}</a>')
        label.setObjectName("homeLink")
        label.setProperty("target", target)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        label.linkActivated.connect(self._follow)
        return label

    def _follow(self, target: str) -> None:
        key, case_id, focus = [*target.split("|"), "", ""][:3]
        self.navigate.emit(key, case_id, focus)

    @staticmethod
    def _hint(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("homeHint")
        label.setWordWrap(True)
        label.setStyleSheet("color: #555;")
        return label

    def show_cases(self, loaded: CaseHome) -> None:
        counts = loaded.counts
        total = sum(counts.by_status.values())
        self.summary.setText(
            _("{total} perkara tercatat, {open} masih berjalan.").format(
                total=number(total), open=number(counts.open_cases)
            )
        )
        for box, rows, count, focus, empty in (
            (
                self.overdue_box,
                loaded.overdue,
                counts.overdue,
                "overdue",
                _("Tidak ada perkara yang lewat batas waktu."),
            ),
            (
                self.soon_box,
                loaded.due_soon,
                counts.due_this_week,
                "week",
                _("Tidak ada batas waktu dalam 7 hari ke depan."),
            ),
        ):
            _clear(box)
            for row in rows:
                when = f"{day_words(row.due_date)}, {days_left_words(row.due_date, loaded.today)}"
                who = row.subjects[0] if row.subjects else row.title
                text = f"{row.number or row.title} — {who} ({when})"
                box.addWidget(self._link(text, row.id, red=row.overdue))
            if count > len(rows):
                box.addWidget(
                    self._link(_("Semua {n} perkara…").format(n=number(count)), "", focus)
                )
            if not rows:
                box.addWidget(self._hint(empty))
        _clear(self.status_grid)
        for line, (code, count) in enumerate(
            sorted(counts.by_status.items(), key=lambda item: -item[1])
        ):
            label = QLabel(counts.status_labels.get(code, code))
            figure = QLabel(number(count))
            figure.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.status_grid.addWidget(label, line, 0)
            self.status_grid.addWidget(figure, line, 1)
        if not counts.by_status:
            self.status_grid.addWidget(self._hint(_("Belum ada perkara.")), 0, 0)

    def links(self) -> list[QLabel]:
        return self.findChildren(QLabel, "homeLink")


def _clear(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()

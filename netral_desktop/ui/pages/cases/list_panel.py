"""The case register: filters (status, origin, category, overdue only, election, reported
person's agency) and a search over numbers, names and the account, above a table paged from
SQL; overdue cases are marked in red. Enter opens the chosen case."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services.cases import queries
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.empty_state import EmptyHint
from netral_desktop.ui.flow_row import FlowRow
from netral_desktop.ui.paged_table_model import Column, PagedTableModel
from netral_desktop.ui.pages.cases.common import allowed
from netral_desktop.ui.pages.cases.deadline_badge import day_words, days_left_words
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import data_table, number

OVERDUE = QColor("#b00020")
NEAR = QColor("#8a5a00")


@dataclass(frozen=True)
class FilterChoices:
    """What the filters offer, loaded off the GUI thread."""

    statuses: list[tuple[str, str]] = field(default_factory=list)
    origins: list[tuple[str, str]] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=list)
    elections: list[tuple[str, str]] = field(default_factory=list)
    agencies: list[tuple[str, str]] = field(default_factory=list)


def load_choices(ctx: ServiceContext) -> FilterChoices:
    """The filters' choices (runs on the worker: it reads the rulesets and the taxonomy)."""
    from netral_desktop.core.cases import ORIGIN_LABELS
    from netral_desktop.services import pledge, roster
    from netral_desktop.services.cases import procedure

    statuses: dict[str, str] = {}
    for name in procedure.RULESETS:
        rules = procedure.rules_or_none(ctx, name)
        for code, status in (rules.statuses if rules else {}).items():
            statuses.setdefault(code, status.label)
    can_read_roster = allowed(ctx, Permission.ROSTER_READ)
    return FilterChoices(
        statuses=list(statuses.items()),
        origins=[(code, _(label)) for code, label in ORIGIN_LABELS.items()],
        categories=category_choices(ctx),
        elections=[(e.id, e.name) for e in pledge.list_elections(ctx)] if can_read_roster else [],
        agencies=[(a.id, a.name) for a in roster.list_agencies(ctx)] if can_read_roster else [],
    )


def category_choices(ctx: ServiceContext) -> list[tuple[str, str]]:
    """(code, "code description") of the violation categories (SKB 2022, or the office's file)."""
    from netral_desktop.core import taxonomy

    home = ctx.layout.root if ctx.layout is not None else None
    return [(c.code, c.label) for c in taxonomy.load_taxonomy(home=home).categories()]


def subjects_text(row: Any) -> str:
    names = list(row.subjects)
    if not names:
        return "—"
    if len(names) == 1:
        return names[0]
    return _("{first} +{n}").format(first=names[0], n=len(names) - 1)


def deadline_text(row: Any, today: date) -> str:
    if row.due_date is None:
        return "—"
    return f"{day_words(row.due_date)} ({days_left_words(row.due_date, today)})"


class CaseTableModel(PagedTableModel):
    """The paged model, with an overdue case in red (its deadline in bold) and a deadline
    that is near in amber."""

    DEADLINE_COLUMN = 5
    # A screen shows ~20 cases: 100 a page keeps the first rows quick (more on scrolling).
    PAGE = 100

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role not in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            return super().data(index, role)
        row = self.row_object(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue:
                return QBrush(OVERDUE)
            if row.due_soon and index.column() == self.DEADLINE_COLUMN:
                return QBrush(NEAR)
            return None
        if index.column() == self.DEADLINE_COLUMN and (row.overdue or row.due_soon):
            font = QFont()
            font.setBold(True)
            return font
        return None


class ListPanel(QWidget):
    """The whole register page: filters, table, count, buttons."""

    case_opened = Signal(str)

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._runner = ctx, runner
        self.today = date.today()
        self.title = QLabel(_("Penanganan pelanggaran"))
        self.title.setStyleSheet("font-size: 17px; font-weight: 600;")
        self.status = self._combo("statusFilter")
        self.origin_filter = self._combo("originFilter")
        self.category = self._combo("categoryFilter")
        self.election = self._combo("electionFilter")
        self.agency = self._combo("agencyFilter")
        # Long names (agencies, categories) are cut in the closed box, whole in its list and
        # tooltip: the filters stay on two lines at 1024 px.
        for combo in (self.agency, self.category):
            combo.setMaximumWidth(220)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(16)
        self.deadline = self._combo("deadlineFilter")
        for key, label in (
            ("", _("Semua batas waktu")),
            ("overdue", _("Lewat batas waktu")),
            ("week", _("Jatuh tempo 7 hari ke depan")),
            ("open", _("Masih berjalan")),
        ):
            self.deadline.addItem(label, key)
        self.search = QLineEdit()
        self.search.setObjectName("caseSearch")
        self.search.setPlaceholderText(_("Cari nomor, terlapor, instansi, perihal (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(250)
        self.set_choices(FilterChoices())
        self._shown_filter = queries.CaseFilter()

        self.cases = CaseTableModel(
            [
                Column(
                    _("Nomor"),
                    lambda r: r.number or _("(belum bernomor)"),
                    tooltip=lambda r: r.number,
                ),
                Column(
                    _("Diterima"), lambda r: day_words(r.received_date) if r.received_date else "—"
                ),
                Column(_("Perihal"), lambda r: r.title, tooltip=lambda r: r.title),
                Column(
                    _("Terlapor"),
                    subjects_text,
                    tooltip=lambda r: "\n".join([*r.subjects, *r.agencies]),
                ),
                Column(_("Status"), lambda r: r.status_label),
                Column(
                    _("Batas waktu"),
                    lambda r: deadline_text(r, self.today),
                    tooltip=lambda r: r.due_label,
                ),
                Column(_("Asal"), lambda r: r.origin_label),
            ],
            fetch=self._fetch,
            parent=self,
            runner=runner,
        )
        self.table = data_table(self.cases, "caseTable")
        # Enter or a double click (Qt's "activated") opens the case.
        self.table.activated.connect(lambda _index: self.open_current())
        self.hint = EmptyHint(self.table, self._empty_text)
        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")
        self.open_button = QPushButton(_("Buka perkara"))
        self.open_button.setToolTip("Enter")
        self.open_button.clicked.connect(self.open_current)
        self.new_button = QPushButton(_("Perkara baru…"))
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.setEnabled(allowed(ctx, Permission.CASE_LOG))

        filters = FlowRow(
            [
                self.search,
                self.status,
                self.origin_filter,
                self.category,
                self.election,
                self.agency,
                self.deadline,
            ]
        )
        self.search.setSizePolicy(
            self.search.sizePolicy().Policy.Expanding, self.search.sizePolicy().verticalPolicy()
        )
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)

        for combo in (
            self.status,
            self.origin_filter,
            self.category,
            self.election,
            self.agency,
            self.deadline,
        ):
            combo.currentIndexChanged.connect(self.reload)
        self.search.textChanged.connect(self.reload)
        self.search.returnPressed.connect(self._search_done)
        self.cases.loaded.connect(self._loaded)

    @staticmethod
    def _combo(name: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def set_choices(self, choices: FilterChoices) -> None:
        """Fill the filters, keeping what is chosen."""
        for combo, everything, items in (
            (self.status, _("Semua status"), choices.statuses),
            (self.origin_filter, _("Semua asal"), choices.origins),
            (self.category, _("Semua kategori"), choices.categories),
            (self.election, _("Semua pemilihan"), choices.elections),
            (self.agency, _("Semua instansi terlapor"), choices.agencies),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for value, label in items:
                combo.addItem(label, value)
                combo.setItemData(combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
            combo.setCurrentIndex(max(0, combo.findData(chosen)) if chosen else 0)
            combo.blockSignals(False)

    def _fetch(self, page: Any) -> list[Any]:
        """A page of cases (on the worker), and the office's today their deadlines count to."""
        from netral_desktop.ui.pages.cases.common import office_today

        self.today = office_today(self._ctx)
        return queries.list_cases(self._ctx, self._shown_filter, page.offset, page.limit)

    def show_deadlines(self, key: str) -> None:
        """Narrow the list to ``overdue``, ``week`` (due within 7 days) or ``open`` cases."""
        self.deadline.setCurrentIndex(max(0, self.deadline.findData(key)))

    def filter(self) -> queries.CaseFilter:
        deadline = self.deadline.currentData() or ""
        return queries.CaseFilter(
            status=self.status.currentData() or None,
            origin=self.origin_filter.currentData() or None,
            category=self.category.currentData() or None,
            election_id=self.election.currentData() or None,
            agency_id=self.agency.currentData() or None,
            overdue=deadline == "overdue",
            due_within_days=7 if deadline == "week" else None,
            open_only=deadline == "open",
            search=self.search.text().strip(),
        )

    def filtered(self) -> bool:
        flt = self.filter()
        return bool(
            flt.status or flt.origin or flt.category or flt.election_id or flt.agency_id
        ) or bool(flt.overdue or flt.search or flt.open_only or flt.due_within_days is not None)

    def _empty_text(self) -> str:
        if self.filtered():
            return _("Tidak ada perkara yang cocok dengan saringan atau pencarian ini.")
        if allowed(self._ctx, Permission.CASE_LOG):
            return _(
                "Belum ada perkara. Catat laporan, temuan atau informasi awal yang masuk "
                "dengan «Perkara baru…» (Ctrl+N)."
            )
        return _("Belum ada perkara yang dicatat.")

    def reload(self) -> None:
        # Read on the GUI thread: the worker pages with this filter, never the widgets.
        self._shown_filter = self.filter()
        self.cases.reload()

    def _loaded(self) -> None:
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (0, 1, 4, 5, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 200)
        flt = self._shown_filter

        def count() -> tuple[int, int]:
            overdue = flt if flt.overdue else replace(flt, overdue=True, due_within_days=None)
            return (
                queries.count_cases(self._ctx, flt),
                queries.count_cases(self._ctx, overdue),
            )

        self._runner.run(count, on_done=self._counted)

    def _counted(self, counts: tuple[int, int]) -> None:
        total, overdue = counts
        shown = self.cases.rowCount()
        text = _("{n} perkara").format(n=number(total))
        if shown < total:
            text += " " + _("({shown} dimuat)").format(shown=number(shown))
        if overdue:
            text += " · " + _("{n} lewat batas waktu").format(n=number(overdue))
        self.count_label.setText(text)

    def _search_done(self) -> None:
        # Enter in the search field goes to the first result (keyboard first).
        if self.cases.rowCount():
            self.table.setFocus()
            self.table.selectRow(0)

    def selected(self) -> Any:
        index = self.table.currentIndex()
        return self.cases.row_object(index.row()) if index.isValid() else None

    def open_current(self) -> None:
        row = self.selected()
        if row is not None:
            self.case_opened.emit(row.id)

    def select_first(self) -> None:
        if self.cases.rowCount():
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.cases.index(0, 0, QModelIndex()))

"""The home page's reach of socialization: events held and people reached in the election,
by month and by kecamatan, as two small bar charts (drawn with QPainter) and the same
figures as a table, for reading aloud and printing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from netral_desktop.i18n import _
from netral_desktop.services import sosialisasi
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.tasks import TaskRunner
from netral_desktop.ui.widgets import number

BAR = QColor("#2e6da4")
EVENTS = QColor("#c9782b")


class BarChart(QWidget):
    """Horizontal bars, one line per item: the label, a bar for people reached, and the
    events count at its end. Painted, not a widget per bar: drawing 17 lines costs well
    under a millisecond."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.lines: Sequence[sosialisasi.ReachLine] = ()
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_lines(self, lines: Sequence[sosialisasi.ReachLine]) -> None:
        self.lines = lines
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, 200)

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.drawText(0, metrics.ascent(), self.title)
        painter.setFont(QFont(self.font()))
        top = metrics.height() + 4
        lines = list(self.lines)
        if not lines:
            painter.drawText(0, top + metrics.ascent(), _("Belum ada kegiatan terlaksana."))
            return
        row = min(18.0, (self.height() - top) / len(lines))
        label_width = min(
            self.width() * 0.4, max(metrics.horizontalAdvance(x.label) for x in lines) + 6
        )
        room = self.width() - label_width - metrics.horizontalAdvance(" 00.000 · 000") - 4
        most = max((x.people for x in lines), default=0) or 1
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, min(small.pointSizeF(), row * 0.6)))
        painter.setFont(small)
        for index, line in enumerate(lines):
            y = top + index * row
            rect = QRectF(0, y, label_width - 6, row)
            painter.setPen(self.palette().text().color())
            painter.drawText(
                rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), line.label
            )
            width = max(0.0, room * line.people / most)
            painter.fillRect(QRectF(label_width, y + row * 0.15, width, row * 0.7), BAR)
            painter.setPen(EVENTS if not line.people else self.palette().text().color())
            painter.drawText(
                QRectF(label_width + width + 4, y, self.width(), row),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                f"{number(line.people)} · {line.events}",
            )
        painter.end()


class ReachSection(QGroupBox):
    """The charts (or their table), with the totals above them."""

    def __init__(self, ctx: ServiceContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(_("Jangkauan sosialisasi"), parent)
        self.setObjectName("reachSection")
        self._ctx, self._runner = ctx, runner
        self.reach: sosialisasi.Reach | None = None
        self.totals = QLabel()
        self.totals.setObjectName("reachTotals")
        self.totals.setWordWrap(True)
        self.toggle = QToolButton()
        self.toggle.setObjectName("reachToggle")
        self.toggle.setCheckable(True)
        self.toggle.setText(_("Tampilkan tabel"))
        self.toggle.toggled.connect(self._toggled)
        self.by_month = BarChart(_("Per bulan"))
        self.by_month.setObjectName("reachByMonth")
        self.by_kecamatan = BarChart(_("Per kecamatan"))
        self.by_kecamatan.setObjectName("reachByKecamatan")
        charts = QWidget()
        chart_row = QHBoxLayout(charts)
        chart_row.setContentsMargins(0, 0, 0, 0)
        chart_row.addWidget(self.by_month, 2)
        chart_row.addWidget(self.by_kecamatan, 3)
        self.model = QStandardItemModel(0, 4, self)
        self.table = QTableView()
        self.table.setObjectName("reachTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(charts)
        self.stack.addWidget(self.table)
        # Room for 17 kapanewon at a readable size; more kecamatan get thinner lines.
        self.stack.setFixedHeight(270)
        head = QHBoxLayout()
        head.addWidget(self.totals, 1)
        head.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.stack)
        # The box's own hint counts the frame and title; its minimum (in the home page's
        # scroll area) otherwise came out a few pixels short, cutting the last bar.
        self.setMinimumHeight(self.sizeHint().height())

    def refresh(self) -> None:
        self._runner.run(lambda: sosialisasi.reach(self._ctx), on_done=self.show_reach)

    def show_reach(self, reach: sosialisasi.Reach) -> None:
        self.reach = reach
        kecamatan = reach.terms.kecamatan
        self.by_kecamatan.title = _("Per {kecamatan}").format(kecamatan=kecamatan.lower())
        election = reach.election_name or _("semua pemilihan")
        self.totals.setText(
            _("{election}: {events} kegiatan terlaksana, {people} orang terjangkau.").format(
                election=election, events=number(reach.events), people=number(reach.people)
            )
            + " "
            + _("Batang: orang terjangkau; angka: orang · kegiatan.")
        )
        self.by_month.set_lines(reach.by_month)
        self.by_kecamatan.set_lines(reach.by_kecamatan)
        self.model.clear()
        self.model.setHorizontalHeaderLabels(
            [_("Bagian"), _("Bulan / wilayah"), _("Kegiatan"), _("Orang terjangkau")]
        )
        for part, lines in ((_("Per bulan"), reach.by_month), (kecamatan, reach.by_kecamatan)):
            for line in lines:
                cells = [QStandardItem(part), QStandardItem(line.label)]
                for value in (line.events, line.people):
                    item = QStandardItem(number(value))
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    cells.append(item)
                self.model.appendRow(cells)
        self.table.resizeColumnsToContents()

    def _toggled(self, table: bool) -> None:
        self.stack.setCurrentIndex(1 if table else 0)
        self.toggle.setText(_("Tampilkan grafik") if table else _("Tampilkan tabel"))

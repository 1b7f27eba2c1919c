"""A table model fed by SQL a page at a time (``fetchMore``), sorted and filtered in SQL.

Pages are fetched on the task runner when one is given (the window never queries on the GUI
thread); a newer ``reload`` makes the answers of older ones be dropped, so typing fast in a
search field never shows stale rows. Without a runner, pages load at once (small lists).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    sort_key: str | None = None  # the service's name for sorting by this column
    align_right: bool = False
    tooltip: Callable[[Any], str] | None = None


@dataclass(frozen=True)
class PageRequest:
    offset: int
    limit: int
    sort_key: str | None
    descending: bool
    after: Any  # the last row already loaded (keyset paging), None for the first page


class PagedTableModel(QAbstractTableModel):
    """Rows come from ``fetch(PageRequest)``; more pages exist while a page comes back full."""

    loaded = Signal()  # a reload's first page is in the model

    PAGE = 200

    def __init__(
        self,
        columns: Sequence[Column],
        fetch: Callable[[PageRequest], list[Any]],
        parent: Any = None,
        *,
        runner: Any = None,
        default_sort: str | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._fetch = fetch
        self._runner = runner
        self._rows: list[Any] = []
        # The text of every cell, worked out with the page on the worker: painting then only
        # looks strings up (the view asks for each visible cell many times).
        self._display: list[tuple[str, ...]] = []
        self._more = False
        self._loading = False
        self._generation = 0
        self._sort_key = default_sort
        self._descending = False

    # --- loading ---
    def _texts(self, rows: list[Any]) -> list[tuple[str, ...]]:
        out = []
        for row in rows:
            values = (column.value(row) for column in self._columns)
            out.append(tuple("" if v is None else str(v) for v in values))
        return out

    def _run(self, request: PageRequest, done: Callable[[tuple[list[Any], Any]], None]) -> None:
        def work() -> tuple[list[Any], list[tuple[str, ...]]]:
            rows = self._fetch(request)
            return rows, self._texts(rows)

        if self._runner is None:
            done(work())
        else:
            self._runner.run(work, on_done=done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        handler = getattr(self._runner, "default_error_handler", None)
        if handler is not None:
            handler(exc)

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        request = PageRequest(0, self.PAGE, self._sort_key, self._descending, None)
        self._loading = True
        self._run(request, lambda page: self._reset(generation, page))

    def _reset(self, generation: int, page: tuple[list[Any], list[tuple[str, ...]]]) -> None:
        if generation != self._generation:
            return
        rows, texts = page
        self.beginResetModel()
        self._rows = list(rows)
        self._display = list(texts)
        self._more = len(rows) >= self.PAGE
        self._loading = False
        self.endResetModel()
        self.loaded.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or self._loading:
            return
        generation = self._generation
        request = PageRequest(
            len(self._rows),
            self.PAGE,
            self._sort_key,
            self._descending,
            self._rows[-1] if self._rows else None,
        )
        self._loading = True
        self._run(request, lambda page: self._append(generation, page))

    def _append(self, generation: int, page: tuple[list[Any], list[tuple[str, ...]]]) -> None:
        if generation != self._generation:
            return
        more, texts = page
        self._loading = False
        self._more = len(more) >= self.PAGE
        if not more:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self._display.extend(texts)
        self.endInsertRows()

    def row_object(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    # --- Qt model contract ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._columns):
            return self._columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == _DISPLAY:
            try:
                return self._display[index.row()][index.column()]
            except IndexError:
                return None
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        column = self._columns[index.column()]
        if role == _ALIGNMENT:
            return _RIGHT if column.align_right else None
        if role == _TOOLTIP and column.tooltip is not None:
            return column.tooltip(self._rows[index.row()])
        if role == ROW_ROLE:
            return self._rows[index.row()]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._columns[column].sort_key if 0 <= column < len(self._columns) else None
        if key is None:
            return
        self._sort_key = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

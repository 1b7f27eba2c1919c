"""A table model fed by SQL a page at a time (``fetchMore``), sorted and filtered in SQL."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    sort_key: str | None = None  # the service's name for sorting by this column
    align_right: bool = False


class PagedTableModel(QAbstractTableModel):
    """Rows come from ``fetch(offset, limit, sort_key, descending)``; ``total()`` counts them.

    Rows are appended in pages as the view scrolls; ``reload`` (a new filter) resets the model.
    """

    PAGE = 200

    def __init__(
        self,
        columns: Sequence[Column],
        fetch: Callable[[int, int, str | None, bool], list[Any]],
        total: Callable[[], int],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._fetch = fetch
        self._total_fn = total
        self._rows: list[Any] = []
        self._total = 0
        self._sort_key: str | None = None
        self._descending = False

    # --- loading ---
    def reload(self) -> None:
        self.beginResetModel()
        self._total = self._total_fn()
        self._rows = self._fetch(0, self.PAGE, self._sort_key, self._descending)
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self._fetch(len(self._rows), self.PAGE, self._sort_key, self._descending)
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    @property
    def total(self) -> int:
        return self._total

    def row_object(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

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
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self._columns[column].sort_key if 0 <= column < len(self._columns) else None
        if key is None:
            return
        self._sort_key = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

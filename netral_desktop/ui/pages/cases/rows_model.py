"""A table model over a short list already in memory (a case's reported people, parties,
hearings): the paged model's columns and row objects, filled at once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from netral_desktop.ui.paged_table_model import Column, PagedTableModel


class RowsModel(PagedTableModel):
    PAGE = 10_000  # one page: the list is short and already loaded

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        self._items: list[Any] = []
        super().__init__(columns, fetch=lambda page: self._items, parent=parent)

    def set_rows(self, rows: Sequence[Any]) -> None:
        self._items = list(rows)
        self.reload()

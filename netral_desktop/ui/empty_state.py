"""A hint over an empty table that says what to do ("Belum ada dokumen terbit. Pilih «Dokumen
baru…» …"), or that nothing matches the search; hidden as soon as the table has rows.

Laid over the table's viewport (not instead of the table): the page's layout and the column
headers stay as they are, and every page adds one by one call.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyHint(QObject):
    """Shows ``text()`` centred in ``view`` while its model has no rows. ``text`` is asked
    each time (it can tell "nothing matches" from "nothing yet")."""

    def __init__(self, view: QAbstractItemView, text: Callable[[], str]) -> None:
        super().__init__(view)
        self._view = view
        self._text = text
        self.label = QLabel(view.viewport())
        self.label.setObjectName("emptyHint")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: #555; font-size: 13px;")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.hide()
        model = view.model()
        model.modelReset.connect(self.update)
        model.rowsInserted.connect(self.update)
        model.rowsRemoved.connect(self.update)
        view.viewport().installEventFilter(self)

    def update(self) -> None:
        empty = self._view.model().rowCount() == 0
        if empty:
            self.label.setText(self._text())
            self._place()
        self.label.setVisible(empty)

    def _place(self) -> None:
        area = self._view.viewport().rect()
        self.label.setGeometry(area.adjusted(24, 16, -24, -16))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

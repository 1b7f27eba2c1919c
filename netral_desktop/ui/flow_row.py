"""A row of controls that wraps onto a second line when the window is narrow, instead of
cutting its buttons ("cokkan ke daftar pegawa") or setting the window's minimum width past a
small screen. Qt has no such layout; this is its documented flow-layout example, plus: widgets
whose horizontal size policy expands share the room left on their line (the door's field
fills the line, a right-aligned group stays right)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new line when the next would not fit."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    # --- QLayout's contract ---
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        hints = [item.sizeHint() for item in self._visible()]
        width = sum(h.width() for h in hints) + self._spacing * max(0, len(hints) - 1)
        height = max((h.height() for h in hints), default=0)
        return self._with_margins(QSize(width, height))

    def minimumSize(self) -> QSize:
        # One item per line at the narrowest: the widest item sets the minimum width.
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return self._with_margins(size)

    # --- placing ---
    def _visible(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _with_margins(self, size: QSize) -> QSize:
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            wanted = item.sizeHint().width()
            if lines[-1] and used + self._spacing + wanted > width:
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + wanted
            lines[-1].append(item)
        return [line for line in lines if line]

    def _arrange(self, rect: QRect, *, apply: bool) -> int:
        margins = self.contentsMargins()
        inner = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        y = inner.y()
        for line in self._lines(inner.width()):
            widths = [min(item.sizeHint().width(), inner.width()) for item in line]
            free = inner.width() - sum(widths) - self._spacing * (len(line) - 1)
            growing = [i for i, item in enumerate(line) if _expands(item)]
            for n, index in enumerate(growing):  # the room left goes to the expanding items
                widths[index] += free // len(growing) + (1 if n < free % len(growing) else 0)
            height = max(item.sizeHint().height() for item in line)
            x = inner.x()
            for item, item_width in zip(line, widths, strict=True):
                if apply:
                    item.setGeometry(QRect(QPoint(x, y), QSize(max(item_width, 0), height)))
                x += item_width + self._spacing
            y += height + self._spacing
        return y - self._spacing - rect.y() + margins.bottom()


def _expands(item: QLayoutItem) -> bool:
    widget = item.widget()
    if widget is None:
        return False
    policy = widget.sizePolicy().horizontalPolicy()
    return bool(policy.value & QSizePolicy.PolicyFlag.ExpandFlag.value)


class FlowRow(QWidget):
    """A widget holding a ``FlowLayout``; it asks for the height its lines need at its width
    (set on every resize, so any parent layout gives it room for a second line)."""

    def __init__(self, widgets: list[QWidget], parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing)
        for widget in widgets:
            self.flow.addWidget(widget)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        height = self.flow.heightForWidth(self.width())
        if height != self.minimumHeight():
            self.setMinimumHeight(height)

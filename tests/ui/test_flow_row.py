"""A row of controls wraps onto the next line when narrow instead of cutting a button, and an
expanding widget fills what its line leaves."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit, QPushButton, QVBoxLayout, QWidget

from netral_desktop.ui.flow_row import FlowRow


def test_a_row_wraps_when_narrow_and_fills_when_wide(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = QLineEdit()
    field.setMinimumWidth(200)
    buttons = [QPushButton("Batalkan tanda terakhir (Ctrl+Z)"), QPushButton("Tambahan…")]
    row = FlowRow([field, *buttons])
    holder = QWidget()
    QVBoxLayout(holder).addWidget(row)
    qtbot.addWidget(holder)
    holder.show()
    one_line = sum(b.sizeHint().width() for b in buttons) + 200 + 2 * 6 + 40
    holder.resize(one_line + 200, 200)
    QApplication.processEvents()
    assert field.y() == buttons[0].y() == buttons[1].y()  # one line
    assert field.width() > 200 + 150  # the field took the room left
    assert buttons[1].geometry().right() <= row.width()
    single = row.minimumHeight()

    holder.resize(260, 200)  # too narrow for the buttons beside the field
    QApplication.processEvents()
    assert buttons[0].y() > field.y()  # wrapped below, whole
    assert row.minimumHeight() > single  # the row asks for its second line
    for button in buttons:
        assert button.width() >= button.sizeHint().width() or button.width() == row.width()
        assert button.geometry().bottom() <= row.height()

"""Dates are picked from a calendar that speaks Indonesian (Agustus, Senin) and can still be
typed as digits; a birth date left empty comes from the NIP."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import netral_desktop.ui
from netral_desktop.services import roster


def test_the_birth_date_is_picked_or_typed_and_may_stay_empty(qtbot, main_window, runner) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.person_dialog import PersonDialog

    ctx = main_window._ctx
    dialog = PersonDialog(ctx, runner, roster.list_agencies(ctx))
    qtbot.addWidget(dialog)
    dialog.show()
    field = dialog.birth_date
    assert field.value() is None and "dari NIP" in field.edit.text()
    assert field.edit.calendarPopup()
    calendar = field.edit.calendarWidget()
    assert calendar.locale().monthName(8) == "Agustus"
    assert calendar.locale().dayName(1) == "Senin"

    field.edit.setFocus()
    QApplication.processEvents()
    qtbot.keyClicks(field.edit, "17081980")  # typed as digits, no separators
    assert field.value() == date(1980, 8, 17)
    assert field.edit.text() == "17/08/1980"
    assert field.words.text() == "Minggu, 17 Agustus 1980"
    dialog.inputs["full_name"].setText("Siti Aminah")
    dialog.save()
    assert dialog.saved
    assert roster.get_person(ctx, dialog.person_id).birth_date == "1980-08-17"

    # Emptied again (Delete over the whole date): the NIP's date is taken.
    other = PersonDialog(ctx, runner, roster.list_agencies(ctx))
    qtbot.addWidget(other)
    other.show()
    other.birth_date.set_value(date(1975, 1, 1))
    other.birth_date.edit.setFocus()
    other.birth_date.edit.selectAll()
    qtbot.keyClick(other.birth_date.edit, Qt.Key.Key_Delete)
    assert other.birth_date.value() is None and other.birth_date.words.text() == ""
    other.inputs["full_name"].setText("Budi Santoso")
    other.inputs["nip"].setText("19900202 201503 1 001")
    other.save()
    assert roster.get_person(ctx, other.person_id).birth_date == "1990-02-02"


def test_the_event_date_and_time_are_picked_in_indonesian(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    page = main_window.show_page("pledges")
    dialog = page.open_event(None)
    qtbot.addWidget(dialog)
    field = dialog.starts_at
    assert field.edit.calendarPopup()
    assert field.edit.calendarWidget().locale().monthName(12) == "Desember"
    field.set_value(datetime(2024, 11, 19, 8, 0))
    assert field.words.text() == "Selasa, 19 November 2024 pukul 08.00"
    field.edit.setFocus()
    field.edit.setSelectedSection(field.edit.Section.DaySection)
    qtbot.keyClicks(field.edit, "171220240930")
    assert field.value() == datetime(2024, 12, 17, 9, 30)
    dialog.inputs["title"].setText("Apel Ikrar Desember")
    dialog.save()
    assert page.view.current_event.starts_at.replace(tzinfo=None) == datetime(2024, 12, 17, 9, 30)


def test_no_date_is_a_plain_text_field() -> None:
    """Every date input of the window is a DateField (calendar, Indonesian names, digits):
    no bare Qt date edit and no text field asking for a date format."""
    root = Path(netral_desktop.ui.__file__).parent
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "TTTT-BB-HH" not in source, path
        if path.name != "date_field.py":
            assert not re.search(r"\bQDate(Time)?Edit\(", source), path


def test_a_document_form_date_is_a_date_field(qtbot) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.pdf.spec import load_spec
    from netral_desktop.ui.date_field import DateField
    from netral_desktop.ui.form_fill_dialog import FormFillDialog

    dialog = FormFillDialog(load_spec("ikrar_naskah"))
    qtbot.addWidget(dialog)
    field = dialog.inputs["tanggal"]
    assert isinstance(field, DateField)
    assert field.edit.calendarWidget().locale().monthName(3) == "Maret"
    field.set_value(date(2024, 3, 5))
    assert dialog.values()["tanggal"] == date(2024, 3, 5)

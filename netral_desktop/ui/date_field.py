"""A date (or date and time) field with a calendar to pick from, in the program's language:
the calendar names months and days in Indonesian (Agustus, Senin), the chosen day is spelt
out beside the field, and the field still takes a date typed as digits (17081980 becomes
17/08/1980). An optional field can be empty (a birth date not known: derived from the NIP)."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QWidget

from netral_desktop.i18n import _, current_language

EMPTY = QDate(1900, 1, 1)  # the optional field's "no date": shown as words, never saved


def ui_locale() -> QLocale:
    """Qt's locale for the program's language (month and day names of the calendar)."""
    if current_language() == "id":
        return QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


class _DigitsFirstEdit(QDateTimeEdit):
    """Qt's date edit, except that typing a digit into an empty optional field starts a
    date (Qt would append it to the "empty" words), and Delete on the whole text empties it."""

    def __init__(self, optional: bool, start: QDate) -> None:
        super().__init__()
        self._optional, self._start = optional, start

    def is_empty(self) -> bool:
        return self._optional and self.date() == EMPTY

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.is_empty() and event.text().isdigit():
            self.setDate(self._start)
            self.setSelectedSection(QDateTimeEdit.Section.DaySection)
        elif (
            self._optional
            and event.text() == ""
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
            and self.lineEdit().selectedText() == self.text()
        ):
            self.setDate(EMPTY)
            return
        super().keyPressEvent(event)


class DateField(QWidget):
    """The field and, beside it, the date in words (``Minggu, 17 Agustus 1980``)."""

    changed = Signal()

    def __init__(
        self,
        *,
        with_time: bool = False,
        optional: bool = False,
        empty_text: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.with_time = with_time
        self.edit = _DigitsFirstEdit(optional, QDate(1980, 1, 1) if optional else QDate())
        self.edit.setObjectName("dateEdit")
        self.edit.setDisplayFormat("dd/MM/yyyy HH:mm" if with_time else "dd/MM/yyyy")
        self.edit.setCalendarPopup(True)
        locale = ui_locale()
        self.edit.setLocale(locale)
        calendar = self.edit.calendarWidget()
        calendar.setLocale(locale)
        calendar.setFirstDayOfWeek(locale.firstDayOfWeek())
        if optional:
            self.edit.setMinimumDate(EMPTY)
            self.edit.setSpecialValueText(empty_text or _("(kosong)"))
            self.edit.setDate(EMPTY)
        self.edit.setToolTip(
            _("Ketik tanggal sebagai angka (HHBBTTTT) atau pilih dari kalender (Alt+↓).")
        )
        self.words = QLabel()
        self.words.setObjectName("dateWords")
        self.words.setEnabled(False)  # greyed: it repeats the field, it is not a control
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.words, 1)
        self.edit.dateTimeChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        from babel.dates import format_date, format_time

        value = self.value()
        if value is None:
            self.words.clear()
        else:
            words = format_date(value, "full", locale=current_language())
            if isinstance(value, datetime):
                words = _("{date} pukul {time}").format(
                    date=words, time=format_time(value, "HH.mm", locale=current_language())
                )
            self.words.setText(words)
        self.changed.emit()

    def value(self) -> date | datetime | None:
        """The date (a ``datetime`` with the time), or None while an optional field is empty."""
        if self.edit.is_empty():
            return None
        if self.with_time:
            # PySide6 types toPython() as object; a QDateTime gives a datetime.
            moment = cast(datetime, self.edit.dateTime().toPython())
            return moment.replace(second=0, microsecond=0)
        return cast(date, self.edit.date().toPython())

    def set_value(self, value: date | datetime | None) -> None:
        if value is None:
            self.edit.setDate(EMPTY)
        elif isinstance(value, datetime):
            self.edit.setDateTime(
                QDateTime(
                    QDate(value.year, value.month, value.day), QTime(value.hour, value.minute)
                )
            )
        else:
            self.edit.setDate(QDate(value.year, value.month, value.day))

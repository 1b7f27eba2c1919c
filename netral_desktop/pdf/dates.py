"""Dates as Indonesian official documents print them ("Selasa, 14 Mei 2024")."""

from __future__ import annotations

from datetime import date, datetime

from netral_desktop.core.numbering import roman_month

# Babel patterns by the names specs use after a colon: ``{doc.date:long}``.
DATE_FORMATS = {
    "": "d MMMM y",  # 14 Mei 2024
    "long": "EEEE, d MMMM y",  # Selasa, 14 Mei 2024
    "day": "EEEE",  # Selasa
    "month": "MMMM y",  # Mei 2024
    "short": "dd/MM/y",  # 14/05/2024
}
EXTRA_FORMATS = ("roman", "year")


def format_date_id(value: date | datetime, style: str = "") -> str:
    """``value`` in Indonesian in one of DATE_FORMATS (or ``roman``: the Roman month)."""
    if style == "roman":
        return roman_month(value.month)
    if style == "year":
        return str(value.year)
    from babel.dates import format_date

    day = value.date() if isinstance(value, datetime) else value
    return format_date(day, DATE_FORMATS[style], locale="id")


class DocDate:
    """A date that formats itself in a spec template: ``{tanggal}``, ``{tanggal:long}``."""

    __slots__ = ("value",)

    def __init__(self, value: date) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        return format_date_id(self.value, spec)

    def __str__(self) -> str:
        return format_date_id(self.value)

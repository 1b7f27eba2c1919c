"""The small read-only tables of the Sinkronisasi page and its trust tabs, and the times in
them (in the office's own time zone)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.i18n import current_language
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.office import office_zone
from netral_desktop.ui.widgets import number, read_only_rows


def sync_table(name: str, headers: list[str], *, stretch: int | None = None) -> QTableWidget:
    """A small read-only table; column ``stretch`` (else the last) takes the spare width."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    read_only_rows(table)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(table: QTableWidget, rows: list[list[Any]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if isinstance(value, str) and value:
                item.setToolTip(value)  # the whole text where the column cuts it short
            if isinstance(value, int):
                item.setText(number(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


def office_zone_of(ctx: ServiceContext) -> tuple[ZoneInfo, str]:
    """The office's time zone and its label (WIB, WITA, WIT), read once per page."""
    office = current_office(ctx)
    return office_zone(office), office.time_zone


def when_text(stamp: str | None, zone: tuple[ZoneInfo, str], *, label: bool = True) -> str:
    """An ISO UTC time in the office's zone, ``14 Mei 2024 09.00 WIB`` (short for a column;
    without the zone's label where the column header carries it)."""
    if not stamp:
        return "—"
    from babel.dates import format_datetime

    local = parse_iso_utc(stamp).astimezone(zone[0])
    shown = format_datetime(local, "d MMM y HH.mm", locale=current_language())
    return f"{shown} {zone[1]}" if label else shown

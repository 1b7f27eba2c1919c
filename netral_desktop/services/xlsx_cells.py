"""Cells for the .xlsx files the program writes (openpyxl write-only mode)."""

from __future__ import annotations

from typing import Any

from netral_desktop.core.spreadsheet_text import formula_like


def cell(
    sheet: Any,
    value: Any,
    *,
    bold: bool = False,
    text: bool = False,
    number_format: str | None = None,
) -> Any:
    """A write-only cell. Text that looks like a formula stays text (an inline string, shown
    exactly as read), so no spreadsheet program runs it; ``text`` stores a value as text
    (identifiers: a NIP never becomes 1.97E+17)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    if text and value not in (None, ""):
        value = str(value)
    out = WriteOnlyCell(sheet, value=value)
    if formula_like(value):
        out.data_type = "s"
    if text:
        out.number_format = "@"
    if number_format:
        out.number_format = number_format
    if bold:
        out.font = Font(bold=True)
    return out

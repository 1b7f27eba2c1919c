"""Text from outside, written into a spreadsheet without ever becoming a formula.

A name such as ``=HYPERLINK("http://…")`` or ``+62…`` typed into a roster file must come back
as the same text, never as something a spreadsheet program runs (CSV/formula injection, OWASP).
"""

from __future__ import annotations

from typing import Any

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula or command.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """Whether a text cell would be read as a formula if written as it is."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_text(value: str) -> str:
    """A CSV field that opens as text: formula-like text gets a leading apostrophe, which
    spreadsheet programs show as a text marker (the rest of the text is unchanged)."""
    return "'" + value if formula_like(value) else value

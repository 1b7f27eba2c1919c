"""The refused rows of an import, written back for the agency (.xlsx, or .csv): every cell
exactly as it was read, as text (a NIP keeps its 18 digits and never becomes 1.97E+17), the
reason beside it; text that looks like a formula stays text."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from netral_desktop.i18n import _
from netral_desktop.services.roster_import.check import EXACT_FLOAT
from netral_desktop.services.roster_import.write import ImportResult


def cell_as_text(value: Any) -> str:
    """A cell as the agency sees it in its own file, as text. A number that lost digits in
    Excel is shown as Excel shows it with the "0" format: its 15 significant digits, then
    zeros (``197005121998031000``), never ``1.97005E+17``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            if abs(value) < EXACT_FLOAT:
                return str(int(value))
            return str(int(Decimal(f"{value:.15g}")))
        return f"{value:.15g}"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def export_refused(result: ImportResult, path: str | Path) -> int:
    """Write the refused rows, as they were in the file plus the reason, to an .xlsx (or a
    .csv, by the name) to send back to the agency. Returns the number of rows written."""
    from netral_desktop.services.csv_out import write_csv
    from netral_desktop.services.roster_export import write_xlsx

    headers = list(result.mapping.headers)
    width = max([len(headers), *(len(r.raw) for r in result.refused)])
    headers += [""] * (width - len(headers))
    columns = [_("Baris"), *headers, _("Masalah")]
    rows = [
        [
            r.row_number,
            *(cell_as_text(v) for v in r.raw),
            *([""] * (width - len(r.raw))),
            r.reason(),
        ]
        for r in result.refused
    ]
    if Path(path).suffix.lower() == ".csv":
        write_csv(path, headers=columns, rows=rows)
    else:
        write_xlsx(
            path,
            title=_("Baris ditolak"),
            headers=columns,
            rows=rows,
            text_columns=set(range(1, width + 1)),
        )
    return len(rows)

"""The refused rows of an import, written back to an .xlsx for the agency."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from netral_desktop.i18n import _
from netral_desktop.services.roster_import.write import ImportResult


def export_refused(result: ImportResult, path: str | Path) -> int:
    """Write the refused rows, as they were in the file plus the reason, to an .xlsx to send
    back to the agency. Returns the number of rows written."""
    from netral_desktop.services.roster_export import write_xlsx

    headers = list(result.mapping.headers)
    width = max([len(headers), *(len(r.raw) for r in result.refused)])
    headers += [""] * (width - len(headers))
    columns = [_("Baris"), *headers, _("Masalah")]
    rows = [
        [
            r.row_number,
            *(_export_cell(v) for v in r.raw),
            *([""] * (width - len(r.raw))),
            r.reason(),
        ]
        for r in result.refused
    ]
    write_xlsx(
        path,
        title=_("Baris ditolak"),
        headers=columns,
        rows=rows,
        text_columns={
            i + 1 for k, i in result.mapping.columns.items() if k in ("nip", "nik", "ni_pppk")
        },
    )
    return len(rows)


def _export_cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return f"{value:.5E}"  # show the agency the number as Excel mangled it
    return value

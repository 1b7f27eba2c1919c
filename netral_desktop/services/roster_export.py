"""Roster spreadsheets out: the current view of the roster, and refused import rows.

Written with openpyxl's write-only mode (constant memory at 100,000 rows). Identifier
columns are text cells, so Excel never turns a NIP into 1.97E+17 again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from netral_desktop.core.identifiers import format_nip
from netral_desktop.core.problems import problem_label
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import PersonStatus
from netral_desktop.i18n import N_, _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.files import write_with
from netral_desktop.services.roster import (
    RosterFilter,
    RosterSort,
    count,
    search,
)
from netral_desktop.services.xlsx_cells import cell

EXPORT_PAGE = 5000


def write_xlsx(
    path: str | Path,
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    text_columns: Collection[int] = (),
) -> Path:
    """One sheet with a bold header row; ``text_columns`` (0-based) stored as text. The file
    appears whole or not at all (written beside it, then renamed)."""
    from openpyxl import Workbook

    target = Path(path)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append([cell(sheet, name, bold=True) for name in headers])
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(
            [cell(sheet, value, text=index in text_columns) for index, value in enumerate(row)]
        )
    write_with(target, book.save)  # whole or not at all; a full disk: a message to show
    return target


def _csv_phone(phone: str) -> str:
    """A phone number Excel keeps as text when it opens the CSV: grouped (``0812 3456 7890``);
    bare digits would lose their leading 0."""
    if phone.isdigit() and phone.startswith("0") and len(phone) > 4:
        return " ".join(phone[i : i + 4] for i in range(0, len(phone), 4))
    return phone


def export_people(
    ctx: ServiceContext,
    path: str | Path,
    query: str = "",
    filters: RosterFilter | None = None,
    sort: RosterSort | None = None,
) -> int:
    """Write the people of the current view (query, filters, order) to an .xlsx, or to a CSV
    when the name ends in .csv (services/csv_out.py: ``;``, UTF-8 with BOM, for Excel on an
    Indonesian Windows); returns how many. The export is recorded in the audit log (personal
    data leaving the program)."""
    actor = ctx.require(Permission.ROSTER_READ)
    headers = [
        _("No"),
        _("Nama"),
        _("NIP / NI PPPK"),
        _("Status"),
        _("L/P"),
        _("Jabatan"),
        _("Pangkat/Gol"),
        _("Unit kerja"),
        _("Instansi"),
        _("No HP"),
        _("Aktif"),
        _("Catatan"),
    ]

    as_csv = Path(path).suffix.lower() == ".csv"

    def rows() -> Iterable[list[Any]]:
        number, offset = 0, 0
        while True:
            page = search(ctx, query, filters, sort, offset=offset, limit=EXPORT_PAGE)
            for person in page:
                number += 1
                yield [
                    number,
                    person.full_name,
                    format_nip(person.nip or person.ni_pppk or ""),
                    PersonStatus(person.status).label,
                    person.sex or "",
                    person.jabatan,
                    person.pangkat_golongan,
                    person.unit_kerja,
                    person.agency_name or "",
                    _csv_phone(person.phone) if as_csv else person.phone,
                    _("ya") if person.active else _("tidak"),
                    "; ".join(problem_label(code) for code in person.problems.split()),
                ]
            if len(page) < EXPORT_PAGE:
                return
            offset += EXPORT_PAGE

    total = count(ctx, query, filters)
    if as_csv:
        from netral_desktop.services.csv_out import write_csv

        target = write_csv(path, headers=headers, rows=rows())
    else:
        target = write_xlsx(
            path, title=_("Daftar pegawai"), headers=headers, rows=rows(), text_columns={2, 9}
        )
    with ctx.db.write_session() as session:
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="export",
            table_name="person",
            record_id="-",
            new={"file": target.name, "query": query, "rows": total},
            note=N_("ekspor daftar pegawai"),
        )
    return total

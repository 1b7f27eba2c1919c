"""Checking the data rows of a sheet, without the database: each row's values for the
roster, the fields it gives itself, and its problems (errors refuse the row); blank rows,
numbering rows, a totals row and the signature block below it are skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from netral_desktop.core.problems import Problem, Severity
from netral_desktop.core.roster import (
    check_person,
    clean_text,
    golongan_rank,
    pangkat_golongan_text,
    parse_sex,
    parse_status,
)
from netral_desktop.i18n import _
from netral_desktop.services.roster_import.mapping import (
    ColumnMapping,
    cell_text,
    is_numbering,
    normalise_header,
)
from netral_desktop.services.roster_import.read import SheetTable

_TOTALS = re.compile(r"^(JUMLAH|TOTAL|JML|GRAND TOTAL)\b")
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?[eE][+-]?\d+$")
_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb", "pebruari"),
            ("maret", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun"),
            ("juli", "jul"),
            ("agustus", "agu", "agt", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "des", "dec"),
        ]
    )
    for m in names
}


@dataclass
class RowResult:
    """One data row of the sheet: what it says, its problems, and what the import does."""

    row_number: int  # in the sheet, 1-based
    raw: tuple[Any, ...]
    values: dict[str, Any] = field(default_factory=dict)  # the person's column values
    explicit: frozenset[str] = frozenset()  # fields the row itself gives (may overwrite)
    agency_name: str = ""
    problems: list[Problem] = field(default_factory=list)
    outcome: str = ""  # add | update | unchanged | refused
    person_id: str | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return self.outcome == "refused"

    @property
    def name(self) -> str:
        return str(self.values.get("full_name") or "")

    def reason(self) -> str:
        """Why the row is refused (its errors), else what is noted on it."""
        errors = [p for p in self.problems if p.is_error]
        return " ".join(p.message for p in errors or self.problems)

    def refuse(self, code: str, message: str, field_name: str = "") -> None:
        self.problems.append(Problem(code, Severity.ERROR, message, field_name))
        self.outcome = "refused"


def _number_lost(value: Any, label: str, zeroed: int) -> Problem | None:
    """An identifier Excel stored as a number: only 15 digits survive, the rest become 0.

    Floats and scientific text (``1.97E+17``) have always lost digits; an integer has when it
    ends in the ``zeroed`` zeros Excel leaves (3 for an 18-digit NIP, 1 for a 16-digit NIK).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        shown = f"{value:.5E}"
    elif isinstance(value, int) and len(str(value)) > 15 and str(value).endswith("0" * zeroed):
        shown = str(value)
    elif isinstance(value, str) and _SCIENTIFIC.match(value.strip()):
        shown = value.strip()
    else:
        return None
    return Problem(
        f"{label.lower()}_number",
        Severity.ERROR,
        _(
            "{label} tersimpan sebagai angka ({shown}): Excel hanya menyimpan 15 angka, jadi "
            "angka terakhirnya hilang. Format kolom {label} sebagai Teks, ketik ulang "
            "{label}-nya, lalu kirim lagi."
        ).format(label=label, shown=shown),
        label.lower(),
    )


def _id_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text_ = clean_text(value)
    return "" if text_ in {"-", "--", "—", "0", "null", "NULL"} else text_


def _phone(value: Any) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        digits = str(int(value))
        return "0" + digits if digits.startswith("8") else digits
    return clean_text(value)


def _birth_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text_ = clean_text(value).lower()
    if not text_:
        return None
    text_ = text_.rsplit(",", 1)[-1].strip()  # "Bantul, 11-04-1968" (tempat, tanggal lahir)
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text_)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[-/. ](\d{1,2}|[a-z]+)[-/. ](\d{4})", text_)
        if not match:
            return None
        day, year = int(match.group(1)), int(match.group(3))
        month_text = match.group(2)
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text, 0)
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _cell(row: tuple[Any, ...], mapping: ColumnMapping, key: str) -> Any:
    index = mapping.columns.get(key)
    if index is None or index >= len(row):
        return None
    value = row[index]
    return None if value == "" else value


def _is_marked(value: Any) -> bool:
    text_ = cell_text(value).lower()
    return bool(text_) and text_ not in {"0", "-", "tidak"}


def check_row(
    row_number: int,
    row: tuple[Any, ...],
    mapping: ColumnMapping,
    *,
    default_agency: str = "",
    today: date | None = None,
) -> RowResult:
    """Read and check one data row (no database): values, explicit fields and problems."""
    result = RowResult(row_number, row)

    def get(key: str) -> Any:
        return _cell(row, mapping, key)

    explicit: set[str] = set()
    lost = [
        p
        for p in (_number_lost(get("nip"), "NIP", 3), _number_lost(get("nik"), "NIK", 1))
        if p is not None
    ]
    lost_fields = {p.field for p in lost}
    name_cell, nip_cell = get("full_name"), get("nip")
    if isinstance(name_cell, str) and "\n" in name_cell.strip() and "nip" not in mapping.columns:
        # "NAMA / NIP" columns: the name on the first line, the NIP below it.
        name_cell, nip_cell = name_cell.strip().split("\n", 1)
    nip_raw, nik_raw = _id_text(nip_cell), _id_text(get("nik"))
    status_raw = cell_text(get("status"))
    status = parse_status(status_raw) if status_raw else None
    if status_raw and status is None:
        result.problems.append(
            Problem(
                "status_unknown",
                Severity.WARNING,
                _("Status '{value}' tidak dikenal; ditentukan dari NIP.").format(value=status_raw),
                "status",
            )
        )
    sex_raw = get("sex")
    sex = parse_sex(sex_raw) if sex_raw is not None else None
    if sex is None and mapping.columns.keys() & {"sex_male", "sex_female"}:
        male, female = _is_marked(get("sex_male")), _is_marked(get("sex_female"))
        sex = parse_sex("L") if male and not female else parse_sex("P") if female else None
    birth_raw = get("birth_date")
    birth = _birth_date(birth_raw) if birth_raw is not None else None
    if birth_raw is not None and birth is None:
        result.problems.append(
            Problem(
                "birth_date_unreadable",
                Severity.WARNING,
                _("Tanggal lahir '{value}' tidak terbaca; diabaikan.").format(
                    value=cell_text(birth_raw)
                ),
                "birth_date",
            )
        )
    agency_name = cell_text(get("agency")) or default_agency
    check = check_person(
        full_name=name_cell,
        status=status,
        nip="" if "nip" in lost_fields else nip_raw,
        ni_pppk=_id_text(get("ni_pppk")),
        nik="" if "nik" in lost_fields else nik_raw,
        sex=sex,
        birth_date=birth,
        has_agency=bool(agency_name),
        today=today,
    )
    result.problems[:0] = lost
    result.problems.extend(check.problems)
    if "pangkat_golongan" in mapping.columns:
        pangkat = cell_text(get("pangkat_golongan"))
    else:
        pangkat = pangkat_golongan_text(get("pangkat"), get("golongan"))
    values = {
        **check.values,
        "jabatan": cell_text(get("jabatan")),
        "pangkat_golongan": pangkat,
        "golongan_rank": golongan_rank(pangkat),
        "unit_kerja": cell_text(get("unit_kerja")),
        "phone": _phone(get("phone")),
        "problems": check.flags,
    }
    result.values = values
    for key in ("full_name", "nik", "jabatan", "pangkat_golongan", "unit_kerja", "phone"):
        if values.get(key):
            explicit.add(key)
    if values.get("full_name"):
        explicit.add("name_key")
    if pangkat:
        explicit.add("golongan_rank")
    if status is not None or values["nip"] or values["ni_pppk"]:
        explicit.add("status")
    explicit.update(k for k in ("nip", "ni_pppk") if values[k])
    if sex is not None:
        explicit.add("sex")
    if birth is not None:
        explicit.add("birth_date")
    if agency_name:
        explicit.add("agency_id")
    result.explicit = frozenset(explicit)
    result.agency_name = agency_name
    if any(p.is_error for p in result.problems):
        result.outcome = "refused"
    return result


def _is_blank(row: tuple[Any, ...]) -> bool:
    return not any(cell_text(v) for v in row)


def _is_totals(row: tuple[Any, ...], mapping: ColumnMapping) -> bool:
    name_index = mapping.columns["full_name"]
    first_cells = [cell_text(v) for v in row[: max(name_index + 1, 3)]]
    return any(_TOTALS.match(normalise_header(c)) for c in first_cells if c)


def _is_footer(row: tuple[Any, ...], mapping: ColumnMapping) -> bool:
    """A signature line under the table ("NIP. 19680411 ...", "Mengetahui,") in the name
    column."""
    name = normalise_header(_cell(row, mapping, "full_name"))
    return bool(re.match(r"^(NIP|MENGETAHUI|KEPALA|PLT|PLH|A N)\b", name)) and not any(
        _cell(row, mapping, key) for key in ("nip", "jabatan", "unit_kerja")
    )


def check_rows(
    table: SheetTable,
    mapping: ColumnMapping,
    *,
    default_agency: str = "",
    today: date | None = None,
    limit: int | None = None,
) -> tuple[list[RowResult], int]:
    """Check every data row: (rows, number of rows skipped as blank, totals or footer).

    Reading stops at a totals row ("JUMLAH", "TOTAL"): what follows is a signature block.
    """
    results: list[RowResult] = []
    skipped = 0
    for number in range(mapping.data_start, len(table.rows) + 1):
        row = table.rows[number - 1]
        if _is_blank(row):
            continue
        if _is_totals(row, mapping):
            skipped += sum(1 for r in table.rows[number - 1 :] if not _is_blank(r))
            break
        if is_numbering(row) or _is_footer(row, mapping):
            skipped += 1
            continue
        results.append(check_row(number, row, mapping, default_agency=default_agency, today=today))
        if limit is not None and len(results) >= limit:
            break
    return results, skipped

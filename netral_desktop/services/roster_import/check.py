"""Checking the data rows of a sheet, without the database: each row's values for the
roster, the fields it gives itself, and its problems (errors refuse the row).

What is not a person is recognised and skipped, each with its reason, never refused: blank
separators (not listed), column-number rows, header rows (the sub-header row of a two-level
header, a header repeated on each printed page), totals rows (``JUMLAH``, ``TOTAL``, also
between groups), section titles (``A. SEKRETARIAT``), and the signature block at the end
(place and date, position, the head's name and NIP). Two layouts put the NIP outside its
own cell: under the name in the same cell (``Drs. SUHARTONO, M.Si.`` then ``NIP. 19680411
199303 1 009`` on a new line), or on the next row, alone (two rows per person).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from netral_desktop.core.problems import Problem, Severity
from netral_desktop.core.roster import (
    check_person,
    clean_text,
    golongan_rank,
    is_pppk_golongan,
    pangkat_golongan_text,
    parse_sex,
    parse_status,
)
from netral_desktop.i18n import N_, _
from netral_desktop.services.roster_import.mapping import (
    ColumnMapping,
    cell_text,
    is_header_label,
    is_numbering,
    normalise_header,
)
from netral_desktop.services.roster_import.read import SheetTable

_TOTALS = re.compile(r"^\s*(jumlah|total|jml|grand total|sub ?total)\b", re.IGNORECASE)
# An identifier alone: "NIP. 19680411 199303 1 009", "NI PPPK: 1992...", or the digits only.
_ID_LINE = re.compile(
    r"^\s*(?:(NIP|NI\s*PPPK|NIPPPK|NIK)\s*[.:]?\s*)?(\d[\d .\-]{14,24}\d)\s*$", re.IGNORECASE
)
# The first lines of a signature block: place and date ("Bantul, 2 Mei 2024", the day often
# left blank to be written by hand), or a signer's position.
_PLACE_DATE = re.compile(
    r"^[A-Za-z][A-Za-z .'\-]+,\s*(\d{1,2}\s+)?[A-Za-z]+\s+\d{4}$"
    r"|^[A-Za-z][A-Za-z .'\-]+,\s*\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$"
)
_SIGNER = re.compile(
    r"^(MENGETAHUI|MENYETUJUI|DISETUJUI|DISAHKAN|KEPALA|PLT|PLH|A N|AN|SEKRETARIS|CAMAT|"
    r"LURAH|DIREKTUR|KASUBAG|KASUBBAG|KABAG|KABID|PEJABAT|YANG MEMBUAT|DIBUAT OLEH|BUPATI|"
    r"WALI ?KOTA|TTD|AN KEPALA)\b"
)
_SECTION = re.compile(
    r"^(([A-Z]|[IVXL]+|\d{1,2})[.)]\s+\S|(UNIT KERJA|BIDANG|BAGIAN|SUB ?BAGIAN|SEKSI|UPT|UPTD|"
    r"SEKOLAH|SD|SMP|SMA|SMK|PUSKESMAS|KECAMATAN|KELURAHAN|DESA|DINAS|BADAN|SEKRETARIAT|"
    r"KANTOR|INSPEKTORAT|RSUD)\b)"
)
SKIP_REASONS = {
    "numbering": N_("baris nomor kolom"),
    "header": N_("baris judul kolom"),
    "total": N_("baris jumlah"),
    "section": N_("judul bagian"),
    "signature": N_("tanda tangan"),
    "continuation": N_("NIP untuk baris di atasnya"),
}
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
    outcome: str = ""  # add | update | unchanged | refused | skipped
    skip: str = ""  # why a skipped row is no person: a key of SKIP_REASONS
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
        if self.skip:
            return _(SKIP_REASONS[self.skip])
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
    value = plain_number(value)
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


EXACT_FLOAT = 2**53  # below, a float holds an integer exactly


def plain_number(value: Any) -> Any:
    """A whole number read as a float (calamine reads every number so) as an int, when the
    float holds it exactly; other values unchanged."""
    if type(value) is float and value.is_integer() and abs(value) < EXACT_FLOAT:
        return int(value)
    return value


def _id_text(value: Any) -> str:
    if value is None:
        return ""
    value = plain_number(value)
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


def _is_marked(value: Any) -> bool:
    text_ = cell_text(value).lower()
    return bool(text_) and text_ not in {"0", "-", "tidak"}


def _name_and_id(name_cell: Any, nip_cell: Any, has_nip_column: bool) -> tuple[Any, Any]:
    """A name cell holding the NIP too, on a line of its own (``Drs. SUHARTONO, M.Si.`` then
    ``NIP. 19680411 199303 1 009``): the name, and the NIP unless the NIP cell has one."""
    if not isinstance(name_cell, str) or "\n" not in name_cell.strip():
        return name_cell, nip_cell
    first, rest = name_cell.strip().split("\n", 1)
    found = _ID_LINE.match(" ".join(rest.split()))
    if found:
        return first, nip_cell if _id_text(nip_cell) else found.group(2)
    if not has_nip_column:
        return first, rest  # "NAMA / NIP" columns: whatever is below the name
    return name_cell, nip_cell


# The cells of most columns repeat from row to row (agency, unit, post, rank, status, sex):
# their tidy text and what it means are worked out once per distinct value.
_tidy = lru_cache(maxsize=8192)(cell_text)
_status_of = lru_cache(maxsize=1024)(parse_status)
_sex_of = lru_cache(maxsize=256)(parse_sex)
_rank_of = lru_cache(maxsize=1024)(golongan_rank)
_pppk_rank = lru_cache(maxsize=1024)(is_pppk_golongan)


def _text_of(value: Any) -> str:
    """A repeating cell's tidy text (memoised; unhashable or odd values as they come)."""
    if value is None or value == "":
        return ""
    try:
        return _tidy(value)
    except TypeError:
        return cell_text(value)


def check_row(
    row_number: int,
    row: tuple[Any, ...],
    mapping: ColumnMapping,
    *,
    default_agency: str = "",
    today: date | None = None,
    nip_below: str = "",
) -> RowResult:
    """Read and check one data row (no database): values, explicit fields and problems.
    ``nip_below``: the NIP found alone on the next row (two rows per person)."""
    result = RowResult(row_number, row)
    columns, width = mapping.columns, len(row)

    def get(key: str) -> Any:
        index = columns.get(key)
        if index is None or index >= width:
            return None
        value = row[index]
        return None if value == "" else value

    explicit: set[str] = set()
    lost = [
        p
        for p in (_number_lost(get("nip"), "NIP", 3), _number_lost(get("nik"), "NIK", 1))
        if p is not None
    ]
    lost_fields = {p.field for p in lost}
    name_cell, nip_cell = _name_and_id(get("full_name"), get("nip"), "nip" in mapping.columns)
    if nip_below and not _id_text(nip_cell):
        nip_cell = nip_below
    nip_raw, nik_raw = _id_text(nip_cell), _id_text(get("nik"))
    status_raw = _text_of(get("status"))
    status = _status_of(status_raw) if status_raw else None
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
    sex = _sex_of(_text_of(sex_raw)) if sex_raw is not None else None
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
    agency_name = _text_of(get("agency")) or default_agency
    if "pangkat_golongan" in columns:
        pangkat = _text_of(get("pangkat_golongan"))
    else:
        pangkat = pangkat_golongan_text(_text_of(get("pangkat")), _text_of(get("golongan")))
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
        pppk_golongan=bool(pangkat) and _pppk_rank(_text_of(get("golongan")) or pangkat),
    )
    result.problems[:0] = lost
    result.problems.extend(check.problems)
    values = {
        **check.values,
        "jabatan": _text_of(get("jabatan")),
        "pangkat_golongan": pangkat,
        "golongan_rank": _rank_of(pangkat),
        "unit_kerja": _text_of(get("unit_kerja")),
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


def _filled(row: tuple[Any, ...]) -> list[int]:
    """The columns of the cells that hold something."""
    return [
        i
        for i, v in enumerate(row)
        if v is not None and v != "" and (type(v) is not str or not v.isspace())
    ]


def _text(row: tuple[Any, ...], index: int) -> str:
    return cell_text(row[index]) if index < len(row) else ""


def _is_header_row(row: tuple[Any, ...], mapping: ColumnMapping, filled: list[int]) -> bool:
    """The column titles again: the sub-header row of a two-level header (``NAMA | NIP``),
    or the header repeated on each printed page."""
    index = mapping.columns["full_name"]
    name = row[index] if index < len(row) else None
    if not isinstance(name, str) or name.lstrip()[:4].upper() != "NAMA":
        return False
    titles = sum(1 for i in filled if is_header_label(_text(row, i)))
    return titles * 2 >= len(filled)


_TOTAL_INITIALS = frozenset("JjTtGgSs \t")


def _is_totals(row: tuple[Any, ...], mapping: ColumnMapping) -> bool:
    name_index = mapping.columns["full_name"]
    return any(
        type(v) is str and v[:1] in _TOTAL_INITIALS and _TOTALS.match(v)
        for v in row[: max(name_index + 1, 3)]
    )


def _is_signature_start(row: tuple[Any, ...], mapping: ColumnMapping, filled: list[int]) -> bool:
    """The first line of the signature block: few cells and no row number, one of them a
    place and date or a signer's position ("Mengetahui,", "Kepala Dinas ...", "a.n.
    Bupati"), and no person's name beside it (``1 | Budi | Kepala Sekolah`` is a person)."""
    if len(filled) > 3 or any(isinstance(row[i], int | float) for i in filled):
        return False
    name_index = mapping.columns["full_name"]
    for index in filled:
        text_ = _text(row, index)
        if _PLACE_DATE.match(text_) or _SIGNER.match(normalise_header(text_)):
            return index == name_index or name_index not in filled
    return False


def _id_alone(row: tuple[Any, ...], filled: list[int]) -> str:
    """The identifier of a row that holds only one ("NIP. 19680411 199303 1 009")."""
    if len(filled) != 1:
        return ""
    found = _ID_LINE.match(_text(row, filled[0]))
    return found.group(2) if found else ""


def _is_section(row: tuple[Any, ...], mapping: ColumnMapping, filled: list[int]) -> bool:
    """A title over a group of people ("A. SEKRETARIAT", "UPT PUSKESMAS SEWON I") alone on
    its row."""
    if len(filled) != 1:
        return False
    if filled[0] != mapping.columns["full_name"]:
        return not isinstance(row[filled[0]], int | float)  # not a lone row number
    return bool(_SECTION.match(normalise_header(row[filled[0]])))


def _skipped(number: int, row: tuple[Any, ...], reason: str) -> RowResult:
    return RowResult(number, row, outcome="skipped", skip=reason)


def check_rows(
    table: SheetTable,
    mapping: ColumnMapping,
    *,
    default_agency: str = "",
    today: date | None = None,
    limit: int | None = None,
) -> tuple[list[RowResult], list[RowResult]]:
    """Check every data row: (the people's rows, the rows skipped as no person: numbering,
    header, totals, section titles, signature, a NIP continuing the row above). Blank rows
    are neither."""
    results: list[RowResult] = []
    skipped: list[RowResult] = []
    rows = table.rows
    total = len(rows)
    start = max(1, mapping.data_start)
    cells = [_filled(row) for row in rows[start - 1 :]]  # cells[n - start]: row n's columns

    def filled_of(n: int) -> list[int]:
        return cells[n - start]

    signature = False
    number = start
    while number <= total:
        row = rows[number - 1]
        filled = filled_of(number)
        if not filled:
            number += 1
            continue
        reason = ""
        if signature and len(filled) <= 3:
            reason = "signature"
        elif is_numbering(row):
            reason = "numbering"
        elif _is_totals(row, mapping):
            reason = "total"
        elif _is_signature_start(row, mapping, filled):
            reason, signature = "signature", True
        elif _is_header_row(row, mapping, filled):
            reason = "header"
        elif _id_alone(row, filled):
            reason = "continuation"  # a NIP whose name row was not found: not a person
        elif _is_section(row, mapping, filled):
            reason = "section"
        if reason:
            signature = signature and reason == "signature"
            skipped.append(_skipped(number, row, reason))
            number += 1
            continue
        signature = False
        below, nip_below = number + 1, ""
        while below <= total and not filled_of(below):
            below += 1
        if below <= total:
            nip_below = _id_alone(rows[below - 1], filled_of(below))
        if nip_below and len(filled) == 1:
            # A lone name over a lone NIP: the signer of a block with no opening line.
            skipped.append(_skipped(number, row, "signature"))
            skipped.append(_skipped(below, rows[below - 1], "signature"))
            number = below + 1
            continue
        result = check_row(
            number, row, mapping, default_agency=default_agency, today=today, nip_below=nip_below
        )
        results.append(result)
        if nip_below:
            skipped.append(_skipped(below, rows[below - 1], "continuation"))
            number = below
        number += 1
        if limit is not None and len(results) >= limit:
            break
    return results, skipped

"""Importing the spreadsheets agencies send: .xlsx and .csv, as they really are.

The steps, each callable on its own so the window can show and change what was detected:

1. ``read_table(path)``: check the file (size, kind, password protection) and read every cell
   of one sheet (openpyxl read-only; CSV with comma, semicolon or tab, UTF-8 or Windows-1252).
2. ``detect_mapping(table)``: find the header row below any title rows (a merged two-row
   header too), and which column holds which field; ``mapping_from_spec`` applies a mapping
   chosen by a person or read from a mapping file instead.
3. ``preview(ctx, table, mapping)``: every row checked and matched against the roster, with
   its problems and what would happen to it; nothing written.
4. ``run_import(ctx, table, mapping)``: the same, then written in ONE transaction with bulk
   inserts; refused rows are reported, never half-written.

Re-importing a file changes nothing. A newer file updates people matched by NIP (else NI
PPPK, else NIK, else name and birth date, or name within the agency when neither has a
birth date); empty cells never erase what is recorded. People missing from a newer file are
left as they are (agencies often send partial lists): deactivate them by hand.

Audit: one ``import`` entry per import (file name and SHA-256, sheet, mapping, counts), one
entry per created agency and per updated person with old and new values. New people get no
entry each; their ``created_at`` equals the import entry's time, which is how
``roster.person_history`` finds the import that created them.

The database stage (``python -m netral_desktop.bench_roster`` times it and its phases) is one
``Database.bulk_write`` transaction: lookups send the file's keys as one JSON array each and
get plain tuples back; people are written as tuples in one ``executemany`` with the search
triggers suspended, then indexed by one FTS5 statement under ``search.bulk_indexing``; the
cyclic garbage collector rests meanwhile. What remains is mostly SQLite's own work: the rows
and their seven indexes, the trigram index, and the durable commit.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import json
import re
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from netral_desktop.core.errors import (
    EmptySheet,
    FileTooLarge,
    MappingError,
    NoNameColumn,
    NotASpreadsheet,
    PasswordProtected,
    SpreadsheetError,
)
from netral_desktop.core.identifiers import Sex
from netral_desktop.core.ids import new_id, new_ids
from netral_desktop.core.problems import Problem, Severity
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import (
    PersonStatus,
    check_person,
    clean_text,
    golongan_rank,
    guess_agency_kind,
    pangkat_golongan_text,
    parse_sex,
    parse_status,
)
from netral_desktop.i18n import N_, _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.roster import agency_key
from netral_desktop.store import search as search_index
from netral_desktop.store.models import Agency

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # an .xlsx is a zip: refuse one that would explode
HEADER_SEARCH_ROWS = 40
MAPPING_FORMAT = "netral-roster-mapping"

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # encrypted .xlsx, or an old .xls
# The stream names of an encrypted Office file, as stored (UTF-16) in its OLE directory.
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


# --- fields and their header names ----------------------------------------------------------


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str  # for the mapping dialog (translated where shown)
    patterns: tuple[str, ...]  # regexes over the normalised header (upper case, words)


# Order matters: the first field whose pattern matches a header takes the column, so the
# specific ("NAMA JABATAN") come before the general ("NAMA ...").
FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "jabatan", N_("Jabatan"), (r"(NAMA )?JABATAN( TERAKHIR| SEKARANG| SAAT INI)?( ESELON)?",)
    ),
    FieldSpec(
        "agency",
        N_("Instansi / OPD"),
        (
            r"(NAMA |ASAL )?(OPD|INSTANSI|SKPD|PERANGKAT DAERAH)",
            r"UNIT KERJA INDUK",
            r"INSTANSI INDUK",
        ),
    ),
    FieldSpec(
        "unit_kerja",
        N_("Unit kerja"),
        (
            r"(NAMA )?(SUB )?UNIT (KERJA|ORGANISASI)",
            r"UNOR|SATUAN KERJA|SATKER|TEMPAT TUGAS|BIDANG|SUB BAGIAN|BAGIAN",
            r"(NAMA )?(SEKOLAH|UNIT)",
        ),
    ),
    FieldSpec("ni_pppk", N_("NI PPPK"), (r"NI ?PPPK|NIPPPK|NI P3K|NOMOR INDUK PPPK",)),
    FieldSpec(
        "nip",
        N_("NIP"),
        (r"N ?I ?P(?! LAMA)( [A-Z0-9 ]*)?", r"NOMOR INDUK PEGAWAI|NO INDUK PEGAWAI"),
    ),
    FieldSpec("nik", N_("NIK"), (r"NIK( KTP)?|NO KTP|NOMOR KTP|NOMOR INDUK KEPENDUDUKAN",)),
    FieldSpec(
        "full_name",
        N_("Nama"),
        (
            r"NAMA( LENGKAP| PEGAWAI| ASN| PNS| GURU| PESERTA)?( DAN)?( GELAR| DENGAN GELAR)?",
            r"NAMA( DAN)? NIP",  # name and NIP on two lines of one cell
        ),
    ),
    FieldSpec(
        "sex_male",
        N_("Jenis kelamin: kolom L"),
        (r"(JENIS KELAMIN|KELAMIN|JK|L P|GENDER) (L|LK|LAKI LAKI|PRIA)",),
    ),
    FieldSpec(
        "sex_female",
        N_("Jenis kelamin: kolom P"),
        (r"(JENIS KELAMIN|KELAMIN|JK|L P|GENDER) (P|PR|PEREMPUAN|WANITA)",),
    ),
    FieldSpec("sex", N_("Jenis kelamin (L/P)"), (r"L P|JENIS KELAMIN|KELAMIN|JK|GENDER|SEX",)),
    FieldSpec(
        "pangkat_golongan",
        N_("Pangkat/golongan"),
        (r"PANGKAT (DAN )?GOL(ONGAN)?( RUANG)?( TMT)?",),
    ),
    FieldSpec("pangkat", N_("Pangkat"), (r"PANGKAT",)),
    FieldSpec("golongan", N_("Golongan/ruang"), (r"GOL(ONGAN)?( RUANG)?|GOL RUANG|RUANG",)),
    FieldSpec(
        "status",
        N_("Status kepegawaian"),
        (r"STATUS( KEPEGAWAIAN| PEGAWAI| ASN)?|JENIS (PEGAWAI|ASN)|KEDUDUKAN",),
    ),
    FieldSpec(
        "phone",
        N_("Nomor HP"),
        (r"(NO|NOMOR|NMR)? ?(HP|HANDPHONE|TELP|TELEPON|TELEPHONE|WA|WHATSAPP)( WA)?|KONTAK",),
    ),
    FieldSpec(
        "birth_date",
        N_("Tanggal lahir"),
        (r"(TEMPAT (DAN )?)?(TANGGAL|TGL) (LAHIR|LHR)|TTL",),
    ),
)
FIELD_KEYS = tuple(f.key for f in FIELDS)
_COMPILED = [(f.key, [re.compile(rf"^(?:{p})$") for p in f.patterns]) for f in FIELDS]
_TOTALS = re.compile(r"^(JUMLAH|TOTAL|JML|GRAND TOTAL)\b")


def field_label(key: str) -> str:
    for spec in FIELDS:
        if spec.key == key:
            return _(spec.label)
    return key


def normalise_header(value: Any) -> str:
    """``"Nama Lengkap\\n(dengan gelar)"`` -> ``"NAMA LENGKAP DENGAN GELAR"``."""
    return " ".join(re.sub(r"[^A-Z0-9]+", " ", clean_text(value).upper()).split())


def match_field(header: str) -> str | None:
    """The field a normalised header names, or None."""
    if not header:
        return None
    for key, patterns in _COMPILED:
        if any(p.match(header) for p in patterns):
            return key
    return None


# --- reading files --------------------------------------------------------------------------


@dataclass
class SheetTable:
    """Every cell of one sheet, as read (numbers stay numbers: a NIP Excel turned into a
    number must be recognised as one)."""

    path: Path
    sheet: str
    sheets: list[str]
    rows: list[tuple[Any, ...]]  # rows[i] is sheet row i + 1
    sha256: str
    kind: str  # "xlsx" | "csv"
    encoding: str = ""
    delimiter: str = ""

    @property
    def name(self) -> str:
        return self.path.name


def _file_error(path: Path, exc: OSError) -> SpreadsheetError:
    return SpreadsheetError(
        _("Berkas {path} tidak dapat dibaca: {reason}.").format(
            path=path, reason=exc.strerror or exc
        ),
        code="file_unreadable",
    )


def read_table(path: str | Path, *, sheet: str | None = None) -> SheetTable:
    """Read a spreadsheet (.xlsx) or CSV; SpreadsheetError (in Indonesian) when it is none."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise _file_error(path, exc) from exc
    if size > MAX_FILE_BYTES:
        raise FileTooLarge(
            _(
                "Berkas {name} terlalu besar ({size:.0f} MB; batasnya {limit} MB). Pecah menjadi "
                "beberapa berkas, misalnya satu per instansi. Tidak ada yang diimpor."
            ).format(name=path.name, size=size / 1024 / 1024, limit=MAX_FILE_BYTES // 2**20)
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _file_error(path, exc) from exc
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(OLE_MAGIC):
        if any(marker in data for marker in _ENCRYPTED_MARKERS):
            raise PasswordProtected(
                _(
                    "Berkas {name} dilindungi kata sandi, jadi isinya tidak dapat dibaca. Buka di "
                    "Excel, hapus kata sandinya (File > Info > Protect Workbook > Encrypt with "
                    "Password, kosongkan), simpan, lalu impor lagi."
                ).format(name=path.name)
            )
        raise NotASpreadsheet(
            _(
                "Berkas {name} berformat Excel lama (.xls). Buka di Excel atau LibreOffice lalu "
                "simpan sebagai .xlsx (Excel Workbook), kemudian impor lagi."
            ).format(name=path.name),
            code="xls_old_format",
        )
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(path, data, digest, sheet)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls") or _looks_binary(data):
        raise _not_spreadsheet(path)
    return _read_csv(path, data, digest)


def _not_spreadsheet(path: Path) -> NotASpreadsheet:
    return NotASpreadsheet(
        _(
            "Berkas {name} bukan lembar kerja yang dapat dibaca. Gunakan berkas .xlsx (Excel) "
            "atau .csv."
        ).format(name=path.name)
    )


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text ("Unicode Text" from Excel)
    return b"\x00" in head


def _read_xlsx(path: Path, data: bytes, digest: str, sheet: str | None) -> SheetTable:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise _not_spreadsheet(path) from exc
    if "xl/workbook.xml" not in names:
        raise _not_spreadsheet(path)
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileTooLarge(
            _(
                "Berkas {name} berisi lebih dari {limit} MB data setelah dibuka. Pecah menjadi "
                "beberapa berkas. Tidak ada yang diimpor."
            ).format(name=path.name, limit=MAX_UNPACKED_BYTES // 2**20)
        )
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged files
        raise NotASpreadsheet(
            _("Berkas {name} rusak atau bukan berkas Excel yang sah ({reason}).").format(
                name=path.name, reason=type(exc).__name__
            )
        ) from exc
    try:
        sheets = list(book.sheetnames)
        chosen = _choose_sheet(book, sheets, sheet, path)
        worksheet = book[chosen]
        worksheet.reset_dimensions()  # some writers record wrong dimensions; read what is there
        rows = [tuple(row) for row in worksheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return SheetTable(path, chosen, sheets, rows, digest, "xlsx")


def _choose_sheet(book: Any, sheets: list[str], wanted: str | None, path: Path) -> str:
    if wanted is not None:
        if wanted not in sheets:
            raise MappingError(
                _("Lembar '{sheet}' tidak ada di {name}. Lembar yang ada: {sheets}.").format(
                    sheet=wanted, name=path.name, sheets=", ".join(sheets)
                ),
                code="sheet_not_found",
            )
        return wanted
    # The first visible sheet with a name column; else the first visible sheet.
    visible = [s for s in sheets if getattr(book[s], "sheet_state", "visible") == "visible"]
    for name in visible:
        rows = []
        for row in book[name].iter_rows(values_only=True, max_row=HEADER_SEARCH_ROWS):
            rows.append(tuple(row))
        if _find_header(rows) is not None:
            return name
    return (visible or sheets)[0]


def _read_csv(path: Path, data: bytes, digest: str) -> SheetTable:
    text_, encoding = _decode(data)
    sample = "\n".join(text_.splitlines()[:50])
    delimiter = _sniff_delimiter(sample)
    rows = [tuple(row) for row in csv.reader(io.StringIO(text_), delimiter=delimiter)]
    return SheetTable(path, path.stem, [path.stem], rows, digest, "csv", encoding, delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-16 (with BOM), UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (";", ",", "\t")}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


# --- finding the header and the columns -----------------------------------------------------


@dataclass
class ColumnMapping:
    """Which column (0-based) holds which field, and where the data starts."""

    columns: dict[str, int]
    headers: list[str]  # one label per column, as read (merged header rows combined)
    header_row: int  # sheet row number (1-based) of the (last) header row
    data_start: int  # sheet row number of the first data row
    detected: bool = True

    def column_of(self, key: str) -> int | None:
        return self.columns.get(key)

    def describe(self) -> dict[str, str]:
        """Field -> header label, for messages and the audit entry."""
        return {
            k: self.headers[i] if i < len(self.headers) else "" for k, i in self.columns.items()
        }


def _cell_text(value: Any) -> str:
    return clean_text(value) if value is not None else ""


def _row_labels(rows: Sequence[tuple[Any, ...]], index: int) -> tuple[list[str], bool]:
    """The column labels if row ``index`` is the header, and whether the next row is a second
    header row (merged group headers above sub-headers such as PANGKAT | GOL/RUANG)."""
    upper = [_cell_text(v) for v in rows[index]]
    lower = [_cell_text(v) for v in rows[index + 1]] if index + 1 < len(rows) else []
    width = max(len(upper), len(lower))
    upper += [""] * (width - len(upper))
    lower += [""] * (width - len(lower))
    two_rows = _is_subheader(upper, lower, rows[index + 1] if index + 1 < len(rows) else ())
    if not two_rows:
        return upper, False
    labels, group = [], ""
    for up, low in zip(upper, lower, strict=True):
        if up:
            group = up
        elif not low:
            group = ""
        if low:
            combined = f"{group} {low}".strip()
            if match_field(normalise_header(combined)):
                labels.append(combined)
            elif match_field(normalise_header(low)) or not up:
                labels.append(low)
            else:
                labels.append(combined)
        else:
            labels.append(up)
    return labels, True


def _is_subheader(upper: list[str], lower: list[str], raw_lower: tuple[Any, ...]) -> bool:
    if not any(lower) or _is_numbering(raw_lower):
        return False
    if any(isinstance(v, int | float) for v in raw_lower if v is not None and v != ""):
        return False
    name_col = next(
        (i for i, label in enumerate(upper) if match_field(normalise_header(label)) == "full_name"),
        None,
    )
    if name_col is not None and lower[name_col]:
        return False  # a name under the name header: that is data
    # Every filled sub-header cell sits under a header cell or a merged group.
    return any(
        match_field(normalise_header(low)) or normalise_header(low) in {"L", "P", "TMT"}
        for low in lower
        if low
    )


def _is_numbering(row: tuple[Any, ...]) -> bool:
    """The row of column numbers (1 2 3 ... or (1) (2) ...) printed under many headers."""
    numbers = []
    for value in row:
        if value is None or value == "":
            continue
        text_ = str(value).strip().strip("()")
        if not text_.isdigit():
            return False
        numbers.append(int(text_))
    return len(numbers) >= 2 and numbers == sorted(numbers) and numbers[0] <= 2


def _mapping_from_labels(labels: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, label in enumerate(labels):
        key = match_field(normalise_header(label))
        if key and key not in columns:
            columns[key] = index
    return columns


def _find_header(rows: Sequence[tuple[Any, ...]]) -> ColumnMapping | None:
    best: ColumnMapping | None = None
    best_score = 0
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        if not any(_cell_text(v) for v in rows[index]):
            continue
        labels, two_rows = _row_labels(rows, index)
        columns = _mapping_from_labels(labels)
        if "full_name" not in columns:
            continue
        score = len(columns)
        if score > best_score:
            header_row = index + (2 if two_rows else 1)
            data_start = header_row + 1
            while data_start - 1 < len(rows) and _is_numbering(rows[data_start - 1]):
                data_start += 1
            best = ColumnMapping(columns, labels, header_row, data_start)
            best_score = score
    return best


def detect_mapping(table: SheetTable) -> ColumnMapping:
    """Find the header row and the field of each column; NoNameColumn when there is no name."""
    if not any(_cell_text(v) for row in table.rows for v in row):
        raise EmptySheet(
            _("Lembar '{sheet}' di {name} kosong. Tidak ada yang diimpor.").format(
                sheet=table.sheet, name=table.name
            )
        )
    found = _find_header(table.rows)
    if found is None:
        seen = [
            _cell_text(v)
            for row in table.rows[:HEADER_SEARCH_ROWS]
            if sum(1 for v in row if _cell_text(v)) >= 2
            for v in row
            if _cell_text(v)
        ][:12]
        raise NoNameColumn(
            _(
                "Kolom nama tidak ditemukan di lembar '{sheet}' ({name}). Judul kolom yang "
                "terbaca: {seen}. Beri judul 'NAMA' pada kolom nama, atau pilih kolomnya sendiri "
                "(berkas pemetaan --mapping)."
            ).format(sheet=table.sheet, name=table.name, seen=", ".join(seen) or "-")
        )
    return found


def _column_index(ref: Any, headers: list[str]) -> int | None:
    """A column given as a header text, a letter ("C") or a 1-based number."""
    if isinstance(ref, int):
        return ref - 1 if ref >= 1 else None
    text_ = clean_text(ref)
    wanted = normalise_header(text_)
    for index, label in enumerate(headers):
        if normalise_header(label) == wanted:
            return index
    if re.fullmatch(r"[A-Za-z]{1,3}", text_):
        from openpyxl.utils import column_index_from_string

        return column_index_from_string(text_.upper()) - 1
    if text_.isdigit() and int(text_) >= 1:
        return int(text_) - 1
    return None


def mapping_from_spec(table: SheetTable, spec: dict[str, Any]) -> ColumnMapping:
    """A mapping chosen by a person (the dialog) or read from a mapping file.

    ``spec``: ``{"header_row": 3, "columns": {"full_name": "NAMA", "nip": "C", ...}}``;
    ``header_row`` (sheet row number) is optional: without it the header is detected, and
    only the columns named in ``spec`` replace the detected ones.
    """
    columns_spec = spec.get("columns") or {}
    if not isinstance(columns_spec, dict):
        raise MappingError(_("Pemetaan kolom harus berupa daftar 'isian: kolom'."))
    unknown = sorted(set(columns_spec) - set(FIELD_KEYS))
    if unknown:
        raise MappingError(
            _("Isian tidak dikenal di pemetaan: {names}. Isian yang dikenal: {known}.").format(
                names=", ".join(unknown), known=", ".join(FIELD_KEYS)
            )
        )
    header_row = spec.get("header_row")
    if header_row is not None:
        if not isinstance(header_row, int) or not 1 <= header_row <= len(table.rows):
            raise MappingError(
                _("Baris judul {row} tidak ada di lembar ini.").format(row=header_row)
            )
        headers = [_cell_text(v) for v in table.rows[header_row - 1]]
        data_start = spec.get("data_start") or header_row + 1
        while data_start - 1 < len(table.rows) and _is_numbering(table.rows[data_start - 1]):
            data_start += 1
        base = ColumnMapping({}, headers, header_row, data_start, detected=False)
    else:
        try:
            base = detect_mapping(table)
        except NoNameColumn:
            if "full_name" not in columns_spec:
                raise
            base = ColumnMapping({}, [], 0, 1, detected=False)
    columns = {k: v for k, v in base.columns.items() if k not in columns_spec}
    for key, ref in columns_spec.items():
        if ref in (None, ""):
            columns.pop(key, None)
            continue
        index = _column_index(ref, base.headers)
        if index is None:
            raise MappingError(
                _("Kolom '{ref}' untuk {field} tidak ditemukan di baris judul.").format(
                    ref=ref, field=field_label(key)
                )
            )
        columns[key] = index
    if "full_name" not in columns:
        raise NoNameColumn(_("Pemetaan tidak menyebut kolom nama (full_name)."))
    return ColumnMapping(columns, base.headers, base.header_row, base.data_start, detected=False)


def load_mapping_file(path: str | Path) -> dict[str, Any]:
    """A mapping file (JSON): ``{"format": "netral-roster-mapping", "sheet": ...,
    "header_row": ..., "columns": {...}}``."""
    try:
        spec = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise _file_error(Path(path), exc) from exc
    except ValueError as exc:
        raise MappingError(
            _("Berkas pemetaan {name} bukan JSON yang sah: {reason}.").format(
                name=Path(path).name, reason=exc
            )
        ) from exc
    if not isinstance(spec, dict) or spec.get("format", MAPPING_FORMAT) != MAPPING_FORMAT:
        raise MappingError(
            _("Berkas {name} bukan berkas pemetaan Netral Desktop.").format(name=Path(path).name)
        )
    return spec


def save_mapping_file(table: SheetTable, mapping: ColumnMapping, path: str | Path) -> None:
    """Keep a confirmed mapping to reuse for the next file from the same agency."""
    spec = {
        "format": MAPPING_FORMAT,
        "version": 1,
        "sheet": table.sheet,
        "header_row": mapping.header_row,
        "columns": {k: mapping.headers[i] or i + 1 for k, i in mapping.columns.items()},
    }
    Path(path).write_text(json.dumps(spec, indent=2, ensure_ascii=False), encoding="utf-8")


# --- checking rows --------------------------------------------------------------------------

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
    text_ = _cell_text(value).lower()
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
    get = lambda key: _cell(row, mapping, key)  # noqa: E731
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
    status_raw = _cell_text(get("status"))
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
                    value=_cell_text(birth_raw)
                ),
                "birth_date",
            )
        )
    agency_name = _cell_text(get("agency")) or default_agency
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
        pangkat = _cell_text(get("pangkat_golongan"))
    else:
        pangkat = pangkat_golongan_text(get("pangkat"), get("golongan"))
    values = {
        **check.values,
        "jabatan": _cell_text(get("jabatan")),
        "pangkat_golongan": pangkat,
        "golongan_rank": golongan_rank(pangkat),
        "unit_kerja": _cell_text(get("unit_kerja")),
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
    return not any(_cell_text(v) for v in row)


def _is_totals(row: tuple[Any, ...], mapping: ColumnMapping) -> bool:
    name_index = mapping.columns["full_name"]
    first_cells = [_cell_text(v) for v in row[: max(name_index + 1, 3)]]
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
        if _is_numbering(row) or _is_footer(row, mapping):
            skipped += 1
            continue
        results.append(check_row(number, row, mapping, default_agency=default_agency, today=today))
        if limit is not None and len(results) >= limit:
            break
    return results, skipped


# --- matching and writing -------------------------------------------------------------------

# The person columns an import compares and writes.
PERSON_COLUMNS = (
    "full_name",
    "name_key",
    "status",
    "nip",
    "ni_pppk",
    "nik",
    "sex",
    "birth_date",
    "jabatan",
    "pangkat_golongan",
    "golongan_rank",
    "unit_kerja",
    "agency_id",
    "phone",
    "problems",
)
_IDENTITY = ("full_name", "status", "nip", "ni_pppk", "nik", "sex", "birth_date", "agency_id")


@dataclass
class ImportResult:
    """What an import did (or, for a preview or dry run, would do)."""

    file: str
    sheet: str
    sha256: str
    mapping: ColumnMapping
    rows: list[RowResult]
    skipped: int = 0
    agencies_created: list[str] = field(default_factory=list)
    committed: bool = False
    import_id: str | None = None
    # Seconds: read (file), check (rows), database (all of the transaction, commit included),
    # and within it match (rows with the roster), rows (inserts, updates), index (search).
    timings: dict[str, float] = field(default_factory=dict)

    def _count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def added(self) -> int:
        return self._count("add")

    @property
    def updated(self) -> int:
        return self._count("update")

    @property
    def unchanged(self) -> int:
        return self._count("unchanged")

    @property
    def refused(self) -> list[RowResult]:
        return [r for r in self.rows if r.refused]

    @property
    def flagged(self) -> list[RowResult]:
        return [r for r in self.rows if not r.refused and r.problems]

    def counts(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "refused": len(self.refused),
            "skipped": self.skipped,
        }


# The database stage passes plain tuples through the driver (``exec_driver_sql``): the
# file's identifiers go to SQLite as one JSON array per lookup, SQLite probes its index once
# per value (``json_each CROSS JOIN person``, whatever the roster's size), and only the
# people found come back, as dicts.
_IDENTIFIERS = ("nip", "ni_pppk", "nik")
# Matching by name, agency and unit probes an index per key while the keys are fewer than
# the people / PLACE_SCAN_RATIO; beyond, it reads the people without a birth date once.
PLACE_SCAN_RATIO = 10
_FOUND_COLUMNS = ("_rowid", "id", "revision", *PERSON_COLUMNS)
_SELECT_FOUND = (
    "SELECT p.rowid, p.id, p.revision, " + ", ".join(f"p.{c}" for c in PERSON_COLUMNS) + " FROM "
)
_MERGED_COLUMNS = tuple(c for c in PERSON_COLUMNS if c != "problems")
_IDENTITY_SET = frozenset(_IDENTITY)
_row_values = itemgetter(*PERSON_COLUMNS)

Executor = Session | Connection


def _connection(executor: Executor) -> Connection:
    return executor.connection() if isinstance(executor, Session) else executor


def _found(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    rows = conn.exec_driver_sql(sql, params).fetchall()
    return [dict(zip(_FOUND_COLUMNS, row, strict=True)) for row in rows]


def _existing(conn: Connection, column: str, values: Iterable[str]) -> list[dict[str, Any]]:
    """People (not deleted) whose ``column`` is one of ``values``; each value's people in
    storage order."""
    wanted = list({v for v in values if v})
    if not wanted:
        return []
    sql = (
        f"{_SELECT_FOUND} json_each(?) j CROSS JOIN person p ON p.{column} = j.value "
        "WHERE p.deleted = 0"
    )
    return _found(conn, sql, (json.dumps(wanted),))


def _existing_by_name(
    conn: Connection, keys: set[tuple[Any, ...]], people: int
) -> list[dict[str, Any]]:
    """People matching name and birth date (keys ``("b", name_key, birth_date)``), or, with
    no birth date recorded, name, agency and unit (``("u", name_key, agency_id, unit)``);
    ``people``: the size of the roster (its highest rowid)."""
    by_birth = [k[1:] for k in keys if k[0] == "b"]
    by_place = [k[1:] for k in keys if k[0] == "u"]
    found: list[dict[str, Any]] = []
    if by_birth:
        sql = (
            f"{_SELECT_FOUND} json_each(?) j CROSS JOIN person p "
            "ON p.name_key = json_extract(j.value, '$[0]') "
            "AND p.birth_date = json_extract(j.value, '$[1]') WHERE p.deleted = 0"
        )
        found += _found(conn, sql, (json.dumps(by_birth),))
    if by_place and len(by_place) * PLACE_SCAN_RATIO < people:
        sql = (
            f"{_SELECT_FOUND} json_each(?) j CROSS JOIN person p "
            "ON p.name_key = json_extract(j.value, '$[0]') WHERE p.deleted = 0 "
            "AND p.birth_date IS NULL AND p.agency_id IS json_extract(j.value, '$[1]') "
            "AND p.unit_kerja = json_extract(j.value, '$[2]')"
        )
        found += _found(conn, sql, (json.dumps(by_place),))
    elif by_place:
        # Many keys for the roster's size: one pass over the people without a birth date
        # costs less than a probe per key (a probe reads every namesake in the agency, and
        # namesakes are many). The joined text only narrows; the caller compares the keys.
        sql = (
            f"{_SELECT_FOUND} person p NOT INDEXED WHERE p.deleted = 0 AND p.birth_date IS NULL "
            "AND p.name_key || char(31) || coalesce(p.agency_id, '') || char(31) || p.unit_kerja "
            "IN (SELECT value FROM json_each(?))"
        )
        joined = [f"{name}\x1f{agency_id or ''}\x1f{unit}" for name, agency_id, unit in by_place]
        found += _found(conn, sql, (json.dumps(joined),))
    return found


def _name_keys(values: dict[str, Any]) -> list[tuple[Any, ...]]:
    """How a person without matching identifiers is recognised: name and birth date; or
    name, agency and unit for someone recorded without a birth date."""
    place = ("u", values["name_key"], values["agency_id"], values["unit_kerja"])
    if values["birth_date"]:
        return [("b", values["name_key"], values["birth_date"]), place]
    return [place]


def _candidate_keys(candidate: dict[str, Any]) -> list[tuple[Any, ...]]:
    if candidate["birth_date"]:
        return [("b", candidate["name_key"], candidate["birth_date"])]
    return [("u", candidate["name_key"], candidate["agency_id"], candidate["unit_kerja"])]


def _agencies(conn: Executor, names: set[str]) -> dict[str, str]:
    """agency_key -> id of the named agencies that exist (by name, else short name)."""
    keys = {agency_key(n) for n in names if n}
    if not keys:
        return {}
    found: dict[str, str] = {}
    rows = conn.execute(
        text(
            "SELECT id, name_key, lower(short_name) FROM agency WHERE deleted = 0 AND "
            "(name_key IN (SELECT value FROM json_each(:k)) OR "
            "lower(short_name) IN (SELECT value FROM json_each(:k)))"
        ),
        {"k": json.dumps(sorted(keys))},
    ).all()
    for agency_id, name_key_, _short in rows:
        if name_key_ in keys:
            found[name_key_] = agency_id
    for agency_id, _name_key, short in rows:
        if short in keys and short not in found:
            found[short] = agency_id
    return found


def _conflicts(candidate: dict[str, Any], values: dict[str, Any]) -> bool:
    """The candidate has an identifier that contradicts the row's."""
    return any(
        candidate.get(k) and values.get(k) and candidate[k] != values[k] for k in _IDENTIFIERS
    )


def _changes(existing: dict[str, Any], row: RowResult) -> dict[str, tuple[Any, Any]]:
    """What the row changes of the recorded person, ``{column: (old, new)}`` in the order of
    ``PERSON_COLUMNS``: what the row gives overwrites, what it leaves empty stays, what it
    only implies (sex, birth date from a NIP) fills gaps; the flags are worked out again
    when the identity changed."""
    values, explicit = row.values, row.explicit
    changes: dict[str, tuple[Any, Any]] = {}
    for key in _MERGED_COLUMNS:
        new = values.get(key)
        if new is None or new == "":
            continue
        old = existing[key]
        if old != new and (key in explicit or old is None or old == ""):
            changes[key] = (old, new)
    if changes and not _IDENTITY_SET.isdisjoint(changes):
        merged = {**existing, **{k: new for k, (_old, new) in changes.items()}}
        check = check_person(
            full_name=merged["full_name"],
            status=PersonStatus(merged["status"]),
            nip=merged["nip"] or "",
            ni_pppk=merged["ni_pppk"] or "",
            nik=merged["nik"] or "",
            sex=Sex(merged["sex"]) if merged["sex"] else None,
            birth_date=date.fromisoformat(merged["birth_date"]) if merged["birth_date"] else None,
            has_agency=bool(merged["agency_id"]),
        )
        if check.flags != existing["problems"]:
            changes["problems"] = (existing["problems"], check.flags)
    return changes


def _classify(
    executor: Executor, rows: list[RowResult], agency_ids: dict[str, str]
) -> dict[str, dict[str, Any]]:
    """Decide each valid row's outcome; returns the updated people by id (merged values)."""
    conn = _connection(executor)
    valid = [r for r in rows if not r.refused]
    agency_of = {name: agency_ids.get(agency_key(name)) for name in {r.agency_name for r in valid}}
    for row in valid:
        row.values["agency_id"] = agency_of[row.agency_name] if row.agency_name else None
    # Rows of the roster (0: nothing recorded yet, nothing to look up).
    people = search_index.max_person_rowid(conn)
    by: dict[str, dict[Any, list[dict[str, Any]]]] = {}
    for column in _IDENTIFIERS:
        index: dict[Any, list[dict[str, Any]]] = {}
        wanted = {v for r in valid if (v := r.values[column])} if people else ()
        for found in _existing(conn, column, wanted):
            index.setdefault(found[column], []).append(found)
        by[column] = index
    # Only the identifiers some recorded person has can match (none, into an empty roster).
    lookups = [(column, by[column]) for column in _IDENTIFIERS if by[column]]
    seen: dict[tuple[Any, ...], int] = {}  # identifier or name key -> first row in this file
    claimed: dict[str, int] = {}  # existing person id -> row that matched it
    matches: dict[int, dict[str, Any]] = {}  # id(row) -> existing person
    # First by identifiers, for every row; then by name, among the people left.
    unmatched: list[RowResult] = []
    for row in valid:
        duplicate = _duplicate_in_file(row, seen)
        if duplicate:
            row.refuse("duplicate_in_file", duplicate)
            continue
        values = row.values
        for column, index in lookups:
            value = values[column]
            candidates = index.get(value) if value else None
            if not candidates:
                continue
            match = next((c for c in candidates if not _conflicts(c, values)), None)
            if match is None:
                continue
            if match["id"] in claimed:
                row.refuse(
                    "duplicate_in_file",
                    _("Orang yang sama dengan baris {row} ({name}).").format(
                        row=claimed[match["id"]], name=match["full_name"]
                    ),
                )
            else:
                claimed[match["id"]] = row.row_number
                matches[id(row)] = match
            break
        else:
            unmatched.append(row)
    names: dict[Any, list[dict[str, Any]]] = {}
    if people:
        keys = {key for r in unmatched for key in _name_keys(r.values)}
        for found in _existing_by_name(conn, keys, people):
            for key in _candidate_keys(found):
                names.setdefault(key, []).append(found)
    for row in unmatched:
        candidates = (
            [c for key in _name_keys(row.values) for c in names.get(key, ())] if names else ()
        )
        match = next(
            (c for c in candidates if c["id"] not in claimed and not _conflicts(c, row.values)),
            None,
        )
        if match is not None:
            claimed[match["id"]] = row.row_number
            matches[id(row)] = match
            continue
        clash = _identifier_taken(row.values, by) if lookups else None
        if clash:
            row.refuse("identifier_taken", clash)
        else:
            row.outcome = "add"

    updated: dict[str, dict[str, Any]] = {}
    for row in valid:
        match = matches.get(id(row))
        if match is None or row.refused:
            continue
        row.person_id = match["id"]
        row.changes = _changes(match, row)
        if row.changes:
            row.outcome = "update"
            updated[match["id"]] = {**match, **{k: new for k, (_o, new) in row.changes.items()}}
        else:
            row.outcome = "unchanged"
    return updated


def _duplicate_in_file(row: RowResult, seen: dict[tuple[Any, ...], int]) -> str | None:
    values = row.values
    keys: list[tuple[Any, ...]] = [(c, values[c]) for c in _IDENTIFIERS if values[c]]
    if not keys:
        keys = _name_keys(values)[:1]
    for key in keys:
        if key in seen:
            label = {"nip": "NIP", "ni_pppk": "NI PPPK", "nik": "NIK"}.get(key[0])
            if label:
                return _("{label} {value} sudah ada di baris {row} berkas ini.").format(
                    label=label, value=key[1], row=seen[key]
                )
            return _(
                "Nama, instansi dan unit kerja sama dengan baris {row}, tanpa NIP, NIK atau "
                "tanggal lahir yang membedakan. Lengkapi salah satunya."
            ).format(row=seen[key])
    for key in keys:
        seen[key] = row.row_number
    return None


def _identifier_taken(
    values: dict[str, Any], by: dict[str, dict[Any, list[dict[str, Any]]]]
) -> str | None:
    for column, label in (("nip", "NIP"), ("ni_pppk", "NI PPPK"), ("nik", "NIK")):
        value = values.get(column)
        if value and by[column].get(value):
            other = by[column][value][0]
            return _(
                "{label} {value} sudah tercatat untuk {name}, yang NIP/NIK-nya berbeda dengan "
                "baris ini. Periksa mana yang benar."
            ).format(label=label, value=value, name=other["full_name"])
    return None


def _insert_agencies(
    ctx: ServiceContext, conn: Executor, names: list[str], stamp: str, now: str
) -> list[dict[str, Any]]:
    actor = ctx.actor.username if ctx.actor else "system"
    rows = [
        {
            "id": agency_id,
            "origin": ctx.origin,
            "created_at": now,
            "updated_at": stamp,
            "updated_by": actor,
            "revision": 1,
            "deleted": False,
            "name": name,
            "name_key": agency_key(name),
            "short_name": "",
            "kind": guess_agency_kind(name).value,
            "parent_id": None,
            "address": "",
            "head_name": "",
            "head_nip": None,
            "ppk_name": "",
            "ppk_title": "",
            "active": True,
        }
        for agency_id, name in zip(new_ids(len(names)), names, strict=True)
    ]
    if rows:
        conn.execute(Agency.__table__.insert(), rows)  # type: ignore[attr-defined]
    return rows


def preview(
    ctx: ServiceContext,
    table: SheetTable,
    mapping: ColumnMapping | None = None,
    *,
    agency: str | None = None,
    limit: int | None = None,
) -> ImportResult:
    """What importing would do, row by row, without writing (``limit``: first rows only)."""
    return run_import(ctx, table, mapping, agency=agency, dry_run=True, limit=limit)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection for a while: a bulk import makes hundreds of thousands of
    short-lived containers, none in cycles, and each collection would walk them all (about a
    fifth of the database stage)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run_import(
    ctx: ServiceContext,
    table: SheetTable,
    mapping: ColumnMapping | None = None,
    *,
    agency: str | None = None,
    dry_run: bool = False,
    limit: int | None = None,
) -> ImportResult:
    """Check, match and (unless ``dry_run``) write the rows of ``table`` in one transaction.

    ``agency`` names the agency of rows whose own agency cell is empty (created if new).
    Refused rows are left out and reported; the rest is written all together or not at all.
    """
    actor = ctx.require(Permission.ROSTER_WRITE)
    mapping = mapping or detect_mapping(table)
    started = time.perf_counter()
    rows, skipped = check_rows(
        table,
        mapping,
        default_agency=clean_text(agency),
        today=ctx.clock.now().date(),
        limit=limit,
    )
    if not rows:
        raise EmptySheet(
            _(
                "Tidak ada baris data di bawah judul kolom (baris {row}) di lembar '{sheet}'. "
                "Tidak ada yang diimpor."
            ).format(row=mapping.header_row, sheet=table.sheet)
        )
    result = ImportResult(table.name, table.sheet, table.sha256, mapping, rows, skipped)
    timings = result.timings
    timings["check"] = time.perf_counter() - started

    started = time.perf_counter()
    if dry_run:
        with _gc_paused(), ctx.db.read_session() as session:
            names = {r.agency_name for r in rows if r.agency_name and not r.refused}
            known = _agencies(session, names)
            missing = sorted({n for n in names if agency_key(n) not in known}, key=agency_key)
            placeholders = {agency_key(n): f"(baru) {n}" for n in missing}
            _classify(session, rows, {**placeholders, **known})
            result.agencies_created = missing
        timings["database"] = time.perf_counter() - started
        return result

    now, import_id = ctx.now_iso(), new_id()
    with _gc_paused():
        with ctx.db.bulk_write() as conn:
            stamp = ctx.hlc.stamp()  # one logical moment for the whole import
            names = {r.agency_name for r in rows if r.agency_name and not r.refused}
            known = _agencies(conn, names)
            missing: dict[str, str] = {}
            for name in sorted(names, key=agency_key):
                if agency_key(name) not in known:
                    missing.setdefault(agency_key(name), name)
            created = _insert_agencies(ctx, conn, list(missing.values()), stamp, now)
            known.update({row["name_key"]: row["id"] for row in created})
            result.agencies_created = [row["name"] for row in created]
            updated = _classify(conn, rows, known)
            timings["match"] = time.perf_counter() - started
            added = [r for r in rows if r.outcome == "add"]
            write_people(
                ctx,
                conn,
                added=[r.values for r in added],
                added_ids=_assign_ids(added),
                updated=list(updated.values()),
                stamp=stamp,
                now=now,
                timings=timings,
            )
            written = time.perf_counter()
            entries = _audit_entries(
                result, created, actor=actor.username, now=now, import_id=import_id, agency=agency
            )
            audit.record_many(conn, entries)
            committing = time.perf_counter()
            timings["audit"] = committing - written
        timings["commit"] = time.perf_counter() - committing
    result.committed = True
    result.import_id = import_id
    timings["database"] = time.perf_counter() - started
    return result


def _audit_entries(
    result: ImportResult,
    created: list[dict[str, Any]],
    *,
    actor: str,
    now: str,
    import_id: str,
    agency: str | None,
) -> list[dict[str, Any]]:
    """One entry per created agency, one for the import, one per updated person."""
    file = result.file
    agencies = [
        {
            "at": now,
            "actor": actor,
            "action": "create",
            "table_name": "agency",
            "record_id": row["id"],
            "new": {"name": row["name"], "kind": row["kind"]},
            "note": _("dari impor {file}").format(file=file),
        }
        for row in created
    ]
    summary = {
        "at": now,
        "actor": actor,
        "action": "import",
        "table_name": "person",
        "record_id": import_id,
        "new": {
            "file": file,
            "sha256": result.sha256,
            "sheet": result.sheet,
            "mapping": result.mapping.describe(),
            "agency": clean_text(agency),
            **result.counts(),
        },
        "note": _("impor {file}").format(file=file),
    }
    updates = [
        {
            "at": now,
            "actor": actor,
            "action": "import_update",
            "table_name": "person",
            "record_id": r.person_id,
            "old": {k: old for k, (old, _new) in r.changes.items()},
            "new": {k: new for k, (_old, new) in r.changes.items()},
            "note": _("impor {file}, baris {row}").format(file=file, row=r.row_number),
        }
        for r in result.rows
        if r.outcome == "update"
    ]
    return [*agencies, summary, *updates]


def write_people(
    ctx: ServiceContext,
    executor: Executor,
    *,
    added: Sequence[dict[str, Any]] = (),
    added_ids: Sequence[str] = (),
    updated: Sequence[dict[str, Any]] = (),
    stamp: str,
    now: str,
    timings: dict[str, float] | None = None,
) -> None:
    """Bulk-write people inside an open write transaction: ``added`` (column values of
    ``PERSON_COLUMNS``) inserted with ``added_ids``, ``updated`` (the same plus ``_rowid``)
    rewritten; the search index follows with one statement each. No audit here.
    ``timings`` receives the seconds spent writing rows ("rows") and indexing ("index")."""
    started = time.perf_counter()
    if not added and not updated:
        if timings is not None:
            timings["rows"] = timings["index"] = 0.0
        return
    actor = ctx.actor.username if ctx.actor else "system"
    conn = _connection(executor)
    before = search_index.max_person_rowid(conn)
    # Plain tuples through exec_driver_sql: SQLAlchemy's per-row parameter processing would
    # cost as much as the inserts themselves.
    columns = ("id", "origin", "created_at", "updated_at", "updated_by", "revision", "deleted")
    columns += ("active", *PERSON_COLUMNS)
    with search_index.triggers_suspended(conn):
        if added:
            fixed = (ctx.origin, now, stamp, actor, 1, 0, 1)
            conn.exec_driver_sql(
                f"INSERT INTO person ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                [
                    (person_id, *fixed, *_row_values(values))
                    for values, person_id in zip(added, added_ids, strict=True)
                ],
            )
        if updated:
            assignments = ", ".join(f"{k} = ?" for k in PERSON_COLUMNS)
            conn.exec_driver_sql(
                f"UPDATE person SET {assignments}, updated_at = ?, updated_by = ?, "
                "revision = revision + 1 WHERE rowid = ?",
                [(*_row_values(values), stamp, actor, values["_rowid"]) for values in updated],
            )
        written = time.perf_counter()
        search_index.index_people(
            conn,
            inserted_after=before if added else None,
            changed=[values["_rowid"] for values in updated],
        )
    if timings is not None:
        timings["rows"] = written - started
        timings["index"] = time.perf_counter() - written


def _assign_ids(rows: list[RowResult]) -> list[str]:
    ids = new_ids(len(rows))
    for row, person_id in zip(rows, ids, strict=True):
        row.person_id = person_id
    return ids


def import_file(
    ctx: ServiceContext,
    path: str | Path,
    *,
    agency: str | None = None,
    mapping_file: str | Path | None = None,
    sheet: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Read, map and import a file in one call (the command line)."""
    ctx.require(Permission.ROSTER_WRITE)
    started = time.perf_counter()
    spec = load_mapping_file(mapping_file) if mapping_file else None
    table = read_table(path, sheet=sheet or (spec or {}).get("sheet"))
    read_seconds = time.perf_counter() - started
    mapping = mapping_from_spec(table, spec) if spec else detect_mapping(table)
    result = run_import(ctx, table, mapping, agency=agency, dry_run=dry_run)
    result.timings["read"] = read_seconds
    return result


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

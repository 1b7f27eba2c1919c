"""Reading an agency's file into a :class:`SheetTable`: every cell of one sheet of an .xlsx,
.xlsm, .xls (Excel 97-2003) or .ods (python-calamine, after ``limits`` has checked what the
file holds), or of a CSV (comma, semicolon or tab; UTF-16, UTF-8 or Windows-1252), after
checking its size, kind and password protection."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from netral_desktop.core.errors import (
    FileTooLarge,
    MappingError,
    NotASpreadsheet,
    PasswordProtected,
)
from netral_desktop.i18n import _
from netral_desktop.services.roster_import import limits
from netral_desktop.services.roster_import.mapping import (
    HEADER_SEARCH_ROWS,
    file_unreadable,
    find_header,
)

MAX_FILE_BYTES = 50 * 1024 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # encrypted .xlsx, or an old .xls
# The stream names of an encrypted Office file, as stored (UTF-16) in its OLE directory.
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


@dataclass
class SheetTable:
    """Every cell of one sheet, as read (numbers stay numbers: a NIP Excel turned into a
    number must be recognised as one; an empty cell is ``""`` or None)."""

    path: Path
    sheet: str
    sheets: list[str]
    rows: list[tuple[Any, ...]]  # rows[i] is sheet row i + 1
    sha256: str
    kind: str  # "xlsx" | "xls" | "ods" | "csv"
    encoding: str = ""
    delimiter: str = ""

    @property
    def name(self) -> str:
        return self.path.name


def read_table(path: str | Path, *, sheet: str | None = None) -> SheetTable:
    """Read a spreadsheet (.xlsx, .xlsm, .xls, .ods) or CSV; SpreadsheetError (in
    Indonesian) when it is none, or one this program will not open (too large, damaged,
    protected)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise file_unreadable(path, exc) from exc
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
        raise file_unreadable(path, exc) from exc
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(OLE_MAGIC):
        if any(marker in data for marker in _ENCRYPTED_MARKERS):
            raise _protected(path)
        limits.inspect_xls(data, path.name)
        return _read_workbook(path, data, digest, sheet, "xls", limits.Inspection())
    if data.startswith(ZIP_MAGIC):
        archive = limits.open_zip(path.name, data)
        kind = limits.kind_of_zip(archive)
        if kind is None:
            raise _not_spreadsheet(path)
        inspection = limits.inspect_zip(archive, kind, path)
        return _read_workbook(path, data, digest, sheet, kind, inspection)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods") or _looks_binary(data):
        raise _not_spreadsheet(path)
    return _read_csv(path, data, digest)


def _protected(path: Path) -> PasswordProtected:
    return PasswordProtected(
        _(
            "Berkas {name} dilindungi kata sandi, jadi isinya tidak dapat dibaca. Buka di "
            "Excel, hapus kata sandinya (File > Info > Protect Workbook > Encrypt with "
            "Password, kosongkan), simpan, lalu impor lagi."
        ).format(name=path.name)
    )


def _not_spreadsheet(path: Path) -> NotASpreadsheet:
    return NotASpreadsheet(
        _(
            "Berkas {name} bukan lembar kerja yang dapat dibaca. Gunakan berkas Excel (.xlsx, "
            ".xls), OpenDocument (.ods) atau .csv."
        ).format(name=path.name)
    )


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16 text ("Unicode Text" from Excel)
    return b"\x00" in head


def _read_workbook(
    path: Path,
    data: bytes,
    digest: str,
    sheet: str | None,
    kind: str,
    inspection: limits.Inspection,
) -> SheetTable:
    import python_calamine as calamine

    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError as exc:
        raise _protected(path) from exc
    except BaseException as exc:  # calamine's errors (zip, XML, BIFF) and its panics alike
        if _not_the_files_fault(exc):
            raise
        raise limits.damaged(path.name, type(exc).__name__) from exc
    try:
        sheets = list(book.sheet_names)
        if not sheets:
            raise limits.damaged(path.name, _("tanpa lembar"))
        visible = [
            meta.name
            for meta in book.sheets_metadata
            if meta.visible == calamine.SheetVisibleEnum.Visible
            and meta.typ == calamine.SheetTypeEnum.WorkSheet
        ]
        chosen = _choose_sheet(book, sheets, visible, sheet, path)
        rows = _sheet_rows(book, chosen, path, inspection.exact.get(chosen, {}))
    finally:
        book.close()
    return SheetTable(path, chosen, sheets, rows, digest, kind)


def _not_the_files_fault(exc: BaseException) -> bool:
    """Whether calamine's failure is something else than a damaged file. A Rust panic reaches
    Python as pyo3's PanicException, a BaseException: that one is the file's fault; an
    interrupt or a lack of memory stays what it is."""
    return isinstance(exc, KeyboardInterrupt | SystemExit | MemoryError | GeneratorExit)


def _sheet_rows(
    book: Any, name: str, path: Path, exact: dict[tuple[int, int], int]
) -> list[tuple[Any, ...]]:
    """The sheet's rows from row 1 and column A (``skip_empty_area=False``: by default
    calamine starts at the first column used), long integers as exactly as the file holds
    them."""
    try:
        sheet = book.get_sheet_by_name(name)
        rows: list[tuple[Any, ...]] = [tuple(row) for row in sheet.to_python(skip_empty_area=False)]
    except BaseException as exc:
        if _not_the_files_fault(exc):
            raise
        raise limits.damaged(path.name, type(exc).__name__) from exc
    for (row, column), value in exact.items():
        found = rows[row][column] if row < len(rows) and column < len(rows[row]) else None
        if isinstance(found, float) and float(value) == found:  # calamine's float of it
            cells = list(rows[row])
            cells[column] = value
            rows[row] = tuple(cells)
    return rows


def _choose_sheet(
    book: Any, sheets: list[str], visible: list[str], wanted: str | None, path: Path
) -> str:
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
    candidates = visible or sheets
    if len(candidates) > 1:
        for name in candidates:
            try:
                rows = book.get_sheet_by_name(name).to_python(nrows=HEADER_SEARCH_ROWS)
            except BaseException as exc:
                if _not_the_files_fault(exc):
                    raise
                raise limits.damaged(path.name, type(exc).__name__) from exc
            if find_header([tuple(row) for row in rows]) is not None:
                return name
    return candidates[0]


def _read_csv(path: Path, data: bytes, digest: str) -> SheetTable:
    text_, encoding = _decode(data)
    del data
    sample = "\n".join(text_[:65536].splitlines()[:50])
    delimiter = _sniff_delimiter(sample)
    rows: list[tuple[Any, ...]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text_), delimiter=delimiter):
            cells += len(row)
            if cells > limits.MAX_CELLS:
                raise limits.too_big(
                    path.name, _("lebih dari {n} sel").format(n=limits.number(limits.MAX_CELLS))
                )
            rows.append(tuple(row))
    except csv.Error as exc:
        raise NotASpreadsheet(
            _(
                "Berkas {name} bukan CSV yang dapat dibaca ({reason}). Buka di Excel atau "
                "LibreOffice, simpan ulang, lalu impor lagi. Tidak ada yang diimpor."
            ).format(name=path.name, reason=exc)
        ) from exc
    return SheetTable(path, path.stem, [path.stem], rows, digest, "csv", encoding, delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-16 (with BOM), UTF-8 (with or without BOM), else Windows-1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
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

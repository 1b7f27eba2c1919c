"""Reading an agency's file into a :class:`SheetTable`: every cell of one sheet of an .xlsx
(openpyxl read-only), or of a CSV (comma, semicolon or tab; UTF-16, UTF-8 or Windows-1252),
after checking its size, kind and password protection."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
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
from netral_desktop.services.roster_import.mapping import (
    HEADER_SEARCH_ROWS,
    file_unreadable,
    find_header,
)

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # an .xlsx is a zip: refuse one that would explode

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # encrypted .xlsx, or an old .xls
# The stream names of an encrypted Office file, as stored (UTF-16) in its OLE directory.
_ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))


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


def read_table(path: str | Path, *, sheet: str | None = None) -> SheetTable:
    """Read a spreadsheet (.xlsx) or CSV; SpreadsheetError (in Indonesian) when it is none."""
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
        if find_header(rows) is not None:
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

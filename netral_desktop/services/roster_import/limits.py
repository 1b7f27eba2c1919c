"""What a spreadsheet holds, looked at before python-calamine opens it: bounded memory for any
file, whatever it declares.

calamine keeps a sheet as a dense grid (every cell between the first and the last one holds a
value), reads all shared strings at once, and opens every sheet of an .xls at once. A 500 KB
.xlsx with one cell at column XFD on each of 100,000 rows would so ask for 1.6 billion cells;
a zip entry may lie about its unpacked size. So each part calamine will read is unpacked here
first, in chunks and with a cap on the bytes really produced, and the cells of each sheet
are counted and their extent (last row, last column) worked out; a file beyond the limits is
refused with a message that says what to do, before calamine allocates anything.

The same pass keeps the exact text of long integers: calamine hands every number back as a
float, and an 18-digit NIP stored exactly in the file (as programs other than Excel write
it) would lose its last digits. ``Inspection.exact`` maps a sheet to ``{(row, column):
int}`` (0-based) for the numbers of 16 digits or more written as plain integers.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path
from typing import IO, Any

from netral_desktop.core.errors import FileTooLarge, NotASpreadsheet
from netral_desktop.i18n import _

# A district roster is some tens of thousands of rows of a few dozen columns; the grid
# calamine builds (32 bytes a cell) and its Python copy stay well under 300 MB at this size.
MAX_CELLS = 2_000_000
MAX_SHEET_BYTES = 256 * 2**20  # unpacked XML of one sheet (ODS: content.xml)
MAX_STRINGS_BYTES = 64 * 2**20  # unpacked shared strings
MAX_OTHER_BYTES = 16 * 2**20  # unpacked workbook, relations, styles
MAX_ZIP_ENTRIES = 10_000
MAX_PENDING_BYTES = 32 * 2**20  # one cell's text, at most
CHUNK = 4 * 2**20

EXACT_DIGITS = 16  # below, a float holds every digit (2**53 has 16 digits)

# What reading a sheet costs in memory, estimated before: each cell of calamine's grid (32
# bytes) and of its Python copy (a pointer; a value object when the cell holds one), and
# each byte of text three times (calamine's copy of every cell's string, a shared string
# copied once per cell that shows it; Python's str; slack). Measured: 2 million cells of
# 20-character texts peak at 377 MB resident, which this estimates at 320 MB.
GRID_CELL_BYTES = 40
VALUE_BYTES = 60
TEXT_FACTOR = 3
MEMORY_BUDGET = 220 * 2**20  # with the program itself (~70 MB), under 300 MB resident

Grid = dict[tuple[int, int], int]


@dataclass
class Inspection:
    """What the pass found: the sheets' exact long integers, by sheet name."""

    exact: dict[str, Grid] = field(default_factory=dict)


def too_big(name: str, what: str) -> FileTooLarge:
    return FileTooLarge(
        _(
            "Berkas {name} tidak dapat diimpor: {what}. Biasanya ada sel terisi jauh di luar "
            "tabel (misalnya di kolom XFD atau baris 1.000.000) atau berkasnya rusak: salin "
            "tabelnya saja ke berkas baru, simpan, lalu impor lagi. Bila tabelnya memang "
            "sebesar itu, pecah menjadi beberapa berkas (misalnya satu per instansi). Tidak ada "
            "yang diimpor."
        ).format(name=name, what=what)
    )


def damaged(name: str, reason: str = "") -> NotASpreadsheet:
    detail = f" ({reason})" if reason else ""
    return NotASpreadsheet(
        _(
            "Berkas {name} rusak atau bukan lembar kerja yang sah{detail}. Buka di Excel atau "
            "LibreOffice, simpan ulang sebagai .xlsx, lalu impor lagi. Tidak ada yang diimpor."
        ).format(name=name, detail=detail),
        code="spreadsheet_damaged",
    )


def number(value: int) -> str:
    """``1600000`` -> ``1.600.000`` (Indonesian grouping)."""
    return f"{value:,}".replace(",", ".")


def _cells_message(cells: int, rows: int, columns: int, sheet: str) -> str:
    return _(
        "lembar '{sheet}' mencakup {cells} sel ({rows} baris x {columns} kolom; batasnya "
        "{limit} sel)"
    ).format(
        sheet=sheet,
        cells=number(cells),
        rows=number(rows),
        columns=number(columns),
        limit=number(MAX_CELLS),
    )


def _check_grid(
    name: str,
    sheet: str,
    rows: int,
    columns: int,
    cells: int,
    text: int = 0,
    earlier_grid: int = 0,
) -> None:
    """Refuse the file when the sheet's grid, cells or memory go beyond the limits
    (``earlier_grid``: the cells of sheets read with it, as calamine opens an .xls whole)."""
    grid = earlier_grid + rows * columns
    if cells > MAX_CELLS or grid > MAX_CELLS:
        raise too_big(name, _cells_message(max(cells, grid), rows, columns, sheet))
    needed = grid * GRID_CELL_BYTES + cells * VALUE_BYTES + text * TEXT_FACTOR
    if needed > MEMORY_BUDGET:
        raise too_big(
            name,
            _(
                "lembar '{sheet}' memerlukan sekitar {mb} MB memori untuk dibaca ({cells} sel "
                "berisi {text} MB teks; batasnya {limit} MB)"
            ).format(
                sheet=sheet,
                mb=number(needed // 2**20),
                cells=number(cells),
                text=text // 2**20,
                limit=MEMORY_BUDGET // 2**20,
            ),
        )


# --- zip containers (.xlsx, .xlsm, .ods) -------------------------------------------------------


def open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    """The archive, after checking how many entries it claims (a central directory of a
    million entries is itself a memory bomb)."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_600))
    if end < 0 or end + 22 > len(data):
        raise damaged(name, "zip")
    entries = struct.unpack_from("<H", data, end + 10)[0]
    if entries >= min(0xFFFF, MAX_ZIP_ENTRIES):
        raise too_big(name, _("berisi {n} bagian").format(n=entries))
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise damaged(name, "zip") from exc


def _chunks(archive: zipfile.ZipFile, part: str, limit: int, name: str) -> Iterator[bytes]:
    """A part unpacked in chunks; stops the file once more than ``limit`` bytes came out,
    whatever the entry claims."""
    produced = 0
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(CHUNK):
                produced += len(chunk)
                if produced > limit:
                    raise too_big(
                        name,
                        _("bagian {part} lebih dari {mb} MB setelah dibuka").format(
                            part=part, mb=limit // 2**20
                        ),
                    )
                yield chunk
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        ValueError,
        zlib.error,
    ) as exc:
        raise damaged(name, type(exc).__name__) from exc
    except NotImplementedError as exc:  # an unknown compression method
        raise damaged(name, str(exc)) from exc


def _read_part(archive: zipfile.ZipFile, part: str, limit: int, name: str) -> bytes:
    return b"".join(_chunks(archive, part, limit, name))


def _refuse_doctype(head: bytes, name: str) -> None:
    """Entity expansion ("billion laughs") needs a DTD; spreadsheets never carry one."""
    if b"<!DOCTYPE" in head[:4096] or b"<!ENTITY" in head[:4096]:
        raise damaged(name, "DTD")


def _segments(chunks: Iterator[bytes], marker: bytes, name: str) -> Iterator[bytes]:
    """The unpacked text cut just before ``marker``, so no element is split between two
    segments."""
    pending = b""
    first = True
    for chunk in chunks:
        buffer = pending + chunk
        if first:
            _refuse_doctype(buffer, name)
            first = False
        cut = buffer.rfind(marker)
        if cut <= 0:
            if len(buffer) > MAX_PENDING_BYTES:
                raise too_big(name, _("satu sel berisi lebih dari 32 MB"))
            pending = buffer
            continue
        yield buffer[:cut]
        pending = buffer[cut:]
    if pending:
        yield pending


_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_ROW_NUMBER = re.compile(rb'<row r="(\d{1,7})"')
_LONG_VALUE = re.compile(rb"<v>(\d{%d,})</v>" % EXACT_DIGITS)
_TAG_REF = re.compile(rb'\br="([A-Z]{1,3})(\d{1,7})"')
_TAG_TYPE = re.compile(rb'\bt="(\w+)"')
_ANY_CELL = re.compile(rb"<c[ >/]")


def column_number(letters: bytes) -> int:
    """``b"A"`` -> 1, ``b"XFD"`` -> 16384."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


_INLINE_TEXT = re.compile(rb"<is>(.*?)</is>", re.DOTALL)
_SHARED_INDEX = re.compile(rb'<c [^>]*?t="s"[^>]*>\s*<v>(\d{1,9})</v>')


def _scan_xlsx_sheet(chunks: Iterator[bytes], name: str, sheet: str, shared: Sequence[int]) -> Grid:
    """The sheet's exact long integers, after checking its extent, cells and text (inline,
    and ``shared``: the length of each shared string, copied into every cell showing it)."""
    cells = max_row = max_column = rows = text = 0
    widest = b""
    exact: Grid = {}
    for segment in _segments(chunks, b"<c ", name):
        found = len(_ANY_CELL.findall(segment))
        cells += found
        refs = _REF.findall(segment)
        if refs:
            widest = max(widest, *{c for c, _r in refs}, key=lambda c: (len(c), c))
            max_row = max(max_row, int(refs[-1][1]))
        if found > len(refs):  # cells without a reference: placed one after another
            for row in segment.split(b"<row")[1:]:
                max_column = max(max_column, len(_ANY_CELL.findall(row)))
        numbers = _ROW_NUMBER.findall(segment)
        rows += segment.count(b"<row")
        if numbers:
            max_row = max(max_row, int(numbers[-1]))
        for value in _LONG_VALUE.finditer(segment):
            start = segment.rfind(b"<c ", 0, value.start())
            tag = segment[start : segment.find(b">", start) + 1] if start >= 0 else b""
            ref, kind = _TAG_REF.search(tag), _TAG_TYPE.search(tag)
            if ref and (kind is None or kind.group(1) == b"n"):
                position = (int(ref.group(2)) - 1, column_number(ref.group(1)) - 1)
                exact[position] = int(value.group(1))
        if b"<is>" in segment:
            text += sum(map(len, _INLINE_TEXT.findall(segment)))
        if shared:
            indexes = map(int, _SHARED_INDEX.findall(segment))
            try:
                text += sum(map(shared.__getitem__, indexes))
            except IndexError as exc:
                raise damaged(name, "sharedStrings") from exc
        max_column = max(max_column, column_number(widest) if widest else 0)
        _check_grid(name, sheet, max(max_row, rows), max(max_column, 1), cells, text)
    return exact


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')


def _attributes(tag: bytes) -> dict[bytes, bytes]:
    return {key.split(b":")[-1]: value for key, value in _ATTR.findall(tag)}


def _xlsx_sheets(archive: zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    """(sheet name, part) for each sheet of the workbook."""
    book = _read_part(archive, "xl/workbook.xml", MAX_OTHER_BYTES, name)
    _refuse_doctype(book, name)
    rels_name = "xl/_rels/workbook.xml.rels"
    targets: dict[bytes, bytes] = {}
    if rels_name in archive.namelist():
        rels = _read_part(archive, rels_name, MAX_OTHER_BYTES, name)
        for tag in re.findall(rb"<(?:\w+:)?Relationship\b([^>]*)>", rels):
            attrs = _attributes(tag)
            targets[attrs.get(b"Id", b"")] = attrs.get(b"Target", b"")
    sheets = []
    for tag in _SHEET.findall(book):
        attrs = _attributes(tag)
        target = targets.get(attrs.get(b"id", b""), b"").decode("utf-8", "replace")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        sheets.append((unescape(attrs.get(b"name", b"").decode("utf-8", "replace")), part))
    return sheets


def inspect_xlsx(archive: zipfile.ZipFile, name: str) -> Inspection:
    names = set(archive.namelist())
    result = Inspection()
    for part in ("xl/styles.xml", "[Content_Types].xml"):
        if part in names:
            _refuse_doctype(_read_part(archive, part, MAX_OTHER_BYTES, name)[:4096], name)
    strings = "xl/sharedStrings.xml"
    shared = array("I")  # each shared string's length in bytes (its XML, an upper bound)
    if strings in names:
        for segment in _segments(_chunks(archive, strings, MAX_STRINGS_BYTES, name), b"<si", name):
            shared.extend(map(len, segment.split(b"<si")[1:]))
            if len(shared) > MAX_CELLS:
                raise too_big(name, _("lebih dari {n} teks").format(n=number(MAX_CELLS)))
    scanned = set()
    for sheet, part in _xlsx_sheets(archive, name):
        if part not in names:
            continue
        chunks = _chunks(archive, part, MAX_SHEET_BYTES, name)
        result.exact[sheet] = _scan_xlsx_sheet(chunks, name, sheet, shared)
        scanned.add(part)
    # Worksheets the workbook does not name in the usual way: checked all the same.
    for part in sorted(names - scanned):
        if part.startswith("xl/worksheets/") and part.endswith(".xml"):
            _scan_xlsx_sheet(_chunks(archive, part, MAX_SHEET_BYTES, name), name, part, shared)
    return result


# --- OpenDocument (.ods) ---------------------------------------------------------------------

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_LONG_DIGITS = re.compile(rf"\d{{{EXACT_DIGITS},}}")


class _ChunkReader(io.RawIOBase):
    """A file-like view of the capped chunks, for the XML parser."""

    def __init__(self, chunks: Iterator[bytes], name: str) -> None:
        self._chunks, self._name, self._buffer, self._first = chunks, name, b"", True
        self.consumed = 0  # bytes handed to the parser: a bound on the text read so far

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray) -> int:  # type: ignore[override]
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            if self._first:
                _refuse_doctype(chunk, self._name)
                self._first = False
            self._buffer = chunk
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        self.consumed += size
        return size


def _repeat(element: object, attribute: str) -> int:
    value = element.get(_TABLE + attribute)  # type: ignore[attr-defined]
    try:
        return max(1, int(value)) if value else 1
    except ValueError:
        return 1


def inspect_ods(archive: zipfile.ZipFile, name: str) -> Inspection:
    from xml.etree.ElementTree import ParseError, iterparse

    result = Inspection()
    if "content.xml" not in archive.namelist():
        raise damaged(name, "content.xml")
    reader: Any = _ChunkReader(_chunks(archive, "content.xml", MAX_SHEET_BYTES, name), name)
    stream: IO[bytes] = io.BufferedReader(reader)
    sheet, row, cells, max_row, max_column = "", 0, 0, 0, 0
    exact: Grid = {}
    try:
        for event, element in iterparse(stream, events=("start", "end")):
            tag = element.tag
            if event == "start":
                if tag == _TABLE + "table":
                    sheet = element.get(_TABLE + "name") or ""
                    row = cells = max_row = max_column = 0
                    exact = {}
                continue
            if tag == _TABLE + "table-row":
                repeat = _repeat(element, "number-rows-repeated")
                column = last = 0
                for cell in element:
                    span = _repeat(cell, "number-columns-repeated")
                    kind = cell.get(_OFFICE + "value-type")
                    if kind is not None or len(cell):
                        last = column + span
                        cells += span * repeat
                        value = cell.get(_OFFICE + "value") or ""
                        if (
                            kind == "float"
                            and span == repeat == 1
                            and _LONG_DIGITS.fullmatch(value)
                        ):
                            exact[(row, column)] = int(value)
                    column += span
                if last:
                    max_row, max_column = row + repeat, max(max_column, last)
                    _check_grid(name, sheet, max_row, max_column, cells, reader.consumed)
                row += repeat
                element.clear()
            elif tag == _TABLE + "table":
                result.exact[sheet] = exact
                element.clear()
    except ParseError as exc:
        raise damaged(name, "XML") from exc
    return result


# --- Excel 97-2003 (.xls) --------------------------------------------------------------------

# BIFF8 records that hold a value at (row, column): LABELSST, NUMBER, RK, LABEL, BOOLERR,
# FORMULA, RSTRING; MULRK holds several. BLANK and MULBLANK (formatting only) are left out,
# as calamine leaves them out of the grid.
_LABELSST, _LABEL, _RSTRING = 0x00FD, 0x0204, 0x00D6
_VALUE_RECORDS = {_LABELSST, 0x0203, 0x027E, _LABEL, 0x0205, 0x0006, _RSTRING}
_MULRK, _BOF, _EOF = 0x00BD, 0x0809, 0x000A
_SST, _CONTINUE = 0x00FC, 0x003C


def _records(stream: bytes) -> Iterator[tuple[int, int, int]]:
    """(kind, start of body, size) of each BIFF record, up to a truncated one."""
    position, end = 0, len(stream)
    while position + 4 <= end:
        kind, size = struct.unpack_from("<HH", stream, position)
        body = position + 4
        position = body + size
        if position > end:
            return  # truncated: calamine will say the file is damaged
        yield kind, body, size


def _sst_lengths(stream: bytes, parts: list[tuple[int, int]]) -> array[int]:
    """The length in characters of each shared string of an SST record and its CONTINUE
    records (``parts``: (start, size) of each body). A string's characters may go on in the
    next CONTINUE, which then starts with its own flags byte."""
    lengths = array("I")
    part, position = 0, 8  # after the total and unique counts
    unpack = struct.unpack_from

    def room() -> int:
        return parts[part][1] - position

    while part < len(parts):
        if room() < 3:
            part, position = part + 1, 0
            continue
        start = parts[part][0]
        count, flags = unpack("<HB", stream, start + position)
        position += 3
        extra = 0
        if flags & 0x08 and room() >= 2:  # rich text: 4 bytes per formatting run
            extra += 4 * unpack("<H", stream, start + position)[0]
            position += 2
        if flags & 0x04 and room() >= 4:  # Far-East phonetic data
            extra += unpack("<I", stream, start + position)[0]
            position += 4
        width, left = 2 if flags & 0x01 else 1, count
        while left:
            take = min(left, max(0, room()) // width)
            position += take * width
            left -= take
            if left:
                part, position = part + 1, 0
                if part >= len(parts):
                    break
                width = 2 if stream[parts[part][0]] & 0x01 else 1
                position = 1
        while extra and part < len(parts):
            skip = min(extra, max(0, room()))
            position += skip
            extra -= skip
            if extra:
                part, position = part + 1, 0
        lengths.append(count)
    return lengths


def inspect_xls(data: bytes, name: str) -> Inspection:
    """Every sheet's extent and text from the BIFF records of the Workbook stream (calamine
    reads all sheets when it opens the file, and copies a shared string into each cell that
    shows it)."""
    import olefile

    try:
        ole: Any = olefile.OleFileIO(data)  # its stubs want bytes for stream names; str works
        stream_name = next((s for s in ("Workbook", "Book") if ole.exists(s)), None)
        if stream_name is None or ole.get_size(stream_name) > len(data) * 2:
            raise damaged(name, "Workbook")
        stream = ole.openstream(stream_name).read()
    except NotASpreadsheet:
        raise
    except Exception as exc:  # olefile's many ways of saying the container is damaged
        raise damaged(name, type(exc).__name__) from exc
    unpack = struct.unpack_from
    sst_parts: list[tuple[int, int]] = []
    shared: array[int] = array("I")
    depth = sheet = 0
    grid = cells = text = 0  # the whole workbook: calamine opens every sheet at once
    max_row = max_column = 0
    previous = 0
    for kind, body, size in _records(stream):
        if kind == _SST:
            sst_parts = [(body, size)]
        elif kind == _CONTINUE and previous in (_SST, _CONTINUE) and sst_parts:
            sst_parts.append((body, size))
        elif sst_parts and not shared:
            shared = _sst_lengths(stream, sst_parts)
        previous = kind if kind in (_SST, _CONTINUE) else 0
        if kind == _BOF:
            depth += 1
            if depth == 1:
                sheet += 1
                max_row = max_column = 0
        elif kind == _EOF:
            depth = max(0, depth - 1)
            if depth == 0:
                grid += max_row * max_column
        elif kind in _VALUE_RECORDS and size >= 4:
            row, column = unpack("<HH", stream, body)
            cells += 1
            max_row, max_column = max(max_row, row + 1), max(max_column, column + 1)
            if kind == _LABELSST and size >= 10:
                index = unpack("<I", stream, body + 6)[0]
                text += shared[index] if index < len(shared) else 0
            elif kind in (_LABEL, _RSTRING):
                text += size
        elif kind == _MULRK and size >= 6:
            row = unpack("<H", stream, body)[0]
            last = unpack("<H", stream, body + size - 2)[0]
            cells += max(1, (size - 6) // 6)
            max_row, max_column = max(max_row, row + 1), max(max_column, last + 1)
        else:
            continue
        _check_grid(name, str(max(1, sheet - 1)), max_row, max_column, cells, text, grid)
    return Inspection()


Inspector = Callable[[zipfile.ZipFile, str], Inspection]


def kind_of_zip(archive: zipfile.ZipFile) -> str | None:
    """ "xlsx" (also .xlsm), "ods", or None for another kind of zip."""
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names and "mimetype" in names:
        try:
            mimetype = archive.read("mimetype")[:100]
        except (zipfile.BadZipFile, OSError, NotImplementedError, EOFError, zlib.error):
            return None
        if mimetype.strip() == b"application/vnd.oasis.opendocument.spreadsheet":
            return "ods"
    return None


def inspect_zip(archive: zipfile.ZipFile, kind: str, path: Path) -> Inspection:
    return inspect_xlsx(archive, path.name) if kind == "xlsx" else inspect_ods(archive, path.name)

# ruff: noqa: E501  (the XML of the parts, one line each, as the format spells it)
"""Files made to exhaust a reader: small on disk, enormous once opened or once laid out as a
grid. Written directly (zip entries, XML, BIFF through xlwt) in well under a second each."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    b'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    b"</Types>"
)
ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    b"</Relationships>"
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    b'<sheets><sheet name="Pegawai" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    b"</Relationships>"
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
HEADER_ROW = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>NAMA</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>NIP</t></is></c></row>'
)

Chunks = Callable[[], Iterator[bytes]]


def xlsx(
    path: Path,
    sheet: Chunks,
    *,
    strings: Chunks | None = None,
    styles: Chunks | None = None,
) -> Path:
    """An .xlsx whose sheet (and shared strings, styles) come from generators of chunks,
    deflated as they come."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        parts = {"xl/worksheets/sheet1.xml": sheet}
        if strings is not None:
            parts["xl/sharedStrings.xml"] = strings
        if styles is not None:
            parts["xl/styles.xml"] = styles
        for name, chunks in parts.items():
            with archive.open(name, "w", force_zip64=True) as handle:
                for chunk in chunks():
                    handle.write(chunk)
    return path


def _sheet(rows: Callable[[], Iterator[bytes]], head: bytes = b"") -> Chunks:
    def chunks() -> Iterator[bytes]:
        yield SHEET_HEAD + head + b"<sheetData>" + HEADER_ROW
        yield from rows()
        yield b"</sheetData></worksheet>"

    return chunks


def column_xfd(path: Path, rows: int = 100_000) -> Path:
    """One cell at column XFD on each of ``rows`` rows (the issue's 494 KB file)."""

    def body() -> Iterator[bytes]:
        batch = []
        for r in range(2, rows + 2):
            batch.append(
                b'<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r)
            )
            if len(batch) == 5000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch)

    return xlsx(path, _sheet(body))


def declared_dimension(path: Path) -> Path:
    """A sheet that declares A1:XFD1048576 and holds three cells: read, not refused."""

    def body() -> Iterator[bytes]:
        yield b'<row r="2"><c r="A2" t="inlineStr"><is><t>Budi Santoso</t></is></c></row>'

    return xlsx(path, _sheet(body, head=b'<dimension ref="A1:XFD1048576"/>'))


def many_shared_strings(path: Path, count: int = 3_000_000) -> Path:
    def strings() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        for _ in range(count // 100_000):
            yield b"<si><t>x</t></si>" * 100_000
        yield b"</sst>"

    return xlsx(path, _sheet(lambda: iter([b""])), strings=strings)


def one_huge_shared_string(path: Path, megabytes: int = 300) -> Path:
    def strings() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        for _ in range(megabytes):
            yield b"A" * 2**20
        yield b"</t></si></sst>"

    return xlsx(path, _sheet(lambda: iter([b""])), strings=strings)


def shared_string_copies(path: Path, cells: int = 200) -> Path:
    """One 16 MB shared string shown in 200 cells: calamine copies it into each (3 GB)."""

    def strings() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        for _ in range(16):
            yield b"A" * 2**20
        yield b"</t></si></sst>"

    def body() -> Iterator[bytes]:
        yield b"".join(
            b'<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r) for r in range(2, cells + 2)
        )

    return xlsx(path, _sheet(body), strings=strings)


def xls_shared_string_copies(path: Path, cells: int = 20_000) -> Path:
    """An .xls whose one 30,000-character string fills 20,000 cells (600 MB once copied)."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Pegawai")
    sheet.write(0, 0, "NAMA")
    long_text = "A" * 30_000
    for r in range(1, cells + 1):
        sheet.write(r, 0, long_text)
    book.save(str(path))
    return path


def many_styles(path: Path, count: int = 2_000_000) -> Path:
    def styles() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>'
        for _ in range(count // 100_000):
            yield b'<xf numFmtId="0"/>' * 100_000
        yield b"</cellXfs></styleSheet>"

    return xlsx(path, _sheet(lambda: iter([b""])), styles=styles)


def zip_bomb(path: Path, megabytes: int = 64) -> Path:
    """A sheet of 64 MB of blanks inside its XML (beyond what one cell may hold): 64 KB on disk."""

    def body() -> Iterator[bytes]:
        for _ in range(megabytes):
            yield b" " * 2**20

    return xlsx(path, _sheet(body))


def billion_laughs(path: Path) -> Path:
    entities = (
        b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b"]>"
    )

    def chunks() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="UTF-8"?>' + entities
        yield b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        yield b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        yield b"</sheetData></worksheet>"

    return xlsx(path, chunks)


def many_entries(path: Path, count: int = 12_000) -> Path:
    """A zip whose central directory alone names tens of thousands of parts."""
    xlsx(path, _sheet(lambda: iter([b""])))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
        for i in range(count):
            archive.writestr(f"x/{i}", b"")
    return path


def xls_far_cell(path: Path) -> Path:
    """An .xls with a cell at IV65536: calamine would lay out 16.7 million cells."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Pegawai")
    sheet.write(0, 0, "NAMA")
    sheet.write(65535, 255, "x")
    book.save(str(path))
    return path


def ods_repeated(path: Path) -> Path:
    """An .ods whose one row repeats a filled cell across a million columns."""
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        b'<office:body><office:spreadsheet><table:table table:name="Pegawai">'
        b'<table:table-row><table:table-cell office:value-type="string"><text:p>NAMA</text:p>'
        b"</table:table-cell></table:table-row>"
        b'<table:table-row table:number-rows-repeated="1000">'
        b'<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
        b"<text:p>x</text:p></table:table-cell></table:table-row>"
        b"</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", b"<manifest/>")
    return path


def csv_huge_field(path: Path) -> Path:
    path.write_bytes(b'NAMA;NIP\n"' + b"A" * (20 * 2**20) + b'";1\n')
    return path


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "kolom_xfd.xlsx": column_xfd,
    "string_banyak.xlsx": many_shared_strings,
    "string_raksasa.xlsx": one_huge_shared_string,
    "gaya_banyak.xlsx": many_styles,
    "salinan_teks.xlsx": shared_string_copies,
    "salinan_teks.xls": xls_shared_string_copies,
    "bom_zip.xlsx": zip_bomb,
    "entitas.xlsx": billion_laughs,
    "entri_banyak.xlsx": many_entries,
    "sel_jauh.xls": xls_far_cell,
    "ulang.ods": ods_repeated,
    "sel_raksasa.csv": csv_huge_field,
}

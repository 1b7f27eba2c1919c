"""Rosters as agencies really send them, one per layout, writable as .xlsx, .xls (xlwt),
.ods (odfpy) and .csv: the tests read each back, and the window tests show their preview.

Each layout is a list of rows (cells as a person types them; integers for NIPs stored as
numbers by a program that keeps every digit), merged ranges, and what a right import finds:
the people (name -> NIP or NI PPPK), and the rows skipped with their reason.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

Cell = Any


@dataclass
class Layout:
    key: str
    title: str
    rows: list[list[Cell]]
    merges: tuple[
        tuple[int, int, int, int], ...
    ] = ()  # (first row, last row, first col, last col) 0-based
    people: dict[str, str] = field(default_factory=dict)  # full name -> NIP / NI PPPK digits
    skipped: dict[int, str] = field(default_factory=dict)  # sheet row -> reason


SIGNATURE = [
    [],
    [None, None, None, None, None, "Bantul, 2 Mei 2024"],
    [None, None, None, None, None, "KEPALA DINAS PENDIDIKAN,"],
    [None, None, None, None, None, "PEMUDA DAN OLAHRAGA"],
    [],
    [],
    [None, None, None, None, None, "Drs. SUHARTONO, M.Si."],
    [None, None, None, None, None, "Pembina Utama Muda"],
    [None, None, None, None, None, "NIP. 19680411 199303 1 009"],
]


def _signature_rows(first: int) -> dict[int, str]:
    """The sheet rows of SIGNATURE placed from sheet row ``first`` (its blank row)."""
    return {first + i: "signature" for i, row in enumerate(SIGNATURE) if row}


def one_row_header() -> Layout:
    rows = [
        ["NO", "NAMA", "NIP", "JABATAN", "UNIT KERJA", "STATUS"],
        [1, "Sri Wahyuni, S.Pd.", "19850101 201001 2 003", "Guru Ahli Muda", "SD N 1 Sewon", "PNS"],
        [2, "Rina Kartika, S.Pd.", "19921107 202321 2 004", "Guru Ahli Pertama", "SD N 2", ""],
        [3, "Bambang Riyanto", 197005121998031004, "Pengawas Sekolah", "Dinas", "PNS"],
    ]
    return Layout(
        "satu_baris",
        "Judul satu baris",
        rows,
        people={
            "Sri Wahyuni, S.Pd.": "198501012010012003",
            "Rina Kartika, S.Pd.": "199211072023212004",
            "Bambang Riyanto": "197005121998031004",
        },
    )


def two_level_header() -> Layout:
    """The DUK layout of the issue: titles, ``NAMA / NIP`` and ``PANGKAT / GOL. RUANG``
    merged over their sub-headers, a column-number row, a signature block."""
    rows: list[list[Cell]] = [
        ["DAFTAR URUT KEPANGKATAN PEGAWAI NEGERI SIPIL"],
        ["DINAS PENDIDIKAN, PEMUDA DAN OLAHRAGA KABUPATEN BANTUL"],
        ["KEADAAN 1 MEI 2024"],
        [],
        ["NO", "NAMA / NIP", None, "PANGKAT / GOL. RUANG", None, "JABATAN", "UNIT KERJA", "KET"],
        [None, "NAMA", "NIP", "PANGKAT", "GOL. RUANG", None, None, None],
        [1, 2, 3, 4, 5, 6, 7, 8],
        [
            1,
            "Drs. Agus Salim, M.Pd.",
            196804111993031009,
            "Pembina",
            "IV/a",
            "Kepala Sekolah",
            "SMP N 1 Bantul",
            None,
        ],
        [
            2,
            "Hj. Siti Aminah, S.Pd.",
            197502022000032001,
            "Penata Tk. I",
            "III/d",
            "Guru",
            "SMP N 1 Bantul",
            None,
        ],
        [
            3,
            "Dewi Lestari, S.Pd.",
            "19921107 202321 2 004",
            None,
            "IX",
            "Guru Ahli Pertama",
            "SMP N 2 Bantul",
            "PPPK",
        ],
        [
            4,
            "Yohanes Wenda",
            "199001152015031002",
            "Penata Muda",
            "III/a",
            "Pengelola",
            "SMP N 2 Bantul",
            None,
        ],
        *SIGNATURE,
    ]
    return Layout(
        "dua_tingkat",
        "Judul dua tingkat, tanda tangan",
        rows,
        merges=(
            (0, 0, 0, 7),
            (1, 1, 0, 7),
            (4, 4, 1, 2),
            (4, 4, 3, 4),
            (4, 5, 0, 0),
            (4, 5, 5, 5),
            (4, 5, 6, 6),
            (4, 5, 7, 7),
        ),
        people={
            "Drs. Agus Salim, M.Pd.": "196804111993031009",
            "Hj. Siti Aminah, S.Pd.": "197502022000032001",
            "Dewi Lestari, S.Pd.": "199211072023212004",
            "Yohanes Wenda": "199001152015031002",
        },
        skipped=_signature_rows(12),
    )


def name_and_nip_in_one_cell() -> Layout:
    rows: list[list[Cell]] = [
        ["DAFTAR PEGAWAI KECAMATAN SEWON"],
        [],
        ["NO", "NAMA / NIP", "PANGKAT / GOL", "JABATAN"],
        [1, "Drs. SUHARTONO, M.Si.\nNIP. 19680411 199303 1 009", "Pembina, IV/a", "Camat"],
        [2, "Sri Rahayu, S.IP.\nNIP. 19790303 200501 2 011", "Penata, III/c", "Sekretaris"],
        [3, "Rahmat Hidayat\nNI PPPK. 19951212 202221 1 007", "IX", "Penata Layanan"],
    ]
    return Layout(
        "nama_nip_satu_sel",
        "Nama dan NIP satu sel",
        rows,
        people={
            "Drs. SUHARTONO, M.Si.": "196804111993031009",
            "Sri Rahayu, S.IP.": "197903032005012011",
            "Rahmat Hidayat": "199512122022211007",
        },
    )


def two_rows_per_person() -> Layout:
    rows: list[list[Cell]] = [
        ["DAFTAR NOMINATIF PEGAWAI PUSKESMAS SEWON I"],
        ["NO", "NAMA / NIP", "JABATAN", "GOL"],
        [1, "dr. Budi Santoso, M.Kes.", "Kepala Puskesmas", "IV/a"],
        [None, "NIP. 19700512 199803 1 004", None, None],
        [2, "Ani Susanti, A.Md.Keb.", "Bidan", "III/b"],
        [None, "NIP. 19880808 201101 2 005", None, None],
        [3, "Eko Prasetyo", "Perawat", "VII"],
        [None, "NIP. 19960101 202221 1 003", None, None],
    ]
    return Layout(
        "dua_baris",
        "Dua baris per orang",
        rows,
        people={
            "dr. Budi Santoso, M.Kes.": "197005121998031004",
            "Ani Susanti, A.Md.Keb.": "198808082011012005",
            "Eko Prasetyo": "199601012022211003",
        },
        skipped={4: "continuation", 6: "continuation", 8: "continuation"},
    )


def totals_and_separators() -> Layout:
    rows: list[list[Cell]] = [
        ["REKAP PEGAWAI PER UNIT"],
        ["NO", "NAMA", "NIP", "JABATAN", "UNIT KERJA"],
        ["A. SEKRETARIAT"],
        [1, "Wahyu Nugroho", "19800504 200604 1 010", "Sekretaris", "Sekretariat"],
        [2, "Lina Marlina", "19830707 200902 2 006", "Kasubbag Umum", "Sekretariat"],
        [None, "JUMLAH", None, None, 2],
        [],
        ["B. BIDANG PEMBINAAN"],
        [3, "Joko Susilo", "19750909 199903 1 002", "Kepala Bidang", "Bidang"],
        [None, "JUMLAH", None, None, 1],
        [],
        [None, "TOTAL", None, None, 3],
        *SIGNATURE,
    ]
    return Layout(
        "jumlah_pemisah",
        "Baris jumlah dan pemisah",
        rows,
        people={
            "Wahyu Nugroho": "198005042006041010",
            "Lina Marlina": "198307072009022006",
            "Joko Susilo": "197509091999031002",
        },
        skipped={
            3: "section",
            6: "total",
            8: "section",
            10: "total",
            12: "total",
            **_signature_rows(13),
        },
    )


LAYOUTS = {
    layout().key: layout
    for layout in (
        one_row_header,
        two_level_header,
        name_and_nip_in_one_cell,
        two_rows_per_person,
        totals_and_separators,
    )
}


# --- writers -----------------------------------------------------------------------------


def _a1(row: int, col: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(col + 1)}{row + 1}"


EXACT = "EXACT:"


def write_xlsx(layout: Layout, path: Path) -> Path:
    """As openpyxl writes it, except that long integers are stored with every digit, as
    the programs agencies export from (PhpSpreadsheet) store them; openpyxl itself writes
    them as floats (``1.97005121998031e+17``)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    for row in layout.rows:
        sheet.append(
            [f"{EXACT}{v}" if isinstance(v, int) and v >= 10**15 else v for v in row] or [None]
        )
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            if cell.data_type == "f":
                cell.data_type = "s"  # text typed by a person that starts with "=": text
    for r1, r2, c1, c2 in layout.merges:
        sheet.merge_cells(f"{_a1(r1, c1)}:{_a1(r2, c2)}")
    book.save(path)
    exact_integers(path)
    return path


def exact_integers(path: Path) -> None:
    """Rewrite the ``EXACT:digits`` text cells of an .xlsx as numbers written in full."""
    import re
    import zipfile

    source = zipfile.ZipFile(path)
    parts = {info: source.read(info.filename) for info in source.infolist()}
    source.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in parts.items():
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(
                    rb't="inlineStr"><is><t>' + EXACT.encode() + rb"(\d+)</t></is>",
                    rb't="n"><v>\1</v>',
                    data,
                )
            target.writestr(info, data)


def write_xls(layout: Layout, path: Path) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Pegawai")
    merged = {(r1, c1): (r2, c2) for r1, r2, c1, c2 in layout.merges}
    for r, row in enumerate(layout.rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, int) and value >= 10**15:
                value = float(value)  # .xls keeps numbers as doubles: digits are lost
            if (r, c) in merged:
                r2, c2 = merged[(r, c)]
                sheet.write_merge(r, r2, c, c2, value)
            else:
                sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_ods(layout: Layout, path: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Pegawai")
    for row in layout.rows:
        tr = TableRow()
        for value in row:
            if value is None:
                tr.addElement(TableCell())
            elif isinstance(value, int | float):
                cell = TableCell(valuetype="float", value=str(value))
                cell.addElement(P(text=str(value)))
                tr.addElement(cell)
            elif isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.isoformat()))
                tr.addElement(cell)
            else:
                cell = TableCell(valuetype="string")
                for line in str(value).split("\n"):
                    cell.addElement(P(text=line))
                tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def write_csv(layout: Layout, path: Path, *, encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        for row in layout.rows:
            writer.writerow(["" if v is None else v for v in row])
    return path


WRITERS = {"xlsx": write_xlsx, "xls": write_xls, "ods": write_ods}


def write(layout: Layout, path: Path) -> Path:
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "csv":
        return write_csv(layout, path)
    return WRITERS[suffix](layout, path)


def people_of(rows: Sequence[Any]) -> dict[str, str]:
    """name -> NIP or NI PPPK of checked rows that were not refused."""
    return {
        r.name: r.values.get("nip") or r.values.get("ni_pppk") or "" for r in rows if not r.refused
    }

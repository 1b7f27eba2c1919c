"""CSV files the program writes, made to open right in Excel on an Indonesian Windows.

Separator ``;``: Excel splits a double-clicked CSV at the list separator of Windows' regional
settings, which is ``;`` wherever the decimal separator is ``,`` (Indonesian, as most of
Europe); a comma-separated file opens there as one column. Encoding UTF-8 with a byte-order
mark: without the mark Excel reads the file as Windows-1252 and names such as "Ngadiyo
Wiryosuwarno" with ``é`` or ``ʼ`` come out garbled; with it, Excel, LibreOffice and Python's
``utf-8-sig`` all read it. (A ``sep=;`` first line would force the separator, but Excel then
ignores the byte-order mark.) Lines end with CRLF, as Excel writes them. Text from outside
that a spreadsheet would run as a formula gets a leading apostrophe (core.spreadsheet_text).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from netral_desktop.core.spreadsheet_text import csv_text
from netral_desktop.services.files import write_file

DELIMITER = ";"
ENCODING = "utf-8-sig"


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([csv_text(str(h)) for h in headers])
    for row in rows:
        writer.writerow(
            ["" if v is None else csv_text(v) if isinstance(v, str) else v for v in row]
        )
    return out.getvalue().encode(ENCODING)


def write_csv(path: str | Path, *, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> Path:
    """The whole file or nothing (services.files.write_file)."""
    return write_file(Path(path), csv_bytes(headers, rows))

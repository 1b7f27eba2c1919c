"""Reference tables shipped in resources/data that an office or province may extend with its own
file of the same name in the data folder (holidays, violation categories, recipients).

The office's file is read by the same rules as the shipped one; every problem names the file,
the row and the column, in Indonesian, so the person who edited it can fix it.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from netral_desktop.config import resources_dir
from netral_desktop.core.errors import ValidationError
from netral_desktop.i18n import _

MAX_TABLE_BYTES = 5_000_000


class DataFileError(ValidationError):
    """A reference table that cannot be used: nothing is read from it."""

    code = "data_file_invalid"


@dataclass(frozen=True)
class Row:
    """One row of a table: its values by column and its line number (header = line 1)."""

    path: Path
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def fail(self, column: str, problem: str) -> DataFileError:
        return DataFileError(
            _("Berkas {file}, baris {line}, kolom '{column}': {problem}").format(
                file=self.path, line=self.line, column=column, problem=problem
            )
        )

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            raise self.fail(column, _("wajib diisi."))
        return value

    def optional_date(self, column: str) -> date | None:
        return self.iso_date(column) if self.get(column) else None

    def iso_date(self, column: str) -> date:
        value = self.get(column)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise self.fail(
                column,
                _("'{value}' bukan tanggal TTTT-BB-HH (mis. 2024-08-25).").format(value=value),
            ) from None

    def choice(self, column: str, choices: Iterable[str], *, default: str | None = None) -> str:
        value = self.get(column)
        if not value and default is not None:
            return default
        allowed = list(choices)
        if value not in allowed:
            raise self.fail(
                column,
                _("'{value}' tidak dikenal. Pilih: {known}.").format(
                    value=value, known=", ".join(allowed)
                ),
            )
        return value


def shipped_table(filename: str) -> Path:
    return resources_dir() / "data" / filename


def office_table(home: Path | None, filename: str) -> Path | None:
    """The office's own copy in its data folder, if it has one."""
    if home is None:
        return None
    path = Path(home) / filename
    return path if path.is_file() else None


def read_table(path: Path, columns: Iterable[str]) -> list[Row]:
    """Every non-empty row of a UTF-8 CSV table (Excel's BOM allowed) that has ``columns``."""
    try:
        if os.path.getsize(path) > MAX_TABLE_BYTES:
            raise DataFileError(
                _("Berkas {file} terlalu besar untuk sebuah tabel rujukan.").format(file=path)
            )
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in (reader.fieldnames or [])]
            missing = [c for c in columns if c not in header]
            if missing:
                raise DataFileError(
                    _(
                        "Berkas {file} tidak punya kolom {columns}. Baris pertama harus berisi "
                        "nama kolom: {expected}."
                    ).format(file=path, columns=", ".join(missing), expected=", ".join(columns))
                )
            rows = []
            for raw in reader:
                values = {
                    (k or "").strip(): (v if isinstance(v, str) else "") for k, v in raw.items()
                }
                if any(v.strip() for v in values.values()):
                    rows.append(Row(path, reader.line_num, values))
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(
            _("Berkas {file} tidak dapat dibaca: {reason}.").format(file=path, reason=exc)
        ) from None


def file_version(path: Path | None) -> tuple[str, int, int] | None:
    """A cache key that changes when the file is edited."""
    if path is None:
        return None
    stat = path.stat()
    return (str(path), stat.st_mtime_ns, stat.st_size)

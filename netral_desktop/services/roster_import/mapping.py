"""Which column holds which field: the fields and their header names, finding the header row
below any title rows (a merged two-row header too), and mappings chosen by a person or kept
in a mapping file (JSON) for the next file from the same agency."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netral_desktop.core.errors import EmptySheet, MappingError, NoNameColumn, SpreadsheetError
from netral_desktop.core.roster import clean_text
from netral_desktop.i18n import N_, _

if TYPE_CHECKING:
    from netral_desktop.services.roster_import.read import SheetTable

HEADER_SEARCH_ROWS = 40
MAPPING_FORMAT = "netral-roster-mapping"


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


def cell_text(value: Any) -> str:
    return clean_text(value) if value is not None else ""


def file_unreadable(path: Path, exc: OSError) -> SpreadsheetError:
    """A file (spreadsheet or mapping file) that cannot be read at all."""
    return SpreadsheetError(
        _("Berkas {path} tidak dapat dibaca: {reason}.").format(
            path=path, reason=exc.strerror or exc
        ),
        code="file_unreadable",
    )


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


def _row_labels(rows: Sequence[tuple[Any, ...]], index: int) -> tuple[list[str], bool]:
    """The column labels if row ``index`` is the header, and whether the next row is a second
    header row (merged group headers above sub-headers such as PANGKAT | GOL/RUANG)."""
    upper = [cell_text(v) for v in rows[index]]
    lower = [cell_text(v) for v in rows[index + 1]] if index + 1 < len(rows) else []
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


_SUBHEADER_WORDS = frozenset({"L", "P", "TMT", "NO", "NAMA", "GELAR", "KET", "KETERANGAN"})


def is_header_label(text: str) -> bool:
    """Whether a cell's text is a column title (``NAMA``, ``NIP``, ``GOL. RUANG``, ``L``)."""
    label = normalise_header(text)
    return bool(label) and (label in _SUBHEADER_WORDS or match_field(label) is not None)


def _is_subheader(upper: list[str], lower: list[str], raw_lower: tuple[Any, ...]) -> bool:
    """Whether the row under a header row holds sub-headers (``NAMA | NIP`` under a merged
    ``NAMA / NIP``) rather than the first person."""
    if not any(lower) or is_numbering(raw_lower):
        return False
    if sum(1 for up in upper if up) < 2:
        return False  # a title over the table (one merged cell), not a row of group headers
    if any(isinstance(v, int | float) for v in raw_lower if v is not None and v != ""):
        return False
    name_col = next(
        (i for i, label in enumerate(upper) if match_field(normalise_header(label)) == "full_name"),
        None,
    )
    if name_col is not None and lower[name_col] and not is_header_label(lower[name_col]):
        return False  # a name under the name header: that is data
    filled = [low for low in lower if low]
    titles = [low for low in filled if is_header_label(low)]
    # Mostly titles: a data row has at most a word or two that happen to be one.
    return bool(titles) and len(titles) * 2 >= len(filled)


def is_numbering(row: tuple[Any, ...]) -> bool:
    """The row of column numbers (1 2 3 ... or (1) (2) ...) printed under many headers."""
    numbers = []
    for value in row:
        if value is None or value == "":
            continue
        if type(value) is float and value.is_integer():
            value = int(value)  # calamine reads every number as a float
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


def find_header(rows: Sequence[tuple[Any, ...]]) -> ColumnMapping | None:
    best: ColumnMapping | None = None
    best_score = 0
    for index in range(min(len(rows), HEADER_SEARCH_ROWS)):
        if not any(cell_text(v) for v in rows[index]):
            continue
        labels, two_rows = _row_labels(rows, index)
        columns = _mapping_from_labels(labels)
        if "full_name" not in columns:
            continue
        score = len(columns)
        if score > best_score:
            header_row = index + (2 if two_rows else 1)
            data_start = header_row + 1
            while data_start - 1 < len(rows) and is_numbering(rows[data_start - 1]):
                data_start += 1
            best = ColumnMapping(columns, labels, header_row, data_start)
            best_score = score
    return best


def _mapping_of(rows: Sequence[tuple[Any, ...]], index: int) -> ColumnMapping:
    labels, two_rows = _row_labels(rows, index)
    header_row = index + (2 if two_rows else 1)
    data_start = header_row + 1
    while data_start - 1 < len(rows) and is_numbering(rows[data_start - 1]):
        data_start += 1
    return ColumnMapping(_mapping_from_labels(labels), labels, header_row, data_start, False)


def mapping_at(table: SheetTable, header_row: int) -> ColumnMapping:
    """The mapping when a person says the header is at ``header_row`` (1-based): that row
    with a sub-header row below it, or, when ``header_row`` is itself the sub-header row of
    the row above (a merged group over it), both together; whichever maps more fields."""
    rows = table.rows
    if not 1 <= header_row <= len(rows):
        raise MappingError(_("Baris judul {row} tidak ada di lembar ini.").format(row=header_row))
    candidates = [_mapping_of(rows, header_row - 1)]
    if header_row >= 2:
        above = _mapping_of(rows, header_row - 2)
        if above.header_row == header_row:  # the row above is a group header over this one
            candidates.append(above)
    best = max(candidates, key=lambda m: ("full_name" in m.columns, len(m.columns)))
    return ColumnMapping(best.columns, best.headers, header_row, best.data_start, detected=False)


def detect_mapping(table: SheetTable) -> ColumnMapping:
    """Find the header row and the field of each column; NoNameColumn when there is no name."""
    if not any(cell_text(v) for row in table.rows for v in row):
        raise EmptySheet(
            _("Lembar '{sheet}' di {name} kosong. Tidak ada yang diimpor.").format(
                sheet=table.sheet, name=table.name
            )
        )
    found = find_header(table.rows)
    if found is None:
        seen = [
            cell_text(v)
            for row in table.rows[:HEADER_SEARCH_ROWS]
            if sum(1 for v in row if cell_text(v)) >= 2
            for v in row
            if cell_text(v)
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
        # The labels as the dialog showed them (a merged group header over this row, or
        # sub-headers under it, combined), so a mapping saved from it reads back.
        at = mapping_at(table, header_row)
        data_start = spec.get("data_start") or at.data_start
        while data_start - 1 < len(table.rows) and is_numbering(table.rows[data_start - 1]):
            data_start += 1
        base = ColumnMapping({}, at.headers, header_row, data_start, detected=False)
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
        raise file_unreadable(Path(path), exc) from exc
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
    from netral_desktop.services.files import write_file

    write_file(Path(path), json.dumps(spec, indent=2, ensure_ascii=False).encode("utf-8"))

"""Importing the spreadsheets agencies send: .xlsx and .csv, as they really are.

The steps, each callable on its own so the window can show and change what was detected:

1. ``read_table(path)``: check the file (size, kind, password protection, and what it holds:
   ``limits``, bounded memory whatever it declares) and read every cell of one sheet
   (python-calamine for .xlsx, .xlsm, .xls and .ods, 18-digit integers exact; CSV with comma,
   semicolon or tab, UTF-8 or Windows-1252).
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

The modules, in the order of the steps: ``limits`` (what a file holds, before it is opened),
``read`` (files into a ``SheetTable``), ``mapping``
(fields, header detection, mapping files), ``check`` (rows, without the database), ``match``
(rows against the roster; who is who is decided by ``core.identity``), ``write`` (the
database stage in one transaction, timed by ``python -m benchmarks.roster``, and its audit
entries), and ``export`` (refused rows back to an .xlsx or .csv for the agency, every cell
as text). The import's statements are the store's (store/people/import_rows.py for the
lookups, store/people/bulk.py for the writes), on SQLite or PostgreSQL. What the program
and the tests use is imported here.
"""

from netral_desktop.services.roster_import.check import RowResult, check_row, check_rows
from netral_desktop.services.roster_import.export import cell_as_text, export_refused
from netral_desktop.services.roster_import.mapping import (
    FIELD_KEYS,
    FIELDS,
    HEADER_SEARCH_ROWS,
    MAPPING_FORMAT,
    ColumnMapping,
    FieldSpec,
    detect_mapping,
    field_label,
    load_mapping_file,
    mapping_at,
    mapping_from_spec,
    match_field,
    normalise_header,
    save_mapping_file,
)
from netral_desktop.services.roster_import.read import (
    MAX_FILE_BYTES,
    SheetTable,
    read_table,
)
from netral_desktop.services.roster_import.write import (
    ImportResult,
    import_file,
    preview,
    run_import,
)
from netral_desktop.store.people.bulk import PERSON_COLUMNS

__all__ = [
    "FIELDS",
    "FIELD_KEYS",
    "HEADER_SEARCH_ROWS",
    "MAPPING_FORMAT",
    "MAX_FILE_BYTES",
    "PERSON_COLUMNS",
    "ColumnMapping",
    "FieldSpec",
    "ImportResult",
    "RowResult",
    "SheetTable",
    "cell_as_text",
    "check_row",
    "check_rows",
    "detect_mapping",
    "export_refused",
    "field_label",
    "import_file",
    "load_mapping_file",
    "mapping_at",
    "mapping_from_spec",
    "match_field",
    "normalise_header",
    "preview",
    "read_table",
    "run_import",
    "save_mapping_file",
]

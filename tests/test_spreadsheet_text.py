"""Text from outside never becomes a formula in a spreadsheet the program writes."""

import zipfile

from openpyxl import load_workbook

from netral_desktop.core.spreadsheet_text import csv_text, formula_like
from netral_desktop.services.roster_export import write_xlsx

HOSTILE = ['=HYPERLINK("http://x","klik")', "+62 812", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]


def test_formula_like_texts_are_recognised_and_plain_ones_are_not():
    assert all(formula_like(text) for text in HOSTILE)
    assert not formula_like("Budi Santoso")
    assert not formula_like(-5)  # a number the program wrote itself
    assert csv_text("=1+1") == "'=1+1"
    assert csv_text("Budi") == "Budi"


def test_xlsx_written_by_the_program_holds_hostile_names_as_text(tmp_path):
    path = write_xlsx(
        tmp_path / "daftar.xlsx",
        title="Pegawai",
        headers=["Nama", "NIP"],
        rows=[[text, "197903102005011003"] for text in HOSTILE],
        text_columns={1},
    )
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml
    values = [row for row in load_workbook(path).active.iter_rows(min_row=2, values_only=True)]
    # XML keeps every character except that a carriage return reads back as a line feed.
    assert [row[0] for row in values] == [text.replace("\r", "\n") for text in HOSTILE]
    assert {row[1] for row in values} == {"197903102005011003"}

"""The roster pages as a secretary uses them: search as you type, filters, a person's record
with its history, importing an agency's messy spreadsheet, the printed staff list."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from netral_desktop.demo.roster import add_demo_roster
from netral_desktop.services import roster
from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog
from netral_desktop.ui.widgets import number
from tests.ui.conftest import answer_file_dialogs


@pytest.fixture
def roster_window(main_window):  # type: ignore[no-untyped-def]
    add_demo_roster(main_window._ctx, "small", seed=7)
    return main_window


def _names(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.model.index(r, 0).data() for r in range(page.model.rowCount())]


def test_search_as_you_type_and_count(qtbot, roster_window) -> None:  # type: ignore[no-untyped-def]
    page = roster_window.show_page("roster")
    everyone = roster.count(roster_window._ctx)
    qtbot.waitUntil(lambda: page.count_label.text() == f"{number(everyone)} orang")
    first = roster.search(roster_window._ctx, limit=1)[0]
    word = first.full_name.split(",")[0].split()[-1][:5]
    qtbot.keyClicks(page.search, word.lower())
    names = _names(page)
    assert names and all(word.lower() in n.lower() for n in names)
    qtbot.waitUntil(lambda: page.count_label.text() == f"{number(len(names))} orang")
    nip = next(r.nip for r in roster.search(roster_window._ctx, limit=50) if r.nip)
    page.search.setText(f"{nip[:8]} {nip[8:14]}")  # typed with a space, as printed
    assert nip in [page.model.index(r, 1).data() for r in range(page.model.rowCount())]


def test_filters_and_problems_only(qtbot, roster_window) -> None:  # type: ignore[no-untyped-def]
    page = roster_window.show_page("roster")
    agency_index = 1  # the first agency in the filter
    page.agency.setCurrentIndex(agency_index)
    agency_name = page.agency.currentText().rsplit(" (", 1)[0]
    assert {page.model.index(r, 6).data() for r in range(page.model.rowCount())} == {agency_name}
    page.agency.setCurrentIndex(0)
    page.problems_only.setChecked(True)
    notes = [page.model.index(r, 7).data() for r in range(page.model.rowCount())]
    assert notes and all(notes)


def test_sorting_is_done_by_the_database(qtbot, roster_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    page = roster_window.show_page("roster")
    page.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)  # pangkat/golongan
    expected = roster.search(roster_window._ctx, sort=roster.RosterSort("pangkat", True), limit=5)
    assert _names(page)[:5] == [r.full_name for r in expected]


def test_add_a_person_with_a_wrong_nip_then_right(qtbot, roster_window) -> None:  # type: ignore[no-untyped-def]
    page = roster_window.show_page("roster")
    dialog = page.open_person(None)
    qtbot.addWidget(dialog)
    dialog.inputs["full_name"].setText("Andi Ma'ruf, S.H.")
    dialog.inputs["nip"].setText("19850230 201001 1 002")  # 30 February
    dialog.save()
    assert "19850230" in dialog.error.text()
    assert not dialog.saved
    dialog.inputs["nip"].setText("19850210 201001 1 002")
    dialog.save()
    assert dialog.saved
    page.search.setText("andi ma'ruf")
    assert _names(page) == ["Andi Ma'ruf, S.H."]
    page.table.selectRow(0)
    again = page.edit_selected()
    qtbot.addWidget(again)
    assert again.birth_date.value() == date(1985, 2, 10)  # from the NIP
    again.inputs["jabatan"].setText("Analis Hukum")
    again.save()
    page.table.selectRow(0)  # the list reloaded after the save
    third = page.edit_selected()
    qtbot.addWidget(third)
    history = third.history.toPlainText()
    assert "menambah" in history and "Analis Hukum" in history


def _messy_sheet(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "DAFTAR PEGAWAI DINAS PENDIDIKAN"
    sheet.merge_cells("A1:E1")
    sheet.append([])
    sheet.append(["NO", "NAMA PEGAWAI", "NIP/NRPTK", "JABATAN", "OPD"])
    sheet.append([1, "Sri Wahyuningsih, S.Pd.", "19780312.200212.2.004", "Guru", "Dinas Uji"])
    sheet.append([2, "Budi Hartono", 1.97803122002122e17, "Guru", "Dinas Uji"])
    sheet.append([3, "Hj. Siti Aminah, S.Ag.", "", "Guru Agama", "Dinas Uji"])
    sheet.append(["JUMLAH", None, None, None, None])
    book.save(path)
    return path


def test_import_dialog_checks_then_imports_all_or_nothing(
    qtbot, monkeypatch, roster_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui import roster_import_dialog as module

    source = _messy_sheet(tmp_path / "dinas.xlsx")
    refused_out = tmp_path / "ditolak.xlsx"
    answer_file_dialogs(monkeypatch, open=source, save=refused_out)
    monkeypatch.setattr(module, "show_info", lambda *a: None)
    page = roster_window.show_page("roster")
    before = roster.count(roster_window._ctx)
    dialog = page.import_file()
    qtbot.addWidget(dialog)
    mapped = {c.currentData() for c in dialog.combos}
    assert {"full_name", "nip", "jabatan", "agency"} <= mapped
    dialog.check_button.click()
    assert "2 ditambah" in dialog.summary.text() and "1 ditolak" in dialog.summary.text()
    assert roster.count(roster_window._ctx) == before  # a check writes nothing
    problem = [dialog.rows_model.index(r, 4).data() for r in range(dialog.rows_model.rowCount())]
    assert any("1.97803E+17" in p for p in problem)
    dialog.import_button.click()
    assert dialog.imported
    assert roster.count(roster_window._ctx) == before + 2
    dialog.refused_button.click()
    assert refused_out.exists()


def test_not_a_spreadsheet_is_refused_in_the_dialog(
    qtbot, monkeypatch, roster_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]

    fake = tmp_path / "daftar.xlsx"
    fake.write_bytes(b"%PDF-1.4 bukan spreadsheet")
    answer_file_dialogs(monkeypatch, open=fake)
    dialog = roster_window.show_page("roster").import_file()
    qtbot.addWidget(dialog)
    assert dialog.error.text()
    assert not dialog.check_button.isEnabled()


def test_agency_papers_are_previewed_then_issued_when_saved(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch, roster_window, tmp_path
) -> None:
    from netral_desktop.services import documents
    from netral_desktop.ui import pdf_preview_dialog

    shown: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    monkeypatch.setattr(pdf_preview_dialog, "show_info", lambda *a, **k: None)
    page = roster_window.show_page("agencies")
    assert page.model.rowCount() > 0
    page.table.selectRow(0)
    page.print_button.click()
    assert len(shown) == 1 and shown[0].page_labels
    assert documents.list_issued(roster_window._ctx) == []  # looking issues nothing
    target = tmp_path / "daftar.pdf"
    answer_file_dialogs(monkeypatch, save=target)
    shown[0].save_pdf()
    issued = documents.list_issued(roster_window._ctx)[0]
    assert issued.form == "daftar_pegawai"
    assert issued.record_label == page.model.index(0, 0).data()
    assert target.read_bytes() == documents.issued_pdf(roster_window._ctx, issued.code)
    page.print_button.click()  # reopening shows the issued copy
    assert issued.code in shown[1].windowTitle()
    page.pakta_button.click()  # the agency's pakta integritas, a draft too
    assert len(shown) == 3 and "Pakta Integritas" in shown[2].windowTitle()
    assert len(documents.list_issued(roster_window._ctx)) == 1


def test_the_page_builds_without_a_background_error(qtbot, admin) -> None:  # type: ignore[no-untyped-def]
    """Regression: the table asked for its first page before the page knew its query."""
    from netral_desktop.ui.pages.roster_page import RosterPage
    from netral_desktop.ui.tasks import InlineTaskRunner

    runner = InlineTaskRunner()
    errors: list[BaseException] = []
    runner.default_error_handler = errors.append
    page = RosterPage(admin, runner)
    qtbot.addWidget(page)
    page.refresh()
    assert errors == []

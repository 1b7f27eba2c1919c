"""The import dialog on the layouts agencies send (issue 9, item 6): the preview lists every
row with its outcome, filterable; a new header row or sheet maps and checks again, with
Impor off meanwhile; the default agency completes from the agency list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from netral_desktop.services import roster
from tests.services.roster_layouts import LAYOUTS, Layout, write
from tests.ui.conftest import answer_file_dialogs

SHOTS = Path(__file__).resolve().parent / "shots"


def _open(qtbot, monkeypatch, main_window, path: Path):  # type: ignore[no-untyped-def]

    answer_file_dialogs(monkeypatch, open=path)
    dialog = main_window.show_page("roster").import_file()
    qtbot.addWidget(dialog)
    return dialog


def _shot(dialog, name: str) -> None:  # type: ignore[no-untyped-def]
    """Look at them: mkdir tests/ui/shots, run these tests, open the PNGs."""
    if SHOTS.is_dir():
        from PySide6.QtWidgets import QApplication

        dialog.resize(1280, 720)
        QApplication.processEvents()  # the mapping's new widgets are shown by a queued call
        dialog.grab().save(str(SHOTS / f"{name}.png"))


def _outcomes(dialog) -> dict[int, str]:  # type: ignore[no-untyped-def]
    model = dialog.rows_model
    return {
        int(model.index(r, 0).data()): model.index(r, 3).data() for r in range(model.rowCount())
    }


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_each_layout_is_previewed_row_by_row(  # type: ignore[no-untyped-def]
    key: str, qtbot, monkeypatch, main_window, tmp_path
) -> None:
    layout = LAYOUTS[key]()
    dialog = _open(qtbot, monkeypatch, main_window, write(layout, tmp_path / f"{key}.xlsx"))
    dialog.resize(1280, 720)
    # Read, mapped and checked at once: every row with its outcome, none refused.
    outcomes = _outcomes(dialog)
    assert sum(1 for o in outcomes.values() if o == "ditambah") == len(layout.people)
    assert {n for n, o in outcomes.items() if o == "dilewati"} == set(layout.skipped)
    assert "DITOLAK" not in outcomes.values()
    assert dialog.import_button.isEnabled()
    _shot(dialog, f"impor_{key}")


def test_the_filter_shows_one_outcome(qtbot, monkeypatch, main_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(
        qtbot, monkeypatch, main_window, write(LAYOUTS["jumlah_pemisah"](), tmp_path / "j.xlsx")
    )
    everything = dialog.rows_model.rowCount()
    dialog.outcome_filter.setCurrentText("Dilewati (judul, jumlah, tanda tangan)")
    skipped = dialog.rows_model.rowCount()
    assert set(_outcomes(dialog).values()) == {"dilewati"}
    dialog.outcome_filter.setCurrentText("Ditambah")
    assert set(_outcomes(dialog).values()) == {"ditambah"}
    assert skipped + dialog.rows_model.rowCount() == everything
    _shot(dialog, "impor_saring_ditambah")
    reasons = {dialog.rows_model.index(r, 4).data() for r in range(skipped)}
    assert reasons  # the reason of each skipped row is shown
    dialog.outcome_filter.setCurrentText("Dilewati (judul, jumlah, tanda tangan)")
    assert {dialog.rows_model.index(r, 4).data() for r in range(skipped)} == {
        "judul bagian",
        "baris jumlah",
        "tanda tangan",
    }


class HeldRunner:
    """Holds the tasks back until released: what the user sees while a check runs."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.held = inner, []

    def run(self, work: Callable[[], Any], **kwargs: Any) -> None:
        self.held.append((work, kwargs))

    def release(self) -> None:
        while self.held:
            work, kwargs = self.held.pop(0)
            self.inner.run(work, **kwargs)


def test_a_new_header_row_maps_and_checks_again_with_impor_off_meanwhile(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch, main_window, tmp_path
) -> None:
    dialog = _open(
        qtbot, monkeypatch, main_window, write(LAYOUTS["dua_tingkat"](), tmp_path / "d.xlsx")
    )
    mapped = [c.currentData() for c in dialog.combos]
    assert mapped[:5] == [None, "full_name", "nip", "pangkat", "golongan"]
    assert dialog.header_row.value() == 6 and dialog.import_button.isEnabled()
    held = HeldRunner(dialog._runner)
    dialog._runner = held
    dialog.header_row.setValue(5)  # the group row: the same columns, F-H included
    dialog._header_row_changed()
    assert not dialog.import_button.isEnabled()
    assert dialog.rows_model.rowCount() == 0  # no stale preview
    _shot(dialog, "impor_judul_diubah_belum_diperiksa")
    held.release()
    assert [c.currentData() for c in dialog.combos] == mapped
    assert dialog.import_button.isEnabled()
    outcomes = _outcomes(dialog)
    assert outcomes.get(6, "dilewati") == "dilewati"  # the sub-header row: never a person
    assert sum(1 for o in outcomes.values() if o == "ditambah") == 4
    # A hand change of the mapping turns Impor off too.
    dialog.combos[2].setCurrentIndex(0)
    assert not dialog.import_button.isEnabled()


def test_no_identifier_column_is_said_at_the_top_and_impor_asks(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch, main_window, tmp_path
) -> None:
    from netral_desktop.ui import roster_import_dialog as module

    layout = Layout("x", "x", [["NAMA", "JABATAN"], ["Budi Santoso", "Staf"]])
    dialog = _open(qtbot, monkeypatch, main_window, write(layout, tmp_path / "x.xlsx"))
    assert dialog.warning.isVisibleTo(dialog) and "NIP" in dialog.warning.text()
    _shot(dialog, "impor_tanpa_nip")
    asked: list[str] = []
    monkeypatch.setattr(module, "confirm", lambda *a, **k: asked.append(a[2]) or False)
    before = roster.count(main_window._ctx)
    dialog.import_button.click()
    assert asked and roster.count(main_window._ctx) == before  # declined: nothing imported
    monkeypatch.setattr(module, "confirm", lambda *a, **k: True)
    dialog.import_button.click()
    assert roster.count(main_window._ctx) == before + 1


def test_default_agency_completes_from_the_agency_list(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch, main_window, tmp_path
) -> None:
    roster.create_agency(main_window._ctx, roster.AgencyFields(name="Dinas Pendidikan"))
    dialog = _open(
        qtbot, monkeypatch, main_window, write(LAYOUTS["satu_baris"](), tmp_path / "s.xlsx")
    )
    completer = dialog.agency.completer()
    completer.setCompletionPrefix("pendid")
    assert completer.currentCompletion() == "Dinas Pendidikan"


def test_another_sheet_maps_and_checks_again_with_impor_off_meanwhile(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch, main_window, tmp_path
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "PNS"
    for row in LAYOUTS["satu_baris"]().rows:
        first.append(row)
    second = book.create_sheet("PPPK")
    for row in (["NO", "JABATAN", "NAMA PEGAWAI"], [1, "Guru", "Rina Kartika"]):
        second.append(row)
    book.save(tmp_path / "dua_lembar.xlsx")
    dialog = _open(qtbot, monkeypatch, main_window, tmp_path / "dua_lembar.xlsx")
    assert dialog.sheet.currentText() == "PNS" and dialog.import_button.isEnabled()
    held = HeldRunner(dialog._runner)
    dialog._runner = held
    dialog.sheet.setCurrentText("PPPK")
    dialog.sheet.activated.emit(1)
    assert not dialog.import_button.isEnabled() and dialog.rows_model.rowCount() == 0
    held.release()
    assert [c.currentData() for c in dialog.combos] == [None, "jabatan", "full_name"]
    assert _outcomes(dialog) == {2: "ditambah"} and dialog.import_button.isEnabled()


def test_the_roster_page_exports_csv_for_excel(qtbot, monkeypatch, main_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.pages import roster_page as module

    roster.create_person(main_window._ctx, roster.PersonFields(full_name="=Budi Santoso"))
    target = tmp_path / "pegawai.csv"
    answer_file_dialogs(monkeypatch, save=target)
    monkeypatch.setattr(module, "show_info", lambda *a: None)
    main_window.show_page("roster").export_view()
    data = (tmp_path / "pegawai.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfNo;Nama;")
    assert b";'=Budi Santoso;" in data  # text, never a formula

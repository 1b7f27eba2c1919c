"""Empty pages say what to do; buttons that act on a chosen row wait for one."""

from __future__ import annotations

from netral_desktop.services import documents
from tests.conftest import ready_for_letters
from tests.ui.test_documents_page import LETTER


def test_the_documents_page_says_what_to_do_and_buka_waits_for_a_choice(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    page = main_window.show_page("documents")
    hint = page.empty_hint.label
    assert hint.isVisible() and hint.text().startswith("Belum ada dokumen terbit.")
    assert "«Dokumen baru…»" in hint.text()
    assert not page.open_button.isEnabled()
    page.search.setText("tidak ada yang seperti ini")
    page.refresh()
    assert hint.text().startswith("Tidak ada dokumen yang cocok")
    page.search.clear()
    record = documents.RecordData(
        "surat_dinas", "x", "Undangan", {**LETTER, "kepada": ["Bupati Bantul"], "isi": ["Isi."]}
    )
    ready_for_letters(main_window._ctx)
    documents.issue(main_window._ctx, "surat_dinas", record.id, data=record)
    page.refresh()
    assert page.model.rowCount() == 1 and not hint.isVisible()
    assert not page.open_button.isEnabled()
    page.table.selectRow(0)
    assert page.open_button.isEnabled()


def test_the_roster_agencies_and_pledges_say_what_to_do(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    roster_page = main_window.show_page("roster")
    assert roster_page.empty_hint.label.isVisible()
    assert "«Impor dari spreadsheet…»" in roster_page.empty_hint.label.text()
    agencies = main_window.show_page("agencies")
    assert "«Tambah instansi…»" in agencies.empty_hint.label.text()
    pledges = main_window.show_page("pledges")
    events_hint = pledges.events_panel.empty_hint.label
    assert events_hint.isVisible() and "«Acara baru…»" in events_hint.text()

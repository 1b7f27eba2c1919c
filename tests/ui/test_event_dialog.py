"""The event form invites the agencies ticked under "Instansi yang diundang" when it is saved,
and says beforehand, at every tick, how many people that will be."""

from __future__ import annotations

from PySide6.QtCore import Qt

from netral_desktop.services import pledge, roster
from tests.ui.conftest import ceremony_of_one_agency


def _tick(dialog, agency_id: str, checked: bool = True) -> None:  # type: ignore[no-untyped-def]
    for row in range(dialog.invited.count()):
        item = dialog.invited.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == agency_id:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            return
    raise AssertionError(agency_id)


def _active_people(ctx, agency_id: str) -> int:  # type: ignore[no-untyped-def]
    return roster.count(ctx, "", roster.RosterFilter(agency_id=agency_id))


def test_ticked_agencies_are_invited_on_save_with_a_live_count(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    ctx = main_window._ctx
    _event, first = ceremony_of_one_agency(ctx, "Ikrar Netralitas ASN Uji")
    second = roster.list_agencies(ctx)[1]
    page = main_window.show_page("pledges")
    dialog = page.open_event(None)
    qtbot.addWidget(dialog)
    assert "tidak ada yang diundang" in dialog.invite_count.text()
    _tick(dialog, first.id)
    people = _active_people(ctx, first.id)
    assert people > 0
    assert dialog.invite_count.text() == f"{people} orang akan diundang saat disimpan."
    _tick(dialog, second.id)
    both = people + _active_people(ctx, second.id)
    assert dialog.invite_count.text() == f"{both} orang akan diundang saat disimpan."
    dialog.inputs["title"].setText("Apel Ikrar Netralitas Dua Instansi")
    dialog.save()
    assert dialog.saved_id is not None
    assert pledge.counts(ctx, dialog.saved_id).invited == both
    assert page.view.count_labels["invited"].text() == str(both)

    # Changing it later: a newly ticked agency is invited; those on the list are counted.
    third = roster.list_agencies(ctx)[2]
    edit = page.open_event(page.view.current_event)
    qtbot.addWidget(edit)
    assert (
        edit.invite_count.text()
        == f"0 orang akan diundang saat disimpan. {both} orang sudah ada di daftar."
    )
    _tick(edit, third.id)
    more = _active_people(ctx, third.id)
    assert edit.invite_count.text().startswith(f"{more} orang akan diundang saat disimpan.")
    edit.save()
    assert pledge.counts(ctx, dialog.saved_id).invited == both + more

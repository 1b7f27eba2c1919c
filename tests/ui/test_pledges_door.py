"""At the door, beyond the list: people of the roster who were not invited are offered
("bukan undangan") and added as walk-ins with their roster details in two keys; the walk-in
dialog looks people up in the roster; candidates are short lines that leave the invitee table
most of its rows; undo says whose mark it took back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from netral_desktop.services import pledge, roster
from tests.ui.conftest import ceremony_of_one_agency


@pytest.fixture
def door(main_window, monkeypatch):  # type: ignore[no-untyped-def]
    """The event view of a ceremony inviting one agency of a small roster, at 1280x720 (the
    question asked before marking another day's event answered yes)."""
    from netral_desktop.ui.pages.pledges import door_panel

    monkeypatch.setattr(door_panel, "confirm", lambda *args, **kwargs: True)
    ctx = main_window._ctx
    event, agency = ceremony_of_one_agency(ctx, "Ikrar Netralitas ASN Uji")
    main_window.resize(1280, 720)
    page = main_window.show_page("pledges")
    page.when.setCurrentIndex(page.when.findData("all"))
    page.events_table.selectRow(0)
    QApplication.processEvents()
    return ctx, page.view, event, agency


def _not_invited(ctx, agency):  # type: ignore[no-untyped-def]
    """A person of the roster from another agency, with a name no invitee shares."""
    invited = {
        p.full_name.split(",")[0]
        for p in roster.search(ctx, "", limit=2000)
        if p.agency_id == agency.id
    }
    for person in roster.search(ctx, "", limit=2000):
        if (
            person.agency_id != agency.id
            and person.nip
            and person.full_name.split(",")[0] not in invited
        ):
            return person
    raise AssertionError("the demo roster has people of other agencies")


def _count(view, key: str) -> str:  # type: ignore[no-untyped-def]
    return view.count_labels[key].text()


def test_a_roster_person_not_invited_is_added_as_a_walk_in_in_two_keys(qtbot, door) -> None:  # type: ignore[no-untyped-def]
    ctx, view, event, agency = door
    person = _not_invited(ctx, agency)
    typed = person.full_name.split(",")[0].lower()
    qtbot.keyClicks(view.mark_input, typed)
    qtbot.keyClick(view.mark_input, Qt.Key.Key_Return)
    assert "bukan undangan" in view.mark_message.text()
    assert "#b00020" not in view.mark_message.styleSheet()  # an offer, not shown as an error
    lines = [view.candidates.item(r).text() for r in range(view.candidates.count())]
    assert lines[0] == f"{person.full_name} · {person.nip} · {person.agency_name} — bukan undangan"
    assert view.candidates.hasFocus()

    qtbot.keyClick(view.candidates, Qt.Key.Key_Return)  # one key: the walk-in dialog
    dialog = view.door.walk_in_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.full_name.text() == person.full_name  # as the roster spells it
    assert dialog.nip.text() == person.nip
    assert dialog.agency.currentText() == person.agency_name
    assert dialog.person == person and person.full_name in dialog.linked.text()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.focusWidget() is ok
    qtbot.keyClick(ok, Qt.Key.Key_Return)  # the second: added and marked present
    assert not dialog.isVisible()
    assert _count(view, "walk_ins") == "1"
    walk_ins = pledge.list_invitees(ctx, event.id, walk_ins_only=True)
    assert [(w.full_name, w.person_id, w.status) for w in walk_ins] == [
        (person.full_name, person.id, "hadir")
    ]
    assert person.full_name in view.mark_message.text()
    assert view.mark_input.text() == "" and not view.candidates.isVisible()


def test_the_walk_in_dialog_looks_people_up_in_the_roster(qtbot, door) -> None:  # type: ignore[no-untyped-def]
    ctx, view, event, agency = door
    person = _not_invited(ctx, agency)
    typed = person.full_name.split(",")[0].lower()
    view.mark_input.setText(typed)
    dialog = view.add_walk_in()
    assert dialog.full_name.text() == typed  # a new person: what was typed, to correct
    assert dialog.focusWidget() is dialog.full_name
    assert dialog.person is None
    # What was typed is looked up in the roster at once.
    qtbot.waitUntil(lambda: dialog.lookup_results.isVisible())
    found = [dialog.lookup_results.item(r).text() for r in range(dialog.lookup_results.count())]
    assert f"{person.full_name} · {person.nip} · {person.agency_name}" in found
    row = found.index(f"{person.full_name} · {person.nip} · {person.agency_name}")
    dialog.lookup.setFocus()
    qtbot.keyClick(dialog.lookup, Qt.Key.Key_Return)  # to the results, not Save
    assert dialog.isVisible() and dialog.lookup_results.hasFocus()
    dialog.lookup_results.setCurrentRow(row)
    qtbot.keyClick(dialog.lookup_results, Qt.Key.Key_Return)
    assert (dialog.full_name.text(), dialog.person) == (person.full_name, person)
    assert dialog.unit.text() == person.unit_kerja
    # Filled, not saved: the details are seen before they are added.
    assert dialog.isVisible() and pledge.list_invitees(ctx, event.id, walk_ins_only=True) == []
    results = dialog.lookup_results  # every result in view, none squeezed
    assert results.height() >= min(results.count(), 6) * results.sizeHintForRow(0)
    # Typing over the name unlinks the roster person: what is saved is what is shown.
    qtbot.keyClicks(dialog.full_name, "x")
    assert dialog.person is None and not dialog.linked.isVisible()
    dialog.lookup_results.setCurrentRow(row)
    qtbot.keyClick(dialog.lookup_results, Qt.Key.Key_Return)
    dialog.save()
    walk_ins = pledge.list_invitees(ctx, event.id, walk_ins_only=True)
    assert [(w.full_name, w.person_id) for w in walk_ins] == [(person.full_name, person.id)]


def test_candidates_are_short_lines_and_the_table_keeps_its_rows(qtbot, door) -> None:  # type: ignore[no-untyped-def]
    ctx, view, event, _agency = door
    rows = pledge.list_invitees(ctx, event.id, limit=500)
    table = view.invitee_list.table
    row_height = table.verticalHeader().defaultSectionSize()
    rows_before = table.viewport().height() // row_height
    first_words = [r.full_name.split()[0] for r in rows]
    common = max(set(first_words), key=first_words.count)
    qtbot.keyClicks(view.mark_input, common)
    qtbot.keyClick(view.mark_input, Qt.Key.Key_Return)
    assert view.candidates.isVisible() and view.candidates.count() > 1
    lines = [view.candidates.item(r).text() for r in range(view.candidates.count())]
    for line in lines:
        assert "—" not in line.replace("— bukan undangan", ""), line  # no dash for an empty field
        assert "()" not in line and "· ·" not in line
    assert any(line.endswith("belum ditandai") for line in lines)
    QApplication.processEvents()
    shown = table.viewport().height() // row_height
    assert shown >= 7 and shown >= rows_before - 5, (rows_before, shown)


def test_ctrl_z_says_whose_mark_it_took_back(qtbot, door) -> None:  # type: ignore[no-untyped-def]
    ctx, view, event, _agency = door
    person = next(r for r in pledge.list_invitees(ctx, event.id, limit=500) if r.nip)
    qtbot.keyClicks(view.mark_input, person.nip)
    qtbot.keyClick(view.mark_input, Qt.Key.Key_Return)
    qtbot.keyClick(view.mark_input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    message = view.mark_message.text()
    assert message.startswith(f"Dibatalkan: {person.full_name} (hadir) — {person.nip}")
    assert person.agency_name in message and "ditandai pukul" in message


def test_matching_a_walk_in_lists_people_without_dashes(qtbot, monkeypatch, door) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    ctx, view, event, agency = door
    person = _not_invited(ctx, agency)
    surname = person.full_name.split(",")[0].split()[-1]
    walk_in = pledge.add_walk_in(ctx, event.id, full_name=f"Pak {surname}").invitee
    assert walk_in is not None
    view.invitee_list.walk_ins_only.setChecked(True)
    view.invitee_list.table.selectRow(0)
    offered: list[list[str]] = []

    def get_item(parent, title, label, items, current=0, editable=False):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        return items[0], False

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    view.invitee_list.match_walk_in()
    assert offered and f"{person.full_name} · {person.nip} · {person.agency_name}" in offered[0]
    assert all("—" not in line for line in offered[0])

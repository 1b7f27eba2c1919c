"""The add/edit dialogs of agencies, people and pledge events hand the services their typed
inputs: a new record is saved, and an edit saves the form over the stored record."""

from __future__ import annotations

from netral_desktop.services import pledge, roster


def test_agency_dialog_adds_and_edits(qtbot, main_window, runner) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.pages.agencies_page import AgencyDialog

    ctx = main_window._ctx
    dialog = AgencyDialog(ctx, runner, [])
    qtbot.addWidget(dialog)
    dialog.inputs["name"].setText("  Dinas Kesehatan ")
    dialog.inputs["head_nip"].setText("19680411 199303 1 009")
    dialog.save()
    assert dialog.saved
    agency = roster.find_agency(ctx, "dinas kesehatan")
    assert agency is not None and agency.head_nip == "196804111993031009"
    edit = AgencyDialog(ctx, runner, roster.list_agencies(ctx), agency.id)
    qtbot.addWidget(edit)
    edit.inputs["short_name"].setText("Dinkes")
    edit.inputs["head_nip"].setText("")
    edit.save()
    changed = roster.get_agency(ctx, agency.id)
    assert edit.saved and changed.revision == agency.revision + 1
    assert (changed.short_name, changed.head_nip, changed.name) == ("Dinkes", None, agency.name)


def test_person_dialog_hints_adds_and_edits(qtbot, main_window, runner) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.person_dialog import PersonDialog

    ctx = main_window._ctx
    agency = roster.create_agency(ctx, roster.AgencyFields(name="Dinas Kesehatan"))
    agencies = roster.list_agencies(ctx)
    dialog = PersonDialog(ctx, runner, agencies)
    qtbot.addWidget(dialog)
    dialog.inputs["full_name"].setText("Siti Aminah")
    dialog.inputs["nip"].setText("19900202 201503 2 001")
    dialog._check()
    assert "instansi" in dialog.hints.text().lower()  # no agency chosen yet
    dialog.agency.setCurrentIndex(dialog.agency.findData(agency.id))
    dialog.save()
    assert dialog.saved and dialog.person_id
    person = roster.get_person(ctx, dialog.person_id)
    assert (person.status, person.birth_date, person.agency_id) == ("pns", "1990-02-02", agency.id)
    edit = PersonDialog(ctx, runner, agencies, person.id)
    qtbot.addWidget(edit)
    edit.inputs["jabatan"].setText("Bidan Ahli Pertama")
    edit.save()
    changed = roster.get_person(ctx, person.id)
    assert changed.revision == person.revision + 1 and changed.jabatan == "Bidan Ahli Pertama"
    assert changed.nip == person.nip and changed.agency_id == agency.id


def test_event_dialog_adds_and_edits(qtbot, main_window, runner) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from netral_desktop.ui.event_dialog import EventDialog

    ctx = main_window._ctx
    roster.create_agency(ctx, roster.AgencyFields(name="Dinas Kesehatan"))
    agencies = roster.list_agencies(ctx)
    dialog = EventDialog(ctx, runner, pledge.list_elections(ctx), agencies)
    qtbot.addWidget(dialog)
    dialog.inputs["title"].setText("Apel Ikrar Netralitas ASN")
    dialog.inputs["place"].setText("Aula")
    dialog.invited.item(0).setCheckState(Qt.CheckState.Checked)
    dialog.save()
    assert dialog.saved_id
    event = pledge.get_event(ctx, dialog.saved_id)
    assert event.invited_agencies == [(agencies[0].id, "Dinas Kesehatan")]
    assert event.pledge_text and "{" not in event.pledge_text  # the template, filled in
    edit = EventDialog(ctx, runner, pledge.list_elections(ctx), agencies, event)
    qtbot.addWidget(edit)
    edit.inputs["place"].setText("Pendopo")
    edit.save()
    changed = pledge.get_event(ctx, event.id)
    assert changed.revision == event.revision + 1 and changed.place == "Pendopo"
    assert changed.invited_agencies == event.invited_agencies
    assert changed.pledge_text == event.pledge_text

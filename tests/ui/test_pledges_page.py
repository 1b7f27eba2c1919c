"""The Pledges page at the door: keyboard-first marking, undo, walk-ins, counts, documents,
the signed scan as evidence, and the event form."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from netral_desktop.services import pledge
from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog
from tests.ui.conftest import answer_file_dialogs, ceremony_of_one_agency


@pytest.fixture
def date_questions(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The questions asked before marking an event that is not today (each answered yes)."""
    from netral_desktop.ui.pages.pledges import door_panel

    asked: list[str] = []
    monkeypatch.setattr(
        door_panel, "confirm", lambda parent, title, text, yes, no=None: asked.append(text) or True
    )
    return asked


@pytest.fixture
def event_window(main_window, date_questions):  # type: ignore[no-untyped-def]
    """The main window with a small roster and one event inviting one agency (not on the
    test clock's day: marking it asks once, answered yes)."""
    ctx = main_window._ctx
    event, agency = ceremony_of_one_agency(ctx, "Ikrar Netralitas ASN Uji")
    page = main_window.show_page("pledges")
    page.when.setCurrentIndex(page.when.findData("all"))
    page.events_table.selectRow(0)
    return main_window, page, event, agency


def _count(page, key: str) -> str:  # type: ignore[no-untyped-def]
    return page.view.count_labels[key].text()


def test_marking_at_the_door_with_the_keyboard(qtbot, event_window) -> None:  # type: ignore[no-untyped-def]
    window, page, event, _agency = event_window
    view = page.view
    invited = int(_count(page, "invited").replace(".", ""))
    assert invited > 0 and _count(page, "hadir") == "0"
    person = next(r for r in pledge.list_invitees(window._ctx, event.id, limit=500) if r.nip)
    nip = f"{person.nip[:8]} {person.nip[8:14]} {person.nip[14]} {person.nip[15:]}"
    qtbot.keyClicks(view.mark_input, nip)
    qtbot.keyClick(view.mark_input, Qt.Key.Key_Return)
    assert _count(page, "hadir") == "1"
    assert view.mark_input.text() == ""  # ready for the next person
    assert person.full_name in view.mark_message.text()

    qtbot.keyClicks(view.mark_input, person.nip)  # a scanner types the NIP again
    qtbot.keyClick(view.mark_input, Qt.Key.Key_Return)
    assert _count(page, "hadir") == "1"  # reported, not marked twice
    assert view.mark_input.selectedText() == person.nip

    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _count(page, "hadir") == "0"


def test_ctrl_z_takes_back_the_mark_from_the_field_and_the_table(qtbot, event_window) -> None:  # type: ignore[no-untyped-def]
    window, page, event, _agency = event_window
    view = page.view
    first, second = [r for r in pledge.list_invitees(window._ctx, event.id, limit=500) if r.nip][:2]
    for person in (first, second):
        qtbot.keyClicks(view.mark_input, person.nip)
        qtbot.keyClick(view.mark_input, Qt.Key.Key_Return)
    assert _count(page, "hadir") == "2"

    # In the marking field, with text typed: the mark goes, not the text.
    qtbot.keyClicks(view.mark_input, "abc")
    view.mark_input.setFocus()
    qtbot.keyClick(view.mark_input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _count(page, "hadir") == "1"
    assert second.full_name in view.mark_message.text()
    assert "hadir" in view.mark_message.text()
    assert view.mark_input.text() == "abc"

    # In the invitee table.
    table = view.invitee_list.table
    table.setFocus()
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _count(page, "hadir") == "0"
    assert first.full_name in view.mark_message.text()


def test_an_event_not_today_asks_once_before_marking(qtbot, monkeypatch, event_window) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.pages.pledges import door_panel

    window, page, event, _agency = event_window
    view = page.view
    first, second = [r for r in pledge.list_invitees(window._ctx, event.id, limit=500) if r.nip][:2]
    date_questions: list[str] = []
    answers = [False]  # no, then yes

    def no_then_yes(parent, title, text, yes, no=None):  # type: ignore[no-untyped-def]
        date_questions.append(text)
        return answers.pop(0) if answers else True

    monkeypatch.setattr(door_panel, "confirm", no_then_yes)
    qtbot.keyClicks(view.mark_input, first.nip)
    qtbot.keyClick(view.mark_input, Qt.Key.Key_Return)
    assert len(date_questions) == 1
    assert "bukan hari ini" in date_questions[0] and "2024" in date_questions[0]
    assert _count(page, "hadir") == "0"  # declined: nothing marked, the text stays
    assert view.mark_input.text() == first.nip

    qtbot.keyClick(view.mark_input, Qt.Key.Key_Return)  # asked again, yes this time
    view.mark_input.clear()
    qtbot.keyClicks(view.mark_input, second.nip)
    qtbot.keyClick(view.mark_input, Qt.Key.Key_Return)  # not asked again
    assert _count(page, "hadir") == "2"
    assert len(date_questions) == 2


def test_todays_event_never_asks(qtbot, event_window, date_questions) -> None:  # type: ignore[no-untyped-def]
    window, page, _event, agency = event_window
    ctx = window._ctx
    today = ctx.clock.now().astimezone(page.view.current_event.starts_at.tzinfo)
    event = pledge.create_event(
        ctx,
        pledge.EventFields(
            title="Ikrar Hari Ini",
            starts_at=today.replace(tzinfo=None),
            place="Aula",
            organiser_kind="pemda",
            invited_agency_ids=(agency.id,),
        ),
    )
    pledge.invite(ctx, event.id, pledge.InviteCriteria(agency_ids=(agency.id,)))
    page.view.show_event(event.id)
    view = page.view
    first, second = [r for r in pledge.list_invitees(ctx, event.id, limit=500) if r.nip][:2]
    for person in (first, second):
        qtbot.keyClicks(view.mark_input, person.nip)
        qtbot.keyClick(view.mark_input, Qt.Key.Key_Return)
    assert _count(page, "hadir") == "2"
    assert date_questions == []


def test_ambiguous_name_offers_candidates_chosen_with_enter(qtbot, event_window) -> None:  # type: ignore[no-untyped-def]
    window, page, event, _agency = event_window
    view = page.view
    rows = pledge.list_invitees(window._ctx, event.id, limit=500)
    first_words = [r.full_name.split()[0] for r in rows]
    common = max(set(first_words), key=first_words.count)
    assert first_words.count(common) > 1
    view.mark_input.setText(common)
    view.mark()
    assert view.candidates.isVisible()
    assert view.candidates.count() == first_words.count(common) or view.candidates.count() > 1
    view._choose_candidate(view.candidates.item(0))
    assert _count(page, "hadir") == "1"
    assert not view.candidates.isVisible()


def test_walk_in_is_added_and_counted(qtbot, monkeypatch, event_window) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.pledge_dialogs import WalkInDialog

    _window, page, _event, _agency = event_window
    view = page.view
    view.mark_input.setText("Sutarman Tamu")
    view.mark()
    assert "Sutarman" in view.mark_message.text()  # not on the list

    def exec_(dialog):  # type: ignore[no-untyped-def]
        assert dialog.full_name.text() == "Sutarman Tamu"
        dialog.unit.setText("Kelurahan Trirenggo")
        dialog.save()

    monkeypatch.setattr(WalkInDialog, "open", exec_)
    view.add_walk_in()
    assert _count(page, "walk_ins") == "1"
    page.view.walk_ins_only.setChecked(True)
    names = [view.invitees.index(r, 0).data() for r in range(view.invitees.rowCount())]
    assert names == ["Sutarman Tamu *"]


def test_previews_are_drafts_issued_once_when_saved(  # type: ignore[no-untyped-def]
    qtbot, monkeypatch, event_window, tmp_path
) -> None:
    """Opening a paper issues nothing (a DRAF preview); saving it issues it, once;
    opening it again shows the issued copy; a recap waits for the end of the event."""
    from netral_desktop.services import documents
    from netral_desktop.ui import pdf_preview_dialog

    window, page, _event, _agency = event_window
    ctx = window._ctx
    shown: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    page.view.sheet_button.click()
    page.view.pledge_button.click()
    page.view.recap_button.click()
    assert len(shown) == 3 and all(d.page_labels for d in shown)
    assert documents.list_issued(ctx) == []  # closing a preview issues nothing
    sheet, _naskah, recap = shown
    assert not sheet.draft_note.isHidden()
    assert "DRAF" in sheet.draft_note.text() and sheet.save_button.isEnabled()
    # The event has not ended by the test clock: its recap cannot be issued yet.
    assert not recap.save_button.isEnabled() and not recap.print_button.isEnabled()
    assert "setelah acara selesai" in recap.draft_note.text()

    target = tmp_path / "daftar_hadir.pdf"
    answer_file_dialogs(monkeypatch, save=target)
    monkeypatch.setattr(pdf_preview_dialog, "show_info", lambda *a, **k: None)
    sheet.save_pdf()
    issued = documents.list_issued(ctx)
    assert [d.form for d in issued] == ["ikrar_daftar_hadir"]
    assert sheet.issued.document.code == issued[0].code
    assert target.read_bytes() == documents.issued_pdf(ctx, issued[0].code)
    sheet.save_pdf()  # saving again writes the same issued copy
    assert len(documents.list_issued(ctx)) == 1

    page.view.sheet_button.click()  # reopening shows the issued copy, not a new draft
    reopened = shown[-1]
    assert reopened.draft_note.isHidden() and issued[0].code in reopened.windowTitle()
    assert len(documents.list_issued(ctx)) == 1


def test_signed_scan_is_attached_and_a_text_file_refused(
    qtbot, monkeypatch, event_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QImage

    from netral_desktop.ui.pages.pledges import documents_panel

    _window, page, _event, _agency = event_window
    scan = tmp_path / "daftar-hadir-ttd.png"
    image = QImage(200, 280, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.save(str(scan))
    text_file = tmp_path / "catatan.png"
    text_file.write_text("bukan gambar")
    errors: list[str] = []
    monkeypatch.setattr(
        documents_panel, "show_error", lambda parent, exc, title=None: errors.append(str(exc))
    )
    answer_file_dialogs(monkeypatch, open=[scan])
    page.view.attach()
    assert page.view.evidence.count() == 1
    assert page.view.evidence.item(0).text().startswith("daftar-hadir")
    answer_file_dialogs(monkeypatch, open=[text_file])
    page.view.attach()
    assert errors and page.view.evidence.count() == 1


def test_new_event_from_the_form(qtbot, monkeypatch, event_window) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.event_dialog import EventDialog

    _window, page, _event, _agency = event_window
    page.refresh()
    dialog = page.open_event(None)
    qtbot.addWidget(dialog)
    assert "berikrar" in dialog.pledge_text.toPlainText()
    dialog.inputs["title"].setText("Apel Ikrar Netralitas Kecamatan")
    dialog.inputs["place"].setText("Pendopo Kecamatan")
    dialog.save()
    assert dialog.saved_id is not None
    assert page.view.current_event is not None
    assert page.view.current_event.title == "Apel Ikrar Netralitas Kecamatan"
    assert isinstance(dialog, EventDialog)


def test_deleting_an_event_with_attendance_asks_and_keeps_a_tombstone(
    qtbot, monkeypatch, event_window
) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.pages.pledges import page as pledges_page

    window, page, event, _agency = event_window
    person = pledge.list_invitees(window._ctx, event.id, limit=1)[0]
    pledge.mark_invitee(window._ctx, person.id)
    asked: list[str] = []
    monkeypatch.setattr(
        pledges_page,
        "confirm",
        lambda parent, title, text, yes, no=None: asked.append(text) or True,
    )
    page.view.show_event(event.id)
    page.delete_selected()
    assert asked and "catatan kehadiran" in asked[0]
    assert pledge.list_events(window._ctx) == []
    with window._ctx.db.read_session() as session:
        from sqlalchemy import text

        deleted = session.execute(
            text("SELECT deleted FROM pledge_event WHERE id = :id"), {"id": event.id}
        ).scalar()
    assert deleted

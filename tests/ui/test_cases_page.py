"""The case window walked as an office would: a report recorded by field staff in the new-
case dialog, its steps taken by the koordinator through the step forms (only what the
ruleset allows this role), refusals shown in the form with nothing lost, the reporter's
identity shown only to the koordinator (the view logged) and a pseudonym to staff, the
deadline badge, the overdue list on the case list and on the home page."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from netral_desktop.services import audit, cases
from netral_desktop.services.context import ServiceContext
from tests.case_samples import (
    PEMILU_2024,
    PILKADA_2024,
    REPORTER_NAME,
    REPORTER_NIK,
    report,
    user,
)

SHOTS = Path(os.environ.get("NETRAL_SHOTS", "/tmp/shots"))


def _window(qtbot, ctx: ServiceContext, runner):  # type: ignore[no-untyped-def]
    from netral_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx, runner)
    qtbot.addWidget(window)
    errors: list[BaseException] = []
    runner.default_error_handler = errors.append
    window.resize(1280, 680)
    with qtbot.waitActive(window):  # keyboard focus and shortcuts need the active window
        window.show()
    window.errors = errors  # type: ignore[attr-defined]
    return window


def _shot(window, name: str) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / f"cases-{name}.png"))


@pytest.fixture
def office_people(admin: ServiceContext):  # type: ignore[no-untyped-def]
    """Field staff (dodi) and the koordinator (kiki) of the test office."""
    return user(admin, "dodi", "staf"), user(admin, "kiki", "koordinator")


@pytest.fixture
def no_message_boxes(monkeypatch):  # type: ignore[no-untyped-def]
    """Message boxes answered at once; their texts kept for the test."""
    shown: list[str] = []

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


def _open_dialog(window, cls):  # type: ignore[no-untyped-def]
    found = [d for d in window.findChildren(cls) if d.isVisible()]
    assert found, cls
    return found[-1]


def test_staff_record_a_report_in_the_new_case_dialog(  # type: ignore[no-untyped-def]
    qtbot, office_people, runner, no_message_boxes
) -> None:
    from netral_desktop.ui.case_dialogs import NewCaseDialog

    staff, _koordinator = office_people
    window = _window(qtbot, staff, runner)
    page = window.show_page("cases")
    panel = page.list_panel
    assert panel.cases.rowCount() == 0
    assert panel.hint.label.isVisible() and "Perkara baru" in panel.hint.label.text()
    _shot(window, "empty-list")

    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = _open_dialog(window, NewCaseDialog)
    dialog.election.setCurrentIndex(dialog.election.findData(report().election_id))
    dialog.title.setText("Camat hadir dalam deklarasi bakal calon")
    dialog.known_date.set_value(date(2024, 5, 9))
    dialog.received_date.set_value(date(2024, 5, 13))
    dialog.kecamatan.setCurrentIndex(dialog.kecamatan.findData("34.02.15"))
    dialog.account.setPlainText("Terlapor hadir dan berpidato dalam deklarasi bakal calon.")
    entry = dialog.subject_entry
    entry.full_name.setText("Sutrisno, S.Sos.")
    entry.kind.setCurrentIndex(entry.kind.findData("pns"))
    entry.agency.setEditText("Kapanewon Sewon")
    entry.add_button.click()
    assert entry.added.count() == 1 and "Sutrisno" in entry.added.item(0).text()
    dialog.reporter_name.setText(REPORTER_NAME)
    dialog.reporter_nik.setText(REPORTER_NIK)
    dialog.reporter_address.setText("Jl. Parangtritis Km 5, Sewon")
    _shot(dialog, "new-case-dialog")
    dialog.buttons.accepted.emit()
    assert dialog.saved_id, dialog.error.text()

    view = page.view
    assert page.stack.currentWidget() is view
    assert "Camat hadir dalam deklarasi" in view.header.text()
    assert "Diterima" in view.header.text()
    assert view.parties.rowCount() == 1
    party = view.parties.row_object(0)
    assert party.pseudonym.startswith("Pelapor-")
    # Staff see the pseudonym and no way to show the identity.
    assert not view.reveal_button.isVisibleTo(view)
    assert REPORTER_NAME not in view.parties.data(view.parties.index(0, 2))
    assert view.subjects.rowCount() == 1
    assert "Penerimaan laporan" in view.timeline.toPlainText()
    # Staff may not take the kajian awal: the koordinator does.
    assert [s.code for s in view.steps if s.code == "kajian_awal"] == []
    view.tabs.setCurrentIndex(2)
    _shot(window, "staff-parties")
    assert window.errors == []


def test_the_koordinator_walks_the_procedure_and_sees_refusals(  # type: ignore[no-untyped-def]
    qtbot, admin, office_people, runner, no_message_boxes, monkeypatch, tmp_path
) -> None:
    from netral_desktop.ui.case_dialogs import PapersDialog
    from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog
    from tests.ui.conftest import answer_file_dialogs

    _staff, koordinator = office_people
    case_id = cases.new_case(koordinator, report())
    window = _window(qtbot, koordinator, runner)
    page = window.show_page("cases")
    assert page.list_panel.cases.rowCount() == 1
    page.list_panel.table.selectRow(0)
    page.list_panel.open_current()
    view = page.view
    assert view.case_id == case_id
    assert view.badge.state in ("near", "ok", "overdue")
    _shot(window, "case-view")

    # Only the steps the ruleset allows now: the kajian awal, not the registration.
    dialog = view.open_steps()
    codes = [s.code for s in dialog.steps]
    assert "kajian_awal" in codes and "registrasi" not in codes
    _shot(dialog, "step-dialog")
    # A step that needs a reason is refused in the form until one is written.
    dialog.choose("cabut")
    dialog.buttons.accepted.emit()
    assert "memerlukan alasan" in dialog.error.text() and dialog.isVisible()
    dialog.choose("kajian_awal")
    # A refusal of the service (a date before the report was received) is shown in the form.
    dialog.when.set_value(date(2024, 5, 1))
    dialog.reason.setPlainText("Syarat formal dan materiel lengkap.")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "lebih awal" in dialog.error.text()
    assert dialog.reason.toPlainText() == "Syarat formal dan materiel lengkap."  # kept
    dialog.when.set_value(date(2024, 5, 14))
    dialog.buttons.accepted.emit()
    assert dialog.taken is not None, dialog.error.text()
    papers = _open_dialog(window, PapersDialog)
    assert set(papers.buttons_by_code) == {"B.7"}
    # The kajian awal's paper: a draft first, issued (with its code) when saved.
    papers.buttons_by_code["B.7"].click()
    preview = _open_dialog(window, PdfPreviewDialog)
    assert "DRAF" in preview.draft_note.text() and preview.save_button.isEnabled()
    answer_file_dialogs(monkeypatch, save=tmp_path / "b7.pdf")
    preview.save_pdf()
    assert preview.issued is not None and (tmp_path / "b7.pdf").exists()
    preview.accept()
    papers.reject()
    view.tabs.setCurrentWidget(view.papers)
    assert view.papers.papers.rowCount() == 1
    assert view.papers.papers.row_object(0).code == preview.issued.document.code
    # The paper issued is part of the case's timeline, with its code.
    assert f"kode {preview.issued.document.code}" in view.timeline.toPlainText()
    assert "Kajian awal" in view.header.text()

    dialog = view.open_steps()
    dialog.choose("registrasi")
    dialog.buttons.accepted.emit()
    assert dialog.taken is not None, dialog.error.text()
    assert "/Reg/LP/" in view.header.text()
    timeline = view.timeline.toPlainText()
    assert "Kajian awal" in timeline and "Registrasi" in timeline
    assert "Kiki" in timeline and "Syarat formal" in timeline
    view.tabs.setCurrentWidget(view.timeline)
    _shot(window, "timeline")
    assert isinstance(dialog, QDialog)
    assert window.errors == []


def test_identity_is_shown_to_the_koordinator_and_the_view_logged(  # type: ignore[no-untyped-def]
    qtbot, admin, office_people, runner, no_message_boxes
) -> None:
    staff, koordinator = office_people
    case_id = cases.new_case(staff, report())
    window = _window(qtbot, koordinator, runner)
    page = window.show_page("cases")
    page.open_case(case_id)
    view = page.view
    view.tabs.setCurrentIndex(2)
    assert view.reveal_button.isVisibleTo(view)
    assert REPORTER_NAME not in view.identity.text()
    party_id = view.parties.row_object(0).id

    def reveals() -> list[str]:
        entries = audit.history(admin.db, "case_party", party_id)
        return [e.actor for e in entries if e.action == "reveal"]

    before = reveals()
    assert before == [], "opening the case opens no identity"
    view.party_table.selectRow(0)
    view.reveal_button.click()
    assert REPORTER_NAME in view.identity.text() and REPORTER_NIK in view.identity.text()
    assert REPORTER_NAME in view.parties.data(view.parties.index(0, 2))
    _shot(window, "identity-revealed")
    assert reveals() == [*before, "kiki"], "each view of the identity is logged"
    assert window.errors == []


def test_overdue_cases_are_marked_in_the_list_and_on_the_home_page(  # type: ignore[no-untyped-def]
    qtbot, admin, office_people, runner, no_message_boxes
) -> None:
    staff, koordinator = office_people
    # Received 2 May: the kajian awal was due two working days later; the test clock is 14 May.
    late = cases.new_case(
        staff,
        report(
            title="Lurah memasang spanduk bakal calon",
            event_date="2024-04-30",
            known_date="2024-05-01",
            received_date="2024-05-02",
        ),
    )
    on_time = cases.new_case(staff, report())
    window = _window(qtbot, koordinator, runner)
    home = window.show_page("home")
    section = home.cases
    texts = [link.text() for link in section.links()]
    assert any("Lurah memasang spanduk" in t or "Drs. Heru" in t for t in texts), texts
    _shot(window, "home")
    overdue_link = next(link for link in section.links() if late in link.property("target"))
    home.follow(overdue_link.property("target"))
    page = window.pages["cases"]
    assert page.view.case_id == late
    assert page.view.badge.state == "overdue"
    assert "TERLAMBAT" in page.view.badge.text()
    assert page.view.badge.toolTip()
    page.show_list()
    panel = page.list_panel
    rows = {r.id: r for r in panel.cases.rows()}
    assert rows[late].overdue and not rows[on_time].overdue
    index = next(i for i, r in enumerate(panel.cases.rows()) if r.id == late)
    brush = panel.cases.data(panel.cases.index(index, 5), Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().name() == "#b00020"
    panel.show_deadlines("overdue")
    assert [r.id for r in panel.cases.rows()] == [late]
    assert "lewat batas waktu" in panel.count_label.text()
    _shot(window, "overdue-list")
    assert window.errors == []


def _take(view, code: str, *, subject=None, reason: str = "", shot: str = "", **values):  # type: ignore[no-untyped-def]
    """Take a step through the step form as a person would; returns the form."""
    dialog = view.open_subject_steps() if subject is not None else view.open_steps()
    dialog.choose(code)
    if reason:
        dialog.reason.setPlainText(reason)
    for name, value in values.items():
        widget = dialog.extra.rows[name]
        if hasattr(widget, "setText"):
            widget.setText(value)
        elif hasattr(widget, "setEditText"):
            widget.setEditText(value)
        else:
            widget.set_value(value)
    if shot:
        _shot(dialog, shot)
    dialog.buttons.accepted.emit()
    assert dialog.taken is not None, (code, dialog.error.text())
    return dialog


@pytest.mark.parametrize("election", [PEMILU_2024, PILKADA_2024], ids=["pemilu", "pilkada"])
def test_a_report_walked_to_the_agency_sanction_in_the_window(  # type: ignore[no-untyped-def]
    qtbot, admin, office_people, runner, no_message_boxes, election
) -> None:
    from netral_desktop.ui.case_dialogs import HearingDialog, PapersDialog
    from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog

    staff, koordinator = office_people
    case_id = cases.new_case(staff, report(election_id=election))
    window = _window(qtbot, koordinator, runner)
    page = window.show_page("cases")
    page.open_case(case_id)
    view = page.view
    name = "pemilu" if election == PEMILU_2024 else "pilkada"

    _take(view, "kajian_awal", reason="Syarat formal dan materiel terpenuhi.")
    for dialog in window.findChildren(PapersDialog):
        dialog.reject()
    _take(view, "registrasi")
    assert "/Reg/LP/" in view.header.text()

    # The hearing: scheduled, then its result recorded.
    view.tabs.setCurrentIndex(3)
    dialog = view.add_hearing()
    assert isinstance(dialog, HearingDialog)
    dialog.subject.setCurrentIndex(1)
    dialog.scheduled.set_value(datetime(2024, 5, 14, 8, 0))
    dialog.place.setText("Ruang klarifikasi Bawaslu Bantul")
    dialog.invitation.set_value(date(2024, 5, 13))
    dialog.buttons.accepted.emit()
    assert dialog.saved_id, dialog.error.text()
    assert view.hearings.rowCount() == 1
    view.hearing_table.selectRow(0)
    dialog = view.edit_hearing()
    dialog.attendance.setCurrentIndex(dialog.attendance.findData("hadir"))
    dialog.oath.setChecked(True)
    dialog.statement.setPlainText("Terlapor membenarkan unggahan tersebut.")
    dialog.buttons.accepted.emit()
    assert dialog.saved_id, dialog.error.text()
    assert "hadir" in view.hearings.data(view.hearings.index(0, 4))
    _shot(window, f"{name}-hearings")
    # The hearing's papers: its invitation, oath and minutes, for this hearing.
    view.hearing_table.selectRow(0)
    papers = view.hearing_papers()
    assert set(papers.buttons_by_code) == {"B.9", "B.10", "B.12"}
    papers.buttons_by_code["B.12"].click()
    minutes = [d for d in papers.findChildren(PdfPreviewDialog) if d.isVisible()][-1]
    assert minutes.page_labels and minutes.save_button.isEnabled()
    _shot(minutes, f"{name}-b12")
    minutes.accept()
    papers.reject()

    _take(view, "klarifikasi")
    _take(view, "kajian")
    for dialog in window.findChildren(PapersDialog):
        dialog.reject()
    # The pleno decides per reported person, from the reported people's tab.
    view.tabs.setCurrentIndex(1)
    view.subject_table.selectRow(0)
    subject = view.subjects.row_object(0)
    steps = view.open_subject_steps()
    assert {s.code for s in steps.steps} >= {"pleno_peraturan_lain", "pleno_tidak_terbukti"}
    steps.reject()
    _take(view, "pleno_peraturan_lain", subject=subject, reason="Terbukti mengunggah dukungan.")
    assert "peraturan" in view.subjects.data(view.subjects.index(0, 4)).lower()
    assert view.case.locked  # decided: closed for edits until reopened

    _take(view, "teruskan_rekomendasi", subject=subject)
    papers = [d for d in window.findChildren(PapersDialog) if d.isVisible()][-1]
    assert {"B.17", "B.18"} <= set(papers.buttons_by_code)
    assert papers.buttons_by_code["B.17"].isEnabled()
    papers.reject()
    # The case summary: a draft first, like every paper.
    view.print_summary()
    summary = [d for d in view.findChildren(PdfPreviewDialog) if d.isVisible()][-1]
    assert "DRAF" in summary.draft_note.text() and summary.page_labels
    _shot(summary, f"{name}-summary")
    summary.accept()
    subject = view.subjects.row_object(0)
    assert subject.recipient and "/Rekom-DPPL/" in subject.forward_number
    # KASN was dissolved on 24 August 2024; on 14 May 2024 it still received them.
    assert "KASN" in subject.recipient or "Komisi Aparatur" in subject.recipient, subject

    _take(
        view,
        "tindak_lanjut",
        subject=subject,
        sanction="pernyataan secara terbuka",
        sanction_number="800/1234/2024",
        sanction_date=date(2024, 5, 14),
        shot=f"{name}-follow-up-step",
    )
    subject = view.subjects.row_object(0)
    assert subject.sanction_number == "800/1234/2024"
    assert "800/1234/2024" in view.subjects.data(view.subjects.index(0, 5))
    _take(view, "arsipkan")
    assert "Arsip" in view.header.text()
    assert view.badge.text() == "Perkara selesai"
    timeline = view.timeline.toPlainText()
    for label in ("Kajian awal", "Registrasi", "Klarifikasi", "Kajian", "Arsipkan"):
        assert label in timeline, label
    assert "800/1234/2024" in timeline and subject.full_name in timeline
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        _shot(window, f"{name}-tab{index}")
    assert window.errors == []


def test_evidence_is_added_viewed_and_copied_with_its_custody_logged(  # type: ignore[no-untyped-def]
    qtbot, admin, office_people, runner, no_message_boxes, monkeypatch, tmp_path
) -> None:
    from netral_desktop.services import evidence
    from netral_desktop.ui.pages.cases import evidence_pane
    from tests.evidence_samples import mp3_bytes
    from tests.sosialisasi_samples import jpeg

    staff, koordinator = office_people
    case_id = cases.new_case(staff, report())
    photo = tmp_path / "tangkapan_layar.jpg"
    photo.write_bytes(jpeg())
    recording = tmp_path / "rekaman_klarifikasi.mp3"
    recording.write_bytes(mp3_bytes())
    strange = tmp_path / "program.exe"
    strange.write_bytes(b"MZ\x90\x00" + bytes(200))

    window = _window(qtbot, staff, runner)
    page = window.show_page("cases")
    page.open_case(case_id)
    pane = page.view.evidence
    page.view.tabs.setCurrentWidget(pane)
    assert pane.hint.isVisible()
    pane.source.setCurrentIndex(1)
    pane.add_files([str(photo), str(strange)])
    # The good file is added; the refused one is named with the reason.
    assert pane.files.count() == 1
    assert "program.exe" in no_message_boxes[-1] and "1 berkas ditambahkan" in no_message_boxes[-1]
    pane.confidential.setChecked(True)
    pane.add_files([str(recording)])
    assert pane.files.count() == 2
    assert "Bukti ditambahkan: tangkapan_layar" in page.view.timeline.toPlainText()
    confidential = pane.files.item(1)
    assert "[rahasia]" in confidential.text() and "RAHASIA" in confidential.toolTip()
    assert not confidential.icon().isNull()  # a type icon, never the content
    _shot(window, "evidence")
    # Staff may not open the confidential recording: said, nothing written out.
    opened: list[Path] = []
    monkeypatch.setattr(evidence_pane, "open_with_system", opened.append)
    pane.select(1)
    pane.open_current()
    assert opened == [] and "rahasia" in no_message_boxes[-1].lower()

    # The koordinator opens it (a private copy for the system's player) and copies the photo.
    window.close()
    window = _window(qtbot, koordinator, runner)
    page = window.show_page("cases")
    page.open_case(case_id)
    pane = page.view.evidence
    pane.select(1)
    pane.open_current()
    assert len(opened) == 1 and opened[0].read_bytes() == recording.read_bytes()
    pane.select(0)
    pane.open_current()
    assert pane.viewer is not None and pane.viewer.isVisible()
    pane.viewer.close()
    pane.export_current(str(tmp_path / "salinan.jpg"))
    assert (tmp_path / "salinan.jpg").read_bytes() == photo.read_bytes()
    pane.show_custody()
    log = no_message_boxes[-1]
    assert "kiki" in log and str(tmp_path / "salinan.jpg") in log
    actions = [e.action for e in evidence.custody_log(koordinator, pane.current().id)]
    assert "view" in actions and "export" in actions
    assert window.errors == []


def test_a_reported_person_completed_later_and_a_witness_added(  # type: ignore[no-untyped-def]
    qtbot, admin, office_people, runner, no_message_boxes
) -> None:
    from netral_desktop.ui.case_dialogs import PartyDialog, SubjectDialog

    staff, _koordinator = office_people
    case_id = cases.new_case(staff, report())
    window = _window(qtbot, staff, runner)
    page = window.show_page("cases")
    page.open_case(case_id)
    view = page.view
    view.tabs.setCurrentIndex(1)
    view.subject_table.selectRow(0)
    assert "belum lengkap" in view.subjects.data(
        view.subjects.index(0, 0), Qt.ItemDataRole.ToolTipRole
    )
    dialog = view.subject_dialog(view.current_subject())
    assert isinstance(dialog, SubjectDialog) and "NIP" in dialog.error.text()
    dialog.nip.setText("197003151995031002")
    dialog.pangkat.setText("Pembina Tk. I (IV/b)")
    dialog.buttons.accepted.emit()
    assert dialog.saved_id, dialog.error.text()
    assert view.subjects.data(view.subjects.index(0, 1)).replace(" ", "") == "197003151995031002"
    assert "NIP" not in " ".join(view.subjects.row_object(0).incomplete)

    dialog = view.party_dialog()
    assert isinstance(dialog, PartyDialog)
    dialog.name.setText("Bambang Hartono Sastro")
    dialog.nik.setText("3402081703750002")
    dialog.buttons.accepted.emit()
    assert dialog.saved_id, dialog.error.text()
    assert view.parties.rowCount() == 2
    pseudonyms = [view.parties.row_object(i).pseudonym for i in range(2)]
    assert any(p.startswith("Saksi-") for p in pseudonyms), pseudonyms
    shown = " ".join(view.parties.data(view.parties.index(i, 2)) for i in range(2))
    assert "Bambang" not in shown  # staff see the pseudonym only
    assert window.errors == []


def test_the_list_is_worked_with_the_keyboard(  # type: ignore[no-untyped-def]
    qtbot, admin, office_people, runner, no_message_boxes
) -> None:
    staff, koordinator = office_people
    cases.new_case(staff, report(title="Camat memakai mobil dinas untuk kampanye"))
    wanted = cases.new_case(staff, report())
    window = _window(qtbot, koordinator, runner)
    page = window.show_page("cases")
    panel = page.list_panel
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is panel.search, QApplication.focusWidget()
    qtbot.keyClicks(panel.search, "media sosial")
    assert [r.id for r in panel.cases.rows()] == [wanted]
    qtbot.keyClick(panel.search, Qt.Key.Key_Return)  # to the first result
    assert QApplication.focusWidget() is panel.table and panel.selected().id == wanted
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # opens it
    assert page.stack.currentWidget() is page.view and page.view.case_id == wanted
    qtbot.keyClick(page.view.tabs, Qt.Key.Key_Escape)  # back to the list, as it was
    assert page.stack.currentWidget() is panel
    assert panel.search.text() == "media sosial"
    assert window.errors == []


def test_a_decided_case_is_changed_only_after_reopening(  # type: ignore[no-untyped-def]
    qtbot, admin, office_people, runner, no_message_boxes
) -> None:
    staff, koordinator = office_people
    case_id = cases.new_case(staff, report())
    cases.take_step(koordinator, case_id, "kajian_awal")
    cases.take_step(koordinator, case_id, "registrasi")
    cases.take_step(koordinator, case_id, "kajian")
    subject_id = cases.case_view(koordinator, case_id).subjects[0].id
    cases.take_step(
        koordinator,
        case_id,
        "pleno_tidak_terbukti",
        subject_id=subject_id,
        reason="Tidak ada bukti.",
    )
    window = _window(qtbot, koordinator, runner)
    page = window.show_page("cases")
    page.open_case(case_id)
    view = page.view
    assert view.case.locked
    dialog = view.edit_case()
    assert dialog.title.text() == report().title and not dialog.tabs.isTabVisible(1)
    dialog.title.setText("Kepala dinas mengunggah dukungan (judul diperbaiki)")
    dialog.buttons.accepted.emit()
    # Refused, saying how to go on; what was typed stays.
    assert dialog.isVisible() and "dibuka kembali" in dialog.error.text()
    assert dialog.title.text().endswith("(judul diperbaiki)")
    dialog.reject()
    steps = view.open_steps()
    steps.choose("buka_kembali")
    steps.buttons.accepted.emit()
    assert "memerlukan alasan" in steps.error.text()
    steps.reason.setPlainText("Judul perkara salah ketik.")
    steps.buttons.accepted.emit()
    assert steps.taken is not None, steps.error.text()
    assert not view.case.locked
    dialog = view.edit_case()
    dialog.title.setText("Kepala dinas mengunggah dukungan (judul diperbaiki)")
    dialog.buttons.accepted.emit()
    assert dialog.saved_id, dialog.error.text()
    assert "(judul diperbaiki)" in view.header.text()
    assert "Judul perkara salah ketik." in view.timeline.toPlainText()
    assert window.errors == []


def test_english_mode_shows_the_procedures_words_in_english(  # type: ignore[no-untyped-def]
    qtbot, office_people, runner, no_message_boxes
) -> None:
    """The case list's status column, the case view's status and its step choices speak the
    window's language (the ruleset's labels go through the catalogue)."""
    from netral_desktop.i18n import set_language

    _staff, koordinator = office_people
    first = cases.new_case(koordinator, report())
    cases.take_step(koordinator, first, "kajian_awal", at="2024-05-14")
    cases.new_case(koordinator, report(title="Lurah memasang spanduk bakal calon"))
    set_language("en")
    window = _window(qtbot, koordinator, runner)
    window.resize(1280, 720)
    page = window.show_page("cases")
    panel = page.list_panel
    statuses = {
        row.id: panel.cases.data(panel.cases.index(i, 4))
        for i, row in enumerate(panel.cases.rows())
    }
    assert sorted(statuses.values()) == ["Initial review", "Received"]
    assert panel.cases.headerData(4, Qt.Orientation.Horizontal) == "Status"
    _shot(window, "english")
    index = next(i for i, r in enumerate(panel.cases.rows()) if r.id == first)
    panel.table.selectRow(index)
    panel.open_current()
    view = page.view
    assert "Initial review" in view.header.text() and "Kajian" not in view.header.text()
    assert "Registration" in view.steps_note.text()
    assert "Registrasi" not in view.steps_note.text()
    assert "Receipt of the report" in view.timeline.toPlainText()
    _shot(window, "english-view")
    dialog = view.open_steps()
    lines = [dialog.step_list.item(i).text() for i in range(dialog.step_list.count())]
    assert "Registration" in lines and "Notice to complete the report" in lines
    assert not any("Registrasi" in line or "Pencabutan" in line for line in lines), lines
    dialog.reject()
    assert window.errors == []


def test_the_history_says_statuses_in_the_offices_own_words(  # type: ignore[no-untyped-def]
    qtbot, admin, office_people, runner, no_message_boxes
) -> None:
    """An office that put its own ruleset in its data folder reads its own status words in
    the case's history too ("Status: Telaah pendahuluan"), as in the list and the header."""
    import yaml

    from netral_desktop.core.procedure import shipped_path

    data = yaml.safe_load(shipped_path("pilkada").read_text(encoding="utf-8"))
    data["statuses"]["kajian_awal"]["label"] = "Telaah pendahuluan"
    folder = admin.layout.root / "rulesets"
    folder.mkdir()
    # report() is a Pilkada case: its ruleset is the one the office rewrites.
    (folder / "pilkada.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    _staff, koordinator = office_people
    case_id = cases.new_case(koordinator, report())
    cases.take_step(koordinator, case_id, "kajian_awal", at="2024-05-14")
    window = _window(qtbot, koordinator, runner)
    page = window.show_page("cases")
    panel = page.list_panel
    panel.table.selectRow(0)
    panel.open_current()
    history = page.view.timeline.toPlainText()
    assert "Telaah pendahuluan" in page.view.header.text()
    assert "Status: Diterima → Telaah pendahuluan" in history, history  # not "→ Kajian awal"
    assert window.errors == []

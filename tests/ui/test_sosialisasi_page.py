"""The Sosialisasi page: the list and its filters, the event view (photos, attendance at the
door for field staff, papers), the event form keeping what was typed when a save is refused,
and the home page's reach charts with their table."""

from __future__ import annotations

import pytest

from netral_desktop.services import sosialisasi
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.pdf_preview_dialog import PdfPreviewDialog
from tests.sosialisasi_samples import BANGUNTAPAN, fields, jpeg


@pytest.fixture
def staff_window(qtbot, admin: ServiceContext, runner):  # type: ignore[no-untyped-def]
    """The main window of field staff, with a small roster and two events (one held in
    Sewon with a photo, one planned in Banguntapan)."""
    from netral_desktop.demo.roster import add_demo_roster
    from netral_desktop.services import accounts
    from netral_desktop.ui.main_window import MainWindow

    add_demo_roster(admin, "small", seed=11)
    accounts.create_user(
        admin, username="dodi", full_name="Dodi", role="staf", password="sandi-dodi-1"
    )
    staff = admin.as_actor(accounts.authenticate(admin, "dodi", "sandi-dodi-1"))
    held = sosialisasi.create_event(staff, fields())
    sosialisasi.add_photo(staff, held, jpeg(), original_name="a.jpg", caption="Pembukaan")
    sosialisasi.create_event(
        staff,
        fields(
            title="Sosialisasi Pengawasan Partisipatif",
            starts_at="2024-06-03 09:00",
            kecamatan_code=BANGUNTAPAN,
            held=False,
            participants_male=None,
            participants_female=None,
            participants_total=None,
        ),
    )
    window = MainWindow(staff, runner)
    qtbot.addWidget(window)
    errors: list[BaseException] = []
    runner.default_error_handler = errors.append
    window.resize(1280, 720)
    window.show()
    page = window.show_page("sosialisasi")
    yield window, page, held
    assert errors == []


def test_the_list_filters_and_the_view_shows_photos(qtbot, staff_window) -> None:  # type: ignore[no-untyped-def]
    window, page, held = staff_window
    panel = page.list_panel
    assert panel.events.rowCount() == 2
    assert panel.kecamatan.itemText(0) == "Semua kapanewon"
    panel.kecamatan.setCurrentIndex(panel.kecamatan.findData(BANGUNTAPAN))
    assert [r.kecamatan_name for r in panel.events.rows()] == ["Banguntapan"]
    assert panel.events.data(panel.events.index(0, 3)) == "rencana"
    panel.kecamatan.setCurrentIndex(0)
    panel.organiser.setCurrentIndex(panel.organiser.findData("mitra"))
    assert panel.events.rowCount() == 0
    # An empty list says why and what to do; nothing chosen, nothing to change or delete.
    assert panel.empty_hint.label.isVisible()
    assert "cocok dengan saringan" in panel.empty_hint.label.text()
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()
    panel.organiser.setCurrentIndex(0)
    assert not panel.empty_hint.label.isVisible()
    row = next(i for i, r in enumerate(panel.events.rows()) if r.id == held)
    panel.table.selectRow(row)
    assert panel.edit_button.isEnabled() and panel.delete_button.isEnabled()
    view = page.view
    assert view.current is not None and view.current.id == held
    assert "Kapanewon Sewon" in view.header.text()
    assert view.tabs.tabText(1) == "Foto (1)"
    assert view.photos.count() == 1 and view.photos.item(0).text() == "Pembukaan"
    assert "Dra. Sri Mulyani" in view.summary.text()
    assert window.width() <= 1280 and window.height() <= 720


def test_a_new_office_is_told_how_to_record_its_first_event(qtbot, admin, runner) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.main_window import MainWindow

    window = MainWindow(admin, runner)
    qtbot.addWidget(window)
    window.show()
    panel = window.show_page("sosialisasi").list_panel
    panel.period.setCurrentIndex(panel.period.findData("all"))
    qtbot.waitUntil(lambda: panel.empty_hint.label.isVisible())
    assert "«Kegiatan baru…»" in panel.empty_hint.label.text()
    assert panel.new_button.isEnabled() and not panel.edit_button.isEnabled()


def test_field_staff_mark_attendance_at_the_door(qtbot, staff_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from netral_desktop.services import pledge, roster

    window, page, held = staff_window
    ctx = window._ctx
    agency = roster.list_agencies(ctx)[0]
    pledge.invite(ctx, held, pledge.InviteCriteria(agency_ids=(agency.id,)))
    page._chosen(held)
    view = page.view
    assert view.door.mark_input.isEnabled() and view.invitees.invite_button.isEnabled()
    person = next(r for r in pledge.list_invitees(ctx, held, limit=500) if r.nip)
    view.door.current_event = pledge.get_event(ctx, held)
    view.door.dates_confirmed.add(held)  # the event is not today: agreed once already
    qtbot.keyClicks(view.door.mark_input, person.nip)
    qtbot.keyClick(view.door.mark_input, Qt.Key.Key_Return)
    assert sosialisasi.get_event(ctx, held).present == 1


def test_a_refused_save_keeps_the_form_as_typed(qtbot, staff_window) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    _window, page, _held = staff_window
    dialog = page.open_event(None)
    dialog.title.setText("Sosialisasi Netralitas bagi BPD")
    dialog.kecamatan.setCurrentIndex(dialog.kecamatan.findData(BANGUNTAPAN))
    dialog.starts_at.set_value(datetime(2024, 7, 1, 9, 0))  # after the clock's today
    dialog.held.setChecked(True)
    dialog.male.setText("12")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible()
    assert "belum berlangsung" in dialog.error.text()
    assert dialog.title.text() == "Sosialisasi Netralitas bagi BPD" and dialog.male.text() == "12"
    dialog.held.setChecked(False)
    dialog.buttons.accepted.emit()
    assert not dialog.isVisible() and dialog.saved_id
    assert page.list_panel.events.rowCount() == 3


def test_bad_photos_are_listed_good_ones_added(qtbot, monkeypatch, staff_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.pages.sosialisasi import event_view

    _window, page, held = staff_window
    page._chosen(held)
    good = tmp_path / "IMG_0002.jpg"
    good.write_bytes(jpeg(800, 600, (20, 120, 60)))
    bad = tmp_path / "notulen.jpg"
    bad.write_text("bukan foto")
    told: list[str] = []
    monkeypatch.setattr(event_view, "show_info", lambda parent, title, text: told.append(text))
    page.view.add_photos([str(bad), str(good)])
    assert page.view.photos.count() == 2
    assert len(told) == 1 and "notulen.jpg" in told[0] and "bukan gambar" in told[0]


def test_papers_are_issued_and_previewed(qtbot, monkeypatch, staff_window) -> None:  # type: ignore[no-untyped-def]
    _window, page, held = staff_window
    shown: list[PdfPreviewDialog] = []
    monkeypatch.setattr(PdfPreviewDialog, "exec", lambda self: shown.append(self) or 0)
    page._chosen(held)
    page.view.report_button.click()
    page.view.form_a_button.click()
    assert [d.windowTitle().split(" — ")[0] for d in shown] == [
        "Laporan Kegiatan Sosialisasi",
        "Formulir Model A - Laporan Hasil Pengawasan",
    ]


def test_home_shows_reach_as_charts_and_table(qtbot, staff_window) -> None:  # type: ignore[no-untyped-def]
    window, _page, _held = staff_window
    home = window.show_page("home")
    section = home.reach
    assert "Pilkada 2024: 1 kegiatan terlaksana, 64 orang" in section.totals.text()
    assert [line.label for line in section.by_month.lines] == ["Mei 2024"]
    assert len(section.by_kecamatan.lines) == 17
    section.toggle.setChecked(True)
    assert section.stack.currentWidget() is section.table
    rows = [
        [section.model.item(r, c).text() for c in range(4)] for r in range(section.model.rowCount())
    ]
    assert ["Per bulan", "Mei 2024", "1", "64"] in rows
    assert ["Kapanewon", "Sewon", "1", "64"] in rows
    assert ["Kapanewon", "Dlingo", "0", "0"] in rows
    image = section.by_kecamatan.grab()
    assert not image.isNull()

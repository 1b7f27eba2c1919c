"""The audit page and a person's "Riwayat" tab speak words: actions and record kinds in the
current language, records by label, changes by field label (English too)."""

from __future__ import annotations

from datetime import datetime

import pytest

from netral_desktop.core.errors import AuthenticationError
from netral_desktop.i18n import set_language
from netral_desktop.services import pledge, roster
from tests.pledge_samples import build_roster


def _ceremony(ctx):  # type: ignore[no-untyped-def]
    ids = build_roster(ctx)
    event = pledge.create_event(
        ctx,
        pledge.EventFields(
            title="Ikrar Netralitas Dinkes",
            starts_at=datetime(2024, 5, 14, 9, 0),
            place="Aula",
            organiser_kind="pemda",
            invited_agency_ids=(ids["dinkes"],),
        ),
    )
    pledge.invite(ctx, event.id, pledge.InviteCriteria(agency_ids=(ids["dinkes"],)))
    pledge.mark(ctx, event.id, "198501012010012003")
    roster.update_person(ctx, ids["sri"], roster.PersonChanges(jabatan="Perawat Ahli Muda"))
    return ids, event


def _column(page, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [page.model.index(r, column).data() for r in range(page.model.rowCount())]


def test_the_audit_page_shows_words_labels_and_changes(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    ids, event = _ceremony(main_window._ctx)
    page = main_window.show_page("audit")
    page.refresh()
    actions, kinds, records = _column(page, 3), _column(page, 4), _column(page, 5)
    row = actions.index("mencatat kehadiran")
    assert kinds[row] == "kehadiran"
    assert records[row] == ("Sri Wahyuni, S.Kep. (198501012010012003) — Ikrar Netralitas Dinkes")
    assert "Peserta: — → Sri Wahyuni, S.Kep." in page.model.index(row, 6).data()
    for text in records + _column(page, 6):  # no id anywhere a person reads
        assert ids["sri"] not in text and event.id not in text
    page.table.selectRow(actions.index("mengubah"))
    detail = page.detail.toPlainText()
    assert "Tindakan: mengubah pada pegawai Sri Wahyuni, S.Kep." in detail
    assert "  Jabatan: Pengelola Layanan → Perawat Ahli Muda" in detail
    page.search.setText("kehadiran")
    page.refresh()
    assert set(_column(page, 3)) == {"mencatat kehadiran"}
    assert page.count_label.text() == "1 entri"


def test_the_audit_page_in_english(qtbot, admin, runner) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.accounts import authenticate
    from netral_desktop.ui.main_window import MainWindow

    _ceremony(admin)
    # The failed login is the point: its note is "percobaan ke-1".
    with pytest.raises(AuthenticationError):
        authenticate(admin, admin.actor.username, "salah-sandi")
    set_language("en")
    try:
        window = MainWindow(admin, runner)
        qtbot.addWidget(window)
        page = window.show_page("audit")
        page.refresh()
        actions, notes = _column(page, 3), _column(page, 6)
        assert "recorded attendance" in actions and "failed login" in actions
        assert notes[actions.index("failed login")] == "attempt 1"
        assert "attendance" in _column(page, 4)
    finally:
        set_language("id")


def test_a_persons_history_tab_is_that_persons_entries(qtbot, main_window, runner) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.person_dialog import PersonDialog

    ctx = main_window._ctx
    ids, _event = _ceremony(ctx)
    dialog = PersonDialog(ctx, runner, roster.list_agencies(ctx), ids["sri"])
    qtbot.addWidget(dialog)
    text = dialog.history.toPlainText()
    lines = [line for line in text.splitlines() if not line.startswith("    ")]
    assert [line.split(": ", 1)[1] for line in lines] == [
        "menambah",
        "mengundang (undangan ikrar)",
        "mencatat kehadiran",
        "mengubah",
    ]
    assert "    Jabatan: Pengelola Layanan → Perawat Ahli Muda" in text
    assert "    Kehadiran: Hadir" in text
    assert "Peserta:" not in text  # that is the person themselves
    assert "Budi" not in text and ids["sri"] not in text

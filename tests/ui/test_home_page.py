"""Home by role: the next ceremonies and what needs doing, each a link to where it is done;
the role's abilities as a short list; nothing the role cannot use; empty states that say what
to do."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel

from netral_desktop.services import accounts, pledge
from netral_desktop.services.context import ServiceContext
from tests.pledge_samples import build_roster


def _window(qtbot, ctx: ServiceContext, runner):  # type: ignore[no-untyped-def]
    from netral_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx, runner)
    qtbot.addWidget(window)
    window.show()
    return window, window.pages["home"]


def _secretary(admin: ServiceContext) -> ServiceContext:
    accounts.create_user(
        admin, username="sari", full_name="Sari", role="sekretariat", password="sandi-sari-1"
    )
    return admin.as_actor(accounts.authenticate(admin, "sari", "sandi-sari-1"))


def _rows(form) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out = {}
    for row in range(form.rowCount()):
        label = form.itemAt(row, form.ItemRole.LabelRole)
        field = form.itemAt(row, form.ItemRole.FieldRole)
        if label is not None and field is not None:
            out[label.widget().text()] = field.widget().text()
    return out


def _texts(layout) -> list[str]:  # type: ignore[no-untyped-def]
    widgets = (layout.itemAt(i).widget() for i in range(layout.count()))
    return [w.text() for w in widgets if isinstance(w, QLabel)]


def test_the_secretary_sees_no_audit_count_and_a_short_list_of_abilities(
    qtbot, admin, runner
) -> None:  # type: ignore[no-untyped-def]
    _window_admin, admin_home = _window(qtbot, admin, runner)
    assert "Entri log audit" in _rows(admin_home.data_form)
    assert "Akun pengguna" in _rows(admin_home.data_form)
    _w, home = _window(qtbot, _secretary(admin), runner)
    counts = _rows(home.data_form)
    assert "Entri log audit" not in counts and "Akun pengguna" not in counts
    assert "Pegawai (ASN dan non-ASN)" in counts
    assert home.role_label.text().splitlines() == [
        "• menyiapkan ikrar netralitas dan mencatat kehadiran",
        "• mengubah daftar pegawai dan instansi",
        "• menerbitkan dan mencetak dokumen",
    ]


def test_an_empty_office_says_what_to_do(qtbot, admin, runner) -> None:  # type: ignore[no-untyped-def]
    window, home = _window(qtbot, admin, runner)
    assert _texts(home.upcoming_layout)[0] == "Belum ada acara ikrar yang dijadwalkan."
    new_link = home.links()[0]
    assert "Buat acara ikrar baru" in new_link.text()
    # An empty roster comes first: ceremonies invite from it.
    import_link = home.links()[1]
    assert import_link.text().find("Daftar pegawai masih kosong") > 0
    imports: list[str] = []
    roster_page = window.page("roster")
    roster_page.import_file = lambda: imports.append("import")  # the file dialog would open
    home.follow(import_link.property("target"))
    assert window.stack.currentWidget() is roster_page and imports == ["import"]
    opened: list[object] = []
    pledges = window.page("pledges")
    pledges.open_event = opened.append  # the new-event dialog would open here
    home.follow(new_link.property("target"))
    assert window.stack.currentWidget() is pledges and opened == [None]
    assert not pledges.events_panel.edit_button.isEnabled()  # no ceremony shown yet


def test_a_secretary_with_a_roster_and_nothing_pending_is_told_so(qtbot, admin, runner) -> None:  # type: ignore[no-untyped-def]
    build_roster(admin)
    _w, home = _window(qtbot, _secretary(admin), runner)
    assert _texts(home.todo_layout)[0].startswith("Tidak ada yang perlu dikerjakan.")


def test_a_task_link_takes_the_user_to_the_ceremony(qtbot, admin, runner) -> None:  # type: ignore[no-untyped-def]
    ids = build_roster(admin)
    event = pledge.create_event(
        admin,
        pledge.EventFields(
            title="Ikrar Dinkes",
            starts_at=datetime(2024, 5, 10, 9, 0),
            place="Aula",
            organiser_kind="pemda",
            invited_agency_ids=(ids["dinkes"],),
        ),
    )
    pledge.add_walk_in(admin, event.id, full_name="Tamu Dari Kecamatan")
    window, home = _window(qtbot, admin, runner)
    link = next(x for x in home.links() if "Cocokkan 1 peserta tambahan" in x.text())
    home.follow(link.property("target"))
    pledges = window.pages["pledges"]
    assert window.stack.currentWidget() is pledges
    assert pledges.view.current_event.id == event.id
    assert pledges.view.walk_ins_only.isChecked()
    assert pledges.events_panel.edit_button.isEnabled()

"""The main window: navigation by role, status bar, the accounts and audit pages."""

from __future__ import annotations

import pytest

from netral_desktop.services import accounts
from netral_desktop.services.context import ServiceContext
from tests.ui.conftest import answer_file_dialogs


def test_status_bar_shows_office_and_user(main_window) -> None:  # type: ignore[no-untyped-def]
    assert "Bawaslu Kabupaten Bantul" in main_window.office_label.text()
    assert "WIB" in main_window.office_label.text()
    assert main_window.user_label.text() == "Rina Kartikasari (Administrator)"
    assert main_window.nav_keys() == [
        "home",
        "cases",
        "pledges",
        "sosialisasi",
        "roster",
        "agencies",
        "documents",
        "accounts",
        "audit",
        "sync",
        "settings",
    ]
    home = main_window.pages["home"]
    assert home.welcome.text() == "Selamat datang, Rina Kartikasari"


def test_staff_do_not_see_admin_areas(qtbot, admin: ServiceContext, runner) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.main_window import MainWindow

    accounts.create_user(
        admin, username="budi", full_name="Budi Santoso", role="staf", password="sandi-budi-1"
    )
    staff = admin.as_actor(accounts.authenticate(admin, "budi", "sandi-budi-1"))
    window = MainWindow(staff, runner)
    qtbot.addWidget(window)
    assert window.nav_keys() == [
        "home",
        "cases",
        "pledges",
        "sosialisasi",
        "roster",
        "agencies",
        "documents",
        "settings",
    ]
    settings = window.show_page("settings")
    assert not settings.save_office.isEnabled()


def _run_dialog(monkeypatch, dialog_class, fill):  # type: ignore[no-untyped-def]
    """Replace a modal exec(): fill the form and press the OK button instead."""
    from PySide6.QtWidgets import QDialogButtonBox

    def exec_(self):  # type: ignore[no-untyped-def]
        fill(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        return self.result()

    monkeypatch.setattr(dialog_class, "exec", exec_)


def test_admin_adds_a_user_and_sees_it(qtbot, monkeypatch, main_window) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui import widgets
    from netral_desktop.ui.user_dialogs import AddUserDialog

    monkeypatch.setattr(widgets.QMessageBox, "exec", lambda self: 0)
    page = main_window.show_page("accounts")
    assert page.model.rowCount() == 1

    def fill(dialog):  # type: ignore[no-untyped-def]
        dialog.username.setText("Dewi")
        dialog.full_name.setText("Dewi Anggraini, S.E.")
        dialog.role.setCurrentIndex(dialog.role.findData("sekretariat"))
        dialog.password.setText("sandi-dewi-1")
        dialog.repeat.setText("sandi-dewi-1")

    _run_dialog(monkeypatch, AddUserDialog, fill)
    page.add_button.click()
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert names == ["dewi", "rina"]
    assert page.model.index(0, 2).data() == "Sekretariat"


def test_duplicate_username_is_shown_in_the_dialog(qtbot, monkeypatch, main_window) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.user_dialogs import AddUserDialog

    seen: dict[str, str] = {}

    def fill(dialog):  # type: ignore[no-untyped-def]
        dialog.username.setText("rina")
        dialog.full_name.setText("Rina Lain")
        dialog.password.setText("sandi-rina-2")
        dialog.repeat.setText("sandi-rina-2")

    def exec_(self):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QDialogButtonBox

        fill(self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        seen["error"] = self.error.text()
        return self.result()

    monkeypatch.setattr(AddUserDialog, "exec", exec_)
    page = main_window.show_page("accounts")
    page.add_button.click()
    assert seen["error"] == "Nama pengguna 'rina' sudah dipakai. Pilih nama lain."
    assert page.model.rowCount() == 1


def test_last_admin_cannot_be_disabled(qtbot, monkeypatch, main_window) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui import widgets
    from netral_desktop.ui.pages import accounts_page

    errors: list[str] = []
    monkeypatch.setattr(accounts_page, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(
        accounts_page,
        "show_error",
        lambda parent, exc, title=None: errors.append(widgets.error_text(exc)),
    )
    page = main_window.show_page("accounts")
    page.table.selectRow(0)
    page.toggle_button.click()
    assert errors == ["Anda tidak dapat menonaktifkan akun Anda sendiri."]
    assert page.model.index(0, 3).data() == "aktif"


def test_audit_page_lists_and_filters_entries(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    page = main_window.show_page("audit")
    assert page.model.rowCount() >= 3  # init, admin created, login
    assert page.count_label.text() == f"{page.model.rowCount()} entri"
    actions = [page.model.index(r, 3).data() for r in range(page.model.rowCount())]
    assert actions[0] == "masuk"
    assert "menyiapkan kantor" in actions
    page.search.setText("login_failed")
    page.refresh()
    assert page.model.rowCount() == 0
    page.verify()
    assert page.chain_status.title.text() == "Log audit utuh dan terkunci"


@pytest.mark.parametrize("language", ["en"])
def test_language_switch_rebuilds_in_english(qtbot, monkeypatch, admin, layout, language) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.config import LocalSettings
    from netral_desktop.i18n import set_language
    from netral_desktop.ui.app import DesktopApp

    desktop = DesktopApp(layout)
    from netral_desktop.ui.tasks import InlineTaskRunner

    desktop.runner = InlineTaskRunner()
    desktop.ctx = admin
    desktop.show_main_window()
    qtbot.addWidget(desktop.window)
    settings = desktop.window.show_page("settings")
    settings.language.setCurrentIndex(settings.language.findData(language))
    window = desktop.window
    qtbot.addWidget(window)
    assert LocalSettings.load(layout).language == "en"
    assert window.nav.item(0).text() == "Home"
    assert window.nav.item(1).text() == "Cases"  # the list of cases, not "Case"
    assert window.nav.item(window.nav.count() - 1).text() == "Settings"
    set_language("id")


def test_admin_sets_and_removes_the_letterhead_logo(
    qtbot, monkeypatch, main_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QImage

    from netral_desktop.services.office import logo_bytes

    image = QImage(120, 120, QImage.Format.Format_RGB32)
    image.fill(QColor("darkred"))
    logo = tmp_path / "logo.png"
    image.save(str(logo))
    answer_file_dialogs(monkeypatch, open=logo)
    page = main_window.show_page("settings")
    assert page.logo.pixmap().isNull()
    page.logo_button.click()
    assert logo_bytes(main_window._ctx) == logo.read_bytes()
    assert not page.logo.pixmap().isNull()
    page.logo_clear.click()
    assert logo_bytes(main_window._ctx) is None
    assert page.logo.text() == "(tanpa\nlogo)"  # no stand-in artwork is printed either


def test_signers_issuer_and_device_code_are_set_in_settings(
    qtbot, monkeypatch, main_window
) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services import numbering
    from netral_desktop.services.context import current_office
    from netral_desktop.ui.pages import settings_page

    monkeypatch.setattr(settings_page, "show_info", lambda *a, **k: None)
    page = main_window.show_page("settings")
    page.signers["head_name"].setText("Dr. H. Ahmad Fauzi, S.H., M.Si.")
    page.signers["secretary_name"].setText("Dewi Anggraini, S.E.")
    page.signers["secretary_nip"].setText("19800517 200501 2 003")
    page.signers["letter_issuer"].setText("K.DI-02")
    page.device.setText("b")
    page.save_letters.click()
    office = current_office(main_window._ctx)
    assert (office.head_name, office.secretary_nip, office.letter_issuer) == (
        "Dr. H. Ahmad Fauzi, S.H., M.Si.",
        "198005172005012003",
        "K.DI-02",
    )
    assert numbering.device_code(main_window._ctx) == "B"
    page.device.setText("A!")
    page.save_letters.click()
    assert "1 sampai 3 huruf atau angka" in page.letters_error.text()
    assert numbering.device_code(main_window._ctx) == "B"  # nothing lost, nothing half-saved


def test_the_evidence_size_limit_is_set_in_settings(qtbot, monkeypatch, main_window) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.context import current_office
    from netral_desktop.ui.pages import settings_page

    monkeypatch.setattr(settings_page, "show_info", lambda *a, **k: None)
    page = main_window.show_page("settings")
    assert page.evidence_limit.value() == 200 and page.evidence_limit.isEnabled()
    page.evidence_limit.setValue(500)
    page.save_office.click()
    assert current_office(main_window._ctx).evidence_max_mb == 500


def test_a_file_that_is_not_an_image_is_refused_as_logo(
    qtbot, monkeypatch, main_window, tmp_path
) -> None:  # type: ignore[no-untyped-def]

    fake = tmp_path / "logo.png"
    fake.write_bytes(b"bukan gambar")
    answer_file_dialogs(monkeypatch, open=fake)
    page = main_window.show_page("settings")
    page.logo_button.click()
    assert "bukan gambar PNG atau JPEG" in page.office_error.text()

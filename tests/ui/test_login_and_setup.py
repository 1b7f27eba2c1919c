"""First start (setup wizard) and the login dialog, as a person uses them."""

from __future__ import annotations

from functools import partial

from netral_desktop.config import HomeLayout
from netral_desktop.services.accounts import authenticate
from netral_desktop.services.context import ServiceContext
from tests.conftest import ADMIN_PASSWORD, forget_secrets


def test_wizard_sets_up_an_office(qtbot, layout: HomeLayout, runner, real_keyring) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.setup import DATA_KEY, open_key_store
    from netral_desktop.ui.setup_wizard import SetupWizard

    wizard = SetupWizard(layout, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    page = wizard.office_page
    qtbot.keyClicks(page.code, "99.99")
    wizard.next()
    assert wizard.currentPage() is page
    assert "tidak ada dalam daftar resmi" in page.error.text()
    page.code.clear()
    qtbot.keyClicks(page.code, "52.01")  # Lombok Barat, Nusa Tenggara Barat
    assert page.name.text() == "Bawaslu Kabupaten Lombok Barat"
    assert page.time_zone.currentText() == "WITA"
    wizard.next()
    assert wizard.currentPage() is wizard.letterhead_page  # all optional: straight on
    wizard.next()
    admin = wizard.admin_page
    qtbot.keyClicks(admin.username, "Rina")
    qtbot.keyClicks(admin.full_name, "Rina Kartikasari")
    qtbot.keyClicks(admin.password, "rahasia-1")
    qtbot.keyClicks(admin.repeat, "rahasia-2")
    wizard.next()
    assert "tidak sama" in admin.error.text()
    admin.repeat.clear()
    qtbot.keyClicks(admin.repeat, "rahasia-1")
    wizard.next()
    assert wizard.currentPage() is wizard.keys_page
    assert wizard.keys_page.use_keyring.isChecked()
    wizard.accept()
    assert wizard.ctx is not None
    assert wizard.admin_username == "rina"
    assert layout.database.exists()
    assert open_key_store(wizard.ctx).get(DATA_KEY) is not None
    forget_secrets(open_key_store(wizard.ctx))
    wizard.ctx.db.dispose()


def test_login_dialog_wrong_then_right_password(qtbot, office: ServiceContext, runner) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from netral_desktop.ui.login_dialog import LoginDialog

    dialog = LoginDialog(partial(authenticate, office), runner, "Bawaslu Kabupaten Bantul", "rina")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "salah-sandi")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is None
    assert dialog.error.text() == "Nama pengguna atau kata sandi salah."
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.actor is not None and dialog.actor.username == "rina"
    assert dialog.result() == dialog.DialogCode.Accepted


def test_login_dialog_reports_lock_out(qtbot, office: ServiceContext, runner) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.config import MAX_FAILED_LOGINS
    from netral_desktop.ui.login_dialog import LoginDialog

    dialog = LoginDialog(partial(authenticate, office), runner, "Bawaslu Kabupaten Bantul", "rina")
    qtbot.addWidget(dialog)
    for _ in range(MAX_FAILED_LOGINS):
        dialog.password.setText("salah-sandi")
        dialog.submit()
    assert "dikunci sampai pukul" in dialog.error.text()
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.submit()
    assert dialog.actor is None
    assert "dikunci" in dialog.error.text()

"""The setup wizard asks for the letterhead (address, phone, e-mail, website), shows the
password rule before it is broken (and a live verdict), and offers the language."""

from __future__ import annotations

from netral_desktop.config import HomeLayout, LocalSettings
from netral_desktop.i18n import current_language, set_language


def _to_letterhead(qtbot, wizard) -> None:  # type: ignore[no-untyped-def]
    wizard.show()
    wizard.next()
    qtbot.keyClicks(wizard.office_page.code, "34.02")
    wizard.next()
    assert wizard.currentPage() is wizard.letterhead_page


def test_the_letterhead_asked_at_setup_is_on_the_office_and_its_letters(
    qtbot, layout: HomeLayout, runner
) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.services.context import current_office
    from netral_desktop.services.documents import office_info
    from netral_desktop.ui.setup_wizard import SetupWizard

    wizard = SetupWizard(layout, runner)
    qtbot.addWidget(wizard)
    _to_letterhead(qtbot, wizard)
    page = wizard.letterhead_page
    values = {
        "address": "Jl. Jenderal Sudirman No. 12, Bantul 55711",
        "city": "Bantul",
        "phone": "(0274) 367 123",
        "email": "set.bantul-bawaslu",
        "website": "bantul.bawaslu.go.id",
    }
    for key, text in values.items():
        qtbot.keyClicks(page.inputs[key], text)
    wizard.next()
    assert wizard.currentPage() is page and "tidak sah" in page.error.text()
    page.inputs["email"].clear()
    qtbot.keyClicks(page.inputs["email"], "set.bantul@bawaslu.go.id")
    wizard.next()
    admin = wizard.admin_page
    qtbot.keyClicks(admin.username, "rina")
    qtbot.keyClicks(admin.full_name, "Rina Kartikasari")
    qtbot.keyClicks(admin.password, "rahasia-1")
    qtbot.keyClicks(admin.repeat, "rahasia-1")
    wizard.next()
    keys = wizard.keys_page
    keys.use_file.setChecked(True)
    qtbot.keyClicks(keys.passphrase, "sandi-berkas-kunci")
    qtbot.keyClicks(keys.repeat, "sandi-berkas-kunci")
    wizard.accept()
    assert wizard.ctx is not None
    office = current_office(wizard.ctx)
    assert (office.address, office.city, office.phone, office.email, office.website) == (
        "Jl. Jenderal Sudirman No. 12, Bantul 55711",
        "Bantul",
        "(0274) 367 123",
        "set.bantul@bawaslu.go.id",
        "bantul.bawaslu.go.id",
    )
    info = office_info(wizard.ctx)
    from netral_desktop.pdf.render import letterhead_lines

    lines = " ".join(text for text, _size, _bold in letterhead_lines(info)).replace("&nbsp;", " ")
    assert "Laman bantul.bawaslu.go.id" in lines and "Telepon (0274) 367 123" in lines
    wizard.ctx.db.dispose()


def test_the_password_rule_is_shown_before_it_is_broken(qtbot, layout, runner) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.setup_wizard import SetupWizard

    wizard = SetupWizard(layout, runner)
    qtbot.addWidget(wizard)
    _to_letterhead(qtbot, wizard)
    wizard.next()
    admin = wizard.admin_page
    assert admin.rule.rule.isVisible()
    assert admin.rule.rule.text().startswith("Paling sedikit 8 karakter")
    assert admin.rule.verdict.text() == ""  # nothing typed, nothing wrong yet
    qtbot.keyClicks(admin.username, "rina")
    qtbot.keyClicks(admin.password, "pendek")
    assert admin.rule.verdict.text().startswith("✗ Kata sandi terlalu pendek")
    qtbot.keyClicks(admin.password, "-tapi-cukup")
    assert admin.rule.verdict.text() == "✓ Kata sandi memenuhi aturan."
    qtbot.keyClicks(admin.repeat, "pendek")
    assert admin.rule.verdict.text().endswith("Ulangan belum sama.")
    qtbot.keyClicks(admin.repeat, "-tapi-cukup")
    assert admin.rule.verdict.text().endswith("Kedua isian sama.")
    assert admin.error.text() == ""  # the rule was shown without an error


def test_the_language_is_offered_first(qtbot, monkeypatch, layout, runner) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui import setup_wizard
    from netral_desktop.ui.app import DesktopApp

    built: list[str] = []
    answers = iter(["en", None])

    def exec_(self):  # type: ignore[no-untyped-def]
        built.append(self.windowTitle())
        choice = next(answers)
        if choice:  # the person picks English on the first page
            self.language.setCurrentIndex(self.language.findData(choice))
        return 0

    monkeypatch.setattr(setup_wizard.SetupWizard, "exec", exec_)
    desktop = DesktopApp(layout, runner)
    try:
        assert desktop.start() is False  # the second wizard was cancelled
        assert built == ["Menyiapkan Netral Desktop", "Setting up Netral Desktop"]
        assert current_language() == "en"
        assert LocalSettings.load(layout).language == "en"
    finally:
        set_language("id")
        from netral_desktop.ui.qt_language import remove_qt_translations

        remove_qt_translations()

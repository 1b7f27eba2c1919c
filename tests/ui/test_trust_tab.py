"""Kepercayaan in the window: a district takes the province's trust file on a phone-checked
fingerprint (a checkbox, nothing written when cancelled), a tampered file is refused, the
district's enrollment is exported for the province, which takes it (the phone check again),
issues the next trust file, and revokes an office's key; and the tab is only for those who
manage keys, in both languages."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QTableWidget,
)

from netral_desktop.i18n import set_language
from netral_desktop.services import sync_bundle_io
from netral_desktop.services import trust as trust_service
from netral_desktop.services.context import ServiceContext
from tests.case_samples import user
from tests.services.sync_helpers import new_office
from tests.ui.conftest import answer_file_dialogs

SHOTS = os.environ.get("NETRAL_SCREENSHOTS")  # a folder: the test saves what it shows there

# Trust lives in the data folder and the key store, not the database: one engine is enough.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def province(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[ServiceContext]:
    yield from new_office(
        tmp_path / "province",
        request,
        "sqlite",
        code="34",
        name="Bawaslu Provinsi Daerah Istimewa Yogyakarta",
        mode="province",
    )


@pytest.fixture
def kota(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[ServiceContext]:
    """A second district of the province."""
    yield from new_office(
        tmp_path / "kota", request, "sqlite", code="34.71", name="Bawaslu Kota Yogyakarta"
    )


@pytest.fixture
def told(monkeypatch) -> dict[str, list[Any]]:  # type: ignore[no-untyped-def]
    """Error boxes and confirmations answered at once (yes unless told otherwise); what they
    said kept for the test."""
    from netral_desktop.ui.pages import sync_page, trust_tab

    said: dict[str, list[Any]] = {"errors": [], "asked": [], "answers": []}

    def ask(_parent, _title, text, _yes, _no=None) -> bool:  # type: ignore[no-untyped-def]
        said["asked"].append(text)
        return said["answers"].pop(0) if said["answers"] else True

    def error(_parent, exc, _title=None) -> None:  # type: ignore[no-untyped-def]
        said["errors"].append(exc)

    monkeypatch.setattr(trust_tab, "confirm", ask)
    monkeypatch.setattr(trust_tab, "show_error", error)
    monkeypatch.setattr(sync_page, "show_error", error)
    return said


def answer_phone_check(monkeypatch, *, checked: bool, shot: str = "") -> list[Any]:  # type: ignore[no-untyped-def]
    """Answer the fingerprint dialog: the import button is disabled until the box is checked;
    ``checked`` ticks it and presses the button, else Batal. Returns the dialogs seen, with
    what they showed before the answer."""
    from netral_desktop.ui.pages import trust_tab

    seen: list[Any] = []

    def run(dialog: QDialog) -> int:
        seen.append(
            {
                "who": dialog.findChild(QLabel, "phoneCheckWho").text(),
                "fingerprint": dialog.fingerprint.text(),
                "enabled_before": dialog.ok_button.isEnabled(),
                "cancel_is_default": dialog.cancel_button.isDefault(),
                "ok_is_default": dialog.ok_button.isDefault(),
            }
        )
        if SHOTS and shot:
            dialog.show()
            QApplication.processEvents()
            dialog.grab().save(str(Path(SHOTS) / shot))
        if not checked:
            dialog.cancel_button.click()
            return dialog.result()
        dialog.check.setChecked(True)
        seen[-1]["enabled_after"] = dialog.ok_button.isEnabled()
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(trust_tab, "run_dialog", run)
    return seen


def _page(qtbot, ctx: ServiceContext, runner):  # type: ignore[no-untyped-def]
    from netral_desktop.ui.pages.sync_page import SyncPage

    page = SyncPage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1280 - 200, 720 - 60)  # beside the navigation, above the status bar
    page.show()
    if page.trust is not None:
        page.tabs.setCurrentWidget(page.trust)
    errors: list[BaseException] = []
    runner.default_error_handler = errors.append
    return page


def _window_page(qtbot, ctx: ServiceContext, runner):  # type: ignore[no-untyped-def]
    """The Sinkronisasi page in the main window at 1280x720, its Kepercayaan tab shown."""
    from netral_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx, runner)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    page = window.show_page("sync")
    page.tabs.setCurrentWidget(page.trust)
    errors: list[BaseException] = []
    runner.default_error_handler = errors.append
    return window, page


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        QApplication.processEvents()
        widget.grab().save(str(Path(SHOTS) / name))


def _held(ctx: ServiceContext):  # type: ignore[no-untyped-def]
    return trust_service.held_trust(ctx, sync_bundle_io.office_keys(ctx))


def _column(table: QTableWidget, column: int) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_a_district_without_trust_sees_what_to_do(
    qtbot, runner, admin: ServiceContext, told, tmp_path: Path
) -> None:
    window, page = _window_page(qtbot, admin, runner)
    tab = page.trust
    assert tab is not None and page.tabs.tabText(page.tabs.indexOf(tab)) == "Kepercayaan"
    assert "Belum ada berkas kepercayaan provinsi" in tab.held_summary.text()
    assert "impor di sini" in tab.held_summary.text()
    assert not tab.province_fingerprint.isVisibleTo(tab)
    own = sync_bundle_io.office_keys(admin).public
    assert tab.own_fingerprint.text() == own.fingerprint()
    assert len(own.fingerprint().split()) == 8
    _shot(window, "trust_district_before.png")
    # The Kirim tab says so before anything is tried, and after: the tab, not a command.
    assert page.send is not None
    assert "tab Kepercayaan" in page.send.summary.text()
    assert not page.send.export_button.isEnabled()  # waits for the trust file
    assert "tab Kepercayaan" in page.send.export_button.toolTip()
    # Should an export start anyway (the trust file removed meanwhile), it is refused so.
    page.send.export_to(tmp_path / "stick")
    assert "Impor dulu berkas kepercayaan provinsi di tab Kepercayaan" in page.send.status.text()
    assert "netral trust" not in page.send.status.text()
    assert [e.message for e in told["errors"]] == [page.send.status.text()]
    page.send.status.clear()
    page.tabs.setCurrentWidget(page.send)
    _shot(window, "trust_send_without_trust.png")
    assert not list((tmp_path / "stick").glob("*.netral*"))


def test_a_koordinator_is_told_to_ask_the_administrator(
    qtbot, runner, admin: ServiceContext, told, tmp_path: Path
) -> None:
    page = _page(qtbot, user(admin, "kiki", "koordinator"), runner)
    assert page.trust is None and page.send is not None  # no Kepercayaan tab for this role
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Kirim ke provinsi",
        "Terima bundel",
    ]
    page.send.export_to(tmp_path / "stick")
    assert "Minta administrator kantor" in page.send.status.text()


def test_the_first_trust_file_only_after_the_phone_check(
    qtbot, runner, monkeypatch, admin: ServiceContext, province: ServiceContext, told, tmp_path
) -> None:
    issued = trust_service.export_trust(province, tmp_path / "kepercayaan.json").trust
    window, page = _window_page(qtbot, admin, runner)
    tab = page.trust
    answer_file_dialogs(monkeypatch, open=tmp_path / "kepercayaan.json")
    seen = answer_phone_check(monkeypatch, checked=False, shot="trust_fingerprint_dialog.png")
    tab.import_button.click()
    assert seen[0]["fingerprint"] == issued.fingerprint
    assert "Bawaslu Provinsi Daerah Istimewa Yogyakarta" in seen[0]["who"]
    assert not seen[0]["enabled_before"]  # the button waits for the checkbox
    assert seen[0]["cancel_is_default"] and not seen[0]["ok_is_default"]
    assert _held(admin) is None  # cancelled: nothing written
    assert "Dibatalkan" in tab.notice.text()

    seen = answer_phone_check(monkeypatch, checked=True)
    tab.import_button.click()
    assert seen[0]["enabled_after"]
    held = _held(admin)
    assert held is not None and held.fingerprint == issued.fingerprint
    assert tab.province_fingerprint.isVisibleTo(tab)
    assert tab.province_fingerprint.text() == issued.fingerprint
    assert "Bawaslu Provinsi Daerah Istimewa Yogyakarta" in tab.held_summary.text()
    assert "versi 1" in tab.held_summary.text() and "WIB" in tab.held_summary.text()
    assert "versi 1 dipakai" in tab.notice.text()
    assert "tab Kepercayaan" not in page.send.summary.text()  # the Kirim tab knows too
    assert page.send.export_button.isEnabled()
    _shot(window, "trust_district_after.png")

    # The same file again: said, nothing asked.
    seen.clear()
    tab.import_button.click()
    assert seen == [] and "sudah dipegang" in tab.notice.text()
    assert told["errors"] == []


def test_a_tampered_trust_file_is_refused_and_nothing_changes(
    qtbot, runner, monkeypatch, admin: ServiceContext, province: ServiceContext, told, tmp_path
) -> None:
    issued = trust_service.export_trust(province, tmp_path / "kepercayaan.json").trust
    envelope = json.loads((tmp_path / "kepercayaan.json").read_text())
    envelope["body"] = envelope["body"].replace('"version": 1', '"version": 7')
    (tmp_path / "ubah.json").write_text(json.dumps(envelope))
    page = _page(qtbot, admin, runner)
    seen = answer_phone_check(monkeypatch, checked=True)
    answer_file_dialogs(monkeypatch, open=tmp_path / "ubah.json")
    page.trust.import_button.click()
    assert seen == []  # refused before any question
    assert len(told["errors"]) == 1 and "tidak sah" in told["errors"][0].message
    assert "ditolak" in page.trust.notice.text()
    assert _held(admin) is None
    # Held the real one first: the tampered one changes nothing either.
    page.trust.import_trust_file(tmp_path / "kepercayaan.json")
    page.trust.import_trust_file(tmp_path / "ubah.json")
    assert len(told["errors"]) == 2
    assert _held(admin).version == issued.version == 1  # type: ignore[union-attr]
    assert page.trust.province_fingerprint.text() == issued.fingerprint


def test_enrollment_export_is_what_the_province_takes(
    qtbot, runner, monkeypatch, admin: ServiceContext, province: ServiceContext, told, tmp_path
) -> None:
    page = _page(qtbot, admin, runner)
    shown = answer_file_dialogs(monkeypatch, save=tmp_path / "pendaftaran-34.02.json")
    page.trust.export_button.click()
    assert shown[0].selectedFiles()[0].endswith("pendaftaran-34.02.json")  # the suggestion
    assert "bacakan sidik jari" in page.trust.notice.text()
    preview = trust_service.import_enrollment(province, tmp_path / "pendaftaran-34.02.json")
    assert preview.outcome == "new"
    assert preview.enrollment.fingerprint == page.trust.own_fingerprint.text()


def test_changing_the_office_key_asks_first_and_gives_the_new_fingerprint(
    qtbot, runner, monkeypatch, admin: ServiceContext, province: ServiceContext, told, tmp_path
) -> None:
    page = _page(qtbot, admin, runner)
    old = page.trust.own_fingerprint.text()
    answer_file_dialogs(monkeypatch, save=tmp_path / "ganti.json")
    told["answers"] = [False]
    page.trust.rotate_button.click()
    assert "Membuat kunci kantor baru?" in told["asked"][0]
    assert not (tmp_path / "ganti.json").exists()
    page.trust.rotate_button.click()
    assert (tmp_path / "ganti.json").exists()
    assert page.trust.own_fingerprint.text() != old
    assert "cadangan kunci baru" in page.trust.notice.text()


def test_the_province_enrolls_issues_and_revokes_end_to_end(
    qtbot,
    runner,
    monkeypatch,
    admin: ServiceContext,
    kota: ServiceContext,
    province: ServiceContext,
    told,
    tmp_path: Path,
) -> None:
    # The district holds version 1 and sends its enrollment; so does a second district.
    first = trust_service.export_trust(province, tmp_path / "v1.json").trust
    trust_service.import_trust(admin, tmp_path / "v1.json", confirmed_fingerprint=first.fingerprint)
    trust_service.export_enrollment(admin, tmp_path / "bantul.json")
    trust_service.export_enrollment(kota, tmp_path / "kota.json")

    window, page = _window_page(qtbot, province, runner)
    tab = page.trust
    assert tab is not None and page.overview is not None
    assert tab.province_fingerprint.text() == first.fingerprint
    assert tab.offices.rowCount() == 0

    answer_file_dialogs(monkeypatch, open=tmp_path / "bantul.json")
    seen = answer_phone_check(monkeypatch, checked=False, shot="trust_enrollment_dialog.png")
    tab.enroll_button.click()
    assert seen[0]["fingerprint"] == sync_bundle_io.office_keys(admin).public.fingerprint()
    assert tab.offices.rowCount() == 0  # not without the phone check
    seen = answer_phone_check(monkeypatch, checked=True)
    tab.enroll_button.click()
    assert _column(tab.offices, 0) == ["34.02"]
    assert "versi 2" in tab.notice.text()
    tab.enroll_button.click()  # again: already enrolled, nothing asked
    assert len(seen) == 1 and "sudah terdaftar" in tab.notice.text()
    tab.import_enrollment_file(tmp_path / "kota.json")
    assert _column(tab.offices, 0) == ["34.02", "34.71"]
    assert _column(tab.offices, 1) == ["Bawaslu Kabupaten Bantul", "Bawaslu Kota Yogyakarta"]
    assert tab.offices.item(0, 3).text() == sync_bundle_io.office_keys(admin).public.fingerprint()
    assert "versi 3" in tab.summary.text()
    _shot(window, "trust_province.png")

    # The next trust file, to the district, taken without a phone call.
    shown = answer_file_dialogs(monkeypatch, save=tmp_path / "v3.json")
    tab.export_button.click()
    assert shown[0].selectedFiles()[0].endswith("kepercayaan-34-v3.json")
    assert "versi 3 ditulis" in tab.notice.text()
    district = _page(qtbot, admin, runner)
    seen.clear()
    district.trust.import_trust_file(tmp_path / "v3.json")
    assert seen == [] and "versi 3 dipakai" in district.trust.notice.text()
    assert [o.code for o in _held(admin).offices] == ["34.02", "34.71"]  # type: ignore[union-attr]

    # Revoking: the button waits for a row, asks, and the office moves to the revoked keys.
    tab.offices.clearSelection()
    assert not tab.revoke_button.isEnabled()
    tab.offices.selectRow(1)
    assert tab.revoke_button.isEnabled()
    told["answers"] = [False]
    tab.revoke_button.click()
    assert "Cabut kunci kantor 34.71?" in told["asked"][-1]
    assert tab.offices.rowCount() == 2
    tab.offices.selectRow(1)
    tab.revoke_button.click()
    assert _column(tab.offices, 0) == ["34.02"]
    assert _column(tab.revoked, 0) == ["34.71"] and _column(tab.revoked, 2) == ["dicabut"]
    assert "34.71 dicabut" in tab.notice.text()
    _shot(window, "trust_province_revoked.png")
    assert told["errors"] == []


def test_the_province_key_changes_behind_a_confirmation(
    qtbot, runner, monkeypatch, admin: ServiceContext, province: ServiceContext, told, tmp_path
) -> None:
    first = trust_service.export_trust(province, tmp_path / "v1.json").trust
    trust_service.import_trust(admin, tmp_path / "v1.json", confirmed_fingerprint=first.fingerprint)
    page = _page(qtbot, province, runner)
    answer_file_dialogs(monkeypatch, save=tmp_path / "v2.json")
    told["answers"] = [False]
    page.trust.rotate_button.click()
    assert "Membuat kunci provinsi baru?" in told["asked"][0]
    assert not (tmp_path / "v2.json").exists()
    page.trust.rotate_button.click()
    assert page.trust.province_fingerprint.text() != first.fingerprint
    assert "setiap kabupaten/kota" in page.trust.notice.text()
    assert "cadangan kunci baru" in page.trust.notice.text()
    # The district holding the old key takes it after a simple question, no phone call.
    district = _page(qtbot, admin, runner)
    seen = answer_phone_check(monkeypatch, checked=True)
    district.trust.import_trust_file(tmp_path / "v2.json")
    assert seen == [] and "tidak perlu mencocokkan" in told["asked"][-1]
    assert district.trust.province_fingerprint.text() == page.trust.province_fingerprint.text()


def test_a_district_that_missed_a_rotation_imports_afresh_after_the_phone_check(
    qtbot, runner, monkeypatch, admin: ServiceContext, province: ServiceContext, told, tmp_path
) -> None:
    first = trust_service.export_trust(province, tmp_path / "v1.json").trust
    trust_service.import_trust(admin, tmp_path / "v1.json", confirmed_fingerprint=first.fingerprint)
    trust_service.export_trust(province, tmp_path / "v2.json", rotate=True)
    third = trust_service.export_trust(province, tmp_path / "v3.json", rotate=True).trust
    page = _page(qtbot, admin, runner)
    told["answers"] = [False]
    page.trust.import_trust_file(tmp_path / "v3.json")
    assert "Impor dari awal" not in told["asked"][0]  # the offer is the button's
    assert "setiap penggantian kunci" in told["asked"][0]
    assert _held(admin).version == 1  # type: ignore[union-attr]
    seen = answer_phone_check(monkeypatch, checked=True)
    page.trust.import_trust_file(tmp_path / "v3.json")  # this time: Impor dari awal…
    assert seen[0]["fingerprint"] == third.fingerprint
    assert _held(admin).fingerprint == third.fingerprint  # type: ignore[union-attr]


def test_the_tab_speaks_english(
    qtbot, runner, admin: ServiceContext, province: ServiceContext
) -> None:
    from netral_desktop.ui.pages.sync_page import SyncPage

    set_language("en")
    try:
        for ctx in (admin, province):
            page = SyncPage(ctx, runner)
            qtbot.addWidget(page)
            page.show()
            tab = page.trust
            assert tab is not None
            assert page.tabs.tabText(page.tabs.indexOf(tab)) != "Kepercayaan"
            texts = [w.text() for w in tab.findChildren(QLabel) + tab.findChildren(QAbstractButton)]
            texts += [w.title() for w in tab.findChildren(QGroupBox)]
            for table in tab.findChildren(QTableWidget):
                texts += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
            words = " ".join(texts)
            left = re.findall(
                r"(?i)\b(kepercayaan|kunci|sidik|impor|ekspor|kantor|berkas)\b", words
            )
            assert left == [], words
    finally:
        set_language("id")


def test_a_trust_file_damaged_in_the_data_folder_is_replaced_after_the_phone_check(
    qtbot, runner, monkeypatch, admin: ServiceContext, province: ServiceContext, told, tmp_path
) -> None:
    first = trust_service.export_trust(province, tmp_path / "v1.json").trust
    trust_service.import_trust(admin, tmp_path / "v1.json", confirmed_fingerprint=first.fingerprint)
    assert admin.layout is not None
    held = admin.layout.root / "trust" / "trust.json"
    held.write_bytes(held.read_bytes().replace(b"Yogyakarta", b"Yogyakarto"))
    page = _page(qtbot, admin, runner)
    assert "diubah di luar program" in page.trust.held_summary.text()
    assert not page.trust.province_fingerprint.isVisibleTo(page.trust)
    seen = answer_phone_check(monkeypatch, checked=True)
    page.trust.import_trust_file(tmp_path / "v1.json")
    assert seen[0]["fingerprint"] == first.fingerprint  # asked again: nothing to compare with
    assert _held(admin).fingerprint == first.fingerprint  # type: ignore[union-attr]
    assert page.trust.province_fingerprint.text() == first.fingerprint


def test_the_first_import_on_the_real_worker_thread(
    qtbot, monkeypatch, admin: ServiceContext, province: ServiceContext, told, tmp_path: Path
) -> None:
    """As in the window: the checks and the import run on the worker thread, the dialog and
    the tab's words on the GUI thread, and the buttons wait while the worker runs."""
    from netral_desktop.ui.tasks import TaskRunner

    issued = trust_service.export_trust(province, tmp_path / "kepercayaan.json").trust
    runner = TaskRunner()
    try:
        page = _page(qtbot, admin, runner)
        tab = page.trust
        qtbot.waitUntil(lambda: "Belum ada berkas" in tab.held_summary.text(), timeout=20_000)
        answer_file_dialogs(monkeypatch, open=tmp_path / "kepercayaan.json")
        seen = answer_phone_check(monkeypatch, checked=True)
        tab.import_button.click()
        assert not tab.import_button.isEnabled()  # the worker has it
        qtbot.waitUntil(lambda: "dipakai" in tab.notice.text(), timeout=20_000)
        qtbot.waitUntil(lambda: tab.province_fingerprint.isVisibleTo(tab), timeout=20_000)
        assert seen and seen[0]["fingerprint"] == issued.fingerprint
        assert tab.province_fingerprint.text() == issued.fingerprint
        assert tab.import_button.isEnabled()
        assert _held(admin) is not None and told["errors"] == []
        qtbot.waitUntil(lambda: page.send.export_button.isEnabled(), timeout=20_000)
    finally:
        runner.shutdown()


def _answer_passphrase(monkeypatch, first: str, second: str, shot: str = "") -> list[Any]:  # type: ignore[no-untyped-def]
    """Type the key backup's passphrase twice and press Cadangkan; what the dialog said."""
    from netral_desktop.ui.pages import trust_tab

    seen: list[Any] = []

    def run(dialog: QDialog) -> int:
        dialog.password.setText(first)
        dialog.repeat.setText(second)
        dialog.show()
        if SHOTS and shot:
            QApplication.processEvents()
            dialog.grab().save(str(Path(SHOTS) / shot))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        seen.append({"title": dialog.windowTitle(), "error": dialog.error.text()})
        if dialog.result() != QDialog.DialogCode.Accepted:
            dialog.reject()
        return dialog.result()

    monkeypatch.setattr(trust_tab, "run_dialog", run)
    return seen


def test_the_office_keys_are_backed_up_from_the_tab_behind_a_passphrase(
    qtbot, runner, monkeypatch, admin: ServiceContext, province: ServiceContext, told, tmp_path
) -> None:
    """After a key change the tab says to back the keys up: the button does it, as ``netral
    keys backup`` does (a passphrase typed twice, the file opens with it and no other)."""
    from netral_desktop.services import keys

    for ctx in (admin, province):
        page = _page(qtbot, ctx, runner)
        tab = page.trust
        target = tmp_path / f"kunci-{ctx.meta['installation_id']}.zip"
        answer_file_dialogs(monkeypatch, save=target)
        said = _answer_passphrase(monkeypatch, "cadangan-kunci-7", "cadangan-kunci-8")
        tab.backup_button.click()
        assert "tidak sama" in said[0]["error"] and not target.exists()  # typed twice, differs

        said = _answer_passphrase(
            monkeypatch, "cadangan-kunci-7", "cadangan-kunci-7", shot="trust_key_backup.png"
        )
        tab.backup_button.click()
        assert said[0]["error"] == "" and target.exists()
        assert "Cadangan kunci disimpan" in tab.notice.text() and str(target) in tab.notice.text()
        backup = keys.read_backup(target, "cadangan-kunci-7")
        assert backup.keys.public.key == sync_bundle_io.office_keys(ctx).public.key
        with pytest.raises(Exception, match="sandi"):
            keys.read_backup(target, "cadangan-kunci-8")
    assert told["errors"] == []


def test_after_a_key_change_the_advice_names_the_button_not_a_command(
    qtbot, runner, admin: ServiceContext, told, tmp_path, monkeypatch
) -> None:
    page = _page(qtbot, admin, runner)
    tab = page.trust
    answer_file_dialogs(monkeypatch, save=tmp_path / "pendaftaran-34.02.json")
    tab.rotate_button.click()
    assert "Cadangkan kunci" in tab.notice.text()
    assert "netral keys" not in tab.notice.text()

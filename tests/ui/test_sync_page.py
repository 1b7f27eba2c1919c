"""The Sinkronisasi page: a bundle onto the stick with a progress bar and cancel, the stick
released only after the re-check; the province takes it in, sees the report and the overview,
and decides a conflict."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from netral_desktop.services import roster, sync_bundle_io
from netral_desktop.services.context import ServiceContext
from netral_desktop.sync.office_keys import OfficeKeys
from netral_desktop.sync.signers import TrustedSigner, TrustList
from tests.services.sync_helpers import new_office

SHOTS = os.environ.get("NETRAL_SCREENSHOTS")  # a folder: the test saves what it shows there


@pytest.fixture
def province(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[ServiceContext]:
    yield from new_office(
        tmp_path / "province", request, "sqlite", code="34", name="Bawaslu DIY", mode="province"
    )


@pytest.fixture
def linked(admin: ServiceContext, province: ServiceContext, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The district sends to this province and the province trusts the district: the trust
    and enrollment files exchanged as the offices do (the phone check taken as done)."""
    from netral_desktop.services import trust

    exchange = tmp_path / "trust-exchange"
    issued = trust.export_trust(province, exchange / "kepercayaan.json").trust
    trust.import_trust(
        admin, exchange / "kepercayaan.json", confirmed_fingerprint=issued.fingerprint
    )
    trust.export_enrollment(admin, exchange / "pendaftaran-34.02.json")
    trust.import_enrollment(province, exchange / "pendaftaran-34.02.json")
    return sync_bundle_io.office_keys(province)


def _page(qtbot, ctx: ServiceContext, runner):  # type: ignore[no-untyped-def]
    from netral_desktop.ui.pages.sync_page import SyncPage

    page = SyncPage(ctx, runner)
    qtbot.addWidget(page)
    page.resize(1280 - 200, 720 - 60)  # beside the navigation, above the status bar
    page.show()
    return page


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def _roster(ctx: ServiceContext) -> str:
    agency = roster.create_agency(ctx, roster.AgencyFields(name="Dinas Kesehatan"))
    person = roster.create_person(
        ctx,
        roster.PersonFields(
            full_name="Sri Wahyuni", nip="19850101 201001 2 003", agency_id=agency.id
        ),
    )
    return person.id


def test_export_with_progress_then_the_province_merges_and_decides(
    qtbot, runner, admin: ServiceContext, province: ServiceContext, linked, tmp_path: Path
) -> None:
    person_id = _roster(admin)
    page = _page(qtbot, admin, runner)
    assert page.send is not None and page.overview is None  # a district sends
    seen: list[int] = []
    midway: list[tuple[bool, bool]] = []

    def moved(done: int, _total: int) -> None:
        seen.append(done)
        if 300 <= done < 1000 and not midway:
            # While it writes: the bar part way, cancel offered, no second export.
            assert page.send is not None
            midway.append(
                (page.send.cancel_button.isEnabled(), page.send.export_button.isEnabled())
            )
            _shot(page, "sync_send_progress.png")

    page.send._signals.moved.connect(moved)
    page.send.export_to(tmp_path / "stick")
    assert seen and seen[-1] == 1000  # the bar moved to the end
    assert midway == [(True, False)]
    status = page.send.status.text()
    assert "flashdisk boleh dicabut" in status and "nomor 1" in status
    assert page.send.bundles.rowCount() == 1
    assert page.send.bundles.item(0, 5).text() == "belum"
    _shot(page, "sync_send.png")
    bundle = next((tmp_path / "stick").glob("*.netral"))

    other = _page(qtbot, province, runner)
    assert other.send is None and other.receive is not None and other.overview is not None
    other.receive.import_file(bundle)
    assert "digabung" in other.receive.report.toPlainText()
    assert "Tanda terima ditulis" in other.receive.report.toPlainText()
    assert other.receive.reports.rowCount() == 1
    assert other.overview.table.rowCount() == 1
    assert other.overview.table.item(0, 0).text() == "34.02"
    assert other.overview.table.item(0, 2).text() == "1"
    # Times in the office's zone and words, as everywhere else in the window (the zone in
    # the column's header); the office's name without "Bawaslu", whole in its tooltip.
    header = other.overview.table.horizontalHeaderItem(3).text()
    assert header == "Dibuat (WIB)"
    assert other.overview.table.item(0, 3).text() == "14 Mei 2024 09.00"
    name = other.overview.table.item(0, 1)
    assert name.text() == "Kabupaten Bantul" and name.toolTip() == "Kabupaten Bantul"
    other.tabs.setCurrentWidget(other.overview)
    other.resize(1060, 600)  # the page's width in a 1280-pixel window beside the sidebar
    other.show()
    qtbot.waitExposed(other)
    widths = [other.overview.table.columnWidth(c) for c in range(11)]
    name_width = other.overview.table.fontMetrics().horizontalAdvance("Kabupaten Bantul")
    assert widths[1] >= name_width, widths  # not cut short at 1,000 pixels

    # Two edits made apart: the province decides in the window.
    roster.update_person(province, person_id, roster.PersonChanges(jabatan="Bidan Penyelia"))
    roster.update_person(admin, person_id, roster.PersonChanges(jabatan="Bidan Terampil"))
    page.send.export_to(tmp_path / "stick")
    second = sorted((tmp_path / "stick").glob("*.netral"))[-1]
    other.receive.import_file(second)
    assert other.receive.conflict_table.rowCount() == 1
    assert other.overview.table.item(0, 9).text() == "1"
    other.tabs.setCurrentWidget(other.overview)
    _shot(other, "sync_overview.png")
    other.tabs.setCurrentWidget(other.receive)
    other.receive.conflict_table.selectRow(0)
    assert "Bidan Terampil" in other.receive.detail.toPlainText()
    _shot(other, "sync_receive.png")
    other.receive.take_incoming.click()
    assert other.receive.conflict_table.rowCount() == 0
    assert roster.get_person(province, person_id).jabatan == "Bidan Terampil"


def test_cancel_leaves_no_bundle_and_gives_the_number_back(
    qtbot, runner, admin: ServiceContext, linked, tmp_path: Path
) -> None:
    _roster(admin)
    page = _page(qtbot, admin, runner)
    assert page.send is not None
    # The person presses Batal while the bundle is being written.
    page.send._signals.moved.connect(lambda *_: page.send.cancel_button.click())
    errors: list[BaseException] = []
    runner.default_error_handler = errors.append
    page.send.export_to(tmp_path / "stick")
    assert "Dibatalkan" in page.send.status.text()
    assert list((tmp_path / "stick").glob("*.netral*")) == []
    assert page.send.export_button.isEnabled() and not page.send.cancel_button.isEnabled()
    page.send._signals.moved.disconnect()
    page.send.export_to(tmp_path / "stick")
    assert "nomor 1" in page.send.status.text()  # the cancelled bundle's number is free again


def test_a_refused_bundle_says_so_and_writes_nothing(
    qtbot,
    runner,
    monkeypatch,
    admin: ServiceContext,
    province: ServiceContext,
    linked,
    tmp_path: Path,
) -> None:
    _roster(admin)
    sender = _page(qtbot, admin, runner)
    sender.send.export_to(tmp_path / "stick")
    bundle = next((tmp_path / "stick").glob("*.netral"))
    stranger = TrustList([TrustedSigner("34.02", "Bantul", OfficeKeys.generate().public)])
    monkeypatch.setattr(sync_bundle_io, "trust_list", lambda ctx, keys=None: stranger)
    errors: list[BaseException] = []
    monkeypatch.setattr(
        "netral_desktop.ui.pages.sync_page.show_error", lambda _w, e: errors.append(e)
    )
    page = _page(qtbot, province, runner)
    page.receive.import_file(bundle)
    assert "ditolak" in page.receive.report.toPlainText()
    assert errors and getattr(errors[0], "exit_status", 0) == 3
    assert page.receive.reports.rowCount() == 0

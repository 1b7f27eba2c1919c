"""The window on a full disk or a read-only folder (issue 12 item 6): a message box that says
what to do, and nothing left behind (no scan recorded, no half file)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from netral_desktop.services import pledge
from tests.pledge_samples import png_bytes
from tests.ui import test_pledges_page
from tests.ui.conftest import answer_file_dialogs

# The pledge page's fixtures: the main window with one event (questions answered yes).
event_window = test_pledges_page.event_window
date_questions = test_pledges_page.date_questions


def _files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts of the message boxes the panel shows (as ``show_error`` would put them)."""
    from netral_desktop.ui.pages.pledges import documents_panel
    from netral_desktop.ui.widgets import error_text

    shown: list[str] = []
    monkeypatch.setattr(
        documents_panel, "show_error", lambda parent, exc, title=None: shown.append(error_text(exc))
    )
    return shown


def test_a_scan_on_a_full_disk_is_a_message_and_leaves_nothing(
    qtbot,
    monkeypatch,
    event_window,
    boxes,
    tmp_path,
) -> None:  # type: ignore[no-untyped-def]

    window, page, event, _agency = event_window
    scan = tmp_path / "pindaian.png"
    scan.write_bytes(png_bytes())
    attachments = window._ctx.layout.attachments
    before = _files(attachments)
    shown = page.view.evidence.count()  # (an empty list shows a hint line)
    answer_file_dialogs(monkeypatch, open=[scan])

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, "write", full)
        page.view.attach()
    assert len(boxes) == 1
    assert "penuh" in boxes[0] and "Kosongkan sebagian ruang" in boxes[0]
    assert page.view.evidence.count() == shown
    assert pledge.list_evidence(window._ctx, event.id) == []
    assert _files(attachments) == before  # no scan file, no .part


def test_a_recap_to_a_read_only_folder_is_a_message_and_leaves_nothing(
    qtbot,
    monkeypatch,
    event_window,
    boxes,
    tmp_path,
    make_read_only,
) -> None:  # type: ignore[no-untyped-def]

    _window, page, _event, _agency = event_window
    usb = tmp_path / "usb"
    usb.mkdir()
    make_read_only(usb)
    answer_file_dialogs(monkeypatch, save=usb / "rekap.xlsx")
    page.view.documents.recap_xlsx()
    assert len(boxes) == 1
    assert "hanya-baca" in boxes[0] and "Pilih tempat lain" in boxes[0]
    assert _files(usb) == set()


def test_the_message_box_reads_well(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from netral_desktop.core.errors import StoreError
    from netral_desktop.store.files import explain
    from netral_desktop.ui.widgets import error_text

    exc = StoreError(
        explain(Path("/media/usb/rekap-kehadiran.xlsx"), OSError(errno.ENOSPC, "No space"))
    )
    box = QMessageBox(QMessageBox.Icon.Warning, "Tidak dapat dilanjutkan", error_text(exc))
    qtbot.addWidget(box)
    box.show()
    assert "Ruang penyimpanan di /media/usb penuh" in box.text()
    assert box.width() < 1280 and box.height() < 720
    if os.environ.get("NETRAL_SCREENSHOTS"):
        box.grab().save(os.path.join(os.environ["NETRAL_SCREENSHOTS"], "full_disk_box.png"))

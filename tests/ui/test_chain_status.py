"""The audit page's banner: whole and anchored, or what was changed behind the program's back."""

from __future__ import annotations

import os
from pathlib import Path

from netral_desktop.services import accounts
from tests.conftest import behind_the_program


def _grab(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("NETRAL_SCREENSHOTS")
    if folder:
        page.window().resize(1280, 720)
        page.window().grab().save(str(Path(folder) / name))


def test_the_audit_page_shows_a_whole_anchored_log(main_window) -> None:  # type: ignore[no-untyped-def]
    page = main_window.show_page("audit")
    banner = page.chain_status
    assert banner.title.text() == "Log audit utuh dan terkunci"
    assert banner.detail.text().startswith("3 entri diperiksa dengan kunci kantor; cocok dengan")
    assert "Akun, data kantor dan dokumen terbit cocok dengan segelnya (2 baris)." in (
        banner.detail.text()
    )
    _grab(page, "audit_ok.png")


def test_the_audit_page_names_what_was_changed(main_window, admin) -> None:  # type: ignore[no-untyped-def]
    accounts.create_user(
        admin, username="budi", full_name="Budi Santoso", role="staf", password="sandi-budi-1"
    )
    behind_the_program(
        admin,
        "UPDATE user_account SET role = 'admin' WHERE username = 'budi'",
        "DELETE FROM audit_log WHERE seq > 2",
    )
    page = main_window.show_page("audit")
    page.verify()
    banner = page.chain_status
    assert banner.title.text() == "Peringatan: data diubah di luar program"
    lines = banner.detail.text().split("\n")
    assert lines[0] == (
        "Log audit, entri #3: entri terakhir dihapus: log berakhir di #2, padahal kepala rantai "
        "yang dicatat di luar basis data adalah #4 (2 entri hilang)."
    )
    assert lines[1] == (
        "1 baris diubah di luar program (tidak cocok dengan segelnya): akun 'budi'."
    )
    _grab(page, "audit_broken.png")

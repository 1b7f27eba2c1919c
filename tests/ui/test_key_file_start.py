"""README's first command on a machine with no OS keyring: the demo office keeps its keys in a
passphrase key file, and the window asks for that passphrase at login (never stored)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from PySide6.QtCore import Qt

from netral_desktop.config import HomeLayout
from netral_desktop.ui.app import DesktopApp
from netral_desktop.ui.tasks import InlineTaskRunner

USER_LINE = re.compile(r"^  (sekretariat)\s+sekretariat\s+(\S+)$", re.M)
KEY_LINE = re.compile(r"Kata sandi berkas kunci \(ditanyakan jendela saat masuk\): (\S+)")


def test_demo_without_keyring_then_the_window_asks_the_key_file_passphrase(  # type: ignore[no-untyped-def]
    qtbot, layout: HomeLayout, no_keyring, capsys, tmp_path: Path
) -> None:
    from netral_desktop.cli import main
    from netral_desktop.services.keys import lock_key_files

    assert main(["--home", str(layout.root), "demo"]) == 0
    out = capsys.readouterr().out
    # What to do next comes first; the passwords stand out below it.
    assert out.index("LANGKAH BERIKUTNYA") < out.index("KATA SANDI PENGGUNA DEMO")
    assert "tidak punya keyring sistem" in out
    user = USER_LINE.search(out)
    key = KEY_LINE.search(out)
    assert user is not None and key is not None
    passphrase = key.group(1)
    # No secret in plain text anywhere in the data folder.
    for path in layout.root.rglob("*"):
        if path.is_file():
            assert passphrase.encode() not in path.read_bytes(), path
    assert layout.key_file.is_file()
    assert layout.root.stat().st_mode & 0o777 == 0o700

    lock_key_files()  # a new start of the program: nothing is unlocked
    desktop = DesktopApp(layout, runner=InlineTaskRunner())
    assert desktop.start()
    dialog = desktop.login_dialog
    assert dialog is not None and dialog.passphrase is not None
    qtbot.addWidget(dialog)
    if os.environ.get("NETRAL_SCREENSHOTS"):
        dialog.grab().save(str(Path(os.environ["NETRAL_SCREENSHOTS"]) / "login-key-file.png"))
    dialog.username.setText(user.group(1))
    dialog.password.setText(user.group(2))
    dialog.passphrase.setText("bukan-kata-sandinya")
    dialog.submit()
    assert desktop.window is None
    assert "Kata sandi berkas kunci salah" in dialog.error.text()
    assert dialog.passphrase.text() == "" and dialog.password.text() == user.group(2)
    dialog.passphrase.setText(passphrase)
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert desktop.window is not None and desktop.window.isVisible()
    qtbot.addWidget(desktop.window)
    if os.environ.get("NETRAL_SCREENSHOTS"):
        desktop.window.grab().save(str(Path(os.environ["NETRAL_SCREENSHOTS"]) / "demo-window.png"))
    desktop.window.logout_requested.emit()
    assert desktop.login_dialog is not None
    qtbot.addWidget(desktop.login_dialog)
    desktop.close()

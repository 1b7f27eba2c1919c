"""Berkas → Cadangkan in the window: an encrypted, signed backup, and a message that says so."""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import answer_file_dialogs


def test_the_window_makes_an_encrypted_signed_backup(main_window, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui import main_window as module

    shown: list[str] = []
    (tmp_path / "usb").mkdir()
    answer_file_dialogs(monkeypatch, open=tmp_path / "usb")
    monkeypatch.setattr(module, "show_info", lambda parent, title, text: shown.append(text))
    main_window.backup()
    made = sorted(p.name for p in (tmp_path / "usb").iterdir())
    assert len(made) == 2 and made[0].endswith(".sqlite.age")
    assert made[1] == made[0] + ".minisig"
    assert not (tmp_path / "usb" / made[0]).read_bytes().startswith(b"SQLite")
    assert len(shown) == 1 and "terenkripsi untuk kunci kantor" in shown[0]
    assert str(Path(tmp_path / "usb" / made[0])) in shown[0]

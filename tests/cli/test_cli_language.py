"""The command line speaks Indonesian all through, argparse's own words included (usage, option
groups, its errors), and English when English is chosen."""

from __future__ import annotations

import re

import pytest

from netral_desktop.cli import main
from netral_desktop.cli.common import EXIT_USAGE
from netral_desktop.i18n import set_language

# argparse's English, as a person would meet it in the Indonesian command line.
ENGLISH = re.compile(
    r"usage:|positional arguments|options:|show this help|version number|error:|"
    r"invalid choice|choose from|required:|unrecognized arguments|expected one argument"
)


def _run(capsys: pytest.CaptureFixture[str], tmp_path, *argv: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as done:
        main(["--home", str(tmp_path), *argv])
    captured = capsys.readouterr()
    return int(done.value.code or 0), captured.out + captured.err


@pytest.fixture(autouse=True)
def _indonesian_again() -> object:
    yield
    set_language("id")


@pytest.mark.parametrize(
    ("argv", "code", "indonesian"),
    [
        (("--help",), 0, "tampilkan versi program lalu keluar"),
        (("bundle", "export", "--help"), 0, "tampilkan bantuan ini lalu keluar"),
        (("terbang",), EXIT_USAGE, "pilihan 'terbang' tidak ada (pilih salah satu: 'init'"),
        (("bundle", "export"), EXIT_USAGE, "argumen berikut wajib diisi: --to"),
        (("version", "lagi"), EXIT_USAGE, "argumen tidak dikenal: lagi"),
        (("bundle", "export", "--to"), EXIT_USAGE, "argumen --to: perlu satu nilai"),
    ],
    ids=["help", "command help", "no such command", "missing option", "extra", "no value"],
)
def test_the_command_line_has_no_english_left(
    capsys, tmp_path, monkeypatch, argv, code, indonesian
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NETRAL_LANG", "id")
    got, output = _run(capsys, tmp_path, *argv)
    assert got == code
    assert indonesian in output
    assert output.startswith("penggunaan: netral") or "penggunaan: netral" in output
    assert not ENGLISH.search(output), ENGLISH.search(output)


def test_english_is_a_switch_for_the_command_line_too(capsys, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NETRAL_LANG", "en")
    code, output = _run(capsys, tmp_path, "bundle", "export")
    assert code == EXIT_USAGE
    assert "usage: netral bundle export" in output
    assert "error: the following arguments are required: --to" in output
    # And back: a later command in Indonesian finds no English left over from this one.
    monkeypatch.setenv("NETRAL_LANG", "id")
    code, output = _run(capsys, tmp_path, "bundle", "export")
    assert "argumen berikut wajib diisi: --to" in output and not ENGLISH.search(output)


def test_the_window_launcher_speaks_the_language_it_is_told(capsys, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.ui.app import main as window_main

    monkeypatch.delenv("NETRAL_LANG", raising=False)
    home = str(tmp_path / "kantor")
    with pytest.raises(SystemExit) as done:
        window_main(["--home", home, "--help"])
    shown = capsys.readouterr().out
    assert done.value.code == 0
    assert shown.startswith("penggunaan: netral-desktop")
    assert "bahasa jendela: id (Bahasa Indonesia) atau en (English)" in shown
    assert not ENGLISH.search(shown), ENGLISH.search(shown)

    with pytest.raises(SystemExit) as wrong:
        window_main(["--home", home, "--lang", "jawa"])
    said = capsys.readouterr().err
    assert wrong.value.code == EXIT_USAGE
    assert "argumen --lang: pilihan 'jawa' tidak ada" in said and not ENGLISH.search(said)

    with pytest.raises(SystemExit):
        window_main(["--home", home, "--lang", "en", "--help"])
    assert capsys.readouterr().out.startswith("usage: netral-desktop")

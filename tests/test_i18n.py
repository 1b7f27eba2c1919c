"""Translations: Indonesian first, every string available in English, placeholders intact."""

from __future__ import annotations

import re

from netral_desktop.i18n import _, set_language
from tools.i18n_catalog import extract, load


def test_every_message_has_an_english_translation() -> None:
    english = load("en")
    missing = [
        str(m.id)
        for m in extract()
        if m.id and not (english.get(m.id) and english.get(m.id).string)
    ]
    assert missing == [], "run python -m tools.i18n_catalog and translate these"


def test_translations_keep_their_placeholders() -> None:
    field = re.compile(r"{\w*}")
    broken = [
        str(m.id)
        for m in load("en")
        if m.id and m.string and sorted(field.findall(str(m.id))) != sorted(field.findall(m.string))
    ]
    assert broken == []


def test_switching_language() -> None:
    assert _("Beranda") == "Beranda"
    set_language("en")
    assert _("Beranda") == "Home"
    assert (
        _(
            "Kode kantor '{code}' tidak ada dalam daftar resmi 514 kabupaten/kota "
            "(Kemendagri). Tulis kode kabupaten/kota dua bagian, misalnya 34.02 untuk "
            "Kabupaten Bantul."
        )
        != ""
    )
    set_language("id")
    assert _("Beranda") == "Beranda"


def test_command_line_speaks_english_when_asked(tmp_path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.cli import main

    monkeypatch.setenv("NETRAL_LANG", "en")
    status = main(
        [
            "--home",
            str(tmp_path),
            "init",
            "--office",
            "99.99",
            "--admin",
            "rina",
            "--password-env",
            "NOPE",
        ]
    )
    assert status == 1
    err = capsys.readouterr().err
    assert "99.99" in err and "Kode kantor" not in err

"""Translations: Indonesian first, every string available in English, placeholders intact."""

from __future__ import annotations

import re

from netral_desktop.i18n import _, pgettext, set_language
from tools.i18n_catalog import extract, load


def test_every_message_has_an_english_translation() -> None:
    english = load("en")
    missing = [
        str(m.id)
        for m in extract()
        if m.id
        and not (
            english.get(m.id, context=m.context) and english.get(m.id, context=m.context).string
        )
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


def test_every_shipped_ruleset_label_has_english() -> None:
    """The procedure's words come from resources/rulesets/*.yaml, translated where shown: a
    label added or edited there without its English fails here (run tools.i18n_catalog)."""
    from netral_desktop.core.procedure import load_ruleset_file
    from tools.i18n_catalog import ruleset_files

    english = load("en")
    files = ruleset_files()
    assert {p.stem for p in files} >= {"pemilu", "pilkada"}
    missing = [
        f"{path.name}: {text}"
        for path in files
        for text in load_ruleset_file(path).display_texts()
        if not (english.get(text) and english.get(text).string)
    ]
    assert missing == [], "run python -m tools.i18n_catalog and translate these"


def test_official_words_stay_indonesian_only_where_asked() -> None:
    """``source_language()`` (official papers) is Indonesian for its own thread only: a paper
    built on a worker never turns the window's words Indonesian."""
    import threading

    from netral_desktop.i18n import current_language, source_language

    set_language("en")
    try:
        seen: list[str] = []
        inside = threading.Event()
        release = threading.Event()

        def paper() -> None:
            with source_language():
                seen.append(_("Beranda"))
                inside.set()
                release.wait(5)

        worker = threading.Thread(target=paper)
        worker.start()
        assert inside.wait(5)
        assert _("Beranda") == "Home" and current_language() == "en"  # the window, meanwhile
        release.set()
        worker.join(5)
        assert seen == ["Beranda"]
        with source_language():
            assert _("Beranda") == "Beranda" and current_language() == "id"
        assert _("Beranda") == "Home"
    finally:
        set_language("id")


def test_the_same_words_translate_by_their_context() -> None:
    """The menu's "Perkara" is the list of cases; an audit field's "Perkara" is one case."""
    set_language("en")
    try:
        assert pgettext("navigasi", "Perkara") == "Cases"
        assert _("Perkara") == "Case"
        assert pgettext("tak dikenal", "Beranda") == "Beranda"  # no such entry: the words
    finally:
        set_language("id")
    assert pgettext("navigasi", "Perkara") == "Perkara"


def test_the_shipped_argparse_catalogue_is_compiled_from_its_po(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tools.i18n_catalog import argparse_catalog_paths, compile_argparse_catalog

    _source, shipped = argparse_catalog_paths()
    fresh = compile_argparse_catalog(tmp_path / "argparse.mo")
    assert fresh.read_bytes() == shipped.read_bytes(), "run python -m tools.i18n_catalog"

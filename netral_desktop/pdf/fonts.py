"""The bundled fonts (Liberation Sans and Serif: metric-compatible with Arial and Times New
Roman, SIL OFL 1.1, licence in resources/fonts/). Nothing depends on the machine's fonts."""

from __future__ import annotations

import threading

from netral_desktop.config import resources_dir

FAMILIES = {
    "sans": "LiberationSans",
    "serif": "LiberationSerif",
}
_STYLES = {"": "Regular", "-Bold": "Bold", "-Italic": "Italic", "-BoldItalic": "BoldItalic"}
_lock = threading.Lock()
_registered: set[str] = set()


def font_names(family: str) -> dict[str, str]:
    """ReportLab font names of a family: keys "", "-Bold", "-Italic", "-BoldItalic"."""
    base = "Netral" + FAMILIES[family]
    return {suffix: base + suffix for suffix in _STYLES}


def register(family: str) -> str:
    """Register a family once per process; returns its regular font's name."""
    names = font_names(family)
    with _lock:
        if family not in _registered:
            from reportlab.lib.fonts import addMapping
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            folder = resources_dir() / "fonts"
            for suffix, style in _STYLES.items():
                path = folder / f"{FAMILIES[family]}-{style}.ttf"
                pdfmetrics.registerFont(TTFont(names[suffix], str(path)))
            regular = names[""]
            addMapping(regular, 0, 0, names[""])
            addMapping(regular, 1, 0, names["-Bold"])
            addMapping(regular, 0, 1, names["-Italic"])
            addMapping(regular, 1, 1, names["-BoldItalic"])
            _registered.add(family)
    return names[""]

"""Translations through gettext, usable without Qt (core, services, command line).

The source strings are Indonesian, the program's first language; English comes from
``resources/locale/en/LC_MESSAGES/netral.po``, read with Babel when English is chosen.
"""

from __future__ import annotations

import gettext as _gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from netral_desktop.config import resources_dir

LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DOMAIN = "netral"

_translations: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "id"
# Set inside ``source_language()``: this thread (or task) writes Indonesian whatever the window's
# language. A context variable, so a paper built on a worker never turns the window Indonesian.
_source_only: ContextVar[bool] = ContextVar("netral_source_language", default=False)


# GNU gettext's key for a message with a context: the context, EOT, the message.
_CONTEXT_GLUE = "\x04"


class _PoTranslations(_gettext.NullTranslations):
    def __init__(self, catalog: dict[str, str]) -> None:
        super().__init__()
        self._catalog = catalog

    def gettext(self, message: str) -> str:
        return self._catalog.get(message) or message

    def pgettext(self, context: str, message: str) -> str:
        return self._catalog.get(f"{context}{_CONTEXT_GLUE}{message}") or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)


def load_catalog(language: str) -> dict[str, str]:
    """The msgid -> msgstr map of a language's .po file (empty for Indonesian)."""
    if language == "id":
        return {}
    from babel.messages.pofile import read_po

    path = resources_dir() / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    # A plural entry's id and string are tuples; the program looks up each form by itself.
    return {
        (f"{m.context}{_CONTEXT_GLUE}{m.id}" if m.context else m.id): m.string
        for m in catalog
        if m.id and isinstance(m.id, str) and m.string and isinstance(m.string, str)
    }


def speak_argparse_language() -> None:
    """argparse's own words ("usage:", "options", "invalid choice: ...") in the language of
    the rest of the program (the command line, the window's launcher). argparse looks its
    words up through its module's ``_`` and ``ngettext``; these come from
    ``resources/locale/<language>/LC_MESSAGES/argparse.mo`` (compiled from the .po beside it by
    ``python -m tools.i18n_catalog``), read by the standard library's gettext: no Babel at
    start-up. None for English: argparse's own words are English. Call it before a parser is
    built."""
    import argparse

    words = _gettext.translation(
        "argparse",
        localedir=resources_dir() / "locale",
        languages=[current_language()],
        fallback=True,
    )
    vars(argparse).update(_=words.gettext, ngettext=words.ngettext)


def set_language(language: str) -> None:
    """Switch every later translation to ``language`` ("id" or "en")."""
    global _translations, _language
    if language not in LANGUAGES:
        language = "id"
    _language = language
    _translations = (
        _PoTranslations(load_catalog(language))
        if language != "id"
        else (_gettext.NullTranslations())
    )


def current_language() -> str:
    return "id" if _source_only.get() else _language


@contextmanager
def source_language() -> Iterator[None]:
    """Everything translated inside speaks Indonesian, in this thread only: official papers
    (a case's papers carry the procedure's Indonesian words whatever the window's language)."""
    token = _source_only.set(True)
    try:
        yield
    finally:
        _source_only.reset(token)


def _(message: str) -> str:
    if _source_only.get():
        return message
    return _translations.gettext(message)


def pgettext(context: str, message: str) -> str:
    """``message`` where the same Indonesian words need another translation (the menu's
    "Perkara" is "Cases", an audit field's "Perkara" is "Case"): ``context`` tells them apart."""
    if _source_only.get():
        return message
    return _translations.pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if _source_only.get():
        return singular if n == 1 else plural
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown."""
    return message

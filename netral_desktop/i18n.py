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


def library_catalog(domain: str) -> dict[str, str]:
    """The msgid -> msgstr map of a library's own words (``argparse``: usage, its errors) in the
    current language, from ``resources/locale/<language>/LC_MESSAGES/<domain>.po``; empty where
    there is none (English: the library's own words are English). Indonesian has one plural
    form: both of an entry's ids map to it."""
    path = resources_dir() / "locale" / current_language() / "LC_MESSAGES" / f"{domain}.po"
    if not path.is_file():
        return {}
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle)
    found: dict[str, str] = {}
    for m in catalog:
        if not m.id or not m.string:
            continue
        ids = [str(i) for i in m.id] if isinstance(m.id, tuple) else [str(m.id)]
        string = str(m.string[0] if isinstance(m.string, tuple) else m.string)
        if string:
            found.update(dict.fromkeys(ids, string))
    return found


def speak_argparse_language() -> None:
    """argparse's own words ("usage:", "options", "invalid choice: ...") in the language of
    the rest of the program (the command line, the window's launcher), from
    ``resources/locale/id/LC_MESSAGES/argparse.po``. argparse looks its words up through its
    module's ``_`` and ``ngettext`` (gettext's, which find no catalogue); these look them up in
    that file. Call it before a parser is built."""
    import argparse

    catalog = library_catalog("argparse")

    def gettext(message: str) -> str:
        return catalog.get(message) or message

    def ngettext(singular: str, plural: str, n: int) -> str:
        message = singular if n == 1 else plural
        return catalog.get(message) or message

    vars(argparse).update(_=gettext, ngettext=ngettext)


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

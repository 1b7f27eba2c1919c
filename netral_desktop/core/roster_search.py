"""What a roster search asks for: the typed query as a plan, the filters and the order.

Pure: the store turns these into SQL for its engine (store/people/listing.py), the services
check permissions and pass them on, the window builds them from its search box and menus.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from netral_desktop.core.roster import clean_text, name_key


@dataclass(frozen=True)
class RosterFilter:
    agency_id: str | None = None
    status: str | None = None  # PersonStatus value
    problems_only: bool = False
    include_inactive: bool = False


@dataclass(frozen=True)
class RosterSort:
    column: str = "name"  # one of SORT_COLUMNS
    descending: bool = False


# The orders the roster can be shown in (the store knows the key of each). Every order ends
# with the name and the row's id, so pages never overlap or skip rows.
SORT_COLUMNS = ("name", "nip", "status", "jabatan", "pangkat", "unit_kerja", "agency")


@dataclass(frozen=True)
class SearchPlan:
    """How a typed query is searched (exposed for tests and the benchmark)."""

    terms: tuple[str, ...] = ()  # substrings, 3+ characters, all required
    name_prefix: str | None = None
    nip_prefix: str | None = None
    word_prefixes: tuple[str, ...] = ()


_NIP_QUERY = re.compile(r"^[\d\s.\-]+$")
WORD_CHARS = re.compile(r"[^0-9a-z']+")


def fold(value: str) -> str:
    """Accents dropped, case folded: how typed words and names are compared."""
    text_ = unicodedata.normalize("NFKD", value)
    return "".join(c for c in text_ if not unicodedata.combining(c)).casefold()


def plan_query(query: str) -> SearchPlan:
    """Turn what was typed into the search to run.

    - Only digits, spaces, dots, dashes: a NIP fragment with the separators dropped; 3+ digits
      are found anywhere in NIP / NI PPPK, fewer by NIP / NI PPPK prefix.
    - Otherwise each word of 3+ characters must occur (case-insensitive substring) in the
      name, jabatan, unit, agency, NIP or NI PPPK; shorter words must begin a word of the name.
    - Only short words: the name (without titles) begins with them.
    """
    typed = clean_text(query)
    if not typed:
        return SearchPlan()
    if _NIP_QUERY.match(typed):
        digits = re.sub(r"\D", "", typed)
        if len(digits) >= 3:
            return SearchPlan(terms=(digits,))
        return SearchPlan(nip_prefix=digits)
    words = fold(typed).split()
    terms = tuple(w for w in words if len(w) >= 3)
    if not terms:
        prefix = name_key(typed)
        return SearchPlan(name_prefix=prefix) if prefix else SearchPlan()
    shorts = tuple(p for w in words if len(w) < 3 for p in WORD_CHARS.sub(" ", w).split())
    return SearchPlan(terms=terms, word_prefixes=shorts)


def agency_key(name: str) -> str:
    """How agency names are compared: folded, punctuation and repeated spaces dropped."""
    return " ".join(WORD_CHARS.sub(" ", fold(name)).split())

"""Typed inputs of the roster and pledge-event services: what a form, the command line or
an import hands to ``create_*`` / ``update_*`` / ``validate_person``.

``*Fields`` describe a whole record as entered (creation and validation); every field has
the default a missing value had before. ``*Changes`` describe an edit: a field left at
``UNSET`` is not touched, any other value (``None`` and ``""`` included) replaces the stored
one. A misspelt field name is a TypeError at the call (and a mypy error before it), rather
than a message at run time. Values are still checked by the services, which accept the
forms people type ("PNS", "l", "1990-02-02") besides the enums and dates.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any, Final, TypeVar

from netral_desktop.core.identifiers import Sex
from netral_desktop.core.pledge import OrganiserKind
from netral_desktop.core.roster import AgencyKind, PersonStatus

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

__all__ = [
    "UNSET",
    "AgencyChanges",
    "AgencyFields",
    "EventChanges",
    "EventFields",
    "PersonChanges",
    "PersonFields",
    "Unset",
    "changed",
    "field_names",
]


class Unset(Enum):
    """The type of ``UNSET``: an enum member, so mypy narrows ``x is UNSET`` away."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


_Changes = TypeVar("_Changes")


def field_names(record: DataclassInstance | type[DataclassInstance]) -> tuple[str, ...]:
    """The field names of an input type, in declaration order."""
    return tuple(f.name for f in fields(record))


def changed(changes: DataclassInstance) -> dict[str, Any]:
    """The fields of a ``*Changes`` value that are set (not ``UNSET``), by name."""
    values = {name: getattr(changes, name) for name in field_names(changes)}
    return {name: value for name, value in values.items() if value is not UNSET}


def _every(kind: type[_Changes], record: DataclassInstance) -> _Changes:
    # getattr, not dataclasses.asdict: asdict copies tuples and nested values.
    return kind(**{name: getattr(record, name) for name in field_names(record)})


# --- people -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonFields:
    """A person as entered. ``status``, ``sex`` and ``birth_date`` may be typed text."""

    full_name: str = ""
    status: PersonStatus | str | None = None  # None: derived from the NIP / NI PPPK
    nip: str | None = None
    ni_pppk: str | None = None
    nik: str | None = None
    sex: Sex | str | None = None  # None: derived from the NIP / NIK
    birth_date: date | str | None = None  # None: derived from the NIP / NIK
    jabatan: str | None = None
    pangkat_golongan: str | None = None
    unit_kerja: str | None = None
    agency_id: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class PersonChanges:
    """An edit of a person: only the fields given (not ``UNSET``) change."""

    full_name: str | Unset = UNSET
    status: PersonStatus | str | Unset | None = UNSET
    nip: str | Unset | None = UNSET
    ni_pppk: str | Unset | None = UNSET
    nik: str | Unset | None = UNSET
    sex: Sex | str | Unset | None = UNSET
    birth_date: date | str | Unset | None = UNSET
    jabatan: str | Unset | None = UNSET
    pangkat_golongan: str | Unset | None = UNSET
    unit_kerja: str | Unset | None = UNSET
    agency_id: str | Unset | None = UNSET
    phone: str | Unset | None = UNSET

    @classmethod
    def every(cls, record: PersonFields) -> PersonChanges:
        """Every field of ``record`` (a whole form saved over the stored person)."""
        return _every(cls, record)


# --- agencies -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyFields:
    """An agency as entered; without a ``kind`` it is guessed from the name."""

    name: str = ""
    short_name: str | None = None
    kind: AgencyKind | str | None = None
    parent_id: str | None = None
    address: str | None = None
    head_name: str | None = None
    head_nip: str | None = None
    ppk_name: str | None = None
    ppk_title: str | None = None


@dataclass(frozen=True)
class AgencyChanges:
    """An edit of an agency: only the fields given (not ``UNSET``) change."""

    name: str | Unset = UNSET
    short_name: str | Unset | None = UNSET
    kind: AgencyKind | str | Unset | None = UNSET
    parent_id: str | Unset | None = UNSET
    address: str | Unset | None = UNSET
    head_name: str | Unset | None = UNSET
    head_nip: str | Unset | None = UNSET
    ppk_name: str | Unset | None = UNSET
    ppk_title: str | Unset | None = UNSET

    @classmethod
    def every(cls, record: AgencyFields) -> AgencyChanges:
        """Every field of ``record`` (a whole form saved over the stored agency)."""
        return _every(cls, record)


# --- pledge events ------------------------------------------------------------------------

# A start: a datetime (naive: the office's local time), a date (08.00 local), or text
# "2024-05-14 09:00" (local) / with an offset.
StartsAt = datetime | date | str | None


@dataclass(frozen=True)
class EventFields:
    """A pledge event as entered. An empty ``pledge_text`` gets the template on creation."""

    title: str = ""
    election_id: str | None = None
    starts_at: StartsAt = None
    place: str | None = None
    organiser_kind: OrganiserKind | str | None = None  # None: bawaslu
    organiser_agency_id: str | None = None
    organiser_name: str | None = None
    reader_name: str | None = None
    reader_position: str | None = None
    signer_name: str | None = None
    signer_position: str | None = None
    signer_nip: str | None = None
    witness_name: str | None = None  # for Bawaslu (Ketua or Anggota) at others' events
    witness_position: str | None = None
    pledge_text: str | None = None
    notes: str | None = None
    invited_agency_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventChanges:
    """An edit of an event: only the fields given (not ``UNSET``) change; an empty
    ``pledge_text`` keeps the stored text."""

    title: str | Unset = UNSET
    election_id: str | Unset | None = UNSET
    starts_at: StartsAt | Unset = UNSET
    place: str | Unset | None = UNSET
    organiser_kind: OrganiserKind | str | Unset | None = UNSET
    organiser_agency_id: str | Unset | None = UNSET
    organiser_name: str | Unset | None = UNSET
    reader_name: str | Unset | None = UNSET
    reader_position: str | Unset | None = UNSET
    signer_name: str | Unset | None = UNSET
    signer_position: str | Unset | None = UNSET
    signer_nip: str | Unset | None = UNSET
    witness_name: str | Unset | None = UNSET
    witness_position: str | Unset | None = UNSET
    pledge_text: str | Unset | None = UNSET
    notes: str | Unset | None = UNSET
    invited_agency_ids: tuple[str, ...] | Unset = UNSET

    @classmethod
    def every(cls, record: EventFields) -> EventChanges:
        """Every field of ``record`` (a whole form saved over the stored event)."""
        return _every(cls, record)

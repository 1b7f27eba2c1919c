"""Who is who: the rule that recognises a recorded person in an incoming one.

The incoming person (the *candidate*: a row of an agency's spreadsheet today, a person from
another office's bundle when sync merges) is described by a :class:`PersonIdentity`. The
caller looks up the recorded people that share an identifier or a name key with it (the
*records*: plain mappings, such as rows read from the database, with at least the keys of
``RECORD_KEYS``) and asks :func:`identify` which of them, if any, is the same person.

The rule, in order of precedence:

1. **Identifiers**: the first of NIP, NI PPPK, NIK (in that order) that the candidate has
   and that a recorded person holds decides: the candidate is the first such person (in the
   order the records are given: storage order, so the earliest recorded wins) whose
   identifiers do not contradict the candidate's. A NIP match therefore wins over a NIK
   match, whoever the NIK belongs to. Two identifiers *contradict* when both sides have one
   of the same kind and they differ; an empty identifier never contradicts.
2. **Name and birth date**, for a candidate no identifier recognised: a person with the same
   name key and birth date; else, among people recorded *without* a birth date, one with the
   same name key, agency and unit kerja (the only way a candidate without a birth date is
   recognised). People whose identifiers contradict the candidate's are passed over.
3. **Nobody**: if an identifier of the candidate is nevertheless recorded for someone (whose
   other identifiers contradict the candidate's), the candidate is in *conflict* with that
   person: a person must decide which is right. Otherwise the candidate is *new*.

Batches (an import, a merge) also say which records earlier candidates of the same batch
already took (``claimed``): a name match passes over them, while an identifier match on one
means the candidate is that earlier candidate again (:attr:`Verdict.CLAIMED`). A batch that
wants identifiers to win over names across its candidates, too (a person recognised by NIP
in a later row is not taken by an earlier row's name), calls :func:`match_identifiers` for
every candidate first and :func:`identify` for those left, as the roster import does.

Pure: no database, no files, no Qt; records are only read, and returned as given.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from enum import StrEnum
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar

# The identifiers, in order of precedence (the names of the record keys too).
IDENTIFIERS: tuple[str, ...] = ("nip", "ni_pppk", "nik")
# The keys :func:`identify` reads from a record.
RECORD_KEYS: tuple[str, ...] = (
    "id",
    *IDENTIFIERS,
    "name_key",
    "birth_date",
    "agency_id",
    "unit_kerja",
)

# Name keys: ``(BIRTH, name_key, birth_date)`` or ``(PLACE, name_key, agency_id, unit_kerja)``.
BIRTH = "b"
PLACE = "u"
NameKey = tuple[Any, ...]

R = TypeVar("R", bound=Mapping[str, Any])


class PersonIdentity(NamedTuple):
    """What says who a candidate is. Values as the roster stores them: identifiers as digits
    (None or "" when unknown), the folded ``name_key`` of ``core.roster.name_key``, the birth
    date as ISO text (``"1968-04-11"``), the agency's id (None when unknown).

    Immutable and typed like a frozen dataclass, but a named tuple: an import builds one per
    row inside its transaction, and a tuple is built in a fifth of the time."""

    nip: str | None = None
    ni_pppk: str | None = None
    nik: str | None = None
    name_key: str = ""
    birth_date: str | None = None
    agency_id: str | None = None
    unit_kerja: str = ""

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> PersonIdentity:
        """The identity in a person's column values (a row, a record: any mapping with these
        seven keys), kept as given."""
        return tuple.__new__(cls, _identity_values(values))


_identity_values = itemgetter(*PersonIdentity._fields)


class Verdict(StrEnum):
    SAME = "same"  # ``record`` is the candidate
    CLAIMED = "claimed"  # ``record`` is the candidate, and an earlier candidate of the batch
    CONFLICT = "conflict"  # ``record`` holds an identifier of the candidate but is not them
    NEW = "new"  # nobody recorded is the candidate


class Basis(StrEnum):
    """What decided: an identifier (the record key's name), or the name rule used."""

    NIP = "nip"
    NI_PPPK = "ni_pppk"
    NIK = "nik"
    NAME_BIRTH_DATE = "name_birth_date"
    NAME_AGENCY_UNIT = "name_agency_unit"


# The identifiers in order of precedence: record key, basis, index in a PersonIdentity.
_BY_IDENTIFIER = tuple(
    (column, Basis(column), PersonIdentity._fields.index(column)) for column in IDENTIFIERS
)
_SAME, _CLAIMED = Verdict.SAME, Verdict.CLAIMED  # looked up once per row of an import


class Identification(NamedTuple, Generic[R]):
    """The answer of :func:`identify`: the verdict, the record it is about (None when new)
    and why (for a conflict: the identifier the other person holds)."""

    verdict: Verdict
    record: R | None = None
    basis: Basis | None = None


def contradicts(record: Mapping[str, Any], candidate: PersonIdentity) -> bool:
    """The record has an identifier that differs from the candidate's of the same kind."""
    nip, pppk, nik = record["nip"], record["ni_pppk"], record["nik"]
    return bool(
        (nip and candidate.nip and nip != candidate.nip)
        or (pppk and candidate.ni_pppk and pppk != candidate.ni_pppk)
        or (nik and candidate.nik and nik != candidate.nik)
    )


def name_keys(candidate: PersonIdentity) -> tuple[NameKey, ...]:
    """The name keys a candidate is recognised by, in order: name and birth date, then name,
    agency and unit (for people recorded without a birth date); the latter alone when the
    candidate has no birth date."""
    place = (PLACE, candidate.name_key, candidate.agency_id, candidate.unit_kerja)
    if candidate.birth_date:
        return ((BIRTH, candidate.name_key, candidate.birth_date), place)
    return (place,)


def own_name_key(person: Mapping[str, Any]) -> NameKey:
    """The one name key a recorded person is found under: name and birth date, else (no
    birth date recorded) name, agency and unit. (For a candidate, the first of its
    :func:`name_keys`.)"""
    if person["birth_date"]:
        return (BIRTH, person["name_key"], person["birth_date"])
    return (PLACE, person["name_key"], person["agency_id"], person["unit_kerja"])


def match_identifiers(
    candidate: PersonIdentity, records: Iterable[R], *, claimed: Container[str] = ()
) -> Identification[R] | None:
    """Step 1 alone: SAME (or CLAIMED) by the first identifier that recognises the
    candidate, else None."""
    found = records if isinstance(records, list) else list(records)
    for column, basis, index in _BY_IDENTIFIER:
        value = candidate[index]
        if not value:
            continue
        for record in found:
            if record[column] == value and not contradicts(record, candidate):
                verdict = _CLAIMED if record["id"] in claimed else _SAME
                return Identification(verdict, record, basis)
    return None


def match_name(
    candidate: PersonIdentity, records: Iterable[R], *, claimed: Container[str] = ()
) -> Identification[R] | None:
    """Step 2 alone: SAME by name (and birth date, or agency and unit), else None."""
    found = records if isinstance(records, list) else list(records)
    for key in name_keys(candidate):
        for record in found:
            if (
                own_name_key(record) == key
                and record["id"] not in claimed
                and not contradicts(record, candidate)
            ):
                basis = Basis.NAME_BIRTH_DATE if key[0] == BIRTH else Basis.NAME_AGENCY_UNIT
                return Identification(Verdict.SAME, record, basis)
    return None


def identify(
    candidate: PersonIdentity, records: Iterable[R], *, claimed: Container[str] = ()
) -> Identification[R]:
    """Which of ``records`` (the people found for the candidate's identifiers and name keys,
    in storage order; repeats do no harm) is the candidate, by the rule of this module.

    ``claimed``: ids of records that earlier candidates of the same batch were recognised as.
    """
    found = records if isinstance(records, list) else list(records)
    decided = match_identifiers(candidate, found, claimed=claimed)
    if decided is None:
        decided = match_name(candidate, found, claimed=claimed)
    if decided is not None:
        return decided
    for column, basis, index in _BY_IDENTIFIER:
        value = candidate[index]
        if value:
            holder = next((r for r in found if r[column] == value), None)
            if holder is not None:
                return Identification(Verdict.CONFLICT, holder, basis)
    return Identification(Verdict.NEW)

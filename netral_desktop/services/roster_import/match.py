"""Matching checked rows with the roster: each valid row is added, updates a recorded person,
changes nothing, or is refused (the same person twice in the file, or an identifier recorded
for someone else). Who is who is decided by ``core.identity``; this module looks the people
up (store/people/import_rows.py) and works out what a row changes."""

from __future__ import annotations

from datetime import date
from operator import itemgetter
from typing import Any

from netral_desktop.core.identifiers import Sex
from netral_desktop.core.identity import (
    IDENTIFIERS,
    Identification,
    NameKey,
    PersonIdentity,
    Verdict,
    identify,
    match_identifiers,
    name_keys,
    own_name_key,
)
from netral_desktop.core.roster import PersonStatus, check_person
from netral_desktop.i18n import _
from netral_desktop.services.roster import agency_key
from netral_desktop.services.roster_import.check import RowResult
from netral_desktop.store.bulk import Executor
from netral_desktop.store.people import import_rows
from netral_desktop.store.people.bulk import PERSON_COLUMNS

# The columns the flags depend on: a change to one works the flags out again.
_IDENTITY_SET = frozenset(
    ("full_name", "status", "nip", "ni_pppk", "nik", "sex", "birth_date", "agency_id")
)
_MERGED_COLUMNS = tuple(c for c in PERSON_COLUMNS if c != "problems")
_merged_values = itemgetter(*_MERGED_COLUMNS)
_CLAIMED = Verdict.CLAIMED
_LABELS = {"nip": "NIP", "ni_pppk": "NI PPPK", "nik": "NIK"}

Person = dict[str, Any]  # a recorded person as found (``import_rows.FOUND_COLUMNS``)


def classify(
    executor: Executor, rows: list[RowResult], agency_ids: dict[str, str]
) -> dict[str, Person]:
    """Decide each valid row's outcome; returns the updated people by id (merged values).

    Rows are recognised by identifiers first, every row of the file; then by name, among the
    people left: a person recognised by NIP in a later row is not taken by an earlier row's
    name. A person recognised by two rows refuses the second."""
    valid = [r for r in rows if not r.refused]
    agency_of = {name: agency_ids.get(agency_key(name)) for name in {r.agency_name for r in valid}}
    for row in valid:
        row.values["agency_id"] = agency_of[row.agency_name] if row.agency_name else None
    # The roster's size (0: nothing recorded yet, nothing to look up).
    people = import_rows.roster_size(executor)
    lookups = _people_by_identifiers(executor, valid) if people else []
    seen: dict[NameKey, int] = {}  # identifier or name key -> first row in this file
    claimed: dict[str, int] = {}  # existing person id -> row that matched it
    matches: dict[int, Person] = {}  # id(row) -> existing person
    # Rows no identifier recognised: their identity, name keys, and the people found for
    # their identifiers (each with another identifier that contradicts the row's).
    pending: list[tuple[RowResult, PersonIdentity, tuple[NameKey, ...], list[Person]]] = []
    wanted_names: set[NameKey] = set()
    for row in valid:
        duplicate = _duplicate_in_file(row, seen)
        if duplicate:
            row.refuse("duplicate_in_file", duplicate)
            continue
        if not people:
            row.outcome = "add"
            continue
        values = row.values
        candidate = PersonIdentity.of(values)
        found = [c for column, index in lookups if (v := values[column]) for c in index.get(v, ())]
        decided = match_identifiers(candidate, found, claimed=claimed) if found else None
        if decided is not None:
            _take(row, decided, claimed, matches)
            continue
        keys = name_keys(candidate)
        wanted_names.update(keys)
        pending.append((row, candidate, keys, found))
    names: dict[NameKey, list[Person]] = {}
    if wanted_names:
        for person in import_rows.people_by_name(executor, keys=wanted_names, people=people):
            names.setdefault(own_name_key(person), []).append(person)
    for row, candidate, keys, found in pending:
        records = found
        for key in keys:
            if key in names:
                records = [*records, *names[key]]
        if not records:  # nobody recorded shares an identifier or a name key with the row
            row.outcome = "add"
            continue
        decided = identify(candidate, records, claimed=claimed)
        if decided.verdict is Verdict.NEW:
            row.outcome = "add"
        elif decided.verdict is Verdict.CONFLICT:
            column, other = str(decided.basis), decided.record
            assert other is not None
            row.refuse(
                "identifier_taken",
                _(
                    "{label} {value} sudah tercatat untuk {name}, yang NIP/NIK-nya berbeda dengan "
                    "baris ini. Periksa mana yang benar."
                ).format(label=_LABELS[column], value=row.values[column], name=other["full_name"]),
            )
        else:
            _take(row, decided, claimed, matches)

    updated: dict[str, Person] = {}
    for row in valid:
        match = matches.get(id(row))
        if match is None or row.refused:
            continue
        row.person_id = match["id"]
        row.changes = _changes(match, row)
        if row.changes:
            row.outcome = "update"
            updated[match["id"]] = {**match, **{k: new for k, (_o, new) in row.changes.items()}}
        else:
            row.outcome = "unchanged"
    return updated


def _people_by_identifiers(
    executor: Executor, valid: list[RowResult]
) -> list[tuple[str, dict[Any, list[Person]]]]:
    """The recorded people holding the rows' identifiers, by identifier and value (in
    storage order); only the identifiers some recorded person holds."""
    nips: set[str] = set()
    pppks: set[str] = set()
    niks: set[str] = set()
    for row in valid:  # one pass for the three
        values = row.values
        if value := values["nip"]:
            nips.add(value)
        if value := values["ni_pppk"]:
            pppks.add(value)
        if value := values["nik"]:
            niks.add(value)
    lookups = []
    for column, wanted in zip(IDENTIFIERS, (nips, pppks, niks), strict=True):
        index: dict[Any, list[Person]] = {}
        for found in import_rows.people_by(executor, column=column, values=wanted):
            index.setdefault(found[column], []).append(found)
        if index:
            lookups.append((column, index))
    return lookups


def _take(
    row: RowResult,
    decided: Identification[Person],
    claimed: dict[str, int],
    matches: dict[int, Person],
) -> None:
    """The row is the person found: matched, unless an earlier row of the file already was."""
    verdict, person, _basis = decided
    assert person is not None  # SAME and CLAIMED always name the person
    if verdict is _CLAIMED:
        row.refuse(
            "duplicate_in_file",
            _("Orang yang sama dengan baris {row} ({name}).").format(
                row=claimed[person["id"]], name=person["full_name"]
            ),
        )
    else:
        claimed[person["id"]] = row.row_number
        matches[id(row)] = person


def _duplicate_in_file(row: RowResult, seen: dict[NameKey, int]) -> str | None:
    values = row.values
    keys: list[NameKey] = [(c, values[c]) for c in IDENTIFIERS if values[c]]
    if not keys:
        keys = [own_name_key(values)]
    for key in keys:
        if key in seen:
            label = _LABELS.get(key[0])
            if label:
                return _("{label} {value} sudah ada di baris {row} berkas ini.").format(
                    label=label, value=key[1], row=seen[key]
                )
            return _(
                "Nama, instansi dan unit kerja sama dengan baris {row}, tanpa NIP, NIK atau "
                "tanggal lahir yang membedakan. Lengkapi salah satunya."
            ).format(row=seen[key])
    for key in keys:
        seen[key] = row.row_number
    return None


def _changes(existing: dict[str, Any], row: RowResult) -> dict[str, tuple[Any, Any]]:
    """What the row changes of the recorded person, ``{column: (old, new)}`` in the order of
    ``PERSON_COLUMNS``: what the row gives overwrites, what it leaves empty stays, what it
    only implies (sex, birth date from a NIP) fills gaps; the flags are worked out again
    when the identity changed."""
    values, explicit = row.values, row.explicit
    if _merged_values(values) == _merged_values(existing):
        return {}  # a file imported again: most rows; one comparison instead of the loop
    changes: dict[str, tuple[Any, Any]] = {}
    for key in _MERGED_COLUMNS:
        new = values.get(key)
        if new is None or new == "":
            continue
        old = existing[key]
        if old != new and (key in explicit or old is None or old == ""):
            changes[key] = (old, new)
    if changes and not _IDENTITY_SET.isdisjoint(changes):
        merged = {**existing, **{k: new for k, (_old, new) in changes.items()}}
        check = check_person(
            full_name=merged["full_name"],
            status=PersonStatus(merged["status"]),
            nip=merged["nip"] or "",
            ni_pppk=merged["ni_pppk"] or "",
            nik=merged["nik"] or "",
            sex=Sex(merged["sex"]) if merged["sex"] else None,
            birth_date=date.fromisoformat(merged["birth_date"]) if merged["birth_date"] else None,
            has_agency=bool(merged["agency_id"]),
        )
        if check.flags != existing["problems"]:
            changes["problems"] = (existing["problems"], check.flags)
    return changes

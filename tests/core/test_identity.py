"""Who is who (core.identity): identifiers first (NIP, NI PPPK, NIK), then name and birth date
(or agency and unit), conflicts, and people already taken by an earlier row."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netral_desktop.core.identity import (
    IDENTIFIERS,
    RECORD_KEYS,
    Basis,
    PersonIdentity,
    Verdict,
    contradicts,
    identify,
    match_identifiers,
    match_name,
    name_keys,
    own_name_key,
)

NIP_A, NIP_B = "196804111993031009", "197002021995122001"
PPPK_A, PPPK_B = "198501012021012001", "199002022022021002"
NIK_A, NIK_B = "3402015104680001", "3402010202700002"


def person(id_: str, **values: Any) -> dict[str, Any]:
    """A recorded person as the import finds them (extra keys, such as full_name, are fine)."""
    record: dict[str, Any] = {
        "id": id_,
        "nip": None,
        "ni_pppk": None,
        "nik": None,
        "name_key": "siti aminah",
        "birth_date": None,
        "agency_id": "dinas-a",
        "unit_kerja": "Sekretariat",
        "full_name": "Siti Aminah",
    }
    record.update(values)
    return record


def candidate(**values: Any) -> PersonIdentity:
    return PersonIdentity(
        **{"name_key": "siti aminah", "agency_id": "dinas-a", "unit_kerja": "Sekretariat"} | values
    )


# --- the rule, case by case ---------------------------------------------------------------


def test_nip_match_wins_over_nik_match_whoever_holds_the_nik() -> None:
    by_nik = person("p1", nik=NIK_A)
    by_nip = person("p2", nip=NIP_A)
    for records in ([by_nik, by_nip], [by_nip, by_nik]):
        found = identify(candidate(nip=NIP_A, nik=NIK_A), records)
        assert (found.verdict, found.record, found.basis) == (Verdict.SAME, by_nip, Basis.NIP)


@pytest.mark.parametrize(
    ("held", "basis"),
    [
        ({"nip": NIP_A, "ni_pppk": PPPK_A, "nik": NIK_A}, Basis.NIP),
        ({"ni_pppk": PPPK_A, "nik": NIK_A}, Basis.NI_PPPK),
        ({"nik": NIK_A}, Basis.NIK),
    ],
)
def test_identifiers_in_order_nip_ni_pppk_nik(held: dict[str, str], basis: Basis) -> None:
    records = [
        person("by-nik", nik=NIK_A),
        person("by-pppk", ni_pppk=PPPK_A),
        person("by-nip", nip=NIP_A),
        person("by-name", birth_date="1968-04-11"),
    ]
    found = identify(candidate(birth_date="1968-04-11", **held), records)
    assert found.verdict is Verdict.SAME and found.basis is basis
    assert found.record is not None and found.record[basis.value] == held[basis.value]


def test_a_holder_whose_other_identifiers_differ_is_passed_over() -> None:
    other = person("p1", nip=NIP_A, nik=NIK_B)  # same NIP, another NIK: not this person
    same = person("p2", nip=NIP_A)  # same NIP, no NIK recorded
    found = identify(candidate(nip=NIP_A, nik=NIK_A), [other, same])
    assert (found.verdict, found.record) == (Verdict.SAME, same)


def test_the_first_holder_in_storage_order_wins() -> None:
    first, second = person("p1", nip=NIP_A), person("p2", nip=NIP_A)
    assert identify(candidate(nip=NIP_A), [first, second]).record is first


def test_empty_identifiers_never_contradict() -> None:
    recorded = person("p1", nip=NIP_A, ni_pppk="", nik=None)
    assert not contradicts(recorded, candidate(nip=NIP_A, ni_pppk=PPPK_A, nik=NIK_A))
    assert not contradicts(recorded, candidate(nip=None, ni_pppk="", nik=""))
    assert contradicts(recorded, candidate(nip=NIP_B))


def test_name_and_birth_date() -> None:
    namesake = person("p1", birth_date="1970-02-02")
    same = person("p2", birth_date="1968-04-11", agency_id="dinas-b", unit_kerja="UPT")
    found = identify(candidate(birth_date="1968-04-11"), [namesake, same])
    assert (found.verdict, found.record, found.basis) == (Verdict.SAME, same, Basis.NAME_BIRTH_DATE)


def test_name_agency_and_unit_for_people_recorded_without_birth_date() -> None:
    elsewhere = person("p1", unit_kerja="UPT")
    same = person("p2")
    for extra in ({}, {"birth_date": "1968-04-11"}):  # with a birth date, after that key
        found = identify(candidate(**extra), [elsewhere, same])
        assert (found.verdict, found.record) == (Verdict.SAME, same)
        assert found.basis is Basis.NAME_AGENCY_UNIT


def test_birth_date_key_comes_before_the_agency_key() -> None:
    by_place = person("p1")
    by_birth = person("p2", birth_date="1968-04-11", unit_kerja="UPT")
    found = identify(candidate(birth_date="1968-04-11"), [by_place, by_birth])
    assert (found.record, found.basis) == (by_birth, Basis.NAME_BIRTH_DATE)


def test_a_candidate_without_birth_date_is_not_matched_to_a_dated_record() -> None:
    dated = person("p1", birth_date="1968-04-11")
    assert identify(candidate(), [dated]).verdict is Verdict.NEW


def test_a_name_match_with_a_different_identifier_is_passed_over() -> None:
    namesake = person("p1", birth_date="1968-04-11", nik=NIK_B)
    assert identify(candidate(birth_date="1968-04-11", nik=NIK_A), [namesake]).verdict is (
        Verdict.NEW
    )


def test_an_identifier_held_by_someone_else_is_a_conflict() -> None:
    holder = person("p1", nip=NIP_A, nik=NIK_B, full_name="Budi")
    found = identify(candidate(nip=NIP_A, nik=NIK_A), [holder])
    assert (found.verdict, found.record, found.basis) == (Verdict.CONFLICT, holder, Basis.NIP)


def test_nip_matches_one_person_and_nik_another() -> None:
    by_nip = person("p1", nip=NIP_A, nik=NIK_B)  # the NIP, with another NIK
    by_nik = person("p2", nik=NIK_A, nip=NIP_B)  # the NIK, with another NIP
    found = identify(candidate(nip=NIP_A, nik=NIK_A), [by_nik, by_nip])
    assert (found.verdict, found.record, found.basis) == (Verdict.CONFLICT, by_nip, Basis.NIP)


def test_a_conflict_gives_way_to_a_name_match() -> None:
    holder = person("p1", nip=NIP_A, nik=NIK_B)
    same = person("p2", birth_date="1968-04-11")
    found = identify(candidate(nip=NIP_A, nik=NIK_A, birth_date="1968-04-11"), [holder, same])
    assert (found.verdict, found.record) == (Verdict.SAME, same)


def test_nobody_is_new() -> None:
    assert identify(candidate(nip=NIP_A), []) == (Verdict.NEW, None, None)
    stranger = person("p1", nip=NIP_B, name_key="budi", birth_date="1970-02-02")
    assert identify(candidate(nip=NIP_A), [stranger]).verdict is Verdict.NEW


def test_claimed_people() -> None:
    recorded = person("p1", nip=NIP_A, birth_date="1968-04-11")
    # An identifier match on a person an earlier row took: the same person again.
    found = identify(candidate(nip=NIP_A), [recorded], claimed={"p1"})
    assert (found.verdict, found.record, found.basis) == (Verdict.CLAIMED, recorded, Basis.NIP)
    # A name match passes over them.
    by_name = identify(candidate(birth_date="1968-04-11"), [recorded], claimed={"p1"})
    assert by_name.verdict is Verdict.NEW
    assert identify(candidate(birth_date="1968-04-11"), [recorded]).verdict is Verdict.SAME


def test_steps_alone() -> None:
    recorded = person("p1", nip=NIP_A, birth_date="1968-04-11")
    assert match_identifiers(candidate(nik=NIK_A), [recorded]) is None
    assert match_name(candidate(nip=NIP_A), [recorded]) is None  # no birth date: other key
    assert match_name(candidate(birth_date="1968-04-11"), iter([recorded])) == (
        Verdict.SAME,
        recorded,
        Basis.NAME_BIRTH_DATE,
    )


def test_identity_of_column_values_and_name_keys() -> None:
    values = person("x", nip=NIP_A, birth_date="1968-04-11")
    identity = PersonIdentity.of(values)
    assert identity == candidate(nip=NIP_A, birth_date="1968-04-11")
    assert name_keys(identity) == (
        ("b", "siti aminah", "1968-04-11"),
        ("u", "siti aminah", "dinas-a", "Sekretariat"),
    )
    assert own_name_key(values) == name_keys(identity)[0]
    undated = person("y")
    assert name_keys(PersonIdentity.of(undated)) == (own_name_key(undated),)
    assert set(RECORD_KEYS) <= set(values)


# --- properties ---------------------------------------------------------------------------

# Few values, so that people share identifiers, names and places often.
nips = st.sampled_from([None, "", NIP_A, NIP_B])
pppks = st.sampled_from([None, "", PPPK_A, PPPK_B])
niks = st.sampled_from([None, "", NIK_A, NIK_B])
names = st.sampled_from(["siti aminah", "budi"])
births = st.sampled_from([None, "1968-04-11", "1970-02-02"])
agencies = st.sampled_from([None, "dinas-a", "dinas-b"])
units = st.sampled_from(["", "Sekretariat"])

identities = st.builds(
    PersonIdentity,
    nip=nips,
    ni_pppk=pppks,
    nik=niks,
    name_key=names,
    birth_date=births,
    agency_id=agencies,
    unit_kerja=units,
)


@st.composite
def recorded_people(draw: st.DrawFn) -> list[dict[str, Any]]:
    found = draw(st.lists(identities, max_size=8))
    return [{"id": f"p{i}", **identity._asdict()} for i, identity in enumerate(found)]


claims = st.sets(st.sampled_from([f"p{i}" for i in range(8)]), max_size=3)


def _holds(record: dict[str, Any], identity: PersonIdentity, column: str) -> bool:
    value = getattr(identity, column)
    return bool(value) and record[column] == value


@given(identities, recorded_people(), claims)
def test_a_match_is_a_holder_or_a_namesake_that_contradicts_nothing(
    who: PersonIdentity, records: list[dict[str, Any]], claimed: set[str]
) -> None:
    found = identify(who, records, claimed=claimed)
    if found.verdict in (Verdict.SAME, Verdict.CLAIMED):
        assert found.record is not None and not contradicts(found.record, who)
        assert any(found.record is r for r in records)
        if found.basis in (Basis.NAME_BIRTH_DATE, Basis.NAME_AGENCY_UNIT):
            assert found.verdict is Verdict.SAME and found.record["id"] not in claimed
            assert own_name_key(found.record) in name_keys(who)
        else:
            assert found.basis is not None and _holds(found.record, who, found.basis.value)
            assert (found.verdict is Verdict.CLAIMED) == (found.record["id"] in claimed)


@given(identities, recorded_people(), claims)
def test_an_identifier_match_wins_over_any_later_one_and_over_names(
    who: PersonIdentity, records: list[dict[str, Any]], claimed: set[str]
) -> None:
    found = identify(who, records, claimed=claimed)
    usable = {
        column: [r for r in records if _holds(r, who, column) and not contradicts(r, who)]
        for column in IDENTIFIERS
    }
    first = next((column for column in IDENTIFIERS if usable[column]), None)
    if first is None:
        assert found.basis not in (Basis.NIP, Basis.NI_PPPK, Basis.NIK) or (
            found.verdict is Verdict.CONFLICT
        )
    else:
        # The first identifier (NIP, then NI PPPK, then NIK) with a usable holder decides,
        # and its first holder is the one, claimed or not.
        assert found.basis == Basis(first)
        assert found.record is usable[first][0]
        assert found.verdict in (Verdict.SAME, Verdict.CLAIMED)


@given(identities, recorded_people(), claims)
def test_conflict_and_new(
    who: PersonIdentity, records: list[dict[str, Any]], claimed: set[str]
) -> None:
    found = identify(who, records, claimed=claimed)
    holders = [r for r in records for column in IDENTIFIERS if _holds(r, who, column)]
    if found.verdict is Verdict.CONFLICT:
        assert found.record is not None and found.basis is not None
        assert _holds(found.record, who, found.basis.value) and contradicts(found.record, who)
    if found.verdict is Verdict.NEW:
        assert holders == [] and found == (Verdict.NEW, None, None)
        assert not any(
            own_name_key(r) in name_keys(who) and r["id"] not in claimed and not contradicts(r, who)
            for r in records
        )


@given(identities, recorded_people(), recorded_people(), claims)
def test_repeats_and_strangers_change_nothing(
    who: PersonIdentity,
    records: list[dict[str, Any]],
    others: list[dict[str, Any]],
    claimed: set[str],
) -> None:
    found = identify(who, records, claimed=claimed)
    assert identify(who, records + records, claimed=claimed) == found
    assert identify(who, iter(records), claimed=claimed) == found
    strangers = [
        {**r, "id": f"s{i}", "name_key": "nobody"}
        | {c: "0" * 18 for c in IDENTIFIERS if r[c] and r[c] == getattr(who, c)}
        for i, r in enumerate(others)
    ]
    assert identify(who, records + strangers, claimed=claimed) == found

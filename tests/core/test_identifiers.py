"""NIP, NI PPPK and NIK checks (domain.md, Identifiers)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netral_desktop.core.identifiers import (
    IdentifierError,
    Sex,
    check_ni_pppk,
    check_nik,
    check_nip,
    format_nip,
    normalise_nip,
    parse_ni_pppk,
    parse_ni_pppk_layout,
    parse_nik,
    parse_nip,
)

TODAY = date(2024, 5, 14)


def test_nip_parts_are_read() -> None:
    nip = parse_nip("19680411 199303 1 009")
    assert nip.digits == "196804111993031009"
    assert nip.birth_date == date(1968, 4, 11)
    assert nip.appointment == "1993-03"
    assert nip.sex is Sex.MALE
    assert nip.sequence == 9
    assert nip.formatted == "19680411 199303 1 009"


@pytest.mark.parametrize(
    "typed",
    [
        "196804111993031009",
        "19680411.199303.1.009",
        "19680411 199303 1 009",
        " 19680411-199303-1-009 ",
        "NIP. 19680411 199303 1 009",
        "'196804111993031009",
    ],
)
def test_nip_typed_with_separators_is_the_same_nip(typed: str) -> None:
    assert parse_nip(typed).digits == "196804111993031009"
    assert normalise_nip(typed) == "196804111993031009"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("19680411199303100", "nip_length"),
        ("1968041119930310091", "nip_length"),
        ("19680411 199303 1 0O9", "nip_not_digits"),
        ("196813111993031009", "nip_birth_date"),  # month 13
        ("196802301993031009", "nip_birth_date"),  # 30 February
        ("180004111993031009", "nip_birth_date"),  # before 1900
        ("196804111993131009", "nip_appointment_date"),  # month 13
        ("196804111967031009", "nip_appointment_before_birth"),
        ("196804111985031009", "nip_appointment_underage"),  # 16 years old
        ("196804111993033009", "nip_sex_digit"),
        ("196804111993031000", "nip_sequence_zero"),  # Excel ate the last digits
    ],
)
def test_impossible_nip_is_refused_with_its_reason(typed: str, code: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_nip(typed)
    assert caught.value.code == code
    assert caught.value.field == "nip"
    assert str(caught.value)  # an Indonesian sentence, not just a code


def test_appointment_in_the_month_of_the_18th_birthday_is_allowed() -> None:
    assert parse_nip("196804111986041009").appointment == "1986-04"


def test_future_dates_are_refused_when_today_is_known() -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_nip("203001011990011001", today=TODAY)
    assert caught.value.code == "nip_birth_date"


def test_sex_disagreeing_with_nip_is_only_a_warning() -> None:
    nip, problems = check_nip("19680411 199303 1 009", sex=Sex.FEMALE)
    assert nip is not None
    assert [(p.code, p.severity.value) for p in problems] == [("nip_sex_mismatch", "warning")]
    assert check_nip("19680411 199303 1 009", sex=Sex.MALE)[1] == []


def test_check_nip_reports_an_error_instead_of_raising() -> None:
    nip, problems = check_nip("123")
    assert nip is None
    assert problems[0].code == "nip_length" and problems[0].is_error


def test_ni_pppk_checks_length_only() -> None:
    assert parse_ni_pppk("19850101 202221 2 001") == "198501012022212001"
    assert parse_ni_pppk("999999999999999999") == "999999999999999999"
    with pytest.raises(IdentifierError) as caught:
        parse_ni_pppk("12345")
    assert caught.value.code == "ni_pppk_length"


def test_nik_of_a_woman_has_forty_added_to_the_day() -> None:
    nik, problems = parse_nik("3402085104680001", today=TODAY)
    assert nik.sex is Sex.FEMALE
    assert nik.birth_date == date(1968, 4, 11)
    assert nik.region_code == "34.02.08"
    assert problems == []
    man, _ = parse_nik("3402081104680001", today=TODAY)
    assert man.sex is Sex.MALE


def test_nik_two_digit_year_is_the_latest_possible() -> None:
    assert parse_nik("3402080101050001", today=TODAY)[0].birth_date == date(2005, 1, 1)
    assert parse_nik("3402080101300001", today=TODAY)[0].birth_date == date(1930, 1, 1)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("340208110468000", "nik_length"),
        ("34020811046800A1", "nik_not_digits"),
        ("3402081104680000", "nik_sequence_zero"),  # sequence 0000 is never issued
        ("3402083504680001", "nik_birth_date"),  # day 35: neither man nor woman
        ("3402087204680001", "nik_birth_date"),  # day 72 - 40 = 32
        ("3402081113680001", "nik_birth_date"),  # month 13
    ],
)
def test_impossible_nik_is_refused(typed: str, code: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_nik(typed, today=TODAY)
    assert caught.value.code == code


@pytest.mark.parametrize(
    "typed",
    [
        "9101081104680001",  # 91.01 Merauke, retired by the 2022 Papua split
        "9271081104680001",  # 92.71 Kota Sorong, the same
        "9902081104680001",  # no province 99 in the shipped list
        "3499081104680001",  # no kab/kota 34.99
    ],
)
def test_nik_of_an_unknown_or_retired_region_is_accepted_with_a_warning(typed: str) -> None:
    nik, problems = parse_nik(typed, today=TODAY)
    assert nik.digits == typed and nik.birth_date == date(1968, 4, 11)
    assert [p.code for p in problems] == ["nik_region_unknown"]
    assert not problems[0].is_error


def test_ni_pppk_layout_gives_birth_date_year_and_sex() -> None:
    pppk = parse_ni_pppk_layout("19921107 202321 2 004", today=TODAY)
    assert (pppk.birth_date, pppk.appointment_year, pppk.sex, pppk.sequence) == (
        date(1992, 11, 7),
        2023,
        Sex.FEMALE,
        4,
    )
    assert pppk.formatted == "19921107 202321 2 004"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("199211072023112004", "ni_pppk_layout"),  # a NIP's month where "21" belongs
        ("199213072023212004", "ni_pppk_birth_date"),
        ("199211072015212004", "ni_pppk_appointment_year"),  # before the first PPPK (2019)
        ("200811072023212004", "ni_pppk_appointment_year"),  # appointed at 15
        ("199211072023213004", "ni_pppk_sex_digit"),
        ("199211072023212000", "ni_pppk_sequence_zero"),
    ],
)
def test_impossible_ni_pppk_layout_names_the_part(typed: str, code: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        parse_ni_pppk_layout(typed, today=TODAY)
    assert caught.value.code == code


def test_ni_pppk_given_as_such_outside_the_layout_is_kept_with_a_warning() -> None:
    parsed, digits, problems = check_ni_pppk("999999999999999999", today=TODAY)
    assert parsed is None and digits == "999999999999999999"
    assert [p.code for p in problems] == ["ni_pppk_unusual"] and not problems[0].is_error
    _parsed, digits, problems = check_ni_pppk("12345", today=TODAY)
    assert digits is None and problems[0].is_error


def test_unknown_kecamatan_of_a_known_kabupaten_is_a_warning() -> None:
    nik, problems = parse_nik("3402991104680001", today=TODAY)
    assert nik.kabkota_code == "34.02"
    assert [p.code for p in problems] == ["nik_kecamatan_unknown"]


def test_nik_compared_with_recorded_sex_and_nip_birth_date() -> None:
    _nik, problems = check_nik(
        "3402081104680001", sex=Sex.FEMALE, birth_date=date(1970, 1, 1), today=TODAY
    )
    assert sorted(p.code for p in problems) == ["nik_birth_mismatch", "nik_sex_mismatch"]
    assert all(not p.is_error for p in problems)


# --- properties ---------------------------------------------------------------------------

birth_dates = st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31))


@st.composite
def valid_nips(draw: st.DrawFn) -> tuple[str, date, tuple[int, int], Sex, int]:
    born = draw(birth_dates)
    years_after = draw(st.integers(min_value=18, max_value=45))
    year = born.year + years_after
    month = draw(st.integers(min_value=born.month if years_after == 18 else 1, max_value=12))
    sex = draw(st.sampled_from(list(Sex)))
    sequence = draw(st.integers(min_value=1, max_value=999))
    digit = "1" if sex is Sex.MALE else "2"
    text = f"{born:%Y%m%d}{year:04d}{month:02d}{digit}{sequence:03d}"
    return text, born, (year, month), sex, sequence


@given(valid_nips())
def test_every_consistent_nip_parses_back_to_its_parts(case) -> None:  # type: ignore[no-untyped-def]
    text, born, (year, month), sex, sequence = case
    nip = parse_nip(text)
    assert (nip.birth_date, nip.appointment_year, nip.appointment_month) == (born, year, month)
    assert (nip.sex, nip.sequence) == (sex, sequence)
    assert parse_nip(format_nip(text)) == nip


@given(valid_nips(), st.lists(st.sampled_from([" ", ".", "-", "  "]), min_size=17, max_size=17))
def test_separators_anywhere_do_not_change_a_nip(case, separators) -> None:  # type: ignore[no-untyped-def]
    text = case[0]
    typed = "".join(d + s for d, s in zip(text, [*separators, ""], strict=True))
    assert parse_nip(typed).digits == text


@given(st.text(max_size=30))
def test_any_text_is_either_a_nip_or_an_identifier_error(text: str) -> None:
    try:
        nip = parse_nip(text)
    except IdentifierError as exc:
        assert exc.code.startswith("nip_")
    else:
        assert len(nip.digits) == 18


@given(birth_dates, st.sampled_from(list(Sex)), st.integers(min_value=1, max_value=9999))
def test_nik_built_from_a_birth_date_reads_back(born: date, sex: Sex, seq: int) -> None:
    day = born.day + (40 if sex is Sex.FEMALE else 0)
    nik, _ = parse_nik(f"340208{day:02d}{born:%m%y}{seq:04d}", today=TODAY)
    assert nik.sex is sex
    assert (nik.birth_date.day, nik.birth_date.month) == (born.day, born.month)
    assert nik.birth_date.year % 100 == born.year % 100

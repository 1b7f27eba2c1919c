"""Deadlines counted by hand and by the program.

Every example says how it was counted, against resources/data/hari_libur.csv. Counting rule of
the shipped rulesets: the start date is not counted; the due date is the Nth working (Pemilu) or
calendar (Pilkada) day after it.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from netral_desktop.core.datafiles import DataFileError
from netral_desktop.core.deadlines import (
    HOLIDAY_FILE,
    HolidayCalendar,
    MissingHolidayData,
    days_left,
    deadline_state,
    due_date,
    is_overdue,
    warn,
)
from netral_desktop.core.procedure import Counting, load_ruleset

PEMILU = load_ruleset("pemilu")
PILKADA = load_ruleset("pilkada")


@pytest.fixture(scope="module")
def calendar() -> HolidayCalendar:
    return HolidayCalendar.load()


def due(rules: object, step: str, start: date, calendar: HolidayCalendar) -> date:
    return due_date(rules.deadline_rules[step], start, calendar).due  # type: ignore[attr-defined]


def test_the_calendar_knows_its_years(calendar: HolidayCalendar) -> None:
    assert calendar.years == frozenset({2023, 2024, 2025, 2026})
    assert len(calendar.holidays_in(2024)) == 29  # 17 libur + 10 cuti bersama + 2 voting days
    lebaran = calendar.holiday(date(2024, 4, 10))
    assert lebaran is not None and lebaran.kind == "libur_nasional"
    assert calendar.holiday(date(2024, 4, 8)).kind == "cuti_bersama"  # type: ignore[union-attr]
    assert not calendar.is_working_day(date(2024, 4, 8), PEMILU.counting)
    assert calendar.is_working_day(date(2024, 4, 16), PEMILU.counting)
    assert not calendar.is_working_day(date(2024, 4, 13))  # a Saturday


def test_weekend_only(calendar: HolidayCalendar) -> None:
    # Report received Thursday 18 Jan 2024; kajian awal 2 working days:
    # Fri 19 (1), Sat 20 and Sun 21 skipped, Mon 22 (2).
    assert due(PEMILU, "kajian_awal", date(2024, 1, 18), calendar) == date(2024, 1, 22)


def test_national_holiday_and_cuti_bersama_nyepi(calendar: HolidayCalendar) -> None:
    # Registered Friday 1 Mar 2024; decision 7 working days:
    # Mon 4 (1), Tue 5 (2), Wed 6 (3), Thu 7 (4), Fri 8 (5), Mon 11 Nyepi and Tue 12 cuti
    # bersama Nyepi skipped, Wed 13 (6), Thu 14 (7): Kamis, 14 Maret 2024.
    found = due_date(PEMILU.deadline_rules["decision"], date(2024, 3, 1), calendar)
    assert found.due == date(2024, 3, 14)
    assert found.mode == "working" and found.days == 7
    assert "Pasal 26 ayat (1)" in found.article
    assert [d for d, _reason in found.skipped] == [date(2024, 3, 11), date(2024, 3, 12)]
    assert "Cuti Bersama" in found.skipped[1][1]


def test_cuti_bersama_is_a_ruleset_setting(calendar: HolidayCalendar) -> None:
    # The same count with cuti bersama treated as working days: Tue 12 Mar counts (6),
    # Wed 13 (7): one day earlier.
    rule = PEMILU.deadline_rules["decision"]
    counting = dataclasses.replace(rule.counting, non_working=("libur_nasional", "libur_pemilu"))
    assert not counting.cuti_bersama_is_holiday
    relaxed = dataclasses.replace(rule, counting=counting)
    assert due_date(relaxed, date(2024, 3, 1), calendar).due == date(2024, 3, 13)


def test_lebaran_2024(calendar: HolidayCalendar) -> None:
    # Report received Friday 5 Apr 2024; kajian awal 2 working days: Mon 8 and Tue 9 cuti
    # bersama, Wed 10 and Thu 11 Idul Fitri, Fri 12 cuti bersama, Sat 13, Sun 14, Mon 15 cuti
    # bersama; Tue 16 (1), Wed 17 (2).
    assert due(PEMILU, "kajian_awal", date(2024, 4, 5), calendar) == date(2024, 4, 17)
    # Registered Thursday 4 Apr; decision 7: Fri 5 (1), [8-15 closed], Tue 16 (2), Wed 17 (3),
    # Thu 18 (4), Fri 19 (5), Mon 22 (6), Tue 23 (7).
    assert due(PEMILU, "decision", date(2024, 4, 4), calendar) == date(2024, 4, 23)
    # A hearing on Tuesday 16 Apr: the invitation must arrive 1 working day before, and the
    # working day before 16 Apr is Friday 5 Apr (8-15 Apr all closed).
    found = due_date(PEMILU.deadline_rules["invitation"], date(2024, 4, 16), calendar)
    assert found.due == date(2024, 4, 5)
    assert found.direction == "before"
    assert len(found.skipped) == 6


def test_voting_day_is_a_holiday(calendar: HolidayCalendar) -> None:
    # Report received Tuesday 13 Feb 2024; Wed 14 Feb is voting day (Keppres 10/2024):
    # Thu 15 (1), Fri 16 (2).
    assert due(PEMILU, "kajian_awal", date(2024, 2, 13), calendar) == date(2024, 2, 16)


def test_across_the_year_boundary(calendar: HolidayCalendar) -> None:
    # Event known Wednesday 20 Dec 2023; report window 7 working days: Thu 21 (1), Fri 22 (2),
    # Mon 25 Natal and Tue 26 cuti bersama skipped, Wed 27 (3), Thu 28 (4), Fri 29 (5),
    # Mon 1 Jan 2024 New Year skipped, Tue 2 (6), Wed 3 (7).
    assert due(PEMILU, "report", date(2023, 12, 20), calendar) == date(2024, 1, 3)


def test_a_year_without_holiday_data_is_reported(calendar: HolidayCalendar) -> None:
    # Registered Monday 21 Dec 2026: Tue 22 (1), Wed 23 (2), Thu 24 cuti bersama, Fri 25 Natal,
    # Mon 28 (3) ... Thu 31 (6), then Friday 1 Jan 2027: no 2027 decree in the data.
    with pytest.raises(MissingHolidayData) as info:
        due(PEMILU, "decision", date(2026, 12, 21), calendar)
    assert info.value.year == 2027
    assert "2027" in info.value.message and HOLIDAY_FILE in info.value.message
    # A count that stays inside 2026 is fine; so is a calendar-day count into 2027.
    assert due(PEMILU, "kajian_awal", date(2026, 12, 21), calendar) == date(2026, 12, 23)
    assert due(PILKADA, "decision", date(2026, 12, 30), calendar) == date(2027, 1, 2)


def test_the_offices_file_adds_a_year_and_cancels_a_date(tmp_path: Path) -> None:
    (tmp_path / HOLIDAY_FILE).write_text(
        "tanggal,jenis,keterangan,dasar\n"
        "2027-01-01,libur_nasional,Tahun Baru 2027 Masehi,SKB 2027\n"
        "2024-03-12,hari_kerja,Cuti bersama dibatalkan (contoh),perubahan SKB\n",
        encoding="utf-8",
    )
    calendar = HolidayCalendar.load(home=tmp_path)
    assert 2027 in calendar.years
    # 21 Dec 2026 + 7: ... Thu 31 (6), Fri 1 Jan 2027 holiday, Mon 4 Jan 2027 (7).
    assert due(PEMILU, "decision", date(2026, 12, 21), calendar) == date(2027, 1, 4)
    # With 12 Mar 2024 a working day again, 1 Mar + 7 ends on Wed 13 Mar.
    assert due(PEMILU, "decision", date(2024, 3, 1), calendar) == date(2024, 3, 13)
    assert due(PEMILU, "decision", date(2024, 3, 1), HolidayCalendar.load()) == date(2024, 3, 14)


def test_bad_holiday_rows_name_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / HOLIDAY_FILE
    path.write_text("tanggal,jenis,keterangan,dasar\n2027-02-30,libur_nasional,X,Y\n", "utf-8")
    with pytest.raises(DataFileError) as info:
        HolidayCalendar.load(home=tmp_path)
    assert "baris 2" in info.value.message and "'tanggal'" in info.value.message
    path.write_text("tanggal,jenis,keterangan,dasar\n2027-01-01,libur,X,Y\n", "utf-8")
    with pytest.raises(DataFileError, match="'jenis'"):
        HolidayCalendar.load(home=tmp_path)
    path.write_text(
        "tanggal,jenis,keterangan,dasar\n2027-01-01,libur_nasional,X,Y\n"
        "2027-01-01,cuti_bersama,X,Y\n",
        "utf-8",
    )
    with pytest.raises(DataFileError, match="dua kali"):
        HolidayCalendar.load(home=tmp_path)
    path.write_text("tanggal,jenis,keterangan,dasar\n2027-01-01,libur_nasional,,Y\n", "utf-8")
    with pytest.raises(DataFileError, match="'keterangan'"):
        HolidayCalendar.load(home=tmp_path)


def test_pilkada_counts_calendar_days(calendar: HolidayCalendar) -> None:
    # Event known Sunday 24 Nov 2024: report window 7 calendar days -> Sunday 1 Dec 2024
    # (weekends and the 27 Nov voting holiday count).
    assert due(PILKADA, "report", date(2024, 11, 24), calendar) == date(2024, 12, 1)
    # Received Monday 25 Nov: decision 3 days -> Thu 28 Nov (27 Nov counts); with more
    # information 3 + 2 = 5 days -> Sat 30 Nov.
    assert due(PILKADA, "decision", date(2024, 11, 25), calendar) == date(2024, 11, 28)
    assert due(PILKADA, "decision_extended", date(2024, 11, 25), calendar) == date(2024, 11, 30)
    found = due_date(PILKADA.deadline_rules["decision"], date(2024, 11, 25), calendar)
    assert found.mode == "calendar" and found.skipped == ()
    assert "Pasal 134 ayat (5)" in found.article


def test_the_extension_is_14_working_days_in_total(calendar: HolidayCalendar) -> None:
    # Registered Friday 1 Mar 2024: Mon 4 - Fri 8 (5), Nyepi 11 and cuti 12 skipped,
    # Wed 13 - Fri 15 (8), Mon 18 - Fri 22 (13), Mon 25 (14): 14 in total, not 7 + 14.
    assert due(PEMILU, "decision_extended", date(2024, 3, 1), calendar) == date(2024, 3, 25)


def test_notice_one_day_after_kajian_awal_and_completion(calendar: HolidayCalendar) -> None:
    # Kajian awal finished Wednesday 8 May 2024: Thu 9 Kenaikan, Fri 10 cuti bersama, weekend:
    # the notice is due Monday 13 May.
    assert due(PEMILU, "notice", date(2024, 5, 8), calendar) == date(2024, 5, 13)
    # Notice given Monday 13 May; completion 2 working days: Tue 14 (1), Wed 15 (2).
    assert due(PEMILU, "completion", date(2024, 5, 13), calendar) == date(2024, 5, 15)


def test_correction_three_days(calendar: HolidayCalendar) -> None:
    # Recommendation Friday 14 Jun 2024: Mon 17 Idul Adha, Tue 18 cuti bersama skipped,
    # Wed 19 (1), Thu 20 (2), Fri 21 (3).
    assert due(PEMILU, "correction", date(2024, 6, 14), calendar) == date(2024, 6, 21)


def test_start_day_counts_setting(calendar: HolidayCalendar) -> None:
    # If a province's ruleset counted the start date: received Thu 18 Jan (1), Fri 19 (2).
    rule = PEMILU.deadline_rules["kajian_awal"]
    counting = dataclasses.replace(rule.counting, start_day_counts=True)
    assert due_date(
        dataclasses.replace(rule, counting=counting), date(2024, 1, 18), calendar
    ).due == (date(2024, 1, 19))
    # Calendar days: 7 days counting the start day end one day earlier.
    pil = PILKADA.deadline_rules["report"]
    pil_counting = dataclasses.replace(pil.counting, start_day_counts=True)
    assert due_date(
        dataclasses.replace(pil, counting=pil_counting), date(2024, 11, 24), calendar
    ).due == (date(2024, 11, 30))


def test_days_left_overdue_and_warning(calendar: HolidayCalendar) -> None:
    counting = PEMILU.counting
    due_day = date(2024, 3, 14)  # Thursday
    assert days_left(due_day, date(2024, 3, 14), calendar, counting=counting) == 0
    assert days_left(due_day, date(2024, 3, 13), calendar, counting=counting) == 1
    # Fri 8 Mar: Nyepi and cuti bersama in between, so Wed 13 and Thu 14 are what is left.
    assert days_left(due_day, date(2024, 3, 8), calendar, counting=counting) == 2
    assert days_left(due_day, date(2024, 3, 15), calendar, counting=counting) == -1
    assert days_left(due_day, date(2024, 3, 18), calendar, counting=counting) == -2
    assert days_left(due_day, date(2024, 3, 8), calendar, mode="calendar") == 6
    assert not is_overdue(due_day, date(2024, 3, 14))
    assert is_overdue(due_day, date(2024, 3, 15))
    # Warning window 1 working day (the ruleset's setting): on Wed 13 and Thu 14, not Fri 8.
    assert warn(due_day, date(2024, 3, 13), calendar, counting=counting)
    assert warn(due_day, date(2024, 3, 14), calendar, counting=counting)
    assert not warn(due_day, date(2024, 3, 8), calendar, counting=counting)
    assert warn(due_day, date(2024, 3, 8), calendar, counting=counting, window=2)
    assert not warn(due_day, date(2024, 3, 15), calendar, counting=counting)  # overdue instead
    deadline = due_date(PEMILU.deadline_rules["decision"], date(2024, 3, 1), calendar)
    assert deadline_state(deadline, date(2024, 3, 8), calendar) == "ok"
    assert deadline_state(deadline, date(2024, 3, 13), calendar) == "due_soon"
    assert deadline_state(deadline, date(2024, 3, 15), calendar) == "overdue"


def test_days_left_into_a_year_without_data_is_reported(calendar: HolidayCalendar) -> None:
    with pytest.raises(MissingHolidayData):
        days_left(date(2027, 1, 5), date(2026, 12, 28), calendar, counting=Counting())


def test_load_takes_a_data_folder_or_a_list(tmp_path: Path) -> None:
    (tmp_path / HOLIDAY_FILE).write_text(
        "tanggal,jenis,keterangan,dasar\n2027-01-01,libur_nasional,Tahun Baru,SKB\n", "utf-8"
    )
    assert 2027 in HolidayCalendar.load(tmp_path).years  # a data folder: shipped + office
    assert 2024 in HolidayCalendar.load(tmp_path).years
    only = HolidayCalendar.load(tmp_path / HOLIDAY_FILE)  # a list instead of the shipped one
    assert only.years == frozenset({2027})

"""Deadlines counted as the ruleset says: working days against the holiday calendar (national
holidays, cuti bersama, election-day holidays), or calendar days.

The calendar is ``resources/data/hari_libur.csv`` plus the office's own ``hari_libur.csv`` in
its data folder (a new year's decree, or a ``hari_kerja`` row cancelling a shipped date). A
working-day count that would pass through a year the calendar has no data for raises
:class:`MissingHolidayData`: a year without data is reported, never assumed to have no holidays.

Counting (a ruleset setting, ``counting``): the start date is not counted unless
``start_day_counts``; the due date is the Nth working (or calendar) day after it. A rule with
``direction: before`` counts backwards ("at least 1 working day before the hearing").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from netral_desktop.core.datafiles import file_version, office_table, read_table, shipped_table
from netral_desktop.core.errors import ValidationError
from netral_desktop.core.procedure import Counting, DeadlineRule
from netral_desktop.i18n import _

HOLIDAY_FILE = "hari_libur.csv"
COLUMNS = ("tanggal", "jenis", "keterangan", "dasar")
HOLIDAY_KINDS = ("libur_nasional", "cuti_bersama", "libur_pemilu")
# An office row of this kind cancels a shipped date (a decree amended after the list was made).
WORKING_DAY = "hari_kerja"
_MAX_SPAN_DAYS = 3660  # a safety stop: no rule counts ten years


class MissingHolidayData(ValidationError):
    """Counting working days would pass through a year with no holiday data."""

    code = "holidays_missing"

    def __init__(self, year: int) -> None:
        super().__init__(
            _(
                "Data hari libur tahun {year} belum ada, sehingga tenggat dalam hari kerja tidak "
                "dapat dihitung. Tambahkan hari libur nasional dan cuti bersama {year} (SKB 3 "
                "Menteri) ke berkas {file} di folder data."
            ).format(year=year, file=HOLIDAY_FILE)
        )
        self.year = year


@dataclass(frozen=True)
class Holiday:
    day: date
    kind: str  # libur_nasional | cuti_bersama | libur_pemilu
    name: str
    basis: str


class HolidayCalendar:
    """Non-working dates by year; knows which years it has data for."""

    def __init__(self, holidays: dict[date, Holiday], years: frozenset[int]) -> None:
        self._holidays = holidays
        self.years = years

    @classmethod
    def load(cls, path: Path | None = None, *, home: Path | None = None) -> HolidayCalendar:
        """The shipped list with the office's file in the data folder ``home`` applied.
        ``path`` is another holiday list to use instead of the shipped one, or a data folder
        (then the same as ``home``)."""
        main = shipped_table(HOLIDAY_FILE)
        if path is not None and Path(path).is_dir():
            home = Path(path)
        elif path is not None:
            main = Path(path)
        holidays, years = _load(file_version(main), file_version(office_table(home, HOLIDAY_FILE)))
        return cls(dict(holidays), years)

    def has_year(self, year: int) -> bool:
        return year in self.years

    def holiday(self, day: date) -> Holiday | None:
        return self._holidays.get(day)

    def holidays_in(self, year: int) -> list[Holiday]:
        return sorted((h for h in self._holidays.values() if h.day.year == year), key=_by_day)

    def require_year(self, year: int) -> None:
        if year not in self.years:
            raise MissingHolidayData(year)

    def is_working_day(self, day: date, counting: Counting | None = None) -> bool:
        """Whether ``day`` is a working day under the ruleset's ``counting`` settings (weekends
        and which holiday kinds are non-working). Raises MissingHolidayData for a year with no
        data."""
        counting = counting or Counting()
        if day.isoweekday() in counting.weekend:
            return False
        self.require_year(day.year)
        found = self._holidays.get(day)
        return found is None or found.kind not in counting.non_working

    def non_working_reason(self, day: date, counting: Counting | None = None) -> str | None:
        """Why ``day`` is not a working day ("Sabtu", the holiday's name), or None."""
        counting = counting or Counting()
        if day.isoweekday() in counting.weekend:
            return _("akhir pekan")
        found = self._holidays.get(day)
        if found is not None and found.kind in counting.non_working:
            return found.name
        return None


def _by_day(holiday: Holiday) -> date:
    return holiday.day


@lru_cache(maxsize=8)
def _load(
    shipped: tuple[str, int, int] | None, own: tuple[str, int, int] | None
) -> tuple[tuple[tuple[date, Holiday], ...], frozenset[int]]:
    holidays: dict[date, Holiday] = {}
    years: set[int] = set()
    for version in (shipped, own):
        if version is None:
            continue
        seen: set[date] = set()
        for row in read_table(Path(version[0]), COLUMNS):
            day = row.iso_date("tanggal")
            if day in seen:
                raise row.fail(
                    "tanggal", _("tanggal {day} tertulis dua kali.").format(day=day.isoformat())
                )
            seen.add(day)
            kind = row.choice("jenis", (*HOLIDAY_KINDS, WORKING_DAY))
            years.add(day.year)
            if kind == WORKING_DAY:
                holidays.pop(day, None)
                continue
            holidays[day] = Holiday(day, kind, row.required("keterangan"), row.get("dasar"))
    return tuple(sorted(holidays.items())), frozenset(years)


@dataclass(frozen=True)
class Deadline:
    due: date
    article: str
    mode: str  # "working" | "calendar"
    days: int
    start: date
    rule: str = ""
    label: str = ""
    direction: str = "after"
    confirmed: bool = True
    # Weekdays passed over while counting working days, with the reason (holiday names).
    skipped: tuple[tuple[date, str], ...] = field(default=())
    counting: Counting = field(default_factory=Counting)


def _walk(start: date, step: int) -> Iterator[date]:
    day = start
    for _i in range(_MAX_SPAN_DAYS):
        day += timedelta(days=step)
        yield day
    raise ValidationError(_("Tenggat terlalu jauh untuk dihitung."))


def due_date(rule: DeadlineRule, start: date, calendar: HolidayCalendar) -> Deadline:
    """The day by which ``rule``'s step must be done, counted from ``start``."""
    counting = rule.counting
    sign = -1 if rule.direction == "before" else 1
    skipped: list[tuple[date, str]] = []
    if rule.mode == "calendar":
        offset = rule.days - (1 if counting.start_day_counts and rule.days else 0)
        due = start + timedelta(days=sign * offset)
    else:
        remaining = rule.days
        due = start
        if counting.start_day_counts and remaining and calendar.is_working_day(start, counting):
            remaining -= 1
        if remaining:
            for day in _walk(start, sign):
                if calendar.is_working_day(day, counting):
                    remaining -= 1
                    if remaining == 0:
                        due = day
                        break
                elif day.isoweekday() not in counting.weekend:
                    skipped.append((day, calendar.non_working_reason(day, counting) or ""))
    return Deadline(
        due=due,
        article=rule.article,
        mode=rule.mode,
        days=rule.days,
        start=start,
        rule=rule.code,
        label=rule.label,
        direction=rule.direction,
        confirmed=rule.confirmed,
        skipped=tuple(sorted(skipped)),
        counting=counting,
    )


def days_left(
    due: date,
    today: date,
    calendar: HolidayCalendar,
    *,
    mode: str = "working",
    counting: Counting | None = None,
) -> int:
    """Days from ``today`` to ``due`` in ``mode`` (working days: the working days after today
    up to and including ``due``). 0 on the due date; negative once it has passed (the count of
    days overdue)."""
    if mode == "calendar":
        return (due - today).days
    counting = counting or Counting()
    if due == today:
        return 0
    low, high, sign = (today, due, 1) if due > today else (due, today, -1)
    count = 0
    day = low
    while day < high:
        day += timedelta(days=1)
        if calendar.is_working_day(day, counting):
            count += 1
    # Past a due date, the due day itself does not count as a day overdue.
    return sign * count


def is_overdue(due: date, today: date) -> bool:
    """The step was due before today (the due date itself is still in time)."""
    return today > due


def warn(
    due: date,
    today: date,
    calendar: HolidayCalendar,
    *,
    mode: str = "working",
    counting: Counting | None = None,
    window: int | None = None,
) -> bool:
    """Whether to warn: not yet overdue and at most ``window`` days left (default: the
    ruleset's ``warning_days``)."""
    if is_overdue(due, today):
        return False
    counting = counting or Counting()
    limit = counting.warning_days if window is None else window
    return days_left(due, today, calendar, mode=mode, counting=counting) <= limit


def deadline_state(
    deadline: Deadline, today: date, calendar: HolidayCalendar, *, window: int | None = None
) -> str:
    """ "overdue", "due_soon" or "ok", for badges and lists."""
    if is_overdue(deadline.due, today):
        return "overdue"
    if warn(
        deadline.due,
        today,
        calendar,
        mode=deadline.mode,
        counting=deadline.counting,
        window=window,
    ):
        return "due_soon"
    return "ok"

"""``netral check`` on the reference data the case procedure reads: the rulesets, the holiday
calendar, the violation categories and the recipients of recommendations, shipped or replaced
by the office's own files in its data folder.

A province's file with a mistake would otherwise surface only when a case is opened; here it is
named (file, key or row) the day it is put in place. A holiday calendar without the coming
year is reported before the first deadline runs into it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from netral_desktop.core.errors import ValidationError
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.documents import local_today

if TYPE_CHECKING:
    from netral_desktop.services.check import CheckItem

# How long before the new year a missing calendar for it is reported.
NEXT_YEAR_NOTICE_DAYS = 60


def _home(ctx: ServiceContext) -> Path | None:
    return ctx.layout.root if ctx.layout is not None else None


def check_reference_files(ctx: ServiceContext) -> list[CheckItem]:
    from netral_desktop.services.check import CheckItem

    home = _home(ctx)
    items = [_check_ruleset(name, home) for name in _ruleset_names(home)]
    items.append(holiday_coverage(ctx))
    for label, load in (
        (_("Kategori pelanggaran"), _load_taxonomy),
        (_("Penerima rekomendasi"), _load_recipients),
    ):
        try:
            detail = load(home)
        except ValidationError as exc:
            items.append(CheckItem(label, False, exc.message))
        else:
            items.append(CheckItem(label, True, detail))
    return items


def _ruleset_names(home: Path | None) -> list[str]:
    from netral_desktop.core.procedure import available_rulesets

    return available_rulesets(home=home)


def _check_ruleset(name: str, home: Path | None) -> CheckItem:
    from netral_desktop.core.procedure import load_ruleset
    from netral_desktop.services.check import CheckItem

    label = _("Tata cara {name}").format(name=name)
    try:
        rules = load_ruleset(name, home=home)
    except ValidationError as exc:
        return CheckItem(label, False, exc.message)
    where = (
        _("dari folder data ({file})").format(file=rules.source)
        if rules.overridden
        else _("bawaan program")
    )
    return CheckItem(
        label,
        True,
        _("{steps} langkah, {deadlines} tenggat, {where}").format(
            steps=len(rules.steps), deadlines=len(rules.deadline_rules), where=where
        ),
    )


def holiday_coverage(ctx: ServiceContext, today: date | None = None) -> CheckItem:
    """The holiday calendar reads, covers this year, and (in the last weeks of the year) the
    next one: a working-day deadline never counts through a year without data."""
    from netral_desktop.core.deadlines import HOLIDAY_FILE, HolidayCalendar
    from netral_desktop.services.check import CheckItem

    label = _("Kalender hari libur")
    try:
        calendar = HolidayCalendar.load(home=_home(ctx))
    except ValidationError as exc:
        return CheckItem(label, False, exc.message)
    today = today or local_today(ctx)
    years = sorted(calendar.years)
    shown = ", ".join(str(y) for y in years)
    if today.year not in calendar.years:
        return CheckItem(
            label,
            False,
            _(
                "belum ada data hari libur tahun {year} (ada: {shown}); tenggat dalam hari "
                "kerja tidak dapat dihitung. Tambahkan hari libur nasional dan cuti bersama "
                "{year} ke {file} di folder data."
            ).format(year=today.year, shown=shown, file=HOLIDAY_FILE),
        )
    coming = (today + timedelta(days=NEXT_YEAR_NOTICE_DAYS)).year
    if coming > today.year and coming not in calendar.years:
        # Not a fault yet, but the first deadline that runs into the new year will stop.
        return CheckItem(
            label,
            True,
            _(
                "tahun {shown}; perhatian: data tahun {year} belum ada, tambahkan ke {file} di "
                "folder data begitu SKB hari libur {year} terbit"
            ).format(shown=shown, year=coming, file=HOLIDAY_FILE),
        )
    return CheckItem(label, True, _("tahun {shown}").format(shown=shown))


def _load_taxonomy(home: Path | None) -> str:
    from netral_desktop.core.taxonomy import load_taxonomy

    taxonomy = load_taxonomy(home=home)
    own = sum(1 for c in taxonomy.categories(include_retired=True) if c.from_office)
    return _("{n} kategori ({own} dari folder data)").format(n=len(taxonomy), own=own)


def _load_recipients(home: Path | None) -> str:
    from netral_desktop.core.recipients import recipient_rules

    return _("{n} baris").format(n=len(recipient_rules(home=home)))

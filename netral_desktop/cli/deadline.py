"""``netral deadline RULESET STEP DATE``: the deadline calculator.

Prints the due date of a step counted from DATE as the ruleset says, with the article and the
counting mode: the tool people and the tests use to check the rules. Reads the data folder's own
ruleset and holiday file when it has them; needs no database and no login.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TYPE_CHECKING

from netral_desktop.cli.common import EXIT_OK, Parents
from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import UsageError, ValidationError
from netral_desktop.i18n import _, current_language

if TYPE_CHECKING:
    from netral_desktop.core.procedure import Ruleset


def _long_date(day: date) -> str:
    from babel.dates import format_date

    return format_date(day, "EEEE, d MMMM y", locale=current_language())


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            _(
                "Tanggal '{value}' tidak sah. Tulis tanggal sebagai TTTT-BB-HH, mis. 2024-03-01."
            ).format(value=text),
            code="bad_date",
        ) from None


def _list_rules(rules: Ruleset) -> int:
    """``netral deadline RULESET``: the deadlines it knows, to pick a STEP from."""
    print(rules.title)
    for rule in rules.deadline_rules.values():
        unit = _("hari kerja") if rule.mode == "working" else _("hari kalender")
        mark = "" if rule.confirmed else _(" (belum terkonfirmasi)")
        print(f"  {rule.code:<20} {rule.days:>3} {unit:<14} {rule.label}{mark}")
    return EXIT_OK


def cmd_deadline(args: argparse.Namespace, layout: HomeLayout) -> int:
    from netral_desktop.core.deadlines import HolidayCalendar, due_date
    from netral_desktop.core.procedure import load_ruleset

    home = layout.root if layout.root.is_dir() else None
    rules = load_ruleset(args.ruleset, home=home)
    if args.step is None:
        return _list_rules(rules)
    rule = rules.deadline_rule(args.step)
    if args.date is None:
        raise UsageError(
            _("TANGGAL wajib diisi: netral deadline {rules} {step} TTTT-BB-HH").format(
                rules=rules.name, step=rule.code
            )
        )
    start = _parse_day(args.date)
    calendar = HolidayCalendar.load(home=home)
    found = due_date(rule, start, calendar)

    counting = rule.counting
    if rule.mode == "working":
        unit = _("hari kerja")
        kinds = {
            "libur_nasional": _("hari libur nasional"),
            "cuti_bersama": _("cuti bersama"),
            "libur_pemilu": _("hari libur pemungutan suara"),
        }
        excluded = ", ".join(kinds[k] for k in counting.non_working if k in kinds)
        how = _("hari kerja: Senin sampai Jumat, kecuali {excluded}").format(
            excluded=excluded or _("tidak ada")
        )
    else:
        unit = _("hari kalender")
        how = _("hari kalender: setiap hari dihitung, termasuk akhir pekan dan hari libur")
    how += (
        _("; tanggal awal ikut dihitung")
        if counting.start_day_counts
        else _("; tanggal awal tidak dihitung")
    )
    if rule.counts_from in rules.anchors:
        anchor = rules.anchor_label(rule.counts_from)
    else:
        anchor = _("tanggal langkah '{step}'").format(
            step=rules.steps[rule.counts_from].label
            if rule.counts_from in rules.steps
            else rule.counts_from
        )
    when = (
        _("{days} {unit} sebelum {day}")
        if rule.direction == "before"
        else _("{days} {unit} setelah {day}")
    ).format(days=rule.days, unit=unit, day=_long_date(start))

    print(_("Tenggat: {day}").format(day=_long_date(found.due)))
    print(_("Langkah: {label}").format(label=rule.label))
    print(_("Tata cara: {title}").format(title=rules.title))
    print(_("Dihitung: {when} ({anchor})").format(when=when, anchor=anchor))
    print(_("Dasar: {article}").format(article=rule.article))
    print(_("Cara menghitung: {how}").format(how=how))
    if found.skipped:
        print(_("Hari libur yang dilewati:"))
        for day, reason in found.skipped:
            print(f"  {_long_date(day)}: {reason}")
    if not rule.confirmed:
        print(
            _(
                "Perhatian: jumlah hari ini belum terkonfirmasi dari naskah peraturannya; "
                "periksa berkas tata cara {file}."
            ).format(file=rules.source)
        )
    if rules.overridden:
        print(_("Tata cara dari folder data: {file}").format(file=rules.source))
    return EXIT_OK


def register(sub: argparse._SubParsersAction, parents: Parents) -> None:
    p = sub.add_parser(
        "deadline",
        help=_("hitung tenggat sebuah langkah (kalkulator tenggat)"),
        description=_(
            "Menghitung tanggal tenggat sebuah langkah penanganan pelanggaran dari tanggal awal, "
            "menurut tata cara (hari kerja dengan hari libur dan cuti bersama, atau hari "
            "kalender), dan mencetak pasal dasarnya."
        ),
    )
    p.add_argument("ruleset", metavar="TATA_CARA", help=_("pemilu atau pilkada"))
    # LANGKAH and TANGGAL are checked by the command, not argparse: without LANGKAH it lists
    # the ruleset's deadlines, and a mistyped option is named before a missing argument.
    p.add_argument(
        "step",
        metavar="LANGKAH",
        nargs="?",
        help=_(
            "report, kajian_awal, notice, completion, decision, decision_extended, correction, "
            "atau tenggat lain di tata cara (tanpa LANGKAH: daftar tenggatnya)"
        ),
    )
    p.add_argument(
        "date", metavar="TANGGAL", nargs="?", help=_("tanggal awal hitungan, TTTT-BB-HH")
    )
    p.set_defaults(handler=cmd_deadline)

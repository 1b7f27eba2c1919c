"""Deadlines of a case: the next one with its article, counted as the ruleset says
(core/deadlines.py: working days with the holiday calendar, or calendar days), a warning
when near, the overdue list; the recipient of a recommendation on its date
(core/recipients.py); the PPK's follow-up period.

A year the holiday calendar has no data for is never assumed: the case shows "holiday data
for YEAR missing" instead of a date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from netral_desktop.core.errors import ValidationError
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext
from netral_desktop.store import cases as store
from netral_desktop.store import office as office_store
from netral_desktop.store.db import Session
from netral_desktop.store.models import CaseFile, CaseSubject

if TYPE_CHECKING:
    from netral_desktop.core.procedure import DeadlineRule, Ruleset

FOLLOW_UP_KEY = "case_follow_up_days"  # the office's own period (local setting)
MISSING_PREFIX = "missing:"  # due_rule when a year's holiday data is missing
# Case dates the rulesets count from (their "anchors").
ANCHOR_COLUMNS = {
    "diketahui": "known_date",
    "diterima": "received_date",
    "diregistrasi": "registered_date",
}


@dataclass(frozen=True)
class DeadlineView:
    rule: str  # the ruleset's deadline code (decision, kajian_awal, ...)
    label: str
    due: date | None  # None: the holiday data of ``missing_year`` is missing
    article: str
    mode: str  # working | calendar
    days: int
    overdue: bool
    near: bool
    missing_year: int | None

    @property
    def text(self) -> str:
        if self.due is None:
            return _(
                "{label}: data hari libur tahun {year} belum ada, tenggat belum dapat dihitung"
            ).format(label=self.label, year=self.missing_year)
        return _("{label}: {due}").format(label=self.label, due=self.due.strftime("%d-%m-%Y"))


def _calendar(ctx: ServiceContext | None) -> Any:
    from netral_desktop.core.deadlines import HolidayCalendar

    return HolidayCalendar.load(home=ctx.layout.root if ctx is not None and ctx.layout else None)


def _rules(ctx: ServiceContext | None, name: str) -> Ruleset:
    from netral_desktop.services.cases.procedure import ruleset_of

    return ruleset_of(ctx, name)


def _due(
    ctx: ServiceContext | None, rule: DeadlineRule, start: date
) -> tuple[date | None, int | None]:
    from netral_desktop.core.deadlines import MissingHolidayData, due_date

    try:
        return due_date(rule, start, _calendar(ctx)).due, None
    except MissingHolidayData as exc:
        return None, int(getattr(exc, "year", 0) or 0)


def report_window(ctx: ServiceContext, ruleset: str, known: date) -> Any:
    """The last day a report of an act known on ``known`` may be received (None when a
    year's holiday data is missing)."""
    from netral_desktop.core.deadlines import MissingHolidayData, due_date

    rule = _rules(ctx, ruleset).deadline_rules.get("report")
    if rule is None:
        return None
    try:
        return due_date(rule, known, _calendar(ctx))
    except MissingHolidayData:
        return None


def _start(rule: DeadlineRule, case: CaseFile, step_days: dict[str, str]) -> date | None:
    column = ANCHOR_COLUMNS.get(rule.counts_from)
    value = getattr(case, column) if column is not None else step_days.get(rule.counts_from)
    return date.fromisoformat(value) if value else None


def refresh(ctx: ServiceContext, session: Session, case: CaseFile) -> None:
    """Recompute the case's next deadline (kept on the row for the list's overdue filter)."""
    from netral_desktop.services.cases.procedure import rules_or_none

    rules = rules_or_none(ctx, case.ruleset)
    if rules is None:
        return
    steps = store.steps(session, case_id=case.id)
    step_days = {}
    for step in steps:  # oldest first: the latest of each step wins
        if step.effective_date:
            step_days[step.step] = step.effective_date
    extended = any(s.step == "perpanjang_kajian" for s in steps)
    best: tuple[date | None, str, str, int | None] | None = None
    for code, rule in rules.deadline_rules.items():
        if not rule.while_statuses or case.status not in rule.while_statuses:
            continue
        if not rules.deadline_applies(rule, case.origin_kind):  # e.g. no kajian awal for a temuan
            continue
        if rule.direction != "after":
            continue
        if code == "decision" and extended:
            continue
        if code == "decision_extended" and not extended:
            continue
        start = _start(rule, case, step_days)
        if start is None:
            continue
        due, missing = _due(ctx, rule, start)
        candidate = (due, code, rule.article, missing)
        if best is None or (due is not None and (best[0] is None or due < best[0])):
            best = candidate
    values: dict[str, Any]
    if best is None:
        values = {"due_date": None, "due_rule": "", "due_article": ""}
    elif best[0] is None:
        values = {
            "due_date": None,
            "due_rule": f"{MISSING_PREFIX}{best[1]}:{best[3]}",
            "due_article": best[2][:300],
        }
    else:
        values = {
            "due_date": best[0].isoformat(),
            "due_rule": best[1],
            "due_article": best[2][:300],
        }
    if all(getattr(case, k) == v for k, v in values.items()):
        return
    old = {k: getattr(case, k) for k in values}
    for name, value in values.items():
        setattr(case, name, value)
    ctx.record_update(session, case, action="update", old=old, new=values, note=_("tenggat"))


def refresh_all(ctx: ServiceContext) -> int:
    """Recompute every open case's deadline (after the holiday calendar or a ruleset
    changed); returns how many changed."""
    from netral_desktop.core.roles import Permission
    from netral_desktop.services.cases.procedure import final_statuses

    ctx.require(Permission.CASE_LOG)
    changed = 0
    with ctx.db.write_session() as session:
        for case_id, _ruleset, _status in store.due_cases(session, final_statuses=final_statuses()):
            case = store.case_row(session, case_id=case_id)
            if case is None:
                continue
            before = (case.due_date, case.due_rule)
            refresh(ctx, session, case)
            changed += before != (case.due_date, case.due_rule)
    return changed


def view_of(ctx: ServiceContext, case: dict[str, Any], today: date) -> DeadlineView | None:
    """The next deadline of a case (its row's values) for the window and the command line."""
    rule_code = case.get("due_rule") or ""
    if not rule_code:
        return None
    missing_year = None
    if rule_code.startswith(MISSING_PREFIX):
        _prefix, rule_code, year = rule_code.split(":", 2)
        missing_year = int(year or 0) or None
    rules = _rules(ctx, case["ruleset"])
    rule = rules.deadline_rules.get(rule_code)
    due = date.fromisoformat(case["due_date"]) if case.get("due_date") else None
    return DeadlineView(
        rule=rule_code,
        label=rule.label if rule else rule_code,
        due=due,
        article=case.get("due_article") or (rule.article if rule else ""),
        mode=rule.mode if rule else "",
        days=rule.days if rule else 0,
        overdue=due is not None and due < today,
        near=due is not None and today <= due and is_near(ctx, case["ruleset"], today, due),
        missing_year=missing_year,
    )


def is_near(ctx: ServiceContext, ruleset: str, today: date, due: date) -> bool:
    """Whether ``due`` is within the ruleset's warning period from ``today``, counted in its
    days (a Friday is near a Monday deadline in working days)."""
    return NearCheck(ctx, today)(ruleset, due)


class NearCheck:
    """``is_near`` for many rows (a page of the list): the rulesets and the holiday calendar
    read once."""

    def __init__(self, ctx: ServiceContext, today: date) -> None:
        self.ctx, self.today = ctx, today
        self._rules: dict[str, Any] = {}
        self._calendar: Any = None

    def __call__(self, ruleset: str, due: date) -> bool:
        from netral_desktop.core.deadlines import MissingHolidayData, warn

        if due < self.today:
            return False
        rules = self._rules.get(ruleset)
        if rules is None:
            rules = self._rules[ruleset] = _rules(self.ctx, ruleset)
        if self._calendar is None:
            self._calendar = _calendar(self.ctx)
        try:
            return warn(
                due, self.today, self._calendar, mode=rules.counting.mode, counting=rules.counting
            )
        except MissingHolidayData:
            return False


def follow_up_days(ctx: ServiceContext, ruleset: str) -> int | None:
    """Days after forwarding without the PPK's follow-up before a reported person is flagged
    (the office's own setting, else the ruleset's)."""
    own = ctx.meta.get(FOLLOW_UP_KEY)
    if own and own.isdigit():
        return int(own)
    from netral_desktop.services.cases.procedure import rules_or_none

    rules = rules_or_none(ctx, ruleset)
    return rules.follow_up.days if rules is not None and rules.follow_up is not None else None


def set_follow_up_days(ctx: ServiceContext, days: int | None) -> None:
    """Set the office's follow-up period (days), or with None use the ruleset's."""
    from netral_desktop.core.roles import Permission
    from netral_desktop.services import audit

    actor = ctx.require(Permission.MANAGE_SETTINGS)
    if days is not None and not 1 <= days <= 3650:
        raise ValidationError(
            _("Masa pemantauan tindak lanjut harus antara 1 dan 3650 hari."),
            code="follow_up_days_invalid",
        )
    with ctx.db.write_session() as session:
        old = office_store.meta(session).get(FOLLOW_UP_KEY)
        office_store.set_meta(session, {FOLLOW_UP_KEY: str(days) if days else None})
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="set_follow_up",
            table_name="local_meta",
            record_id=FOLLOW_UP_KEY,
            old={"days": old},
            new={"days": days},
        )
    if days:
        ctx.meta[FOLLOW_UP_KEY] = str(days)
    else:
        ctx.meta.pop(FOLLOW_UP_KEY, None)


def follow_up_overdue(subject: CaseSubject, days: int | None, today: date) -> bool:
    if days is None or subject.status != "diteruskan" or not subject.forwarded_date:
        return False
    if subject.sanction_date:
        return False
    return (today - date.fromisoformat(subject.forwarded_date)).days > days


def recipient_for(ctx: ServiceContext, rules: Ruleset, subject: CaseSubject, on: date) -> str:
    """Who receives the forwarding of this person's case on ``on``: the body the route
    names (Sentra Gakkumdu, KPU), or the dated recipient of core/recipients.py (for a civil
    servant KASN until 24 Aug 2024, BKN since; for others the body the case names)."""
    from netral_desktop.core import recipients

    route = rules.route(subject.status or "")
    target = route.recipient if route is not None else ""
    if target == "sentra_gakkumdu":
        return _("Sentra Penegakan Hukum Terpadu (Gakkumdu)")
    if target == "kpu":
        return _("KPU")
    found = recipients.recipient_on(
        on,
        subject.kind,
        ppk=subject.ppk_title or subject.ppk_name or None,
        body=subject.agency_name or None,
        home=ctx.layout.root if ctx.layout else None,
    )
    return found.addressee


def check_sanction(ctx: ServiceContext, case: CaseFile, sanction: str) -> None:
    """The PPK's sanction must be of the family the case's category names (code of ethics:
    moral sanction; discipline: light, medium, heavy) when the category is known."""
    if not case.category_code:
        return
    from netral_desktop.core import taxonomy

    found = taxonomy.load_taxonomy(home=ctx.layout.root if ctx.layout else None)
    allowed = found.get(case.category_code).sanctions
    if allowed and sanction.strip().lower() not in {a.lower() for a in allowed}:
        raise ValidationError(
            _(
                "Sanksi '{sanction}' bukan jenis sanksi kategori {code}. Pilih salah satu: "
                "{allowed}."
            ).format(sanction=sanction, code=case.category_code, allowed="; ".join(allowed)),
            code="sanction_not_in_family",
        )

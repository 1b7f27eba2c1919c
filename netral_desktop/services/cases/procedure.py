"""The procedure of a case through its ruleset (core/procedure.py): the steps this role may
take now, taking one (status change, case_step row, audit entry, numbers, the reported
person's outcome and route), and reopening a decided case with a reason.

The ruleset decides which step leads where and who may take it; a step out of order is
refused naming the step that is missing. What a step records besides the status (the
registration date, a person's outcome, the forwarding's recipient and number, the PPK's
sanction) is this module's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

from netral_desktop.core.cases import (
    STATUS_LABELS,
    NumberKind,
    PartyIdentity,
)
from netral_desktop.core.cases import (
    status_label as fallback_status_label,
)
from netral_desktop.core.errors import ValidationError
from netral_desktop.core.roles import Permission, has_permission
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.cases import deadlines, numbers
from netral_desktop.services.cases.common import (
    PARTY_TABLE,
    clip,
    iso,
    live_case,
    live_subject,
    parse_date,
)
from netral_desktop.services.context import ServiceContext
from netral_desktop.services.documents import local_today
from netral_desktop.store import cases as store
from netral_desktop.store.db import Session
from netral_desktop.store.models import CaseFile, CaseParty, CaseStep, CaseSubject

if TYPE_CHECKING:
    from netral_desktop.core.procedure import Ruleset, StepDef

SUBJECT_START = "dilaporkan"  # a reported person before the pleno
REOPEN_STEP = "buka_kembali"
EXTEND_STEP = "perpanjang_kajian"
RULESETS = ("pemilu", "pilkada")
# The case statuses in which the case is decided: its record is edited only after reopening.
DECIDED_STATUSES = frozenset(
    {"diputus", "diteruskan", "ditindaklanjuti", "tidak_ditindaklanjuti", "koreksi", "arsip"}
)
_DEFAULT_FINAL = ("tidak_diregistrasi", "dicabut", "dilimpahkan", "arsip")

# Which step takes which number (forms_catalogue.md §3); the ruleset says which papers a
# step issues, this which Perbawaslu number those papers carry.
OPENING_NUMBERS = {"laporan": NumberKind.PENYAMPAIAN, "temuan": NumberKind.REGISTER}
STEP_NUMBERS: dict[str, tuple[NumberKind, str]] = {
    "registrasi": (NumberKind.REGISTER, ""),
    "registrasi_temuan": (NumberKind.REGISTER, ""),
    "teruskan_rekomendasi": (NumberKind.REKOMENDASI, "Rekom-DPPL"),
    "teruskan_tanpa_registrasi": (NumberKind.REKOMENDASI, "Rekom-DPPL"),
    "teruskan_administratif": (NumberKind.REKOMENDASI, "Rekom-Adm"),
    "teruskan_gakkumdu": (NumberKind.REKOMENDASI, "Terus-TPP"),
}


# --- the ruleset ------------------------------------------------------------------------------


def ruleset_of(ctx: ServiceContext | None, name: str) -> Ruleset:
    from netral_desktop.core.procedure import load_ruleset

    home = ctx.layout.root if ctx is not None and ctx.layout is not None else None
    return load_ruleset(name, home=home)


@cache
def _shipped(name: str) -> Ruleset | None:
    try:
        return ruleset_of(None, name)
    except Exception:  # a broken shipped file is reported where it is used
        return None


def final_statuses() -> tuple[str, ...]:
    """Statuses in which a case is closed (in either ruleset)."""
    found: set[str] = set()
    for name in RULESETS:
        rules = _shipped(name)
        if rules is not None:
            found |= {code for code, status in rules.statuses.items() if status.final}
    return tuple(sorted(found)) if found else _DEFAULT_FINAL


def _rules_for(ctx: ServiceContext | None, name: str) -> Ruleset | None:
    """The office's own ruleset when ``ctx`` has a data folder (its words win), else the
    shipped one; None when neither can be read (the code is shown instead)."""
    if ctx is not None and ctx.layout is not None:
        try:
            return ruleset_of(ctx, name)
        except ValidationError:  # a broken office file is reported where it is used
            pass
    return _shipped(name)


def status_label(ruleset: str | None, code: str, *, ctx: ServiceContext | None = None) -> str:
    """A case status in the window's language (labels are translated when read)."""
    for name in (ruleset,) if ruleset else RULESETS:
        rules = _rules_for(ctx, name) if name else None
        if rules is not None and code in rules.statuses:
            return rules.status_label(code)
    return fallback_status_label(code) if code in STATUS_LABELS else code


def subject_status_label(ruleset: str, code: str, *, ctx: ServiceContext | None = None) -> str:
    rules = _rules_for(ctx, ruleset)
    return rules.subject_status_label(code) if rules is not None else code


def step_label(rules: Ruleset | None, code: str) -> str:
    if code == REOPEN_STEP:
        return _("Dibuka kembali")
    if code == EXTEND_STEP:
        return _("Perpanjangan waktu kajian (keterangan tambahan)")
    if rules is not None and code in rules.steps:
        return rules.steps[code].label
    return code


def rules_or_none(ctx: ServiceContext | None, name: str) -> Ruleset | None:
    """The ruleset, or None while core/procedure.py is not in this build (bridge until the
    rulesets branch is merged)."""
    try:
        return ruleset_of(ctx, name)
    except ImportError:
        return None


def initial_status(ruleset: str, origin: str) -> str:
    rules = rules_or_none(None, ruleset)
    if rules is None:
        return "diterima"
    step = rules.start_step(origin)
    return step.to_status or "diterima"


def lateness(ctx: ServiceContext, values: dict[str, Any]) -> tuple[bool, str]:
    """Whether a report was received after its window (known date + the ruleset's report
    deadline), and the window in words. A year without holiday data: not judged late here
    (the case's deadline shows the missing year)."""
    if values.get("origin_kind") != "laporan" or not values.get("known_date"):
        return False, ""
    if rules_or_none(ctx, values["ruleset"]) is None:
        return False, ""
    found = deadlines.report_window(
        ctx, values["ruleset"], date.fromisoformat(values["known_date"])
    )
    if found is None:
        return False, ""
    received = date.fromisoformat(values["received_date"])
    return received > found.due, _("paling lambat {due}; {article}").format(
        due=found.due.strftime("%d-%m-%Y"), article=found.article
    )


# --- steps ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StepChoice:
    """A step this user may take now."""

    code: str
    label: str
    to_status: str | None
    needs_reason: bool
    per_subject: bool
    documents: tuple[str, ...]
    subject_ids: tuple[str, ...]  # per-person steps: the reported people it applies to
    article: str


@dataclass(frozen=True)
class TakenStep:
    step_id: str
    status: str
    numbers: tuple[str, ...]
    documents: tuple[str, ...]


def _role(ctx: ServiceContext) -> str:
    actor = ctx.require(Permission.CASE_LOG)
    return actor.role.value


def available_steps(
    ctx: ServiceContext, case_id: str, subject_id: str | None = None
) -> list[StepChoice]:
    """The steps this user's role may take on the case now (per-person steps list the
    reported people they apply to; with ``subject_id`` only that person's)."""
    ctx.require(Permission.CASE_READ)
    if ctx.actor is None or not has_permission(ctx.actor.role, Permission.CASE_LOG):
        return []  # a reader (the province) takes no steps
    role = ctx.actor.role.value
    with ctx.db.read_session() as session:
        case = live_case(session, case_id)
        subjects = store.subjects(session, case_id=case_id)
    rules = ruleset_of(ctx, case.ruleset)
    out = []
    for step in rules.available_steps(case.status, role, origin=case.origin_kind):
        applies: tuple[str, ...] = ()
        if step.per_subject:
            applies = tuple(
                s.id
                for s in subjects
                if (s.status or SUBJECT_START) in step.subject_from
                and (subject_id is None or s.id == subject_id)
            )
            if not applies:
                continue
        elif subject_id is not None:
            continue
        out.append(
            StepChoice(
                code=step.code,
                label=step.label,
                to_status=step.to_status,
                needs_reason=step.needs_reason,
                per_subject=step.per_subject,
                documents=step.documents,
                subject_ids=applies,
                article=step.article,
            )
        )
    return out


def _write_step(
    ctx: ServiceContext,
    session: Session,
    case: CaseFile,
    *,
    step: str,
    from_status: str,
    to_status: str,
    effective: date,
    reason: str,
    documents: tuple[str, ...],
    taken: list[str],
    subject_id: str | None,
    values: dict[str, Any],
) -> CaseStep:
    actor = ctx.actor
    fields: dict[str, Any] = {
        "case_id": case.id,
        "subject_id": subject_id,
        "step": step,
        "from_status": from_status,
        "to_status": to_status,
        "effective_date": effective.isoformat(),
        "at": ctx.now_iso(),
        "actor": actor.username if actor else "system",
        "actor_name": actor.full_name if actor else "",
        "reason": reason,
        "documents": json.dumps(list(documents)),
        "numbers": json.dumps(taken),
        "step_values": json.dumps(values, ensure_ascii=False, sort_keys=True, default=str),
    }
    row = CaseStep(**fields)
    return ctx.insert_synced(session, row, action="step")


def _number(
    ctx: ServiceContext,
    session: Session,
    case: CaseFile,
    kind: NumberKind,
    *,
    on: date,
    rekom: str,
    subject: CaseSubject | None,
) -> str | None:
    """Take a number and put it on the case (or the reported person); None when numbers are
    taken on another computer of the office: the step is recorded, its number pending
    (``take_pending_numbers`` on the numbering computer gives it)."""
    try:
        number = numbers.take(
            ctx, session, case, kind, on=on, rekom_kind=rekom or "Rekom-DPPL", subject=subject
        )
    except numbers.NumberingElsewhere:
        return None
    if kind is NumberKind.PENYAMPAIAN:
        case.intake_number = number
    elif kind is NumberKind.REGISTER:
        case.register_number = number
    elif subject is not None:
        subject.forward_number = number
        ctx.record_update(session, subject, action="update", new={"forward_number": number})
        return number
    ctx.record_update(
        session, case, action="update", new={"number": number}, note=_("nomor diambil")
    )
    return number


def take_pending_numbers(ctx: ServiceContext, case_id: str) -> list[str]:
    """On the numbering computer: the numbers of steps recorded on another computer, each
    with its step's date (the month and year it carries)."""
    ctx.require(Permission.CASE_LOG)
    taken: list[str] = []
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        for step in store.steps(session, case_id=case_id):
            values = json.loads(step.step_values or "{}")
            pending = values.get("number_pending")
            if not pending:
                continue
            kind = NumberKind(pending)
            subject = live_subject(session, case_id, step.subject_id) if step.subject_id else None
            done = {
                NumberKind.PENYAMPAIAN: case.intake_number,
                NumberKind.REGISTER: case.register_number,
            }.get(kind, subject.forward_number if subject is not None else "")
            on = (
                date.fromisoformat(step.effective_date) if step.effective_date else local_today(ctx)
            )
            number = done or _number(
                ctx, session, case, kind, on=on, rekom=values.get("rekom_kind", ""), subject=subject
            )
            if number is None:
                numbers.refuse_elsewhere(ctx, session)
                return taken
            values.pop("number_pending")
            values.pop("rekom_kind", None)
            step.step_values = json.dumps(values, ensure_ascii=False, sort_keys=True)
            step.numbers = json.dumps([*json.loads(step.numbers or "[]"), number])
            ctx.record_update(session, step, action="update", new={"numbers": [number]})
            if not done:
                taken.append(number)
    return taken


def record_opening(ctx: ServiceContext, session: Session, case: CaseFile) -> None:
    """The step that opened the case (receipt, finding, tip), with its number."""
    rules = rules_or_none(ctx, case.ruleset)
    step_code = f"terima_{case.origin_kind}"
    documents: tuple[str, ...] = ()
    if rules is not None:
        step = rules.start_step(case.origin_kind)
        step_code, documents = step.code, step.documents
    taken = []
    step_values: dict[str, Any] = {"late": True} if case.late else {}
    kind = OPENING_NUMBERS.get(case.origin_kind)
    on = date.fromisoformat(case.received_date) if case.received_date else local_today(ctx)
    if kind is not None:
        number = _number(ctx, session, case, kind, on=on, rekom="", subject=None)
        if number is None:
            step_values.update(number_pending=kind.value)
        else:
            taken.append(number)
    _write_step(
        ctx,
        session,
        case,
        step=step_code,
        from_status="",
        to_status=case.status,
        effective=on,
        reason=case.late_reason if case.late else "",
        documents=documents,
        taken=taken,
        subject_id=None,
        values=step_values,
    )


def take_step(
    ctx: ServiceContext,
    case_id: str,
    step: str,
    *,
    reason: str = "",
    at: date | str | None = None,
    subject_id: str | None = None,
    values: dict[str, Any] | None = None,
) -> TakenStep:
    """Take ``step`` on the case (for one reported person when the step is per person).

    Refused (nothing written) when the ruleset does not allow it now (the message names the
    step that is missing), when the role may not take it (naming who may), or when a reason
    or a value it needs is missing. ``at`` is the day it happened (default today);
    ``values`` what the step records: ``note`` (a pleno's consideration), ``recipient``,
    ``sanction``, ``sanction_number``, ``sanction_date``, ``outcome`` (Gakkumdu's),
    ``correction_number``."""
    role = _role(ctx)
    values = dict(values or {})
    reason = (reason or "").strip()
    effective = parse_date(at, _("Tanggal langkah")) or local_today(ctx)
    if effective > local_today(ctx):
        raise ValidationError(
            _("Tanggal langkah ({value}) belum terjadi: periksa tanggalnya.").format(
                value=effective.isoformat()
            ),
            code="date_in_future",
        )
    if step == REOPEN_STEP:
        return reopen(ctx, case_id, reason, at=effective)
    if step == EXTEND_STEP:
        return extend_decision(ctx, case_id, reason, at=effective)
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        rules = ruleset_of(ctx, case.ruleset)
        subject = live_subject(session, case_id, subject_id) if subject_id else None
        definition = rules.check_step(
            case.status,
            step,
            role,
            origin=case.origin_kind,
            subject_status=(subject.status or SUBJECT_START) if subject is not None else None,
        )
        if definition.per_subject and subject is None:  # check_step refuses first
            raise ValidationError(_("Pilih terlapornya."), code="subject_required")
        if not definition.per_subject and subject is not None:
            raise ValidationError(
                _("Langkah '{step}' berlaku untuk seluruh perkara, bukan satu terlapor.").format(
                    step=definition.label
                ),
                code="subject_not_applicable",
            )
        if definition.needs_reason and not reason:
            raise ValidationError(
                _("Langkah '{step}' memerlukan alasan: tuliskan alasannya.").format(
                    step=definition.label
                ),
                code="reason_missing",
            )
        if case.received_date and effective.isoformat() < case.received_date:
            raise ValidationError(
                _("Tanggal langkah lebih awal dari tanggal perkara diterima: periksa.").format(),
                code="step_before_receipt",
            )
        from_status = case.status
        recorded = _apply(ctx, session, rules, case, subject, definition, effective, reason, values)
        taken = []
        number_rule = STEP_NUMBERS.get(definition.code)
        if number_rule is not None and not (
            number_rule[0] is NumberKind.REGISTER and case.register_number
        ):
            kind, rekom = number_rule
            number = _number(ctx, session, case, kind, on=effective, rekom=rekom, subject=subject)
            if number is None:
                recorded.update(number_pending=kind.value, rekom_kind=rekom)
            else:
                taken.append(number)
        if definition.to_status:
            case.status = definition.to_status
        if case.status in DECIDED_STATUSES:
            case.locked = True
        ctx.record_update(
            session,
            case,
            action="step",
            old={"status": from_status},
            new={
                "status": case.status,
                "step": definition.code,
                **({"numbers": taken} if taken else {}),
            },
            note=reason[:500],
        )
        row = _write_step(
            ctx,
            session,
            case,
            step=definition.code,
            from_status=from_status,
            to_status=case.status,
            effective=effective,
            reason=reason,
            documents=definition.documents,
            taken=taken,
            subject_id=subject.id if subject is not None else None,
            values=recorded,
        )
        deadlines.refresh(ctx, session, case)
        return TakenStep(row.id, case.status, tuple(taken), definition.documents)


def _apply(
    ctx: ServiceContext,
    session: Session,
    rules: Ruleset,
    case: CaseFile,
    subject: CaseSubject | None,
    step: StepDef,
    effective: date,
    reason: str,
    values: dict[str, Any],
) -> dict[str, Any]:
    """What the step records besides the status; returns the values kept on the step row."""
    day = effective.isoformat()
    recorded: dict[str, Any] = {}
    if step.code in ("registrasi", "registrasi_temuan"):
        case.registered_date = day
    if subject is None or not step.per_subject:
        return recorded
    changes: dict[str, Any] = {}
    before = audit.row_values(subject)
    target = step.subject_to or subject.status
    if step.code.startswith("pleno_"):
        outcome = target
        changes.update(
            outcome=outcome,
            outcome_note=(values.get("note") or reason or "").strip(),
            decided_date=day,
        )
        recorded["outcome"] = outcome
    elif step.code.startswith("teruskan_"):
        recipient = clip(values.get("recipient"), 200) or deadlines.recipient_for(
            ctx, rules, subject, effective
        )
        if not recipient:
            raise ValidationError(
                _("Tulis penerima penerusan (instansi atau lembaga yang berwenang)."),
                code="recipient_missing",
            )
        changes.update(recipient=recipient, forwarded_date=day)
        recorded["recipient"] = recipient
    elif step.code == "hasil_gakkumdu":
        outcome_text = (values.get("outcome") or reason).strip()
        changes.update(gakkumdu_outcome=outcome_text, gakkumdu_date=day)
        recorded["outcome"] = outcome_text
    elif step.code == "tindak_lanjut":
        sanction = clip(values.get("sanction"), 200)
        number = clip(values.get("sanction_number"), 200)
        decided = parse_date(values.get("sanction_date"), _("Tanggal keputusan sanksi"))
        if not sanction or not number or decided is None:
            raise ValidationError(
                _(
                    "Catat tindak lanjut PPK lengkap: sanksi yang dijatuhkan, nomor dan tanggal "
                    "keputusannya."
                ),
                code="follow_up_incomplete",
            )
        deadlines.check_sanction(ctx, case, sanction)
        changes.update(
            sanction=sanction,
            sanction_number=number,
            sanction_date=decided.isoformat(),
            follow_up_note=(values.get("note") or reason or "").strip(),
        )
        recorded.update(sanction=sanction, sanction_number=number, sanction_date=iso(decided))
    elif step.code == "tidak_tindak_lanjut":
        changes.update(follow_up_note=reason)
    elif step.code in ("koreksi", "hasil_koreksi"):
        number = clip(values.get("correction_number"), 200)
        if number:
            from netral_desktop.core.cases import is_case_number

            if not is_case_number(number):
                raise ValidationError(
                    _(
                        "Nomor koreksi '{number}' tidak sesuai format Perbawaslu (mis. "
                        "001/K/LP/PP/Prov/27.00/I/2023)."
                    ).format(number=number),
                    code="number_invalid",
                )
            changes["correction_number"] = number
            recorded["correction_number"] = number
    changes["status"] = target
    for name, value in changes.items():
        setattr(subject, name, value)
    old, new = audit.changed_values(before, audit.row_values(subject))
    ctx.record_update(session, subject, action="step", old=old, new=new, note=step.code)
    return recorded


def reopen(ctx: ServiceContext, case_id: str, reason: str, *, at: date | None = None) -> TakenStep:
    """Open a decided case for editing, with the reason written to its history. The case
    keeps its status; the next step taken in a decided status closes it for editing again."""
    actor = ctx.require(Permission.CASE_DECIDE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Tuliskan alasan membuka kembali perkara yang sudah diputus."),
            code="reason_missing",
        )
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        if not case.locked:
            raise ValidationError(
                _("Perkara ini belum diputus (atau sudah dibuka kembali): dapat langsung diubah."),
                code="not_locked",
            )
        case.locked = False
        ctx.record_update(
            session,
            case,
            action="reopen",
            old={"locked": True},
            new={"locked": False},
            note=reason[:500],
        )
        row = _write_step(
            ctx,
            session,
            case,
            step=REOPEN_STEP,
            from_status=case.status,
            to_status=case.status,
            effective=at or local_today(ctx),
            reason=reason,
            documents=(),
            taken=[],
            subject_id=None,
            values={"by": actor.username},
        )
        return TakenStep(row.id, case.status, (), ())


def extend_decision(
    ctx: ServiceContext, case_id: str, reason: str, *, at: date | None = None
) -> TakenStep:
    """Record that more information is needed: the decision deadline becomes the extended
    one (Pemilu: 14 working days in total after registration)."""
    ctx.require(Permission.CASE_DECIDE)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            _("Tuliskan keterangan tambahan apa yang diperlukan."), code="reason_missing"
        )
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        rules = ruleset_of(ctx, case.ruleset)
        extended = rules.deadline_rules.get("decision_extended")
        if extended is None or case.status not in extended.while_statuses:
            raise ValidationError(
                _(
                    "Perpanjangan waktu putusan hanya dapat dicatat setelah registrasi dan "
                    "sebelum pleno."
                ),
                code="extension_not_applicable",
            )
        if any(s.step == EXTEND_STEP for s in store.steps(session, case_id=case_id)):
            raise ValidationError(
                _("Perpanjangan waktu putusan sudah dicatat untuk perkara ini."),
                code="already_extended",
            )
        row = _write_step(
            ctx,
            session,
            case,
            step=EXTEND_STEP,
            from_status=case.status,
            to_status=case.status,
            effective=at or local_today(ctx),
            reason=reason,
            documents=(),
            taken=[],
            subject_id=None,
            values={},
        )
        session.flush()
        deadlines.refresh(ctx, session, case)
        ctx.record_update(
            session, case, action="step", new={"step": EXTEND_STEP}, note=reason[:500]
        )
        return TakenStep(row.id, case.status, (), ())


# --- identities in a case view -----------------------------------------------------------------


def open_parties_logged(
    ctx: ServiceContext, case_id: str, parties: list[CaseParty]
) -> dict[str, PartyIdentity]:
    """The identities of a case's parties for an entitled reader, the viewing logged (one
    entry per party shown)."""
    from netral_desktop.services.cases.identity import can_open, open_identity

    actor = ctx.require(Permission.CASE_IDENTITY)
    # Another office's parties (merged from its bundle) open with the key its bundles
    # brought; until one has come they stay under its seal: pseudonym only.
    parties = [p for p in parties if can_open(ctx, p.origin)]
    if not parties:
        return {}
    opened = {p.id: open_identity(ctx, p.identity, origin=p.origin) for p in parties}
    with ctx.db.write_session() as session:
        audit.record_many(
            session,
            [
                {
                    "at": ctx.now_iso(),
                    "actor": actor.username,
                    "action": "reveal",
                    "table_name": PARTY_TABLE,
                    "record_id": p.id,
                    "new": {"case_id": case_id, "pseudonym": p.pseudonym},
                }
                for p in parties
            ],
        )
    return opened


def step_history(ctx: ServiceContext, case_id: str) -> list[CaseStep]:
    ctx.require(Permission.CASE_READ)
    with ctx.db.read_session() as session:
        live_case(session, case_id)
        return store.steps(session, case_id=case_id)


__all__ = [
    "EXTEND_STEP",
    "REOPEN_STEP",
    "SUBJECT_START",
    "StepChoice",
    "TakenStep",
    "available_steps",
    "extend_decision",
    "final_statuses",
    "reopen",
    "take_pending_numbers",
    "take_step",
]

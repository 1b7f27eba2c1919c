"""Reading cases: the list with its filters, one case with everything about it (reported
people, parties by pseudonym unless the reader is entitled, timeline, hearings, next
deadline), and the home page's counts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from netral_desktop.core.cases import (
    NUMBER_KIND_LABELS,
    ORIGIN_LABELS,
    OUTCOME_LABELS,
    PARTY_ROLE_LABELS,
    STAGE_LABELS,
    STANDING_LABELS,
    SUBJECT_KIND_LABELS,
    NumberKind,
    PartyIdentity,
    SubjectKind,
)
from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.core.identifiers import format_nip
from netral_desktop.core.roles import Permission
from netral_desktop.core.sosialisasi import local_terms, place_words
from netral_desktop.i18n import _
from netral_desktop.services.cases import deadlines, procedure
from netral_desktop.services.cases.common import as_date, live_case, may_see_identities
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.documents import local_today
from netral_desktop.services.office import office_zone
from netral_desktop.store import cases as store
from netral_desktop.store.cases import Filters

DEFAULT_LIMIT = 200


def _label(labels: dict[str, str], code: str) -> str:
    return _(labels[code]) if code in labels else code


@dataclass(frozen=True)
class CaseFilter:
    """What the case list is narrowed to (empty: everything)."""

    status: str | None = None  # one status code
    statuses: tuple[str, ...] = ()
    origin: str | None = None
    category: str | None = None
    election_id: str | None = None
    ruleset: str | None = None
    agency_id: str | None = None  # a reported person's agency
    overdue: bool = False  # open cases whose next deadline has passed
    due_within_days: int | None = None  # open cases due within so many days (this week: 7)
    open_only: bool = False
    search: str = ""  # words in the title, a number, a reported person's name or agency


@dataclass(frozen=True)
class CaseListRow:
    id: str
    number: str  # the register number, else the penyampaian number, else ""
    title: str
    origin: str
    origin_label: str
    status: str
    status_label: str
    ruleset: str
    election_name: str
    received_date: date | None
    category_code: str
    kecamatan_name: str
    subjects: tuple[str, ...]  # names
    agencies: tuple[str, ...]
    due_date: date | None
    due_label: str
    overdue: bool
    due_soon: bool
    late: bool
    locked: bool
    revision: int


@dataclass(frozen=True)
class SubjectView:
    id: str
    position: int
    person_id: str | None
    full_name: str
    nip: str  # formatted, "" when not known yet
    kind: str
    kind_label: str
    jabatan: str
    pangkat_golongan: str
    unit_kerja: str
    agency_id: str | None
    agency_name: str
    ppk_name: str
    ppk_title: str
    status: str  # this person's own status (ruleset subject statuses)
    status_label: str
    outcome: str
    outcome_label: str
    outcome_note: str
    decided_date: date | None
    recipient: str
    forward_number: str
    forwarded_date: date | None
    gakkumdu_outcome: str
    gakkumdu_date: date | None
    sanction: str
    sanction_number: str
    sanction_date: date | None
    follow_up_note: str
    follow_up_overdue: bool  # forwarded, no follow-up after the office's period
    correction_number: str
    notes: str
    incomplete: tuple[str, ...]  # what is still missing ("NIP", "pangkat", "instansi")
    revision: int


@dataclass(frozen=True)
class PartyView:
    id: str
    role: str
    role_label: str
    pseudonym: str
    standing: str
    standing_label: str
    revealed: bool  # the identity below is shown (koordinator, admin)
    name: str  # the pseudonym when not revealed
    identity: PartyIdentity | None
    revision: int


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime  # when it was recorded, in the office's time zone
    effective_date: date | None  # the day it happened (a step may be recorded later)
    kind: str  # "step" | "hearing"
    code: str  # the step's code
    label: str
    from_status: str
    to_status: str
    actor: str
    actor_name: str
    reason: str
    documents: tuple[str, ...]
    numbers: tuple[str, ...]
    subject_id: str | None
    subject_name: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HearingView:
    id: str
    subject_id: str | None
    party_id: str | None
    heard_as: str
    name: str  # the person heard (a party by pseudonym unless revealed)
    scheduled_at: datetime | None  # office time zone
    place: str
    online: bool
    online_reason: str
    invitation_date: date | None
    second_invitation_date: date | None
    invitation_late: bool  # the B.9 reached them later than the ruleset allows
    attendance: str
    oath: bool
    statement: str
    recording_id: str | None
    notes: str
    revision: int


@dataclass(frozen=True)
class CaseView:
    id: str
    ruleset: str
    ruleset_title: str
    election_id: str | None
    election_name: str
    election_code: str
    origin: str
    origin_label: str
    status: str
    status_label: str
    final: bool
    title: str
    account: str
    event_date: date | None
    known_date: date | None
    received_date: date | None
    registered_date: date | None
    kecamatan_code: str
    kecamatan_name: str
    desa_code: str
    desa_name: str
    region_text: str  # "Kalurahan Pendowoharjo, Kapanewon Sewon": as the region names them
    place: str
    category_code: str
    category_label: str  # "KE-02 Sosialisasi/kampanye media sosial ..."
    category_warning: str  # the category does not fit the stage (SKB 2022), "" when it does
    stage: str
    stage_label: str
    late: bool
    late_reason: str
    intake_number: str
    register_number: str
    locked: bool
    notes: str
    subjects: tuple[SubjectView, ...]
    parties: tuple[PartyView, ...]
    timeline: tuple[TimelineEntry, ...]
    hearings: tuple[HearingView, ...]
    numbers: tuple[str, ...]
    # Numbers of steps recorded on a computer that does not take case numbers (kind labels):
    # taken on the numbering computer (services/cases/procedure.take_pending_numbers).
    pending_numbers: tuple[str, ...]
    deadline: deadlines.DeadlineView | None
    identities_visible: bool
    revision: int
    updated_by: str
    # The status words of the case's ruleset, the office's own file where it has one (the
    # history's "Status: before -> after" lines): code -> label, in the window's language.
    status_words: Mapping[str, str] = field(default_factory=dict)


def _filters(flt: CaseFilter, today: date) -> Filters:
    statuses = tuple(flt.statuses) + ((flt.status,) if flt.status else ())
    words = tuple(w.lower() for w in flt.search.split() if w)
    final = procedure.final_statuses()
    due_until = None
    if flt.due_within_days is not None:
        due_until = date.fromordinal(today.toordinal() + max(0, flt.due_within_days)).isoformat()
    return Filters(
        statuses=statuses,
        origin=flt.origin or None,
        category_code=flt.category or None,
        election_id=flt.election_id or None,
        ruleset=flt.ruleset or None,
        agency_id=flt.agency_id or None,
        due_before=today.isoformat() if flt.overdue else None,
        due_until=due_until,
        due_from=today.isoformat() if flt.due_within_days is not None else None,
        open_only=flt.open_only or flt.overdue or flt.due_within_days is not None,
        final_statuses=final,
        words=words,
    )


def _today_in(ctx: ServiceContext, session: Any) -> date:
    """Today in the office's time zone, read in the caller's session."""
    from netral_desktop.store import office as office_store
    from netral_desktop.store.office import OfficeRecord

    office = office_store.live_office(session)
    if office is None:
        return local_today(ctx)
    return ctx.clock.now().astimezone(office_zone(OfficeRecord.of(office))).date()


def list_cases(
    ctx: ServiceContext,
    flt: CaseFilter | None = None,
    offset: int = 0,
    limit: int = DEFAULT_LIMIT,
) -> list[CaseListRow]:
    """A page of cases, latest received first."""
    ctx.require(Permission.CASE_READ)
    flt = flt or CaseFilter()
    with ctx.db.read_session() as session:
        today = _today_in(ctx, session)  # one session for the whole page
        rows = store.case_page(session, filters=_filters(flt, today), limit=limit, offset=offset)
        lines = store.subject_lines(session, case_ids=[r.id for r in rows])
    names: dict[str, list[str]] = {}
    agencies: dict[str, list[str]] = {}
    for line in lines:
        names.setdefault(line.case_id, []).append(line.full_name)
        if line.agency_name and line.agency_name not in agencies.get(line.case_id, []):
            agencies.setdefault(line.case_id, []).append(line.agency_name)
    near = deadlines.NearCheck(ctx, today)
    out = []
    for row in rows:
        due = as_date(row.due_date)
        out.append(
            CaseListRow(
                id=row.id,
                number=row.register_number or row.intake_number,
                title=row.title,
                origin=row.origin_kind,
                origin_label=_label(ORIGIN_LABELS, row.origin_kind),
                status=row.status,
                status_label=procedure.status_label(row.ruleset, row.status, ctx=ctx),
                ruleset=row.ruleset,
                election_name=row.election_name,
                received_date=as_date(row.received_date),
                category_code=row.category_code,
                kecamatan_name=row.kecamatan_name,
                subjects=tuple(names.get(row.id, ())),
                agencies=tuple(agencies.get(row.id, ())),
                due_date=due,
                due_label=row.due_article,
                overdue=due is not None and due < today,
                due_soon=due is not None and near(row.ruleset, due),
                late=row.late,
                locked=row.locked,
                revision=row.revision,
            )
        )
    return out


def count_cases(ctx: ServiceContext, flt: CaseFilter | None = None) -> int:
    ctx.require(Permission.CASE_READ)
    with ctx.db.read_session() as session:
        return store.case_count(session, filters=_filters(flt or CaseFilter(), local_today(ctx)))


def _local(ctx: ServiceContext, stamp: str) -> datetime:
    return parse_iso_utc(stamp).astimezone(office_zone(current_office(ctx)))


def _incomplete(subject: Any) -> tuple[str, ...]:
    missing = []
    kind = SubjectKind(subject.kind) if subject.kind in SUBJECT_KIND_LABELS else SubjectKind.LAINNYA
    if kind.is_asn and not subject.nip:
        missing.append(_("NIP") if kind is SubjectKind.PNS else _("NI PPPK"))
    if kind.is_asn and not subject.pangkat_golongan:
        missing.append(_("pangkat/golongan"))
    if not subject.agency_id and not subject.agency_name:
        missing.append(_("instansi"))
    return tuple(missing)


def case_view(ctx: ServiceContext, case_id: str, *, reveal: bool = True) -> CaseView:
    """Everything about one case. Parties appear by pseudonym unless the reader may see
    identities (koordinator, admin); their identities are then opened, and the viewing is
    logged once for the case. ``reveal=False`` (the window, which opens an identity only when
    asked, through ``reveal_party``) keeps everyone's pseudonym and logs nothing."""
    ctx.require(Permission.CASE_READ)
    entitled = reveal and may_see_identities(ctx)
    today = local_today(ctx)
    with ctx.db.read_session() as session:
        case = live_case(session, case_id)
        subjects = store.subjects(session, case_id=case_id)
        parties = store.parties(session, case_id=case_id)
        steps = store.steps(session, case_id=case_id)
        hearings = store.hearings(session, case_id=case_id)
        numbers = store.numbers(session, case_id=case_id)
        election = (
            store.election(session, election_id=case.election_id) if case.election_id else None
        )
        case_values = case.model_dump()
    ruleset = procedure.rules_or_none(ctx, case.ruleset)
    subject_names = {s.id: s.full_name for s in subjects}
    opened: dict[str, PartyIdentity] = {}
    if entitled and parties:
        opened = procedure.open_parties_logged(ctx, case_id, parties)
    party_views = tuple(
        PartyView(
            id=p.id,
            role=p.role,
            role_label=_label(PARTY_ROLE_LABELS, p.role),
            pseudonym=p.pseudonym,
            standing=p.standing,
            standing_label=_label(STANDING_LABELS, p.standing),
            revealed=p.id in opened,
            name=opened[p.id].name if p.id in opened else p.pseudonym,
            identity=opened.get(p.id),
            revision=p.revision,
        )
        for p in parties
    )
    party_names = {p.id: p.name for p in party_views}
    follow_up = deadlines.follow_up_days(ctx, case.ruleset)
    subject_views = tuple(
        SubjectView(
            id=s.id,
            position=s.position,
            person_id=s.person_id,
            full_name=s.full_name,
            nip=format_nip(s.nip) if s.nip else "",
            kind=s.kind,
            kind_label=_label(SUBJECT_KIND_LABELS, s.kind),
            jabatan=s.jabatan,
            pangkat_golongan=s.pangkat_golongan,
            unit_kerja=s.unit_kerja,
            agency_id=s.agency_id,
            agency_name=s.agency_name,
            ppk_name=s.ppk_name,
            ppk_title=s.ppk_title,
            status=s.status or procedure.SUBJECT_START,
            status_label=procedure.subject_status_label(
                case.ruleset, s.status or procedure.SUBJECT_START, ctx=ctx
            ),
            outcome=s.outcome,
            outcome_label=_label(OUTCOME_LABELS, s.outcome),
            outcome_note=s.outcome_note,
            decided_date=as_date(s.decided_date),
            recipient=s.recipient,
            forward_number=s.forward_number,
            forwarded_date=as_date(s.forwarded_date),
            gakkumdu_outcome=s.gakkumdu_outcome,
            gakkumdu_date=as_date(s.gakkumdu_date),
            sanction=s.sanction,
            sanction_number=s.sanction_number,
            sanction_date=as_date(s.sanction_date),
            follow_up_note=s.follow_up_note,
            follow_up_overdue=deadlines.follow_up_overdue(s, follow_up, today),
            correction_number=s.correction_number,
            notes=s.notes,
            incomplete=_incomplete(s),
            revision=s.revision,
        )
        for s in subjects
    )
    timeline = [
        TimelineEntry(
            at=_local(ctx, st.at),
            effective_date=as_date(st.effective_date),
            kind="step",
            code=st.step,
            label=procedure.step_label(ruleset, st.step),
            from_status=st.from_status,
            to_status=st.to_status,
            actor=st.actor,
            actor_name=st.actor_name,
            reason=st.reason,
            documents=tuple(json.loads(st.documents or "[]")),
            numbers=tuple(json.loads(st.numbers or "[]")),
            subject_id=st.subject_id,
            subject_name=subject_names.get(st.subject_id or "", ""),
            values=json.loads(st.step_values or "{}"),
        )
        for st in steps
    ]
    from netral_desktop.services.cases import hearings as hearing_service

    hearing_views = tuple(
        hearing_service.view_of(ctx, h, subject_names, party_names, ruleset) for h in hearings
    )
    status = case_values["status"]
    category = _category(ctx, case.category_code, case.stage)
    return CaseView(
        id=case_id,
        ruleset=case.ruleset,
        ruleset_title=ruleset.title if ruleset else case.ruleset,
        election_id=case.election_id,
        election_name=election.name if election else "",
        election_code=case.election_code,
        origin=case.origin_kind,
        origin_label=_label(ORIGIN_LABELS, case.origin_kind),
        status=status,
        status_label=procedure.status_label(case.ruleset, status, ctx=ctx),
        final=status in procedure.final_statuses(),
        title=case.title,
        account=case.account,
        event_date=as_date(case.event_date),
        known_date=as_date(case.known_date),
        received_date=as_date(case.received_date),
        registered_date=as_date(case.registered_date),
        kecamatan_code=case.kecamatan_code,
        kecamatan_name=case.kecamatan_name,
        desa_code=case.desa_code,
        desa_name=case.desa_name,
        region_text=place_words(
            local_terms(case.kecamatan_code[:5] or current_office(ctx).code),
            case.kecamatan_name,
            case.desa_name,
        ),
        place=case.place,
        category_code=case.category_code,
        category_label=category[0],
        category_warning=category[1],
        stage=case.stage,
        stage_label=_label(STAGE_LABELS, case.stage),
        late=case.late,
        late_reason=case.late_reason,
        intake_number=case.intake_number,
        register_number=case.register_number,
        locked=case.locked,
        notes=case.notes,
        subjects=subject_views,
        parties=party_views,
        timeline=tuple(sorted(timeline, key=lambda t: t.at)),
        hearings=hearing_views,
        numbers=tuple(n.number for n in numbers),
        pending_numbers=tuple(
            NumberKind(t.values["number_pending"]).label
            for t in timeline
            if t.values.get("number_pending") in NUMBER_KIND_LABELS
        ),
        deadline=deadlines.view_of(ctx, case_values, today),
        identities_visible=entitled,
        revision=case.revision,
        updated_by=case.updated_by,
        status_words=(
            {code: ruleset.status_label(code) for code in ruleset.statuses} if ruleset else {}
        ),
    )


def _category(ctx: ServiceContext, code: str, stage: str) -> tuple[str, str]:
    """The category's label and, when the case's stage is known, a warning if the category
    belongs to the other stage."""
    from netral_desktop.core import taxonomy
    from netral_desktop.core.errors import ValidationError

    if not code:
        return "", ""
    try:
        found = taxonomy.load_taxonomy(home=ctx.layout.root if ctx.layout else None).get(code)
    except ValidationError:
        return code, ""  # retired or removed from the office's file since: the code stays
    warning = ""
    if stage:
        warning = taxonomy.stage_warning(found, stage == "setelah_penetapan") or ""
    return found.label, warning


@dataclass(frozen=True)
class HomeCounts:
    """The home page's case section."""

    by_status: dict[str, int]  # status code -> live cases
    status_labels: dict[str, str]
    open_cases: int
    overdue: int
    due_this_week: int


def home_counts(ctx: ServiceContext) -> HomeCounts:
    """Cases by status, overdue, and due within the coming 7 days."""
    ctx.require(Permission.CASE_READ)
    with ctx.db.read_session() as session:
        by_status = store.status_counts(session)
    final = set(procedure.final_statuses())
    return HomeCounts(
        by_status=by_status,
        status_labels={code: procedure.status_label(None, code, ctx=ctx) for code in by_status},
        open_cases=sum(n for code, n in by_status.items() if code not in final),
        overdue=count_cases(ctx, CaseFilter(overdue=True)),
        due_this_week=count_cases(ctx, CaseFilter(due_within_days=7)),
    )

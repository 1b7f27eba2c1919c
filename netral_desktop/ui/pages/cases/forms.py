"""What the case dialogs send and show: the values a dialog gathers (plain dataclasses), the
choices it offers, the words for a step and its papers, and the calls to the case services
(run on the task runner's worker, never on the GUI thread)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from html import escape
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext
from netral_desktop.ui.date_field import DateField

# --- values ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectValues:
    full_name: str
    nip: str = ""
    kind: str = "pns"
    agency_id: str | None = None
    agency_name: str = ""
    jabatan: str = ""
    person_id: str | None = None


@dataclass(frozen=True)
class PartyValues:
    role: str
    name: str
    nik: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    occupation: str = ""
    standing: str = ""


@dataclass(frozen=True)
class NewCaseValues:
    origin: str
    election_id: str | None
    title: str
    event_date: date | None
    known_date: date | None
    received_date: date | None
    kecamatan_code: str = ""
    desa_name: str = ""
    place: str = ""
    category: str = ""
    stage: str = ""
    account: str = ""
    late_reason: str = ""
    notes: str = ""
    subjects: tuple[SubjectValues, ...] = ()
    reporter: PartyValues | None = None


@dataclass(frozen=True)
class NewCaseChoices:
    elections: list[tuple[str, str]] = field(default_factory=list)
    kecamatan: list[tuple[str, str]] = field(default_factory=list)
    categories: list[tuple[str, str]] = field(default_factory=list)
    agencies: list[Any] = field(default_factory=list)
    kecamatan_word: str = ""
    desa_word: str = ""
    today: date | None = None  # in the office's time zone


def subject_line(values: SubjectValues) -> str:
    from netral_desktop.ui.pages.cases.common import kind_label

    parts = [values.full_name, values.nip, kind_label(values.kind), values.agency_name]
    if values.agency_id and not values.agency_name:
        parts[3] = ""
    return " · ".join(part for part in parts if part)


# --- choices ---------------------------------------------------------------------------------


def origin_choices() -> list[tuple[str, str]]:
    from netral_desktop.core.cases import ORIGIN_LABELS

    return [(code, _(label)) for code, label in ORIGIN_LABELS.items()]


def stage_choices() -> list[tuple[str, str]]:
    from netral_desktop.core.cases import STAGE_LABELS

    ordered = [""] + [code for code in STAGE_LABELS if code]
    return [(code, _(STAGE_LABELS[code])) for code in ordered]


def standing_choices() -> list[tuple[str, str]]:
    from netral_desktop.core.cases import STANDING_LABELS

    ordered = [""] + [code for code in STANDING_LABELS if code]
    return [(code, _(STANDING_LABELS[code])) for code in ordered]


HEARD_AS = {
    "terlapor": lambda: _("Terlapor"),
    "pelapor": lambda: _("Pelapor"),
    "saksi": lambda: _("Saksi"),
    "ahli": lambda: _("Ahli"),
}
# Perbawaslu 7/2022 Pasal 31: the only reasons a hearing may be held online.
ONLINE_REASONS = (
    lambda: _("kendala geografis"),
    lambda: _("keamanan"),
    lambda: _("keterbatasan sarana dan prasarana"),
    lambda: _("bencana"),
)
ATTENDANCE = {
    "": lambda: _("(belum berlangsung)"),
    "hadir": lambda: _("Hadir"),
    "tidak_hadir": lambda: _("Tidak hadir"),
}


def heard_as_choices() -> list[tuple[str, str]]:
    return [(code, words()) for code, words in HEARD_AS.items()]


def online_reasons() -> list[str]:
    return [words() for words in ONLINE_REASONS]


def attendance_choices() -> list[tuple[str, str]]:
    return [(code, words()) for code, words in ATTENDANCE.items()]


def next_working_morning(today: date) -> datetime:
    """09.00 of the next weekday: a hearing's first proposal (the invitation must reach the
    person at least one working day before)."""
    day = today + timedelta(days=1)
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(9, 0))


# --- steps -----------------------------------------------------------------------------------


def step_line(step: Any) -> str:
    line = step.label
    if step.documents:
        line += "  ·  " + ", ".join(step.documents)
    return line


def step_details_html(step: Any) -> str:
    from netral_desktop.services.cases.procedure import status_label

    rows = []
    if step.to_status:
        rows.append(
            _("Status sesudahnya: {status}").format(status=status_label(None, step.to_status))
        )
    if step.documents:
        rows.append(_("Dokumen yang diterbitkan: {forms}").format(forms=", ".join(step.documents)))
    else:
        rows.append(_("Tahapan ini tidak menerbitkan dokumen."))
    if step.article:
        rows.append(_("Dasar: {article}").format(article=step.article))
    return "<br>".join(escape(row) for row in rows)


class StepValuesForm(QWidget):
    """What some steps record beyond a reason (services/cases/procedure.py ``take_step``'s
    ``values``): a pleno's consideration, the forwarding's recipient, the PPK's sanction with
    its decision number and date, Sentra Gakkumdu's outcome, a correction's number."""

    FIELDS = {
        "teruskan_rekomendasi": ("recipient",),
        "teruskan_administratif": ("recipient",),
        "teruskan_gakkumdu": ("recipient",),
        "tindak_lanjut": ("sanction", "sanction_number", "sanction_date"),
        "hasil_gakkumdu": ("outcome",),
        "koreksi": ("correction_number",),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recipient = QLineEdit()
        self.recipient.setObjectName("stepRecipient")
        self.recipient.setPlaceholderText(
            _("kosongkan: penerima menurut tanggal (KASN/BKN, Sentra Gakkumdu, KPU) dan PPK")
        )
        self.sanction = QComboBox()
        self.sanction.setObjectName("stepSanction")
        self.sanction.setEditable(True)
        self.sanction_number = QLineEdit()
        self.sanction_number.setObjectName("stepSanctionNumber")
        self.sanction_date = DateField(optional=True)
        self.sanction_date.setObjectName("stepSanctionDate")
        self.outcome = QLineEdit()
        self.outcome.setObjectName("stepOutcome")
        self.outcome.setPlaceholderText(_("mis. dihentikan pada tahap pembahasan kedua"))
        self.correction_number = QLineEdit()
        self.correction_number.setObjectName("stepCorrectionNumber")
        self.correction_number.setPlaceholderText("001/K/LP/PL/Prov/15.00/I/2024")
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.rows: dict[str, QWidget] = {
            "recipient": self.recipient,
            "sanction": self.sanction,
            "sanction_number": self.sanction_number,
            "sanction_date": self.sanction_date,
            "outcome": self.outcome,
            "correction_number": self.correction_number,
        }
        labels = {
            "recipient": _("Penerima"),
            "sanction": _("Sanksi"),
            "sanction_number": _("Nomor keputusan"),
            "sanction_date": _("Tanggal keputusan"),
            "outcome": _("Hasil Sentra Gakkumdu"),
            "correction_number": _("Nomor koreksi"),
        }
        for key, widget in self.rows.items():
            self.form.addRow(labels[key], widget)
        self.shown: tuple[str, ...] = ()
        self.show_for(None)

    def set_sanctions(self, sanctions: Sequence[str]) -> None:
        self.sanction.clear()
        self.sanction.addItem("")
        self.sanction.addItems(list(sanctions))

    def show_for(self, step: Any) -> None:
        self.shown = self.FIELDS.get(step.code, ()) if step is not None else ()
        for key, widget in self.rows.items():
            self.form.setRowVisible(widget, key in self.shown)
        self.setVisible(bool(self.shown))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in self.shown:
            widget = self.rows[key]
            if isinstance(widget, QLineEdit):
                out[key] = widget.text().strip()
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentText().strip()
            elif isinstance(widget, DateField):
                value = widget.value()
                out[key] = value.isoformat() if value else ""
        return {key: value for key, value in out.items() if value}


# --- calls to the services (on the worker) ----------------------------------------------------


def new_case_choices(ctx: ServiceContext) -> NewCaseChoices:
    from netral_desktop.core.roles import Permission
    from netral_desktop.services import pledge, roster
    from netral_desktop.services.sosialisasi import kecamatan_choices, region_terms
    from netral_desktop.ui.pages.cases.common import allowed, office_today
    from netral_desktop.ui.pages.cases.list_panel import category_choices

    terms = region_terms(ctx)
    can_read_roster = allowed(ctx, Permission.ROSTER_READ)
    return NewCaseChoices(
        elections=[(e.id, e.name) for e in pledge.list_elections(ctx)] if can_read_roster else [],
        kecamatan=kecamatan_choices(ctx),
        categories=category_choices(ctx),
        agencies=roster.list_agencies(ctx) if can_read_roster else [],
        kecamatan_word=terms.kecamatan,
        desa_word=terms.desa,
        today=office_today(ctx),
    )


def create_case(ctx: ServiceContext, values: NewCaseValues) -> str:
    from netral_desktop.services.cases import records

    parties = [party_fields(values.reporter)] if values.reporter is not None else []
    return records.new_case(
        ctx,
        records.CaseFields(
            origin=values.origin,
            title=values.title,
            election_id=values.election_id,
            account=values.account,
            event_date=values.event_date,
            known_date=values.known_date,
            received_date=values.received_date,
            kecamatan_code=values.kecamatan_code,
            desa_name=values.desa_name,
            place=values.place,
            category_code=values.category,
            stage=values.stage,
            late_reason=values.late_reason,
            notes=values.notes,
            subjects=tuple(
                records.SubjectFields(
                    person_id=s.person_id,
                    full_name=s.full_name,
                    nip=s.nip or None,
                    kind=s.kind,
                    jabatan=s.jabatan,
                    agency_id=s.agency_id,
                    agency_name=s.agency_name,
                )
                for s in values.subjects
            ),
            parties=tuple(parties),
        ),
    )


def fill_case(dialog: Any, case: Any) -> None:
    """The case's facts in the dialog, for changing them (who is reported and who reported
    stay on their own tabs of the case view)."""
    dialog.tabs.setTabVisible(1, False)
    dialog.tabs.setTabVisible(2, False)
    dialog.origin_kind.setCurrentIndex(max(0, dialog.origin_kind.findData(case.origin)))
    dialog.origin_kind.setEnabled(False)  # the procedure follows the origin
    dialog.election.setCurrentIndex(max(0, dialog.election.findData(case.election_id)))
    dialog.title.setText(case.title)
    dialog.event_date.set_value(case.event_date)
    dialog.known_date.set_value(case.known_date)
    dialog.received_date.set_value(case.received_date)
    dialog.kecamatan.setCurrentIndex(max(0, dialog.kecamatan.findData(case.kecamatan_code)))
    dialog.desa.setText(case.desa_name)
    dialog.place.setText(case.place)
    dialog.category.setCurrentIndex(max(0, dialog.category.findData(case.category_code)))
    dialog.stage.setCurrentIndex(max(0, dialog.stage.findData(case.stage)))
    dialog.account.setPlainText(case.account)
    dialog.late_reason.setText(case.late_reason)
    dialog.notes.setText(case.notes)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).setText(_("Simpan perubahan"))


def change_case(ctx: ServiceContext, case: Any, values: NewCaseValues) -> str:
    from netral_desktop.services.cases import records

    records.update_case(
        ctx,
        case.id,
        records.CaseChanges(
            title=values.title,
            election_id=values.election_id,
            account=values.account,
            event_date=values.event_date,
            known_date=values.known_date,
            received_date=values.received_date,
            kecamatan_code=values.kecamatan_code,
            desa_name=values.desa_name,
            place=values.place,
            category_code=values.category,
            stage=values.stage,
            late_reason=values.late_reason,
            notes=values.notes,
        ),
        expected_revision=case.revision,
    )
    return str(case.id)


def take_step(
    ctx: ServiceContext,
    case_id: str,
    step: str,
    *,
    reason: str,
    on: date | None,
    subject_id: str | None,
    values: dict[str, Any],
) -> Any:
    from netral_desktop.services.cases import procedure

    return procedure.take_step(
        ctx, case_id, step, reason=reason, at=on, subject_id=subject_id, values=values
    )


def sanctions_for(ctx: ServiceContext, category_code: str) -> tuple[str, ...]:
    """The sanctions the PPK may impose for the case's category (empty: typed freely)."""
    if not category_code:
        return ()
    from netral_desktop.core import taxonomy

    home = ctx.layout.root if ctx.layout is not None else None
    found = {c.code: c for c in taxonomy.load_taxonomy(home=home).categories(include_retired=True)}
    category = found.get(category_code)
    return category.sanctions if category is not None else ()


# --- papers ----------------------------------------------------------------------------------


def paper_form(code: str, ruleset: str = "pemilu") -> str | None:
    """The form in forms/ that prints a ruleset's paper code (``B.17``), or None when this
    version has none (B.5, B.6, B.19-B.21)."""
    from netral_desktop.services.cases import papers

    if code == "B.1" or code in papers.FORM_OF_CODE:
        return papers.form_for(code, ruleset)
    return None


def draft_paper(
    ctx: ServiceContext, form: str, case_id: str, target: str = ""
) -> tuple[bytes, str, str]:
    """(draft PDF, title, why it can only be a draft for this user or "")."""
    from netral_desktop.services import documents
    from netral_desktop.services.cases import papers

    data = papers.paper_data(ctx, form, case_id, target=target)
    pdf = documents.render_draft(ctx, form, data.id, data=data)
    return pdf, documents.form_title(form), data.draft_only


def issue_paper(ctx: ServiceContext, form: str, case_id: str, target: str = "") -> Any:
    from netral_desktop.services.cases import papers

    return papers.issue_paper(ctx, case_id, form, target=target)


# --- hearings --------------------------------------------------------------------------------


def hearing_values(dialog: Any) -> dict[str, Any]:
    """What the hearing dialog holds, as the hearing services take it."""
    return {
        "subject_id": dialog.subject.currentData(),
        "party_id": dialog.party.currentData(),
        "name": dialog.name.text().strip(),
        "heard_as": dialog.heard_as.currentData() or "",
        "scheduled_at": dialog.scheduled.value(),
        "place": dialog.place.text().strip(),
        "online": dialog.online.isChecked(),
        "online_reason": dialog.online_reason.currentText().strip()
        if dialog.online.isChecked()
        else "",
        "invitation_date": dialog.invitation.value(),
        "second_invitation_date": dialog.second_invitation.value(),
        "attendance": dialog.attendance.currentData() or "",
        "oath": dialog.oath.isChecked(),
        "statement": dialog.statement.toPlainText().strip(),
        "recording_id": dialog.recording.currentData(),
    }


def fill_hearing(dialog: Any, hearing: Any) -> None:
    """Show a recorded hearing in the dialog (who is heard is fixed once scheduled)."""
    for combo, value in (
        (dialog.subject, hearing.subject_id),
        (dialog.party, hearing.party_id),
        (dialog.heard_as, hearing.heard_as),
        (dialog.attendance, hearing.attendance),
    ):
        combo.setCurrentIndex(max(0, combo.findData(value)))
    dialog.name.setText(hearing.name)
    for widget in (dialog.subject, dialog.party, dialog.name, dialog.heard_as):
        widget.setEnabled(False)
    dialog.scheduled.set_value(
        hearing.scheduled_at.replace(tzinfo=None) if hearing.scheduled_at else None
    )
    dialog.place.setText(hearing.place)
    dialog.online.setChecked(hearing.online)
    dialog.online_reason.setCurrentText(hearing.online_reason)
    dialog.invitation.set_value(hearing.invitation_date)
    dialog.second_invitation.set_value(hearing.second_invitation_date)
    dialog.oath.setChecked(hearing.oath)
    dialog.statement.setPlainText(hearing.statement)
    dialog.wanted_recording = hearing.recording_id


def save_hearing(ctx: ServiceContext, case_id: str, hearing: Any, values: dict[str, Any]) -> str:
    from netral_desktop.services.cases import hearings

    if hearing is None:
        return hearings.add_hearing(
            ctx,
            case_id,
            hearings.HearingFields(
                scheduled_at=values["scheduled_at"],
                subject_id=values["subject_id"],
                party_id=values["party_id"],
                name=values["name"],
                heard_as=values["heard_as"],
                place=values["place"],
                online=values["online"],
                online_reason=values["online_reason"],
                invitation_date=values["invitation_date"],
            ),
        )
    hearings.update_hearing(
        ctx,
        case_id,
        hearing.id,
        hearings.HearingChanges(
            scheduled_at=values["scheduled_at"],
            place=values["place"],
            online=values["online"],
            online_reason=values["online_reason"],
            invitation_date=values["invitation_date"],
            second_invitation_date=values["second_invitation_date"],
            attendance=values["attendance"],
            oath=values["oath"],
            statement=values["statement"],
            recording_id=values["recording_id"],
        ),
    )
    return str(hearing.id)


def recordings(ctx: ServiceContext, case_id: str) -> list[tuple[str, str]]:
    """(attachment id, name) of the case's audio and video evidence (an online hearing's
    recording is one of them)."""
    from netral_desktop.services import evidence

    if not case_id:
        return []
    return [
        (row.id, row.caption or row.original_name)
        for row in evidence.list_for(ctx, "case_file", case_id)
        if row.media_type.startswith(("audio/", "video/"))
    ]


def paper_title(code: str, form: str | None) -> str:
    if form is None:
        return _("{code} (formulir belum tersedia di versi ini)").format(code=code)
    from netral_desktop.services.documents import form_title

    return form_title(form)


# --- reported people and parties --------------------------------------------------------------


def party_role_choices() -> list[tuple[str, str]]:
    from netral_desktop.core.cases import PARTY_ROLE_LABELS

    order = ("saksi", "ahli", "pelapor")
    return [(code, _(PARTY_ROLE_LABELS[code])) for code in order]


def party_fields(values: PartyValues) -> Any:
    from netral_desktop.services.cases import records

    return records.PartyFields(
        role=values.role,
        name=values.name,
        nik=values.nik,
        address=values.address,
        phone=values.phone,
        email=values.email,
        occupation=values.occupation,
        standing=values.standing,
    )


def add_party(ctx: ServiceContext, case_id: str, values: PartyValues) -> str:
    from netral_desktop.services.cases import records

    return records.add_party(ctx, case_id, party_fields(values))


def save_subject(ctx: ServiceContext, case_id: str, subject: Any, values: dict[str, Any]) -> str:
    """Add a reported person (``subject`` None) or change what is recorded of one."""
    from netral_desktop.services.cases import records

    if subject is None:
        return records.add_subject(ctx, case_id, records.SubjectFields(**values))
    records.update_subject(
        ctx,
        case_id,
        subject.id,
        records.SubjectChanges(**values),
        expected_revision=subject.revision,
    )
    return str(subject.id)

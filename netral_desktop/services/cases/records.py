"""Case records: a new report, finding or tip, its facts, its reported people, its reporter
and witnesses (identity sealed, pseudonym shown), and the logged view of an identity.

Every write checks ``Permission.CASE_LOG`` and leaves an audit entry; a decided case is
edited only after reopening with a reason (services/cases/procedure.reopen).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from netral_desktop.core import wilayah
from netral_desktop.core.cases import (
    ElectionCode,
    Origin,
    PartyIdentity,
    PartyRole,
    Stage,
    SubjectKind,
    pseudonym,
)
from netral_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from netral_desktop.core.identifiers import (
    IdentifierError,
    digits_only,
    looks_like_ni_pppk,
    parse_nik,
    parse_nip,
)
from netral_desktop.core.inputs import UNSET, Unset, changed
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import clean_text, name_key
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.cases import deadlines
from netral_desktop.services.cases.common import (
    CASE_TABLE,
    PARTY_TABLE,
    clip,
    iso,
    live_case,
    live_subject,
    parse_date,
    refuse_locked,
)
from netral_desktop.services.cases.identity import (
    can_open,
    changed_elsewhere,
    open_identity,
    seal_identity,
    sealed_elsewhere,
    sealed_here,
)
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.documents import local_today
from netral_desktop.store import cases as store
from netral_desktop.store import documents as documents_store
from netral_desktop.store.db import Session
from netral_desktop.store.models import CaseFile, CaseParty, CaseSubject
from netral_desktop.store.office import OfficeRecord
from netral_desktop.store.people import records as people_store

MAX_SUBJECTS = 200
MAX_PARTIES = 200
STANDINGS = ("pemilih", "peserta", "pemantau", "")


# --- inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubjectFields:
    """A reported person as entered: from the roster (``person_id``) or free (name, and
    what is known; NIP and rank may follow later)."""

    person_id: str | None = None
    full_name: str = ""
    nip: str | None = None  # NIP or NI PPPK
    kind: SubjectKind | str | None = None  # None: from the roster's status, else PNS
    jabatan: str = ""
    pangkat_golongan: str = ""
    unit_kerja: str = ""
    agency_id: str | None = None
    agency_name: str = ""
    ppk_name: str = ""  # the agency's PPK (from the agency when linked)
    ppk_title: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PartyFields:
    """A reporter, witness or expert: role, standing (a reporter's), identity."""

    role: PartyRole | str = PartyRole.PELAPOR
    name: str = ""
    nik: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    occupation: str = ""
    birth_place: str = ""
    birth_date: date | str | None = None
    gender: str = ""  # L | P
    standing: str = ""  # a reporter: pemilih, peserta, pemantau


@dataclass(frozen=True)
class CaseFields:
    """A new case as entered."""

    origin: Origin | str = Origin.LAPORAN
    title: str = ""
    election_id: str | None = None
    ruleset: str | None = None  # pemilu | pilkada; None: from the election
    election_code: ElectionCode | str | None = None  # PL | PP | PB; None: from the election
    account: str = ""
    event_date: date | str | None = None
    known_date: date | str | None = None
    received_date: date | str | None = None  # None: today
    kecamatan_code: str = ""
    desa_name: str = ""
    place: str = ""
    category_code: str = ""
    stage: Stage | str = ""
    late_reason: str = ""
    notes: str = ""
    subjects: tuple[SubjectFields, ...] = ()
    parties: tuple[PartyFields, ...] = ()


@dataclass(frozen=True)
class CaseChanges:
    """An edit of a case's facts: only the fields given (not ``UNSET``) change."""

    title: str | Unset = UNSET
    election_id: str | Unset | None = UNSET
    election_code: ElectionCode | str | Unset | None = UNSET
    account: str | Unset = UNSET
    event_date: date | str | Unset | None = UNSET
    known_date: date | str | Unset | None = UNSET
    received_date: date | str | Unset | None = UNSET
    kecamatan_code: str | Unset = UNSET
    desa_name: str | Unset = UNSET
    place: str | Unset = UNSET
    category_code: str | Unset = UNSET
    stage: Stage | str | Unset = UNSET
    late_reason: str | Unset = UNSET
    notes: str | Unset = UNSET


@dataclass(frozen=True)
class SubjectChanges:
    """An edit of a reported person (completing NIP or rank later, the agency, the PPK)."""

    person_id: str | Unset | None = UNSET
    full_name: str | Unset = UNSET
    nip: str | Unset | None = UNSET
    kind: SubjectKind | str | Unset = UNSET
    jabatan: str | Unset = UNSET
    pangkat_golongan: str | Unset = UNSET
    unit_kerja: str | Unset = UNSET
    agency_id: str | Unset | None = UNSET
    agency_name: str | Unset = UNSET
    ppk_name: str | Unset = UNSET
    ppk_title: str | Unset = UNSET
    notes: str | Unset = UNSET


@dataclass(frozen=True)
class PartyChanges:
    """An edit of a party's identity or standing."""

    name: str | Unset = UNSET
    nik: str | Unset = UNSET
    address: str | Unset = UNSET
    phone: str | Unset = UNSET
    email: str | Unset = UNSET
    occupation: str | Unset = UNSET
    birth_place: str | Unset = UNSET
    birth_date: date | str | Unset | None = UNSET
    gender: str | Unset = UNSET
    standing: str | Unset = UNSET


# --- checking what was entered ----------------------------------------------------------------


def _choice(kind: type[Any], value: Any, message: str, code: str) -> Any:
    try:
        return kind(str(value).strip().lower() if kind is not ElectionCode else str(value).upper())
    except ValueError:
        raise ValidationError(message, code=code) from None


def parse_origin(value: Origin | str) -> Origin:
    return _choice(  # type: ignore[no-any-return]
        Origin,
        str(value).replace(" ", "_"),
        _(
            "Asal perkara '{value}' tidak dikenal: pilih laporan, temuan atau informasi_awal."
        ).format(value=value),
        "origin_unknown",
    )


def parse_kind(value: SubjectKind | str) -> SubjectKind:
    return _choice(  # type: ignore[no-any-return]
        SubjectKind,
        str(value).replace(" ", "_").replace("-", "_"),
        _(
            "Jenis terlapor '{value}' tidak dikenal: pilih pns, pppk, non_asn, kepala_desa, "
            "perangkat_desa, tni_polri atau lainnya."
        ).format(value=value),
        "subject_kind_unknown",
    )


def parse_role(value: PartyRole | str) -> PartyRole:
    return _choice(  # type: ignore[no-any-return]
        PartyRole,
        value,
        _("Peran '{value}' tidak dikenal: pilih pelapor, saksi atau ahli.").format(value=value),
        "party_role_unknown",
    )


def _stage(value: Stage | str) -> str:
    if not value:
        return ""
    return str(
        _choice(
            Stage,
            str(value).replace(" ", "_"),
            _(
                "Tahapan '{value}' tidak dikenal: pilih sebelum_penetapan atau setelah_penetapan "
                "(calon)."
            ).format(value=value),
            "stage_unknown",
        ).value
    )


def check_category(ctx: ServiceContext, code: str) -> str:
    """A violation category of the taxonomy (core/taxonomy.py with the office's own file),
    or "" for none yet."""
    from netral_desktop.core import taxonomy

    code = clean_text(code).upper()
    if not code:
        return ""
    taxonomy.load_taxonomy(home=_data_folder(ctx)).get(code)  # refuses an unknown code
    return code


def _data_folder(ctx: ServiceContext) -> Path | None:
    return ctx.layout.root if ctx.layout is not None else None


def _election(
    session: Session,
    election_id: str | None,
    ruleset: str | None,
    code: ElectionCode | str | None,
) -> tuple[str | None, str, str]:
    """(election id, ruleset, election code), checked against each other."""
    kind = None
    if election_id:
        row = store.election(session, election_id=election_id)
        if row is None or row.deleted:
            raise NotFoundError(_("Pemilihan tidak ditemukan."))
        kind = row.kind
    election_code = (
        _choice(
            ElectionCode,
            code,
            _(
                "Kode jenis pemilihan '{value}' tidak dikenal: PL (DPR/DPD/DPRD), PP (Presiden) "
                "atau PB (Pilkada)."
            ).format(value=code),
            "election_code_unknown",
        )
        if code
        else None
    )
    chosen = (ruleset or "").strip().lower() or None
    if chosen is None:
        if kind in ("pemilu", "pilkada"):
            chosen = kind
        elif election_code is not None:
            chosen = election_code.ruleset
    if chosen not in ("pemilu", "pilkada"):
        raise ValidationError(
            _(
                "Pilih pemilihannya (Pemilu atau Pilkada): aturan tata cara dan tenggat "
                "perkara bergantung padanya."
            ),
            code="ruleset_missing",
        )
    if kind in ("pemilu", "pilkada") and kind != chosen:
        raise ValidationError(
            _("Pemilihan yang dipilih adalah {kind}, bukan {ruleset}.").format(
                kind=kind, ruleset=chosen
            ),
            code="ruleset_mismatch",
        )
    if election_code is None:
        election_code = ElectionCode.PB if chosen == "pilkada" else ElectionCode.PL
    if election_code.ruleset != chosen:
        raise ValidationError(
            _(
                "Kode {code} tidak sesuai dengan {ruleset}: Pilkada memakai PB, Pemilu PL/PP."
            ).format(code=election_code.value, ruleset=chosen),
            code="election_code_mismatch",
        )
    return election_id or None, chosen, election_code.value


def _region(office: OfficeRecord, kecamatan_code: str, desa_name: str) -> dict[str, str]:
    """The kecamatan from the region list (named as the list names it) and the desa or
    kelurahan as written (the shipped list stops at kecamatan)."""
    kecamatan_code, desa = clean_text(kecamatan_code), clean_text(desa_name)[:100]
    if not kecamatan_code:
        if desa:
            raise ValidationError(
                _("Pilih kecamatan tempat desa/kelurahan {desa}.").format(desa=desa),
                code="kecamatan_missing",
            )
        return {"kecamatan_code": "", "kecamatan_name": "", "desa_code": "", "desa_name": ""}
    found = wilayah.region(kecamatan_code)
    if (
        found is None
        or found.level != "kecamatan"
        or not kecamatan_code.startswith(office.code + ".")
    ):
        sample = wilayah.kecamatan_of(office.code)
        raise ValidationError(
            _(
                "Kode kecamatan '{code}' bukan kecamatan di wilayah {office}. Pilih dari daftar "
                "wilayah (baris perintah: kode seperti {example})."
            ).format(
                code=kecamatan_code, office=office.name, example=sample[0].code if sample else ""
            ),
            code="kecamatan_unknown",
        )
    return {
        "kecamatan_code": kecamatan_code,
        "kecamatan_name": found.name,
        "desa_code": "",
        "desa_name": desa,
    }


def _dates(
    ctx: ServiceContext,
    event: date | None,
    known: date | None,
    received: date | None,
) -> None:
    today = local_today(ctx)
    for value, label in (
        (event, _("Tanggal kejadian")),
        (known, _("Tanggal diketahui")),
        (received, _("Tanggal diterima")),
    ):
        if value is not None and value > today:
            raise ValidationError(
                _("{label} ({value}) belum terjadi: periksa tanggalnya.").format(
                    label=label, value=value.isoformat()
                ),
                code="date_in_future",
            )
    if event and known and known < event:
        raise ValidationError(
            _("Tanggal diketahui lebih awal dari tanggal kejadian: periksa keduanya."),
            code="known_before_event",
        )
    if known and received and received < known:
        raise ValidationError(
            _("Tanggal diterima lebih awal dari tanggal diketahui: periksa keduanya."),
            code="received_before_known",
        )


def _case_values(
    ctx: ServiceContext, session: Session, office: OfficeRecord, data: CaseFields
) -> dict[str, Any]:
    origin = parse_origin(data.origin)
    title = clean_text(data.title)
    if not title:
        raise ValidationError(
            _("Tulis pokok perkara (ringkas, mis. 'Kepala dinas mengunggah dukungan calon')."),
            code="title_missing",
        )
    election_id, ruleset, code = _election(
        session, data.election_id, data.ruleset, data.election_code
    )
    event = parse_date(data.event_date, _("Tanggal kejadian"))
    known = parse_date(data.known_date, _("Tanggal diketahui"))
    received = parse_date(data.received_date, _("Tanggal diterima")) or local_today(ctx)
    _dates(ctx, event, known, received)
    return {
        "origin_kind": origin.value,
        "title": title[:300],
        "election_id": election_id,
        "ruleset": ruleset,
        "election_code": code,
        "account": (data.account or "").strip(),
        "event_date": iso(event),
        "known_date": iso(known),
        "received_date": iso(received),
        **_region(office, data.kecamatan_code, data.desa_name),
        "place": clip(data.place, 300),
        "category_code": check_category(ctx, data.category_code),
        "stage": _stage(data.stage),
        "late_reason": (data.late_reason or "").strip(),
        "notes": (data.notes or "").strip(),
    }


def _identifier(value: str | None, kind: SubjectKind) -> str | None:
    """A NIP or NI PPPK as stored (digits), checked; None when not known yet."""
    digits = digits_only(clean_text(value))
    if not digits:
        return None
    if len(digits) != 18 or not digits.isdigit():
        raise ValidationError(
            _(
                "NIP/NI PPPK terlapor harus 18 angka ('{value}'); kosongkan bila belum diketahui."
            ).format(value=value),
            code="subject_nip_invalid",
        )
    if kind is SubjectKind.PPPK or looks_like_ni_pppk(digits):
        return digits
    try:
        parse_nip(digits)
    except IdentifierError as exc:
        raise ValidationError(
            _("{problem} Kosongkan NIP bila belum diketahui; dapat dilengkapi nanti.").format(
                problem=exc.message
            ),
            code="subject_nip_invalid",
        ) from None
    return digits


def _subject_values(session: Session, data: SubjectFields | dict[str, Any]) -> dict[str, Any]:
    get = data.get if isinstance(data, dict) else lambda name, default=None: getattr(data, name)
    values: dict[str, Any] = {}
    person_id = get("person_id") or None
    kind_value = get("kind")
    if person_id:
        person = people_store.person_by_id(session, person_id=person_id)
        if person is None or person.deleted:
            raise NotFoundError(_("Pegawai tidak ditemukan di daftar pegawai."))
        values.update(
            person_id=person.id,
            full_name=person.full_name,
            nip=person.nip or person.ni_pppk,
            jabatan=person.jabatan,
            pangkat_golongan=person.pangkat_golongan,
            unit_kerja=person.unit_kerja,
            agency_id=person.agency_id,
        )
        if not kind_value:
            kind_value = person.status
    else:
        values["person_id"] = None
        values["full_name"] = clip(get("full_name"), 200)
        values["jabatan"] = clip(get("jabatan"), 200)
        values["pangkat_golongan"] = clip(get("pangkat_golongan"), 100)
        values["unit_kerja"] = clip(get("unit_kerja"), 200)
        values["agency_id"] = get("agency_id") or None
    kind = parse_kind(kind_value or SubjectKind.PNS)
    if not person_id:
        values["nip"] = _identifier(get("nip"), kind)
    if not values["full_name"]:
        raise ValidationError(
            _(
                "Tulis nama terlapor (sejauh diketahui pelapor), atau pilih dari daftar pegawai. "
                "NIP dan pangkat dapat dilengkapi nanti."
            ),
            code="subject_name_missing",
        )
    values["kind"] = kind.value
    values["name_key"] = name_key(values["full_name"])[:200]
    agency_name = clip(get("agency_name"), 200)
    ppk_name, ppk_title = clip(get("ppk_name"), 200), clip(get("ppk_title"), 200)
    if values["agency_id"]:
        agency = people_store.agency_by_id(session, agency_id=values["agency_id"])
        if agency is None or agency.deleted:
            raise NotFoundError(_("Instansi tidak ditemukan."))
        agency_name = agency.name
        ppk_name = ppk_name or agency.ppk_name
        ppk_title = ppk_title or agency.ppk_title
    values.update(
        agency_name=agency_name, ppk_name=ppk_name, ppk_title=ppk_title, notes=get("notes") or ""
    )
    return values


def _identity(data: PartyFields | dict[str, Any]) -> tuple[PartyIdentity, str]:
    get = data.get if isinstance(data, dict) else lambda name, default=None: getattr(data, name)
    name = clip(get("name"), 200)
    if not name:
        raise ValidationError(_("Tulis nama pelapor/saksi."), code="party_name_missing")
    nik = digits_only(clean_text(get("nik")))
    if nik:
        try:
            parse_nik(nik)
        except IdentifierError as exc:
            raise ValidationError(
                _("{problem} Kosongkan NIK bila belum diketahui.").format(problem=exc.message),
                code="party_nik_invalid",
            ) from None
    born = parse_date(get("birth_date"), _("Tanggal lahir"))
    gender = clean_text(get("gender")).upper()[:1]
    if gender and gender not in ("L", "P"):
        raise ValidationError(
            _("Jenis kelamin ditulis L atau P ('{value}').").format(value=get("gender")),
            code="gender_invalid",
        )
    standing = clean_text(get("standing")).lower()
    if standing not in STANDINGS:
        raise ValidationError(
            _("Kedudukan pelapor '{value}' tidak dikenal: pemilih, peserta atau pemantau.").format(
                value=get("standing")
            ),
            code="standing_unknown",
        )
    identity = PartyIdentity(
        name=name,
        nik=nik,
        address=clip(get("address"), 300),
        phone=clip(get("phone"), 60),
        email=clip(get("email"), 120),
        occupation=clip(get("occupation"), 120),
        birth_place=clip(get("birth_place"), 100),
        birth_date=born.isoformat() if born else "",
        gender=gender,
    )
    return identity, standing


# --- writing ----------------------------------------------------------------------------------


def new_case(ctx: ServiceContext, data: CaseFields) -> str:
    """Record a new report, finding or tip (with its reported people and parties, if given);
    returns its id. A report received after its window is recorded as late with the reason
    given (``late_reason``); without a reason it is refused, saying so, and nothing is lost:
    the form keeps what was typed."""
    ctx.require(Permission.CASE_LOG)
    office = current_office(ctx)
    if len(data.subjects) > MAX_SUBJECTS or len(data.parties) > MAX_PARTIES:
        raise ValidationError(_("Terlalu banyak terlapor atau saksi dalam satu perkara."))
    with ctx.db.write_session() as session:
        values = _case_values(ctx, session, office, data)
        subjects = [_subject_values(session, s) for s in data.subjects]
        parties = [(parse_role(p.role), *_identity(p)) for p in data.parties]
        from netral_desktop.services.cases import procedure

        values["status"] = procedure.initial_status(values["ruleset"], values["origin_kind"])
        late, window = procedure.lateness(ctx, values)
        values["late"] = late
        if late and procedure.ruleset_of(ctx, values["ruleset"]).late_reports == "refuse":
            # The ruleset (a province's) refuses late reports outright (case-rules).
            raise ValidationError(
                _(
                    "Laporan ini diterima setelah batas waktu pelaporan ({window}), dan tata cara "
                    "yang berlaku menolak laporan terlambat: laporan tidak dicatat. Bila isinya "
                    "masih menunjukkan pelanggaran, catat sebagai informasi awal."
                ).format(window=window),
                code="report_late_refused",
            )
        if late and not values["late_reason"]:
            raise ValidationError(
                _(
                    "Laporan ini diterima setelah batas waktu pelaporan ({window}). Catat "
                    "sebagai laporan terlambat dengan menuliskan alasannya (isian 'Alasan "
                    "terlambat'); laporan tetap dicatat dan dikaji."
                ).format(window=window),
                code="report_late",
            )
        case = CaseFile(**values)
        ctx.insert_synced(session, case, action="create")
        for position, subject in enumerate(subjects):
            ctx.insert_synced(
                session, CaseSubject(**subject, case_id=case.id, position=position), action="create"
            )
        for role, identity, standing in parties:
            _insert_party(ctx, session, case.id, role, identity, standing)
        procedure.record_opening(ctx, session, case)
        deadlines.refresh(ctx, session, case)
        return case.id


def _save(
    ctx: ServiceContext, session: Session, row: Any, values: dict[str, Any], note: str = ""
) -> bool:
    before = audit.row_values(row)
    old, new = audit.changed_values(before, {**before, **values})
    if not new:
        return False
    for name, value in values.items():
        setattr(row, name, value)
    ctx.record_update(session, row, action="update", old=old, new=new, note=note)
    return True


def _stale(row: Any, expected_revision: int | None) -> None:
    if expected_revision is not None and row.revision != expected_revision:
        raise ConflictError(
            _(
                "Data ini sudah diubah oleh {user} sejak Anda membukanya. Muat ulang, lalu "
                "ulangi perubahan Anda."
            ).format(user=row.updated_by),
            code="stale_revision",
        )


def update_case(
    ctx: ServiceContext,
    case_id: str,
    changes: CaseChanges,
    *,
    expected_revision: int | None = None,
) -> bool:
    """Save the given facts of a case; False when nothing changed. Refused on a decided
    case until it is reopened, and when someone else saved it since the form was opened."""
    ctx.require(Permission.CASE_LOG)
    office = current_office(ctx)
    given = changed(changes)
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        refuse_locked(case)
        _stale(case, expected_revision)
        current = CaseFields(
            origin=case.origin_kind,
            title=case.title,
            election_id=case.election_id,
            ruleset=case.ruleset,
            election_code=case.election_code,
            account=case.account,
            event_date=case.event_date,
            known_date=case.known_date,
            received_date=case.received_date,
            kecamatan_code=case.kecamatan_code,
            desa_name=case.desa_name,
            place=case.place,
            category_code=case.category_code,
            stage=case.stage,
            late_reason=case.late_reason,
            notes=case.notes,
        )
        if "election_id" in given and "election_code" not in given:
            given["election_code"] = None  # follows the new election
        values = _case_values(ctx, session, office, replace(current, **given))
        if values["ruleset"] != case.ruleset:
            raise ValidationError(
                _(
                    "Pemilihan perkara tidak dapat diganti dari {old} ke {new}: tahapan dan "
                    "tenggatnya mengikuti aturan yang berbeda. Catat sebagai perkara baru."
                ).format(old=case.ruleset, new=values["ruleset"]),
                code="ruleset_change",
            )
        from netral_desktop.services.cases import procedure

        late, window = procedure.lateness(ctx, values)
        values["late"] = late
        if late and not values["late_reason"]:
            raise ValidationError(
                _(
                    "Dengan tanggal ini laporan melewati batas waktu pelaporan ({window}): "
                    "tuliskan alasan keterlambatannya."
                ).format(window=window),
                code="report_late",
            )
        changed_any = _save(ctx, session, case, values)
        if changed_any:
            deadlines.refresh(ctx, session, case)
        return changed_any


def add_subject(ctx: ServiceContext, case_id: str, data: SubjectFields) -> str:
    """Add a reported person to a case; returns the new row's id."""
    ctx.require(Permission.CASE_LOG)
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        refuse_locked(case)
        values = _subject_values(session, data)
        if len(store.subjects(session, case_id=case_id)) >= MAX_SUBJECTS:
            raise ValidationError(_("Terlalu banyak terlapor dalam satu perkara."))
        position = store.next_position(session, model=CaseSubject, case_id=case_id)
        row = CaseSubject(**values, case_id=case_id, position=position)
        ctx.insert_synced(session, row, action="create")
        ctx.record_update(session, case, action="update", note=_("terlapor ditambah"))
        return row.id


def update_subject(
    ctx: ServiceContext,
    case_id: str,
    subject_id: str,
    changes: SubjectChanges,
    *,
    expected_revision: int | None = None,
) -> bool:
    """Complete or correct a reported person (NIP, rank, agency, PPK known later)."""
    ctx.require(Permission.CASE_LOG)
    given = changed(changes)
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        refuse_locked(case)
        subject = live_subject(session, case_id, subject_id)
        _stale(subject, expected_revision)
        current: dict[str, Any] = {
            "person_id": subject.person_id,
            "full_name": subject.full_name,
            "nip": subject.nip,
            "kind": subject.kind,
            "jabatan": subject.jabatan,
            "pangkat_golongan": subject.pangkat_golongan,
            "unit_kerja": subject.unit_kerja,
            "agency_id": subject.agency_id,
            "agency_name": subject.agency_name,
            "ppk_name": subject.ppk_name,
            "ppk_title": subject.ppk_title,
            "notes": subject.notes,
        }
        if given.get("person_id"):
            # Linking to the roster takes the roster's facts over the ones typed before.
            for name in ("full_name", "nip", "jabatan", "pangkat_golongan", "unit_kerja"):
                given.setdefault(name, None)
            given.setdefault("agency_id", None)
        if "agency_id" in given:
            given.setdefault("ppk_name", "")
            given.setdefault("ppk_title", "")
        values = _subject_values(session, {**current, **given})
        return _save(ctx, session, subject, values)


def _next_pseudonym(ctx: ServiceContext, session: Session, role: PartyRole) -> str:
    from netral_desktop.services.numbering import device_code

    seq = documents_store.next_sequence(session, series=f"pseudonim/{role.value}", year=0)
    return pseudonym(role, seq, device_code(ctx))


def _insert_party(
    ctx: ServiceContext,
    session: Session,
    case_id: str,
    role: PartyRole,
    identity: PartyIdentity,
    standing: str,
) -> CaseParty:
    values: dict[str, Any] = {
        "case_id": case_id,
        "role": role.value,
        "position": store.next_position(session, model=CaseParty, case_id=case_id),
        "pseudonym": _next_pseudonym(ctx, session, role),
        "standing": standing if role is PartyRole.PELAPOR else "",
        "identity": seal_identity(ctx, identity),
    }
    row = CaseParty(**values)
    # The log keeps who was added by pseudonym only: the identity stays sealed.
    return ctx.insert_synced(
        session,
        row,
        action="create",
        new={"case_id": case_id, "role": row.role, "pseudonym": row.pseudonym},
    )


def add_party(ctx: ServiceContext, case_id: str, data: PartyFields) -> str:
    """Add a reporter, witness or expert; the identity is sealed, a pseudonym given."""
    ctx.require(Permission.CASE_LOG)
    role = parse_role(data.role)
    identity, standing = _identity(data)
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        refuse_locked(case)
        if len(store.parties(session, case_id=case_id)) >= MAX_PARTIES:
            raise ValidationError(_("Terlalu banyak pihak dalam satu perkara."))
        row = _insert_party(ctx, session, case_id, role, identity, standing)
        return row.id


def _live_party(session: Session, case_id: str, party_id: str) -> CaseParty:
    row = store.get(session, CaseParty, party_id)
    if row is None or row.deleted or row.case_id != case_id:
        raise NotFoundError(_("Pelapor/saksi tidak ditemukan pada perkara ini."))
    return row


def update_party(ctx: ServiceContext, case_id: str, party_id: str, changes: PartyChanges) -> bool:
    """Correct a party's identity: only koordinator and administrator, who may see it."""
    ctx.require(Permission.CASE_IDENTITY)
    given = changed(changes)
    with ctx.db.write_session() as session:
        case = live_case(session, case_id)
        refuse_locked(case)
        party = _live_party(session, case_id, party_id)
        if not sealed_here(ctx, party.origin):
            # Sealed again here it would be under this office's key, which the office that
            # recorded it cannot open: that office corrects its own parties.
            raise changed_elsewhere(party.origin)
        before = open_identity(ctx, party.identity)
        identity, standing = _identity({**before.as_dict(), "standing": party.standing, **given})
        fields_changed = sorted(
            name for name, value in identity.as_dict().items() if before.as_dict()[name] != value
        )
        if not fields_changed and standing == party.standing:
            return False
        party.identity = seal_identity(ctx, identity)
        party.standing = standing if party.role == PartyRole.PELAPOR else ""
        # Which fields changed, never their values.
        ctx.record_update(
            session,
            party,
            action="update",
            new={"fields": fields_changed, "standing": party.standing},
            note=_("identitas tersegel diubah"),
        )
        return True


def reveal_party(ctx: ServiceContext, case_id: str, party_id: str) -> PartyIdentity:
    """A party's identity, for koordinator and administrator; each view is logged."""
    actor = ctx.require(Permission.CASE_IDENTITY)
    with ctx.db.write_session() as session:
        live_case(session, case_id)
        party = _live_party(session, case_id, party_id)
        if not can_open(ctx, party.origin):
            raise sealed_elsewhere(party.origin)
        identity = open_identity(ctx, party.identity, origin=party.origin)
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="reveal",
            table_name=PARTY_TABLE,
            record_id=party.id,
            new={"case_id": case_id, "pseudonym": party.pseudonym},
        )
        return identity


__all__ = [
    "CASE_TABLE",
    "CaseChanges",
    "CaseFields",
    "PartyChanges",
    "PartyFields",
    "SubjectChanges",
    "SubjectFields",
    "add_party",
    "add_subject",
    "check_category",
    "live_subject",
    "new_case",
    "reveal_party",
    "update_case",
    "update_party",
    "update_subject",
]

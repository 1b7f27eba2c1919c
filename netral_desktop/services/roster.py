"""The roster: agencies and people. Writes with role checks and audit; search and paging.

The window's table model calls ``search`` for one page at a time (``offset``/``limit``, or
``after_id``) and ``count`` for the total, with the same query and filters; both are plain
SQL over indexes (store/people/listing.py: the search index for terms of 3+ characters,
B-tree ranges below that), so a page of 50 rows costs milliseconds at 100,000 people, on
SQLite and PostgreSQL alike. Rows come back as light ``PersonRow`` tuples.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from netral_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from netral_desktop.core.identifiers import Sex, digits_only
from netral_desktop.core.inputs import (
    UNSET,
    AgencyChanges,
    AgencyFields,
    PersonChanges,
    PersonFields,
    changed,
    field_names,
)
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import (
    AgencyKind,
    PersonCheck,
    PersonStatus,
    check_person,
    clean_text,
    golongan_rank,
    guess_agency_kind,
    parse_sex,
    parse_status,
)
from netral_desktop.core.roster_search import (
    SORT_COLUMNS,
    RosterFilter,
    RosterSort,
    SearchPlan,
    agency_key,
    plan_query,
)
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext
from netral_desktop.store.audit import AuditRow
from netral_desktop.store.db import Session
from netral_desktop.store.models import Agency, Person
from netral_desktop.store.people import listing, records
from netral_desktop.store.people.listing import AgencyRow, PersonRow
from netral_desktop.store.people.records import AgencyRecord, PersonRecord

__all__ = [
    "AGENCY_FIELDS",
    "BROAD_MATCHES",
    "DEFAULT_PAGE",
    "PERSON_FIELDS",
    "SORT_COLUMNS",
    "UNSET",
    "AgencyChanges",
    "AgencyFields",
    "AgencyRecord",
    "AgencyRow",
    "AuditRow",
    "PersonChanges",
    "PersonFields",
    "PersonRecord",
    "PersonRow",
    "RosterFilter",
    "RosterSort",
    "SearchPlan",
    "agency_key",
    "plan_query",
]

PERSON_FIELDS = field_names(PersonFields)
AGENCY_FIELDS = field_names(AgencyFields)
DEFAULT_PAGE = 50
# From this many index matches a page sorted by name is found faster by walking the name
# index and testing each person than by sorting every match (store/people/listing.py).
BROAD_MATCHES = listing.BROAD_MATCHES


# --- reading ------------------------------------------------------------------------------


def _check_sort(sort: RosterSort) -> None:
    if sort.column not in SORT_COLUMNS:
        raise ValidationError(
            _("Kolom urutan '{column}' tidak dikenal.").format(column=sort.column),
            code="sort_unknown",
        )


def search(
    ctx: ServiceContext,
    query: str = "",
    filters: RosterFilter | None = None,
    sort: RosterSort | None = None,
    offset: int = 0,
    limit: int = DEFAULT_PAGE,
    *,
    after_id: str | None = None,
) -> list[PersonRow]:
    """One page of people matching ``query`` and ``filters``, in ``sort`` order.

    Page with ``after_id`` (the id of the last row already shown: cost independent of how
    far down the list is) or with ``offset``. The order always ends with the name and the
    row's id, so pages neither overlap nor skip. Safe from a worker thread.
    """
    ctx.require(Permission.ROSTER_READ)
    sort = sort or RosterSort()
    _check_sort(sort)
    with ctx.db.read_session() as session:
        return listing.search_page(
            session,
            plan=plan_query(query),
            filters=filters,
            sort_column=sort.column,
            descending=sort.descending,
            offset=offset,
            limit=limit,
            after_id=after_id,
            broad_matches=BROAD_MATCHES,
        )


def count(ctx: ServiceContext, query: str = "", filters: RosterFilter | None = None) -> int:
    """How many people ``search`` pages through for the same query and filters.

    Up to a few tens of milliseconds for a query matching a third of 100,000 people: show
    the first page, then ask for the count.
    """
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        return listing.count_matches(session, plan=plan_query(query), filters=filters)


def get_person(ctx: ServiceContext, person_id: str) -> PersonRecord:
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        return PersonRecord.of(live_person(session, person_id))


def person_history(ctx: ServiceContext, person_id: str) -> list[AuditRow]:
    """The audit entries of a person, oldest first, including the import that created them
    (an import writes one summary entry, stamped with the created_at of its new rows)."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        person = live_person(session, person_id)
        return records.person_history(session, person_id=person.id, created_at=person.created_at)


def list_agencies(
    ctx: ServiceContext, *, query: str = "", include_inactive: bool = False
) -> list[AgencyRow]:
    """Agencies by name, with how many active people each has (a district has tens to a few
    hundred agencies: no paging needed)."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        return listing.list_agencies(
            session, words=agency_key(query).split(), include_inactive=include_inactive
        )


def get_agency(ctx: ServiceContext, agency_id: str) -> AgencyRecord:
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        return AgencyRecord.of(live_agency(session, agency_id))


def find_agency(ctx: ServiceContext, name: str) -> AgencyRecord | None:
    """The agency called ``name`` (or with that short name), ignoring case and punctuation."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        found = find_agency_in(session, name)
        return AgencyRecord.of(found) if found is not None else None


def find_agency_in(session: Session, name: str) -> Agency | None:
    key = agency_key(name)
    if not key:
        return None
    return records.agency_by_key(session, key=key)


# --- writing people -----------------------------------------------------------------------


def live_person(session: Session, person_id: str) -> Person:
    person = records.person_by_id(session, person_id=person_id)
    if person is None or person.deleted:
        raise NotFoundError(_("Pegawai tidak ditemukan (mungkin sudah dihapus)."))
    return person


def live_agency(session: Session, agency_id: str) -> Agency:
    agency = records.agency_by_id(session, agency_id=agency_id)
    if agency is None or agency.deleted:
        raise NotFoundError(_("Instansi tidak ditemukan (mungkin sudah dihapus)."))
    return agency


def _as_status(value: PersonStatus | str | None) -> PersonStatus | None:
    if value is None or value == "":
        return None
    if isinstance(value, PersonStatus):
        return value
    status = parse_status(value)
    if status is None:
        raise ValidationError(
            _("Status '{value}' tidak dikenal: pilih PNS, PPPK atau Non-ASN.").format(value=value),
            code="status_unknown",
        )
    return status


def _as_sex(value: Sex | str | None) -> Sex | None:
    if value is None or value == "":
        return None
    if isinstance(value, Sex):
        return value
    sex = parse_sex(value)
    if sex is None:
        raise ValidationError(
            _("Jenis kelamin '{value}' tidak dikenal: isi L atau P.").format(value=value),
            code="sex_unknown",
        )
    return sex


def _as_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(
            _("Tanggal lahir '{value}' tidak sah (format TTTT-BB-HH).").format(value=value),
            code="birth_date_invalid",
        ) from None


def _check(ctx: ServiceContext, data: PersonFields, agency_id: str | None) -> PersonCheck:
    return check_person(
        full_name=data.full_name,
        status=_as_status(data.status),
        nip=data.nip or "",
        ni_pppk=data.ni_pppk or "",
        nik=data.nik or "",
        sex=_as_sex(data.sex),
        birth_date=_as_date(data.birth_date),
        has_agency=bool(agency_id),
        today=ctx.clock.now().date(),
    )


def validate_person(ctx: ServiceContext, fields: PersonFields) -> PersonCheck:
    """Every problem of a person as entered, without saving (for a form's live hints)."""
    ctx.require(Permission.ROSTER_READ)
    return _check(ctx, fields, fields.agency_id)


def _person_values(ctx: ServiceContext, session: Session, data: PersonFields) -> dict[str, Any]:
    """Checked, normalised column values of a person; ValidationError on the first error."""
    agency_id = data.agency_id or None
    if agency_id:
        live_agency(session, agency_id)
    check = _check(ctx, data, agency_id)
    error = check.first_error()
    if error is not None:
        raise ValidationError(error.message, code=error.code)
    pangkat = clean_text(data.pangkat_golongan)
    return {
        **check.values,
        "jabatan": clean_text(data.jabatan),
        "pangkat_golongan": pangkat,
        "golongan_rank": golongan_rank(pangkat),
        "unit_kerja": clean_text(data.unit_kerja),
        "agency_id": agency_id,
        "phone": clean_text(data.phone),
        "problems": check.flags,
    }


def _ensure_unique(session: Session, values: dict[str, Any], exclude_id: str | None) -> None:
    labels = {"nip": "NIP", "ni_pppk": "NI PPPK", "nik": "NIK"}
    for column, label in labels.items():
        value = values.get(column)
        if not value:
            continue
        other = records.identifier_holder(
            session, column=column, value=value, exclude_id=exclude_id
        )
        if other is not None:
            raise ConflictError(
                _("{label} {value} sudah tercatat untuk {name}.").format(
                    label=label, value=value, name=other
                ),
                code=f"{column}_taken",
            )


def create_person(ctx: ServiceContext, fields: PersonFields) -> PersonRecord:
    """Add a person. Errors refuse; warnings become flags."""
    ctx.require(Permission.ROSTER_WRITE)
    with ctx.db.write_session() as session:
        values = _person_values(ctx, session, fields)
        _ensure_unique(session, values, None)
        person = Person(origin="", created_at="", updated_at="", updated_by="", **values)
        ctx.insert_synced(session, person, action="create")
        return PersonRecord.of(person)


def _check_revision(row: Person | Agency, expected: int | None) -> None:
    if expected is not None and row.revision != expected:
        raise ConflictError(
            _(
                "Data ini sudah diubah oleh {user} sejak Anda membukanya. Muat ulang, lalu ulangi "
                "perubahan Anda."
            ).format(user=row.updated_by),
            code="stale_revision",
        )


def update_person(
    ctx: ServiceContext,
    person_id: str,
    changes: PersonChanges,
    *,
    expected_revision: int | None = None,
) -> PersonRecord:
    """Change the fields given in ``changes`` (the others stay as stored); nothing is
    written when nothing changes.

    ``expected_revision`` (the revision the form was loaded with) refuses the save with a
    ConflictError when someone else saved the person in between.
    """
    ctx.require(Permission.ROSTER_WRITE)
    with ctx.db.write_session() as session:
        person = live_person(session, person_id)
        _check_revision(person, expected_revision)
        before = audit.row_values(person)
        stored = PersonFields(**{name: getattr(person, name) for name in PERSON_FIELDS})
        values = _person_values(ctx, session, replace(stored, **changed(changes)))
        old, new = audit.changed_values(before, {**before, **values})
        if not new:
            return PersonRecord.of(person)
        _ensure_unique(session, values, person.id)
        for name, value in values.items():
            setattr(person, name, value)
        ctx.record_update(session, person, action="update", old=old, new=new)
        return PersonRecord.of(person)


def set_person_active(ctx: ServiceContext, person_id: str, active: bool) -> PersonRecord:
    """Mark a person as no longer (or again) working at their agency; never deletes."""
    ctx.require(Permission.ROSTER_WRITE)
    with ctx.db.write_session() as session:
        person = live_person(session, person_id)
        if person.active == active:
            return PersonRecord.of(person)
        person.active = active
        ctx.record_update(
            session,
            person,
            action="activate" if active else "deactivate",
            old={"active": not active},
            new={"active": active},
        )
        return PersonRecord.of(person)


def deactivate_person(ctx: ServiceContext, person_id: str) -> PersonRecord:
    return set_person_active(ctx, person_id, False)


# --- writing agencies ---------------------------------------------------------------------


def _agency_values(session: Session, data: AgencyFields, own_id: str | None) -> dict[str, Any]:
    name = clean_text(data.name)
    if not name:
        raise ValidationError(_("Nama instansi wajib diisi."), code="agency_name_missing")
    kind_text = clean_text(data.kind)
    if kind_text:
        try:
            kind = AgencyKind(kind_text.lower())
        except ValueError:
            raise ValidationError(
                _("Jenis instansi '{kind}' tidak dikenal. Pilih salah satu: {kinds}.").format(
                    kind=kind_text, kinds=", ".join(k.value for k in AgencyKind)
                ),
                code="agency_kind_unknown",
            ) from None
    else:
        kind = guess_agency_kind(name)
    parent_id = data.parent_id or None
    if parent_id:
        parent: Agency | None = live_agency(session, parent_id)
        seen = {own_id}
        while parent is not None:  # walk up: an agency cannot sit under itself
            if parent.id in seen:
                raise ValidationError(
                    _("Instansi induk tidak boleh instansi itu sendiri atau bawahannya."),
                    code="agency_parent_cycle",
                )
            seen.add(parent.id)
            parent = (
                records.agency_by_id(session, agency_id=parent.parent_id)
                if parent.parent_id
                else None
            )
    head_nip = digits_only(clean_text(data.head_nip)) or None
    key = agency_key(name)
    if records.agency_name_taken(session, key=key, exclude_id=own_id):
        raise ConflictError(
            _("Instansi '{name}' sudah ada.").format(name=name), code="agency_name_taken"
        )
    return {
        "name": name,
        "name_key": key,
        "short_name": clean_text(data.short_name),
        "kind": kind.value,
        "parent_id": parent_id,
        "address": clean_text(data.address),
        "head_name": clean_text(data.head_name),
        "head_nip": head_nip,
        "ppk_name": clean_text(data.ppk_name),
        "ppk_title": clean_text(data.ppk_title),
    }


def create_agency(ctx: ServiceContext, fields: AgencyFields) -> AgencyRecord:
    """Add an agency (the kind is guessed from the name when not given)."""
    ctx.require(Permission.ROSTER_WRITE)
    with ctx.db.write_session() as session:
        values = _agency_values(session, fields, None)
        agency = Agency(origin="", created_at="", updated_at="", updated_by="", **values)
        ctx.insert_synced(session, agency, action="create")
        return AgencyRecord.of(agency)


def update_agency(
    ctx: ServiceContext,
    agency_id: str,
    changes: AgencyChanges,
    *,
    expected_revision: int | None = None,
) -> AgencyRecord:
    """Change the fields given in ``changes`` (the others stay as stored); nothing is
    written when nothing changes. ``expected_revision`` as in ``update_person``."""
    ctx.require(Permission.ROSTER_WRITE)
    with ctx.db.write_session() as session:
        agency = live_agency(session, agency_id)
        _check_revision(agency, expected_revision)
        before = audit.row_values(agency)
        stored = AgencyFields(**{name: getattr(agency, name) for name in AGENCY_FIELDS})
        values = _agency_values(session, replace(stored, **changed(changes)), agency.id)
        old, new = audit.changed_values(before, {**before, **values})
        if not new:
            return AgencyRecord.of(agency)
        for name, value in values.items():
            setattr(agency, name, value)
        ctx.record_update(session, agency, action="update", old=old, new=new)
        return AgencyRecord.of(agency)


def set_agency_active(ctx: ServiceContext, agency_id: str, active: bool) -> AgencyRecord:
    """Mark an agency as dissolved or merged (or active again). Its people keep it."""
    ctx.require(Permission.ROSTER_WRITE)
    with ctx.db.write_session() as session:
        agency = live_agency(session, agency_id)
        if agency.active == active:
            return AgencyRecord.of(agency)
        agency.active = active
        ctx.record_update(
            session,
            agency,
            action="activate" if active else "deactivate",
            old={"active": not active},
            new={"active": active},
        )
        return AgencyRecord.of(agency)


def deactivate_agency(ctx: ServiceContext, agency_id: str) -> AgencyRecord:
    return set_agency_active(ctx, agency_id, False)


def rebuild_search(ctx: ServiceContext) -> int:
    """Rebuild the people's search index from the roster (after a repair, or when ``netral
    check`` reports it out of step); returns the number of people indexed."""
    from netral_desktop.store.search import rebuild_search_index

    actor = ctx.require(Permission.ROSTER_WRITE)
    with ctx.db.write_session() as session:
        indexed = rebuild_search_index(session)
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="reindex",
            table_name="person",
            record_id="-",
            new={"indexed": indexed},
        )
    return indexed


# --- the agency roster list document (forms/daftar_pegawai) ----------------------------------


def agency_employees(ctx: ServiceContext, agency_id: str) -> list[dict[str, str]]:
    """The active people of an agency in the order official lists use: highest rank first,
    then by name."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        rows = listing.agency_employees(session, agency_id=agency_id)
    keys = ("nama", "nip", "jabatan", "pangkat_gol", "unit_kerja", "status", "updated_at")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def last_import(ctx: ServiceContext) -> tuple[str, str] | None:
    """The file and moment (UTC text) of the last roster import, from the audit log."""
    import json

    from netral_desktop.store import audit as audit_store

    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        entry = audit_store.latest(session, table_name="person", action="import")
    if entry is None:
        return None
    try:
        file = str(json.loads(entry.new_values or "{}").get("file") or "")
    except ValueError:
        file = ""
    return (file, entry.at) if file else None


class _RosterSource:
    def agency_name(self, ctx: ServiceContext, agency_id: str) -> str:
        return get_agency(ctx, agency_id).name

    def employees(self, ctx: ServiceContext, agency_id: str) -> list[dict[str, str]]:
        return agency_employees(ctx, agency_id)

    def source(self, ctx: ServiceContext) -> tuple[str, str] | None:
        return last_import(ctx)


def _register_document_source() -> None:
    from netral_desktop.services.documents import register_roster_source

    register_roster_source(_RosterSource())


_register_document_source()

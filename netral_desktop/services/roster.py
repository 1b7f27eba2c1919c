"""The roster: agencies and people. Writes with role checks and audit; search and paging in SQL.

The window's table model calls ``search`` for one page at a time (``offset``/``limit``) and
``count`` for the total, with the same query and filters; both are plain SQL over indexes
(FTS5 trigram for terms of 3+ characters, B-tree ranges below that), so a page of 50 rows
costs milliseconds at 100,000 people. Rows come back as light ``PersonRow`` tuples.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import func, select, text
from sqlmodel import Session

from netral_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from netral_desktop.core.identifiers import Sex, digits_only
from netral_desktop.core.ids import new_id
from netral_desktop.core.roles import Permission
from netral_desktop.core.roster import (
    AgencyKind,
    PersonCheck,
    PersonStatus,
    check_person,
    clean_text,
    golongan_rank,
    guess_agency_kind,
    name_key,
    parse_sex,
    parse_status,
)
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import ServiceContext
from netral_desktop.store.models import Agency, AuditEntry, Person

PERSON_FIELDS = (
    "full_name",
    "status",
    "nip",
    "ni_pppk",
    "nik",
    "sex",
    "birth_date",
    "jabatan",
    "pangkat_golongan",
    "unit_kerja",
    "agency_id",
    "phone",
)
AGENCY_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent_id",
    "address",
    "head_name",
    "head_nip",
    "ppk_name",
    "ppk_title",
)
DEFAULT_PAGE = 50


# --- reading ------------------------------------------------------------------------------


class PersonRow(NamedTuple):
    """One row of the roster table (no NIK: lists show the least personal data needed)."""

    id: str
    full_name: str
    status: str
    nip: str | None
    ni_pppk: str | None
    sex: str | None
    jabatan: str
    pangkat_golongan: str
    unit_kerja: str
    agency_id: str | None
    agency_name: str | None
    phone: str
    active: bool
    problems: str
    revision: int


_ROW_COLUMNS = (
    "p.id, p.full_name, p.status, p.nip, p.ni_pppk, p.sex, p.jabatan, p.pangkat_golongan, "
    "p.unit_kerja, p.agency_id, a.name, p.phone, p.active, p.problems, p.revision"
)
# The text the search index holds for a person (migration 0002), over person p and agency a:
# the scan strategy below tests it row by row.
_DOC = (
    "p.full_name || ' ' || p.jabatan || ' ' || p.unit_kerja || ' ' || "
    "coalesce(a.name || ' ' || a.short_name, '') || ' ' || coalesce(p.nip, '') || ' ' || "
    "coalesce(p.ni_pppk, '')"
)


@dataclass(frozen=True)
class RosterFilter:
    agency_id: str | None = None
    status: str | None = None  # PersonStatus value
    problems_only: bool = False
    include_inactive: bool = False


@dataclass(frozen=True)
class RosterSort:
    column: str = "name"  # one of SORT_COLUMNS
    descending: bool = False


# Sort keys (never NULL, so keyset paging can compare them); every order ends with the name
# and the rowid, so pages never overlap or skip rows. People without NIP, agency: last.
SORT_COLUMNS: dict[str, list[str]] = {
    "name": [],
    "nip": ["coalesce(p.nip, p.ni_pppk, '~')"],
    "status": ["p.status"],
    "jabatan": ["p.jabatan COLLATE NOCASE"],
    "pangkat": ["p.golongan_rank"],
    "unit_kerja": ["p.unit_kerja COLLATE NOCASE"],
    "agency": ["coalesce(a.name_key, '~')"],
}
# Above this many index matches a page sorted by name is found faster by walking the name
# index and testing each person than by sorting every match.
BROAD_MATCHES = 5000


@dataclass(frozen=True)
class SearchPlan:
    """How a typed query is searched (exposed for tests and the benchmark)."""

    terms: tuple[str, ...] = ()  # substrings, 3+ characters, all required
    name_prefix: str | None = None
    nip_prefix: str | None = None
    word_prefixes: tuple[str, ...] = ()

    @property
    def fts(self) -> str | None:
        """The FTS5 query: each term a phrase (a substring, under the trigram tokenizer)."""
        if not self.terms:
            return None
        return " AND ".join('"' + t.replace('"', '""') + '"' for t in self.terms)


_NIP_QUERY = re.compile(r"^[\d\s.\-]+$")
_WORD_CHARS = re.compile(r"[^0-9a-z']+")


def _fold(value: str) -> str:
    text_ = unicodedata.normalize("NFKD", value)
    return "".join(c for c in text_ if not unicodedata.combining(c)).casefold()


def plan_query(query: str) -> SearchPlan:
    """Turn what was typed into the search to run.

    - Only digits, spaces, dots, dashes: a NIP fragment with the separators dropped; 3+ digits
      are found anywhere in NIP / NI PPPK, fewer by NIP / NI PPPK prefix.
    - Otherwise each word of 3+ characters must occur (case-insensitive substring) in the
      name, jabatan, unit, agency, NIP or NI PPPK; shorter words must begin a word of the name.
    - Only short words: the name (without titles) begins with them.
    """
    typed = clean_text(query)
    if not typed:
        return SearchPlan()
    if _NIP_QUERY.match(typed):
        digits = re.sub(r"\D", "", typed)
        if len(digits) >= 3:
            return SearchPlan(terms=(digits,))
        return SearchPlan(nip_prefix=digits)
    words = _fold(typed).split()
    terms = tuple(w for w in words if len(w) >= 3)
    if not terms:
        prefix = name_key(typed)
        return SearchPlan(name_prefix=prefix) if prefix else SearchPlan()
    shorts = tuple(p for w in words if len(w) < 3 for p in _WORD_CHARS.sub(" ", w).split())
    return SearchPlan(terms=terms, word_prefixes=shorts)


def _prefix_end(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class _Query:
    source: str
    where: list[str]
    params: dict[str, Any]


def _build(plan: SearchPlan, filters: RosterFilter | None, *, scan: bool) -> _Query:
    """FROM and WHERE for a plan. ``scan``: walk people in index order testing each row
    (broad queries); otherwise start from the search or NIP index (few matches)."""
    filters = filters or RosterFilter()
    params: dict[str, Any] = {}
    where = ["p.deleted = 0"]
    source = "person p LEFT JOIN agency a ON a.id = p.agency_id"
    if plan.terms and scan:
        for i, term in enumerate(plan.terms):
            where.append(f"({_DOC}) LIKE :t{i} ESCAPE '\\'")
            params[f"t{i}"] = _like(term)
    elif plan.terms:
        # CROSS JOIN keeps SQLite from walking people in sort order and probing the index.
        source = (
            "person_search s CROSS JOIN person p ON p.rowid = s.rowid "
            "LEFT JOIN agency a ON a.id = p.agency_id"
        )
        where.append("s.person_search MATCH :fts")
        params["fts"] = plan.fts
    for i, word in enumerate(plan.word_prefixes):
        where.append(f"instr(' ' || p.name_key, :w{i}) > 0")
        params[f"w{i}"] = " " + word
    if plan.name_prefix:
        where.append("p.name_key >= :lo AND p.name_key < :hi")
        params.update(lo=plan.name_prefix, hi=_prefix_end(plan.name_prefix))
    if plan.nip_prefix:
        plus = "+" if scan else ""  # "+" keeps SQLite off the NIP index
        where.append(
            f"(({plus}p.nip >= :lo AND {plus}p.nip < :hi) "
            f"OR ({plus}p.ni_pppk >= :lo AND {plus}p.ni_pppk < :hi))"
        )
        params.update(lo=plan.nip_prefix, hi=_prefix_end(plan.nip_prefix))
    if filters.agency_id:
        where.append("p.agency_id = :agency_id")
        params["agency_id"] = filters.agency_id
    if filters.status:
        where.append("p.status = :status")
        params["status"] = filters.status
    if filters.problems_only:
        where.append("p.problems != ''")
    if not filters.include_inactive:
        where.append("p.active = 1")
    return _Query(source, where, params)


def _sort_keys(sort: RosterSort | None) -> list[str]:
    sort = sort or RosterSort()
    if sort.column not in SORT_COLUMNS:
        raise ValidationError(
            _("Kolom urutan '{column}' tidak dikenal.").format(column=sort.column),
            code="sort_unknown",
        )
    return [*SORT_COLUMNS[sort.column], "p.name_key", "p.rowid"]


def _is_broad(session: Session, plan: SearchPlan) -> bool:
    """Whether the index finds at least BROAD_MATCHES people (counted no further)."""
    if plan.terms:
        sql = "SELECT 1 FROM person_search WHERE person_search MATCH :fts LIMIT :k"
        params: dict[str, Any] = {"fts": plan.fts}
    elif plan.nip_prefix:
        sql = (
            "SELECT 1 FROM person WHERE (nip >= :lo AND nip < :hi) "
            "OR (ni_pppk >= :lo AND ni_pppk < :hi) LIMIT :k"
        )
        params = {"lo": plan.nip_prefix, "hi": _prefix_end(plan.nip_prefix)}
    else:
        return False
    found = session.execute(
        text(f"SELECT count(*) FROM ({sql})"), {**params, "k": BROAD_MATCHES}
    ).scalar()
    return bool(found and found >= BROAD_MATCHES)


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
    row's storage id, so pages neither overlap nor skip. Safe from a worker thread.
    """
    ctx.require(Permission.ROSTER_READ)
    sort = sort or RosterSort()
    keys = _sort_keys(sort)
    plan = plan_query(query)
    with ctx.db.read_session() as session:
        by_name = sort.column == "name"
        scan = by_name and _is_broad(session, plan)
        built = _build(plan, filters, scan=scan)
        if after_id:
            op = "<" if sort.descending else ">"
            built.where.append(
                f"({', '.join(keys)}) {op} (SELECT {', '.join(keys)} FROM person p "
                "LEFT JOIN agency a ON a.id = p.agency_id WHERE p.id = :after_id)"
            )
            built.params["after_id"] = after_id
        direction = " DESC" if sort.descending else ""
        sql = (
            f"SELECT {_ROW_COLUMNS} FROM {built.source} WHERE {' AND '.join(built.where)} "
            f"ORDER BY {', '.join(k + direction for k in keys)} LIMIT :limit OFFSET :offset"
        )
        built.params.update(limit=max(0, limit), offset=max(0, offset))
        rows = session.execute(text(sql), built.params).all()
    return [PersonRow(*row[:12], bool(row[12]), row[13], row[14]) for row in rows]


def count(ctx: ServiceContext, query: str = "", filters: RosterFilter | None = None) -> int:
    """How many people ``search`` pages through for the same query and filters.

    Up to a few tens of milliseconds for a query matching a third of 100,000 people: show
    the first page, then ask for the count.
    """
    ctx.require(Permission.ROSTER_READ)
    built = _build(plan_query(query), filters, scan=False)
    source = built.source.replace(" LEFT JOIN agency a ON a.id = p.agency_id", "")
    sql = f"SELECT count(*) FROM {source} WHERE {' AND '.join(built.where)}"
    with ctx.db.read_session() as session:
        return int(session.execute(text(sql), built.params).scalar() or 0)


def get_person(ctx: ServiceContext, person_id: str) -> Person:
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        return live_person(session, person_id)


def person_history(ctx: ServiceContext, person_id: str) -> list[AuditEntry]:
    """The audit entries of a person, oldest first, including the import that created them
    (an import writes one summary entry, stamped with the created_at of its new rows)."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        person = live_person(session, person_id)
        own = (AuditEntry.table_name == "person") & (AuditEntry.record_id == person.id)
        created_by_import = (AuditEntry.action == "import") & (AuditEntry.at == person.created_at)
        return list(
            session.exec(
                select(AuditEntry).where(own | created_by_import).order_by(AuditEntry.seq)
            ).scalars()
        )


class AgencyRow(NamedTuple):
    id: str
    name: str
    short_name: str
    kind: str
    parent_id: str | None
    head_name: str
    ppk_name: str
    ppk_title: str
    active: bool
    people: int
    revision: int


def list_agencies(
    ctx: ServiceContext, *, query: str = "", include_inactive: bool = False
) -> list[AgencyRow]:
    """Agencies by name, with how many active people each has (a district has tens to a few
    hundred agencies: no paging needed)."""
    ctx.require(Permission.ROSTER_READ)
    where = ["g.deleted = 0"]
    params: dict[str, Any] = {}
    if not include_inactive:
        where.append("g.active = 1")
    for i, word in enumerate(agency_key(query).split()):
        where.append(f"(instr(g.name_key, :q{i}) > 0 OR instr(lower(g.short_name), :q{i}) > 0)")
        params[f"q{i}"] = word
    sql = (
        "SELECT g.id, g.name, g.short_name, g.kind, g.parent_id, g.head_name, g.ppk_name, "
        "g.ppk_title, g.active, coalesce(c.n, 0), g.revision FROM agency g LEFT JOIN "
        "(SELECT agency_id, count(*) AS n FROM person WHERE deleted = 0 AND active = 1 "
        "GROUP BY agency_id) c ON c.agency_id = g.id "
        f"WHERE {' AND '.join(where)} ORDER BY g.name_key"
    )
    with ctx.db.read_session() as session:
        rows = session.execute(text(sql), params).all()
    return [AgencyRow(*row[:8], bool(row[8]), int(row[9]), row[10]) for row in rows]


def get_agency(ctx: ServiceContext, agency_id: str) -> Agency:
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        return live_agency(session, agency_id)


def agency_key(name: str) -> str:
    """How agency names are compared: folded, punctuation and repeated spaces dropped."""
    return " ".join(_WORD_CHARS.sub(" ", _fold(name)).split())


def find_agency(ctx: ServiceContext, name: str) -> Agency | None:
    """The agency called ``name`` (or with that short name), ignoring case and punctuation."""
    ctx.require(Permission.ROSTER_READ)
    with ctx.db.read_session() as session:
        return find_agency_in(session, name)


def find_agency_in(session: Session, name: str) -> Agency | None:
    key = agency_key(name)
    if not key:
        return None
    found = (
        session.exec(select(Agency).where(Agency.name_key == key, Agency.deleted == False))  # noqa: E712
        .scalars()
        .first()
    )
    if found is None:
        found = (
            session.exec(
                select(Agency).where(
                    func.lower(Agency.short_name) == key,
                    Agency.deleted == False,  # noqa: E712
                )
            )
            .scalars()
            .first()
        )
    return found


# --- writing people -----------------------------------------------------------------------


def live_person(session: Session, person_id: str) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.deleted:
        raise NotFoundError(_("Pegawai tidak ditemukan (mungkin sudah dihapus)."))
    return person


def live_agency(session: Session, agency_id: str) -> Agency:
    agency = session.get(Agency, agency_id)
    if agency is None or agency.deleted:
        raise NotFoundError(_("Instansi tidak ditemukan (mungkin sudah dihapus)."))
    return agency


def _as_status(value: Any) -> PersonStatus | None:
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


def _as_sex(value: Any) -> Sex | None:
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


def _as_date(value: Any) -> date | None:
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


def validate_person(ctx: ServiceContext, **fields: Any) -> PersonCheck:
    """Every problem of a person as entered, without saving (for a form's live hints)."""
    ctx.require(Permission.ROSTER_READ)
    return check_person(
        full_name=fields.get("full_name", ""),
        status=_as_status(fields.get("status")),
        nip=fields.get("nip") or "",
        ni_pppk=fields.get("ni_pppk") or "",
        nik=fields.get("nik") or "",
        sex=_as_sex(fields.get("sex")),
        birth_date=_as_date(fields.get("birth_date")),
        has_agency=bool(fields.get("agency_id")),
        today=ctx.clock.now().date(),
    )


def _person_values(ctx: ServiceContext, session: Session, data: dict[str, Any]) -> dict[str, Any]:
    """Checked, normalised column values of a person; ValidationError on the first error."""
    agency_id = data.get("agency_id") or None
    if agency_id:
        live_agency(session, agency_id)
    check = check_person(
        full_name=data.get("full_name", ""),
        status=_as_status(data.get("status")),
        nip=data.get("nip") or "",
        ni_pppk=data.get("ni_pppk") or "",
        nik=data.get("nik") or "",
        sex=_as_sex(data.get("sex")),
        birth_date=_as_date(data.get("birth_date")),
        has_agency=bool(agency_id),
        today=ctx.clock.now().date(),
    )
    error = check.first_error()
    if error is not None:
        raise ValidationError(error.message, code=error.code)
    pangkat = clean_text(data.get("pangkat_golongan"))
    return {
        **check.values,
        "jabatan": clean_text(data.get("jabatan")),
        "pangkat_golongan": pangkat,
        "golongan_rank": golongan_rank(pangkat),
        "unit_kerja": clean_text(data.get("unit_kerja")),
        "agency_id": agency_id,
        "phone": clean_text(data.get("phone")),
        "problems": check.flags,
    }


def _ensure_unique(session: Session, values: dict[str, Any], exclude_id: str | None) -> None:
    labels = {"nip": "NIP", "ni_pppk": "NI PPPK", "nik": "NIK"}
    for column, label in labels.items():
        value = values.get(column)
        if not value:
            continue
        stmt = select(Person.full_name).where(
            getattr(Person, column) == value,
            Person.deleted == False,  # noqa: E712
        )
        if exclude_id:
            stmt = stmt.where(Person.id != exclude_id)
        other = session.execute(stmt).scalar()
        if other is not None:
            raise ConflictError(
                _("{label} {value} sudah tercatat untuk {name}.").format(
                    label=label, value=value, name=other
                ),
                code=f"{column}_taken",
            )


def _check_field_names(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(
            _("Isian tidak dikenal: {names}.").format(names=", ".join(sorted(unknown))),
            code="field_unknown",
        )


def create_person(ctx: ServiceContext, **fields: Any) -> Person:
    """Add a person (fields as in ``PERSON_FIELDS``). Errors refuse; warnings become flags."""
    actor = ctx.require(Permission.ROSTER_WRITE)
    _check_field_names(fields, PERSON_FIELDS)
    with ctx.db.write_session() as session:
        values = _person_values(ctx, session, fields)
        _ensure_unique(session, values, None)
        person = Person(origin="", created_at="", updated_at="", updated_by="", **values)
        ctx.stamp_new(person, created_id=new_id())
        session.add(person)
        session.flush()
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="create",
            table_name="person",
            record_id=person.id,
            new=audit.row_values(person),
        )
        return person


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
    ctx: ServiceContext, person_id: str, *, expected_revision: int | None = None, **changes: Any
) -> Person:
    """Change some fields of a person; nothing is written when nothing changes.

    ``expected_revision`` (the revision the form was loaded with) refuses the save with a
    ConflictError when someone else saved the person in between.
    """
    ctx.require(Permission.ROSTER_WRITE)
    _check_field_names(changes, PERSON_FIELDS)
    with ctx.db.write_session() as session:
        person = live_person(session, person_id)
        _check_revision(person, expected_revision)
        before = audit.row_values(person)
        data = {name: getattr(person, name) for name in PERSON_FIELDS} | changes
        values = _person_values(ctx, session, data)
        old, new = audit.changed_values(before, {**before, **values})
        if not new:
            return person
        _ensure_unique(session, values, person.id)
        for name, value in values.items():
            setattr(person, name, value)
        ctx.record_update(session, person, action="update", old=old, new=new)
        return person


def set_person_active(ctx: ServiceContext, person_id: str, active: bool) -> Person:
    """Mark a person as no longer (or again) working at their agency; never deletes."""
    ctx.require(Permission.ROSTER_WRITE)
    with ctx.db.write_session() as session:
        person = live_person(session, person_id)
        if person.active == active:
            return person
        person.active = active
        ctx.record_update(
            session,
            person,
            action="activate" if active else "deactivate",
            old={"active": not active},
            new={"active": active},
        )
        return person


def deactivate_person(ctx: ServiceContext, person_id: str) -> Person:
    return set_person_active(ctx, person_id, False)


# --- writing agencies ---------------------------------------------------------------------


def _agency_values(session: Session, data: dict[str, Any], own_id: str | None) -> dict[str, Any]:
    name = clean_text(data.get("name"))
    if not name:
        raise ValidationError(_("Nama instansi wajib diisi."), code="agency_name_missing")
    kind_text = clean_text(data.get("kind"))
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
    parent_id = data.get("parent_id") or None
    if parent_id:
        parent = live_agency(session, parent_id)
        seen = {own_id}
        while parent is not None:  # walk up: an agency cannot sit under itself
            if parent.id in seen:
                raise ValidationError(
                    _("Instansi induk tidak boleh instansi itu sendiri atau bawahannya."),
                    code="agency_parent_cycle",
                )
            seen.add(parent.id)
            parent = session.get(Agency, parent.parent_id) if parent.parent_id else None
    head_nip = digits_only(clean_text(data.get("head_nip"))) or None
    key = agency_key(name)
    stmt = select(Agency.name).where(Agency.name_key == key, Agency.deleted == False)  # noqa: E712
    if own_id:
        stmt = stmt.where(Agency.id != own_id)
    if session.execute(stmt).scalar() is not None:
        raise ConflictError(
            _("Instansi '{name}' sudah ada.").format(name=name), code="agency_name_taken"
        )
    return {
        "name": name,
        "name_key": key,
        "short_name": clean_text(data.get("short_name")),
        "kind": kind.value,
        "parent_id": parent_id,
        "address": clean_text(data.get("address")),
        "head_name": clean_text(data.get("head_name")),
        "head_nip": head_nip,
        "ppk_name": clean_text(data.get("ppk_name")),
        "ppk_title": clean_text(data.get("ppk_title")),
    }


def create_agency(ctx: ServiceContext, **fields: Any) -> Agency:
    """Add an agency (fields as in ``AGENCY_FIELDS``; the kind is guessed from the name
    when not given)."""
    actor = ctx.require(Permission.ROSTER_WRITE)
    _check_field_names(fields, AGENCY_FIELDS)
    with ctx.db.write_session() as session:
        values = _agency_values(session, fields, None)
        agency = Agency(origin="", created_at="", updated_at="", updated_by="", **values)
        ctx.stamp_new(agency, created_id=new_id())
        session.add(agency)
        session.flush()
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="create",
            table_name="agency",
            record_id=agency.id,
            new=audit.row_values(agency),
        )
        return agency


def update_agency(
    ctx: ServiceContext, agency_id: str, *, expected_revision: int | None = None, **changes: Any
) -> Agency:
    ctx.require(Permission.ROSTER_WRITE)
    _check_field_names(changes, AGENCY_FIELDS)
    with ctx.db.write_session() as session:
        agency = live_agency(session, agency_id)
        _check_revision(agency, expected_revision)
        before = audit.row_values(agency)
        data = {name: getattr(agency, name) for name in AGENCY_FIELDS} | changes
        values = _agency_values(session, data, agency.id)
        old, new = audit.changed_values(before, {**before, **values})
        if not new:
            return agency
        for name, value in values.items():
            setattr(agency, name, value)
        ctx.record_update(session, agency, action="update", old=old, new=new)
        return agency


def set_agency_active(ctx: ServiceContext, agency_id: str, active: bool) -> Agency:
    """Mark an agency as dissolved or merged (or active again). Its people keep it."""
    ctx.require(Permission.ROSTER_WRITE)
    with ctx.db.write_session() as session:
        agency = live_agency(session, agency_id)
        if agency.active == active:
            return agency
        agency.active = active
        ctx.record_update(
            session,
            agency,
            action="activate" if active else "deactivate",
            old={"active": not active},
            new={"active": active},
        )
        return agency


def deactivate_agency(ctx: ServiceContext, agency_id: str) -> Agency:
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
    sql = (
        "SELECT full_name, coalesce(nip, ni_pppk, ''), jabatan, pangkat_golongan, unit_kerja "
        "FROM person WHERE agency_id = :agency AND deleted = 0 AND active = 1 "
        "ORDER BY golongan_rank DESC, name_key"
    )
    with ctx.db.read_session() as session:
        rows = session.execute(text(sql), {"agency": agency_id}).all()
    keys = ("nama", "nip", "jabatan", "pangkat_gol", "unit_kerja")
    return [dict(zip(keys, row, strict=True)) for row in rows]


class _RosterSource:
    def agency_name(self, ctx: ServiceContext, agency_id: str) -> str:
        return get_agency(ctx, agency_id).name

    def employees(self, ctx: ServiceContext, agency_id: str) -> list[dict[str, str]]:
        return agency_employees(ctx, agency_id)


def _register_document_source() -> None:
    from netral_desktop.services.documents import register_roster_source

    register_roster_source(_RosterSource())


_register_document_source()

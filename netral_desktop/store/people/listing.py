"""The roster page in SQL: search, filters, orders, keyset paging and counts, on either engine.

A page of 50 rows costs milliseconds at 100,000 people: terms of 3+ characters are found in
the search index (store/search.py: FTS5 trigram, or pg_trgm), shorter prefixes by B-tree
ranges over the name key or NIP, and a broad query sorted by name walks the name index and
tests each person instead of sorting every match. Rows come back as light tuples.

Both engines return the same rows in the same order: text keys compare bytes (SQLite's
BINARY; ``COLLATE "C"`` on PostgreSQL, whatever the database's collation), case-insensitive
keys fold ASCII case (``COLLATE NOCASE``; ``lower()``), and every order ends with the name
key and the row's id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import text
from sqlmodel import Session

from netral_desktop.core.roster_search import RosterFilter, SearchPlan
from netral_desktop.store import search as search_index
from netral_desktop.store.locks import dialect_of


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


class EmployeeRow(NamedTuple):
    """A person as an agency's printed roster lists them."""

    full_name: str
    nip: str  # NIP, else NI PPPK, else empty
    jabatan: str
    pangkat_golongan: str
    unit_kerja: str
    status: str  # core.roster.PersonStatus
    updated_at: str  # when the row last changed (clock stamp): the data's date


# PostgreSQL's indexes for the orders above (migration 0005: name key and id in byte order,
# also within an agency); SQLite's name indexes serve them as they are.
POSTGRESQL_ORDER_INDEXES = ("ix_person_name_c", "ix_person_agency_name_c")

_ROW_COLUMNS = (
    "p.id, p.full_name, p.status, p.nip, p.ni_pppk, p.sex, p.jabatan, p.pangkat_golongan, "
    "p.unit_kerja, p.agency_id, a.name, p.phone, p.active, p.problems, p.revision"
)
_WITH_AGENCY = " LEFT JOIN agency a ON a.id = p.agency_id"
# The text the search index holds for a person (migrations 0002 and 0005), over person p and
# agency a: the scan strategy below tests it row by row.
_DOC = (
    "p.full_name || ' ' || p.jabatan || ' ' || p.unit_kerja || ' ' || "
    "coalesce(a.name || ' ' || a.short_name, '') || ' ' || coalesce(p.nip, '') || ' ' || "
    "coalesce(p.ni_pppk, '')"
)


@dataclass(frozen=True)
class _Sql:
    """The few spellings that differ between the engines."""

    postgresql: bool

    def binary(self, expr: str) -> str:
        """``expr`` compared byte by byte (SQLite's default)."""
        return f'{expr} COLLATE "C"' if self.postgresql else expr

    def nocase(self, expr: str) -> str:
        """``expr`` compared with ASCII case folded."""
        return f'lower({expr}) COLLATE "C"' if self.postgresql else f"{expr} COLLATE NOCASE"

    def contains(self, haystack: str, needle: str) -> str:
        function = "strpos" if self.postgresql else "instr"
        return f"{function}({haystack}, {needle}) > 0"

    @property
    def dialect(self) -> str:
        return "postgresql" if self.postgresql else "sqlite"

    def unindexed(self, column: str) -> str:
        """``column`` in a form SQLite will not answer from an index (unary ``+``)."""
        return column if self.postgresql else f"+{column}"


def _sql(session: Session) -> _Sql:
    return _Sql(postgresql=dialect_of(session) == "postgresql")


def sort_keys(sql: _Sql, column: str) -> list[str]:
    """The ORDER BY keys of a sort column (one of core.roster_search.SORT_COLUMNS; never
    NULL, so keyset paging can compare them); people without NIP or agency come last."""
    first = {
        "name": [],
        "nip": [sql.binary("coalesce(p.nip, p.ni_pppk, '~')")],
        "status": [sql.binary("p.status")],
        "jabatan": [sql.nocase("p.jabatan")],
        "pangkat": ["p.golongan_rank"],
        "unit_kerja": [sql.nocase("p.unit_kerja")],
        "agency": [sql.binary("coalesce(a.name_key, '~')")],
    }[column]
    return [*first, sql.binary("p.name_key"), sql.binary("p.id")]


# From how many matches in the index a page sorted by name is found faster by walking the
# name index and testing each person than by sorting every match (measured at 100,000
# people, on both engines: walking costs more per person on PostgreSQL, and a term that
# begins many names, "siti", "wahyu", finds its matches bunched in one stretch of the name
# order, which a walk reaches only after most of the roster).
BROAD_MATCHES = 5000


def _prefix_end(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@dataclass
class _Query:
    source: str  # FROM, with person p (agency a is joined by the caller when needed)
    where: list[str]
    params: dict[str, Any] = field(default_factory=dict)


def _build(sql: _Sql, plan: SearchPlan, filters: RosterFilter | None, *, scan: bool) -> _Query:
    """FROM and WHERE for a plan. ``scan``: walk people in index order testing each row
    (broad queries); otherwise start from the search or NIP index (few matches)."""
    filters = filters or RosterFilter()
    query = _Query("person p", ["NOT p.deleted"])
    params = query.params
    if plan.terms and scan:
        for i, term in enumerate(plan.terms):
            query.where.append(search_index.holds(sql.dialect, _DOC, f"t{i}"))
            params[f"t{i}"] = search_index.term_pattern(sql.dialect, term)
    elif plan.terms:
        match = search_index.index_match(sql.dialect, plan.terms)
        query.source = match.source
        query.where += match.where
        params.update(match.params)
    for i, word in enumerate(plan.word_prefixes):
        query.where.append(sql.contains("' ' || p.name_key", f":w{i}"))
        params[f"w{i}"] = " " + word
    if plan.name_prefix:
        key = sql.binary("p.name_key")
        query.where.append(f"{key} >= :lo AND {key} < :hi")
        params.update(lo=plan.name_prefix, hi=_prefix_end(plan.name_prefix))
    if plan.nip_prefix:
        nip, ni_pppk = (sql.unindexed(c) if scan else c for c in ("p.nip", "p.ni_pppk"))
        query.where.append(
            f"(({nip} >= :lo AND {nip} < :hi) OR ({ni_pppk} >= :lo AND {ni_pppk} < :hi))"
        )
        params.update(lo=plan.nip_prefix, hi=_prefix_end(plan.nip_prefix))
    if filters.agency_id:
        query.where.append("p.agency_id = :agency_id")
        params["agency_id"] = filters.agency_id
    if filters.status:
        query.where.append("p.status = :status")
        params["status"] = filters.status
    if filters.problems_only:
        query.where.append("p.problems != ''")
    if not filters.include_inactive:
        query.where.append("p.active")
    return query


def _is_broad(session: Session, sql: _Sql, plan: SearchPlan, threshold: int) -> bool:
    """Whether the index finds at least ``threshold`` people (counted no further)."""
    if plan.terms:
        match = search_index.index_match(sql.dialect, plan.terms)
        probe, params = match.probe, dict(match.params)
    elif plan.nip_prefix:
        probe = (
            "SELECT 1 FROM person WHERE (nip >= :lo AND nip < :hi) "
            "OR (ni_pppk >= :lo AND ni_pppk < :hi)"
        )
        params = {"lo": plan.nip_prefix, "hi": _prefix_end(plan.nip_prefix)}
    else:
        return False
    with _planner(session, _PG_FROM_INDEX if sql.postgresql else {}):
        found = session.execute(
            text(f"SELECT count(*) FROM ({probe} LIMIT :k) m"), {**params, "k": threshold}
        ).scalar()
    return bool(found and found >= threshold)


# PostgreSQL's planner settings for the roster's queries (transaction-local). The roster and
# its indexes are small enough to stay in memory (100,000 people: some 60 MB), so an index
# probe costs about what a sequential read does (random_page_cost 1.1, as for SSDs, instead
# of the default 4 for spinning disks, which had a count of 1,300 matches read all 100,000
# people to hash them rather than probe 1,300 times). The planner cannot know how many
# people a term finds in the search text (its estimate for a substring is a guess), so for
# the page query the strategy is set, as SQLite's CROSS JOIN and unary + set it: from the
# index, one probe of person per match; walking, the sort's index in order, testing each
# person (not sorting every match). Parallel workers cost more to start than a page takes.
_PG_BASE = {"random_page_cost": "1.1"}
_PG_FROM_INDEX = {
    **_PG_BASE,
    "enable_seqscan": "off",
    "enable_hashjoin": "off",
    "enable_mergejoin": "off",
    "max_parallel_workers_per_gather": "0",
}
_PG_WALK = {
    **_PG_BASE,
    "enable_seqscan": "off",
    "enable_bitmapscan": "off",
    "enable_sort": "off",
    "max_parallel_workers_per_gather": "0",
}


@contextmanager
def _planner(session: Session, settings: dict[str, str]) -> Iterator[None]:
    """PostgreSQL: ``settings`` for the statements of the block, then those before again
    (transaction-local either way)."""
    if not settings:
        yield
        return
    names = list(settings)
    marks = ", ".join(f"current_setting(:n{i})" for i in range(len(names)))
    params = {f"n{i}": name for i, name in enumerate(names)}
    before = session.execute(text(f"SELECT {marks}"), params).one()

    def apply(values: Iterable[str]) -> None:
        calls = ", ".join(f"set_config(:n{i}, :v{i}, true)" for i in range(len(names)))
        values_ = {f"v{i}": value for i, value in enumerate(values)}
        session.execute(text(f"SELECT {calls}"), {**params, **values_})

    apply(settings.values())
    try:
        yield
    finally:
        apply(before)


def _keys_of(session: Session, keys: list[str], person_id: str) -> tuple[Any, ...] | None:
    row = session.execute(
        text(f"SELECT {', '.join(keys)} FROM person p{_WITH_AGENCY} WHERE p.id = :id"),
        {"id": person_id},
    ).first()
    return tuple(row) if row is not None else None


def search_page(
    session: Session,
    *,
    plan: SearchPlan,
    filters: RosterFilter | None,
    sort_column: str,
    descending: bool,
    offset: int,
    limit: int,
    after_id: str | None,
    broad_matches: int | None = None,
) -> list[PersonRow]:
    """One page of people matching ``plan`` and ``filters`` in the order of ``sort_column``
    (one of SORT_COLUMNS), after the person ``after_id`` (keyset paging) or from ``offset``.

    Sorted by name, a query the index finds at least ``broad_matches`` people for (by
    default ``BROAD_MATCHES``) walks the name index and tests each person rather than
    sorting every match."""
    sql = _sql(session)
    keys = sort_keys(sql, sort_column)
    threshold = BROAD_MATCHES if broad_matches is None else broad_matches
    scan = sort_column == "name" and _is_broad(session, sql, plan, threshold)
    query = _build(sql, plan, filters, scan=scan)
    if sql.postgresql and plan.terms and not scan and sort_column == "name":
        return _pg_page_by_name(session, query, plan, descending, offset, limit, after_id)
    if after_id:
        # The last row's keys first, then a row-value comparison with them as parameters:
        # both engines answer that from the sort's index.
        last = _keys_of(session, keys, after_id)
        if last is None:
            return []
        names = [f"k{i}" for i in range(len(keys))]
        marks = ", ".join(f":{name}" for name in names)
        query.where.append(f"({', '.join(keys)}) {'<' if descending else '>'} ({marks})")
        query.params.update(zip(names, last, strict=True))
    direction = " DESC" if descending else ""
    statement = (
        f"SELECT {_ROW_COLUMNS} FROM {query.source}{_WITH_AGENCY} "
        f"WHERE {' AND '.join(query.where)} "
        f"ORDER BY {', '.join(k + direction for k in keys)} LIMIT :limit OFFSET :offset"
    )
    query.params.update(limit=max(0, limit), offset=max(0, offset))
    settings: dict[str, str] = {}
    if sql.postgresql:
        settings = _PG_WALK if scan else _PG_FROM_INDEX if plan.terms else _PG_BASE
    with _planner(session, settings):
        rows = session.execute(text(statement), query.params).all()
    return [PersonRow._make((*row[:12], bool(row[12]), row[13], row[14])) for row in rows]


def _pg_page_by_name(
    session: Session,
    query: _Query,
    plan: SearchPlan,
    descending: bool,
    offset: int,
    limit: int,
    after_id: str | None,
) -> list[PersonRow]:
    """PostgreSQL, terms sorted by name: the matches sorted in the search table (which holds
    the name key), then ``person`` read in that order until the page is full."""
    sql = _Sql(postgresql=True)
    last = None
    if after_id:
        last = _keys_of(session, sort_keys(sql, "name"), after_id)
        if last is None:
            return []
    match = search_index.pg_matches_by_name(
        plan.terms, descending=descending, after=last is not None
    )
    params = {**query.params, **match.params, "limit": max(0, limit), "offset": max(0, offset)}
    if last is not None:
        params.update(k0=last[0], k1=last[1])
    direction = " DESC" if descending else ""
    statement = (
        f"SELECT {_ROW_COLUMNS} FROM {match.source}{_WITH_AGENCY} "
        f"WHERE {' AND '.join(query.where)} "
        f"ORDER BY {', '.join(k + direction for k in search_index.PG_NAME_ORDER)} "
        "LIMIT :limit OFFSET :offset"
    )
    with _planner(session, _PG_FROM_INDEX):
        rows = session.execute(text(statement), params).all()
    return [PersonRow._make((*row[:12], bool(row[12]), row[13], row[14])) for row in rows]


def count_matches(session: Session, *, plan: SearchPlan, filters: RosterFilter | None) -> int:
    """How many people ``search_page`` pages through for the same plan and filters."""
    sql = _sql(session)
    query = _build(sql, plan, filters, scan=False)
    statement = f"SELECT count(*) FROM {query.source} WHERE {' AND '.join(query.where)}"
    with _planner(session, _PG_BASE if sql.postgresql else {}):
        return int(session.execute(text(statement), query.params).scalar() or 0)


def list_agencies(session: Session, *, words: list[str], include_inactive: bool) -> list[AgencyRow]:
    """Agencies by name, with how many active people each has; each of ``words`` (folded)
    must occur in the agency's name key or short name."""
    sql = _sql(session)
    where = ["NOT g.deleted"]
    params: dict[str, Any] = {}
    if not include_inactive:
        where.append("g.active")
    for i, word in enumerate(words):
        where.append(
            f"({sql.contains('g.name_key', f':q{i}')} "
            f"OR {sql.contains('lower(g.short_name)', f':q{i}')})"
        )
        params[f"q{i}"] = word
    statement = (
        "SELECT g.id, g.name, g.short_name, g.kind, g.parent_id, g.head_name, g.ppk_name, "
        "g.ppk_title, g.active, coalesce(c.n, 0), g.revision FROM agency g LEFT JOIN "
        "(SELECT agency_id, count(*) AS n FROM person WHERE NOT deleted AND active "
        "GROUP BY agency_id) c ON c.agency_id = g.id "
        f"WHERE {' AND '.join(where)} "
        f"ORDER BY {sql.binary('g.name_key')}, {sql.binary('g.id')}"
    )
    rows = session.execute(text(statement), params).all()
    return [AgencyRow._make((*row[:8], bool(row[8]), int(row[9]), row[10])) for row in rows]


def agency_employees(session: Session, *, agency_id: str) -> list[EmployeeRow]:
    """The active people of an agency in the order official lists use: highest rank first,
    then by name."""
    sql = _sql(session)
    statement = (
        "SELECT full_name, coalesce(nip, ni_pppk, ''), jabatan, pangkat_golongan, unit_kerja, "
        "status, updated_at FROM person WHERE agency_id = :agency AND NOT deleted AND active "
        f"ORDER BY golongan_rank DESC, {sql.binary('name_key')}, {sql.binary('id')}"
    )
    rows = session.execute(text(statement), {"agency": agency_id}).all()
    return [EmployeeRow(*row) for row in rows]

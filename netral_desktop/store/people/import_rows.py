"""The roster import's lookups: the people and agencies a file names, found in bulk.

Plain tuples pass through the driver (``exec_driver_sql``): SQLAlchemy's per-row parameter
processing would cost as much as the statements themselves. The file's keys go to the
database as one parameter per lookup, the database probes its index once per key whatever
the roster's size, and only the people found come back, as dicts: on SQLite a JSON array
(``json_each(?) CROSS JOIN person``), on PostgreSQL arrays (``unnest(%s::text[], ...)``).
The writes are store/people/bulk.py's.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.engine import Connection

from netral_desktop.core.identity import BIRTH, IDENTIFIERS, PLACE
from netral_desktop.store.bulk import Executor, connection_of
from netral_desktop.store.locks import dialect_of
from netral_desktop.store.people.bulk import PERSON_COLUMNS

# Matching by name, agency and unit probes an index per key while the keys are fewer than
# the people / PLACE_SCAN_RATIO; beyond, it reads the people without a birth date once.
PLACE_SCAN_RATIO = 10
# The keys of a person found (dicts): id and revision, then PERSON_COLUMNS.
FOUND_COLUMNS = ("id", "revision", *PERSON_COLUMNS)
_SELECT_FOUND = "SELECT p.id, p.revision, " + ", ".join(f"p.{c}" for c in PERSON_COLUMNS)


def _is_postgresql(conn: Connection) -> bool:
    return dialect_of(conn) == "postgresql"


def _found(conn: Connection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    rows = conn.exec_driver_sql(sql, tuple(params)).fetchall()
    return [dict(zip(FOUND_COLUMNS, row, strict=True)) for row in rows]


def roster_size(executor: Executor) -> int:
    """How many people the roster holds, or a figure of the same size (0: nobody at all):
    SQLite's highest rowid; PostgreSQL's count."""
    conn = connection_of(executor)
    sql = (
        "SELECT count(*) FROM person"
        if _is_postgresql(conn)
        else "SELECT coalesce(max(rowid), 0) FROM person"
    )
    return int(conn.exec_driver_sql(sql).scalar() or 0)


def people_by(executor: Executor, *, column: str, values: Iterable[str]) -> list[dict[str, Any]]:
    """People (not deleted) whose ``column`` (one of core.identity's IDENTIFIERS) is one of
    ``values``; each
    value's people in storage order (PostgreSQL: in id order)."""
    if column not in IDENTIFIERS:
        raise ValueError(column)
    wanted = sorted({v for v in values if v})
    if not wanted:
        return []
    conn = connection_of(executor)
    if _is_postgresql(conn):
        sql = (
            f"{_SELECT_FOUND} FROM unnest(%s::text[]) AS j(value) "
            f"JOIN person p ON p.{column} = j.value WHERE NOT p.deleted ORDER BY p.id"
        )
        return _found(conn, sql, (wanted,))
    sql = (
        f"{_SELECT_FOUND} FROM json_each(?) j CROSS JOIN person p ON p.{column} = j.value "
        "WHERE NOT p.deleted"
    )
    return _found(conn, sql, (json.dumps(wanted),))


def people_by_name(
    executor: Executor, *, keys: Iterable[tuple[Any, ...]], people: int
) -> list[dict[str, Any]]:
    """People matching name and birth date (keys ``(BIRTH, name_key, birth_date)`` of
    core.identity), or, with no birth date recorded, name, agency and unit (``(PLACE,
    name_key, agency_id, unit)``);
    each key's people in storage order (PostgreSQL: in id order). ``people``: the size of the
    roster (``roster_size``). May return more: the caller compares the keys."""
    keys = list(keys)
    by_birth = sorted(k[1:] for k in keys if k[0] == BIRTH)
    by_place = sorted((k[1:] for k in keys if k[0] == PLACE), key=repr)
    conn = connection_of(executor)
    found: list[dict[str, Any]] = []
    pg = _is_postgresql(conn)
    if by_birth:
        if pg:
            sql = (
                f"{_SELECT_FOUND} FROM unnest(%s::text[], %s::text[]) AS j(name_key, born) "
                "JOIN person p ON p.name_key = j.name_key AND p.birth_date = j.born "
                "WHERE NOT p.deleted ORDER BY p.id"
            )
            names, born = zip(*by_birth, strict=True)
            found += _found(conn, sql, (list(names), list(born)))
        else:
            sql = (
                f"{_SELECT_FOUND} FROM json_each(?) j CROSS JOIN person p "
                "ON p.name_key = json_extract(j.value, '$[0]') "
                "AND p.birth_date = json_extract(j.value, '$[1]') WHERE NOT p.deleted"
            )
            found += _found(conn, sql, (json.dumps(by_birth),))
    if by_place and len(by_place) * PLACE_SCAN_RATIO < people:
        if pg:
            sql = (
                f"{_SELECT_FOUND} FROM unnest(%s::text[], %s::text[], %s::text[]) "
                "AS j(name_key, agency_id, unit) JOIN person p ON p.name_key = j.name_key "
                "WHERE NOT p.deleted AND p.birth_date IS NULL "
                "AND p.agency_id IS NOT DISTINCT FROM j.agency_id AND p.unit_kerja = j.unit "
                "ORDER BY p.id"
            )
            names, agencies, units = zip(*by_place, strict=True)
            found += _found(conn, sql, (list(names), list(agencies), list(units)))
        else:
            sql = (
                f"{_SELECT_FOUND} FROM json_each(?) j CROSS JOIN person p "
                "ON p.name_key = json_extract(j.value, '$[0]') WHERE NOT p.deleted "
                "AND p.birth_date IS NULL AND p.agency_id IS json_extract(j.value, '$[1]') "
                "AND p.unit_kerja = json_extract(j.value, '$[2]')"
            )
            found += _found(conn, sql, (json.dumps(by_place),))
    elif by_place:
        # Many keys for the roster's size: one pass over the people without a birth date
        # costs less than a probe per key (a probe reads every namesake in the agency, and
        # namesakes are many). The joined text only narrows; the caller compares the keys.
        joined = [f"{name}\x1f{agency_id or ''}\x1f{unit}" for name, agency_id, unit in by_place]
        place = "p.name_key || {sep} || coalesce(p.agency_id, '') || {sep} || p.unit_kerja"
        if pg:
            sql = (
                f"{_SELECT_FOUND} FROM person p WHERE NOT p.deleted AND p.birth_date IS NULL "
                f"AND {place.format(sep='chr(31)')} = ANY(%s::text[]) ORDER BY p.id"
            )
            found += _found(conn, sql, (joined,))
        else:
            sql = (
                f"{_SELECT_FOUND} FROM person p NOT INDEXED WHERE NOT p.deleted "
                f"AND p.birth_date IS NULL AND {place.format(sep='char(31)')} "
                "IN (SELECT value FROM json_each(?))"
            )
            found += _found(conn, sql, (json.dumps(joined),))
    return found


def agencies_by_key(executor: Executor, *, keys: Iterable[str]) -> dict[str, str]:
    """agency key -> id of the agencies (not deleted) that have one of ``keys`` as their
    name key, else as their short name (lower case)."""
    wanted = sorted(set(keys))
    if not wanted:
        return {}
    conn = connection_of(executor)
    if _is_postgresql(conn):
        sql = (
            "SELECT id, name_key, lower(short_name) FROM agency WHERE NOT deleted AND "
            "(name_key = ANY(%s::text[]) OR lower(short_name) = ANY(%s::text[])) ORDER BY id"
        )
        params: tuple[Any, ...] = (wanted, wanted)
    else:
        sql = (
            "SELECT id, name_key, lower(short_name) FROM agency WHERE NOT deleted AND "
            "(name_key IN (SELECT value FROM json_each(?)) OR "
            "lower(short_name) IN (SELECT value FROM json_each(?)))"
        )
        params = (json.dumps(wanted), json.dumps(wanted))
    rows = conn.exec_driver_sql(sql, params).fetchall()
    asked = set(wanted)
    found: dict[str, str] = {}
    for agency_id, name_key_, _short in rows:
        if name_key_ in asked:
            found[name_key_] = agency_id
    for agency_id, _name_key, short in rows:
        if short in asked and short not in found:
            found[short] = agency_id
    return found

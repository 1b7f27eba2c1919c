# SQL here moves to store/ in the next step (store/people.py): every statement the roster
# import sends is in this module, and only here.
"""The roster import's statements: looking up the people and agencies a file names, and
writing people in bulk.

Plain tuples pass through the driver (``exec_driver_sql``): SQLAlchemy's per-row parameter
processing would cost as much as the statements themselves. The file's identifiers go to
SQLite as one JSON array per lookup, SQLite probes its index once per value
(``json_each CROSS JOIN person``, whatever the roster's size), and only the people found come
back, as dicts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

from netral_desktop.core.identity import BIRTH, PLACE, NameKey
from netral_desktop.store.models import Agency

# The person columns an import compares and writes.
PERSON_COLUMNS = (
    "full_name",
    "name_key",
    "status",
    "nip",
    "ni_pppk",
    "nik",
    "sex",
    "birth_date",
    "jabatan",
    "pangkat_golongan",
    "golongan_rank",
    "unit_kerja",
    "agency_id",
    "phone",
    "problems",
)
# Matching by name, agency and unit probes an index per key while the keys are fewer than
# the people / PLACE_SCAN_RATIO; beyond, it reads the people without a birth date once.
PLACE_SCAN_RATIO = 10
# The keys of a person found (dicts): the rowid, id and revision, then PERSON_COLUMNS.
FOUND_COLUMNS = ("_rowid", "id", "revision", *PERSON_COLUMNS)
_SELECT_FOUND = (
    "SELECT p.rowid, p.id, p.revision, " + ", ".join(f"p.{c}" for c in PERSON_COLUMNS) + " FROM "
)
# Inserted people: these columns, then PERSON_COLUMNS.
_INSERTED = (
    "id",
    "origin",
    "created_at",
    "updated_at",
    "updated_by",
    "revision",
    "deleted",
    "active",
)
_row_values = itemgetter(*PERSON_COLUMNS)

Executor = Session | Connection


def connection(executor: Executor) -> Connection:
    return executor.connection() if isinstance(executor, Session) else executor


def _found(conn: Connection, sql: str, params: tuple[Any, ...]) -> list[dict[str, Any]]:
    rows = conn.exec_driver_sql(sql, params).fetchall()
    return [dict(zip(FOUND_COLUMNS, row, strict=True)) for row in rows]


def people_by(conn: Connection, column: str, values: Iterable[str]) -> list[dict[str, Any]]:
    """People (not deleted) whose ``column`` is one of ``values``; each value's people in
    storage order."""
    wanted = list({v for v in values if v})
    if not wanted:
        return []
    sql = (
        f"{_SELECT_FOUND} json_each(?) j CROSS JOIN person p ON p.{column} = j.value "
        "WHERE p.deleted = 0"
    )
    return _found(conn, sql, (json.dumps(wanted),))


def people_by_name(conn: Connection, keys: set[NameKey], people: int) -> list[dict[str, Any]]:
    """People matching name and birth date (keys ``(BIRTH, name_key, birth_date)``), or, with
    no birth date recorded, name, agency and unit (``(PLACE, name_key, agency_id, unit)``);
    each key's people in storage order. ``people``: the size of the roster (its highest
    rowid). May return more: the caller compares the keys."""
    by_birth = [k[1:] for k in keys if k[0] == BIRTH]
    by_place = [k[1:] for k in keys if k[0] == PLACE]
    found: list[dict[str, Any]] = []
    if by_birth:
        sql = (
            f"{_SELECT_FOUND} json_each(?) j CROSS JOIN person p "
            "ON p.name_key = json_extract(j.value, '$[0]') "
            "AND p.birth_date = json_extract(j.value, '$[1]') WHERE p.deleted = 0"
        )
        found += _found(conn, sql, (json.dumps(by_birth),))
    if by_place and len(by_place) * PLACE_SCAN_RATIO < people:
        sql = (
            f"{_SELECT_FOUND} json_each(?) j CROSS JOIN person p "
            "ON p.name_key = json_extract(j.value, '$[0]') WHERE p.deleted = 0 "
            "AND p.birth_date IS NULL AND p.agency_id IS json_extract(j.value, '$[1]') "
            "AND p.unit_kerja = json_extract(j.value, '$[2]')"
        )
        found += _found(conn, sql, (json.dumps(by_place),))
    elif by_place:
        # Many keys for the roster's size: one pass over the people without a birth date
        # costs less than a probe per key (a probe reads every namesake in the agency, and
        # namesakes are many). The joined text only narrows; the caller compares the keys.
        sql = (
            f"{_SELECT_FOUND} person p NOT INDEXED WHERE p.deleted = 0 AND p.birth_date IS NULL "
            "AND p.name_key || char(31) || coalesce(p.agency_id, '') || char(31) || p.unit_kerja "
            "IN (SELECT value FROM json_each(?))"
        )
        joined = [f"{name}\x1f{agency_id or ''}\x1f{unit}" for name, agency_id, unit in by_place]
        found += _found(conn, sql, (json.dumps(joined),))
    return found


def agencies_by_key(conn: Executor, keys: set[str]) -> dict[str, str]:
    """agency key -> id of the agencies (not deleted) that have one of ``keys`` as their
    name key, else as their short name (lower case)."""
    if not keys:
        return {}
    found: dict[str, str] = {}
    rows = conn.execute(
        text(
            "SELECT id, name_key, lower(short_name) FROM agency WHERE deleted = 0 AND "
            "(name_key IN (SELECT value FROM json_each(:k)) OR "
            "lower(short_name) IN (SELECT value FROM json_each(:k)))"
        ),
        {"k": json.dumps(sorted(keys))},
    ).all()
    for agency_id, name_key_, _short in rows:
        if name_key_ in keys:
            found[name_key_] = agency_id
    for agency_id, _name_key, short in rows:
        if short in keys and short not in found:
            found[short] = agency_id
    return found


def insert_agencies(conn: Executor, rows: list[dict[str, Any]]) -> None:
    """Agencies as complete rows (every column of ``agency``)."""
    if rows:
        conn.execute(Agency.__table__.insert(), rows)  # type: ignore[attr-defined]


def insert_people(
    conn: Connection,
    added: Sequence[dict[str, Any]],
    ids: Sequence[str],
    *,
    origin: str,
    created_at: str,
    updated_at: str,
    updated_by: str,
) -> None:
    """New people (the values of ``PERSON_COLUMNS``) with their ``ids``: revision 1, active."""
    fixed = (origin, created_at, updated_at, updated_by, 1, 0, 1)
    columns = (*_INSERTED, *PERSON_COLUMNS)
    conn.exec_driver_sql(
        f"INSERT INTO person ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [
            (person_id, *fixed, *_row_values(values))
            for values, person_id in zip(added, ids, strict=True)
        ],
    )


def update_people(
    conn: Connection, updated: Sequence[dict[str, Any]], *, updated_at: str, updated_by: str
) -> None:
    """Recorded people (``_rowid``) rewritten with their ``PERSON_COLUMNS``, revision + 1."""
    assignments = ", ".join(f"{k} = ?" for k in PERSON_COLUMNS)
    conn.exec_driver_sql(
        f"UPDATE person SET {assignments}, updated_at = ?, updated_by = ?, "
        "revision = revision + 1 WHERE rowid = ?",
        [(*_row_values(values), updated_at, updated_by, values["_rowid"]) for values in updated],
    )

"""Many people or agencies written at once (the demo roster, the import), on either engine.

Rows go through the synced-row primitive (store/synced.py: ids, origin, times, revision,
tombstone, audit) as plain tuples with one driver call each; the search index stands aside
meanwhile and indexes every person written with one statement (store/search.py).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from netral_desktop.store import search as search_index
from netral_desktop.store import synced
from netral_desktop.store.bulk import Executor, connection_of
from netral_desktop.store.synced import WriteStamp

# The data columns of a person a bulk writer gives, in this order (``active`` aside: people
# written in bulk are active).
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
AGENCY_COLUMNS = (
    "name",
    "name_key",
    "short_name",
    "kind",
    "parent_id",
    "address",
    "head_name",
    "head_nip",
    "ppk_name",
    "ppk_title",
    "active",
)


_AGENCY_DEFAULTS: dict[str, Any] = {
    "short_name": "",
    "kind": "lainnya",
    "parent_id": None,
    "address": "",
    "head_name": "",
    "head_nip": None,
    "ppk_name": "",
    "ppk_title": "",
    "active": True,
}


def agency_values(**values: Any) -> tuple[Any, ...]:
    """An agency's tuple in ``AGENCY_COLUMNS`` order from its values by name (name and
    name_key required; the rest defaults as the table does)."""
    merged = _AGENCY_DEFAULTS | values
    return tuple(merged[column] for column in AGENCY_COLUMNS)


def insert_agencies(
    executor: Executor,
    *,
    rows: Sequence[Sequence[Any]],
    stamp: WriteStamp,
    ids: Sequence[str] | None = None,
    audit: Sequence[dict[str, Any]] = (),
) -> list[str]:
    """Insert new agencies (tuples in ``AGENCY_COLUMNS`` order) and append ``audit``;
    returns their ids (``ids``, else new ones)."""
    return synced.insert_rows(executor, "agency", AGENCY_COLUMNS, rows, stamp, ids=ids, audit=audit)


def write_people(
    executor: Executor,
    *,
    stamp: WriteStamp,
    added: Sequence[Sequence[Any]] = (),
    added_ids: Sequence[str] = (),
    updated: Sequence[Sequence[Any]] = (),
    audit: Sequence[dict[str, Any]] = (),
    timings: dict[str, float] | None = None,
) -> None:
    """Inside an open write transaction: insert ``added`` (tuples in ``PERSON_COLUMNS``
    order) as new active people with ``added_ids``, rewrite ``updated`` (``(id, *values in
    PERSON_COLUMNS order)``: next revision, the stamp's clock), index them all, then append
    ``audit``. ``timings`` receives the seconds spent writing rows ("rows") and indexing
    ("index")."""
    started = written = time.perf_counter()
    conn = connection_of(executor)
    if added or updated:
        with search_index.deferred_index(conn) as pending:
            if added:
                synced.insert_rows(
                    conn,
                    "person",
                    ("active", *PERSON_COLUMNS),
                    [(True, *row) for row in added],
                    stamp,
                    ids=added_ids,
                )
                pending.added.extend(added_ids)
            if updated:
                synced.update_rows(conn, "person", PERSON_COLUMNS, updated, stamp)
                pending.changed.extend(row[0] for row in updated)
            written = time.perf_counter()
    indexed = time.perf_counter()
    synced.append_audit(conn, stamp, audit)
    if timings is not None:
        timings["rows"] = written - started
        timings["index"] = indexed - written

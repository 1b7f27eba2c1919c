"""Identifiers of synced rows: UUIDv7 text."""

from __future__ import annotations

import uuid

from netral_desktop.core.ids import new_id, new_ids


def test_bulk_ids_are_increasing_unique_uuid7() -> None:
    ids = new_ids(5000)
    parsed = [uuid.UUID(i) for i in ids]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in parsed)
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert [str(u) for u in parsed] == ids  # canonical lower-case text, dashes in place
    # One timestamp for the batch; a single id made later sorts after it.
    assert {i[:13] for i in ids} == {ids[0][:13]} and new_id() > ids[0][:8]
    assert new_ids(0) == []

"""Identifiers of synced rows: UUIDv7 text (time-ordered, so indexes stay compact)."""

from __future__ import annotations

from uuid6 import uuid7


def new_id() -> str:
    return str(uuid7())

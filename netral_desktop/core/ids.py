"""Identifiers of synced rows: UUIDv7 text (time-ordered, so indexes stay compact)."""

from __future__ import annotations

import os
import time

from uuid6 import uuid7


def new_id() -> str:
    return str(uuid7())


def new_ids(count: int) -> list[str]:
    """``count`` UUIDv7 ids for one bulk insert, in increasing order, about ten times faster
    than ``new_id`` in a loop: one timestamp and random start, then a counter in the 62
    random low bits (RFC 9562 §6.2, method 2)."""
    if count <= 0:
        return []
    millis = time.time_ns() // 1_000_000
    rand_a = int.from_bytes(os.urandom(2), "big") & 0x0FFF
    start = int.from_bytes(os.urandom(8), "big") >> 3  # below 2**61: room to count up
    high = (millis << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62)
    ids = []
    for i in range(count):
        h = f"{high | (start + i):032x}"
        ids.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}")
    return ids

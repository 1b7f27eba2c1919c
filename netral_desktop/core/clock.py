"""Time: a clock services receive explicitly, and a hybrid logical clock for sync order."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock for tests and demo data: returns a set time, moved by ``advance``."""

    def __init__(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        self._at += timedelta(**delta)


def iso_utc(moment: datetime) -> str:
    """``2024-05-14T03:04:05.123456Z``: sortable text of a UTC moment."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


_MAX_COUNTER = 9999


class HybridLogicalClock:
    """Stamps that never go backwards even when the wall clock does.

    A stamp is ``<iso_utc>#<counter:04d>``: it sorts as text, reads as a time, and the counter
    orders several changes within the same microsecond or after the wall clock stepped back.
    """

    def __init__(self, clock: Clock, last: str | None = None) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._last_wall = ""
        self._counter = 0
        if last:
            self.observe(last)

    def observe(self, stamp: str) -> None:
        """Move past a stamp seen elsewhere (another device's row, the latest row on disk)."""
        wall, _, counter = stamp.partition("#")
        with self._lock:
            if (wall, int(counter or 0)) > (self._last_wall, self._counter):
                self._last_wall, self._counter = wall, int(counter or 0)

    def stamp(self) -> str:
        wall = iso_utc(self._clock.now())
        with self._lock:
            if wall > self._last_wall:
                self._last_wall, self._counter = wall, 0
            elif self._counter < _MAX_COUNTER:
                self._counter += 1
            else:
                # The counter has four digits: rather than outgrow them (and stop sorting as
                # text), move the logical time on by a microsecond.
                later = parse_iso_utc(self._last_wall) + timedelta(microseconds=1)
                self._last_wall, self._counter = iso_utc(later), 0
            return f"{self._last_wall}#{self._counter:04d}"

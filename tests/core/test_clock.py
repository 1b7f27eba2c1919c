"""Clocks: the fixed test clock, UTC text stamps and the hybrid logical clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from netral_desktop.core.clock import (
    FixedClock,
    HybridLogicalClock,
    SystemClock,
    iso_utc,
    parse_iso_utc,
)

START = datetime(2024, 5, 14, 2, 0, tzinfo=UTC)
WIB = timezone(timedelta(hours=7))


def test_fixed_clock_returns_utc_and_moves_only_when_advanced() -> None:
    clock = FixedClock(datetime(2024, 5, 14, 9, 0, tzinfo=WIB))
    assert clock.now() == START
    assert clock.now().utcoffset() == timedelta(0)
    assert clock.now() == clock.now()
    clock.advance(minutes=15)
    assert clock.now() == START + timedelta(minutes=15)


def test_system_clock_is_aware_utc() -> None:
    now = SystemClock().now()
    assert now.utcoffset() == timedelta(0)
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)


def test_iso_utc_converts_to_utc_and_round_trips() -> None:
    local = datetime(2024, 5, 14, 9, 4, 5, 123456, tzinfo=WIB)
    text = iso_utc(local)
    assert text == "2024-05-14T02:04:05.123456Z"
    assert parse_iso_utc(text) == local


def test_iso_utc_text_sorts_like_time() -> None:
    moments = [START + timedelta(microseconds=n * 997_001) for n in range(0, 50)]
    texts = [iso_utc(m) for m in moments]
    assert sorted(texts) == texts


def test_stamps_increase_while_time_stands_still() -> None:
    hlc = HybridLogicalClock(FixedClock(START))
    stamps = [hlc.stamp() for _ in range(3)]
    assert stamps == [
        "2024-05-14T02:00:00.000000Z#0000",
        "2024-05-14T02:00:00.000000Z#0001",
        "2024-05-14T02:00:00.000000Z#0002",
    ]


def test_stamps_never_go_backwards_when_the_wall_clock_steps_back() -> None:
    clock = FixedClock(START)
    hlc = HybridLogicalClock(clock)
    first = hlc.stamp()
    clock.advance(hours=-1)
    second = hlc.stamp()
    assert second > first
    clock.advance(hours=2)
    third = hlc.stamp()
    assert third > second
    assert third.startswith(iso_utc(START + timedelta(hours=1)))


def test_stamps_move_past_a_stamp_seen_elsewhere() -> None:
    hlc = HybridLogicalClock(FixedClock(START))
    seen = "2024-05-14T05:00:00.000000Z#0007"
    hlc.observe(seen)
    assert hlc.stamp() > seen
    # An older stamp seen later changes nothing.
    hlc.observe("2020-01-01T00:00:00.000000Z#0000")
    assert hlc.stamp() > seen


def test_a_new_clock_continues_after_the_newest_stamp_on_disk() -> None:
    last = "2024-05-14T02:00:00.000000Z#0041"
    hlc = HybridLogicalClock(FixedClock(START), last)
    assert hlc.stamp() > last


def test_stamps_stay_in_text_order_past_ten_thousand_in_one_instant() -> None:
    # Bulk work (a roster import, demo data) stamps many rows while the clock stands still;
    # the stamps must still sort as text, or sync would order rows wrongly.
    hlc = HybridLogicalClock(FixedClock(START))
    stamps = [hlc.stamp() for _ in range(10_050)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert all(len(s) <= 40 for s in stamps)  # the updated_at column's width

"""Bulk work pauses the cyclic collector and always gives it back."""

from __future__ import annotations

import gc

import pytest

from netral_desktop.services.gc_pause import gc_paused


def test_the_collector_is_back_after_the_block_even_when_it_fails() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("bundle refused")
    assert gc.isenabled()


def test_a_nested_block_leaves_the_outer_pause_alone() -> None:
    with gc_paused():
        with gc_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()

"""Bulk work without the cyclic garbage collector.

An import, a sync merge or an export makes hundreds of thousands of short-lived containers
(rows, records, tuples) none of which form cycles, while it holds tens of thousands more (the
bundle's records). Every collection the allocations trigger walks all of them: measured, a
fifth of a roster import's database stage, a third of an export's row collection and most of
the time a merge spends recognising people. Reference counting still frees everything as
usual; cycles made meanwhile wait until the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No automatic cyclic collection within the block (process-wide: keep it to bounded
    work). Nested blocks, or a block on another thread, leave the collector as they found it
    when they began."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()

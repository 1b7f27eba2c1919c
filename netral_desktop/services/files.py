"""Writing files a person asked for (PDF, spreadsheets) to a folder or USB stick: all or
nothing, with a clear message when the stick is full or read-only (store/files.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netral_desktop.store.files import Prepared, explain, prepare_whole, write_whole

__all__ = ["Prepared", "explain_write_error", "prepare_whole", "write_file", "write_with"]


def write_file(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file, so a failure leaves no half file
    and an existing file untouched (StoreError with a message to show otherwise)."""
    return write_whole(Path(path), data)


def write_with(path: Path | str, save: Callable[[Any], object]) -> Path:
    """Write what ``save(stream)`` produces (openpyxl's ``Workbook.save``, PIL's
    ``Image.save``) to ``path``, whole or not at all: the library writes to memory first,
    so a full disk never meets a half-made file."""
    buffer = io.BytesIO()
    save(buffer)
    return write_whole(Path(path), buffer.getvalue())


def explain_write_error(path: Path, exc: OSError) -> str:
    """What a person reads when ``path`` could not be written (full, read-only, other)."""
    return explain(path, exc)

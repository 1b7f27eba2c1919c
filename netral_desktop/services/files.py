"""Writing files a person asked for (PDF, spreadsheets) to a folder or USB stick: all or
nothing, with a clear message when the stick is full or read-only."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from netral_desktop.core.errors import StoreError
from netral_desktop.i18n import _


def write_file(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file, so a failure leaves no half file
    and an existing file untouched."""
    folder = path.parent
    tmp_name = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".netral-", suffix=".part")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise StoreError(_explain(path, exc), code="write_failed") from exc
    finally:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
    return path


def explain_write_error(path: Path, exc: OSError) -> str:
    """What a person reads when ``path`` could not be written (full, read-only, other)."""
    return _explain(path, exc)


def _explain(path: Path, exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _(
            "Ruang penyimpanan di {folder} penuh: {path} tidak disimpan. Kosongkan sebagian "
            "ruang atau pilih tempat lain."
        ).format(folder=path.parent, path=path.name)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _(
            "{folder} tidak dapat ditulisi (hanya-baca atau tanpa izin): {path} tidak disimpan. "
            "Pilih tempat lain."
        ).format(folder=path.parent, path=path.name)
    return _("{path} tidak dapat disimpan: {reason}.").format(path=path, reason=exc.strerror or exc)

"""The one way the program writes a file: whole or not at all.

The bytes go to a temporary file beside the target (``.netral-*.part``), are written with
``os.write`` until all are down, ``os.fsync``ed, then renamed over the target (atomic on one
file system) and the folder is synced so the rename survives a power cut. A failure at any step
removes the temporary file, leaves any earlier file of that name untouched and raises a
StoreError whose Indonesian message says what to do (a full disk, a read-only or forbidden
folder). A crash (kill -9, power cut) between the steps can leave a ``.part`` file, never a
half-written target; ``netral check`` reports such files in the data folder and
``netral check --repair`` removes them.

Everything that writes a file goes through here: attachments and issued documents
(store/blobs.py), PDF and spreadsheet exports and saved mappings (services/files.py), the
local settings file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from netral_desktop.core.errors import StoreError
from netral_desktop.i18n import _

_T = TypeVar("_T")
TEMP_PREFIX = ".netral-"
TEMP_SUFFIX = ".part"
# Temporary names this and earlier versions of the program leave behind when killed mid-write
# (blobs used ``.<sha256>.<pid>.<thread>.tmp``, spreadsheets ``<name>.tmp``).
TEMP_SUFFIXES = (TEMP_SUFFIX, ".tmp")


def is_temporary_name(name: str) -> bool:
    return name.endswith(TEMP_SUFFIXES)


def write_whole(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` (mode 0600, the folder made if missing): all of it, or
    nothing and a StoreError."""
    return prepare_whole(path, data).commit()


class Prepared:
    """A file written whole under a temporary name beside ``path``, waiting to be put in
    place (``commit``) or thrown away (``discard``): the copy of a document that must appear
    only once the document is recorded. Killed in between, only a ``.part`` file is left."""

    def __init__(self, path: Path, tmp_name: str) -> None:
        self.path = path
        self._tmp: str | None = tmp_name

    def commit(self) -> Path:
        if self._tmp is None:
            raise RuntimeError("already committed or discarded")
        try:
            os.replace(self._tmp, self.path)
        except OSError as exc:
            self.discard()
            raise StoreError(explain(self.path, exc), code=_code(exc)) from exc
        self._tmp = None
        # The file is whole and in place: from here a failure must not be reported as "not
        # saved" (the caller would undo what it recorded while the file stays). Syncing the
        # folder makes the rename survive a power cut; where that fails (vfat, network
        # shares), the file itself was synced before it was renamed.
        with contextlib.suppress(OSError):
            sync_folder(self.path.parent)
        return self.path

    def discard(self) -> None:
        if self._tmp is not None:
            Path(self._tmp).unlink(missing_ok=True)
            self._tmp = None


def prepare_whole(path: Path, data: bytes) -> Prepared:
    """Write and fsync ``data`` under a temporary name beside ``path`` (a full disk or a
    read-only folder: StoreError, nothing left)."""
    path = Path(path)
    folder = path.parent
    tmp_name: str | None = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # private, whatever the umask
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        raise StoreError(explain(path, exc), code=_code(exc)) from exc
    return Prepared(path, tmp_name)


class _FdWriter:
    """``write`` straight to a file descriptor with ``os.write`` until every byte is down
    (no buffer between the caller and the disk: a full disk fails the write that met it)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]
        return len(data)


def prepare_streamed(
    folder: Path, fill: Callable[[BinaryIO], _T], *, shown: Path | None = None
) -> tuple[Prepared, _T]:
    """Write what ``fill(handle)`` writes (a large file, a chunk at a time) to a temporary
    file in ``folder``, fsynced; the Prepared's target is set before ``commit`` with
    ``prepared.path = ...`` (a content-addressed file's name is known only once it is
    written). A failure of the disk: StoreError naming ``shown`` (the file the person asked
    for), nothing left; of ``fill``: its error, nothing left."""
    folder = Path(folder)
    tmp_name: str | None = None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
        try:
            result = fill(_FdWriter(fd))  # type: ignore[arg-type]
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        raise StoreError(explain(shown or folder, exc), code=_code(exc)) from exc
    except BaseException:
        if tmp_name:
            Path(tmp_name).unlink(missing_ok=True)
        raise
    return Prepared(folder / Path(tmp_name).name, tmp_name), result


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles). Some
    file systems (vfat on a USB stick, network shares) refuse to fsync a folder."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _code(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "disk_full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "read_only"
    return "write_failed"


def explain(path: Path, exc: OSError) -> str:
    """What went wrong writing ``path`` and what to do, in words a clerk can act on."""
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

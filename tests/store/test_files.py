"""store/files.write_whole: the one writer of files is all-or-nothing."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from netral_desktop.core.errors import StoreError
from netral_desktop.store.files import write_whole


def _fail(code: int):  # type: ignore[no-untyped-def]
    def fail(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize("call", ["write", "fsync"])
def test_a_full_disk_leaves_the_earlier_file_and_no_temporary(
    call: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "rekap.xlsx"
    target.write_bytes(b"versi lama")
    monkeypatch.setattr(os, call, _fail(errno.ENOSPC))
    with pytest.raises(StoreError) as caught:
        write_whole(target, b"versi baru" * 1000)
    monkeypatch.undo()
    assert caught.value.code == "disk_full"
    assert "penuh" in str(caught.value)
    assert target.read_bytes() == b"versi lama"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rekap.xlsx"]


def test_short_writes_are_continued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: real(fd, bytes(data[:7])))
    data = bytes(range(256)) * 40
    write_whole(tmp_path / "a.pdf", data)
    monkeypatch.undo()
    assert (tmp_path / "a.pdf").read_bytes() == data


def test_a_folder_that_cannot_be_synced_still_gets_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # vfat sticks refuse to fsync a folder; the file was synced and renamed: it is saved.
    # (Reporting "not saved" here made the caller undo an issue whose PDF stayed behind.)
    real = os.fsync
    calls: list[int] = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) > 1:
            raise OSError(errno.EINVAL, "folder")
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_whole(tmp_path / "b.pdf", b"%PDF-1.4 utuh")
    monkeypatch.undo()
    assert len(calls) == 2
    assert (tmp_path / "b.pdf").read_bytes() == b"%PDF-1.4 utuh"


def test_the_file_is_private(tmp_path: Path) -> None:
    path = write_whole(tmp_path / "c.pdf", b"x")
    assert path.stat().st_mode & 0o777 == 0o600

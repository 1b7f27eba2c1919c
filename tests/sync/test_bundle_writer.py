"""The bundle writer: names, splitting under the size limit, cancel, free space, whole or
nothing on the stick."""

from __future__ import annotations

import os
import shutil
import threading
from collections import namedtuple
from pathlib import Path
from typing import Any

import pytest

from netral_desktop.sync import bundle
from tests.sync.bundle_samples import SCHEMAS, contents, keys, sha


def _write(out: Path, **kwargs):  # type: ignore[no-untyped-def]
    k = keys()
    options: dict[str, Any] = {
        "signing_key": k.office.signing,
        "recipients": [k.province.recipient, k.office.recipient],
        "out_dir": out,
        "verify_identity": k.office.age_identity,
    }
    options.update(kwargs.pop("options", {}))
    return bundle.write_bundle(contents(**kwargs), **options)


def _read(path: Path, last: bundle.SeenBundle | None = None) -> bundle.VerifiedBundle:
    k = keys()
    return bundle.read_bundle(
        path,
        trust=k.trust(),
        identity=k.province.age_identity,
        last_seen=last,
        schema_versions=SCHEMAS,
    )


def test_only_the_two_files_are_left_on_the_stick(tmp_path: Path) -> None:
    [written] = _write(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "34.02_000001_20261202T061038Z.netral",
        "34.02_000001_20261202T061038Z.netral.minisig",
    ]
    assert written.size == written.bundle.stat().st_size
    assert (written.records, written.files) == (28, 2)
    assert oct(written.bundle.stat().st_mode & 0o777) == "0o600"


def test_attachments_past_the_limit_go_into_a_chained_series(tmp_path: Path) -> None:
    big = [os.urandom(300_000) for _ in range(5)]
    written = _write(
        tmp_path,
        files=[(sha(b), b) for b in big],
        options={"max_size": 700_000},
    )
    assert [w.seq for w in written] == [1, 2, 3]
    assert all(w.size < 700_000 for w in written)
    got: dict[str, bytes] = {}
    last = None
    for w in written:
        with _read(w.bundle, last) as verified:
            assert verified.manifest.prev == (last.manifest_sha256 if last else None)
            # The rows travel in the first bundle only.
            assert bool(verified.tables()) == (w.seq == 1)
            for s in verified.attachments():
                with verified.open_attachment(s) as handle:
                    got[s] = handle.read()
        last = bundle.SeenBundle(w.seq, w.manifest_sha256)
    assert got == {sha(b): b for b in big}


def test_an_attachment_larger_than_any_bundle_is_refused_before_writing(tmp_path: Path) -> None:
    huge = os.urandom(200_000)
    with pytest.raises(bundle.BundleWriteError, match="lebih besar dari batas"):
        _write(tmp_path, files=[(sha(huge), huge)], options={"max_size": 100_000})
    assert list(tmp_path.iterdir()) == []


def test_no_room_on_the_stick_is_said_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda _p: usage(10_000, 9_000, 1_000))
    with pytest.raises(bundle.BundleWriteError, match="Ruang kosong") as failed:
        _write(tmp_path)
    assert failed.value.code == "disk_full"
    assert list(tmp_path.iterdir()) == []


def test_cancel_leaves_nothing_behind(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return len(seen) < 3

    with pytest.raises(bundle.BundleCancelled):
        _write(
            tmp_path,
            files=[(sha(b), b) for b in [os.urandom(3 << 20)]],
            options={"progress": progress},
        )
    assert list(tmp_path.iterdir()) == []
    assert len(seen) == 3


def test_progress_runs_up_to_the_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))

    _write(tmp_path, options={"progress": progress})
    dones = [d for d, _t in seen]
    assert dones == sorted(dones) and seen[-1][0] == seen[-1][1]


def test_a_damaged_attachment_in_the_data_folder_is_not_sent(tmp_path: Path) -> None:
    data = b"lampiran asli"
    stored = tmp_path / "blob"
    stored.write_bytes(b"lampiran RUSAK")
    with pytest.raises(bundle.BundleWriteError, match="tidak cocok"):
        _write(tmp_path / "usb", files=[(sha(data), stored)])
    assert list((tmp_path / "usb").iterdir()) == []


def test_rows_of_another_office_are_not_written(tmp_path: Path) -> None:
    from tests.sync.bundle_samples import row

    with pytest.raises(ValueError, match="origin"):
        _write(tmp_path, records={"person": [row(1, origin="34.03/x")]})


def test_an_existing_bundle_is_never_overwritten(tmp_path: Path) -> None:
    _write(tmp_path)
    with pytest.raises(bundle.BundleWriteError, match="sudah ada"):
        _write(tmp_path)
    assert len(list(tmp_path.iterdir())) == 2


def test_a_row_given_twice_is_not_written(tmp_path: Path) -> None:
    from tests.sync.bundle_samples import row

    with pytest.raises(ValueError, match="twice"):
        _write(tmp_path, records={"person": [row(1), row(2), row(1)]})
    assert list(tmp_path.iterdir()) == []


def _stick_that_changes_a_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing stick: what is read back differs, in one byte, from what was written (at
    1.5 MiB: read back while the rest is still written, by the quick read-back)."""
    read_at = bundle._read_at
    wrong = 3 << 19

    def read_other_bytes(handle, offset: int, size: int) -> bytes:  # type: ignore[no-untyped-def]
        data = read_at(handle, offset, size)
        if offset <= wrong < offset + len(data):
            at = wrong - offset
            data = data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]
        return data

    monkeypatch.setattr(bundle, "_read_at", read_other_bytes)
    monkeypatch.setattr(bundle, "_WRITEBACK_STEP", 1 << 20)


@pytest.mark.parametrize("full_check", [False, True], ids=["by-signature", "full"])
def test_a_stick_that_reads_back_other_bytes_keeps_no_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, full_check: bool
) -> None:
    _stick_that_changes_a_byte(monkeypatch)
    options = {} if full_check else {"verify_identity": None}
    with pytest.raises(bundle.BundleWriteError, match="tidak lolos pemeriksaan ulang"):
        _write(
            tmp_path / "usb",
            files=[(sha(b), b) for b in [os.urandom(3 << 20)]],
            options=options,
        )
    assert list((tmp_path / "usb").iterdir()) == []


def test_the_quick_read_back_reads_every_byte_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small steps: most of the file is read back while the rest is written, the tail after.
    monkeypatch.setattr(bundle, "_WRITEBACK_STEP", 1 << 20)
    read_again: list[tuple[int, int]] = []
    while_writing: list[int] = []
    read_at = bundle._read_at

    def counted(handle, offset: int, size: int) -> bytes:  # type: ignore[no-untyped-def]
        data = read_at(handle, offset, size)
        read_again.append((offset, len(data)))
        if threading.current_thread().name == "bundle-flush":
            while_writing.append(len(data))
        return data

    monkeypatch.setattr(bundle, "_read_at", counted)
    [written] = _write(
        tmp_path,
        files=[(sha(b), b) for b in [os.urandom(3 << 20)]],
        options={"verify_identity": None},
    )
    # Every byte once, in order, from the start to the end.
    position = 0
    for offset, size in sorted(read_again):
        assert offset == position
        position += size
    assert position == written.size
    assert sum(while_writing) >= 3 << 20  # read back while the rest was written
    with _read(written.bundle) as verified:
        assert verified.seq == 1


def test_a_stick_that_cannot_be_read_back_keeps_no_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle, "_WRITEBACK_STEP", 1 << 20)

    def unreadable(handle, offset: int, size: int) -> bytes:  # type: ignore[no-untyped-def]
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(bundle, "_read_at", unreadable)
    with pytest.raises(bundle.BundleWriteError, match="tidak dapat dibaca ulang"):
        _write(
            tmp_path / "usb",
            files=[(sha(b), b) for b in [os.urandom(3 << 20)]],
            options={"verify_identity": None},
        )
    assert list((tmp_path / "usb").iterdir()) == []

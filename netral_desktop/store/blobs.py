"""Content-addressed files in the data folder: stored under their own SHA-256, never changed.

``netral check`` re-hashes every file named by a SHA-256 under attachments/.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import BinaryIO

from netral_desktop.config import HomeLayout
from netral_desktop.store.files import Prepared, prepare_streamed, write_whole

_CHUNK = 1 << 20

SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_path(layout: HomeLayout, sha256: str) -> Path:
    if not SHA256_RE.match(sha256):
        raise ValueError(f"not a SHA-256: {sha256!r}")
    return layout.attachments / sha256[:2] / sha256


def put_bytes(layout: HomeLayout, data: bytes) -> str:
    """Store ``data`` (once; a second copy is not written) and return its SHA-256."""
    digest = sha256_hex(data)
    path = blob_path(layout, digest)
    if path.exists() and path.stat().st_size == len(data):
        return digest
    write_whole(path, data)  # a full disk: StoreError, and no file at all
    return digest


def read_bytes(layout: HomeLayout, sha256: str) -> bytes | None:
    try:
        return blob_path(layout, sha256).read_bytes()
    except FileNotFoundError:
        return None


def place(layout: HomeLayout, prepared: Prepared, sha256: str) -> Path:
    """Put a streamed file (store/files.py ``prepare_streamed``) in place under its hash, or
    throw it away when that file is already stored (the bytes are kept once)."""
    path = blob_path(layout, sha256)
    if path.is_file():
        prepared.discard()
        return path
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    prepared.path = path
    return prepared.commit()


def put_stream(layout: HomeLayout, source: BinaryIO, *, expect_sha256: str) -> bool:
    """Store what ``source`` holds, a megabyte at a time (a 200 MB recording never sits in
    memory), if its SHA-256 is ``expect_sha256``: True when stored (or already there), False
    when the bytes are other than their name says (nothing is left)."""
    if blob_path(layout, expect_sha256).is_file():
        return True

    def copy(target: BinaryIO) -> str:
        digest = hashlib.sha256()
        while chunk := source.read(_CHUNK):
            digest.update(chunk)
            target.write(chunk)
        return digest.hexdigest()

    prepared, digest = prepare_streamed(layout.attachments, copy)
    if digest != expect_sha256:
        prepared.discard()
        return False
    place(layout, prepared, digest)
    return True

"""Encryption at rest with the office data key (design.md §3, domain.md "Personal data").

Reporter and witness identities and evidence marked confidential are kept sealed: AES-256-GCM
under a key derived (HKDF-SHA256) from the office's data key for one *purpose* ("case_party",
"evidence", ...), so a key for one kind of data never opens another. A sealed value is

    version (1 byte) | nonce (12 random bytes) | ciphertext | GCM tag (16 bytes)

with the version byte and the purpose as associated data: the bytes moved to another purpose,
altered, truncated, or opened with another office's key raise ``VerificationFailed``.

The data key lives in the installation's key store (the OS keyring, or the passphrase key
file); the derived keys are cached in this process's memory only, never written anywhere.
Large files (evidence recordings) are sealed and opened as streams, a megabyte at a time, in
the same format (``seal_stream`` / ``open_stream``).
"""

from __future__ import annotations

import json
import os
import re
import threading
from typing import Any, BinaryIO

from netral_desktop.core.errors import KeyStoreError, VerificationFailed
from netral_desktop.i18n import _
from netral_desktop.services.context import ServiceContext

VERSION = 1
NONCE_BYTES = 12
TAG_BYTES = 16
HEADER_BYTES = 1 + NONCE_BYTES
OVERHEAD = HEADER_BYTES + TAG_BYTES  # what sealing adds to the plain bytes
CHUNK = 1 << 20
_SALT = b"netral-desktop/at-rest/v1"
_PURPOSE = re.compile(r"^[a-z][a-z0-9_.:-]{0,63}$")

# (installation id, data key id, purpose) -> derived key. In memory only.
_KEYS: dict[tuple[str, str, str], bytes] = {}
_KEYS_LOCK = threading.Lock()


def forget_keys() -> None:
    """Drop the derived keys from this process's memory (logging out; a key restored)."""
    with _KEYS_LOCK:
        _KEYS.clear()


def _check_purpose(purpose: str) -> bytes:
    if not _PURPOSE.match(purpose):
        raise ValueError(f"not a purpose name: {purpose!r}")
    return purpose.encode("ascii")


def _data_key(ctx: ServiceContext) -> bytes:
    from netral_desktop.services.setup import DATA_KEY, data_key_id, open_key_store

    key = open_key_store(ctx).get(DATA_KEY)
    if key is None:
        raise KeyStoreError(
            _(
                "Kunci data kantor tidak ada di penyimpan kunci, sehingga data rahasia tidak "
                "dapat dibuka atau disimpan. Pulihkan kunci dengan 'netral keys restore' dari "
                "cadangan kunci kantor."
            ),
            code="data_key_missing",
        )
    if data_key_id(key) != ctx.meta.get("data_key_id"):
        raise VerificationFailed(
            _(
                "Kunci data di penyimpan kunci bukan kunci basis data ini, sehingga data "
                "rahasia tidak dapat dibuka. Pulihkan kunci kantor yang benar dengan "
                "'netral keys restore'."
            )
        )
    return key


def _purpose_key(ctx: ServiceContext, purpose: str) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    info = _check_purpose(purpose)
    slot = (ctx.meta.get("installation_id", ""), ctx.meta.get("data_key_id", ""), purpose)
    with _KEYS_LOCK:
        cached = _KEYS.get(slot)
    if cached is not None:
        return cached
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=_SALT, info=info).derive(
        _data_key(ctx)
    )
    with _KEYS_LOCK:
        _KEYS[slot] = derived
    return derived


def _associated(version: int, purpose: str) -> bytes:
    return bytes([version]) + b"netral-at-rest:" + _check_purpose(purpose)


def _altered() -> VerificationFailed:
    return VerificationFailed(
        _(
            "Data rahasia tidak dapat dibuka: isinya berubah, terpotong, atau disegel dengan "
            "kunci kantor lain. Tidak ada yang diubah; pulihkan dari cadangan bila perlu."
        )
    )


def seal_bytes(ctx: ServiceContext, data: bytes, *, purpose: str) -> bytes:
    """``data`` sealed for ``purpose`` with the office data key (a fresh nonce each time)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = _purpose_key(ctx, purpose)
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, bytes(data), _associated(VERSION, purpose))
    return bytes([VERSION]) + nonce + sealed


def open_bytes(ctx: ServiceContext, sealed: bytes, *, purpose: str) -> bytes:
    """The plain bytes of ``sealed``; VerificationFailed when it was altered, belongs to
    another purpose or was sealed under another key."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(sealed) < OVERHEAD or sealed[0] != VERSION:
        raise _altered()
    key = _purpose_key(ctx, purpose)
    nonce = sealed[1:HEADER_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, sealed[HEADER_BYTES:], _associated(VERSION, purpose))
    except InvalidTag:
        raise _altered() from None


def seal_json(ctx: ServiceContext, value: Any, *, purpose: str) -> bytes:
    """A JSON value (an identity: name, NIK, address...) sealed for ``purpose``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return seal_bytes(ctx, text.encode("utf-8"), purpose=purpose)


def open_json(ctx: ServiceContext, sealed: bytes, *, purpose: str) -> Any:
    plain = open_bytes(ctx, sealed, purpose=purpose)
    try:
        return json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _altered() from None


def seal_stream(
    ctx: ServiceContext, source: BinaryIO, target: BinaryIO, *, purpose: str
) -> tuple[int, int]:
    """Seal everything read from ``source`` into ``target``, a megabyte at a time (a 200 MB
    recording never sits in memory whole). Returns (plain bytes read, sealed bytes written).
    The result opens with ``open_bytes`` as well as ``open_stream``."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    key = _purpose_key(ctx, purpose)
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.AES(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(_associated(VERSION, purpose))
    target.write(bytes([VERSION]) + nonce)
    read = 0
    while chunk := source.read(CHUNK):
        read += len(chunk)
        target.write(encryptor.update(chunk))
    target.write(encryptor.finalize())
    target.write(encryptor.tag)
    return read, read + OVERHEAD


def open_stream(ctx: ServiceContext, source: BinaryIO, target: BinaryIO, *, purpose: str) -> int:
    """Open a sealed stream (a seekable file) into ``target``, a megabyte at a time; returns
    the plain size. The tag is checked at the end: on VerificationFailed the caller must
    throw away what was written to ``target``."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    total = source.seek(0, os.SEEK_END)
    source.seek(0)
    header = source.read(HEADER_BYTES)
    if total < OVERHEAD or len(header) != HEADER_BYTES or header[0] != VERSION:
        raise _altered()
    source.seek(total - TAG_BYTES)
    tag = source.read(TAG_BYTES)
    source.seek(HEADER_BYTES)
    key = _purpose_key(ctx, purpose)
    decryptor = Cipher(algorithms.AES(key), modes.GCM(header[1:], tag)).decryptor()
    decryptor.authenticate_additional_data(_associated(VERSION, purpose))
    left = total - OVERHEAD
    while left > 0:
        chunk = source.read(min(CHUNK, left))
        if not chunk:
            raise _altered()
        left -= len(chunk)
        target.write(decryptor.update(chunk))
    try:
        target.write(decryptor.finalize())
    except InvalidTag:
        raise _altered() from None
    return total - OVERHEAD


def require_data_key(ctx: ServiceContext) -> None:
    """Refuse early (before a file is copied, a form is saved) when the data key cannot be
    read: KeyStoreError, ValidationError or VerificationFailed saying what to do."""
    _purpose_key(ctx, "probe")

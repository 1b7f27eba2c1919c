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

Another office's values (a district's case merged at the province) open with that office's
purpose keys, which its bundles carry encrypted to the province alone (services/peer_keys.py)
and which are kept sealed under this office's own key (``peer_key`` table): the opening
functions take ``office=`` (the office whose seal it is; its keys are tried newest first).
Sealing always uses this office's own key.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Callable
from typing import Any, BinaryIO, TypeVar

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

PEER_KEY_PURPOSE = "peer_key"  # another office's key, sealed under this office's own

# (installation id, data key id, purpose) -> derived key. In memory only.
_KEYS: dict[tuple[str, str, str], bytes] = {}
# (installation id, office code, purpose) -> that office's keys, newest first. In memory only.
_PEER_KEYS: dict[tuple[str, str, str], tuple[bytes, ...]] = {}
_KEYS_LOCK = threading.Lock()
_T = TypeVar("_T")


def forget_keys() -> None:
    """Drop the derived keys from this process's memory (logging out; a key restored)."""
    with _KEYS_LOCK:
        _KEYS.clear()
        _PEER_KEYS.clear()


def forget_peer_keys(office: str | None = None) -> None:
    """Drop other offices' keys (all, or ``office``'s) from memory: new ones were received."""
    with _KEYS_LOCK:
        for slot in [s for s in _PEER_KEYS if office is None or s[1] == office]:
            del _PEER_KEYS[slot]


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


def office_of(origin: str) -> str:
    """The office code of a row's origin ("34.02/ab12cd34" -> "34.02")."""
    return origin.split("/", 1)[0]


def _is_own(ctx: ServiceContext, office: str | None) -> bool:
    return not office or office == office_of(ctx.origin)


def _peer_slot(ctx: ServiceContext, office: str, purpose: str) -> tuple[str, str, str]:
    return (ctx.meta.get("installation_id", ""), office, purpose)


def peer_keys(
    ctx: ServiceContext, office: str, purpose: str, *, fresh: bool = False
) -> tuple[bytes, ...]:
    """``office``'s keys for ``purpose`` received here, newest first (none: empty). Each is
    unsealed with this office's own key, and must name the office, purpose and data key of
    its row (a row moved to another office's place does not open)."""
    import base64
    import binascii

    from netral_desktop.store import peer_keys as store

    _check_purpose(purpose)
    slot = _peer_slot(ctx, office, purpose)
    if not fresh:
        with _KEYS_LOCK:
            cached = _PEER_KEYS.get(slot)
        if cached is not None:
            return cached
    with ctx.db.read_session() as session:
        rows = store.keys_for(session, office_code=office, purpose=purpose)
    keys: list[bytes] = []
    for key_id, stored in rows:
        try:
            sealed = base64.b64decode(stored.encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise _altered() from None
        value = open_json(ctx, sealed, purpose=PEER_KEY_PURPOSE)
        expected = {"office": office, "purpose": purpose, "data_key_id": key_id}
        if not isinstance(value, dict) or {k: value.get(k) for k in expected} != expected:
            raise _altered()
        try:
            key = base64.b64decode(str(value.get("key", "")).encode("ascii"), validate=True)
        except (binascii.Error, ValueError, UnicodeEncodeError):
            raise _altered() from None
        if len(key) != 32:
            raise _altered()
        keys.append(key)
    found = tuple(keys)
    with _KEYS_LOCK:
        if found:
            _PEER_KEYS[slot] = found
        else:
            _PEER_KEYS.pop(slot, None)
    return found


def can_open(ctx: ServiceContext, office: str | None, purpose: str) -> bool:
    """Whether values ``office`` sealed for ``purpose`` can be opened here: this office's own,
    or another's whose key its bundle brought."""
    return _is_own(ctx, office) or bool(peer_keys(ctx, str(office), purpose))


def no_peer_key(office: str) -> VerificationFailed:
    return VerificationFailed(
        _(
            "Data rahasia ini disegel dengan kunci kantor {office}, dan kuncinya belum "
            "diterima di sini. Mintalah kantor tersebut mengirim bundel baru; kuncinya ikut "
            "di dalamnya."
        ).format(office=office),
        code="peer_key_missing",
    )


def _with_keys(
    ctx: ServiceContext, purpose: str, office: str | None, attempt: Callable[[bytes], _T]
) -> _T:
    """``attempt(key)`` with the key of the office that sealed the value: this office's own,
    or each of ``office``'s keys in turn (newest first, then any received since they were
    cached). ``attempt`` raises InvalidTag for a key that does not fit."""
    from cryptography.exceptions import InvalidTag

    if _is_own(ctx, office):
        try:
            return attempt(_purpose_key(ctx, purpose))
        except InvalidTag:
            raise _altered() from None
    assert office is not None
    tried: set[bytes] = set()
    for fresh in (False, True):
        for key in peer_keys(ctx, office, purpose, fresh=fresh):
            if key in tried:
                continue
            tried.add(key)
            try:
                return attempt(key)
            except InvalidTag:
                continue
    if not tried:
        raise no_peer_key(office)
    raise _altered()


def purpose_key(ctx: ServiceContext, purpose: str) -> bytes:
    """This office's derived key for ``purpose``: only for sending to the province inside a
    bundle, encrypted to it alone (services/peer_keys.py). Never the data key itself."""
    return _purpose_key(ctx, purpose)


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


def open_bytes(
    ctx: ServiceContext, sealed: bytes, *, purpose: str, office: str | None = None
) -> bytes:
    """The plain bytes of ``sealed``; VerificationFailed when it was altered, belongs to
    another purpose or was sealed under another key. ``office``: the office that sealed it
    (default this one); another office's value opens with the keys its bundles brought."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(sealed) < OVERHEAD or sealed[0] != VERSION:
        raise _altered()
    nonce = sealed[1:HEADER_BYTES]
    associated = _associated(VERSION, purpose)
    return _with_keys(
        ctx,
        purpose,
        office,
        lambda key: AESGCM(key).decrypt(nonce, sealed[HEADER_BYTES:], associated),
    )


def seal_json(ctx: ServiceContext, value: Any, *, purpose: str) -> bytes:
    """A JSON value (an identity: name, NIK, address...) sealed for ``purpose``."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return seal_bytes(ctx, text.encode("utf-8"), purpose=purpose)


def open_json(
    ctx: ServiceContext, sealed: bytes, *, purpose: str, office: str | None = None
) -> Any:
    plain = open_bytes(ctx, sealed, purpose=purpose, office=office)
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


def open_stream(
    ctx: ServiceContext,
    source: BinaryIO,
    target: BinaryIO,
    *,
    purpose: str,
    office: str | None = None,
) -> int:
    """Open a sealed stream (a seekable file) into ``target``, a megabyte at a time; returns
    the plain size. The tag is checked at the end: on VerificationFailed the caller must
    throw away what was written to ``target``. ``office`` as for ``open_bytes``."""
    from cryptography.exceptions import InvalidTag

    total = source.seek(0, os.SEEK_END)
    source.seek(0)
    header = source.read(HEADER_BYTES)
    if total < OVERHEAD or len(header) != HEADER_BYTES or header[0] != VERSION:
        raise _altered()
    source.seek(total - TAG_BYTES)
    tag = source.read(TAG_BYTES)

    def into(out: Any) -> Callable[[bytes], int]:
        return lambda key: _open_stream_with(key, source, out, header, tag, total, purpose)

    if _is_own(ctx, office):
        return _with_keys(ctx, purpose, office, into(target))
    assert office is not None
    keys = peer_keys(ctx, office, purpose)
    if len(keys) == 1:
        # The usual case, one key: straight into ``target`` (a key received since it was
        # cached is found next time).
        try:
            return into(target)(keys[0])
        except InvalidTag:
            forget_peer_keys(office)
            raise _altered() from None

    # Several keys (or none cached): find the one that fits without writing, then open.
    class _Nowhere:
        def write(self, data: bytes) -> int:
            return len(data)

    fits: list[bytes] = []

    def probe(key: bytes) -> int:
        size = into(_Nowhere())(key)
        fits.append(key)
        return size

    _with_keys(ctx, purpose, office, probe)
    try:
        return into(target)(fits[0])
    except InvalidTag:  # the file changed in between
        raise _altered() from None


def _open_stream_with(
    key: bytes,
    source: BinaryIO,
    target: Any,
    header: bytes,
    tag: bytes,
    total: int,
    purpose: str,
) -> int:
    """One pass over ``source`` with ``key``; InvalidTag when the key or the bytes are wrong."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    source.seek(HEADER_BYTES)
    decryptor = Cipher(algorithms.AES(key), modes.GCM(header[1:], tag)).decryptor()
    decryptor.authenticate_additional_data(_associated(VERSION, purpose))
    left = total - OVERHEAD
    while left > 0:
        chunk = source.read(min(CHUNK, left))
        if not chunk:
            raise _altered()
        left -= len(chunk)
        target.write(decryptor.update(chunk))
    target.write(decryptor.finalize())
    return total - OVERHEAD


def require_data_key(ctx: ServiceContext) -> None:
    """Refuse early (before a file is copied, a form is saved) when the data key cannot be
    read: KeyStoreError, ValidationError or VerificationFailed saying what to do."""
    _purpose_key(ctx, "probe")

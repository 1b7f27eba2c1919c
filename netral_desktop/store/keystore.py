"""Secrets at rest: the OS keyring, or (only when chosen explicitly) a passphrase-protected file.

Entries are named per installation (office code and the data folder's installation id), so
several data folders on one machine never share or overwrite each other's secrets.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, Protocol, TypeVar

from netral_desktop.core.errors import KeyStoreError, KeyStoreUnavailable
from netral_desktop.i18n import _

KEYRING = "keyring"
FILE = "file"
# Secrets held by this process only, gone when it exits: for tests and throw-away offices,
# never offered on the command line or in the window.
MEMORY = "memory"
KEY_FILE_FORMAT = "netral-keyfile-1"

# The secrets of one installation, by their names in its key store: the one list that key
# backup and restore carry (a secret added to the program is added here).
DATA_KEY = "data-key"  # encrypts confidential fields and attachments at rest
SIGNING_KEY = "signing-key"  # the office's Ed25519 (minisign) key: key id and seed
AGE_IDENTITY = "age-identity"  # the office's age X25519 identity (AGE-SECRET-KEY-1...)
AUDIT_KEY = "audit-key"  # the audit chain's HMAC key
DB_PASSWORD = "db-password"  # the PostgreSQL server's password, where there is one
# The age identities the office had before its key rotations, newest first, one a line: what
# was encrypted to an old recipient (bundles on their way, older backups) still opens.
PREVIOUS_AGE_IDENTITIES = "previous-age-identities"
# Their public signing keys likewise (base64, as minisign -P takes them): a backup signed
# before a rotation is still recognised as this office's. Kept here, not in the data folder,
# so nobody with the folder alone can add a key of theirs.
PREVIOUS_SIGNING_KEYS = "previous-signing-keys"
INSTALLATION_SECRETS = (
    DATA_KEY,
    SIGNING_KEY,
    AGE_IDENTITY,
    AUDIT_KEY,
    DB_PASSWORD,
    PREVIOUS_AGE_IDENTITIES,
    PREVIOUS_SIGNING_KEYS,
)
# scrypt cost: about 0.1 s and 16 MiB on an office laptop, per unlock.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1

_P = ParamSpec("_P")
_T = TypeVar("_T")


class KeyStore(Protocol):
    kind: str

    def get(self, name: str) -> bytes | None: ...

    def put(self, name: str, value: bytes) -> None: ...

    def delete(self, name: str) -> None: ...


def service_name(office_code: str, installation_id: str) -> str:
    return f"netral-desktop/{office_code}/{installation_id}"


def keyring_available() -> tuple[bool, str]:
    """Whether a usable OS keyring exists, and the backend's name (for messages)."""
    import keyring
    from keyring.backends import chainer, fail

    backend = keyring.get_keyring()
    name = type(backend).__module__ + "." + type(backend).__name__
    if isinstance(backend, fail.Keyring):
        return False, name
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return False, name
    return backend.priority > 0, name


def keyring_unavailable_error() -> KeyStoreUnavailable:
    return KeyStoreUnavailable(
        _(
            "Keyring sistem operasi tidak tersedia, jadi kunci data tidak dapat disimpan dengan "
            "aman. Nyalakan keyring (GNOME Keyring/KWallet di Linux, Credential Manager di "
            "Windows, Keychain di macOS), atau pilih berkas kunci berkata sandi dengan "
            "'--key-store file --passphrase-env NAMA_VARIABEL'. Tidak ada yang disimpan."
        )
    )


class KeyringKeyStore:
    kind = KEYRING

    def __init__(self, office_code: str, installation_id: str) -> None:
        self.service = service_name(office_code, installation_id)

    @classmethod
    def for_service(cls, service: str) -> KeyringKeyStore:
        """The store of an installation known by its keyring service name."""
        store = cls.__new__(cls)
        store.service = service
        return store

    def _call(self, fn: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T:
        import keyring.errors

        try:
            return fn(*args, **kwargs)
        except keyring.errors.KeyringError as exc:
            raise KeyStoreError(
                _(
                    "Keyring sistem operasi menolak permintaan: {reason}. Buka kunci keyring "
                    "lalu coba lagi."
                ).format(reason=exc)
            ) from exc

    def get(self, name: str) -> bytes | None:
        import keyring

        value = self._call(keyring.get_password, self.service, name)
        return base64.b64decode(value) if value is not None else None

    def put(self, name: str, value: bytes) -> None:
        import keyring

        self._call(keyring.set_password, self.service, name, base64.b64encode(value).decode())

    def delete(self, name: str) -> None:
        import keyring
        import keyring.errors

        def delete_if_present() -> None:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(self.service, name)

        self._call(delete_if_present)


class MemoryKeyStore:
    """Secrets in this process's memory, per installation (tests use it instead of the OS
    keyring unless they test the keyring itself)."""

    kind = MEMORY
    _vaults: dict[str, dict[str, bytes]] = {}

    def __init__(self, office_code: str, installation_id: str) -> None:
        self.service = service_name(office_code, installation_id)
        self._vault = self._vaults.setdefault(self.service, {})

    def get(self, name: str) -> bytes | None:
        return self._vault.get(name)

    def put(self, name: str, value: bytes) -> None:
        self._vault[name] = bytes(value)

    def delete(self, name: str) -> None:
        self._vault.pop(name, None)


class PassphraseFileKeyStore:
    """Secrets in one file, sealed with AES-256-GCM under a key derived by scrypt."""

    kind = FILE

    def __init__(self, path: Path, passphrase: str) -> None:
        if not passphrase:
            raise KeyStoreError(_("Kata sandi berkas kunci kosong."))
        self.path = path
        self._passphrase = passphrase.encode("utf-8")
        # The key derived for the file's current salt: scrypt runs once per unlock, not once
        # per secret read (the file is still read fresh each time).
        self._derived: tuple[bytes, bytes] | None = None

    def _derive(self, salt: bytes) -> bytes:
        from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

        if self._derived is not None and self._derived[0] == salt:
            return self._derived[1]
        key = Scrypt(salt=salt, length=32, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P).derive(
            self._passphrase
        )
        self._derived = (salt, key)
        return key

    def unlock(self) -> PassphraseFileKeyStore:
        """Check the passphrase against the file (KeyStoreError when wrong) and keep this
        store for the rest of the process, so later reads need no passphrase."""
        self._load()
        _UNLOCKED[self.path.resolve()] = self
        return self

    def _load(self) -> dict[str, str]:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not self.path.exists():
            return {}
        try:
            envelope = json.loads(self.path.read_text(encoding="utf-8"))
            if envelope.get("format") != KEY_FILE_FORMAT:
                raise ValueError("format")
            salt = base64.b64decode(envelope["salt"], validate=True)
            nonce = base64.b64decode(envelope["nonce"], validate=True)
            sealed = base64.b64decode(envelope["ciphertext"], validate=True)
            if not salt or len(nonce) != 12:
                raise ValueError("salt or nonce size")
        except (ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
            raise KeyStoreError(
                _("Berkas kunci {path} rusak atau bukan berkas kunci Netral Desktop.").format(
                    path=self.path
                )
            ) from exc
        try:
            plain = AESGCM(self._derive(salt)).decrypt(nonce, sealed, KEY_FILE_FORMAT.encode())
        except InvalidTag as exc:
            raise KeyStoreError(
                _("Kata sandi berkas kunci salah. Tidak ada yang diubah; coba lagi."),
                code="keyfile_wrong_passphrase",
            ) from exc
        secrets: dict[str, str] = json.loads(plain)
        return secrets

    def _save(self, secrets: dict[str, str]) -> None:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        salt, nonce = os.urandom(16), os.urandom(12)
        sealed = AESGCM(self._derive(salt)).encrypt(
            nonce, json.dumps(secrets).encode(), KEY_FILE_FORMAT.encode()
        )
        envelope = {
            "format": KEY_FILE_FORMAT,
            "kdf": {"name": "scrypt", "n": _SCRYPT_N, "r": _SCRYPT_R, "p": _SCRYPT_P},
            "cipher": "AES-256-GCM",
            "salt": base64.b64encode(salt).decode(),
            "nonce": base64.b64encode(nonce).decode(),
            "ciphertext": base64.b64encode(sealed).decode(),
        }
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(envelope, indent=2), encoding="utf-8")
        os.chmod(tmp, 0o600)
        os.replace(tmp, self.path)

    def get(self, name: str) -> bytes | None:
        value = self._load().get(name)
        return base64.b64decode(value) if value is not None else None

    def put(self, name: str, value: bytes) -> None:
        secrets = self._load()
        secrets[name] = base64.b64encode(value).decode()
        self._save(secrets)

    def delete(self, name: str) -> None:
        secrets = self._load()
        if secrets.pop(name, None) is not None:
            self._save(secrets)


# Key files unlocked in this process (the window asks the passphrase once, at login).
_UNLOCKED: dict[Path, PassphraseFileKeyStore] = {}


def unlocked_file_store(path: Path) -> PassphraseFileKeyStore | None:
    """The key file at ``path`` if this process has unlocked it, else None."""
    return _UNLOCKED.get(path.resolve())


def alias_unlocked(alias: Path, source: Path) -> None:
    """A scratch folder this process opens (a backup being checked) reads its secrets from the
    office's unlocked key file at ``source``; nothing is copied."""
    unlocked = unlocked_file_store(source)
    if unlocked is not None:
        _UNLOCKED[alias.resolve()] = unlocked


def forget_unlocked() -> None:
    """Lock every key file again (logging out of the window)."""
    _UNLOCKED.clear()

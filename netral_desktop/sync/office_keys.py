"""The office's keys (a minisign Ed25519 signing key and an age X25519 identity), the
passphrase-protected key backup file, and age encryption of streams to the office.

The key backup is one ZIP archive whose members are the standard tools' own files, so an office
that has lost the program can still sign and decrypt with ``minisign`` and ``age``:

    BACA-SAYA.txt            what the file is and how to use it (Indonesian, then English)
    office.pub               the minisign public key
    office.age.txt           the age recipient (public)
    office.minisign.key      the minisign secret key, scrypt-encrypted with the passphrase
    office-identity.age      the age identity file, encrypted with age's passphrase mode
    secrets.json.age         the installation's other secrets (data key, audit key, ...),
                             encrypted to the office's age recipient
    secrets.json.age.minisig its minisign signature by the office key

A ZIP because every office computer opens one without installing anything, and each member stays
a plain file the tools read directly. The archive itself is not encrypted: every secret member
is protected by the passphrase (the two key files) or by the passphrase-protected identity
(secrets.json.age), and the signature stops anyone who lacks the passphrase from swapping in
secrets of their own (anyone can encrypt to a public recipient, nobody else can sign).
"""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, cast

from netral_desktop.sync import minisign

if TYPE_CHECKING:
    import pyrage
    from typing_extensions import Buffer  # collections.abc.Buffer from Python 3.12

BACKUP_FORMAT = "netral-key-backup"
BACKUP_FORMAT_VERSION = 1
README = "BACA-SAYA.txt"
PUBLIC_KEY = "office.pub"
RECIPIENT = "office.age.txt"
SECRET_KEY = "office.minisign.key"
IDENTITY = "office-identity.age"
SECRETS = "secrets.json.age"
SECRETS_SIG = SECRETS + ".minisig"
MEMBERS = (README, PUBLIC_KEY, RECIPIENT, SECRET_KEY, IDENTITY, SECRETS, SECRETS_SIG)
_MAX_MEMBER = 1 << 20  # a key backup is a few kilobytes; anything bigger is not one of ours


class KeyBackupError(ValueError):
    """Not a key backup, a damaged one, or a wrong passphrase (``wrong_passphrase``)."""

    def __init__(self, message: str, *, wrong_passphrase: bool = False) -> None:
        super().__init__(message)
        self.wrong_passphrase = wrong_passphrase


@dataclass(frozen=True)
class OfficeKeys:
    signing: minisign.SecretKey
    age_identity: str  # "AGE-SECRET-KEY-1..."
    # Identities replaced by key rotations (newest first): kept only to decrypt what was
    # encrypted to them; nothing new is encrypted to them.
    previous_identities: tuple[str, ...] = ()
    previous_public: tuple[minisign.PublicKey, ...] = ()  # likewise, to check old signatures

    @property
    def identities(self) -> list[str]:
        """Every identity that may open a file sent to this office, the current one first."""
        return [self.age_identity, *self.previous_identities]

    @classmethod
    def generate(cls) -> OfficeKeys:
        import pyrage

        return cls(minisign.SecretKey.generate(), str(pyrage.x25519.Identity.generate()))

    @classmethod
    def from_stored(cls, signing: bytes, age_identity: bytes) -> OfficeKeys:
        """The keys as the key store holds them (checked: ValueError if malformed)."""
        import pyrage

        identity = age_identity.decode("ascii")
        pyrage.x25519.Identity.from_str(identity)
        return cls(minisign.SecretKey.from_raw(signing), identity)

    def stored(self) -> dict[str, bytes]:
        from netral_desktop.store import keystore

        return {
            keystore.SIGNING_KEY: self.signing.raw(),
            keystore.AGE_IDENTITY: self.age_identity.encode("ascii"),
        }

    @property
    def public(self) -> minisign.PublicKey:
        return self.signing.public()

    @property
    def recipient(self) -> str:
        import pyrage

        return str(pyrage.x25519.Identity.from_str(self.age_identity).to_public())

    def identity_file_text(self, created_at: str) -> str:
        """The identity as age-keygen writes it (comments, then the key)."""
        return f"# created: {created_at}\n# public key: {self.recipient}\n{self.age_identity}\n"


def check_recipient(text: str) -> str:
    """An age X25519 recipient (``age1...``), or ValueError."""
    import pyrage

    try:
        return str(pyrage.x25519.Recipient.from_str(text.strip()))
    except pyrage.RecipientError as exc:
        raise ValueError(str(exc)) from exc


class _Writer(io.BufferedIOBase):
    """A file-like writer for age that keeps the OS error it hit (age wraps it in text)."""

    def __init__(self, target: IO[bytes], on_chunk: Callable[[bytes], None]) -> None:
        super().__init__()
        self.target = target
        self.on_chunk = on_chunk
        self.error: OSError | None = None

    def write(self, chunk: Buffer) -> int:
        try:
            written = self.target.write(chunk)
        except OSError as exc:
            self.error = exc
            raise
        self.on_chunk(bytes(chunk))
        return written if written is not None else len(chunk)

    def flush(self) -> None:
        self.target.flush()


def encrypt_stream(
    source: IO[bytes],
    target: IO[bytes],
    recipients: list[str],
    on_chunk: Callable[[bytes], None] = lambda _chunk: None,
) -> None:
    """age-encrypt ``source`` into ``target`` for the recipients; ``on_chunk`` sees every
    encrypted chunk (for a running hash). An OSError of the target is raised as itself."""
    import pyrage

    parsed = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
    writer = _Writer(target, on_chunk)
    try:
        pyrage.encrypt_io(cast(io.BufferedIOBase, source), writer, parsed)
    except pyrage.EncryptError as exc:
        if writer.error is not None:
            raise writer.error from exc
        raise


def identity_list(identity: str | Sequence[str]) -> list[str]:
    """One identity or several, as a list (a str is a sequence too)."""
    return [identity] if isinstance(identity, str) else list(identity)


def parse_identities(identity: str | Sequence[str]) -> list[pyrage.x25519.Identity]:
    """The pyrage identities age tries in turn (``decrypt_io`` takes a list)."""
    import pyrage

    return [pyrage.x25519.Identity.from_str(i) for i in identity_list(identity)]


def decrypt_stream(source: IO[bytes], target: IO[bytes], identity: str | Sequence[str]) -> None:
    """age-decrypt ``source`` into ``target`` with the identity (or any of several);
    ValueError when it does not decrypt."""
    import pyrage

    try:
        pyrage.decrypt_io(
            cast(io.BufferedIOBase, source),
            cast(io.BufferedIOBase, target),
            parse_identities(identity),
        )
    except (pyrage.DecryptError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # the disk, not the file
        raise ValueError(str(exc) or "decryption failed") from exc


@dataclass
class KeyBackup:
    office_code: str
    installation_id: str
    created_at: str
    keys: OfficeKeys
    secrets: dict[str, bytes] = field(default_factory=dict)  # the other secrets, by name

    def all_secrets(self) -> dict[str, bytes]:
        return {**self.secrets, **self.keys.stored()}


def _readme(office_code: str, office_name: str, key_id: str, recipient: str) -> str:
    return f"""CADANGAN KUNCI KANTOR — {office_name} ({office_code})
Dibuat oleh Netral Desktop. Simpan berkas ini dan kata sandinya di tempat terpisah.

Isi:
  office.pub              kunci publik tanda tangan (minisign), ID kunci {key_id}
  office.age.txt          penerima age kantor: {recipient}
  office.minisign.key     kunci rahasia minisign, terenkripsi dengan kata sandi cadangan
  office-identity.age     identitas age kantor, terenkripsi dengan kata sandi cadangan
  secrets.json.age        kunci data dan rahasia lain, terenkripsi untuk identitas age kantor
  secrets.json.age.minisig tanda tangan berkas di atas

Memulihkan ke komputer baru:  netral --home FOLDER keys restore BERKAS.zip
Tanpa program ini (alat standar minisign dan age):
  minisign -Vm CADANGAN.age -p office.pub                  periksa tanda tangan cadangan
  age -d -i office-identity.age -o netral.sqlite CADANGAN.age   buka cadangan basis data
  minisign -S -s office.minisign.key -m BERKAS             tanda tangani sebagai kantor
  age -d -i office-identity.age secrets.json.age           lihat kunci data (base64)

OFFICE KEY BACKUP — {office_name} ({office_code})
Made by Netral Desktop. Keep this file and its passphrase apart. Restore on a new machine
with "netral keys restore FILE"; without the program, use the minisign and age commands
above (both ask for this backup's passphrase).
"""


def write_key_backup(backup: KeyBackup, passphrase: str, *, office_name: str) -> bytes:
    """The key backup archive (bytes) protected by ``passphrase``."""
    import pyrage

    keys = backup.keys
    public = keys.public
    payload = {
        "format": BACKUP_FORMAT,
        "format_version": BACKUP_FORMAT_VERSION,
        "office_code": backup.office_code,
        "installation_id": backup.installation_id,
        "created_at": backup.created_at,
        "signing_key_id": public.id_text,
        "age_recipient": keys.recipient,
        "secrets": {
            name: base64.b64encode(value).decode("ascii")
            for name, value in sorted(backup.secrets.items())
        },
    }
    sealed = pyrage.encrypt(
        json.dumps(payload, indent=2).encode("utf-8"),
        [pyrage.x25519.Recipient.from_str(keys.recipient)],
    )
    members = {
        README: _readme(backup.office_code, office_name, public.id_text, keys.recipient).encode(),
        PUBLIC_KEY: public.file_text().encode("ascii"),
        RECIPIENT: f"{keys.recipient}\n".encode("ascii"),
        SECRET_KEY: keys.signing.encrypted_file_text(passphrase).encode("ascii"),
        IDENTITY: pyrage.passphrase.encrypt(
            keys.identity_file_text(backup.created_at).encode("ascii"), passphrase
        ),
        SECRETS: sealed,
        SECRETS_SIG: keys.signing.sign(
            sealed,
            trusted_comment=f"netral-key-backup office:{backup.office_code} "
            f"installation:{backup.installation_id}",
        ).encode("utf-8"),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in MEMBERS:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.external_attr = 0o600 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name])
    return out.getvalue()


def _members(data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        names = [info.filename for info in infos]
        if sorted(names) != sorted(MEMBERS):
            raise KeyBackupError("not a key backup (unexpected members)")
        if any(info.file_size > _MAX_MEMBER for info in infos):
            raise KeyBackupError("a member is too large")
        return {info.filename: archive.read(info) for info in infos}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise KeyBackupError("not a ZIP archive") from exc


def read_key_backup(data: bytes, passphrase: str) -> KeyBackup:
    """Open a key backup with its passphrase; KeyBackupError when it is not one, is damaged,
    or the passphrase is wrong. Nothing in it is taken on trust: the secrets must be signed
    by the signing key the passphrase opens, and encrypted to the identity it opens."""
    import pyrage

    members = _members(data)
    try:
        signing = minisign.SecretKey.parse_encrypted(
            members[SECRET_KEY].decode("ascii"), passphrase
        )
    except minisign.MinisignError as exc:
        wrong = "passphrase" in str(exc)
        raise KeyBackupError(str(exc), wrong_passphrase=wrong) from exc
    except UnicodeDecodeError as exc:
        raise KeyBackupError("secret key is not text") from exc
    try:
        identity_file = pyrage.passphrase.decrypt(members[IDENTITY], passphrase).decode("ascii")
    except pyrage.DecryptError as exc:
        raise KeyBackupError(str(exc), wrong_passphrase=True) from exc
    except UnicodeDecodeError as exc:
        raise KeyBackupError("identity is not text") from exc
    identity = next(
        (line.strip() for line in identity_file.splitlines() if line.startswith("AGE-SECRET")),
        "",
    )
    try:
        keys = OfficeKeys.from_stored(signing.raw(), identity.encode("ascii"))
    except (ValueError, pyrage.IdentityError) as exc:
        raise KeyBackupError("identity is damaged") from exc
    try:
        trusted = keys.public.verify(members[SECRETS], members[SECRETS_SIG].decode("utf-8"))
        plain = pyrage.decrypt(
            members[SECRETS], [pyrage.x25519.Identity.from_str(keys.age_identity)]
        )
        payload = json.loads(plain)
        secrets = {
            str(name): base64.b64decode(value, validate=True)
            for name, value in payload["secrets"].items()
        }
        office_code = str(payload["office_code"])
        installation_id = str(payload["installation_id"])
    except (minisign.MinisignError, pyrage.DecryptError, ValueError, KeyError, TypeError) as exc:
        raise KeyBackupError(f"secrets do not verify: {exc}") from exc
    if (
        payload.get("format") != BACKUP_FORMAT
        or payload.get("signing_key_id") != keys.public.id_text
        or payload.get("age_recipient") != keys.recipient
        or f"office:{office_code} installation:{installation_id}" not in trusted
    ):
        raise KeyBackupError("secrets belong to other keys")
    return KeyBackup(
        office_code, installation_id, str(payload.get("created_at", "")), keys, secrets
    )

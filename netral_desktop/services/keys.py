"""The office's keys: made at setup (or on the first start of an office set up before), shown,
exported (public halves), backed up with a passphrase and restored on a new machine.

The keys live in the installation's key store (OS keyring or passphrase key file) beside the
data key; nothing here trusts a key that comes from the database or from a file without a
passphrase or a signature behind it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import (
    ConflictError,
    KeyStoreError,
    ValidationError,
    VerificationFailed,
)
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import _
from netral_desktop.services import audit
from netral_desktop.services.context import SYSTEM, ServiceContext, current_office
from netral_desktop.services.files import write_file
from netral_desktop.store import keystore
from netral_desktop.sync import minisign, office_keys
from netral_desktop.sync.office_keys import KeyBackup, OfficeKeys

# Where a data folder with no database yet remembers whose keys `keys restore` put in its key
# store (public facts only: which installation, which store, which public keys).
KEYS_POINTER = "office-keys.json"
PUBLIC_KEY_FILE, RECIPIENT_FILE = "office.pub", "office.age.txt"


@dataclass(frozen=True)
class KeyInfo:
    key_id: str  # as minisign prints it
    public_key: str  # the base64 line of office.pub (``minisign -P`` takes it)
    recipient: str  # age1...
    key_store: str


def load_office_keys(store: keystore.KeyStore) -> OfficeKeys | None:
    """The office keys in ``store``, or None if it holds neither."""
    signing, identity = store.get(keystore.SIGNING_KEY), store.get(keystore.AGE_IDENTITY)
    if signing is None and identity is None:
        return None
    if signing is None or identity is None:
        raise KeyStoreError(
            _(
                "Penyimpan kunci hanya berisi separuh kunci kantor. Pulihkan kunci dari "
                "cadangannya: netral keys restore BERKAS."
            ),
            code="office_keys_partial",
        )
    previous = store.get(keystore.PREVIOUS_AGE_IDENTITIES) or b""
    previous_public = store.get(keystore.PREVIOUS_SIGNING_KEYS) or b""
    try:
        keys = OfficeKeys.from_stored(signing, identity)
        older = tuple(
            OfficeKeys.from_stored(signing, line).age_identity  # each one checked
            for line in previous.split(b"\n")
            if line.strip()
        )
        older_public = tuple(
            minisign.PublicKey.parse(line.decode("ascii"))
            for line in previous_public.split(b"\n")
            if line.strip()
        )
    except (ValueError, minisign.MinisignError) as exc:
        raise KeyStoreError(
            _("Kunci kantor di penyimpan kunci rusak: {reason}.").format(reason=exc)
        ) from exc
    if older or older_public:
        keys = replace(keys, previous_identities=older, previous_public=older_public)
    return keys


def put_office_keys(store: keystore.KeyStore, keys: OfficeKeys) -> None:
    for name, value in keys.stored().items():
        store.put(name, value)


def rotate_office_keys(store: keystore.KeyStore, old: OfficeKeys, new: OfficeKeys) -> OfficeKeys:
    """Put ``new`` in place of ``old``, keeping every age identity ``old`` held as a previous
    one (what is on its way to the old recipient still opens here); the keys now held."""
    kept = tuple(dict.fromkeys(old.identities))  # newest first, each once
    public = tuple({k.key: k for k in (old.public, *old.previous_public)}.values())
    # The old keys first: a crash before the new keys are put loses nothing.
    store.put(keystore.PREVIOUS_AGE_IDENTITIES, "\n".join(kept).encode("ascii"))
    store.put(keystore.PREVIOUS_SIGNING_KEYS, "\n".join(k.base64() for k in public).encode("ascii"))
    put_office_keys(store, new)
    return replace(new, previous_identities=kept, previous_public=public)


def office_keys_of(ctx: ServiceContext, store: keystore.KeyStore) -> OfficeKeys:
    """The office's keys; made now (and recorded in the audit log) on the first start of an
    office set up before offices had keys."""
    keys = load_office_keys(store)
    if keys is not None:
        return keys
    keys = OfficeKeys.generate()
    put_office_keys(store, keys)
    office = current_office(ctx)
    actor = ctx.actor or SYSTEM
    with ctx.db.write_session() as session:
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="keys_created",
            table_name="office",
            record_id=office.id,
            note=_("kunci kantor dibuat: minisign {key_id}, age {recipient}").format(
                key_id=keys.public.id_text, recipient=keys.recipient
            ),
        )
    return keys


def key_info(keys: OfficeKeys, store: keystore.KeyStore) -> KeyInfo:
    return KeyInfo(keys.public.id_text, keys.public.base64(), keys.recipient, store.kind)


def export_public(keys: OfficeKeys, folder: Path) -> list[Path]:
    """office.pub (minisign public key) and office.age.txt (age recipient) in ``folder``."""
    return [
        write_file(folder / PUBLIC_KEY_FILE, keys.public.file_text().encode("ascii")),
        write_file(folder / RECIPIENT_FILE, f"{keys.recipient}\n".encode("ascii")),
    ]


def check_backup_passphrase(passphrase: str) -> None:
    from netral_desktop.core.accounts import check_password

    check_password(passphrase)


def backup_keys(
    ctx: ServiceContext, store: keystore.KeyStore, target: Path, passphrase: str
) -> Path:
    """Every secret of this installation in one passphrase-protected file (admins only)."""
    actor = ctx.require(Permission.MANAGE_KEYS)
    check_backup_passphrase(passphrase)
    keys = office_keys_of(ctx, store)
    office = current_office(ctx)
    secrets = {
        name: value
        for name in keystore.INSTALLATION_SECRETS
        if name not in (keystore.SIGNING_KEY, keystore.AGE_IDENTITY)
        and (value := store.get(name)) is not None
    }
    backup = KeyBackup(
        office_code=office.code,
        installation_id=ctx.meta["installation_id"],
        created_at=ctx.now_iso(),
        keys=keys,
        secrets=secrets,
    )
    data = office_keys.write_key_backup(backup, passphrase, office_name=office.name)
    path = write_file(target, data)
    with ctx.db.write_session() as session:
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=actor.username,
            action="keys_backup",
            table_name="office",
            record_id=office.id,
            note=_("cadangan kunci {name} ({names})").format(
                name=target.name, names=", ".join(sorted(backup.all_secrets()))
            ),
        )
    return path


def read_backup(path: Path, passphrase: str) -> KeyBackup:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError(
            _("Berkas {path} tidak dapat dibaca: {reason}.").format(
                path=path, reason=exc.strerror or exc
            )
        ) from exc
    try:
        return office_keys.read_key_backup(data, passphrase)
    except office_keys.KeyBackupError as exc:
        if exc.wrong_passphrase:
            raise ValidationError(
                _("Kata sandi cadangan kunci salah. Tidak ada yang diubah; coba lagi."),
                code="key_backup_passphrase",
            ) from exc
        raise VerificationFailed(
            _(
                "Berkas {path} bukan cadangan kunci Netral Desktop yang utuh ({reason}). "
                "Tidak ada yang diubah."
            ).format(path=path, reason=exc),
            code="key_backup_invalid",
        ) from exc


@dataclass(frozen=True)
class KeysRestored:
    office_code: str
    installation_id: str
    key_store: str
    names: list[str]
    info: KeyInfo


def restore_keys(
    layout: HomeLayout,
    path: Path,
    passphrase: str,
    *,
    key_store: str = keystore.KEYRING,
    key_file_passphrase: str | None = None,
    ctx: ServiceContext | None = None,
) -> KeysRestored:
    """Put a key backup's secrets into this data folder's key store.

    With a database (``ctx``), the backup must be this installation's and any office keys
    already in the store must be the same ones (a lost keyring is refilled, other keys are
    never overwritten). With no database, the keys go under the backup's installation names
    and the data folder remembers them, so ``netral restore`` can then check and open a
    backup of this office.
    """
    backup = read_backup(path, passphrase)
    if ctx is not None:
        from netral_desktop.services.setup import open_key_store

        if ctx.meta.get("installation_id") != backup.installation_id:
            raise ValidationError(
                _(
                    "Cadangan kunci ini milik instalasi lain (kantor {code}), bukan folder data "
                    "ini. Pulihkan ke folder data baru dengan --home, lalu pulihkan cadangan "
                    "basis datanya di sana."
                ).format(code=backup.office_code),
                code="key_backup_other_installation",
            )
        store = open_key_store(ctx, key_file_passphrase)
    else:
        if layout.has_database():
            raise ConflictError(_("Folder data ini sudah berisi basis data."))
        store = _new_store(layout, backup, key_store, key_file_passphrase or passphrase)
    present = load_office_keys(store)
    if present is not None and present.public.key != backup.keys.public.key:
        raise ConflictError(
            _(
                "Penyimpan kunci folder data ini sudah berisi kunci kantor lain (ID {mine}, "
                "cadangan: {theirs}). Tidak ada yang diubah."
            ).format(mine=present.public.id_text, theirs=backup.keys.public.id_text),
            code="office_keys_differ",
        )
    secrets = backup.all_secrets()
    for name, value in secrets.items():
        store.put(name, value)
    if ctx is None:
        _write_pointer(layout, backup, store.kind)
    else:
        office = current_office(ctx)
        with ctx.db.write_session() as session:
            audit.record(
                session,
                at=ctx.now_iso(),
                actor=(ctx.actor or SYSTEM).username,
                action="keys_restored",
                table_name="office",
                record_id=office.id,
                note=_("kunci dipulihkan dari {name} ({names})").format(
                    name=path.name, names=", ".join(sorted(secrets))
                ),
            )
    return KeysRestored(
        backup.office_code,
        backup.installation_id,
        store.kind,
        sorted(secrets),
        key_info(backup.keys, store),
    )


def _new_store(
    layout: HomeLayout, backup: KeyBackup, kind: str, file_passphrase: str
) -> keystore.KeyStore:
    if kind == keystore.KEYRING:
        available, _backend = keystore.keyring_available()
        if not available:
            raise keystore.keyring_unavailable_error()
        return keystore.KeyringKeyStore(backup.office_code, backup.installation_id)
    if kind == keystore.MEMORY:
        return keystore.MemoryKeyStore(backup.office_code, backup.installation_id)
    layout.root.mkdir(parents=True, exist_ok=True)
    return keystore.PassphraseFileKeyStore(layout.key_file, file_passphrase).unlock()


def _write_pointer(layout: HomeLayout, backup: KeyBackup, kind: str) -> None:
    pointer = {
        "office_code": backup.office_code,
        "installation_id": backup.installation_id,
        "key_store": kind,
        "signing_key_id": backup.keys.public.id_text,
        "age_recipient": backup.keys.recipient,
    }
    write_file(layout.root / KEYS_POINTER, json.dumps(pointer, indent=2).encode("utf-8"))


@dataclass(frozen=True)
class RestoredKeys:
    """The key store a data folder with no database got from ``keys restore``."""

    office_code: str
    installation_id: str
    store: keystore.KeyStore


def restored_key_store(layout: HomeLayout, passphrase: str | None) -> RestoredKeys | None:
    """The key store ``keys restore`` filled for this (database-less) data folder, or None."""
    try:
        pointer = json.loads((layout.root / KEYS_POINTER).read_text(encoding="utf-8"))
        code, installation, kind = (
            str(pointer["office_code"]),
            str(pointer["installation_id"]),
            str(pointer["key_store"]),
        )
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise ValidationError(
            _("Berkas {path} rusak: pulihkan kunci lagi dengan netral keys restore.").format(
                path=layout.root / KEYS_POINTER
            )
        ) from exc
    store: keystore.KeyStore
    if kind == keystore.FILE:
        unlocked = keystore.unlocked_file_store(layout.key_file)
        if unlocked is None and not passphrase:
            raise ValidationError(
                _("Kunci kantor ada di berkas kunci: berikan --passphrase-env NAMA_VARIABEL.")
            )
        store = unlocked or keystore.PassphraseFileKeyStore(layout.key_file, passphrase or "")
    elif kind == keystore.MEMORY:
        store = keystore.MemoryKeyStore(code, installation)
    else:
        store = keystore.KeyringKeyStore(code, installation)
    return RestoredKeys(code, installation, store)


def forget_pointer(layout: HomeLayout) -> None:
    (layout.root / KEYS_POINTER).unlink(missing_ok=True)


def uses_key_file(layout: HomeLayout) -> bool:
    """Whether this data folder keeps its keys in a passphrase key file (no OS keyring)."""
    return layout.key_file.is_file()


def unlock_key_file(layout: HomeLayout, passphrase: str, ctx: ServiceContext | None = None) -> None:
    """Open the data folder's key file for the rest of this process (the window asks the
    passphrase once, at login); KeyStoreError when the passphrase is wrong. An office already
    open (``ctx``) gets its audit key now, so it can write."""
    keystore.PassphraseFileKeyStore(layout.key_file, passphrase).unlock()
    if ctx is not None:
        from netral_desktop.services import integrity

        integrity.load_key(ctx)


def key_file_is_open(layout: HomeLayout) -> bool:
    """Whether this process has unlocked the data folder's key file."""
    return keystore.unlocked_file_store(layout.key_file) is not None


def lock_key_files() -> None:
    keystore.forget_unlocked()


def ensure_office_keys(ctx: ServiceContext) -> OfficeKeys:
    """The office keys, made now on the first start of an office set up before they existed."""
    from netral_desktop.services.setup import open_key_store

    return office_keys_of(ctx, open_key_store(ctx))

"""``netral restore``: put a backup back in place of the office's database, trusting nothing
from the file.

Who may: an active administrator of the database being *replaced* (checked there, never in
the backup, whose accounts are whatever its author made them). On a data folder with no
database (a new machine), whoever restored the office's key backup (``netral keys restore``,
which needs its passphrase).

What is accepted: only a backup whose minisign signature verifies under the office key in
this installation's key store, that decrypts with the office's age identity, passes SQLite's
integrity check, belongs to the same office and whose audit chain verifies. Anything else is
refused (``VerificationFailed``, exit 3) with nothing changed. The database it replaces is kept
in backups/, encrypted and signed like any backup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from netral_desktop.config import HomeLayout
from netral_desktop.core.errors import (
    KeyStoreError,
    NetralError,
    PermissionDenied,
    ValidationError,
    VerificationFailed,
)
from netral_desktop.core.roles import Permission
from netral_desktop.i18n import N_, _
from netral_desktop.services import accounts, audit, integrity
from netral_desktop.services.context import ServiceContext, current_office, open_context
from netral_desktop.services.keys import forget_pointer, load_office_keys, restored_key_store
from netral_desktop.services.secure_backup import (
    parse_trusted_comment,
    private_scratch,
    signature_of,
    write_backup,
)
from netral_desktop.store import keystore
from netral_desktop.store import office as office_store
from netral_desktop.store.backup import copy_database_file, swap_in
from netral_desktop.store.db import check_folder_writable, open_database
from netral_desktop.store.files import sync_file
from netral_desktop.sync.minisign import MinisignError, signature_key_id
from netral_desktop.sync.office_keys import OfficeKeys, decrypt_stream


@dataclass
class RestoreResult:
    restored_from: Path
    previous_kept_as: Path | None
    office_name: str


@dataclass
class _Authority:
    """Who restores, with which keys, into which installation."""

    actor: str
    keys: OfficeKeys
    office_code: str
    installation_id: str
    key_store: str
    current: ServiceContext | None


def _refused(message: str, code: str) -> VerificationFailed:
    return VerificationFailed(message + " " + _("Tidak ada yang diubah."), code=code)


def _authority(layout: HomeLayout, passphrase: str | None) -> _Authority:
    """The office keys a backup must verify under: this installation's key store, or on a
    data folder with no database the one ``netral keys restore`` filled. Nobody is logged in
    yet (see ``_login``): a file that fails the checks is refused before any login is tried."""
    from netral_desktop.services.setup import open_key_store

    if not layout.database.exists():
        restored = restored_key_store(layout, passphrase)
        if restored is None:
            raise ValidationError(
                _(
                    "Folder data ini belum berisi basis data maupun kunci kantor. Pulihkan kunci "
                    "kantor lebih dahulu dari cadangan kuncinya (netral keys restore BERKAS), "
                    "lalu ulangi pemulihan."
                ),
                code="restore_needs_keys",
            )
        keys = load_office_keys(restored.store)
        if keys is None:
            raise KeyStoreError(
                _("Kunci kantor tidak ada di penyimpan kunci; ulangi netral keys restore.")
            )
        return _Authority(
            _("pemegang cadangan kunci"),
            keys,
            restored.office_code,
            restored.installation_id,
            restored.store.kind,
            None,
        )
    try:
        current = open_context(layout)
    except NetralError as exc:
        raise ValidationError(
            _(
                "Basis data sekarang tidak dapat dibuka ({reason}), jadi tidak ada administrator "
                "yang dapat memeriksa pemulihan. Pindahkan folder data ini, pulihkan kunci kantor "
                "ke folder data baru (netral --home BARU keys restore CADANGAN-KUNCI), lalu "
                "pulihkan cadangan di sana."
            ).format(reason=exc),
            code="restore_current_unreadable",
        ) from exc
    try:
        keys = load_office_keys(open_key_store(current, passphrase))
        if keys is None:
            raise KeyStoreError(
                _(
                    "Kunci kantor belum ada di penyimpan kunci folder data ini, jadi tanda tangan "
                    "cadangan tidak dapat diperiksa. Pulihkan kunci dengan netral keys restore."
                )
            )
        return _Authority(
            "",
            keys,
            current_office(current).code,
            current.meta.get("installation_id", ""),
            current.meta.get("key_store", keystore.KEYRING),
            current,
        )
    except BaseException:
        current.db.dispose()
        raise


def _login(who: _Authority, username: str | None, password: str | None) -> None:
    """An active administrator of the database being replaced (never one in the backup)."""
    current = who.current
    if current is None:
        return  # a new machine: the key backup's passphrase was the proof
    if not username or not password:
        raise PermissionDenied(
            _("Pemulihan memerlukan administrator aktif basis data ini: berikan --user NAMA.")
        )
    actor = accounts.authenticate(current, username, password)
    try:
        current.as_actor(actor).require(Permission.MANAGE_SETTINGS)
    except PermissionDenied as exc:
        raise PermissionDenied(
            _(
                "Hanya administrator aktif basis data yang akan diganti yang dapat memulihkan "
                "cadangan."
            )
        ) from exc
    who.actor = actor.username
    who.current = current.as_actor(actor)


def _verify_signature(backup_file: Path, signature_text: str, keys: OfficeKeys) -> str:
    """The backup's trusted comment, its signature checked with the office key, or with the
    key a rotation replaced when the signature names that one (a backup made before)."""
    try:
        named = signature_key_id(signature_text)
    except MinisignError:
        named = keys.public.key_id
    key = next((k for k in keys.previous_public if k.key_id == named), keys.public)
    return key.verify_file(backup_file, signature_text)


def _verify_and_decrypt(backup_file: Path, keys: OfficeKeys, office_code: str, plain: Path) -> None:
    signature = signature_of(backup_file)
    try:
        signature_text = signature.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _refused(
            _(
                "Cadangan {path} tidak bertanda tangan ({sig} tidak ada atau tidak terbaca): "
                "hanya cadangan yang ditandatangani kunci kantor ini yang dipulihkan."
            ).format(path=backup_file.name, sig=signature.name),
            "restore_unsigned",
        ) from exc
    try:
        trusted = _verify_signature(backup_file, signature_text, keys)
    except MinisignError as exc:
        raise _refused(
            _(
                "Tanda tangan cadangan {path} tidak cocok dengan kunci kantor (ID {key_id}): "
                "berkas itu diubah, ditukar, atau dibuat kantor lain."
            ).format(path=backup_file.name, key_id=keys.public.id_text),
            "restore_bad_signature",
        ) from exc
    fields = parse_trusted_comment(trusted)
    if fields.get("office") != office_code:
        raise _refused(
            _("Cadangan {path} milik kantor {other}, bukan kantor {mine}.").format(
                path=backup_file.name, other=fields.get("office", "?"), mine=office_code
            ),
            "restore_other_office",
        )
    try:
        with backup_file.open("rb") as source, plain.open("wb") as target:
            decrypt_stream(source, target, keys.identities)
    except ValueError as exc:
        raise _refused(
            _("Cadangan {path} tidak dapat dibuka dengan kunci kantor: {reason}.").format(
                path=backup_file.name, reason=exc
            ),
            "restore_undecryptable",
        ) from exc


def restore(
    layout: HomeLayout,
    backup_file: Path,
    *,
    username: str | None = None,
    password: str | None = None,
    passphrase: str | None = None,
) -> RestoreResult:
    """Check ``backup_file`` against the office keys and put it in place (see the module)."""
    if not backup_file.is_file():
        raise ValidationError(_("Berkas cadangan {path} tidak ditemukan.").format(path=backup_file))
    if layout.database_config.exists():
        raise ValidationError(
            _(
                "Folder data ini memakai server PostgreSQL: cadangannya (berkas .pgdump.age) "
                "dibuka dengan age lalu dipulihkan oleh pengelola server dengan pg_restore, "
                "bukan dengan netral restore."
            ),
            code="restore_on_server",
        )
    check_folder_writable(layout.root)
    if passphrase and layout.key_file.is_file() and layout.database.exists():
        # The audit key is in the key file: open it for this process (wrong passphrase: a
        # clear error, nothing changed).
        keystore.PassphraseFileKeyStore(layout.key_file, passphrase).unlock()
    who = _authority(layout, passphrase)
    part = layout.root / integrity.RESTORE_PART
    part.unlink(missing_ok=True)  # a copy left by a restore killed before it was marked
    try:
        with private_scratch(layout.root, ".netral-restore-") as scratch:
            staged = HomeLayout(scratch)
            _verify_and_decrypt(backup_file, who.keys, who.office_code, staged.database)
            integrity.stage_vault(layout, staged)
            staged_ctx = _check_staged(staged, backup_file, who)
            try:
                _login(who, username, password)
                office_name = _record_restore(staged_ctx, backup_file, who)
                head = integrity.chain_head(staged_ctx)
                seal = staged_ctx.db.chain_seal
                if seal is None:
                    raise KeyStoreError(_("Kunci log audit kantor tidak dapat dibuka."))
                audit_key = seal.key
            finally:
                staged_ctx.db.dispose()
            # Crash-safe from here: the checked copy beside the database (fsynced), a marker
            # naming its head, the current database kept, then one rename. Killed at any point,
            # the next opening finds either the old database (marker dropped) or the restored
            # one (its head anchored): never a missing or half-copied file.
            copy_database_file(staged.database, part)
            sync_file(part)
            integrity.mark_restore_pending(audit_key, layout, head)
            kept = _keep_current(layout, who)
            swap_in(part, layout)
    finally:
        if who.current is not None:
            who.current.db.dispose()
    open_database(layout).dispose()  # migrates an older backup, and checks the result
    restored = open_context(layout)  # finishes the restore: anchors the restored head
    restored.db.dispose()
    if (layout.root / integrity.RESTORE_PENDING).exists():
        raise VerificationFailed(
            _(
                "Basis data cadangan sudah dipasang, tetapi ujung log auditnya belum dapat "
                "dicatat; jalankan 'netral check' untuk melihat sebabnya."
            ),
            code="restore_unanchored",
        )
    forget_pointer(layout)
    return RestoreResult(backup_file, kept, office_name)


def _check_staged(staged: HomeLayout, backup_file: Path, who: _Authority) -> ServiceContext:
    """Open the decrypted copy (migrating an older one) and check it."""
    try:
        ctx = open_context(staged)
    except NetralError as exc:
        raise _refused(
            _("Berkas {path} tidak dapat dipulihkan: {reason}").format(
                path=backup_file.name, reason=exc
            ),
            "restore_invalid",
        ) from exc
    try:
        if ctx.db.health_check(thorough=True) != ["ok"]:
            raise _refused(
                _("Cadangan {path} rusak (integrity_check gagal).").format(path=backup_file.name),
                "restore_damaged",
            )
        office = current_office(ctx)
        if office.code != who.office_code:
            raise _refused(
                _(
                    "Cadangan ini milik kantor {other}, bukan kantor {mine} di folder data ini. "
                    "Pulihkan ke folder data lain dengan --home."
                ).format(other=office.code, mine=who.office_code),
                "restore_other_office",
            )
        # The installation's facts are this machine's, not the file's: the keys (the chain's
        # key among them) are where this installation keeps them. Set before the chain is
        # verified, on the private copy only.
        facts = {"installation_id": who.installation_id, "key_store": who.key_store}
        with ctx.db.write_session() as session:
            office_store.set_meta(session, facts)
        ctx.meta.update(facts)
        # The backup's head is older than this installation's anchor: checked under the key,
        # not against the anchor.
        chain = integrity.verify_chain(ctx, anchored=False)
        if not chain.ok:
            raise _refused(
                _("Log audit di dalam cadangan {path} tidak utuh: {problems}.").format(
                    path=backup_file.name, problems=chain.describe()
                ),
                "restore_chain_broken",
            )
    except BaseException:
        ctx.db.dispose()
        raise
    return ctx


def _record_restore(ctx: ServiceContext, backup_file: Path, who: _Authority) -> str:
    """Record who restored the checked copy, in it; its office name."""
    office = current_office(ctx)
    with ctx.db.write_session() as session:
        audit.record(
            session,
            at=ctx.now_iso(),
            actor=who.actor,
            action="restore",
            table_name="office",
            record_id=office.id,
            note=N_("dipulihkan dari {name}").format(name=backup_file.name),
        )
    return office.name


def _keep_current(layout: HomeLayout, who: _Authority) -> Path | None:
    """Set the current database aside in backups/ (encrypted and signed) before it goes."""
    if who.current is None or not layout.database.exists():
        return None
    kept = write_backup(who.current, who.keys, layout.backups, label="before-restore")
    who.current.db.dispose()
    return kept.path

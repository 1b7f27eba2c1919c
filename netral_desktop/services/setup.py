"""Setting up a data folder for an office: database, data key, first administrator."""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from netral_desktop.config import HomeLayout
from netral_desktop.core import wilayah
from netral_desktop.core.clock import Clock, HybridLogicalClock, SystemClock, iso_utc
from netral_desktop.core.errors import ConflictError, ValidationError
from netral_desktop.core.ids import new_id
from netral_desktop.core.roles import Role
from netral_desktop.i18n import _
from netral_desktop.services import integrity
from netral_desktop.services.accounts import insert_user
from netral_desktop.services.context import ServiceContext, open_context
from netral_desktop.store import keystore, synced
from netral_desktop.store import office as office_store
from netral_desktop.store.audit import ChainSeal
from netral_desktop.store.db import check_folder_writable, make_private, open_database
from netral_desktop.store.models import Office
from netral_desktop.store.synced import WriteStamp

# The key stores an office can choose (the window's wizard offers both).
KEY_STORE_KEYRING, KEY_STORE_FILE = keystore.KEYRING, keystore.FILE
keyring_available = keystore.keyring_available

DATA_KEY, DB_PASSWORD = keystore.DATA_KEY, keystore.DB_PASSWORD
DISTRICT, PROVINCE = "district", "province"


@dataclass(frozen=True)
class OfficeChoice:
    """A checked office code, with what follows from it."""

    code: str
    official_name: str
    province_code: str
    time_zone: wilayah.TimeZone
    bawaslu_code: str | None


def check_office_code(code: str, mode: str = DISTRICT) -> OfficeChoice:
    """An office code checked against the official list (514 kab/kota, 38 provinces)."""
    code = code.strip()
    if mode not in (DISTRICT, PROVINCE):
        raise ValidationError(
            _("Mode '{mode}' tidak dikenal: pilih district atau province.").format(mode=mode)
        )
    if mode == DISTRICT:
        found = wilayah.region(code) if wilayah.KABKOTA_RE.match(code) else None
        if found is None:
            raise ValidationError(
                _(
                    "Kode kantor '{code}' tidak ada dalam daftar resmi 514 kabupaten/kota "
                    "(Kemendagri). Tulis kode kabupaten/kota dua bagian, misalnya 34.02 untuk "
                    "Kabupaten Bantul."
                ).format(code=code),
                code="office_code_unknown",
            )
    else:
        found = wilayah.region(code) if wilayah.PROVINCE_RE.match(code) else None
        if found is None:
            raise ValidationError(
                _(
                    "Kode provinsi '{code}' tidak ada dalam daftar resmi 38 provinsi. Tulis dua "
                    "angka, misalnya 34 untuk Daerah Istimewa Yogyakarta."
                ).format(code=code),
                code="office_code_unknown",
            )
    return OfficeChoice(
        code=found.code,
        official_name=found.name,
        province_code=found.province_code,
        time_zone=wilayah.default_time_zone(found.province_code),
        bawaslu_code=wilayah.bawaslu_code_for(found.code),
    )


def suggested_office_name(choice: OfficeChoice, mode: str = DISTRICT) -> str:
    if mode == PROVINCE:
        return f"Bawaslu Provinsi {choice.official_name}"
    return f"Bawaslu {choice.official_name}"


def init_office(
    layout: HomeLayout,
    *,
    office_code: str,
    name: str | None,
    admin_username: str,
    admin_password: str,
    admin_full_name: str = "",
    mode: str = DISTRICT,
    time_zone: str | None = None,
    bawaslu_code: str | None = None,
    key_store: str = keystore.KEYRING,
    passphrase: str | None = None,
    clock: Clock | None = None,
    database_url: str | None = None,
    database_password: str | None = None,
) -> ServiceContext:
    """Create the office's database, data key and first administrator, all or nothing.

    With ``database_url`` (``postgresql+psycopg://USER@HOST:PORT/DB``) the office lives on that
    PostgreSQL server, whose database must be empty; the data folder keeps the address (and
    attachments, backups, logs) and the password, if given, goes to the key store.
    """
    from netral_desktop.core.accounts import check_password, check_username

    clock = clock or SystemClock()
    choice = check_office_code(office_code, mode)
    username = check_username(admin_username)
    check_password(admin_password, username=username)
    zone_text = (time_zone or choice.time_zone.value).strip().upper()
    if zone_text not in wilayah.TimeZone.__members__:
        raise ValidationError(
            _("Zona waktu harus WIB, WITA atau WIT, bukan '{value}'.").format(value=time_zone)
        )
    zone = wilayah.TimeZone(zone_text)
    check_folder_writable(layout.root)
    if layout.has_database():
        raise ConflictError(
            _(
                "Folder data {path} sudah berisi basis data kantor. Pakai folder lain (--home) "
                "atau hapus folder itu lebih dahulu jika memang ingin mulai dari awal."
            ).format(path=layout.root),
            code="already_initialised",
        )

    installation_id = new_id()
    store = _make_key_store(layout, key_store, passphrase, choice.code, installation_id)
    data_key = secrets.token_bytes(32)
    store.put(DATA_KEY, data_key)
    audit_key = integrity.new_key()
    try:
        integrity.store_new_key(layout, store, audit_key)
        from netral_desktop.services.keys import put_office_keys
        from netral_desktop.sync.office_keys import OfficeKeys

        put_office_keys(store, OfficeKeys.generate())  # signing key and age identity
        if database_url:
            _point_at_server(layout, store, database_url, database_password)
        _create_database(
            layout,
            clock,
            choice,
            mode=mode,
            name=name,
            zone=zone,
            bawaslu_code=bawaslu_code or choice.bawaslu_code,
            installation_id=installation_id,
            key_store=store.kind,
            data_key=data_key,
            audit_key=audit_key,
            username=username,
            password=admin_password,
            full_name=admin_full_name or username,
        )
    except BaseException:
        for secret in keystore.INSTALLATION_SECRETS:
            store.delete(secret)
        integrity.forget_key(layout, store)
        for leftover in (layout.database, layout.database_config, *_wal_files(layout)):
            leftover.unlink(missing_ok=True)
        if store.kind == keystore.FILE:
            layout.key_file.unlink(missing_ok=True)
        raise
    for folder in (layout.attachments, layout.backups, layout.logs):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    make_private(layout)
    return open_context(layout, clock=clock)


def _point_at_server(
    layout: HomeLayout, store: keystore.KeyStore, url: str, password: str | None
) -> None:
    """Record the server's address in the data folder (and its password in the key store),
    after checking that the server answers and its database holds no office yet."""
    from netral_desktop.store.db import make_engine, server_address

    address, has_password = server_address(url)
    if has_password:
        raise ValidationError(
            _(
                "Jangan tulis kata sandi di alamat basis data: berikan lewat --db-password-env "
                "NAMA_VARIABEL (disimpan di keyring)."
            ),
            code="db_url_password",
        )
    make_engine(url).dispose()  # refuses engines other than PostgreSQL, with a message
    config: dict[str, str] = {"url": address}
    if password:
        store.put(DB_PASSWORD, password.encode("utf-8"))
        if isinstance(store, keystore.KeyringKeyStore):
            config["keyring_service"] = store.service
    layout.root.mkdir(parents=True, exist_ok=True)
    fd = os.open(layout.database_config, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(config, handle, indent=2)


def _wal_files(layout: HomeLayout) -> list[Path]:
    return [layout.database.with_name(layout.database.name + s) for s in ("-wal", "-shm")]


def data_key_id(data_key: bytes) -> str:
    """A fingerprint of the data key, kept in the database to recognise the right key."""
    import hashlib

    return hashlib.sha256(b"netral-data-key-id:" + data_key).hexdigest()[:16]


def _make_key_store(
    layout: HomeLayout, kind: str, passphrase: str | None, office_code: str, installation_id: str
) -> keystore.KeyStore:
    if kind == keystore.KEYRING:
        available, _backend = keystore.keyring_available()
        if not available:
            raise keystore.keyring_unavailable_error()
        return keystore.KeyringKeyStore(office_code, installation_id)
    if kind == keystore.MEMORY:
        return keystore.MemoryKeyStore(office_code, installation_id)
    if kind == keystore.FILE:
        if not passphrase:
            raise ValidationError(
                _("Berkas kunci memerlukan kata sandi: berikan --passphrase-env NAMA_VARIABEL.")
            )
        from netral_desktop.core.accounts import check_password

        check_password(passphrase)
        layout.root.mkdir(parents=True, exist_ok=True)
        store = keystore.PassphraseFileKeyStore(layout.key_file, passphrase)
        return store.unlock()  # this process (the wizard's window, the demo) keeps it open
    raise ValidationError(
        _("Penyimpan kunci '{kind}' tidak dikenal: pilih keyring atau file.").format(kind=kind)
    )


def _create_database(
    layout: HomeLayout,
    clock: Clock,
    choice: OfficeChoice,
    *,
    mode: str,
    name: str | None,
    zone: wilayah.TimeZone,
    bawaslu_code: str | None,
    installation_id: str,
    key_store: str,
    data_key: bytes,
    audit_key: bytes,
    username: str,
    password: str,
    full_name: str,
) -> None:
    db = open_database(layout, create=True)
    db.chain_seal = ChainSeal(audit_key)  # keyed from the first entry (anchored on opening)
    try:
        device_id = secrets.token_hex(4)
        now = iso_utc(clock.now())
        hlc = HybridLogicalClock(clock)
        with db.write_session() as session:
            if office_store.office_count(session):
                raise ConflictError(_("Kantor sudah disiapkan di folder data ini."))
            office = Office(
                id="",
                origin="",
                created_at="",
                updated_at="",
                updated_by="",
                code=choice.code,
                name=(name or suggested_office_name(choice, mode)).strip(),
                mode=mode,
                province_code=choice.province_code,
                time_zone=zone.value,
                bawaslu_code=bawaslu_code,
                city=_default_city(choice),
            )
            stamp = WriteStamp(
                origin=f"{choice.code}/{device_id}", actor=username, at=now, clock=hlc.stamp()
            )
            synced.insert_row(session, office, stamp, action="init")
            office_store.add_meta(
                session,
                {
                    "installation_id": installation_id,
                    "device_id": device_id,
                    "key_store": key_store,
                    "data_key_id": data_key_id(data_key),
                    "created_at": now,
                    "created_by_pid": str(os.getpid()),
                    **integrity.setup_meta(audit_key),
                },
            )
            insert_user(
                session,
                at=now,
                actor=username,
                username=username,
                full_name=full_name,
                role=Role.ADMIN.value,
                password=password,
            )
    finally:
        db.dispose()


def _default_city(choice: OfficeChoice) -> str:
    # "Kabupaten Bantul" -> "Bantul"; the place printed above signatures, editable later.
    for prefix in ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota "):
        if choice.official_name.startswith(prefix):
            return choice.official_name[len(prefix) :]
    return choice.official_name


def open_key_store(ctx: ServiceContext, passphrase: str | None = None) -> keystore.KeyStore:
    """The key store this installation was set up with."""
    office_code = ctx.origin.split("/")[0]
    if ctx.meta.get("key_store") == keystore.FILE:
        assert ctx.layout is not None
        unlocked = keystore.unlocked_file_store(ctx.layout.key_file)
        if not passphrase and unlocked is not None:
            return unlocked
        if not passphrase:
            raise ValidationError(
                _("Data folder ini memakai berkas kunci: berikan --passphrase-env NAMA_VARIABEL.")
            )
        return keystore.PassphraseFileKeyStore(ctx.layout.key_file, passphrase)
    if ctx.meta.get("key_store") == keystore.MEMORY:
        return keystore.MemoryKeyStore(office_code, ctx.meta["installation_id"])
    return keystore.KeyringKeyStore(office_code, ctx.meta["installation_id"])

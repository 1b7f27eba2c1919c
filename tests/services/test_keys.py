"""The office keys: made at setup, made on the first start of an office set up before, kept
per installation, backed up and restored without ever overwriting other keys."""

from __future__ import annotations

import pytest

from netral_desktop.core.errors import ConflictError, KeyStoreError, ValidationError
from netral_desktop.services.audit_query import recent_entries
from netral_desktop.services.keys import (
    backup_keys,
    ensure_office_keys,
    load_office_keys,
    put_office_keys,
    restore_keys,
)
from netral_desktop.services.setup import open_key_store
from netral_desktop.store import keystore
from netral_desktop.sync.office_keys import OfficeKeys

PASSPHRASE = "cadangan-kunci-kantor-1"
# The keys live in the key store, not in the database: one engine is enough.
pytestmark = pytest.mark.sqlite_only


def test_setup_makes_the_office_keys_beside_the_data_key(office) -> None:  # type: ignore[no-untyped-def]
    store = open_key_store(office)
    keys = load_office_keys(store)
    assert keys is not None
    assert keys.recipient.startswith("age1") and len(keys.public.key) == 32
    assert store.get(keystore.DATA_KEY) is not None
    assert ensure_office_keys(office) == keys  # the same keys on every start


def test_an_office_set_up_before_gets_its_keys_on_first_start(office) -> None:  # type: ignore[no-untyped-def]
    store = open_key_store(office)
    for name in (keystore.SIGNING_KEY, keystore.AGE_IDENTITY):
        store.delete(name)  # as an office set up before offices had keys
    keys = ensure_office_keys(office)
    assert load_office_keys(store) == keys
    entry = recent_entries(office.db, limit=1)[0]
    assert entry.action == "keys_created" and keys.public.id_text in entry.note


def test_half_of_the_keys_is_an_error_not_new_keys(office) -> None:  # type: ignore[no-untyped-def]
    store = open_key_store(office)
    store.delete(keystore.AGE_IDENTITY)
    with pytest.raises(KeyStoreError, match="netral keys restore"):
        ensure_office_keys(office)
    assert store.get(keystore.AGE_IDENTITY) is None


def test_every_secret_of_the_installation_is_in_the_key_backup(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_key_store(admin)
    store.put(keystore.AUDIT_KEY, b"k" * 32)  # the audit chain's key travels too
    path = backup_keys(admin, store, tmp_path / "kunci.zip", PASSPHRASE)
    saved = {name: store.get(name) for name in keystore.INSTALLATION_SECRETS}
    for name in keystore.INSTALLATION_SECRETS:
        store.delete(name)  # the keyring is lost; the database is still here
    done = restore_keys(admin.layout, path, PASSPHRASE, ctx=admin)
    assert set(done.names) == {n for n, v in saved.items() if v is not None}
    assert {name: store.get(name) for name in keystore.INSTALLATION_SECRETS} == saved
    entry = recent_entries(admin.db, limit=1)[0]
    assert entry.action == "keys_restored" and "audit-key" in entry.note


def test_a_key_backup_never_overwrites_other_keys(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_key_store(admin)
    path = backup_keys(admin, store, tmp_path / "kunci.zip", PASSPHRASE)
    mine = load_office_keys(store)
    put_office_keys(store, OfficeKeys.generate())  # this installation has other keys now
    other = load_office_keys(store)
    with pytest.raises(ConflictError, match="sudah berisi kunci kantor lain"):
        restore_keys(admin.layout, path, PASSPHRASE, ctx=admin)
    assert load_office_keys(store) == other != mine


def test_a_key_backup_of_another_installation_is_refused(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = backup_keys(admin, open_key_store(admin), tmp_path / "kunci.zip", PASSPHRASE)
    admin.meta["installation_id"] = "lain"
    with pytest.raises(ValidationError, match="milik instalasi lain"):
        restore_keys(admin.layout, path, PASSPHRASE, ctx=admin)


def test_staff_cannot_back_up_the_keys(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.core.errors import PermissionDenied
    from netral_desktop.services import accounts

    accounts.create_user(
        admin, username="budi", full_name="Budi", role="staf", password="sandi-budi-1"
    )
    staff = admin.as_actor(accounts.authenticate(admin, "budi", "sandi-budi-1"))
    with pytest.raises(PermissionDenied):
        backup_keys(staff, open_key_store(admin), tmp_path / "kunci.zip", PASSPHRASE)
    assert not (tmp_path / "kunci.zip").exists()


def test_a_weak_key_backup_passphrase_is_refused(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        backup_keys(admin, open_key_store(admin), tmp_path / "kunci.zip", "pendek")
    assert not (tmp_path / "kunci.zip").exists()

"""Setting up a data folder for an office: all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from netral_desktop.config import HomeLayout
from netral_desktop.core.clock import FixedClock
from netral_desktop.core.errors import ConflictError, KeyStoreUnavailable, ValidationError
from netral_desktop.services import accounts, audit, setup
from netral_desktop.services.check import check_data_key
from netral_desktop.services.context import ServiceContext, current_office
from netral_desktop.services.setup import DATA_KEY, data_key_id, init_office, open_key_store
from netral_desktop.store import keystore
from tests.conftest import ADMIN_PASSWORD, forget_secrets, keyring_entries

KeyringSnapshot = set[tuple[str, str]]


def _init(layout: HomeLayout, clock: FixedClock, **overrides: object) -> ServiceContext:
    arguments: dict[str, object] = {
        "office_code": "34.02",
        "name": None,
        "admin_username": "rina",
        "admin_password": ADMIN_PASSWORD,
        "clock": clock,
    }
    arguments.update(overrides)
    return init_office(layout, **arguments)  # type: ignore[arg-type]


def _nothing_written(layout: HomeLayout, keyring_before: KeyringSnapshot | None = None) -> None:
    assert not layout.database.exists()
    assert not layout.key_file.exists()
    leftovers = [p for p in layout.root.rglob("*") if p.is_file()] if layout.root.exists() else []
    assert leftovers == []
    if keyring_before is not None:
        assert keyring_entries() == keyring_before


@pytest.mark.keyring
def test_init_sets_up_office_admin_key_and_folders(
    office: ServiceContext, layout: HomeLayout
) -> None:
    found = current_office(office)
    assert (found.code, found.name, found.mode) == ("34.02", "Bawaslu Kabupaten Bantul", "district")
    assert (found.province_code, found.time_zone, found.bawaslu_code) == ("34", "WIB", "15.02")
    assert found.city == "Bantul"
    assert found.origin == office.origin and office.origin.startswith("34.02/")
    for folder in (layout.attachments, layout.backups, layout.logs):
        assert folder.is_dir()

    actor = accounts.authenticate(office, "rina", ADMIN_PASSWORD)
    assert (actor.username, actor.role.value, actor.full_name) == (
        "rina",
        "admin",
        "Rina Kartikasari",
    )

    key = open_key_store(office).get(DATA_KEY)
    assert key is not None and len(key) == 32
    assert office.meta["key_store"] == "keyring"
    assert office.meta["data_key_id"] == data_key_id(key)
    assert (
        keystore.service_name("34.02", office.meta["installation_id"]),
        DATA_KEY,
    ) in keyring_entries()
    assert check_data_key(office).ok

    chain = audit.verify_chain(office.db)
    assert chain.ok and chain.entries >= 2


def test_the_office_name_defaults_to_the_official_one(
    layout: HomeLayout, clock: FixedClock, clean_keyring: KeyringSnapshot
) -> None:
    ctx = _init(layout, clock, office_code="34.71")
    assert current_office(ctx).name == "Bawaslu Kota Yogyakarta"
    assert current_office(ctx).city == "Yogyakarta"
    ctx.db.dispose()


@pytest.mark.parametrize("code", ["34.99", "3402", "34", "99.01", "", "34.02.01"])
def test_a_wrong_office_code_is_refused_before_anything_is_written(
    layout: HomeLayout, clock: FixedClock, code: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _init(layout, clock, office_code=code)
    assert caught.value.code == "office_code_unknown"
    assert "tidak ada dalam daftar resmi 514 kabupaten/kota" in str(caught.value)
    assert not layout.root.exists()


def test_province_mode_takes_a_two_digit_code(
    layout: HomeLayout, clock: FixedClock, clean_keyring: KeyringSnapshot
) -> None:
    ctx = _init(layout, clock, office_code="34", mode="province")
    found = current_office(ctx)
    assert (found.code, found.mode, found.province_code) == ("34", "province", "34")
    assert found.name == "Bawaslu Provinsi Daerah Istimewa Yogyakarta"
    ctx.db.dispose()


@pytest.mark.parametrize("code", ["34.02", "3", "99"])
def test_province_mode_refuses_other_codes(
    layout: HomeLayout, clock: FixedClock, code: str
) -> None:
    with pytest.raises(ValidationError, match="daftar resmi 38 provinsi"):
        _init(layout, clock, office_code=code, mode="province")
    assert not layout.root.exists()


def test_an_unknown_mode_is_refused(layout: HomeLayout, clock: FixedClock) -> None:
    with pytest.raises(ValidationError, match="Mode 'pusat' tidak dikenal"):
        _init(layout, clock, mode="pusat")


@pytest.mark.parametrize(
    ("code", "mode", "zone"),
    [
        ("51", "province", "WITA"),  # Bali
        ("94.01", "district", "WIT"),  # a kabupaten in Papua Tengah
    ],
)
def test_time_zone_follows_the_province(
    layout: HomeLayout,
    clock: FixedClock,
    clean_keyring: KeyringSnapshot,
    code: str,
    mode: str,
    zone: str,
) -> None:
    ctx = _init(layout, clock, office_code=code, mode=mode)
    assert current_office(ctx).time_zone == zone
    ctx.db.dispose()


def test_the_time_zone_can_be_chosen(
    layout: HomeLayout, clock: FixedClock, clean_keyring: KeyringSnapshot
) -> None:
    ctx = _init(layout, clock, office_code="51.71", time_zone="wib")
    assert current_office(ctx).time_zone == "WIB"
    ctx.db.dispose()


def test_an_unknown_time_zone_is_refused(layout: HomeLayout, clock: FixedClock) -> None:
    with pytest.raises(ValidationError, match="WIB, WITA atau WIT, bukan 'GMT'"):
        _init(layout, clock, time_zone="GMT")
    assert not layout.root.exists()


@pytest.mark.keyring
def test_a_second_init_in_the_same_folder_is_refused_and_the_first_kept(
    office: ServiceContext, layout: HomeLayout, clock: FixedClock
) -> None:
    keys_before = keyring_entries()
    with pytest.raises(ConflictError) as caught:
        _init(layout, clock, office_code="34.04", admin_username="budi")
    assert caught.value.code == "already_initialised"
    assert "sudah berisi basis data kantor" in str(caught.value)

    assert keyring_entries() == keys_before
    assert current_office(office).code == "34.02"
    assert accounts.authenticate(office, "rina", ADMIN_PASSWORD).username == "rina"
    assert check_data_key(office).ok


@pytest.mark.parametrize(
    ("password", "message"),
    [("pendek", "terlalu pendek"), ("Rina", "terlalu pendek"), ("rinarina", None)],
)
def test_a_weak_admin_password_is_refused_and_nothing_written(
    layout: HomeLayout,
    clock: FixedClock,
    clean_keyring: KeyringSnapshot,
    password: str,
    message: str | None,
) -> None:
    username = "rinarina" if message is None else "rina"
    with pytest.raises(ValidationError, match=message or "tidak boleh sama dengan nama pengguna"):
        _init(layout, clock, admin_username=username, admin_password=password)
    _nothing_written(layout, clean_keyring)
    assert not layout.root.exists()


def test_an_invalid_admin_username_is_refused(layout: HomeLayout, clock: FixedClock) -> None:
    with pytest.raises(ValidationError, match="Nama pengguna 'Rina Kartika' tidak sah"):
        _init(layout, clock, admin_username="Rina Kartika")
    assert not layout.root.exists()


def test_no_keyring_is_a_clear_error_and_nothing_is_written(
    layout: HomeLayout, clock: FixedClock, no_keyring: None
) -> None:
    with pytest.raises(KeyStoreUnavailable) as caught:
        _init(layout, clock)
    message = str(caught.value)
    assert message.startswith("Keyring sistem operasi tidak tersedia")
    assert "--key-store file --passphrase-env" in message
    assert "Tidak ada yang disimpan" in message
    assert caught.value.exit_status == 1
    _nothing_written(layout)


def test_a_failure_while_creating_the_database_leaves_nothing_behind(
    layout: HomeLayout,
    clock: FixedClock,
    clean_keyring: KeyringSnapshot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken_insert(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk penuh")

    monkeypatch.setattr(setup, "insert_user", broken_insert)
    with pytest.raises(OSError, match="disk penuh"):
        _init(layout, clock)
    _nothing_written(layout, clean_keyring)


def test_two_data_folders_of_one_office_keep_separate_keys(
    tmp_path: Path, clock: FixedClock, clean_keyring: KeyringSnapshot
) -> None:
    first = _init(HomeLayout(tmp_path / "laptop-1"), clock)
    second = _init(HomeLayout(tmp_path / "laptop-2"), clock)
    try:
        assert first.meta["installation_id"] != second.meta["installation_id"]
        key_one = open_key_store(first).get(DATA_KEY)
        key_two = open_key_store(second).get(DATA_KEY)
        assert key_one is not None and key_two is not None and key_one != key_two
        assert check_data_key(first).ok and check_data_key(second).ok

        forget_secrets(open_key_store(first))
        assert not check_data_key(first).ok
        assert open_key_store(second).get(DATA_KEY) == key_two
    finally:
        first.db.dispose()
        second.db.dispose()


# --- the documented alternative: a passphrase-protected key file ------------------------------


def test_a_key_file_works_where_no_keyring_exists(
    layout: HomeLayout, clock: FixedClock, no_keyring: None
) -> None:
    ctx = _init(layout, clock, key_store="file", passphrase="frasa-sandi-kantor")
    try:
        assert ctx.meta["key_store"] == "file"
        assert layout.key_file.is_file()
        assert check_data_key(ctx, "frasa-sandi-kantor").ok
        wrong = check_data_key(ctx, "frasa-yang-salah")
        assert not wrong.ok and "Kata sandi berkas kunci salah" in wrong.detail
        # The process that set it up keeps it open; any other start must give the passphrase.
        assert open_key_store(ctx).get(setup.DATA_KEY) is not None
        keystore.forget_unlocked()
        with pytest.raises(ValidationError, match="--passphrase-env"):
            open_key_store(ctx)
    finally:
        ctx.db.dispose()


@pytest.mark.parametrize("passphrase", [None, "pendek"])
def test_a_key_file_needs_a_good_passphrase(
    layout: HomeLayout, clock: FixedClock, passphrase: str | None
) -> None:
    with pytest.raises(ValidationError):
        _init(layout, clock, key_store="file", passphrase=passphrase)
    _nothing_written(layout)


def test_an_unknown_key_store_is_refused(layout: HomeLayout, clock: FixedClock) -> None:
    with pytest.raises(ValidationError, match="Penyimpan kunci 'awan' tidak dikenal"):
        _init(layout, clock, key_store="awan")
    _nothing_written(layout)

"""Backups made by a person: a folder that is a file, two in one second, the audit entry."""

from __future__ import annotations

import pytest

from netral_desktop.core.errors import PermissionDenied, StoreError
from netral_desktop.services import accounts
from netral_desktop.services.audit_query import recent_entries
from netral_desktop.services.maintenance import make_backup


def test_two_backups_in_the_same_second_both_survive(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = make_backup(admin, tmp_path / "usb")
    second = make_backup(admin, tmp_path / "usb")
    assert first != second and first.exists() and second.exists()
    assert recent_entries(admin.db, limit=1)[0].action == "backup"


def test_a_file_as_backup_target_gets_a_clear_message(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "bukan-folder.txt"
    target.write_text("isi")
    with pytest.raises(StoreError, match="bukan folder"):
        make_backup(admin, target)
    assert target.read_text() == "isi"


def test_staff_cannot_make_backups(admin, tmp_path) -> None:  # type: ignore[no-untyped-def]
    accounts.create_user(
        admin, username="budi", full_name="Budi", role="staf", password="sandi-budi-1"
    )
    staff = admin.as_actor(accounts.authenticate(admin, "budi", "sandi-budi-1"))
    with pytest.raises(PermissionDenied):
        make_backup(staff, tmp_path / "usb")
    assert not (tmp_path / "usb").exists()


def test_a_disabled_account_is_not_revealed_to_a_wrong_password(admin) -> None:  # type: ignore[no-untyped-def]
    from netral_desktop.core.errors import AuthenticationError

    accounts.create_user(
        admin, username="budi", full_name="Budi", role="staf", password="sandi-budi-1"
    )
    accounts.set_active(admin, "budi", False)
    with pytest.raises(AuthenticationError) as wrong:
        accounts.authenticate(admin, "budi", "tebak-tebakan")
    assert wrong.value.code == "auth_failed"
    with pytest.raises(AuthenticationError) as right:
        accounts.authenticate(admin, "budi", "sandi-budi-1")
    assert right.value.code == "auth_disabled"


def test_jakarta_offices_get_the_city_without_administrasi() -> None:
    from netral_desktop.services.setup import _default_city, check_office_code

    assert _default_city(check_office_code("31.75")) == "Jakarta Timur"

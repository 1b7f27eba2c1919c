"""Roles and their permissions (design.md §4)."""

from __future__ import annotations

import pytest

from netral_desktop.core.roles import ROLE_PERMISSIONS, Permission, Role, has_permission, role_label

ADMIN_ONLY = {Permission.MANAGE_ACCOUNTS, Permission.MANAGE_SETTINGS, Permission.MANAGE_KEYS}


def test_every_role_has_permissions() -> None:
    assert set(ROLE_PERMISSIONS) == set(Role)


def test_admin_may_do_everything() -> None:
    assert all(has_permission(Role.ADMIN, p) for p in Permission)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ADMIN])
def test_only_admin_manages_accounts_settings_and_keys(role: Role) -> None:
    assert not any(has_permission(role, p) for p in ADMIN_ONLY)


def test_staf_logs_cases_and_sosialisasi_but_does_not_decide() -> None:
    assert has_permission("staf", Permission.CASE_LOG)
    assert has_permission("staf", Permission.SOSIALISASI_WRITE)
    assert has_permission("staf", Permission.PRINT)
    assert not has_permission("staf", Permission.CASE_DECIDE)
    assert not has_permission("staf", Permission.ROSTER_WRITE)
    assert not has_permission("staf", Permission.BUNDLE_EXPORT)


def test_koordinator_may_do_what_staf_may_and_decide_and_exchange_bundles() -> None:
    assert ROLE_PERMISSIONS[Role.STAF] < ROLE_PERMISSIONS[Role.KOORDINATOR]
    for permission in (Permission.CASE_DECIDE, Permission.BUNDLE_EXPORT, Permission.BUNDLE_IMPORT):
        assert has_permission(Role.KOORDINATOR, permission)


def test_sekretariat_keeps_roster_and_pledges_but_not_cases() -> None:
    assert has_permission(Role.SEKRETARIAT, Permission.ROSTER_WRITE)
    assert has_permission(Role.SEKRETARIAT, Permission.PLEDGE_WRITE)
    assert has_permission(Role.SEKRETARIAT, Permission.PRINT)
    assert not has_permission(Role.SEKRETARIAT, Permission.CASE_LOG)
    assert not has_permission(Role.SEKRETARIAT, Permission.CASE_DECIDE)


def test_provinsi_imports_bundles_but_does_not_write_district_data() -> None:
    assert has_permission(Role.PROVINSI, Permission.BUNDLE_IMPORT)
    assert has_permission(Role.PROVINSI, Permission.ROSTER_READ)
    assert not has_permission(Role.PROVINSI, Permission.ROSTER_WRITE)
    assert not has_permission(Role.PROVINSI, Permission.CASE_LOG)


def test_unknown_role_is_refused() -> None:
    with pytest.raises(ValueError):
        has_permission("operator", Permission.PRINT)


def test_role_labels_are_indonesian() -> None:
    assert role_label("koordinator") == "Koordinator Divisi"
    assert role_label(Role.PROVINSI) == "Bawaslu Provinsi"
    assert role_label(Role.STAF) == "Staf"

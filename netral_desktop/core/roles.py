"""Roles and what each may do (design.md §4). The services check these, not only the window."""

from __future__ import annotations

from enum import StrEnum

from netral_desktop.i18n import _


class Role(StrEnum):
    ADMIN = "admin"
    KOORDINATOR = "koordinator"
    SEKRETARIAT = "sekretariat"
    STAF = "staf"
    PROVINSI = "provinsi"


class Permission(StrEnum):
    MANAGE_ACCOUNTS = "accounts.manage"
    MANAGE_SETTINGS = "settings.manage"
    MANAGE_KEYS = "keys.manage"
    VIEW_AUDIT = "audit.view"
    ROSTER_WRITE = "roster.write"
    ROSTER_READ = "roster.read"
    PLEDGE_WRITE = "ikrar.write"
    PRINT = "documents.print"
    CASE_LOG = "cases.log"
    CASE_DECIDE = "cases.decide"
    CASE_READ = "cases.read"
    CASE_IDENTITY = "cases.identity"  # see reporters' and witnesses' identities
    SOSIALISASI_WRITE = "sosialisasi.write"
    BUNDLE_EXPORT = "bundle.export"
    BUNDLE_IMPORT = "bundle.import"
    BACKUP = "backup"


_STAF = {
    Permission.ROSTER_READ,
    Permission.CASE_LOG,
    Permission.CASE_READ,
    Permission.SOSIALISASI_WRITE,
    Permission.PRINT,
}
_SEKRETARIAT = {
    Permission.ROSTER_READ,
    Permission.ROSTER_WRITE,
    Permission.PLEDGE_WRITE,
    Permission.PRINT,
}
_KOORDINATOR = _STAF | {
    Permission.CASE_DECIDE,
    Permission.CASE_IDENTITY,
    Permission.BUNDLE_EXPORT,
    Permission.BUNDLE_IMPORT,
    Permission.VIEW_AUDIT,
    Permission.BACKUP,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.KOORDINATOR: frozenset(_KOORDINATOR),
    Role.SEKRETARIAT: frozenset(_SEKRETARIAT),
    Role.STAF: frozenset(_STAF),
    Role.PROVINSI: frozenset(
        {
            Permission.ROSTER_READ,
            Permission.CASE_READ,
            Permission.BUNDLE_IMPORT,
            Permission.PRINT,
            Permission.VIEW_AUDIT,
            Permission.BACKUP,
        }
    ),
}


def role_label(role: Role | str) -> str:
    labels = {
        Role.ADMIN: _("Administrator"),
        Role.KOORDINATOR: _("Koordinator Divisi"),
        Role.SEKRETARIAT: _("Sekretariat"),
        Role.STAF: _("Staf"),
        Role.PROVINSI: _("Bawaslu Provinsi"),
    }
    return labels[Role(role)]


def has_permission(role: Role | str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[Role(role)]

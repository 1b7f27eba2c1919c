"""Names the window shows for stored things: tables and audit actions."""

from __future__ import annotations

from netral_desktop.core.roles import Permission
from netral_desktop.i18n import N_, _
from netral_desktop.services.audit_words import ACTION_WORDS, TABLE_WORDS, action_words, table_words

# The audit log's words live with the log's reader (services/audit_words.py, used by the
# window and the tests alike); these names stay for the window's other pages.
TABLE_LABELS = TABLE_WORDS
ACTION_LABELS = ACTION_WORDS

PERMISSION_LABELS = {
    Permission.MANAGE_ACCOUNTS: N_("mengelola akun pengguna"),
    Permission.MANAGE_SETTINGS: N_("mengubah pengaturan kantor"),
    Permission.MANAGE_KEYS: N_("mengelola kunci"),
    Permission.VIEW_AUDIT: N_("membaca log audit"),
    Permission.ROSTER_WRITE: N_("mengubah daftar pegawai dan instansi"),
    Permission.ROSTER_READ: N_("membaca daftar pegawai"),
    Permission.PLEDGE_WRITE: N_("menyiapkan ikrar dan mencatat kehadiran"),
    Permission.PRINT: N_("mencetak dokumen"),
    Permission.CASE_LOG: N_("mencatat laporan, temuan dan bukti"),
    Permission.CASE_DECIDE: N_("memutuskan tahapan perkara"),
    Permission.CASE_READ: N_("membaca berkas perkara"),
    Permission.CASE_IDENTITY: N_("melihat identitas pelapor dan saksi"),
    Permission.SOSIALISASI_WRITE: N_("mencatat sosialisasi"),
    Permission.BUNDLE_EXPORT: N_("mengekspor bundel sinkronisasi"),
    Permission.BUNDLE_IMPORT: N_("mengimpor bundel dan tanda terima"),
    Permission.BACKUP: N_("membuat cadangan"),
}


def table_label(name: str) -> str:
    return table_words(name)


def action_label(action: str) -> str:
    return action_words(action)


def permission_label(permission: Permission) -> str:
    return _(PERMISSION_LABELS[permission])

"""Names the window shows for stored things: tables and audit actions."""

from __future__ import annotations

from netral_desktop.core.roles import Permission
from netral_desktop.i18n import N_, _

TABLE_LABELS = {
    "office": N_("kantor"),
    "user_account": N_("akun pengguna"),
    "audit_log": N_("log audit"),
    "local_meta": N_("data instalasi"),
    "issued_document": N_("dokumen terbit"),
    "numbering_scheme": N_("format nomor"),
}

ACTION_LABELS = {
    "init": N_("menyiapkan kantor"),
    "create": N_("menambah"),
    "update": N_("mengubah"),
    "delete": N_("menghapus"),
    "login": N_("masuk"),
    "login_failed": N_("gagal masuk"),
    "login_refused": N_("ditolak masuk: akun diubah di luar program"),
    "audit_keyed": N_("mulai mengunci log audit"),
    "reseal": N_("menyegel ulang setelah diperiksa"),
    "set_role": N_("mengubah peran"),
    "reset_password": N_("mengatur ulang kata sandi"),
    "change_password": N_("mengganti kata sandi"),
    "enable": N_("mengaktifkan"),
    "disable": N_("menonaktifkan"),
    "restore": N_("memulihkan dari cadangan"),
    "backup": N_("membuat cadangan"),
    "keys_created": N_("membuat kunci kantor"),
    "keys_backup": N_("mencadangkan kunci kantor"),
    "keys_restored": N_("memulihkan kunci kantor"),
    "issue": N_("menerbitkan dokumen"),
    "verify": N_("memeriksa keaslian"),
    "set_logo": N_("mengganti logo kop"),
    "set_scheme": N_("mengubah format nomor"),
    "import": N_("mengimpor dari spreadsheet"),
}

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
    Permission.SOSIALISASI_WRITE: N_("mencatat sosialisasi"),
    Permission.BUNDLE_EXPORT: N_("mengekspor bundel sinkronisasi"),
    Permission.BUNDLE_IMPORT: N_("mengimpor bundel dan tanda terima"),
    Permission.BACKUP: N_("membuat cadangan"),
}


def table_label(name: str) -> str:
    return _(TABLE_LABELS[name]) if name in TABLE_LABELS else name


def action_label(action: str) -> str:
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def permission_label(permission: Permission) -> str:
    return _(PERMISSION_LABELS[permission])

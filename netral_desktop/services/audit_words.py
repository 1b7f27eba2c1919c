"""The audit log in words of the current language: what was done ("mencatat kehadiran"), to
which kind of record ("kehadiran"), to which record (a person's name and NIP, an event's title
and date, a document's number), and what changed, by field label, ids replaced by labels.

The log itself keeps codes (``mark``, ``attendance``, ``invitee_id``) and Indonesian notes:
its entries are hash-chained and never rewritten, so the words are chosen when it is read.
tests/services/test_audit_words.py fails when the code writes an action, a table or a field
this module has no words for.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from netral_desktop.core.audit_chain import REDACTED
from netral_desktop.core.clock import parse_iso_utc
from netral_desktop.i18n import N_, _
from netral_desktop.store.audit import AuditRow
from netral_desktop.store.audit_labels import LabelledAuditRow, RecordLabel

# Every action the program writes, as a verb phrase: "admin — mencatat kehadiran — Budi".
ACTION_WORDS: dict[str, str] = {
    "init": N_("menyiapkan kantor"),
    "create": N_("menambah"),
    "update": N_("mengubah"),
    "delete": N_("menghapus"),
    "login": N_("masuk"),
    "login_failed": N_("gagal masuk"),
    "login_refused": N_("ditolak masuk: akun diubah di luar program"),
    "audit_keyed": N_("mulai mengunci log audit"),
    "reseal": N_("menyegel ulang setelah diperiksa"),
    "repair_files": N_("merapikan berkas folder data"),
    "set_device": N_("mengatur kode perangkat nomor surat"),
    "keys_created": N_("membuat kunci kantor"),
    "keys_backup": N_("mencadangkan kunci kantor"),
    "keys_restored": N_("memulihkan kunci kantor"),
    "keys_rotated": N_("mengganti kunci kantor"),
    "trust_exported": N_("mengekspor berkas kepercayaan"),
    "trust_imported": N_("mengimpor berkas kepercayaan provinsi"),
    "province_key_rotated": N_("menerima kunci provinsi yang baru"),
    "enrollment_imported": N_("menerima pendaftaran kantor"),
    "office_key_revoked": N_("mencabut kunci kantor"),
    "set_role": N_("mengubah peran"),
    "reset_password": N_("mengatur ulang kata sandi"),
    "change_password": N_("mengganti kata sandi"),
    "enable": N_("mengaktifkan"),
    "disable": N_("menonaktifkan"),
    "activate": N_("mengaktifkan kembali"),
    "deactivate": N_("menonaktifkan"),
    "restore": N_("memulihkan dari cadangan"),
    "backup": N_("membuat cadangan"),
    "issue": N_("menerbitkan dokumen"),
    "verify": N_("memeriksa keaslian"),
    "set_logo": N_("mengganti logo kop"),
    "set_scheme": N_("mengubah format nomor"),
    "import": N_("mengimpor dari spreadsheet"),
    "import_update": N_("memperbarui lewat impor"),
    "export": N_("mengekspor"),
    "reindex": N_("membangun ulang indeks pencarian"),
    "invite": N_("mengundang"),
    "uninvite": N_("membatalkan undangan"),
    "mark": N_("mencatat kehadiran"),
    "undo": N_("membatalkan catatan kehadiran"),
    "walk_in": N_("mencatat peserta tanpa undangan"),
    "match": N_("mencocokkan dengan daftar pegawai"),
    "merge": N_("menggabungkan peserta ganda"),
    "attach": N_("melampirkan berkas"),
    "detach": N_("menghapus lampiran"),
    "step": N_("mencatat langkah perkara"),
    "reopen": N_("membuka kembali perkara"),
    "reveal": N_("melihat identitas pelapor/saksi"),
    "set_follow_up": N_("mengatur masa pemantauan tindak lanjut"),
    "custody": N_("mencatat penguasaan bukti"),
    # sync (services/sync_export.py, sync_import.py, sync_receipts.py)
    "bundle_export": N_("membuat bundel sinkronisasi"),
    "bundle_import": N_("menggabung bundel sinkronisasi"),
    "receipt_import": N_("mencatat tanda terima provinsi"),
    "sync_merge": N_("menambah dari bundel"),
    "sync_update": N_("memperbarui dari bundel"),
    "sync_delete": N_("menghapus menurut bundel"),
    "sync_conflict": N_("menyimpan konflik dari bundel"),
    "sync_resolve": N_("memutuskan konflik sinkronisasi"),
    "peer_key_received": N_("menerima kunci segel kantor lain"),
}

# Every table, as the kind of record it holds.
TABLE_WORDS: dict[str, str] = {
    "office": N_("kantor"),
    "user_account": N_("akun pengguna"),
    "audit_log": N_("log audit"),
    "local_meta": N_("data instalasi"),
    "issued_document": N_("dokumen terbit"),
    "document_sequence": N_("urutan nomor dokumen"),
    "numbering_scheme": N_("format nomor"),
    "agency": N_("instansi"),
    "person": N_("pegawai"),
    "election": N_("pemilihan"),
    "pledge_event": N_("acara ikrar"),
    "invitee": N_("undangan ikrar"),
    "attendance": N_("kehadiran"),
    "attachment": N_("lampiran"),
    "sosialisasi": N_("kegiatan sosialisasi"),
    "sosialisasi_speaker": N_("narasumber sosialisasi"),
    "audience_segment": N_("kelompok sasaran"),
    "case_file": N_("perkara"),
    "case_subject": N_("terlapor"),
    "case_party": N_("pelapor/saksi"),
    "case_step": N_("langkah perkara"),
    "case_hearing": N_("klarifikasi"),
    "case_number": N_("nomor perkara"),
    "evidence_custody": N_("riwayat penguasaan bukti"),
    "sync_export": N_("bundel terkirim"),
    "sync_file_ack": N_("lampiran diakui provinsi"),
    "sync_peer": N_("kantor pengirim bundel"),
    "sync_import": N_("laporan impor bundel"),
    "sync_base": N_("versi terakhir digabung"),
    "sync_conflict": N_("konflik sinkronisasi"),
    "peer_key": N_("kunci segel kantor lain"),
}

# Every field an entry's values can hold: the columns of every table and the keys services
# write themselves (an import's counts, an export's file, an attachment's owner).
FIELD_WORDS: dict[str, str] = {
    "assignment_number": N_("nomor surat tugas"),
    "audience_ids": N_("kelompok sasaran"),
    "content_sha256": N_("hash isi dokumen"),
    "desa_code": N_("kode desa/kelurahan"),
    "desa_name": N_("desa/kelurahan"),
    "device": N_("kode perangkat"),
    "ends_at": N_("selesai"),
    "findings": N_("temuan"),
    "follow_up": N_("tindak lanjut"),
    "held": N_("sudah dilaksanakan"),
    "institution": N_("instansi narasumber"),
    "kecamatan_code": N_("kode kecamatan"),
    "kecamatan_name": N_("kecamatan"),
    "letter_issuer": N_("kode penerbit nomor surat"),
    "method": N_("metode"),
    "minutes": N_("notulen"),
    "organiser": N_("penyelenggara"),
    "participants_female": N_("peserta perempuan"),
    "participants_male": N_("peserta laki-laki"),
    "participants_total": N_("jumlah peserta"),
    "partner_name": N_("mitra penyelenggara"),
    "position": N_("urutan"),
    "quarantined": N_("dipindah ke karantina"),
    "removed_temporary": N_("berkas sementara dihapus"),
    "restored": N_("dikembalikan dari karantina"),
    "seal": N_("segel"),
    "secretary_name": N_("nama Kepala Sekretariat"),
    "secretary_nip": N_("NIP Kepala Sekretariat"),
    "stage": N_("tahapan"),
    "supervisor_name": N_("nama pengawas"),
    "supervisor_position": N_("jabatan pengawas"),
    "topic": N_("topik"),
    "venue": N_("tempat"),
    "violations": N_("dugaan pelanggaran"),
    "witness_name": N_("nama saksi Bawaslu"),
    "witness_position": N_("jabatan saksi Bawaslu"),
    # shared bookkeeping
    "id": N_("Id"),
    "origin": N_("Asal data"),
    "created_at": N_("Dibuat"),
    "updated_at": N_("Diubah"),
    "updated_by": N_("Diubah oleh"),
    "revision": N_("Revisi"),
    "deleted": N_("Dihapus"),
    # office
    "code": N_("Kode"),
    "name": N_("Nama"),
    "mode": N_("Tingkat"),
    "province_code": N_("Kode provinsi"),
    "time_zone": N_("Zona waktu"),
    "bawaslu_code": N_("Kode wilayah Bawaslu"),
    "address": N_("Alamat"),
    "phone": N_("Telepon"),
    "email": N_("Surel"),
    "website": N_("Situs web"),
    "city": N_("Kota tempat tanda tangan"),
    "logo_sha256": N_("Logo kop"),
    # local meta, accounts
    "key": N_("Kunci"),
    "value": N_("Nilai"),
    "username": N_("Nama pengguna"),
    "role": N_("Peran"),
    "password_hash": N_("Kata sandi"),
    "failed_logins": N_("Gagal masuk berturut-turut"),
    "locked_until": N_("Terkunci sampai"),
    "last_login_at": N_("Terakhir masuk"),
    # audit log
    "seq": N_("Nomor entri"),
    "at": N_("Waktu"),
    "actor": N_("Oleh"),
    "action": N_("Tindakan"),
    "table_name": N_("Jenis rekaman"),
    "record_id": N_("Rekaman"),
    "old_values": N_("Nilai lama"),
    "new_values": N_("Nilai baru"),
    "note": N_("Catatan"),
    "prev_hash": N_("Hash sebelumnya"),
    "hash": N_("Hash"),
    # documents
    "form": N_("Formulir"),
    "title": N_("Judul"),
    "series": N_("Seri nomor"),
    "year": N_("Tahun"),
    "number": N_("Nomor"),
    "record_kind": N_("Jenis data"),
    "record": N_("Data"),
    "record_label": N_("Data"),
    "sha256": N_("Sidik berkas (SHA-256)"),
    "size": N_("Ukuran (bita)"),
    "pages": N_("Halaman"),
    "issued_by": N_("Diterbitkan oleh"),
    "issued_by_name": N_("Nama penerbit"),
    "issued_at": N_("Diterbitkan"),
    "last": N_("Nomor terakhir"),
    "scheme": N_("Format nomor"),
    # roster
    "name_key": N_("Kunci nama"),
    "short_name": N_("Singkatan"),
    "kind": N_("Jenis"),
    "parent_id": N_("Instansi induk"),
    "head_name": N_("Kepala instansi"),
    "head_nip": N_("NIP kepala"),
    "ppk_name": N_("Pejabat Pembina Kepegawaian"),
    "ppk_title": N_("Jabatan PPK"),
    "active": N_("Aktif"),
    "full_name": N_("Nama lengkap"),
    "status": N_("Status"),
    "nip": N_("NIP"),
    "ni_pppk": N_("NI PPPK"),
    "nik": N_("NIK"),
    "sex": N_("Jenis kelamin"),
    "birth_date": N_("Tanggal lahir"),
    "jabatan": N_("Jabatan"),
    "pangkat_golongan": N_("Pangkat/golongan"),
    "golongan_rank": N_("Urutan golongan"),
    "unit_kerja": N_("Unit kerja"),
    "agency_id": N_("Instansi"),
    "agency": N_("Instansi"),
    "problems": N_("Catatan data"),
    "indexed": N_("Pegawai terindeks"),
    # imports and exports
    "file": N_("Berkas"),
    "sheet": N_("Lembar"),
    "mapping": N_("Kolom yang dipakai"),
    "added": N_("Ditambah"),
    "updated": N_("Diperbarui"),
    "unchanged": N_("Tidak berubah"),
    "refused": N_("Ditolak"),
    "skipped": N_("Dilewati"),
    "rows": N_("Baris"),
    "query": N_("Saringan"),
    # pledges
    "election_id": N_("Pemilihan"),
    "voting_date": N_("Hari pemungutan suara"),
    "starts_at": N_("Waktu acara"),
    "place": N_("Tempat"),
    "organiser_kind": N_("Penyelenggara"),
    "organiser_agency_id": N_("Instansi penyelenggara"),
    "organiser_name": N_("Nama penyelenggara"),
    "reader_name": N_("Pembaca ikrar"),
    "reader_position": N_("Jabatan pembaca ikrar"),
    "signer_name": N_("Penanda tangan"),
    "signer_position": N_("Jabatan penanda tangan"),
    "signer_nip": N_("NIP penanda tangan"),
    "pledge_text": N_("Teks ikrar"),
    "notes": N_("Catatan"),
    "invited_agency_ids": N_("Instansi yang diundang"),
    "event_id": N_("Acara ikrar"),
    "person_id": N_("Pegawai"),
    "agency_name": N_("Nama instansi"),
    "walk_in": N_("Datang tanpa undangan"),
    "invitee_id": N_("Peserta"),
    "marked_at": N_("Dicatat pada"),
    "marked_by": N_("Dicatat oleh"),
    "merged_into": N_("Digabung ke"),
    "events": N_("Acara"),
    "invitees": N_("Peserta"),
    "marks": N_("Catatan kehadiran"),
    "walk_ins": N_("Peserta tanpa undangan"),
    # attachments
    "owner": N_("Milik"),
    "owner_table": N_("Jenis pemilik"),
    "owner_id": N_("Pemilik"),
    "media_type": N_("Jenis berkas"),
    "original_name": N_("Nama berkas"),
    "caption": N_("Keterangan"),
    "added_by": N_("Ditambahkan oleh"),
    "added_at": N_("Ditambahkan"),
    # cases
    "account": N_("Uraian kejadian"),
    "actor_name": N_("Nama pencatat"),
    "attendance": N_("Kehadiran"),
    "case_id": N_("Perkara"),
    "case_number_device": N_("Komputer penomoran perkara"),
    "category_code": N_("Kategori pelanggaran"),
    "correction_number": N_("Nomor koreksi"),
    "days": N_("Hari"),
    "decided_date": N_("Tanggal putusan"),
    "documents": N_("Dokumen"),
    "due_article": N_("Dasar tenggat"),
    "due_date": N_("Tenggat"),
    "due_rule": N_("Jenis tenggat"),
    "effective_date": N_("Tanggal langkah"),
    "election_code": N_("Kode jenis pemilihan"),
    "event_date": N_("Tanggal kejadian"),
    "fields": N_("Isian yang diubah"),
    "follow_up_note": N_("Catatan tindak lanjut"),
    "forward_number": N_("Nomor penerusan"),
    "forwarded_date": N_("Tanggal penerusan"),
    "from_status": N_("Status sebelumnya"),
    "gakkumdu_date": N_("Tanggal hasil Gakkumdu"),
    "gakkumdu_outcome": N_("Hasil Sentra Gakkumdu"),
    "heard_as": N_("Diklarifikasi sebagai"),
    "identity": N_("Identitas (tersegel)"),
    "intake_number": N_("Nomor penyampaian laporan"),
    "invitation_date": N_("Tanggal undangan"),
    "known_date": N_("Tanggal diketahui"),
    "late": N_("Terlambat"),
    "late_reason": N_("Alasan terlambat"),
    "locked": N_("Terkunci (sudah diputus)"),
    "numbers": N_("Nomor yang diambil"),
    "oath": N_("Sumpah"),
    "online": N_("Daring"),
    "online_reason": N_("Alasan daring"),
    "origin_kind": N_("Asal perkara"),
    "outcome": N_("Hasil"),
    "outcome_note": N_("Pertimbangan"),
    "party_id": N_("Pelapor/saksi"),
    "pseudonym": N_("Nama samaran"),
    "reason": N_("Alasan"),
    "received_date": N_("Tanggal diterima"),
    "recipient": N_("Penerima"),
    "recording_id": N_("Rekaman"),
    "register_number": N_("Nomor register"),
    "registered_date": N_("Tanggal registrasi"),
    "ruleset": N_("Tata cara"),
    "sanction": N_("Sanksi"),
    "sanction_date": N_("Tanggal keputusan sanksi"),
    "sanction_number": N_("Nomor keputusan sanksi"),
    "scheduled_at": N_("Waktu klarifikasi"),
    "second_invitation_date": N_("Tanggal undangan kedua"),
    "standing": N_("Kedudukan pelapor"),
    "statement": N_("Keterangan"),
    "step": N_("Langkah"),
    "step_values": N_("Isian langkah"),
    "subject_id": N_("Terlapor"),
    "taken_on": N_("Tanggal nomor"),
    "to_status": N_("Status sesudahnya"),
    "confidential": N_("Rahasia"),
    "stored_sha256": N_("Sidik berkas tersegel (SHA-256)"),
    "source": N_("Asal bukti"),
    "corrects_id": N_("Mengoreksi bukti"),
    "removed_reason": N_("Alasan dicabut"),
    "evidence_max_mb": N_("Batas ukuran berkas bukti (MB)"),
    # evidence custody
    "attachment_id": N_("Bukti"),
    "custody_action": N_("Tindakan atas bukti"),
    "actor_role": N_("Peran"),
    "target": N_("Tujuan"),
    "purpose": N_("Keperluan"),
    # sync
    "acknowledged_at": N_("diakui pada"),
    "acknowledged_seq": N_("tanda terima terakhir"),
    "base_revision": N_("revisi yang digabung"),
    "base_updated_at": N_("waktu versi yang digabung"),
    "basis": N_("dasar"),
    "bundle_created_at": N_("bundel dibuat"),
    "bundle_name": N_("nama bundel"),
    "chain_head": N_("ujung rantai log audit"),
    "chain_mac": N_("MAC ujung rantai"),
    "chain_seq": N_("nomor ujung rantai"),
    "choice": N_("pilihan"),
    "clock": N_("cap waktu"),
    "conflict": N_("konflik"),
    "conflicting": N_("konflik"),
    "counts": N_("jumlah"),
    "created_by": N_("dibuat oleh"),
    "detected_at": N_("ditemukan pada"),
    "file_name": N_("nama berkas"),
    "files": N_("lampiran"),
    "files_new": N_("lampiran baru"),
    "files_received": N_("lampiran diterima"),
    "imported_at": N_("digabung pada"),
    "imported_by": N_("digabung oleh"),
    "incoming_record": N_("versi kiriman"),
    "incoming_revision": N_("revisi kiriman"),
    "incoming_updated_at": N_("waktu versi kiriman"),
    "last_created_at": N_("bundel terakhir dibuat"),
    "last_imported_at": N_("terakhir digabung"),
    "last_manifest_sha256": N_("hash manifest terakhir"),
    "last_seq": N_("nomor bundel terakhir"),
    "local_revision": N_("revisi di sini"),
    "local_updated_at": N_("waktu versi di sini"),
    "local_values": N_("versi di sini"),
    "manifest_sha256": N_("hash manifest"),
    "merged_clock": N_("digabung pada (jam logis)"),
    "missing_seqs": N_("bundel tidak diterima"),
    "new": N_("baru"),
    "office": N_("kantor"),
    "office_code": N_("kode kantor"),
    "office_name": N_("nama kantor"),
    "other": N_("rekaman lain"),
    "other_id": N_("rekaman lain"),
    "province": N_("provinsi"),
    # peer_key (issue 15): another office's key, kept sealed
    "data_key_id": N_("sidik kunci data"),
    "sealed_key": N_("kunci tersegel"),
    "received_at": N_("diterima pada"),
    "bundle_seq": N_("nomor bundel"),
    "purposes": N_("keperluan kunci"),
    "resolution": N_("keputusan"),
    "resolved_at": N_("diputuskan pada"),
    "resolved_by": N_("diputuskan oleh"),
    "row_id": N_("rekaman"),
    "rows_received": N_("baris diterima"),
    "rows_sha256": N_("hash baris"),
    "since": N_("perubahan sejak"),
    "tombstoned": N_("dihapus"),
}

# A field whose meaning depends on the table it is in.
TABLE_FIELD_WORDS: dict[tuple[str, str], str] = {
    ("attendance", "status"): N_("Kehadiran"),
    ("person", "status"): N_("Status kepegawaian"),
    ("invitee", "status"): N_("Status kepegawaian"),
    ("agency", "name"): N_("Nama instansi"),
    ("election", "name"): N_("Nama pemilihan"),
    ("office", "name"): N_("Nama kantor"),
    ("attendance", "note"): N_("Keterangan"),
    ("sync_base", "source"): N_("kantor pengirim"),
    ("sync_conflict", "source"): N_("kantor pengirim"),
}

# Fields holding the id of another record: shown as that record's label.
ID_FIELDS: dict[str, str] = {
    "person_id": "person",
    "invitee_id": "invitee",
    "event_id": "pledge_event",
    "agency_id": "agency",
    "organiser_agency_id": "agency",
    "parent_id": "agency",
    "election_id": "election",
    "merged_into": "invitee",
    "attachment_id": "attachment",
    "corrects_id": "attachment",
    "owner_id": "",  # the table is in owner_table (see _owner)
    "case_id": "case_file",
    "subject_id": "case_subject",
    "party_id": "case_party",
}
# Fields holding a JSON list of agency ids.
ID_LIST_FIELDS: dict[str, str] = {"invited_agency_ids": "agency"}
TIME_FIELDS = frozenset(
    {
        "created_at",
        "starts_at",
        "marked_at",
        "added_at",
        "issued_at",
        "locked_until",
        "last_login_at",
        "scheduled_at",
    }
)

# Bookkeeping a person does not read (the record's own id, sync stamps, derived keys).
HIDDEN_FIELDS = frozenset({"id", "origin", "updated_at", "updated_by", "revision", "name_key"})
# Shown when they change, not in a new record's values.
HIDDEN_ON_CREATE = frozenset({"created_at", "deleted", "golongan_rank", "problems"})

# Notes the program writes (in Indonesian, the log's language); shown in the current one.
NOTE_TEMPLATES: tuple[str, ...] = (
    N_("percobaan ke-{n}"),
    N_("impor {file}"),
    N_("impor {file}, baris {row}"),
    N_("dari impor {file}"),
    N_("ekspor daftar pegawai"),
    N_("ekspor rekap kehadiran"),
    N_("dipulihkan dari {name}"),
    N_("{n} catatan kehadiran"),
    N_("tidak ditemukan"),
    N_("ditemukan"),
    N_("berkas cocok"),
    N_("berkas TIDAK cocok"),
    N_("terlapor ditambah"),
    N_("nomor diambil"),
    N_("tenggat"),
    N_("identitas tersegel diubah"),
    N_("komputer ini menjadi komputer penomoran perkara"),
    N_("penomoran perkara dipindahkan ke komputer ini"),
)


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    pattern = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{pattern}$", re.DOTALL)


# The most specific template first: "impor {file}, baris {row}" before "impor {file}".
_NOTE_PATTERNS = [
    (t, _template_pattern(t))
    for t in sorted(NOTE_TEMPLATES, key=lambda t: -len(re.sub(r"\{\w+\}", "", t)))
]


def action_words(action: str) -> str:
    return _(ACTION_WORDS[action]) if action in ACTION_WORDS else action


def table_words(table: str) -> str:
    return _(TABLE_WORDS[table]) if table in TABLE_WORDS else table


def field_words(table: str, name: str) -> str:
    words = TABLE_FIELD_WORDS.get((table, name)) or FIELD_WORDS.get(name)
    return _(words) if words else name


def note_words(note: str) -> str:
    """A note the program wrote, in the current language (a person's own note as typed)."""
    for template, pattern in _NOTE_PATTERNS:
        found = pattern.match(note)
        if found:
            return _(template).format(**found.groupdict())
    return note


def matching_codes(text: str) -> tuple[list[str], list[str]]:
    """The actions and tables whose words (in the current language) contain ``text``: the log
    page's search finds "kehadiran" as well as "mark"."""
    needle = text.strip().casefold()
    if not needle:
        return [], []
    actions = [a for a in ACTION_WORDS if needle in action_words(a).casefold()]
    tables = [t for t in TABLE_WORDS if needle in table_words(t).casefold()]
    return actions, tables


def label_text(label: RecordLabel | None, *, format_time: Any = None) -> str:
    """ "Budi Santoso (19800101…) — Ikrar Netralitas ASN", "Rapat koordinasi, 19 Nov 2024"."""
    if label is None:
        return ""
    text = label.name
    if label.code:
        text = f"{text} ({label.code})" if text else label.code
    if label.context:
        text = f"{text} — {label.context}"
    if label.at and format_time is not None:
        text = f"{text}, {format_time(label.at)}"
    return text


@dataclass(frozen=True)
class Change:
    field: str  # the field's label
    old: str
    new: str


@dataclass(frozen=True)
class EntryText:
    """One audit entry as a person reads it."""

    entry: AuditRow
    when: str  # the entry's time, in the office's zone (to the second)
    time_zone: str  # that zone's name: WIB, WITA, WIT
    action: str
    kind: str
    record: str
    note: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    @property
    def seq(self) -> int:
        return self.entry.seq

    @property
    def at(self) -> str:
        return self.entry.at

    @property
    def actor(self) -> str:
        return self.entry.actor

    def summary(self) -> str:
        """The changes on one line: "Jabatan: A → B; Telepon: — → 0812"."""
        return "; ".join(f"{c.field}: {c.old} → {c.new}" for c in self.changes)

    def details(self) -> str:
        """The note, then the changes, on one line (the log page's last column)."""
        return "; ".join(part for part in (self.note, self.summary()) if part)


def values_of(entry: AuditRow) -> tuple[dict[str, Any], dict[str, Any]]:
    def load(raw: str | None) -> dict[str, Any]:
        if not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    return load(entry.old_values), load(entry.new_values)


def referenced_ids(entries: Iterable[AuditRow]) -> dict[str, set[str]]:
    """table -> ids that the entries' values point at (to look their labels up in one go)."""
    wanted: dict[str, set[str]] = {}
    for entry in entries:
        for values in values_of(entry):
            for key, table, value in _references(values):
                del key
                wanted.setdefault(table, set()).add(value)
    return wanted


def _references(values: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for key, value in values.items():
        if key in ID_FIELDS and ID_FIELDS[key] and isinstance(value, str):
            yield key, ID_FIELDS[key], value
        elif key in ID_LIST_FIELDS:
            for item in _id_list(value):
                yield key, ID_LIST_FIELDS[key], item
        elif key == "owner" and isinstance(value, str) and "/" in value:
            table, _sep, owner_id = value.partition("/")
            yield key, table, owner_id
    owner_kind, owner_key = values.get("owner_table"), values.get("owner_id")
    if isinstance(owner_kind, str) and isinstance(owner_key, str):
        yield "owner_id", owner_kind, owner_key


def _id_list(value: Any) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return [str(v) for v in value] if isinstance(value, list) else []


class Describer:
    """Turns entries into words, with the labels of the records they speak of.

    ``labels`` maps (table, id) to a label; ``format_time`` shows an iso_utc moment in the
    office's zone."""

    def __init__(
        self,
        labels: dict[tuple[str, str], RecordLabel],
        format_time: Any = None,
        format_when: Any = None,
        time_zone: str = "",
    ) -> None:
        self._time_zone = time_zone
        self._labels = labels
        self._format_time = format_time or (lambda iso: iso)
        self._format_when = format_when or self._format_time

    def describe(self, row: LabelledAuditRow, *, person_view: bool = False) -> EntryText:
        entry = row.entry
        old, new = values_of(entry)
        record = label_text(row.label, format_time=self._format_time)
        action = action_words(entry.action)
        changes: tuple[Change, ...] = ()
        if entry.action == "import" and entry.table_name == "person" and row.label is None:
            # An import's summary: its values are totals of the whole file.
            record = str(new.get("file") or "")
            if person_view:
                action = _("ditambahkan lewat impor")
            else:
                changes = self._changes(entry.table_name, {}, new)
        elif entry.action == "reindex":
            changes = self._changes(entry.table_name, {}, new)
        else:
            changes = self._changes(entry.table_name, old, new)
        if person_view:  # the person's own history: "Peserta: <that person>" says nothing
            changes = tuple(c for c in changes if c.field not in _person_fields())
        if not record and row.label is None and entry.record_id not in ("", "-"):
            record = _gone_or_code(entry.record_id)
        return EntryText(
            entry=entry,
            when=self._format_when(entry.at),
            time_zone=self._time_zone,
            action=action,
            kind=table_words(entry.table_name),
            record=record,
            note=note_words(entry.note),
            changes=changes,
        )

    def _changes(self, table: str, old: dict[str, Any], new: dict[str, Any]) -> tuple[Change, ...]:
        keys = [
            k
            for k in (*old, *[k for k in new if k not in old])
            if k not in HIDDEN_FIELDS and not (not old and k in HIDDEN_ON_CREATE)
        ]
        # The record's own values first: the ids (the ceremony, the person) mostly repeat
        # what the record's label already says.
        keys.sort(key=lambda k: k in ID_FIELDS)
        return tuple(
            Change(
                field_words(table, key),
                self.value_text(table, key, old.get(key)) if key in old else "—",
                self.value_text(table, key, new.get(key)) if key in new else "—",
            )
            for key in keys
        )

    def value_text(self, table: str, key: str, value: Any) -> str:
        if value is None or value == "":
            return "—"
        if value == REDACTED:
            return _("(disembunyikan)")
        if isinstance(value, bool):
            return _("ya") if value else _("tidak")
        if key in ID_FIELDS and isinstance(value, str):
            target = ID_FIELDS[key]
            return self._label_of(target, value) if target else value
        if key in ID_LIST_FIELDS:
            names = [self._label_of(ID_LIST_FIELDS[key], i) for i in _id_list(value)]
            return ", ".join(names) or "—"
        if key == "owner" and isinstance(value, str) and "/" in value:
            owner_table, _sep, owner_id = value.partition("/")
            return f"{table_words(owner_table)}: {self._label_of(owner_table, owner_id)}"
        if key == "owner_table" and isinstance(value, str):
            return table_words(value)
        if key in TIME_FIELDS and isinstance(value, str):
            try:
                return str(self._format_time(value))
            except ValueError:  # not a moment after all: as written
                return value
        if key == "birth_date" and isinstance(value, str):
            return _date_text(value)
        coded = _coded_value(table, key, value)
        if coded is not None:
            return coded
        if isinstance(value, dict):
            return ", ".join(f"{k}: {v}" for k, v in value.items())
        if isinstance(value, list):
            return ", ".join(str(v) for v in value)
        text = str(value)
        return text if len(text) <= 160 else text[:157] + "…"

    def _label_of(self, table: str, record_id: str) -> str:
        label = self._labels.get((table, record_id))
        if label is None:
            return _gone_or_code(record_id)
        return label_text(label, format_time=self._format_time) or record_id


def _person_fields() -> set[str]:
    return {field_words("", "person_id"), field_words("", "invitee_id")}


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def _gone_or_code(record_id: str) -> str:
    """A record no longer in this database (or of a kind with no label): never a bare UUID."""
    if _UUID.match(record_id):
        return _("(tidak ada lagi di basis data ini)")
    return record_id


def _date_text(value: str) -> str:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return value
    from babel.dates import format_date

    from netral_desktop.i18n import current_language

    return format_date(day, "d MMMM y", locale=current_language())


def _coded_value(table: str, key: str, value: Any) -> str | None:
    """A stored code in words (a status, a role, a kind), None when it is not one."""
    from netral_desktop.core.pledge import AttendanceStatus, ElectionKind, OrganiserKind
    from netral_desktop.core.roles import Role, role_label
    from netral_desktop.core.roster import AgencyKind, PersonStatus

    if not isinstance(value, str):
        return None
    enums: dict[tuple[str, str], Any] = {
        ("attendance", "status"): AttendanceStatus,
        ("person", "status"): PersonStatus,
        ("invitee", "status"): PersonStatus,
        ("agency", "kind"): AgencyKind,
        ("election", "kind"): ElectionKind,
        ("pledge_event", "organiser_kind"): OrganiserKind,
    }
    enum = enums.get((table, key))
    try:
        if enum is not None:
            return str(enum(value).label)
        if key == "role":
            return role_label(Role(value))
    except ValueError:
        return None
    if key == "sex":
        return {"L": _("Laki-laki"), "P": _("Perempuan")}.get(value)
    if key == "mode":
        return {"district": _("kabupaten/kota"), "province": _("provinsi")}.get(value)
    return None


def format_moment(format_local: Any) -> Any:
    """``format_local(datetime)`` as a function of an iso_utc string."""

    def show(iso: str) -> str:
        moment: datetime = parse_iso_utc(iso)
        return str(format_local(moment))

    return show

"""Tables. Synced tables derive from ``SyncedRow`` (design.md §3); local ones do not."""

from __future__ import annotations

from sqlalchemy import Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

# Bumped by every migration: the Alembic head this program writes. A test keeps it equal to
# the newest file in migrations/versions, so opening a database needs no Alembic import.
SCHEMA_VERSION = "0018"
# Every revision this program knows, oldest first; one not listed is from a newer version.
SCHEMA_HISTORY = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0008",
    "0009",
    "0013",
    "0014",
    "0015",
    "0017",
    "0018",
)


class SyncedRow(SQLModel):
    """Columns every synced row carries; synced rows are never hard-deleted."""

    id: str = Field(primary_key=True, max_length=36)
    origin: str = Field(max_length=64)  # "<office code>/<device id>"
    created_at: str = Field(max_length=32)  # iso_utc
    updated_at: str = Field(index=True, max_length=40)  # hybrid logical clock stamp
    updated_by: str = Field(max_length=64)
    revision: int = Field(default=1)
    deleted: bool = Field(default=False)


class Office(SyncedRow, table=True):
    """The office this data folder belongs to (one row)."""

    __tablename__ = "office"

    code: str = Field(max_length=8, unique=True)  # Kemendagri kode wilayah: 34.02, or 34
    name: str = Field(max_length=200)
    mode: str = Field(max_length=16)  # district | province
    province_code: str = Field(max_length=2)
    time_zone: str = Field(max_length=4)  # WIB | WITA | WIT
    bawaslu_code: str | None = Field(default=None, max_length=8)
    address: str = Field(default="", max_length=300)
    phone: str = Field(default="", max_length=60)
    email: str = Field(default="", max_length=120)
    website: str = Field(default="", max_length=120)  # printed on the letterhead
    city: str = Field(default="", max_length=100)  # place printed in signature blocks
    # The letterhead's logo: SHA-256 of an image in the attachments folder, None for none.
    logo_sha256: str | None = Field(default=None, max_length=64)
    # Who signs the office's papers (Ketua and Anggota have no NIP) and the issuer part of
    # its letter numbers (tata naskah dinas); data the office sets.
    head_name: str = Field(default="", max_length=200)  # Ketua
    secretary_name: str = Field(default="", max_length=200)  # Kepala Sekretariat
    secretary_nip: str | None = Field(default=None, max_length=18)
    letter_issuer: str = Field(default="", max_length=40)
    # The device id of the computer that takes Perbawaslu case numbers (they have no device
    # part, so one computer of the office keeps the register); None: the first to need one.
    case_number_device: str | None = Field(default=None, max_length=64)
    evidence_max_mb: int = Field(default=200)  # largest evidence file accepted (issue 13)
    # HMAC of the sealed columns under the audit key (core/audit_chain.py SEALED_FIELDS).
    seal: str | None = Field(default=None, max_length=64)


class LocalMeta(SQLModel, table=True):
    """Facts about this installation (never synced): installation id, device id, key store."""

    __tablename__ = "local_meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(max_length=1000)


class User(SQLModel, table=True):
    """An account of this installation (local: accounts are not synced)."""

    __tablename__ = "user_account"

    id: str = Field(primary_key=True, max_length=36)
    username: str = Field(unique=True, max_length=32)
    full_name: str = Field(max_length=200)
    role: str = Field(max_length=16)
    password_hash: str = Field(max_length=200)
    active: bool = Field(default=True)
    failed_logins: int = Field(default=0)
    locked_until: str | None = Field(default=None, max_length=32)
    created_at: str = Field(max_length=32)
    last_login_at: str | None = Field(default=None, max_length=32)
    # HMAC of the sealed columns under the audit key (core/audit_chain.py SEALED_FIELDS).
    seal: str | None = Field(default=None, max_length=64)


class AuditEntry(SQLModel, table=True):
    """One append-only, hash-chained entry of the audit log."""

    __tablename__ = "audit_log"

    seq: int | None = Field(default=None, primary_key=True)
    at: str = Field(max_length=32, index=True)
    actor: str = Field(max_length=64, index=True)  # username, or "system"
    action: str = Field(max_length=40)
    table_name: str = Field(max_length=64, index=True)
    record_id: str = Field(max_length=64, index=True)
    old_values: str | None = None  # JSON
    new_values: str | None = None  # JSON
    note: str = Field(default="", max_length=500)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class IssuedDocument(SyncedRow, table=True):
    """Every official document issued: its number, verification code and the PDF's hash.

    The PDF itself is kept content-addressed in the attachments folder under ``sha256``.
    """

    __tablename__ = "issued_document"
    __table_args__ = (
        UniqueConstraint("series", "year", "seq", name="uq_issued_document_seq"),
        Index("ix_issued_document_record", "record_kind", "record_id", "form"),
    )

    form: str = Field(max_length=64, index=True)
    title: str = Field(max_length=200)
    series: str | None = Field(default=None, max_length=64)
    year: int | None = None
    seq: int | None = None
    number: str | None = Field(default=None, max_length=200, index=True)
    code: str = Field(max_length=16, unique=True)  # verification code, "ABCDE-FGHJK"
    record_kind: str = Field(max_length=64)
    record_id: str = Field(max_length=300)
    record_label: str = Field(default="", max_length=300)
    sha256: str = Field(max_length=64)
    size: int
    pages: int
    issued_by: str = Field(max_length=64)  # username
    issued_by_name: str = Field(default="", max_length=200)
    issued_at: str = Field(max_length=32, index=True)  # iso_utc
    # What the paper says (form, number, values) hashed: printed in its QR code, and the
    # same content is not issued twice (reopening shows the issued copy).
    content_sha256: str | None = Field(default=None, max_length=64)
    # HMAC of the sealed columns under the audit key (core/audit_chain.py SEALED_FIELDS).
    seal: str | None = Field(default=None, max_length=64)


class DocumentSequence(SQLModel, table=True):
    """The last number issued per series and year (local: numbers are this office's own)."""

    __tablename__ = "document_sequence"

    series: str = Field(primary_key=True, max_length=64)
    year: int = Field(primary_key=True)
    last: int = Field(default=0)


class NumberingScheme(SQLModel, table=True):
    """The office's own format for a series, replacing the form spec's default."""

    __tablename__ = "numbering_scheme"

    series: str = Field(primary_key=True, max_length=64)
    scheme: str = Field(max_length=200)
    updated_at: str = Field(max_length=32)
    updated_by: str = Field(max_length=64)
    # HMAC of the sealed columns under the audit key (core/audit_chain.py SEALED_FIELDS).
    seal: str | None = Field(default=None, max_length=64)


class Agency(SyncedRow, table=True):
    """An agency (instansi / OPD): a dinas, badan, kecamatan, school, hospital, ..."""

    __tablename__ = "agency"

    name: str = Field(max_length=200)
    name_key: str = Field(max_length=200, index=True)  # folded name, for matching and sorting
    short_name: str = Field(default="", max_length=60)
    kind: str = Field(default="lainnya", max_length=20)  # core.roster.AgencyKind
    parent_id: str | None = Field(default=None, foreign_key="agency.id", max_length=36)
    address: str = Field(default="", max_length=300)
    head_name: str = Field(default="", max_length=200)  # kepala instansi
    head_nip: str | None = Field(default=None, max_length=18)
    ppk_name: str = Field(default="", max_length=200)  # Pejabat Pembina Kepegawaian
    ppk_title: str = Field(default="", max_length=200)  # e.g. "Bupati Bantul"
    active: bool = Field(default=True)


class Person(SyncedRow, table=True):
    """A civil servant (PNS, PPPK) or non-ASN staff member of an agency.

    ``full_name`` keeps titles as written; ``name_key`` is the name without titles, folded,
    for sorting, short-prefix search and matching. ``birth_date`` comes from the NIP (else
    the NIK). ``problems`` holds the codes of warnings kept on the record (core.problems).
    The search index ``person_search`` (FTS5 on SQLite, pg_trgm on PostgreSQL) follows this
    table through triggers (store/search.py).
    """

    __tablename__ = "person"
    __table_args__ = (
        # Name order (default sort, prefix search) and name + birth date (import matching).
        Index("ix_person_name_birth", "name_key", "birth_date"),
        Index("ix_person_agency_name", "agency_id", "name_key"),
        Index("ix_person_nip", "nip", sqlite_where=text("nip IS NOT NULL")),
        Index("ix_person_ni_pppk", "ni_pppk", sqlite_where=text("ni_pppk IS NOT NULL")),
        Index("ix_person_nik", "nik", sqlite_where=text("nik IS NOT NULL")),
    )

    full_name: str = Field(max_length=200)
    name_key: str = Field(max_length=200)
    status: str = Field(max_length=8)  # core.roster.PersonStatus
    nip: str | None = Field(default=None, max_length=18)
    ni_pppk: str | None = Field(default=None, max_length=18)
    nik: str | None = Field(default=None, max_length=16)
    sex: str | None = Field(default=None, max_length=1)  # L | P
    birth_date: str | None = Field(default=None, max_length=10)  # ISO date
    jabatan: str = Field(default="", max_length=200)
    pangkat_golongan: str = Field(default="", max_length=100)  # as written
    golongan_rank: int = Field(default=0)  # 1 (I/a) .. 17 (IV/e), 0 unknown: for sorting
    unit_kerja: str = Field(default="", max_length=200)
    agency_id: str | None = Field(default=None, foreign_key="agency.id", max_length=36)
    phone: str = Field(default="", max_length=40)
    active: bool = Field(default=True)
    problems: str = Field(default="", max_length=300)


class Election(SyncedRow, table=True):
    """An election pledges are taken for: Pemilu 2024 and Pilkada 2024 are seeded (with the
    same ids in every office, so bundles agree); offices add others."""

    __tablename__ = "election"

    name: str = Field(max_length=100)
    kind: str = Field(default="lainnya", max_length=16)  # core.pledge.ElectionKind
    year: int
    voting_date: str | None = Field(default=None, max_length=10)  # ISO date


class PledgeEvent(SyncedRow, table=True):
    """A pledge ceremony (ikrar netralitas): when, where, who organises, reads and signs."""

    __tablename__ = "pledge_event"

    title: str = Field(max_length=300)
    election_id: str | None = Field(default=None, foreign_key="election.id", max_length=36)
    starts_at: str = Field(max_length=32, index=True)  # iso_utc; shown in the office's zone
    place: str = Field(default="", max_length=300)
    organiser_kind: str = Field(default="bawaslu", max_length=16)  # core.pledge.OrganiserKind
    organiser_agency_id: str | None = Field(default=None, foreign_key="agency.id", max_length=36)
    organiser_name: str = Field(default="", max_length=200)
    reader_name: str = Field(default="", max_length=200)  # who reads the pledge out
    reader_position: str = Field(default="", max_length=200)
    signer_name: str = Field(default="", max_length=200)  # who signs the attendance sheet
    signer_position: str = Field(default="", max_length=200)
    signer_nip: str | None = Field(default=None, max_length=18)
    witness_name: str = Field(default="", max_length=200)  # for Bawaslu, at others' events
    witness_position: str = Field(default="", max_length=200)
    pledge_text: str = Field(default="", sa_type=Text)
    notes: str = Field(default="", sa_type=Text)
    invited_agency_ids: str = Field(default="[]", sa_type=Text)  # JSON list of agency ids
    # "ikrar" (a pledge ceremony) or "sosialisasi" (a socialization event, whose own facts are
    # in ``sosialisasi``): both kinds share invitees, attendance marks and signed scans.
    kind: str = Field(default="ikrar", max_length=16, index=True)


class Invitee(SyncedRow, table=True):
    """Someone expected at (or who came to) a ceremony.

    Name, NIP, post and agency are copied from the roster when invited, so sheets and recaps
    keep showing the person as they were; a walk-in has no ``person_id`` until matched.
    ``nip`` holds the NIP or NI PPPK digits.
    """

    __tablename__ = "invitee"
    __table_args__ = (
        Index("ix_invitee_event_order", "event_id", "agency_name", "name_key"),
        Index("ix_invitee_event_nip", "event_id", "nip"),
        Index("ix_invitee_person", "person_id", sqlite_where=text("person_id IS NOT NULL")),
    )

    event_id: str = Field(foreign_key="pledge_event.id", max_length=36)
    person_id: str | None = Field(default=None, foreign_key="person.id", max_length=36)
    full_name: str = Field(max_length=200)
    name_key: str = Field(max_length=200)
    nip: str | None = Field(default=None, max_length=18)
    status: str = Field(default="", max_length=8)  # roster status; "" for an unknown walk-in
    jabatan: str = Field(default="", max_length=200)
    unit_kerja: str = Field(default="", max_length=200)
    agency_id: str | None = Field(default=None, foreign_key="agency.id", max_length=36)
    agency_name: str = Field(default="", max_length=200)
    walk_in: bool = Field(default=False)


class Attendance(SyncedRow, table=True):
    """One mark of an invitee's attendance. Marks are only added: the newest live one is the
    invitee's status; undo tombstones a mark (so two laptops at the door never conflict)."""

    __tablename__ = "attendance"
    __table_args__ = (
        Index("ix_attendance_invitee", "invitee_id", "marked_at"),
        Index("ix_attendance_event", "event_id", "marked_by", "marked_at"),
    )

    event_id: str = Field(foreign_key="pledge_event.id", max_length=36)
    invitee_id: str = Field(foreign_key="invitee.id", max_length=36)
    status: str = Field(max_length=20)  # core.pledge.AttendanceStatus
    note: str = Field(default="", max_length=300)
    marked_at: str = Field(max_length=32)  # iso_utc
    marked_by: str = Field(max_length=64)  # username


class Attachment(SyncedRow, table=True):
    """A file kept as evidence (a scan of a signed sheet, a photo): stored content-addressed
    under its SHA-256 in the attachments folder and never changed once recorded."""

    __tablename__ = "attachment"
    __table_args__ = (Index("ix_attachment_owner", "owner_table", "owner_id"),)

    owner_table: str = Field(max_length=64)  # "pledge_event", ...
    owner_id: str = Field(max_length=36)
    sha256: str = Field(max_length=64, index=True)
    size: int
    media_type: str = Field(max_length=100)  # a Word document's type is 71 characters
    original_name: str = Field(default="", max_length=260)
    caption: str = Field(default="", max_length=300)
    added_by: str = Field(max_length=64)  # username
    added_at: str = Field(max_length=32)  # iso_utc
    # Issue 13: evidence marked confidential is stored sealed with the office data key
    # (services/at_rest.py); ``sha256`` stays the plain bytes' hash (duplicates, integrity)
    # and ``stored_sha256`` names the sealed file under attachments/ (None: stored plain).
    confidential: bool = Field(default=False)
    stored_sha256: str | None = Field(default=None, max_length=64, index=True)
    source: str = Field(default="", max_length=32)  # core/evidence.py SOURCES
    corrects_id: str | None = Field(default=None, max_length=36)  # the item it corrects
    removed_reason: str = Field(default="", max_length=300)  # why it was withdrawn


class EvidenceCustody(SyncedRow, table=True):
    """One entry of an evidence item's custody log: received, viewed, exported, printed or
    withdrawn, by whom (and in which role), when, where to, and why. Append-only (a row is
    never updated); synced with the item so the province sees a forwarded case's custody."""

    __tablename__ = "evidence_custody"
    __table_args__ = (Index("ix_evidence_custody_item", "attachment_id", "at"),)

    attachment_id: str = Field(foreign_key="attachment.id", max_length=36)
    action: str = Field(max_length=16)  # core/evidence.py CUSTODY_ACTIONS
    actor: str = Field(max_length=64)  # username
    actor_role: str = Field(max_length=16)
    at: str = Field(max_length=32)  # iso_utc
    target: str = Field(default="", max_length=500)  # where to: a file, a printer, the screen
    purpose: str = Field(default="", max_length=300)  # why, in the person's words
    sha256: str = Field(max_length=64)  # the plain bytes handed out


class Sosialisasi(SyncedRow, table=True):
    """A socialization event's own facts; its id is its ``pledge_event`` row's id (title,
    election, start, place words, organiser and the attendance sheet's signer live there)."""

    __tablename__ = "sosialisasi"

    event_id: str = Field(foreign_key="pledge_event.id", max_length=36, unique=True)
    ends_at: str | None = Field(default=None, max_length=32)  # iso_utc
    kecamatan_code: str = Field(default="", max_length=13, index=True)  # kode wilayah
    kecamatan_name: str = Field(default="", max_length=100)
    desa_code: str = Field(default="", max_length=13)
    desa_name: str = Field(default="", max_length=100)
    venue: str = Field(default="", max_length=300)  # the building: "Balai Kalurahan Trirenggo"
    organiser: str = Field(default="bawaslu", max_length=16)  # core.sosialisasi.Organiser
    partner_name: str = Field(default="", max_length=200)  # the partner, for ``mitra``
    method: str = Field(default="tatap_muka", max_length=16)  # core.sosialisasi.Method
    audience_ids: str = Field(default="[]", sa_type=Text)  # JSON list of audience_segment ids
    participants_male: int | None = None
    participants_female: int | None = None
    participants_total: int | None = None
    held: bool = Field(default=False)
    minutes: str = Field(default="", sa_type=Text)  # notulen
    follow_up: str = Field(default="", sa_type=Text)  # tindak lanjut
    # Formulir Model A (laporan hasil pengawasan): who supervised, under which assignment.
    supervisor_name: str = Field(default="", max_length=200)
    supervisor_position: str = Field(default="", max_length=200)
    assignment_number: str = Field(default="", max_length=200)  # nomor surat perintah tugas
    stage: str = Field(default="", max_length=200)  # tahapan yang diawasi
    findings: str = Field(default="", sa_type=Text)  # uraian singkat hasil pengawasan
    violations: str = Field(default="", sa_type=Text)  # informasi dugaan pelanggaran


class SosialisasiSpeaker(SyncedRow, table=True):
    """A speaker (narasumber) of a socialization event, in the order they spoke."""

    __tablename__ = "sosialisasi_speaker"
    __table_args__ = (Index("ix_sosialisasi_speaker_event", "event_id", "position"),)

    event_id: str = Field(foreign_key="pledge_event.id", max_length=36)
    position: int = Field(default=0)
    name: str = Field(max_length=200)
    institution: str = Field(default="", max_length=200)
    topic: str = Field(default="", max_length=300)


class AudienceSegment(SyncedRow, table=True):
    """Who a socialization event speaks to (camat, lurah, BPD, ASN teachers, ...): a list the
    office extends; the common ones are seeded with the same ids in every office."""

    __tablename__ = "audience_segment"

    name: str = Field(max_length=100)
    position: int = Field(default=100)
    active: bool = Field(default=True)


class CaseFile(SyncedRow, table=True):
    """A violation case: a report (laporan), a finding (temuan) or a tip (informasi awal),
    from receipt through the ruleset's procedure (services/cases)."""

    __tablename__ = "case_file"
    __table_args__ = (
        Index("ix_case_file_status", "status", "received_date"),
        Index("ix_case_file_received", "received_date", "created_at", "id"),
        Index("ix_case_file_origin_kind", "origin_kind"),
        Index("ix_case_file_category_code", "category_code"),
        Index("ix_case_file_election_id", "election_id"),
        Index("ix_case_file_due_date", "due_date"),
        Index("ix_case_file_ruleset", "ruleset", "received_date"),
    )

    ruleset: str = Field(default="", max_length=16)  # core.procedure: pemilu | pilkada
    election_id: str | None = Field(default=None, foreign_key="election.id", max_length=36)
    election_code: str = Field(default="", max_length=4)  # PL | PP | PB (in numbers)
    origin_kind: str = Field(default="", max_length=16)  # laporan | temuan | informasi_awal
    status: str = Field(default="", max_length=24)
    title: str = Field(default="", max_length=300)
    account: str = Field(default="", sa_type=Text)  # uraian kejadian
    event_date: str | None = Field(default=None, max_length=10)  # ISO dates
    known_date: str | None = Field(default=None, max_length=10)
    received_date: str | None = Field(default=None, max_length=10)
    registered_date: str | None = Field(default=None, max_length=10)
    kecamatan_code: str = Field(default="", max_length=13)
    kecamatan_name: str = Field(default="", max_length=100)
    desa_code: str = Field(default="", max_length=13)
    desa_name: str = Field(default="", max_length=100)
    place: str = Field(default="", max_length=300)  # the spot, in words
    category_code: str = Field(default="", max_length=32)  # core.taxonomy
    stage: str = Field(default="", max_length=24)  # before | after candidates were set
    late: bool = Field(default=False)  # received after the report window
    late_reason: str = Field(default="", sa_type=Text)
    intake_number: str = Field(default="", max_length=200)  # penyampaian (LP)
    register_number: str = Field(default="", max_length=200)  # Reg
    locked: bool = Field(default=False)  # decided: edits need a reopening with a reason
    due_date: str | None = Field(default=None, max_length=10)  # the next deadline
    due_rule: str = Field(default="", max_length=32)
    due_article: str = Field(default="", max_length=300)
    notes: str = Field(default="", sa_type=Text)


class CaseSubject(SyncedRow, table=True):
    """A reported person (terlapor), linked to the roster or entered free, with their own
    outcome, route and the agency's follow-up."""

    __tablename__ = "case_subject"
    __table_args__ = (
        Index("ix_case_subject_case", "case_id", "position"),
        Index("ix_case_subject_agency", "agency_id"),
        Index("ix_case_subject_person", "person_id"),
    )

    case_id: str = Field(foreign_key="case_file.id", max_length=36)
    position: int = Field(default=0)
    person_id: str | None = Field(default=None, foreign_key="person.id", max_length=36)
    full_name: str = Field(default="", max_length=200)
    name_key: str = Field(default="", max_length=200)
    nip: str | None = Field(default=None, max_length=18)  # NIP or NI PPPK digits
    kind: str = Field(default="pns", max_length=16)
    jabatan: str = Field(default="", max_length=200)
    pangkat_golongan: str = Field(default="", max_length=100)
    unit_kerja: str = Field(default="", max_length=200)
    agency_id: str | None = Field(default=None, foreign_key="agency.id", max_length=36)
    agency_name: str = Field(default="", max_length=200)
    ppk_name: str = Field(default="", max_length=200)
    ppk_title: str = Field(default="", max_length=200)
    status: str = Field(default="", max_length=24)  # after the decision: this person's own
    outcome: str = Field(default="", max_length=24)  # terbukti, peraturan_lain, pidana, ...
    outcome_note: str = Field(default="", sa_type=Text)
    decided_date: str | None = Field(default=None, max_length=10)
    recipient: str = Field(default="", max_length=200)
    forward_number: str = Field(default="", max_length=200)
    forwarded_date: str | None = Field(default=None, max_length=10)
    gakkumdu_outcome: str = Field(default="", sa_type=Text)
    gakkumdu_date: str | None = Field(default=None, max_length=10)
    sanction: str = Field(default="", max_length=200)
    sanction_number: str = Field(default="", max_length=200)
    sanction_date: str | None = Field(default=None, max_length=10)
    follow_up_note: str = Field(default="", sa_type=Text)
    correction_number: str = Field(default="", max_length=200)
    notes: str = Field(default="", sa_type=Text)


class CaseParty(SyncedRow, table=True):
    """The reporter, a witness or an expert: identity sealed with the office data key
    (services/at_rest.py), shown by pseudonym to anyone not entitled to see it."""

    __tablename__ = "case_party"
    __table_args__ = (
        Index("ix_case_party_case", "case_id", "role", "position"),
        Index("ix_case_party_pseudonym", "pseudonym"),
    )

    case_id: str = Field(foreign_key="case_file.id", max_length=36)
    role: str = Field(default="", max_length=16)  # pelapor | saksi | ahli
    position: int = Field(default=0)
    pseudonym: str = Field(default="", max_length=40)  # "Pelapor-0007"
    standing: str = Field(default="", max_length=16)  # a reporter: pemilih, peserta, pemantau
    identity: str = Field(default="", sa_type=Text)  # sealed JSON, base64


class CaseStep(SyncedRow, table=True):
    """One step of a case's procedure: who, when, why, from and to which status, the
    documents it issues and the numbers it took."""

    __tablename__ = "case_step"
    __table_args__ = (Index("ix_case_step_case", "case_id", "at"),)

    case_id: str = Field(foreign_key="case_file.id", max_length=36)
    subject_id: str | None = Field(default=None, foreign_key="case_subject.id", max_length=36)
    step: str = Field(default="", max_length=32)
    from_status: str = Field(default="", max_length=24)
    to_status: str = Field(default="", max_length=24)
    effective_date: str | None = Field(default=None, max_length=10)  # the day it happened
    at: str = Field(default="", max_length=32)  # iso_utc, when it was recorded
    actor: str = Field(default="", max_length=64)
    actor_name: str = Field(default="", max_length=200)
    reason: str = Field(default="", sa_type=Text)
    documents: str = Field(default="[]", sa_type=Text)  # JSON list of form codes
    numbers: str = Field(default="[]", sa_type=Text)  # JSON list of numbers taken
    step_values: str = Field(default="{}", sa_type=Text)  # JSON: what the step recorded


class CaseHearing(SyncedRow, table=True):
    """A clarification hearing of one person: invitations (B.9), attendance, oath,
    statement (B.12), online with its recording."""

    __tablename__ = "case_hearing"
    __table_args__ = (Index("ix_case_hearing_case", "case_id", "scheduled_at"),)

    case_id: str = Field(foreign_key="case_file.id", max_length=36)
    subject_id: str | None = Field(default=None, foreign_key="case_subject.id", max_length=36)
    party_id: str | None = Field(default=None, foreign_key="case_party.id", max_length=36)
    heard_as: str = Field(default="", max_length=16)  # terlapor | pelapor | saksi | ahli
    name: str = Field(default="", max_length=200)  # empty for a party (sealed identity)
    scheduled_at: str = Field(default="", max_length=32)  # iso_utc
    place: str = Field(default="", max_length=300)
    online: bool = Field(default=False)
    online_reason: str = Field(default="", max_length=300)
    invitation_date: str | None = Field(default=None, max_length=10)
    second_invitation_date: str | None = Field(default=None, max_length=10)
    attendance: str = Field(default="", max_length=16)  # "" | hadir | tidak_hadir
    oath: bool = Field(default=False)
    statement: str = Field(default="", sa_type=Text)
    recording_id: str | None = Field(default=None, max_length=36)  # attachment id
    notes: str = Field(default="", sa_type=Text)


class CaseNumber(SyncedRow, table=True):
    """A Perbawaslu number taken for a case (penyampaian, register, recommendation or
    forwarding, correction): unique per series, year and sequence."""

    __tablename__ = "case_number"
    __table_args__ = (
        UniqueConstraint("series", "year", "seq", name="uq_case_number_seq"),
        Index("ix_case_number_case", "case_id"),
    )

    case_id: str = Field(foreign_key="case_file.id", max_length=36)
    subject_id: str | None = Field(default=None, foreign_key="case_subject.id", max_length=36)
    kind: str = Field(default="", max_length=16)
    series: str = Field(default="", max_length=64)
    year: int
    seq: int
    number: str = Field(default="", max_length=200)
    taken_on: str = Field(max_length=10)


# --- sync state (local: none of these travels in a bundle; migration 0017) -----------------


class SyncExport(SQLModel, table=True):
    """A bundle this office wrote: its number, manifest hash, the clock it covers up to, and
    when the province acknowledged it (a receipt)."""

    __tablename__ = "sync_export"

    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    file_name: str = Field(default="", max_length=200)
    manifest_sha256: str | None = Field(default=None, max_length=64)  # None: not written
    created_at: str = Field(max_length=32)
    created_by: str = Field(max_length=64)
    clock: str = Field(max_length=40)  # hybrid-clock stamp the bundle's rows reach up to
    since: str | None = Field(default=None, max_length=40)  # rows changed after this
    acknowledged_seq: int = Field(default=0)  # the last receipt when it was written
    rows: int = Field(default=0)
    files: int = Field(default=0)
    chain_seq: int = Field(default=0)  # the audit chain head signed into it
    chain_mac: str = Field(default="", max_length=64)
    acknowledged_at: str | None = Field(default=None, max_length=32)


class SyncFileAck(SQLModel, table=True):
    """An attachment the province acknowledged holding (not sent again)."""

    __tablename__ = "sync_file_ack"

    sha256: str = Field(primary_key=True, max_length=64)
    seq: int


class SyncPeer(SQLModel, table=True):
    """An office whose bundles this installation imports, and the last one it merged."""

    __tablename__ = "sync_peer"

    office_code: str = Field(primary_key=True, max_length=8)
    office_name: str = Field(default="", max_length=200)
    last_seq: int = Field(default=0)
    last_manifest_sha256: str = Field(default="", max_length=64)
    last_created_at: str = Field(default="", max_length=32)
    last_imported_at: str = Field(default="", max_length=32)
    chain_seq: int = Field(default=0)
    chain_mac: str = Field(default="", max_length=64)
    rows_received: int = Field(default=0)
    files_received: int = Field(default=0)
    missing_seqs: str = Field(default="[]", sa_type=Text)  # JSON list of bundles never seen


class SyncImport(SQLModel, table=True):
    """The report of one merged bundle: rows new, updated, unchanged, tombstoned and
    conflicting per table (JSON ``counts``)."""

    __tablename__ = "sync_import"
    __table_args__ = (UniqueConstraint("office_code", "seq", name="uq_sync_import_seq"),)

    id: str = Field(primary_key=True, max_length=36)
    office_code: str = Field(max_length=8)
    seq: int
    manifest_sha256: str = Field(max_length=64)
    bundle_name: str = Field(default="", max_length=200)
    bundle_created_at: str = Field(default="", max_length=32)
    imported_at: str = Field(max_length=32, index=True)
    imported_by: str = Field(max_length=64)
    chain_seq: int = Field(default=0)
    chain_mac: str = Field(default="", max_length=64)
    counts: str = Field(default="{}", sa_type=Text)
    files_new: int = Field(default=0)
    missing_seqs: str = Field(default="[]", sa_type=Text)


class SyncBase(SQLModel, table=True):
    """The version of a row last merged from a bundle (and from which office): a local row
    still at that version was not edited here since, so a newer one from the same office
    follows it; otherwise the two edits were made apart (a conflict)."""

    __tablename__ = "sync_base"
    __table_args__ = {"sqlite_with_rowid": False}

    table_name: str = Field(primary_key=True, max_length=64)
    row_id: str = Field(primary_key=True, max_length=36)
    source: str = Field(max_length=8)
    base_revision: int
    base_updated_at: str = Field(max_length=40)
    merged_clock: str = Field(max_length=40)  # this installation's clock


class SyncConflict(SQLModel, table=True):
    """An incoming version kept beside the local one for a person to decide: two edits of one
    record made apart (``edit``), a person the identity rule recognises under another id
    (``person``), or a row whose unique values another row holds (``unique``)."""

    __tablename__ = "sync_conflict"
    __table_args__ = (
        UniqueConstraint(
            "table_name",
            "row_id",
            "incoming_revision",
            "incoming_updated_at",
            name="uq_sync_conflict_version",
        ),
        Index("ix_sync_conflict_open", "resolved_at", "detected_at"),
    )

    id: str = Field(primary_key=True, max_length=36)
    kind: str = Field(max_length=16)  # edit | person | unique
    source: str = Field(max_length=8)  # the office whose bundle brought it
    seq: int
    table_name: str = Field(max_length=64)
    row_id: str = Field(max_length=36)
    other_id: str | None = Field(default=None, max_length=36)  # the local row it meets
    basis: str = Field(default="", max_length=32)  # nip | nik | ... | the unique columns
    local_revision: int = Field(default=0)
    local_updated_at: str = Field(default="", max_length=40)
    local_values: str = Field(default="{}", sa_type=Text)  # JSON
    incoming_revision: int
    incoming_updated_at: str = Field(max_length=40)
    incoming_record: str = Field(sa_type=Text)  # JSON: the bundle's record as it came
    detected_at: str = Field(max_length=32)
    resolved_at: str | None = Field(default=None, max_length=32)
    resolved_by: str | None = Field(default=None, max_length=64)
    resolution: str | None = Field(default=None, max_length=16)


class PeerKey(SQLModel, table=True):
    """Another office's at-rest key for one purpose (migration 0018), received in its bundle
    encrypted to this office alone, and kept sealed under this office's own data key: with
    it the province opens what a district sealed (reporters' identities, confidential
    evidence). Local: never synced, never in a bundle. One row per data key of the office
    (an office set up again has a new one; values sealed under the old key still open)."""

    __tablename__ = "peer_key"

    office_code: str = Field(primary_key=True, max_length=8)
    purpose: str = Field(primary_key=True, max_length=64)
    data_key_id: str = Field(primary_key=True, max_length=32)
    sealed_key: str = Field(sa_type=Text)  # base64 of at_rest's sealed value
    received_at: str = Field(max_length=32)
    bundle_seq: int = Field(default=0)  # the bundle that first brought it

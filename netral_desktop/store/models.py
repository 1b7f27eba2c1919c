"""Tables. Synced tables derive from ``SyncedRow`` (design.md §3); local ones do not."""

from __future__ import annotations

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

# Bumped by every migration: the Alembic head this program writes. A test keeps it equal to
# the newest file in migrations/versions, so opening a database needs no Alembic import.
SCHEMA_VERSION = "0003"
# Every revision this program knows, oldest first; one not listed is from a newer version.
SCHEMA_HISTORY = ("0001", "0002", "0003")


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
    city: str = Field(default="", max_length=100)  # place printed in signature blocks
    # The letterhead's logo: SHA-256 of an image in the attachments folder, None for none.
    logo_sha256: str | None = Field(default=None, max_length=64)


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
    __table_args__ = (UniqueConstraint("series", "year", "seq", name="uq_issued_document_seq"),)

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
    The search index ``person_search`` (FTS5) follows this table through triggers.
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

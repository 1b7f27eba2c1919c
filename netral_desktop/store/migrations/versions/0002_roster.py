"""Roster: agencies, people, and the people's search index (FTS5 trigram).

Revision ID: 0002
Revises: 0001

The search index ``person_search`` is an ordinary FTS5 table keyed by ``person.rowid``, one
text column (name, jabatan, unit, agency, NIP, NI PPPK) under the trigram tokenizer: a
phrase query ``"wahyu"`` finds the substring anywhere, case-insensitively, from the index
alone. (``detail=none`` builds twice as fast but must re-read every candidate's text, which
made broad searches three times slower: searching is what people wait for.) Triggers keep
it up to date row by row; bulk writers (the import) drop them inside their transaction and
index everything they wrote with one statement (store/search.py).

A later migration that rebuilds ``person`` (Alembic batch mode copies the table, and rowids
may change) must call ``rebuild_search_index`` from store/search.py afterwards.
"""

import sqlite3
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MIN_SQLITE = (3, 34, 0)  # the FTS5 trigram tokenizer
SEARCH_TRIGGERS = ("person_search_ai", "person_search_au", "person_search_ad", "agency_search_au")

# What the index holds for a person row ``{r}``: name (titles kept), jabatan, unit, agency
# name and short name, NIP and NI PPPK digits.
DOC = (
    "{r}.full_name || ' ' || {r}.jabatan || ' ' || {r}.unit_kerja || ' ' || "
    "coalesce((SELECT a.name || ' ' || a.short_name FROM agency a WHERE a.id = {r}.agency_id), "
    "'') || ' ' || coalesce({r}.nip, '') || ' ' || coalesce({r}.ni_pppk, '')"
)


def synced_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("origin", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
    ]


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite" and sqlite3.sqlite_version_info < MIN_SQLITE:
        from netral_desktop.core.errors import StoreError
        from netral_desktop.i18n import _

        raise StoreError(
            _(
                "SQLite {version} terlalu lama: daftar pegawai memerlukan SQLite 3.34 atau lebih "
                "baru (FTS5 trigram). Pasang versi terbaru program ini."
            ).format(version=sqlite3.sqlite_version),
            code="sqlite_too_old",
        )
    op.create_table(
        "agency",
        *synced_columns(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("short_name", sa.String(60), nullable=False, server_default=""),
        sa.Column("kind", sa.String(20), nullable=False, server_default="lainnya"),
        sa.Column("parent_id", sa.String(36), sa.ForeignKey("agency.id")),
        sa.Column("address", sa.String(300), nullable=False, server_default=""),
        sa.Column("head_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("head_nip", sa.String(18)),
        sa.Column("ppk_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("ppk_title", sa.String(200), nullable=False, server_default=""),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.create_index("ix_agency_updated_at", "agency", ["updated_at"])
    op.create_index("ix_agency_name_key", "agency", ["name_key"])

    op.create_table(
        "person",
        *synced_columns(),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("nip", sa.String(18)),
        sa.Column("ni_pppk", sa.String(18)),
        sa.Column("nik", sa.String(16)),
        sa.Column("sex", sa.String(1)),
        sa.Column("birth_date", sa.String(10)),
        sa.Column("jabatan", sa.String(200), nullable=False, server_default=""),
        sa.Column("pangkat_golongan", sa.String(100), nullable=False, server_default=""),
        sa.Column("golongan_rank", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("unit_kerja", sa.String(200), nullable=False, server_default=""),
        sa.Column("agency_id", sa.String(36), sa.ForeignKey("agency.id")),
        sa.Column("phone", sa.String(40), nullable=False, server_default=""),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("problems", sa.String(300), nullable=False, server_default=""),
    )
    op.create_index("ix_person_updated_at", "person", ["updated_at"])
    # name_key serves the default sort and prefix search under 3 characters (B-tree ranges);
    # with birth_date, the import's matching of people who have no NIP.
    op.create_index("ix_person_name_birth", "person", ["name_key", "birth_date"])
    op.create_index("ix_person_agency_name", "person", ["agency_id", "name_key"])
    for column in ("nip", "ni_pppk", "nik"):
        op.create_index(
            f"ix_person_{column}",
            "person",
            [column],
            sqlite_where=sa.text(f"{column} IS NOT NULL"),
        )

    if bind.dialect.name != "sqlite":
        return
    op.execute(
        "CREATE VIRTUAL TABLE person_search USING fts5(doc, tokenize = 'trigram', columnsize = 0)"
    )
    op.execute(
        f"CREATE VIEW person_search_doc AS SELECT p.rowid AS rowid, {DOC.format(r='p')} AS doc "
        "FROM person p"
    )
    insert_new = f"INSERT INTO person_search(rowid, doc) VALUES (new.rowid, {DOC.format(r='new')});"
    op.execute(f"CREATE TRIGGER person_search_ai AFTER INSERT ON person BEGIN {insert_new} END")
    op.execute(
        "CREATE TRIGGER person_search_au AFTER UPDATE OF full_name, jabatan, unit_kerja, "
        "agency_id, nip, ni_pppk ON person BEGIN "
        f"DELETE FROM person_search WHERE rowid = old.rowid; {insert_new} END"
    )
    op.execute(
        "CREATE TRIGGER person_search_ad AFTER DELETE ON person "
        "BEGIN DELETE FROM person_search WHERE rowid = old.rowid; END"
    )
    op.execute(
        "CREATE TRIGGER agency_search_au AFTER UPDATE OF name, short_name ON agency "
        "WHEN old.name IS NOT new.name OR old.short_name IS NOT new.short_name BEGIN "
        "DELETE FROM person_search WHERE rowid IN "
        "(SELECT rowid FROM person WHERE agency_id = new.id); "
        "INSERT INTO person_search(rowid, doc) SELECT rowid, doc "
        "FROM person_search_doc WHERE rowid IN "
        "(SELECT rowid FROM person WHERE agency_id = new.id); END"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in SEARCH_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP VIEW IF EXISTS person_search_doc")
        op.execute("DROP TABLE IF EXISTS person_search")
    op.drop_table("person")
    op.drop_table("agency")

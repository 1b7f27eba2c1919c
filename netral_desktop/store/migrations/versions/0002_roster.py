"""Roster: agencies, people, and the people's search index (FTS5 trigram).

Revision ID: 0002
Revises: 0001

The search index ``person_search`` is an ordinary FTS5 table keyed by ``person.rowid`` and
kept up to date by triggers, which skip their work while ``search_suspend`` holds a row: bulk
writers (the import) suspend them inside their transaction and index all rows with one
statement afterwards (store/search.py), which is many times faster than a trigger per row.

A later migration that rebuilds ``person`` (Alembic batch mode copies the table, and rowids
may change) must call ``rebuild_search_index`` from store/search.py afterwards.
"""

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MIN_SQLITE = (3, 34, 0)  # the FTS5 trigram tokenizer

# What the index holds for a person row ``{r}``: name (titles kept), jabatan, unit, agency
# name and short name in ``body``; NIP and NI PPPK digits in ``ids``.
BODY = (
    "{r}.full_name || ' ' || {r}.jabatan || ' ' || {r}.unit_kerja || ' ' || "
    "coalesce((SELECT a.name || ' ' || a.short_name FROM agency a WHERE a.id = {r}.agency_id), '')"
)
IDS = "trim(coalesce({r}.nip, '') || ' ' || coalesce({r}.ni_pppk, ''))"
ACTIVE = "NOT EXISTS (SELECT 1 FROM search_suspend)"


def synced_columns() -> list[sa.Column]:
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

        raise StoreError(
            f"SQLite {sqlite3.sqlite_version} terlalu lama: daftar pegawai memerlukan SQLite "
            "3.34 atau lebih baru (FTS5 trigram). Pasang Python atau program versi terbaru.",
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
    # name_key serves the default sort and prefix search under 3 characters (B-tree ranges).
    op.create_index("ix_person_name_key", "person", ["name_key"])
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
    op.execute("CREATE TABLE search_suspend (name TEXT PRIMARY KEY)")
    op.execute("CREATE VIRTUAL TABLE person_search USING fts5(body, ids, tokenize = 'trigram')")
    op.execute(
        "CREATE VIEW person_search_doc AS SELECT p.rowid AS rowid, "
        f"{BODY.format(r='p')} AS body, {IDS.format(r='p')} AS ids FROM person p"
    )
    insert_new = (
        "INSERT INTO person_search(rowid, body, ids) "
        f"VALUES (new.rowid, {BODY.format(r='new')}, {IDS.format(r='new')});"
    )
    op.execute(
        f"CREATE TRIGGER person_search_ai AFTER INSERT ON person WHEN {ACTIVE} "
        f"BEGIN {insert_new} END"
    )
    op.execute(
        "CREATE TRIGGER person_search_au AFTER UPDATE OF full_name, jabatan, unit_kerja, "
        f"agency_id, nip, ni_pppk ON person WHEN {ACTIVE} BEGIN "
        f"DELETE FROM person_search WHERE rowid = old.rowid; {insert_new} END"
    )
    op.execute(
        f"CREATE TRIGGER person_search_ad AFTER DELETE ON person WHEN {ACTIVE} "
        "BEGIN DELETE FROM person_search WHERE rowid = old.rowid; END"
    )
    op.execute(
        "CREATE TRIGGER agency_search_au AFTER UPDATE OF name, short_name ON agency "
        f"WHEN {ACTIVE} AND (old.name IS NOT new.name OR old.short_name IS NOT new.short_name) "
        "BEGIN "
        "DELETE FROM person_search WHERE rowid IN "
        "(SELECT rowid FROM person WHERE agency_id = new.id); "
        "INSERT INTO person_search(rowid, body, ids) SELECT rowid, body, ids "
        "FROM person_search_doc WHERE rowid IN "
        "(SELECT rowid FROM person WHERE agency_id = new.id); END"
    )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for trigger in ("agency_search_au", "person_search_ad", "person_search_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TRIGGER IF EXISTS person_search_ai")
        op.execute("DROP VIEW IF EXISTS person_search_doc")
        op.execute("DROP TABLE IF EXISTS person_search")
        op.execute("DROP TABLE IF EXISTS search_suspend")
    op.drop_table("person")
    op.drop_table("agency")

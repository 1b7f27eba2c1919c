"""Sync state: the bundles an office wrote and what the province acknowledged; at the
receiving end (province, or an office hub) the offices it hears from, the import reports,
the version of each row last merged, and conflicts kept for a person to decide.

Revision ID: 0017
Revises: 0013

All local: none of these tables travels in a bundle.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_export",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("file_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("manifest_sha256", sa.String(64), nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("clock", sa.String(40), nullable=False),
        sa.Column("since", sa.String(40), nullable=True),
        sa.Column("acknowledged_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("rows", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("files", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("chain_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("chain_mac", sa.String(64), nullable=False, server_default=""),
        sa.Column("acknowledged_at", sa.String(32), nullable=True),
    )
    op.create_table(
        "sync_file_ack",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
    )
    op.create_table(
        "sync_peer",
        sa.Column("office_code", sa.String(8), primary_key=True),
        sa.Column("office_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("last_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_manifest_sha256", sa.String(64), nullable=False, server_default=""),
        sa.Column("last_created_at", sa.String(32), nullable=False, server_default=""),
        sa.Column("last_imported_at", sa.String(32), nullable=False, server_default=""),
        sa.Column("chain_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("chain_mac", sa.String(64), nullable=False, server_default=""),
        sa.Column("rows_received", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("files_received", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("missing_seqs", sa.Text(), nullable=False, server_default="[]"),
    )
    op.create_table(
        "sync_import",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("manifest_sha256", sa.String(64), nullable=False),
        sa.Column("bundle_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("bundle_created_at", sa.String(32), nullable=False, server_default=""),
        sa.Column("imported_at", sa.String(32), nullable=False),
        sa.Column("imported_by", sa.String(64), nullable=False),
        sa.Column("chain_seq", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("chain_mac", sa.String(64), nullable=False, server_default=""),
        sa.Column("counts", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("files_new", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("missing_seqs", sa.Text(), nullable=False, server_default="[]"),
        sa.UniqueConstraint("office_code", "seq", name="uq_sync_import_seq"),
    )
    op.create_index("ix_sync_import_imported_at", "sync_import", ["imported_at"])
    op.create_table(
        "sync_base",
        sa.Column("table_name", sa.String(64), primary_key=True),
        sa.Column("row_id", sa.String(36), primary_key=True),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("base_revision", sa.Integer(), nullable=False),
        sa.Column("base_updated_at", sa.String(40), nullable=False),
        sa.Column("merged_clock", sa.String(40), nullable=False),
        # One row per row merged (millions at a province): the key is the table's only index.
        sqlite_with_rowid=False,
    )
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=False),
        sa.Column("row_id", sa.String(36), nullable=False),
        sa.Column("other_id", sa.String(36), nullable=True),
        sa.Column("basis", sa.String(32), nullable=False, server_default=""),
        sa.Column("local_revision", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("local_updated_at", sa.String(40), nullable=False, server_default=""),
        sa.Column("local_values", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("incoming_revision", sa.Integer(), nullable=False),
        sa.Column("incoming_updated_at", sa.String(40), nullable=False),
        sa.Column("incoming_record", sa.Text(), nullable=False),
        sa.Column("detected_at", sa.String(32), nullable=False),
        sa.Column("resolved_at", sa.String(32), nullable=True),
        sa.Column("resolved_by", sa.String(64), nullable=True),
        sa.Column("resolution", sa.String(16), nullable=True),
        sa.UniqueConstraint(
            "table_name",
            "row_id",
            "incoming_revision",
            "incoming_updated_at",
            name="uq_sync_conflict_version",
        ),
    )
    op.create_index("ix_sync_conflict_open", "sync_conflict", ["resolved_at", "detected_at"])


def downgrade() -> None:
    for table in (
        "sync_conflict",
        "sync_base",
        "sync_import",
        "sync_peer",
        "sync_file_ack",
        "sync_export",
    ):
        op.drop_table(table)

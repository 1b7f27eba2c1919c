"""Documents: issued documents with their numbers and verification codes, yearly sequences,
the office's numbering formats, and the letterhead logo.

Revision ID: 0003
Revises: 0002
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


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
    with op.batch_alter_table("office") as batch:
        batch.add_column(sa.Column("logo_sha256", sa.String(64)))
    op.create_table(
        "issued_document",
        *synced_columns(),
        sa.Column("form", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("series", sa.String(64)),
        sa.Column("year", sa.Integer()),
        sa.Column("seq", sa.Integer()),
        sa.Column("number", sa.String(200)),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("record_kind", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(300), nullable=False),
        sa.Column("record_label", sa.String(300), nullable=False, server_default=""),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("issued_by", sa.String(64), nullable=False),
        sa.Column("issued_by_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("issued_at", sa.String(32), nullable=False),
        sa.UniqueConstraint("series", "year", "seq", name="uq_issued_document_seq"),
    )
    op.create_index("ix_issued_document_updated_at", "issued_document", ["updated_at"])
    op.create_index("ix_issued_document_form", "issued_document", ["form"])
    op.create_index("ix_issued_document_number", "issued_document", ["number"])
    op.create_index("ix_issued_document_issued_at", "issued_document", ["issued_at"])
    op.create_table(
        "document_sequence",
        sa.Column("series", sa.String(64), primary_key=True),
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("last", sa.Integer(), nullable=False, server_default="0"),
    )
    op.create_table(
        "numbering_scheme",
        sa.Column("series", sa.String(64), primary_key=True),
        sa.Column("scheme", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.String(32), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("numbering_scheme")
    op.drop_table("document_sequence")
    op.drop_table("issued_document")
    with op.batch_alter_table("office") as batch:
        batch.drop_column("logo_sha256")

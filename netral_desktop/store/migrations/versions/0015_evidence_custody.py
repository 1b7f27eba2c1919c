"""Evidence of cases (issue 13): confidential items stored sealed, where an item came from,
corrections and withdrawals, the office's size limit, and the custody log.

Revision ID: 0015
Revises: 0013

``attachment`` takes media types of up to 100 characters and gains ``confidential`` and
``stored_sha256`` (the sealed file's hash; the plain bytes' hash stays in ``sha256``),
``source``, ``corrects_id`` and ``removed_reason``; the office gains ``evidence_max_mb`` (200 MB
unless it sets another). ``evidence_custody`` is the append-only log of who received, viewed,
exported, printed or withdrew an item; it is a synced table (written through store/synced.py,
so each entry is also in the hash-chained audit log, and it travels with a forwarded case).
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"  # re-chained after 0014 (cases) in this branch
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
    with op.batch_alter_table("attachment") as batch:
        # A Word document's media type is 71 characters.
        batch.alter_column(
            "media_type", type_=sa.String(100), existing_type=sa.String(64), nullable=False
        )
        batch.add_column(
            sa.Column("confidential", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("stored_sha256", sa.String(64)))
        batch.add_column(sa.Column("source", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("corrects_id", sa.String(36)))
        batch.add_column(
            sa.Column("removed_reason", sa.String(300), nullable=False, server_default="")
        )
    op.create_index("ix_attachment_stored_sha256", "attachment", ["stored_sha256"])
    with op.batch_alter_table("office") as batch:
        batch.add_column(
            sa.Column("evidence_max_mb", sa.Integer(), nullable=False, server_default="200")
        )
    op.create_table(
        "evidence_custody",
        *synced_columns(),
        sa.Column("attachment_id", sa.String(36), sa.ForeignKey("attachment.id"), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("actor_role", sa.String(16), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("target", sa.String(500), nullable=False, server_default=""),
        sa.Column("purpose", sa.String(300), nullable=False, server_default=""),
        sa.Column("sha256", sa.String(64), nullable=False),
    )
    op.create_index("ix_evidence_custody_updated_at", "evidence_custody", ["updated_at"])
    op.create_index("ix_evidence_custody_item", "evidence_custody", ["attachment_id", "at"])


def downgrade() -> None:
    op.drop_table("evidence_custody")
    with op.batch_alter_table("office") as batch:
        batch.drop_column("evidence_max_mb")
    op.drop_index("ix_attachment_stored_sha256", "attachment")
    with op.batch_alter_table("attachment") as batch:
        for name in ("removed_reason", "corrects_id", "source", "stored_sha256", "confidential"):
            batch.drop_column(name)
        batch.alter_column(
            "media_type", type_=sa.String(64), existing_type=sa.String(100), nullable=False
        )

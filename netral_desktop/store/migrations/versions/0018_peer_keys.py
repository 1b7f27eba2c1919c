"""Other offices' at-rest keys received in their bundles (issue 15): a province opens what a
district sealed (reporters' identities, confidential evidence) with the district's purpose
keys, kept sealed under the province's own data key.

Revision ID: 0018
Revises: 0017

Local: this table never travels in a bundle.
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "peer_key",
        sa.Column("office_code", sa.String(8), primary_key=True),
        sa.Column("purpose", sa.String(64), primary_key=True),
        sa.Column("data_key_id", sa.String(32), primary_key=True),
        sa.Column("sealed_key", sa.Text(), nullable=False),
        sa.Column("received_at", sa.String(32), nullable=False),
        sa.Column("bundle_seq", sa.Integer(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    op.drop_table("peer_key")

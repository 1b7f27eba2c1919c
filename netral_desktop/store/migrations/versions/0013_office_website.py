"""The office's website, printed on the letterhead beside its telephone and e-mail.

Revision ID: 0013
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.add_column(sa.Column("website", sa.String(120), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.drop_column("website")

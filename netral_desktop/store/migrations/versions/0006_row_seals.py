"""Row seals: a keyed MAC on the rows that grant rights or appear on papers.

Revision ID: 0006
Revises: 0005

``seal`` holds HMAC-SHA256 of the row's sealed columns under the installation's audit key
(core/audit_chain.py ``SEALED_FIELDS``): accounts (role, active, lock state, password hash),
the office (what its papers print), issued documents (number, code, PDF hash) and numbering
schemes. The key lives in the key store, not here, so a row changed with sqlite3 or psql no
longer matches its seal. Rows of an office set up before this revision are sealed on the
program's first start with the key (services/integrity.py), in the same transaction that
begins the keyed part of the audit chain.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = ("user_account", "office", "issued_document", "numbering_scheme")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("seal", sa.String(length=64), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("seal")

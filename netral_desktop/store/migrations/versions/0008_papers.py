"""Papers as an office signs them: its officials, its letter issuer code, the pledge's
Bawaslu witness, and the content hash of issued documents.

Revision ID: 0008
Revises: 0005

- ``office``: ``head_name`` (Ketua), ``secretary_name`` and ``secretary_nip`` (Kepala
  Sekretariat: signs the staff list), ``letter_issuer`` (the issuer part of the office's
  letter numbers, tata naskah dinas; data the office sets, as the code of a kabupaten/kota
  office was not confirmed).
- ``pledge_event``: ``witness_name`` and ``witness_position``: who witnesses for Bawaslu when
  the Pemda or an agency organises (Ketua or an Anggota).
- ``issued_document``: ``content_sha256``: the hash of what the paper says (form, number,
  values), printed in its QR code; a document with the same content is not issued twice.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.add_column(sa.Column("head_name", sa.String(200), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("secretary_name", sa.String(200), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("secretary_nip", sa.String(18)))
        batch.add_column(
            sa.Column("letter_issuer", sa.String(40), nullable=False, server_default="")
        )
    with op.batch_alter_table("pledge_event") as batch:
        batch.add_column(
            sa.Column("witness_name", sa.String(200), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("witness_position", sa.String(200), nullable=False, server_default="")
        )
    with op.batch_alter_table("issued_document") as batch:
        batch.add_column(sa.Column("content_sha256", sa.String(64)))
        batch.create_index("ix_issued_document_record", ["record_kind", "record_id", "form"])


def downgrade() -> None:
    with op.batch_alter_table("issued_document") as batch:
        batch.drop_index("ix_issued_document_record")
        batch.drop_column("content_sha256")
    with op.batch_alter_table("pledge_event") as batch:
        batch.drop_column("witness_position")
        batch.drop_column("witness_name")
    with op.batch_alter_table("office") as batch:
        for name in ("letter_issuer", "secretary_nip", "secretary_name", "head_name"):
            batch.drop_column(name)

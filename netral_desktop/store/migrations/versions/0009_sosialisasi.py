"""Socialization events (sosialisasi): a kind on pledge_event, the events' own facts, their
speakers, and the office's list of audience segments.

Revision ID: 0009
Revises: 0005

A socialization event is a ``pledge_event`` row of kind ``sosialisasi`` plus a
``sosialisasi`` row with what only such events have (region, method, audience, participant
counts, minutes, supervision record). So the pledge ceremonies' invitees, attendance marks
and signed scans, which point at ``pledge_event``, serve both kinds unchanged. Existing rows
are pledge ceremonies (kind ``ikrar``).

The common audience segments are seeded with fixed ids (the same in every office, so the
province's merge sees one row each); offices add their own.
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

SEED_STAMP = "2024-01-01T00:00:00.000000Z"
# (id, name, position): the segments domain.md lists, in the order forms list them.
SEEDED_SEGMENTS = [
    ("018cc251-f400-7000-8000-00000000a001", "Camat/Panewu", 10),
    ("018cc251-f400-7000-8000-00000000a002", "Lurah/Kepala Desa", 20),
    ("018cc251-f400-7000-8000-00000000a003", "Perangkat Desa", 30),
    ("018cc251-f400-7000-8000-00000000a004", "BPD", 40),
    ("018cc251-f400-7000-8000-00000000a005", "ASN Guru", 50),
    ("018cc251-f400-7000-8000-00000000a006", "Tenaga Kesehatan", 60),
    ("018cc251-f400-7000-8000-00000000a007", "ASN Pemerintah Daerah", 70),
    ("018cc251-f400-7000-8000-00000000a008", "TNI/Polri", 80),
    ("018cc251-f400-7000-8000-00000000a009", "Tokoh Masyarakat dan Agama", 90),
    ("018cc251-f400-7000-8000-00000000a00a", "Pemilih Pemula", 100),
]


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
    with op.batch_alter_table("pledge_event") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="ikrar"))
    op.create_index("ix_pledge_event_kind", "pledge_event", ["kind"])

    op.create_table(
        "sosialisasi",
        *synced_columns(),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("pledge_event.id"), nullable=False),
        sa.Column("ends_at", sa.String(32)),
        sa.Column("kecamatan_code", sa.String(13), nullable=False, server_default=""),
        sa.Column("kecamatan_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("desa_code", sa.String(13), nullable=False, server_default=""),
        sa.Column("desa_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("venue", sa.String(300), nullable=False, server_default=""),
        sa.Column("organiser", sa.String(16), nullable=False, server_default="bawaslu"),
        sa.Column("partner_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("method", sa.String(16), nullable=False, server_default="tatap_muka"),
        sa.Column("audience_ids", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("participants_male", sa.Integer()),
        sa.Column("participants_female", sa.Integer()),
        sa.Column("participants_total", sa.Integer()),
        sa.Column("held", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("minutes", sa.Text(), nullable=False, server_default=""),
        sa.Column("follow_up", sa.Text(), nullable=False, server_default=""),
        sa.Column("supervisor_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("supervisor_position", sa.String(200), nullable=False, server_default=""),
        sa.Column("assignment_number", sa.String(200), nullable=False, server_default=""),
        sa.Column("stage", sa.String(200), nullable=False, server_default=""),
        sa.Column("findings", sa.Text(), nullable=False, server_default=""),
        sa.Column("violations", sa.Text(), nullable=False, server_default=""),
        sa.UniqueConstraint("event_id", name="uq_sosialisasi_event_id"),
    )
    op.create_index("ix_sosialisasi_updated_at", "sosialisasi", ["updated_at"])
    op.create_index("ix_sosialisasi_kecamatan_code", "sosialisasi", ["kecamatan_code"])

    op.create_table(
        "sosialisasi_speaker",
        *synced_columns(),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("pledge_event.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("institution", sa.String(200), nullable=False, server_default=""),
        sa.Column("topic", sa.String(300), nullable=False, server_default=""),
    )
    op.create_index("ix_sosialisasi_speaker_updated_at", "sosialisasi_speaker", ["updated_at"])
    op.create_index("ix_sosialisasi_speaker_event", "sosialisasi_speaker", ["event_id", "position"])

    segment = op.create_table(
        "audience_segment",
        *synced_columns(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="100"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.create_index("ix_audience_segment_updated_at", "audience_segment", ["updated_at"])
    op.bulk_insert(
        segment,
        [
            {
                "id": id_,
                "origin": "seed",
                "created_at": SEED_STAMP,
                "updated_at": f"{SEED_STAMP}#0000",
                "updated_by": "system",
                "revision": 1,
                "deleted": False,
                "name": name,
                "position": position,
                "active": True,
            }
            for id_, name, position in SEEDED_SEGMENTS
        ],
    )


def downgrade() -> None:
    op.drop_table("audience_segment")
    op.drop_table("sosialisasi_speaker")
    op.drop_table("sosialisasi")
    op.drop_index("ix_pledge_event_kind", "pledge_event")
    with op.batch_alter_table("pledge_event") as batch:
        batch.drop_column("kind")

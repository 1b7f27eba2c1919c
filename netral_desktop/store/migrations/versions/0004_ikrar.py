"""Pledge ceremonies (ikrar netralitas): elections, events, invitees, attendance marks, and
content-addressed attachments (evidence).

Revision ID: 0004
Revises: 0003

Pemilu 2024 and Pilkada 2024 are seeded with fixed ids (the same in every office, so the
province's merge sees one row each, never a conflict).
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEED_STAMP = "2024-01-01T00:00:00.000000Z"
SEEDED_ELECTIONS = [
    ("018da4e9-c400-7000-8000-000000000001", "Pemilu 2024", "pemilu", 2024, "2024-02-14"),
    ("01936aea-e800-7000-8000-000000000002", "Pilkada 2024", "pilkada", 2024, "2024-11-27"),
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
    election = op.create_table(
        "election",
        *synced_columns(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False, server_default="lainnya"),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("voting_date", sa.String(10)),
    )
    op.create_index("ix_election_updated_at", "election", ["updated_at"])
    op.bulk_insert(
        election,
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
                "kind": kind,
                "year": year,
                "voting_date": voting,
            }
            for id_, name, kind, year, voting in SEEDED_ELECTIONS
        ],
    )

    op.create_table(
        "pledge_event",
        *synced_columns(),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("election_id", sa.String(36), sa.ForeignKey("election.id")),
        sa.Column("starts_at", sa.String(32), nullable=False),
        sa.Column("place", sa.String(300), nullable=False, server_default=""),
        sa.Column("organiser_kind", sa.String(16), nullable=False, server_default="bawaslu"),
        sa.Column("organiser_agency_id", sa.String(36), sa.ForeignKey("agency.id")),
        sa.Column("organiser_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("reader_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("reader_position", sa.String(200), nullable=False, server_default=""),
        sa.Column("signer_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("signer_position", sa.String(200), nullable=False, server_default=""),
        sa.Column("signer_nip", sa.String(18)),
        sa.Column("pledge_text", sa.Text(), nullable=False, server_default=""),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
        sa.Column("invited_agency_ids", sa.Text(), nullable=False, server_default="[]"),
    )
    op.create_index("ix_pledge_event_updated_at", "pledge_event", ["updated_at"])
    op.create_index("ix_pledge_event_starts_at", "pledge_event", ["starts_at"])

    op.create_table(
        "invitee",
        *synced_columns(),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("pledge_event.id"), nullable=False),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("person.id")),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("nip", sa.String(18)),
        sa.Column("status", sa.String(8), nullable=False, server_default=""),
        sa.Column("jabatan", sa.String(200), nullable=False, server_default=""),
        sa.Column("unit_kerja", sa.String(200), nullable=False, server_default=""),
        sa.Column("agency_id", sa.String(36), sa.ForeignKey("agency.id")),
        sa.Column("agency_name", sa.String(200), nullable=False, server_default=""),
        sa.Column("walk_in", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_invitee_updated_at", "invitee", ["updated_at"])
    op.create_index("ix_invitee_event_order", "invitee", ["event_id", "agency_name", "name_key"])
    op.create_index("ix_invitee_event_nip", "invitee", ["event_id", "nip"])
    op.create_index(
        "ix_invitee_person",
        "invitee",
        ["person_id"],
        sqlite_where=sa.text("person_id IS NOT NULL"),
    )

    op.create_table(
        "attendance",
        *synced_columns(),
        sa.Column("event_id", sa.String(36), sa.ForeignKey("pledge_event.id"), nullable=False),
        sa.Column("invitee_id", sa.String(36), sa.ForeignKey("invitee.id"), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("note", sa.String(300), nullable=False, server_default=""),
        sa.Column("marked_at", sa.String(32), nullable=False),
        sa.Column("marked_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_attendance_updated_at", "attendance", ["updated_at"])
    op.create_index("ix_attendance_invitee", "attendance", ["invitee_id", "marked_at"])
    op.create_index("ix_attendance_event", "attendance", ["event_id", "marked_by", "marked_at"])

    op.create_table(
        "attachment",
        *synced_columns(),
        sa.Column("owner_table", sa.String(64), nullable=False),
        sa.Column("owner_id", sa.String(36), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("media_type", sa.String(64), nullable=False),
        sa.Column("original_name", sa.String(260), nullable=False, server_default=""),
        sa.Column("caption", sa.String(300), nullable=False, server_default=""),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_attachment_updated_at", "attachment", ["updated_at"])
    op.create_index("ix_attachment_owner", "attachment", ["owner_table", "owner_id"])
    op.create_index("ix_attachment_sha256", "attachment", ["sha256"])


def downgrade() -> None:
    op.drop_table("attachment")
    op.drop_table("attendance")
    op.drop_table("invitee")
    op.drop_table("pledge_event")
    op.drop_table("election")

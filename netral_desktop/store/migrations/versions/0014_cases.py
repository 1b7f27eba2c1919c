"""Violation case files (issue 13): the case, its reported people, its reporter and
witnesses (identity sealed), its status history, its hearings and its numbers.

Revision ID: 0014
Revises: 0013

``case_file`` holds one report, finding or tip; ``case_subject`` the reported people, each
with their own outcome and route; ``case_party`` the reporter, witnesses and experts, whose
identity is one column sealed with the office data key (services/at_rest.py) next to a
pseudonym ("Pelapor-0007"); ``case_step`` every status change (who, when, why, documents);
``case_hearing`` the clarification hearings; ``case_number`` every Perbawaslu number taken
(unique per series, year and sequence: a clash between two computers is refused by the
database instead of printed twice). ``office.case_number_device`` names the computer that
takes those numbers (they have no device part).
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
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


def _text(name: str) -> sa.Column[Any]:
    return sa.Column(name, sa.Text(), nullable=False, server_default="")


def _str(name: str, length: int, default: str = "") -> sa.Column[Any]:
    return sa.Column(name, sa.String(length), nullable=False, server_default=default)


def upgrade() -> None:
    with op.batch_alter_table("office") as batch:
        batch.add_column(sa.Column("case_number_device", sa.String(64)))

    op.create_table(
        "case_file",
        *synced_columns(),
        _str("ruleset", 16),
        sa.Column("election_id", sa.String(36), sa.ForeignKey("election.id")),
        _str("election_code", 4),
        _str("origin_kind", 16),
        _str("status", 24),
        _str("title", 300),
        _text("account"),
        sa.Column("event_date", sa.String(10)),
        sa.Column("known_date", sa.String(10)),
        sa.Column("received_date", sa.String(10)),
        sa.Column("registered_date", sa.String(10)),
        _str("kecamatan_code", 13),
        _str("kecamatan_name", 100),
        _str("desa_code", 13),
        _str("desa_name", 100),
        _str("place", 300),
        _str("category_code", 32),
        _str("stage", 24),
        sa.Column("late", sa.Boolean(), nullable=False, server_default=sa.false()),
        _text("late_reason"),
        _str("intake_number", 200),
        _str("register_number", 200),
        sa.Column("locked", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("due_date", sa.String(10)),
        _str("due_rule", 32),
        _str("due_article", 300),
        _text("notes"),
    )
    op.create_index("ix_case_file_updated_at", "case_file", ["updated_at"])
    op.create_index("ix_case_file_status", "case_file", ["status", "received_date"])
    op.create_index("ix_case_file_received", "case_file", ["received_date", "created_at", "id"])
    op.create_index("ix_case_file_origin_kind", "case_file", ["origin_kind"])
    op.create_index("ix_case_file_category_code", "case_file", ["category_code"])
    op.create_index("ix_case_file_election_id", "case_file", ["election_id"])
    op.create_index("ix_case_file_due_date", "case_file", ["due_date"])
    op.create_index("ix_case_file_ruleset", "case_file", ["ruleset", "received_date"])

    op.create_table(
        "case_subject",
        *synced_columns(),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("person.id")),
        _str("full_name", 200),
        _str("name_key", 200),
        sa.Column("nip", sa.String(18)),
        _str("kind", 16, "pns"),
        _str("jabatan", 200),
        _str("pangkat_golongan", 100),
        _str("unit_kerja", 200),
        sa.Column("agency_id", sa.String(36), sa.ForeignKey("agency.id")),
        _str("agency_name", 200),
        _str("ppk_name", 200),
        _str("ppk_title", 200),
        _str("status", 24),
        _str("outcome", 24),
        _text("outcome_note"),
        sa.Column("decided_date", sa.String(10)),
        _str("recipient", 200),
        _str("forward_number", 200),
        sa.Column("forwarded_date", sa.String(10)),
        _text("gakkumdu_outcome"),
        sa.Column("gakkumdu_date", sa.String(10)),
        _str("sanction", 200),
        _str("sanction_number", 200),
        sa.Column("sanction_date", sa.String(10)),
        _text("follow_up_note"),
        _str("correction_number", 200),
        _text("notes"),
    )
    op.create_index("ix_case_subject_updated_at", "case_subject", ["updated_at"])
    op.create_index("ix_case_subject_case", "case_subject", ["case_id", "position"])
    op.create_index("ix_case_subject_agency", "case_subject", ["agency_id"])
    op.create_index("ix_case_subject_person", "case_subject", ["person_id"])

    op.create_table(
        "case_party",
        *synced_columns(),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("case_file.id"), nullable=False),
        _str("role", 16),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        _str("pseudonym", 40),
        _str("standing", 16),
        _text("identity"),
    )
    op.create_index("ix_case_party_updated_at", "case_party", ["updated_at"])
    op.create_index("ix_case_party_case", "case_party", ["case_id", "role", "position"])
    op.create_index("ix_case_party_pseudonym", "case_party", ["pseudonym"])

    op.create_table(
        "case_step",
        *synced_columns(),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("subject_id", sa.String(36), sa.ForeignKey("case_subject.id")),
        _str("step", 32),
        _str("from_status", 24),
        _str("to_status", 24),
        sa.Column("effective_date", sa.String(10)),
        _str("at", 32),
        _str("actor", 64),
        _str("actor_name", 200),
        _text("reason"),
        sa.Column("documents", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("numbers", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("step_values", sa.Text(), nullable=False, server_default="{}"),
    )
    op.create_index("ix_case_step_updated_at", "case_step", ["updated_at"])
    op.create_index("ix_case_step_case", "case_step", ["case_id", "at"])

    op.create_table(
        "case_hearing",
        *synced_columns(),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("subject_id", sa.String(36), sa.ForeignKey("case_subject.id")),
        sa.Column("party_id", sa.String(36), sa.ForeignKey("case_party.id")),
        _str("heard_as", 16),
        _str("name", 200),
        _str("scheduled_at", 32),
        _str("place", 300),
        sa.Column("online", sa.Boolean(), nullable=False, server_default=sa.false()),
        _str("online_reason", 300),
        sa.Column("invitation_date", sa.String(10)),
        sa.Column("second_invitation_date", sa.String(10)),
        _str("attendance", 16),
        sa.Column("oath", sa.Boolean(), nullable=False, server_default=sa.false()),
        _text("statement"),
        sa.Column("recording_id", sa.String(36)),
        _text("notes"),
    )
    op.create_index("ix_case_hearing_updated_at", "case_hearing", ["updated_at"])
    op.create_index("ix_case_hearing_case", "case_hearing", ["case_id", "scheduled_at"])

    op.create_table(
        "case_number",
        *synced_columns(),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("case_file.id"), nullable=False),
        sa.Column("subject_id", sa.String(36), sa.ForeignKey("case_subject.id")),
        _str("kind", 16),
        _str("series", 64),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        _str("number", 200),
        sa.Column("taken_on", sa.String(10), nullable=False),
        sa.UniqueConstraint("series", "year", "seq", name="uq_case_number_seq"),
    )
    op.create_index("ix_case_number_updated_at", "case_number", ["updated_at"])
    op.create_index("ix_case_number_case", "case_number", ["case_id"])


def downgrade() -> None:
    op.drop_table("case_number")
    op.drop_table("case_hearing")
    op.drop_table("case_step")
    op.drop_table("case_party")
    op.drop_table("case_subject")
    op.drop_table("case_file")
    with op.batch_alter_table("office") as batch:
        batch.drop_column("case_number_device")

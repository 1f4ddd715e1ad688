"""travel: sealed originals of depersonalised messages, re-personalisation requests, stored rules

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 03:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "travel_sealed",
        sa.Column("message_id", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("sealed_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["travel_messages.id"], name=op.f("fk_travel_sealed_message_id_travel_messages")
        ),
        sa.PrimaryKeyConstraint("message_id", name=op.f("pk_travel_sealed")),
    )
    op.create_table(
        "repersonalisation_requests",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("traveller_id", sa.String(length=80), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=False),
        sa.Column("requested_by", sa.String(length=128), nullable=False),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=128), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repersonalisation_requests")),
    )
    with op.batch_alter_table("repersonalisation_requests", schema=None) as batch_op:
        batch_op.create_index("ix_repersonalisation_agency", ["agency", "status"], unique=False)
    op.create_table(
        "travel_rules",
        sa.Column("version", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_travel_rules")),
    )


def downgrade() -> None:
    op.drop_table("travel_rules")
    with op.batch_alter_table("repersonalisation_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_repersonalisation_agency")
    op.drop_table("repersonalisation_requests")
    op.drop_table("travel_sealed")

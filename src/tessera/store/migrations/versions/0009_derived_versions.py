"""derived_versions: which code version derived the stored search keys (rebuilt when it changes)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 12:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "derived_versions",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_derived_versions")),
    )


def downgrade() -> None:
    op.drop_table("derived_versions")

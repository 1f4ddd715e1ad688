"""finance: institution customers, alert links, freezes, reports, feed events and webhooks

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 10:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "finance_customers",
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("schema", sa.String(length=32), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("birth_date", sa.String(length=10), nullable=False),
        sa.Column("nationality", sa.String(length=8), nullable=False),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("identifiers", sa.Text(), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency"], ["agencies.code"], name=op.f("fk_finance_customers_agency_agencies")
        ),
        sa.PrimaryKeyConstraint("agency", "id", name=op.f("pk_finance_customers")),
    )
    with op.batch_alter_table("finance_customers", schema=None) as batch_op:
        batch_op.create_index("ix_finance_customers_rev", ["agency", "rev"], unique=False)

    op.create_table(
        "finance_alert_links",
        sa.Column("alert_id", sa.String(length=40), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("customer_id", sa.String(length=128), nullable=False),
        sa.Column("list_name", sa.String(length=64), nullable=False),
        sa.Column("entry_id", sa.String(length=128), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_finance_alert_links_alert_id_alerts")
        ),
        sa.PrimaryKeyConstraint("alert_id", name=op.f("pk_finance_alert_links")),
    )
    with op.batch_alter_table("finance_alert_links", schema=None) as batch_op:
        batch_op.create_index("ix_finance_alert_links_entry", ["list_name", "entry_id"], unique=False)
        batch_op.create_index("ix_finance_alert_links_customer", ["agency", "customer_id"], unique=False)

    op.create_table(
        "finance_freezes",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("alert_id", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.String(length=128), nullable=False),
        sa.Column("list_name", sa.String(length=64), nullable=False),
        sa.Column("entry_id", sa.String(length=128), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=128), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency"], ["agencies.code"], name=op.f("fk_finance_freezes_agency_agencies")
        ),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name=op.f("fk_finance_freezes_alert_id_alerts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_freezes")),
    )
    with op.batch_alter_table("finance_freezes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finance_freezes_agency"), ["agency"], unique=False)

    op.create_table(
        "finance_reports",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("fiu", sa.String(length=32), nullable=False),
        sa.Column("alert_id", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.Column("narrative", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency"], ["agencies.code"], name=op.f("fk_finance_reports_agency_agencies")
        ),
        sa.ForeignKeyConstraint(["fiu"], ["agencies.code"], name=op.f("fk_finance_reports_fiu_agencies")),
        sa.ForeignKeyConstraint(["alert_id"], ["alerts.id"], name=op.f("fk_finance_reports_alert_id_alerts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_reports")),
    )
    with op.batch_alter_table("finance_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finance_reports_fiu"), ["fiu"], unique=False)

    op.create_table(
        "finance_events",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ref", sa.String(length=255), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency"], ["agencies.code"], name=op.f("fk_finance_events_agency_agencies")
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_finance_events")),
    )
    with op.batch_alter_table("finance_events", schema=None) as batch_op:
        batch_op.create_index("ix_finance_events_agency", ["agency", "seq"], unique=False)

    op.create_table(
        "finance_webhooks",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("events", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency"], ["agencies.code"], name=op.f("fk_finance_webhooks_agency_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_webhooks")),
    )
    with op.batch_alter_table("finance_webhooks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finance_webhooks_agency"), ["agency"], unique=False)

    op.create_table(
        "finance_deliveries",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("webhook_id", sa.String(length=40), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("event_seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("response_code", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("log", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["webhook_id"],
            ["finance_webhooks.id"],
            name=op.f("fk_finance_deliveries_webhook_id_finance_webhooks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_deliveries")),
    )
    with op.batch_alter_table("finance_deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_finance_deliveries_agency", ["agency", "created_at"], unique=False)
        batch_op.create_index("ix_finance_deliveries_status", ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("finance_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_finance_deliveries_status")
        batch_op.drop_index("ix_finance_deliveries_agency")
    op.drop_table("finance_deliveries")
    with op.batch_alter_table("finance_webhooks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_webhooks_agency"))
    op.drop_table("finance_webhooks")
    with op.batch_alter_table("finance_events", schema=None) as batch_op:
        batch_op.drop_index("ix_finance_events_agency")
    op.drop_table("finance_events")
    with op.batch_alter_table("finance_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_reports_fiu"))
    op.drop_table("finance_reports")
    with op.batch_alter_table("finance_freezes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_freezes_agency"))
    op.drop_table("finance_freezes")
    with op.batch_alter_table("finance_alert_links", schema=None) as batch_op:
        batch_op.drop_index("ix_finance_alert_links_customer")
        batch_op.drop_index("ix_finance_alert_links_entry")
    op.drop_table("finance_alert_links")
    with op.batch_alter_table("finance_customers", schema=None) as batch_op:
        batch_op.drop_index("ix_finance_customers_rev")
    op.drop_table("finance_customers")

"""Table definitions (SQLAlchemy Core). Migrations in ``tessera/store/migrations`` follow these."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

agencies = Table(
    "agencies",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(255), nullable=False),
    Column("country", String(8), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("default_marking", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

groups = Table(
    "groups",
    metadata,
    Column("code", String(64), primary_key=True),
    Column("name", String(255), nullable=False),
    Column("owner", String(32), ForeignKey("agencies.code"), nullable=False),
)

group_members = Table(
    "group_members",
    metadata,
    Column("group_code", String(64), ForeignKey("groups.code"), primary_key=True),
    Column("agency", String(32), ForeignKey("agencies.code"), primary_key=True),
    Index("ix_group_members_agency", "agency", "group_code"),
)

agreements = Table(
    "agreements",
    metadata,
    Column("a", String(32), ForeignKey("agencies.code"), primary_key=True),
    Column("b", String(32), ForeignKey("agencies.code"), primary_key=True),
    Column("kind", String(32), nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("username", String(128), nullable=False, unique=True),
    Column("agency", String(32), ForeignKey("agencies.code"), nullable=False),
    Column("roles", String(255), nullable=False),
    Column("clearance", Integer, nullable=False),
    Column("password_hash", String(255), nullable=True),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(64), ForeignKey("users.id"), nullable=False, index=True),
    Column("label", String(128), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

markings = Table(
    "markings",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("owner", String(32), ForeignKey("agencies.code"), nullable=False),
    Column("distribution", String(16), nullable=False),
    Column("group_code", String(64), nullable=True),
    Column("discoverable", Boolean, nullable=False),
    Column("handling", String(64), nullable=False),
    Column("classification", Integer, nullable=False),
)

marking_partners = Table(
    "marking_partners",
    metadata,
    Column("marking_id", String(32), ForeignKey("markings.id"), primary_key=True),
    Column("agency", String(32), primary_key=True),
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("schema", String(64), nullable=False),
    Column("owner", String(32), ForeignKey("agencies.code"), nullable=False),
    Column("watch", Boolean, nullable=False, default=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

statements = Table(
    "statements",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("entity_id", String(64), ForeignKey("entities.id"), nullable=False),
    Column("schema", String(64), nullable=False),
    Column("prop", String(64), nullable=False),
    Column("prop_type", String(32), nullable=False),
    Column("value", Text, nullable=False),
    Column("agency", String(32), ForeignKey("agencies.code"), nullable=False),
    Column("source", String(255), nullable=False),
    Column("first_seen", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
    Column("marking_id", String(32), ForeignKey("markings.id"), nullable=False),
    Index("ix_statements_entity", "entity_id", "marking_id"),
    Index("ix_statements_marking", "marking_id"),
    Index("ix_statements_ref", "prop_type", "value"),
)

# Derived from statements (names and identifiers): a pure function of stored rows.
search_keys = Table(
    "search_keys",
    metadata,
    Column("key", String(96), primary_key=True),
    Column("statement_id", String(40), ForeignKey("statements.id"), primary_key=True),
    Column("entity_id", String(64), nullable=False),
    Index("ix_search_keys_statement", "statement_id"),
)

# Which version of the code derived each kind of derived state (search_keys: KEYS_VERSION).
derived_versions = Table(
    "derived_versions",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
)

access_requests = Table(
    "access_requests",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("ref", String(64), nullable=False),
    Column("entity_id", String(64), nullable=False),
    Column("owner", String(32), nullable=False),
    Column("requester", String(32), nullable=False),
    Column("requested_by", String(64), nullable=False),
    Column("purpose", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("decided_at", DateTime, nullable=True),
    Column("decided_by", String(64), nullable=True),
    Column("until", DateTime, nullable=True),
    Column("reason", Text, nullable=True),
    Index("ix_access_grant", "entity_id", "requester", "owner", "status"),
)

discovery_refs = Table(
    "discovery_refs",
    metadata,
    Column("ref", String(64), primary_key=True),
    Column("entity_id", String(64), nullable=False),
    Column("owner", String(32), nullable=False),
    Column("viewer_agency", String(32), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("ts", DateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("agency", String(32), nullable=False),
    Column("action", String(64), nullable=False),
    Column("object_type", String(64), nullable=False),
    Column("object_id", String(128), nullable=False),
    Column("purpose", Text, nullable=False),
    Column("detail", Text, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_actor", "actor"),
    Index("ix_audit_object", "object_id"),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
)

# Console sessions: the cookie carries a random id; only its hash is stored.
sessions = Table(
    "sessions",
    metadata,
    Column("id_hash", String(64), primary_key=True),
    Column("user_id", String(64), ForeignKey("users.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen", DateTime, nullable=False),
)

# Watchlists and sanctions lists, versioned: each import is a new version; entries keep the
# versions they were first and last seen in, and every version's difference is stored.
watchlists = Table(
    "watchlists",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("title", String(255), nullable=False),
    Column("owner", String(32), ForeignKey("agencies.code"), nullable=False),
    Column("marking_id", String(32), ForeignKey("markings.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

list_versions = Table(
    "list_versions",
    metadata,
    Column("list_name", String(64), ForeignKey("watchlists.name"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("format", String(32), nullable=False),
    Column("source", Text, nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Column("imported_by", String(128), nullable=False),
    Column("entries", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("removed", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("problems", Text, nullable=False),
)

list_entries = Table(
    "list_entries",
    metadata,
    Column("list_name", String(64), ForeignKey("watchlists.name"), primary_key=True),
    Column("entry_id", String(128), primary_key=True),
    Column("schema", String(64), nullable=False),
    Column("caption", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("first_version", Integer, nullable=False),
    Column("last_version", Integer, nullable=False),
    Column("removed_in", Integer, nullable=True),
    Index("ix_list_entries_current", "list_name", "removed_in"),
)

list_changes = Table(
    "list_changes",
    metadata,
    Column("list_name", String(64), ForeignKey("watchlists.name"), primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("entry_id", String(128), primary_key=True),
    Column("change", String(16), nullable=False),
    Column("detail", Text, nullable=False),
)

# Alerts raised by travel and finance screening, each owned by the agency that must review it.
alerts = Table(
    "alerts",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("agency", String(32), ForeignKey("agencies.code"), nullable=False),
    Column("dedupe_key", String(255), nullable=False, unique=True),
    Column("subject", Text, nullable=False),
    Column("context", Text, nullable=False),
    Column("reasons", Text, nullable=False),
    Column("refs", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_alerts_agency_status", "agency", "status"),
)

alert_events = Table(
    "alert_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", String(40), ForeignKey("alerts.id"), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
    Column("actor", String(128), nullable=False),
    Column("status", String(16), nullable=False),
    Column("reason", Text, nullable=False),
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("agency", String(32), ForeignKey("agencies.code"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("message", Text, nullable=False),
    Column("ref", String(128), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# Derived from markings, partners, groups and agencies (see store/audience.py): which agencies a
# marking's distribution reaches. Rewritten whenever its inputs change, never edited by hand.
marking_audience = Table(
    "marking_audience",
    metadata,
    Column("agency", String(32), primary_key=True),
    Column("marking_id", String(32), ForeignKey("markings.id"), primary_key=True),
    Column("classification", Integer, nullable=False),
)

# Travel: every message version is kept (one row per distinct message); travellers are derived
# from the stored (possibly depersonalised) parsed form; what cannot be parsed is quarantined.
travel_messages = Table(
    "travel_messages",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("agency", String(32), ForeignKey("agencies.code"), nullable=False),
    Column("source", String(255), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("sender", String(64), nullable=False),
    Column("message_ref", String(64), nullable=False),
    Column("received_at", DateTime, nullable=False),
    Column("parsed", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Column("deviations", Text, nullable=False),
    Column("depersonalised_at", DateTime, nullable=True),
    Index("ix_travel_messages_agency", "agency", "received_at"),
)

travellers = Table(
    "travellers",
    metadata,
    Column("id", String(80), primary_key=True),
    Column("message_id", String(64), ForeignKey("travel_messages.id"), nullable=False, index=True),
    Column("agency", String(32), nullable=False),
    Column("flight_key", String(64), nullable=False),
    Column("dep_time", DateTime, nullable=True),
    Column("record_locator", String(16), nullable=False),
    Column("traveller_key", String(255), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("name", Text, nullable=False),
    Column("birth_date", String(10), nullable=False),
    Column("nationality", String(3), nullable=False),
    Column("data", Text, nullable=False),
    Column("masked", Boolean, nullable=False),
    Index("ix_travellers_flight", "agency", "flight_key"),
    Index("ix_travellers_fingerprint", "agency", "fingerprint"),
)

travel_quarantine = Table(
    "travel_quarantine",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("agency", String(32), ForeignKey("agencies.code"), nullable=False, index=True),
    Column("source", String(255), nullable=False),
    Column("received_at", DateTime, nullable=False),
    Column("reason", String(32), nullable=False),
    Column("message", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("resolved_at", DateTime, nullable=True),
    Column("resolved_by", String(128), nullable=True),
)

# Re-personalisation (EU PNR directive art. 12(3)): at depersonalisation the original parsed
# message is sealed (encrypted with the seal key, never stored in clear) and deleted with the
# message after 5 years; a PIU analyst's justified request, approved by a different user with the
# steward role, reveals one traveller record's original fields to that analyst until a deadline.
travel_sealed = Table(
    "travel_sealed",
    metadata,
    Column("message_id", String(64), ForeignKey("travel_messages.id"), primary_key=True),
    Column("agency", String(32), nullable=False),
    Column("sealed_at", DateTime, nullable=False),
    Column("payload", Text, nullable=False),
)

repersonalisation_requests = Table(
    "repersonalisation_requests",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("agency", String(32), nullable=False),
    Column("traveller_id", String(80), nullable=False),
    Column("message_id", String(64), nullable=False),
    Column("requested_by", String(128), nullable=False),
    Column("justification", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("decided_by", String(128), nullable=True),
    Column("decided_at", DateTime, nullable=True),
    Column("decision_reason", Text, nullable=True),
    Column("until", DateTime, nullable=True),
    Index("ix_repersonalisation_agency", "agency", "status"),
)

# Finance (#5): each institution's customers live in its own tenant (``agency``); ``data`` is the
# prepared FtM form screened against lists, ``rev`` grows with every write so derived customer
# indexes refresh from the store; removed customers stay as tombstones (``removed``).
finance_customers = Table(
    "finance_customers",
    metadata,
    Column("agency", String(32), ForeignKey("agencies.code"), primary_key=True),
    Column("id", String(128), primary_key=True),
    Column("schema", String(32), nullable=False),
    Column("name", Text, nullable=False),
    Column("birth_date", String(10), nullable=False),
    Column("nationality", String(8), nullable=False),
    Column("address", Text, nullable=False),
    Column("identifiers", Text, nullable=False),
    Column("data", Text, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("rev", Integer, nullable=False),
    Column("removed", Boolean, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_finance_customers_rev", "agency", "rev"),
)

# Which customer and list entry a finance alert (alerts.kind == "finance") is about.
finance_alert_links = Table(
    "finance_alert_links",
    metadata,
    Column("alert_id", String(40), ForeignKey("alerts.id"), primary_key=True),
    Column("agency", String(32), nullable=False),
    Column("customer_id", String(128), nullable=False),
    Column("list_name", String(64), nullable=False),
    Column("entry_id", String(128), nullable=False),
    Column("score", Float, nullable=False),
    Index("ix_finance_alert_links_entry", "list_name", "entry_id"),
    Index("ix_finance_alert_links_customer", "agency", "customer_id"),
)

finance_freezes = Table(
    "finance_freezes",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("agency", String(32), ForeignKey("agencies.code"), nullable=False, index=True),
    Column("alert_id", String(40), ForeignKey("alerts.id"), nullable=False),
    Column("customer_id", String(128), nullable=False),
    Column("list_name", String(64), nullable=False),
    Column("entry_id", String(128), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("recorded_by", String(128), nullable=False),
    Column("note", Text, nullable=False),
)

# Suspicious-transaction reports escalated from an alert to the national FIU.
finance_reports = Table(
    "finance_reports",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("agency", String(32), ForeignKey("agencies.code"), nullable=False),
    Column("fiu", String(32), ForeignKey("agencies.code"), nullable=False, index=True),
    Column("alert_id", String(40), ForeignKey("alerts.id"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("narrative", Text, nullable=False),
    Column("content", Text, nullable=False),
)

# The institution's feed (new designations on lists it may see, its new alerts): polled with
# ``since=<seq>`` and pushed to its webhooks.
finance_events = Table(
    "finance_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("agency", String(32), ForeignKey("agencies.code"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("ref", String(255), nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index("ix_finance_events_agency", "agency", "seq"),
)

finance_webhooks = Table(
    "finance_webhooks",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("agency", String(32), ForeignKey("agencies.code"), nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("secret", Text, nullable=False),
    Column("events", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(128), nullable=False),
)

finance_deliveries = Table(
    "finance_deliveries",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("webhook_id", String(40), ForeignKey("finance_webhooks.id"), nullable=False),
    Column("agency", String(32), nullable=False),
    Column("event_seq", Integer, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("response_code", Integer, nullable=True),
    Column("error", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("next_attempt_at", DateTime, nullable=True),
    Column("finished_at", DateTime, nullable=True),
    Column("log", Text, nullable=False),
    Index("ix_finance_deliveries_agency", "agency", "created_at"),
    Index("ix_finance_deliveries_status", "status"),
)

# Risk rules in force: every accepted version of the rules document, the newest applies. Stored so
# that every worker process applies a change at once (each checks the newest version per message).
travel_rules = Table(
    "travel_rules",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("text", Text, nullable=False),
    Column("source", String(255), nullable=False),
    Column("created_by", String(128), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

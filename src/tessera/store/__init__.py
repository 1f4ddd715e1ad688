"""The store: the one place that reads rows, always as a viewer, with the policy in the query."""

from __future__ import annotations

from sqlalchemy import Engine

from tessera.clock import Clock
from tessera.store import db
from tessera.store.alerts import AlertStore
from tessera.store.audit import AuditStore
from tessera.store.db import is_initialised, make_engine
from tessera.store.derived import refresh_search_keys
from tessera.store.entities import EntityStore, Fact, NewEntity
from tessera.store.finance import FinanceStore
from tessera.store.finance_feed import FinanceFeedStore
from tessera.store.graph import GraphStore
from tessera.store.lists import ListStore
from tessera.store.sealed import SealedStore
from tessera.store.sessions import SessionStore
from tessera.store.travel import TravelStore


class Store(
    GraphStore,
    EntityStore,
    SessionStore,
    ListStore,
    AlertStore,
    TravelStore,
    SealedStore,
    FinanceStore,
    FinanceFeedStore,
    AuditStore,
):
    """All storage operations. Every read method takes a :class:`~tessera.policy.core.Viewer`."""


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the schema to ``revision``; at the head, also rebuild derived state made by older code."""
    db.upgrade(engine, revision)
    if revision == "head":
        refresh_search_keys(engine)


def open_store(
    url: str, *, clock: Clock | None = None, secret: str = "tessera", migrate: bool = True
) -> Store:
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return Store(engine, clock=clock, secret=secret)


__all__ = ["Fact", "NewEntity", "Store", "is_initialised", "make_engine", "open_store", "upgrade"]

"""Institutions' customers: import into the institution's own tenant, batch screening against a
list, and delta re-screening when a list gains, changes or loses entries.

Each institution's customer index (a :class:`~tessera.matching.Screener` over its customers) is
derived state: a pure function of the tenant's stored rows. It is refreshed from the store by
revision (rows written after the revision it holds, removals included) and never edited otherwise.
"""

from __future__ import annotations

import gc
import hashlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tessera.errors import PermissionDenied
from tessera.finance import parse_customers_csv
from tessera.matching import DEFAULT_THRESHOLD, Screener
from tessera.matching.compare import Prepared, prepare
from tessera.policy.core import Viewer, require_role
from tessera.policy.markings import Classification
from tessera.screening.service import ScreeningService
from tessera.service import Hub
from tessera.store.alerts import NewAlert
from tessera.store.finance import AlertLink, CustomerWrite, ListChange

INSTITUTION = "financial_institution"
HITS_PER_ENTRY = 50  # customers alerted per designation at most (a common name stays reviewable)
HITS_PER_CUSTOMER = 5
# Customers sharing a designation's keys that are ranked cheaply before scoring: a designation is one
# query against every customer, where thousands may share a common name's keys.
ENTRY_POOL = 1_000
IMPORT_CHUNK = 50_000
EVENT_ENTRIES = 1000  # full entries in a designations event; beyond, the event points at the diff


@dataclass
class CustomerHit:
    customer_id: str
    list_name: str
    entry_id: str
    caption: str
    score: float
    explanation: str


@dataclass
class ImportResult:
    source: str
    rows: int
    write: CustomerWrite
    problems: list[dict[str, Any]] = field(default_factory=list)
    alerts: int = 0

    def to_dict(self) -> dict[str, Any]:
        rejected = sorted({p["line"] for p in self.problems if p["rejected"]})
        return {
            "source": self.source,
            "rows": self.rows,
            **self.write.to_dict(),
            "rejected": len(rejected),
            "rejected_lines": rejected[:1000],
            "warnings": sum(1 for p in self.problems if not p["rejected"]),
            "alerts": self.alerts,
        }


class CustomerIndex:
    """One institution's customers as a screener, at a stored revision."""

    def __init__(self, agency: str) -> None:
        self.agency = agency
        self.rev = 0
        self.screener = Screener()
        self.lock = threading.Lock()
        self.built_seconds = 0.0

    def refresh(self, store: Any) -> CustomerIndex:
        latest = store.customer_rev(self.agency)
        if latest == self.rev:
            return self
        with self.lock:
            if latest == self.rev:
                return self
            started = time.perf_counter()
            written = 0
            for cid, data in store.customer_changes(self.agency, self.rev):
                written += 1
                if data is None:
                    self.screener.remove(cid)
                else:
                    self.screener.add(cid, data)
            self.rev = latest
            self.built_seconds += time.perf_counter() - started
            if written >= 10_000:
                gc.freeze()  # long-lived index objects out of the cyclic collector's way
        return self


def system_viewer(store: Any, agency: str, purpose: str) -> Viewer:
    """The institution acting through the hub: its most cleared user's clearance, no more."""
    return Viewer(
        agency=agency,
        user="system:finance",
        roles=frozenset({"analyst"}),
        clearance=Classification(store.agency_clearance(agency)),
        purpose=purpose,
    )


class CustomerService:
    def __init__(
        self,
        hub: Hub,
        screening: ScreeningService,
        on_events: Callable[[], None] | None = None,
    ) -> None:
        self.hub = hub
        self.store = hub.store
        self.screening = screening
        self.on_events = on_events
        self._indexes: dict[str, CustomerIndex] = {}
        self._lock = threading.Lock()
        self._seen: dict[str, int] = {}  # list -> latest version applied by this process
        self._started = False

    # -- tenancy --------------------------------------------------------------------------------
    def require_institution(self, viewer: Viewer) -> None:
        if self.store.agency_kind(viewer.agency) != INSTITUTION:
            raise PermissionDenied("Only financial institutions keep customers in the hub.")
        if not require_role(viewer, "analyst", "steward"):
            raise PermissionDenied("Customer data needs the analyst or steward role.")

    def index(self, agency: str) -> CustomerIndex:
        with self._lock:
            index = self._indexes.setdefault(agency, CustomerIndex(agency))
        return index.refresh(self.store)

    # -- import ---------------------------------------------------------------------------------
    def import_csv(
        self,
        viewer: Viewer,
        data: bytes | str,
        source: str,
        *,
        screen: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportResult:
        """Store a customer CSV in the institution's tenant; bad rows are reported with their line."""
        self.require_institution(viewer)
        parsed = parse_customers_csv(data, source=source)
        problems = [
            {"line": p.line, "column": p.column, "message": p.message, "rejected": p.rejected}
            for p in parsed.problems
        ]
        write = self.import_customers(viewer, parsed.customers, source=source, progress=progress)
        result = ImportResult(source, parsed.rows_read, write, problems)
        if screen:
            ids = [str(c["id"]) for c in parsed.customers]
            result.alerts = sum(
                self.screen_customers(viewer, name, ids=ids) for name in self.visible_lists(viewer)
            )
        self.hub.audit(
            viewer,
            "finance.customers.import",
            "customers",
            source,
            **result.to_dict() | {"rejected_lines": []},
        )
        return result

    def import_customers(
        self,
        viewer: Viewer,
        customers: Sequence[dict[str, Any]],
        *,
        source: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> CustomerWrite:
        self.require_institution(viewer)
        totals = [0, 0, 0]
        rev = self.store.customer_rev(viewer.agency)
        for start in range(0, len(customers), IMPORT_CHUNK):
            write = self.store.upsert_customers(viewer.agency, customers[start : start + IMPORT_CHUNK])
            totals = [totals[0] + write.added, totals[1] + write.updated, totals[2] + write.unchanged]
            rev = write.rev
            if progress is not None:
                progress(min(start + IMPORT_CHUNK, len(customers)), len(customers))
        return CustomerWrite(totals[0], totals[1], totals[2], 0, rev)

    def remove_customers(self, viewer: Viewer, ids: Sequence[str]) -> CustomerWrite:
        self.require_institution(viewer)
        write = self.store.remove_customers(viewer.agency, ids)
        self.hub.audit(viewer, "finance.customers.remove", "customers", viewer.agency, removed=write.removed)
        return write

    def customers(self, viewer: Viewer, *, limit: int = 100, offset: int = 0) -> dict[str, Any]:
        self.require_institution(viewer)
        page = self.store.customers_page(viewer, limit=limit, offset=offset)
        self.hub.audit(viewer, "finance.customers.read", "customers", viewer.agency, count=len(page))
        return {"customers": page, "total": self.store.count_customers(viewer.agency)}

    def visible_lists(self, viewer: Viewer) -> list[str]:
        return [info.name for info in self.store.lists(viewer)]

    # -- batch screening --------------------------------------------------------------------------
    def screen_customers(
        self,
        viewer: Viewer,
        list_name: str,
        *,
        ids: Sequence[str] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Screen the institution's customers (all, or ``ids``) against a whole list; alerts raised."""
        self.require_institution(viewer)
        self.store.get_list(viewer, list_name)
        raised = screened = 0
        for batch in self._prepared_batches(viewer.agency, ids):
            found = self.screening.screen_prepared(
                viewer, list_name, [p for _, p in batch], threshold=threshold, limit=HITS_PER_CUSTOMER
            )
            hits = [
                CustomerHit(cid, m.list, m.entity_id, m.caption, m.score, m.explanation)
                for (cid, _), matches in zip(batch, found, strict=True)
                for m in matches
            ]
            raised += self.raise_alerts(viewer.agency, hits, trigger=f"batch screen against {list_name}")
            screened += len(batch)
            if progress is not None:
                progress(screened)
        self.hub.audit(
            viewer, "finance.customers.screen", "list", list_name, customers=screened, alerts=raised
        )
        return raised

    def _prepared_batches(
        self, agency: str, ids: Sequence[str] | None
    ) -> Iterator[list[tuple[str, Prepared]]]:
        """The customers to screen (all, or ``ids``) with their comparable evidence, in batches.

        When this process holds the institution's customer index, the evidence prepared when the
        stored rows were indexed is reused (the index is refreshed first: the batch screens the
        tenant at that revision); otherwise the rows are read and prepared here."""
        with self._lock:
            index = self._indexes.get(agency)
        if index is None:
            if ids is None:
                for rows in self.store.iter_customer_data(agency):
                    yield [(str(data["id"]), prepare(data)) for data in rows]
            else:
                found = self.store.customers_by_id(agency, ids)
                yield [(cid, prepare(found[cid]["data"])) for cid in ids if cid in found]
            return
        index.refresh(self.store)
        for part in [ids] if ids is not None else self.store.iter_customer_ids(agency):
            with index.lock:  # a consistent revision (a refresh elsewhere waits)
                batch = [(cid, index.screener.prepared(cid)) for cid in part if cid in index.screener]
            yield batch

    # -- alerts -----------------------------------------------------------------------------------
    def raise_alerts(self, agency: str, hits: Sequence[CustomerHit], *, trigger: str) -> int:
        """One alert per customer and list entry; new ones are linked and put on the feed."""
        if not hits:
            return 0
        customers = self.store.customers_by_id(agency, [h.customer_id for h in hits])
        items = []
        for h in hits:
            customer = customers.get(h.customer_id, {"name": h.customer_id})
            items.append(
                NewAlert(
                    kind="finance",
                    agency=agency,
                    dedupe_key=dedupe_key(agency, h),
                    subject=str(customer["name"]),
                    context={
                        "summary": f"customer {h.customer_id} resembles {h.caption} on {h.list_name}",
                        "customer": h.customer_id,
                        "list": h.list_name,
                        "entry_id": h.entry_id,
                        "entry": h.caption,
                        "score": round(h.score, 4),
                        "explanation": h.explanation,
                        "trigger": trigger,
                    },
                    reasons=[f"matches {h.caption} ({h.list_name}:{h.entry_id})"],
                    refs={"customer": h.customer_id, "list": h.list_name, "entry": h.entry_id},
                )
            )
        raised = self.store.raise_alerts(items)
        self.store.link_alerts(
            [
                AlertLink(alert.id, agency, h.customer_id, h.list_name, h.entry_id, h.score)
                for h, (alert, _) in zip(hits, raised, strict=True)
            ]
        )
        new = {alert.id: (alert, h) for h, (alert, created) in zip(hits, raised, strict=True) if created}
        self.store.add_events(
            [
                (
                    agency,
                    "alert",
                    alert.id,
                    {
                        "alert_id": alert.id,
                        "customer_id": h.customer_id,
                        "subject": alert.subject,
                        "list": h.list_name,
                        "entry_id": h.entry_id,
                        "entry": h.caption,
                        "score": round(h.score, 4),
                        "trigger": trigger,
                    },
                )
                for alert, h in new.values()
            ]
        )
        if new and self.on_events is not None:
            self.on_events()
        return len(new)

    # -- delta re-screening -------------------------------------------------------------------------
    def on_list_change(self, list_name: str, version: int | None = None) -> None:
        """A new list version reaches every institution that may see the list, within seconds.

        Each institution's designations event for the version marks it as done, so a version
        seen both by the importing process and by a running server is re-screened once."""
        version = version or self.store.list_version(list_name)
        self._seen[list_name] = max(version, self._seen.get(list_name, 0))
        changes = self.store.version_changes(list_name, version)
        if not changes:
            return
        told = False
        ref = f"{list_name}:{version}"
        for agency in self.store.agencies_of_kind(INSTITUTION):
            viewer = system_viewer(self.store, agency, f"re-screen after {list_name} v{version}")
            if not self.store.list_visible_to(viewer, list_name) or self.store.has_event(
                agency, "designations", ref
            ):
                continue
            self.store.add_events([(agency, "designations", ref, designations(list_name, version, changes))])
            told = True
            if self.store.customer_rev(agency) > 0:
                self.rescreen_delta(viewer, list_name, version, changes)
        if told and self.on_events is not None:
            self.on_events()

    def catch_up(self) -> int:
        """Apply list versions stored by other processes (e.g. `tessera lists import`) since the
        first call; a running server calls this every few seconds. Returns the versions applied."""
        current = self.store.all_list_versions()
        if not self._started:
            self._seen.update({k: max(v, self._seen.get(k, 0)) for k, v in current.items()})
            self._started = True
            return 0
        applied = 0
        for name, version in sorted(current.items()):
            for missed in range(self._seen.get(name, 0) + 1, version + 1):
                self.on_list_change(name, missed)
                applied += 1
        return applied

    def rescreen_delta(
        self, viewer: Viewer, list_name: str, version: int, changes: Sequence[ListChange]
    ) -> dict[str, int]:
        """Screen the institution's customers against just the added and changed entries; close open
        alerts on removed entries, and on changed entries that no longer match, with the reason."""
        started = time.perf_counter()
        index = self.index(viewer.agency)
        hits: list[CustomerHit] = []
        closed = 0
        for change in changes:
            if change.change == "removed":
                reason = f"{change.entry_id} was removed from {list_name} in version {version}"
                closed += self._close(viewer.agency, list_name, change.entry_id, None, reason)
                continue
            found = index.screener.screen(
                change.to_ftm(), threshold=DEFAULT_THRESHOLD, limit=HITS_PER_ENTRY, pool=ENTRY_POOL
            )
            for hit in found:
                hits.append(
                    CustomerHit(
                        hit.entry_id,
                        list_name,
                        change.entry_id,
                        change.caption,
                        hit.result.score,
                        hit.result.explanation,
                    )
                )
            if change.change == "changed":
                still = {hit.entry_id for hit in found}
                reason = f"no longer matches {change.entry_id} as changed in {list_name} version {version}"
                closed += self._close(viewer.agency, list_name, change.entry_id, still, reason)
        raised = self.raise_alerts(viewer.agency, hits, trigger=f"{list_name} version {version}")
        counts = {
            "entries": len(changes),
            "customers": len(index.screener),
            "alerts": raised,
            "closed": closed,
        }
        self.store.append_audit(
            viewer.user,
            viewer.agency,
            "finance.rescreen",
            "list",
            list_name,
            viewer.purpose,
            {**counts, "version": version, "seconds": round(time.perf_counter() - started, 3)},
        )
        return counts

    def _close(self, agency: str, list_name: str, entry_id: str, keep: set[str] | None, reason: str) -> int:
        closed = 0
        for alert_id, customer_id in self.store.open_alerts_on_entry(agency, list_name, entry_id):
            if keep is not None and customer_id in keep:
                continue
            self.store.system_transition(alert_id, "closed", reason)
            closed += 1
        return closed


def dedupe_key(agency: str, hit: CustomerHit) -> str:
    """One alert per institution, customer and list entry (hashed when the ids are very long)."""
    key = f"finance:{agency}:{hit.customer_id}:{hit.list_name}:{hit.entry_id}"
    return key if len(key) <= 255 else "finance:" + hashlib.sha256(key.encode()).hexdigest()


def designations(list_name: str, version: int, changes: Sequence[ListChange]) -> dict[str, Any]:
    """The feed payload of a list version: what was designated, changed and lifted."""
    entries = [
        {
            "entry_id": c.entry_id,
            "change": c.change,
            "caption": c.caption,
            "schema": c.schema,
            **({"properties": c.properties} if c.change != "removed" else {}),
        }
        for c in changes[:EVENT_ENTRIES]
    ]
    counts = {kind: sum(1 for c in changes if c.change == kind) for kind in ("added", "changed", "removed")}
    return {
        "list": list_name,
        "version": version,
        **counts,
        "entries": entries,
        "truncated": len(changes) > EVENT_ENTRIES,
        "diff": f"/v1/lists/{list_name}/diff?version={version}",
    }

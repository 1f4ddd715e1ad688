"""Finance services. Payment screening before execution: every party of a pacs.008 or MT103 message
is screened against the lists the institution may see; the answer is pass or hold, with a reason per
hit. Customers (``customers``), the review of alerts (``review``) and the feed and webhooks
(``feed``) are composed here, and hooked to list changes and alert decisions."""

from __future__ import annotations

from typing import Any

from tessera.finance import PartyHit, decide, parse_payment
from tessera.matching import DEFAULT_THRESHOLD
from tessera.policy.core import Viewer
from tessera.screening.service import QueryResult, ScreeningService
from tessera.service import Hub
from tessera.services.finance_customers import CustomerService
from tessera.services.finance_feed import FeedService
from tessera.services.finance_review import ReviewService


class FinanceService:
    def __init__(self, hub: Hub, screening: ScreeningService) -> None:
        self.hub = hub
        self.store = hub.store
        self.screening = screening
        self.feed = FeedService(hub)
        self.customers = CustomerService(hub, screening, on_events=self.feed.wake)
        self.review = ReviewService(hub)
        screening.on_list_change.append(self.customers.on_list_change)
        self.customers.catch_up()  # from now on, versions stored by other processes are applied too
        self.feed.before_round.append(self.customers.catch_up)

    def screen_payment(self, viewer: Viewer, raw: bytes | str, source: str) -> list[dict[str, Any]]:
        """Parse (a malformed message raises, naming field and line) and decide each payment."""
        payments = parse_payment(raw, source=source)
        lists = [info.name for info in self.store.lists(viewer)]
        out = []
        for payment in payments:
            queries = list(payment.screening_queries())
            entities = [{**q.entity, "id": str(i)} for i, q in enumerate(queries)]
            results = (
                self.screening.screen(
                    viewer, lists, entities, threshold=DEFAULT_THRESHOLD, limit=3, audit=False
                )
                if lists and entities
                else [QueryResult(str(i)) for i in range(len(entities))]
            )
            hits = [
                PartyHit(
                    role=q.role,
                    list_name=m.list,
                    entry_id=m.entity_id,
                    score=m.score,
                    explanation=m.explanation,
                    party_index=q.party_index,
                )
                for q, result in zip(queries, results, strict=True)
                for m in result.matches
            ]
            decision = decide(payment, hits, threshold=DEFAULT_THRESHOLD)
            out.append(
                {
                    "message_id": payment.message_id,
                    "kind": payment.kind,
                    "outcome": decision.outcome,
                    "reasons": decision.reasons,
                    "parties": len(payment.parties),
                }
            )
            self.hub.audit(
                viewer,
                "payment.screen",
                "payment",
                payment.message_id,
                outcome=decision.outcome,
                hits=len(decision.holding_hits),
            )
        return out

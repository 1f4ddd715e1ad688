"""Payment screening before execution: every party of a pacs.008 or MT103 message is screened
against the lists the institution may see; the answer is pass or hold, with a reason per hit."""

from __future__ import annotations

from typing import Any

from tessera.finance import PartyHit, decide, parse_payment
from tessera.matching import DEFAULT_THRESHOLD
from tessera.policy.core import Viewer
from tessera.screening.service import QueryResult, ScreeningService
from tessera.service import Hub


class FinanceService:
    def __init__(self, hub: Hub, screening: ScreeningService) -> None:
        self.hub = hub
        self.store = hub.store
        self.screening = screening

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

"""The review of finance alerts by the institution: new → in review → true match (the freeze is
recorded), false positive (with a reason) or escalated as a suspicious-transaction report to the
national FIU, which is notified and may read that report and nothing else of the institution's."""

from __future__ import annotations

from typing import Any

from tessera.errors import ErrorDetail, NotFound, ValidationError
from tessera.policy.core import Viewer
from tessera.service import Hub
from tessera.store.alerts import Alert

DECISIONS = {
    "in_review": "in_review",
    "true_match": "confirmed",
    "false_positive": "dismissed",
    "escalate": "escalated",
}
NEEDS_REASON = {"false_positive", "escalate"}
FIU = "fiu"


class ReviewService:
    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.store = hub.store
        hub.alert_hooks["finance"] = self._on_decision

    def national_fiu(self, agency: str) -> str:
        fius = self.store.agencies_of_kind(FIU, country=self.store.agency_country(agency))
        if not fius:
            raise ValidationError(
                "There is no financial intelligence unit of this country in the hub to report to.",
                details=[ErrorDetail("decision", "escalation needs an FIU member of the same country")],
            )
        return fius[0]

    def review(self, viewer: Viewer, alert_id: str, decision: str, reason: str = "") -> dict[str, Any]:
        """Apply a review decision to one of the institution's finance alerts."""
        status = DECISIONS.get(decision)
        if status is None:
            raise ValidationError(
                "Unknown decision.", details=[ErrorDetail("decision", f"one of {', '.join(DECISIONS)}")]
            )
        alert = self.store.get_alert(viewer, alert_id)
        if alert.kind != "finance":
            raise NotFound("alert")
        if decision in NEEDS_REASON and len(reason.strip()) < 3:
            raise ValidationError(
                "Give a reason.",
                details=[ErrorDetail("reason", f"{decision.replace('_', ' ')} needs a reason")],
            )
        if decision == "escalate":
            self.national_fiu(viewer.agency)  # refuse before the alert changes
        updated = self.hub.transition_alert(viewer, alert_id, status, reason)
        out = updated.to_dict()
        out["history"] = self.store.alert_history(viewer, alert_id)
        return out

    def _on_decision(self, viewer: Viewer, alert: Alert) -> None:
        """After a transition of a finance alert: record the freeze, or send the report."""
        link = self.store.alert_link(alert.id)
        if link is None:
            return
        if alert.status == "confirmed":
            fid = self.store.record_freeze(viewer.agency, link, viewer.user, "true match confirmed")
            self.hub.audit(
                viewer,
                "finance.freeze",
                "freeze",
                fid,
                alert=alert.id,
                customer=link.customer_id,
                entry=f"{link.list_name}:{link.entry_id}",
            )
        elif alert.status == "escalated":
            try:
                fiu = self.national_fiu(viewer.agency)
            except ValidationError:  # escalated through the generic route: undo, nothing was sent
                self.store.system_transition(alert.id, "in_review", "escalation refused: no FIU to report to")
                raise
            history = self.store.alert_history(viewer, alert.id)
            narrative = history[-1]["reason"] if history else ""
            customer = self.store.customers_by_id(viewer.agency, [link.customer_id]).get(link.customer_id, {})
            customer.pop("data", None)
            content = {
                "institution": viewer.agency,
                "customer": customer,
                "match": {
                    "list": link.list_name,
                    "entry_id": link.entry_id,
                    "entry": alert.context.get("entry", ""),
                    "score": link.score,
                    "explanation": alert.context.get("explanation", ""),
                },
                "review": history,
            }
            rid = self.store.create_report(viewer.agency, fiu, alert.id, viewer.user, narrative, content)
            self.store.notify(
                fiu,
                "finance.str",
                f"{viewer.agency} filed a suspicious-transaction report on customer {link.customer_id}.",
                rid,
            )
            self.hub.audit(viewer, "finance.report", "report", rid, fiu=fiu, alert=alert.id)

    def reports(self, viewer: Viewer, report_id: str | None = None) -> list[dict[str, Any]]:
        """Reports the viewer's agency filed, or received as the FIU they were addressed to."""
        found = self.store.reports(viewer, report_id)
        self.hub.audit(viewer, "finance.report.read", "report", report_id or viewer.agency, count=len(found))
        return found

    def freezes(self, viewer: Viewer) -> list[dict[str, Any]]:
        found = self.store.freezes(viewer)
        self.hub.audit(viewer, "finance.freezes.read", "freezes", viewer.agency, count=len(found))
        return found

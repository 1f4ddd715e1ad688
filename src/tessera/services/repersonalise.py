"""Re-personalisation of depersonalised travel data (EU PNR directive art. 12(3)).

After 6 months a traveller record is masked everywhere (API, exports, search); its original is
kept sealed (encrypted with the seal key). A PIU analyst asks for one record with a justification;
a different user of the same PIU with the steward role approves (for a limited time) or rejects;
only the analyst who asked may then read the original fields, until the deadline. Every step —
request, decision, each reveal and each refused reveal — is audited. After 5 years the sealed
original is deleted with the message, and nothing can be revealed any more.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from tessera.errors import ErrorDetail, NotFound, PermissionDenied, ValidationError
from tessera.policy.core import Viewer, require_role
from tessera.service import Hub
from tessera.travel import jsonform
from tessera.travel.records import traveller_records
from tessera.travel.seal import Sealer

DEFAULT_HOURS = 72
MAX_HOURS = 30 * 24
MIN_JUSTIFICATION = 20


class Repersonalisation:
    def __init__(self, hub: Hub, sealer: Sealer) -> None:
        self.hub = hub
        self.store = hub.store
        self.sealer = sealer

    def request(self, viewer: Viewer, traveller_id: str, justification: str) -> dict[str, Any]:
        if not require_role(viewer, "analyst"):
            raise PermissionDenied("Asking to re-personalise travel data needs the analyst role of the PIU.")
        message_id, masked = self.store.traveller_message(viewer, traveller_id)
        if not masked:
            raise ValidationError(
                "This traveller record is not depersonalised: read it directly.",
                details=[ErrorDetail("traveller", "not depersonalised")],
            )
        text = justification.strip()
        if len(text) < MIN_JUSTIFICATION:
            raise ValidationError(
                "Give a justification (case, legal basis, why this traveller).",
                details=[ErrorDetail("justification", f"at least {MIN_JUSTIFICATION} characters")],
            )
        req = self.store.create_repersonalisation(viewer, traveller_id, message_id, text)
        self.hub.audit(
            viewer,
            "travel.repersonalise.request",
            "traveller",
            traveller_id,
            request=req["id"],
            justification=text,
        )
        return _public(req)

    def list(self, viewer: Viewer, status: str | None = None) -> list[dict[str, Any]]:
        if not require_role(viewer, "analyst", "steward"):
            raise PermissionDenied("Re-personalisation requests are for the PIU's analysts and stewards.")
        return self.store.repersonalisations(viewer, status)

    def decide(
        self, viewer: Viewer, rid: str, decision: str, reason: str, hours: int | None = None
    ) -> dict[str, Any]:
        req = self.store.repersonalisation(viewer, rid)  # another agency's requests do not exist
        if not require_role(viewer, "steward"):
            raise PermissionDenied("Approving re-personalisation needs the steward role.")
        if req["requested_by"] == viewer.user:
            self.hub.audit(viewer, "travel.repersonalise.decide.refused", "repersonalisation", rid)
            raise PermissionDenied("A request must be decided by someone other than who asked.")
        if decision not in ("approve", "reject"):
            raise ValidationError(
                "Decide approve or reject.", details=[ErrorDetail("decision", "approve | reject")]
            )
        if req["status"] != "pending":
            raise ValidationError(
                f"This request is already {req['status']}.", details=[ErrorDetail("status", req["status"])]
            )
        if len(reason.strip()) < 3:
            raise ValidationError("Give a reason.", details=[ErrorDetail("reason", "required")])
        until = None
        if decision == "approve":
            span = DEFAULT_HOURS if hours is None else hours
            if not 1 <= span <= MAX_HOURS:
                raise ValidationError(
                    "The approval must be limited in time.",
                    details=[ErrorDetail("hours", f"between 1 and {MAX_HOURS}")],
                )
            until = self.store.clock.now() + timedelta(hours=span)
        status = "approved" if decision == "approve" else "rejected"
        out = self.store.decide_repersonalisation(viewer, rid, status, reason.strip(), until)
        self.hub.audit(
            viewer,
            "travel.repersonalise.decide",
            "repersonalisation",
            rid,
            decision=status,
            reason=reason.strip(),
            until=out["until"],
            requester=req["requested_by"],
        )
        return _public(out)

    def reveal(self, viewer: Viewer, rid: str) -> dict[str, Any]:
        """The original fields of the traveller record, to the requester of an approved request."""
        req = self.store.repersonalisation(viewer, rid)
        refusal = None
        if req["requested_by"] != viewer.user:
            refusal = "Only the analyst who asked may see the re-personalised record."
        elif req["status"] != "approved":
            refusal = f"This request is {req['status']}, not approved."
        elif req["until"] and self.store.clock.now() >= datetime.fromisoformat(req["until"]):
            refusal = f"The approval ended at {req['until']}."
        if refusal is not None:
            self.hub.audit(viewer, "travel.repersonalise.refused", "repersonalisation", rid, reason=refusal)
            raise PermissionDenied(refusal)
        payload = self.store.sealed_payload(viewer.agency, req["message_id"])
        if payload is None:
            self.hub.audit(viewer, "travel.repersonalise.refused", "repersonalisation", rid, reason="deleted")
            raise NotFound("sealed travel data (deleted after 5 years)")
        original = jsonform.from_json(self.sealer.open(payload))
        record = next(
            (r for r in traveller_records(req["message_id"], original) if r.id == req["traveller"]), None
        )
        if record is None:
            raise NotFound("traveller record")
        booking = next(
            (
                b
                for b in original.bookings
                if b.record_locator == record.record_locator and record.data.get("booking")
            ),
            None,
        )
        self.hub.audit(
            viewer, "travel.repersonalise.reveal", "traveller", record.id, request=rid, until=req["until"]
        )
        revealed: dict[str, Any] = {
            "id": record.id,
            "name": record.name,
            "birth_date": record.birth_date,
            "nationality": record.nationality,
            **record.data,
        }
        if booking is not None:
            revealed["contacts"] = jsonform.to_plain(booking.contacts)
            revealed["payments"] = [jsonform.to_plain(p) for p in booking.payments]
            revealed["free_text"] = list(booking.free_text)
        return {"request": rid, "until": req["until"], "traveller": revealed}


def _public(req: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in req.items() if k != "message_id"}

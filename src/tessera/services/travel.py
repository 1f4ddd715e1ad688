"""Travel intake: parse, store every version, screen every traveller, apply risk rules, alert.

Each message is stored once (idempotent on its content hash). What cannot be understood goes to
the quarantine with its reason and can be replayed. A repeated push of the same booking screens
again only the travellers whose data changed. Alerts carry which list entry, hub record, rule
version and message caused them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from tessera.errors import PermissionDenied, TesseraError
from tessera.matching import DEFAULT_THRESHOLD
from tessera.policy.core import Viewer, require_role
from tessera.policy.markings import Classification
from tessera.screening.service import HUB_LIST, QueryResult, ScreeningService
from tessera.service import Hub
from tessera.services.repersonalise import Repersonalisation
from tessera.store.alerts import Alert, NewAlert
from tessera.travel import jsonform
from tessera.travel.envelope import ParseOptions
from tessera.travel.errors import QuarantineError
from tessera.travel.model import ParsedMessage
from tessera.travel.parse import parse_message
from tessera.travel.records import TravellerRecord, traveller_records
from tessera.travel.retention import MASK, depersonalise, retention_stage
from tessera.travel.rules import Rule, Subject, compile_rules, evaluate
from tessera.travel.seal import Sealer

DEFAULT_RULES = Path(__file__).resolve().parents[1] / "travel" / "default_rules.yaml"
TRAVEL_THRESHOLD = DEFAULT_THRESHOLD


@dataclass
class IngestResult:
    status: str  # stored | duplicate | quarantined
    message_id: str
    source: str
    travellers: int = 0
    screened: int = 0
    alerts: list[str] = field(default_factory=list)
    quarantine_id: str | None = None
    reason: str | None = None
    error: str | None = None
    deviations: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def load_rules(path: Path = DEFAULT_RULES) -> list[Rule]:
    return compile_rules(path.read_text(encoding="utf-8"), source=str(path))


class TravelService:
    def __init__(
        self,
        hub: Hub,
        screening: ScreeningService,
        rules: list[Rule] | None = None,
        sealer: Sealer | None = None,
    ) -> None:
        self.hub = hub
        self.store = hub.store
        self.screening = screening
        settings = hub.settings
        self.sealer = sealer or Sealer.for_settings(settings.seal_key if settings else "", self.store.secret)
        self.repersonalisation = Repersonalisation(hub, self.sealer)
        # Explicit rules are pinned; otherwise the newest stored version applies (the packaged
        # default until a steward stores one), checked once per message so every worker follows.
        self._pinned = rules is not None
        self._rules = rules if rules is not None else load_rules()
        self._rules_version = 0
        self.lost_or_stolen: set[str] = set()
        hub.alert_hooks["travel"] = self._on_decision
        screening.on_list_change.append(self._on_list_change)

    @property
    def rules(self) -> list[Rule]:
        if self._pinned:
            return self._rules
        version = self.store.rules_version()
        if version != self._rules_version:
            current = self.store.current_rules()
            if current is None:
                self._rules, self._rules_version = load_rules(), 0
            else:
                self._rules = compile_rules(current[1], source=f"stored rules v{current[0]}")
                self._rules_version = current[0]
        return self._rules

    def _check(self, viewer: Viewer) -> None:
        if not require_role(viewer, "analyst", "steward"):
            raise PermissionDenied("Travel intake needs the analyst or steward role of a PIU.")

    def ingest(
        self, viewer: Viewer, raw: bytes | str, source: str, options: ParseOptions | None = None
    ) -> IngestResult:
        self._check(viewer)
        data = raw.encode("utf-8") if isinstance(raw, str) else raw
        message_id = hashlib.sha256(data).hexdigest()
        text = data.decode("utf-8", "replace")
        try:
            msg = parse_message(data, source=source, options=options)
        except QuarantineError as exc:
            qid = self.store.quarantine_message(viewer.agency, source, text, exc.reason, exc.message)
            self.hub.audit(viewer, "travel.quarantine", "travel_message", qid, reason=exc.reason)
            return IngestResult(
                "quarantined", message_id, source, quarantine_id=qid, reason=exc.reason, error=exc.message
            )
        records = traveller_records(message_id, msg)
        new, seen = self.store.store_message(
            viewer.agency,
            message_id,
            source=source,
            kind=str(msg.kind),
            sender=msg.sender,
            message_ref=msg.message_ref,
            parsed_json=jsonform.to_json(msg),
            raw=text,
            deviations=[d.__dict__ for d in msg.deviations],
            records=records,
        )
        if not new:
            return IngestResult("duplicate", message_id, source, travellers=len(records))
        changed = [r for r in records if r.fingerprint not in seen]
        alerts = self.screen_records(viewer, changed, msg, records)
        self.hub.audit(
            viewer,
            "travel.ingest",
            "travel_message",
            message_id,
            travellers=len(records),
            screened=len(changed),
            alerts=len(alerts),
        )
        return IngestResult(
            "stored",
            message_id,
            source,
            travellers=len(records),
            screened=len(changed),
            alerts=[a.id for a in alerts],
            deviations=len(msg.deviations),
        )

    def warm_up(self, viewer: Viewer) -> None:
        """Build the screening indexes of the lists this PIU screens against (a worker does this
        before it takes messages, so that the first flight is not kept waiting)."""
        probe = {"id": "warm-up", "schema": "Person", "properties": {"name": ["warm up"]}}
        self.screening.screen(viewer, self._lists(viewer), [probe], audit=False)

    def _lists(self, viewer: Viewer) -> list[str]:
        return [info.name for info in self.store.lists(viewer)] + [HUB_LIST]

    def screen_records(
        self,
        viewer: Viewer,
        records: Sequence[TravellerRecord],
        msg: ParsedMessage | None,
        all_records: Sequence[TravellerRecord] | None = None,
    ) -> list[Alert]:
        """Screen travellers on every document and name; apply the rules; raise alerts."""
        if not records:
            return []
        results = self.screening.screen(
            viewer,
            self._lists(viewer),
            [r.query() for r in records],
            threshold=TRAVEL_THRESHOLD,
            limit=5,
            audit=False,
        )
        reasons: dict[str, list[str]] = {r.id: [] for r in records}
        refs: dict[str, dict[str, list[str]]] = {r.id: {"entities": [], "list_entries": []} for r in records}
        by_id = {r.id: r for r in records}
        flagged: set[str] = set()
        for result in results:
            self._list_reasons(result, by_id[result.id], reasons[result.id], refs[result.id])
            if reasons[result.id]:
                flagged.add(by_id[result.id].traveller_key)
        rules = self.rules if msg is not None else []
        if msg is not None and rules:
            subjects = [Subject(t, b, msg) for b in msg.bookings for t in b.travellers]
            subjects += [Subject(t, None, msg) for t in msg.passengers]
            sets = {"flagged_travellers": flagged, "lost_or_stolen_documents": self.lost_or_stolen}
            for record, subject in zip(all_records or records, subjects, strict=False):
                if record.id not in reasons:
                    continue
                for hit in evaluate(rules, subject, sets):
                    reasons[record.id].append(
                        f"rule {hit.rule_id} v{hit.version} ({hit.severity}): {'; '.join(hit.reasons)}"
                    )
        raised: list[NewAlert] = []
        for record in records:
            if not reasons[record.id]:
                continue
            segments = record.data.get("segments", [])
            route = (
                " → ".join([s["origin"] for s in segments] + [segments[-1]["destination"]])
                if segments
                else ""
            )
            raised.append(
                NewAlert(
                    kind="travel",
                    agency=viewer.agency,
                    dedupe_key=f"travel:{viewer.agency}:{record.flight_key}:{record.traveller_key}",
                    subject=record.name,
                    context={
                        "summary": f"{record.flight_key} {route}",
                        "traveller": record.id,
                        "message": record.data.get("message", {}),
                        "flight": record.flight_key,
                    },
                    reasons=reasons[record.id],
                    refs=refs[record.id],
                )
            )
        alerts = [alert for alert, _ in self.store.raise_alerts(raised)]  # one transaction
        return alerts

    @staticmethod
    def _list_reasons(
        result: QueryResult, record: TravellerRecord, out: list[str], refs: dict[str, list[str]]
    ) -> None:
        message = record.data.get("message", {}).get("id", "")[:12]
        for match in result.matches:
            where = "hub watch subject" if match.list == HUB_LIST else f"list {match.list}"
            out.append(
                f"{where}: {match.caption or match.entity_id} ({match.entity_id}), score "
                f"{match.score:.2f} — {match.explanation} [message {message}]"
            )
            key = "entities" if match.list == HUB_LIST else "list_entries"
            refs[key].append(f"{match.list}:{match.entity_id}" if key == "list_entries" else match.entity_id)
        for hit in result.hits:
            out.append(
                f"agency {hit.agency} holds a matching record (hit/no-hit, ref {hit.ref}) [message {message}]"
            )

    def rescreen_upcoming(self, viewer: Viewer) -> int:
        """Re-screen stored travellers of flights that have not departed (after a list or rule change):
        each stored message is read again so that the rules see the whole booking."""
        now = self.store.clock.now()
        records = self.store.upcoming_records(viewer.agency, now)
        pending = {r.id: r for r in records}
        alerts: list[Alert] = []
        options = ParseOptions(count_mismatch="deviation")  # it was accepted when it was stored
        for message_id, raw in self.store.upcoming_messages(viewer.agency, now).items():
            try:
                msg = parse_message(
                    raw.encode("utf-8"), source=f"rescreen:{message_id[:12]}", options=options
                )
            except QuarantineError:
                continue  # its records are screened on their own below
            every = traveller_records(message_id, msg)
            mine = [pending.pop(r.id) for r in every if r.id in pending]
            alerts += self.screen_records(viewer, mine, msg, every)
        alerts += self.screen_records(viewer, list(pending.values()), None)
        self.hub.audit(viewer, "travel.rescreen", "travellers", viewer.agency, travellers=len(records))
        return len(alerts)

    def _on_list_change(self, list_name: str) -> None:
        """A new list version applies at once: every PIU's flights not yet departed are re-screened."""
        self._rescreen_everyone(f"re-screen after {list_name} changed")

    def _rescreen_everyone(self, purpose: str) -> None:
        for agency in self.store.agencies_with_upcoming_travel(self.store.clock.now()):
            viewer = Viewer(
                agency=agency,
                user="system",
                roles=frozenset({"analyst"}),
                clearance=Classification.CONFIDENTIAL,
                purpose=purpose,
            )
            self.rescreen_upcoming(viewer)

    def set_rules(self, viewer: Viewer, text: str, source: str = "api") -> list[Rule]:
        """Replace the risk rules (a steward's act, audited); they apply at once to flights not yet
        departed. The compiler refuses invalid rules and protected characteristics, all reasons at once."""
        if not require_role(viewer, "steward"):
            raise PermissionDenied("Changing the risk rules needs the steward role.")
        rules = compile_rules(text, source=source)
        old = {(r.id, r.version) for r in self.rules}
        if self._pinned:
            self._rules = rules
        else:  # stored: every worker applies it from its next message on
            self._rules_version = self.store.store_rules(text, source, viewer.user)
            self._rules = rules
        self.hub.audit(
            viewer,
            "travel.rules.set",
            "rules",
            source,
            rules=[f"{r.id} v{r.version}" for r in rules],
            new=[f"{r.id} v{r.version}" for r in rules if (r.id, r.version) not in old],
        )
        self._rescreen_everyone("re-screen after the risk rules changed")
        return rules

    def replay(self, viewer: Viewer, qid: str, *, accept_count_mismatch: bool = False) -> IngestResult:
        """Parse a quarantined message again (after a fix, or accepting a count mismatch)."""
        self._check(viewer)
        raw, source = self.store.quarantined_raw(viewer, qid)
        options = ParseOptions(count_mismatch="deviation") if accept_count_mismatch else None
        result = self.ingest(viewer, raw, source, options)
        if result.status != "quarantined":
            self.store.resolve_quarantine(viewer, qid, "replayed")
        self.hub.audit(viewer, "travel.replay", "travel_message", qid, status=result.status)
        return result

    def run_retention(self, actor: str = "retention") -> dict[str, int]:
        """Depersonalise after 6 months, delete after 5 years (EU PNR directive art. 12)."""
        now = self.store.clock.now()
        masked = deleted = 0
        for row in self.store.messages_received_before(now - timedelta(days=180), depersonalised=None):
            stage = retention_stage(row["received_at"], now)
            if stage == "delete":
                self.store.delete_message(row["id"])
                deleted += 1
            elif stage == "depersonalised" and row["depersonalised_at"] is None:
                msg = jsonform.from_json(row["parsed"])
                masked_msg, _fields = depersonalise(msg)
                # The original is sealed (encrypted) in the same step; it is read again only for
                # an approved re-personalisation request, and deleted with the message.
                self.store.replace_records(
                    row["id"],
                    row["agency"],
                    jsonform.to_json(masked_msg),
                    traveller_records(row["id"], masked_msg, masked=True),
                    depersonalised_at=now,
                    sealed=self.sealer.seal(row["parsed"]),
                )
                self._mask_alerts(row["agency"], traveller_records(row["id"], msg))
                masked += 1
        self.store.append_audit(
            actor,
            "-",
            "retention.run",
            "travel",
            "all",
            "retention",
            {"depersonalised": masked, "deleted": deleted},
        )
        return {"depersonalised": masked, "deleted": deleted}

    def _mask_alerts(self, agency: str, originals: Sequence[TravellerRecord]) -> None:
        """Alerts on depersonalised travellers lose what identifies them, unless confirmed."""
        keys = [f"travel:{agency}:{r.flight_key}:{r.traveller_key}" for r in originals]
        secrets = {r.name for r in originals} | {r.birth_date for r in originals}
        for r in originals:
            secrets |= {r.data.get("surname", ""), r.data.get("given_names", "")}
            secrets |= {d.get("number") or "" for d in r.data.get("documents", [])}
        self.store.mask_alerts(keys, sorted(s for s in secrets if len(s) >= 3), MASK)

    def _on_decision(self, viewer: Viewer, alert: Alert) -> None:
        """A confirmed alert notifies the departure country's border authority and the agencies
        whose hub records matched (they own them, so they may be told)."""
        if alert.status != "confirmed":
            return
        flight = str(alert.context.get("flight", ""))
        origin = flight.rsplit("/", 1)[-1] if "/" in flight else ""
        from tessera.travel.airports import country_of

        country = (country_of(origin) or "").upper()
        notified = set()
        for agency in self.store.list_agencies():
            if (
                agency.country == country
                and agency.kind in ("police", "piu")
                and agency.code != viewer.agency
            ):
                notified.add(agency.code)
        for eid in alert.refs.get("entities", []):
            with self.store.engine.connect() as conn:
                from sqlalchemy import select

                from tessera.store.tables import entities

                owner = conn.execute(select(entities.c.owner).where(entities.c.id == eid)).scalar()
            if owner and owner != viewer.agency:
                notified.add(owner)
        for agency_code in sorted(notified):
            self.store.notify(
                agency_code,
                "travel.confirmed",
                f"{viewer.agency} confirmed a travel alert on flight {flight}.",
                alert.id,
            )
        self.hub.audit(viewer, "travel.notify", "alert", alert.id, agencies=sorted(notified))


__all__ = ["IngestResult", "TesseraError", "TravelService", "load_rules"]

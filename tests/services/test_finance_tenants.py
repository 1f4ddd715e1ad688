"""Institutions' customers through the API: each bank sees only its own customers and alerts (a CT
agency and the FIU see neither); a new designation re-screens stored customers against just that
delta; removals close alerts; the review workflow records freezes and reports to the FIU."""

from __future__ import annotations

from typing import Any

from tests.services.finance_world import (
    BANK_A_CSV,
    BANK_B_CSV,
    CLAES,
    HEADER,
    VARROWBY,
    import_csv,
    make_world,
)

from tessera.lists.model import ListEntry
from tessera.policy.core import Viewer
from tessera.policy.markings import Classification
from tessera.screening.service import ScreeningService
from tessera.service import Hub
from tessera.services.finance import FinanceService
from tessera.services.finance_customers import CustomerIndex
from tessera.store import Store


def test_each_bank_sees_only_its_own_customers_and_alerts(store: Store) -> None:
    world = make_world(store)
    report = import_csv(world, "a", BANK_A_CSV)
    assert (report["rows"], report["added"], report["rejected"]) == (5, 4, 1)
    assert report["rejected_lines"] == [4]
    assert {(p["line"], p["column"], p["rejected"]) for p in report["problems"]} == {
        (4, "name", True),
        (6, "date_of_birth", False),
    }
    import_csv(world, "b", BANK_B_CSV)
    a = world.get("a", "/v1/finance/customers").json()
    b = world.get("b", "/v1/finance/customers").json()
    assert [c["id"] for c in a["customers"]] == ["A-1", "A-2", "A-4", "A-5"] and a["total"] == 4
    assert [c["id"] for c in b["customers"]] == ["B-1", "B-2"]
    for outsider in ("nl", "fiu"):  # a CT agency and the FIU: no customers of anyone
        denied = world.get(outsider, "/v1/finance/customers")
        assert denied.status_code == 403 and denied.json()["error"]["code"]
    # Re-importing the same file changes nothing.
    again = import_csv(world, "a", BANK_A_CSV)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 4)

    world.publish([VARROWBY, CLAES])  # delta re-screening: both banks, their own customers only
    a_alerts = world.get("a", "/v1/finance/alerts").json()["alerts"]
    b_alerts = world.get("b", "/v1/finance/alerts").json()["alerts"]
    assert {(x["refs"]["customer"], x["refs"]["entry"]) for x in a_alerts} == {("A-1", "NL-1")}
    assert {(x["refs"]["customer"], x["refs"]["entry"]) for x in b_alerts} == {
        ("B-1", "NL-1"),
        ("B-2", "NL-2"),
    }
    assert all(x["agency"] == "BANK-A" for x in a_alerts)
    for outsider in ("nl", "fiu"):
        assert world.get(outsider, "/v1/finance/alerts").json()["alerts"] == []
        assert world.get(outsider, "/v1/alerts").json()["alerts"] == []
    # Another bank's alert is indistinguishable from a missing one.
    other = world.get("b", f"/v1/finance/alerts/{a_alerts[0]['id']}")
    assert other.status_code == 404
    assert world.get("b", f"/v1/alerts/{a_alerts[0]['id']}").status_code == 404
    assert (
        world.client.post(
            f"/v1/finance/alerts/{a_alerts[0]['id']}/review",
            json={"decision": "in_review"},
            headers=world.h("b"),
        ).status_code
        == 404
    )
    # The feed of each bank carries the designations and its own alerts only.
    feed_a = world.get("a", "/v1/finance/feed?since=0").json()
    kinds = [(e["kind"], e["ref"]) for e in feed_a["events"]]
    assert ("designations", "nl-freeze:1") in kinds
    assert [r for k, r in kinds if k == "alert"] == [a_alerts[0]["id"]]
    designation = next(e for e in feed_a["events"] if e["kind"] == "designations")["payload"]
    assert {e["entry_id"] for e in designation["entries"]} == {"NL-1", "NL-2"}
    assert world.get("a", f"/v1/finance/feed?since={feed_a['next']}").json()["events"] == []
    assert world.get("nl", "/v1/finance/feed").json()["events"] == []
    by_time = world.get("a", "/v1/finance/feed?since=2026-11-01T00:00:00").json()
    assert [e["seq"] for e in by_time["events"]] == [e["seq"] for e in feed_a["events"]]
    later = world.get("a", "/v1/finance/feed?since=2030-01-01T00:00:00").json()
    assert later == {"events": [], "next": feed_a["next"]}
    assert world.get("a", "/v1/finance/feed?since=yesterday").status_code == 422
    world.client.close()


def test_removal_closes_and_change_rescreens(store: Store) -> None:
    world = make_world(store)
    import_csv(world, "b", BANK_B_CSV)
    world.publish([VARROWBY, CLAES])
    alerts = {x["refs"]["entry"]: x for x in world.get("b", "/v1/finance/alerts").json()["alerts"]}
    assert set(alerts) == {"NL-1", "NL-2"}
    # NL-2 is lifted; NL-1 is changed to someone else entirely.
    world.publish(
        [ListEntry("NL-1", "Person", {"name": ["Xavier Quenneville"], "birthDate": ["1950-01-01"]})]
    )
    after = {x["refs"]["entry"]: x for x in world.get("b", "/v1/finance/alerts").json()["alerts"]}
    assert after["NL-2"]["status"] == "closed" and after["NL-1"]["status"] == "closed"
    history = world.get("b", f"/v1/finance/alerts/{after['NL-2']['id']}").json()["history"]
    assert history[-1]["reason"] == "NL-2 was removed from nl-freeze in version 2"
    history = world.get("b", f"/v1/finance/alerts/{after['NL-1']['id']}").json()["history"]
    assert "no longer matches NL-1" in history[-1]["reason"]
    # Batch screening of all stored customers against the whole list finds nothing new.
    resp = world.client.post("/v1/finance/customers/screen?list=nl-freeze", headers=world.h("b"))
    assert resp.status_code == 200 and resp.json()["alerts"] == 0
    # A customer removed from the tenant is no longer screened.
    assert world.client.delete("/v1/finance/customers/B-2", headers=world.h("b")).status_code == 200
    world.publish([VARROWBY, CLAES])
    open_now = world.get("b", "/v1/finance/alerts?status=new").json()["alerts"]
    assert [x["refs"]["customer"] for x in open_now] == []  # NL-1/B-1 and NL-2/B-2 were closed before
    assert world.client.delete("/v1/finance/customers/B-2", headers=world.h("b")).status_code == 404
    # A renamed customer is screened under its new name; the held index equals one built afresh.
    import_csv(world, "b", HEADER + "B-1,Samira Okonkwo,1984-02-11,NL,,,person\n")
    world.publish([VARROWBY, CLAES, ListEntry("NL-3", "Person", {"name": ["Samira Okonkwo"]})])
    fresh = world.get("b", "/v1/finance/alerts?status=new").json()["alerts"]
    assert [(x["refs"]["customer"], x["refs"]["entry"]) for x in fresh] == [("B-1", "NL-3")]
    held = world.client.app.state.finance.customers.index("BANK-B")  # type: ignore[attr-defined]
    rebuilt = CustomerIndex("BANK-B").refresh(store)
    for index in (held, rebuilt):
        assert len(index.screener) == 1 and "B-1" in index.screener and "B-2" not in index.screener
        assert index.screener.screen({"schema": "Person", "properties": {"name": ["Samira Okonkwo"]}})
    world.client.close()


def test_review_freeze_false_positive_and_report_to_the_fiu(store: Store) -> None:
    world = make_world(store)
    import_csv(world, "b", BANK_B_CSV)
    world.publish([VARROWBY, CLAES])
    alerts = {x["refs"]["entry"]: x["id"] for x in world.get("b", "/v1/finance/alerts").json()["alerts"]}

    def review(alert_id: str, decision: str, reason: str = "", who: str = "b") -> Any:
        return world.client.post(
            f"/v1/finance/alerts/{alert_id}/review",
            json={"decision": decision, "reason": reason},
            headers=world.h(who),
        )

    # Straight to a true match is not a review; in review first.
    assert review(alerts["NL-2"], "true_match").status_code == 422
    assert review(alerts["NL-2"], "in_review").json()["status"] == "in_review"
    done = review(alerts["NL-2"], "true_match", "same person, same date of birth").json()
    assert done["status"] == "confirmed"
    assert [h["status"] for h in done["history"]] == ["new", "in_review", "confirmed"]
    freezes = world.get("b", "/v1/finance/freezes").json()["freezes"]
    assert [(f["customer_id"], f["entry_id"]) for f in freezes] == [("B-2", "NL-2")]
    assert world.get("a", "/v1/finance/freezes").json()["freezes"] == []

    # A false positive needs a reason.
    review(alerts["NL-1"], "in_review")
    bad = review(alerts["NL-1"], "false_positive")
    assert bad.status_code == 422 and bad.json()["error"]["details"][0]["location"] == "reason"
    # Bank B is Belgian: no Belgian FIU in the hub, so escalation is refused and nothing changes.
    refused = review(alerts["NL-1"], "escalate", "cash withdrawals after listing")
    assert refused.status_code == 422
    assert world.get("b", f"/v1/finance/alerts/{alerts['NL-1']}").json()["status"] == "in_review"
    generic = world.client.post(
        f"/v1/alerts/{alerts['NL-1']}/transition",
        json={"status": "escalated", "reason": "cash withdrawals"},
        headers=world.h("b"),
    )
    assert generic.status_code == 422  # the generic route too: undone, nothing sent
    assert world.get("b", f"/v1/finance/alerts/{alerts['NL-1']}").json()["status"] == "in_review"
    store.create_agency("BE-FIU", "BE FIU", "BE", "fiu")
    _, world.tokens["befiu"] = store.create_user("befiu-user", "BE-FIU", ["analyst"], "unclassified")
    sent = review(alerts["NL-1"], "escalate", "cash withdrawals after listing")
    assert sent.status_code == 200 and sent.json()["status"] == "escalated"

    received = world.get("befiu", "/v1/finance/reports").json()["reports"]
    assert len(received) == 1 and received[0]["institution"] == "BANK-B"
    report = received[0]
    assert report["narrative"] == "cash withdrawals after listing"
    assert report["content"]["customer"]["id"] == "B-1"
    assert report["content"]["match"]["entry_id"] == "NL-1"
    assert world.get("befiu", f"/v1/finance/reports/{report['id']}").status_code == 200
    notes = world.get("befiu", "/v1/notifications").json()["notifications"]
    assert [(n["kind"], n["ref"]) for n in notes] == [("finance.str", report["id"])]
    # The FIU reads that report only: not the alert, not the bank's customers.
    assert world.get("befiu", f"/v1/finance/alerts/{alerts['NL-1']}").status_code == 404
    assert world.get("befiu", "/v1/finance/customers").status_code == 403
    # Other members (the Dutch FIU, another bank) cannot read it.
    assert world.get("fiu", f"/v1/finance/reports/{report['id']}").status_code == 404
    assert world.get("a", "/v1/finance/reports").json()["reports"] == []

    auditor = Viewer("NL", "auditor", frozenset({"auditor"}), Classification.CONFIDENTIAL)
    actions = {e.action for e in store.read_audit(auditor)}
    assert {"finance.customers.import", "finance.rescreen", "finance.freeze", "finance.report"} <= actions
    assert {"alert.confirmed", "alert.escalated", "finance.report.read"} <= actions
    world.client.close()


def test_a_server_applies_list_versions_stored_by_another_process(store: Store) -> None:
    world = make_world(store)
    import_csv(world, "b", BANK_B_CSV)
    server = world.client.app.state.finance.customers  # type: ignore[attr-defined]
    # Another process (e.g. `tessera lists import --no-rescreen`) stores a version: no hook here.
    other = ScreeningService(Hub(store))
    other.store_version(world.steward, "nl-freeze", [VARROWBY], fmt="ftm", source="cli")
    assert world.get("b", "/v1/finance/alerts").json()["alerts"] == []
    assert server.catch_up() == 1  # what the server's background round does every few seconds
    assert [a["refs"]["entry"] for a in world.get("b", "/v1/finance/alerts").json()["alerts"]] == ["NL-1"]
    assert server.catch_up() == 0
    # A process with the finance hook applies its version itself; the server does not repeat it.
    FinanceService(Hub(store), other)
    other.store_version(world.steward, "nl-freeze", [VARROWBY, CLAES], fmt="ftm", source="cli")
    assert server.catch_up() == 1
    feed = world.get("b", "/v1/finance/feed").json()["events"]
    assert [e["ref"] for e in feed if e["kind"] == "designations"] == ["nl-freeze:1", "nl-freeze:2"]
    assert sorted(a["refs"]["entry"] for a in world.get("b", "/v1/finance/alerts").json()["alerts"]) == [
        "NL-1",
        "NL-2",
    ]
    world.client.close()


def test_batch_screen_reuses_the_held_index_and_finds_what_the_rows_give(store: Store) -> None:
    world = make_world(store)
    world.publish([VARROWBY, CLAES])  # before any customer: nothing to re-screen, no index held
    store.create_agency("BANK-C", "Bank C", "NL", "financial_institution")  # not in the group
    _, world.tokens["c"] = store.create_user("c-user", "BANK-C", ["analyst"], "unclassified")
    later = HEADER + "B-2,Pieter Claes,1975-03-03,BE,,,person\nB-3,Eva Lind,,SE,,,person\n"
    import_csv(world, "a", BANK_B_CSV.replace("Pieter Claes", "Jan Jansen"))
    customers = world.client.app.state.finance.customers  # type: ignore[attr-defined]
    customers.index("BANK-A")  # Bank A's index is held (its prepared evidence is reused), B's is not
    for who in ("a", "b", "c"):  # A's rename and new customer reach its index by the refresh
        import_csv(world, who, BANK_B_CSV)
        import_csv(world, who, later)
    found = {}
    for who in ("a", "b"):
        resp = world.client.post("/v1/finance/customers/screen?list=nl-freeze", headers=world.h(who))
        assert resp.status_code == 200 and resp.json()["alerts"] == 2
        alerts = world.get(who, "/v1/finance/alerts").json()["alerts"]
        found[who] = {(x["refs"]["customer"], x["refs"]["entry"], x["details"]["score"]) for x in alerts}
    assert found["a"] == found["b"]
    assert {(c, e) for c, e, _ in found["a"]} == {("B-1", "NL-1"), ("B-2", "NL-2")}
    assert "BANK-B" not in customers._indexes  # B's customers were read and prepared, as before
    # Chosen customers (unknown ids skipped), again: the alerts exist already.
    viewer = Viewer("BANK-A", "a-user", frozenset({"analyst"}), Classification.UNCLASSIFIED)
    assert customers.screen_customers(viewer, "nl-freeze", ids=["B-2", "nobody"]) == 0
    # The list's marking still decides: a bank outside the group cannot screen against it.
    denied = world.client.post("/v1/finance/customers/screen?list=nl-freeze", headers=world.h("c"))
    assert denied.status_code == 404
    world.client.close()

"""Risk rules are stored: a change made through one process applies at once in every worker, and
a changed rule version re-screens the flights that have not departed."""

from __future__ import annotations

from tests.services.test_travel_service import _message, _setup

from tessera.screening.service import ScreeningService
from tessera.service import Hub
from tessera.services.travel import TravelService
from tessera.store import Store

RULES = """
rules:
  - id: touches-airport
    version: {version}
    description: Route touches an airport under review ({version})
    severity: low
    when:
      all:
        - {{field: route, op: touches_airports, value: [{airport}]}}
"""


def test_a_stored_rule_change_reaches_every_worker_and_rescreens(store: Store) -> None:
    _hub, _travel, client, tokens = _setup(store)
    hub = Hub(store)
    worker = TravelService(hub, ScreeningService(hub))  # another process's service, same database
    piu = store.user_by_name("piu").viewer()
    worker.ingest(piu, _message(seed=3, chosen=False), "push")
    flight = store.flights(piu)[0]["flight"]
    airport = store.flight_travellers(piu, flight)[0]["segments"][0]["origin"]
    headers = {"Authorization": f"Bearer {tokens['piu']}"}

    resp = client.put("/v1/travel/rules", content=RULES.format(version=1, airport=airport), headers=headers)
    assert resp.status_code == 200, resp.text
    assert [r.id for r in worker.rules] == ["touches-airport"]  # the worker follows the store
    reasons = [r for a in store.list_alerts(piu) for r in a.reasons]
    assert any(r.startswith("rule touches-airport v1") for r in reasons)

    # A new message taken by the worker is screened with the stored rules.
    result = worker.ingest(piu, _message(seed=5, chosen=False), "push-2")
    assert result.status == "stored"

    # A changed version applies at once to flights not yet departed.
    resp = client.put("/v1/travel/rules", content=RULES.format(version=2, airport=airport), headers=headers)
    assert resp.status_code == 200, resp.text
    reasons = [r for a in store.list_alerts(piu) for r in a.reasons]
    assert any(r.startswith("rule touches-airport v2") for r in reasons)
    assert [r.version for r in worker.rules] == [2]
    client.close()

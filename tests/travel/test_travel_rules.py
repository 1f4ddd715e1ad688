"""Risk rules: compile (collect every error), refuse protected characteristics, evaluate."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tessera.errors import ValidationError
from tessera.travel.generator import TrafficGenerator
from tessera.travel.model import Booking, Contacts, Document, ParsedMessage, Payment, Segment, Traveller
from tessera.travel.rules import RuleHit, Subject, compile_rules, evaluate, evaluate_message, traveller_key

RULES = """
rules:
  - id: cash-one-way-late
    version: 3
    description: One-way ticket paid in cash, booked less than 48 h before departure
    severity: high
    when:
      all:
        - {field: booking.paid_cash, op: eq, value: true}
        - {field: booking.one_way, op: eq, value: true}
        - {field: booking.created, op: within_hours_of_departure, value: 48}
  - id: route-watch
    version: 1
    description: Route touches watched countries or airports
    severity: medium
    when:
      any:
        - {field: route, op: touches_countries, value: [SY, iq]}
        - {field: route, op: touches_airports, value: [GZT]}
  - id: flagged-company
    version: 1
    description: Travels with a flagged traveller
    severity: high
    when:
      all:
        - {field: booking.co_traveller_keys, op: any_in_set, set: flagged_travellers}
  - id: lost-document
    version: 1
    description: Document reported lost or stolen
    severity: high
    when:
      all:
        - {field: traveller.document_numbers, op: any_in_set, set: lost_or_stolen_documents}
        - not:
            - {field: booking.party_size, op: gt, value: 5}
"""

DEP = datetime(2026, 3, 3, 10, 0)


def _msg(
    *, cash: bool, created: datetime, dest: str = "GZT", names: tuple[str, ...] = ("ALPHA", "BETA")
) -> ParsedMessage:
    flight = Segment("TK", "1", "FRA", dest, DEP, DEP + timedelta(hours=4), "TK")
    travellers = [
        Traveller(surname=n, given_names="X", ref=str(i + 1), documents=[Document("P", f"DOC{i}", "DEU")])
        for i, n in enumerate(names)
    ]
    b = Booking(
        record_locator="ABC123",
        created=created,
        payments=[Payment("CA" if cash else "CC")],
        travellers=travellers,
        segments=[flight],
        contacts=Contacts(),
    )
    return ParsedMessage(kind="PNR", flight=flight, bookings=[b])


def test_evaluate_hits_with_reasons() -> None:
    rules = compile_rules(RULES)
    msg = _msg(cash=True, created=DEP - timedelta(hours=20))
    alpha, beta = msg.bookings[0].travellers
    hits = evaluate(
        rules,
        Subject(alpha, msg.bookings[0], msg),
        {"flagged_travellers": {traveller_key(beta)}, "lost_or_stolen_documents": {"DOC0"}},
    )
    by_id = {h.rule_id: h for h in hits}
    assert set(by_id) == {"cash-one-way-late", "route-watch", "flagged-company", "lost-document"}
    assert by_id["cash-one-way-late"].version == 3
    assert "booking.paid_cash eq True" in by_id["cash-one-way-late"].reasons
    assert "20.0 h before departure" in by_id["cash-one-way-late"].reasons[-1]
    assert by_id["route-watch"].reasons == ["route touches_airports ('GZT',): route FRA-GZT touches GZT"]
    assert by_id["flagged-company"].reasons == [
        f"booking.co_traveller_keys any_in_set set flagged_travellers: booking.co_traveller_keys "
        f"{traveller_key(beta)} in set flagged_travellers"
    ]
    lost = by_id["lost-document"]
    assert isinstance(lost, RuleHit)
    assert lost.reasons[-1] == "none of: booking.party_size gt 5"
    assert "DOC0" in lost.reasons[0]


def test_no_hit_when_conditions_fail() -> None:
    rules = compile_rules(RULES)
    msg = _msg(cash=False, created=DEP - timedelta(days=10), dest="CDG")
    assert evaluate_message(rules, msg, {}) == []
    late_card = _msg(cash=False, created=DEP - timedelta(hours=2), dest="CDG")
    assert evaluate_message(rules, late_card) == []


def test_country_condition_uses_airports() -> None:
    rules = compile_rules(RULES)
    hits = evaluate_message(rules, _msg(cash=False, created=DEP - timedelta(days=9), dest="EBL"))
    assert hits and all(h.rule_id == "route-watch" for _, hs in hits for h in hs)


def test_compile_collects_all_errors() -> None:
    bad = """
rules:
  - id: ""
    version: 0
    severity: extreme
    when: {all: [{field: nope, op: eq, value: 1}, {field: booking.party_size, op: gt, value: many}]}
  - id: x
    version: 1
    description: d
    severity: low
    when: {maybe: []}
"""
    with pytest.raises(ValidationError) as exc:
        compile_rules(bad, source="bad.yaml")
    text = " ".join(d.message for d in exc.value.details)
    for fragment in (
        "'id'",
        "'version'",
        "'description'",
        "'severity'",
        "unknown field",
        "needs a number",
        "exactly one of",
    ):
        assert fragment in text
    assert all(d.location.startswith("bad.yaml.rules[") for d in exc.value.details)


@pytest.mark.parametrize(
    "condition",
    [
        "{field: traveller.religion, op: eq, value: x}",
        "{field: traveller.ethnicity, op: eq, value: x}",
        "{field: traveller.political_opinion, op: eq, value: x}",
        "{field: traveller.health, op: eq, value: x}",
        "{field: traveller.sexual_orientation, op: eq, value: x}",
        "{field: traveller.trade_union, op: eq, value: x}",
        "{field: booking.ssr_codes, op: in, value: [MOML]}",
        "{field: traveller.nationality, op: in, value: [KSML]}",
        "{field: booking.booking_office, op: eq, value: HNML}",
        "{field: booking.booking_office, op: in, value: [halal meal, x]}",
        "{field: traveller.ethnic_origin, op: eq, value: x}",
        "{field: traveller.meal_preference, op: eq, value: x}",
    ],
)
def test_protected_characteristics_refused(condition: str) -> None:
    text = f"""
rules:
  - id: forbidden
    version: 1
    description: must be refused
    severity: low
    when: {{all: [{condition}]}}
"""
    with pytest.raises(ValidationError) as exc:
        compile_rules(text)
    assert any("protected characteristic" in d.message for d in exc.value.details)


def test_rules_on_generated_traffic() -> None:
    rules = compile_rules(RULES)
    msgs = TrafficGenerator(seed=4).week(400)
    hits = [h for m in msgs for _, hs in evaluate_message(rules, m) for h in hs]
    assert any(h.rule_id == "route-watch" for h in hits)
    cash_late = [h for h in hits if h.rule_id == "cash-one-way-late"]
    expected = 0
    for m in msgs:
        assert m.flight is not None and m.flight.dep_time is not None
        for b in m.bookings:
            assert b.created is not None
            if b.paid_cash and b.one_way and m.flight.dep_time - b.created < timedelta(hours=48):
                expected += len(b.travellers)
    assert expected > 0
    assert len(cash_late) == expected


def test_rule_with_code_or_unknown_keys_is_refused() -> None:
    text = """
rules:
  - id: sneaky
    version: 1
    description: tries to smuggle code
    severity: low
    python: "__import__('os').system('true')"
    when: {all: [{field: route, op: touches_airports, value: [GZT], expr: "1+1"}]}
"""
    with pytest.raises(ValidationError) as exc:
        compile_rules(text)
    messages = [d.message for d in exc.value.details]
    assert any("python" in m for m in messages) and any("expr" in m for m in messages)


def test_country_reason_names_the_airport() -> None:
    rules = compile_rules(RULES)
    ((_, hits),) = evaluate_message(rules, _msg(cash=False, created=DEP - timedelta(days=9), dest="EBL"))[:1]
    assert hits[0].reasons == ["route touches_countries ('SY', 'IQ'): route touches EBL (IQ)"]

"""Declarative, versioned risk rules for travel data (YAML, no ``eval``).

A rule file::

    rules:
      - id: cash-one-way-late
        version: 2
        description: One-way ticket paid cash, booked under 48 h before departure
        severity: high
        when:
          all:
            - {field: booking.paid_cash, op: eq, value: true}
            - {field: booking.one_way, op: eq, value: true}
            - {field: booking.created, op: within_hours_of_departure, value: 48}
            - any:
                - {field: route, op: touches_countries, value: [SY, IQ]}
                - {field: route, op: touches_airports, value: [GZT, HTY]}

Fields are a closed list (``FIELDS``). Sets the caller supplies at evaluation time
(``flagged_travellers``, ``lost_or_stolen_documents`` ...) are named with ``op: any_in_set``.

Protected characteristics are refused at compile time, by design: EU PNR directive 2016/681
art. 6(4) and 13(4) forbid assessment criteria based on race or ethnic origin, political
opinions, religion or philosophical beliefs, trade-union membership, health, sex life or sexual
orientation. The model exposes no such field; the compiler additionally refuses any field name
or value that names one, and proxies such as meal or medical SSR codes (MOML, KSML, HNML, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import yaml

from tessera.errors import ErrorDetail, ValidationError
from tessera.travel.airports import country_of
from tessera.travel.model import Booking, ParsedMessage, Segment, Traveller
from tessera.travel.sensitive import SENSITIVE_SSR

SEVERITIES = ("low", "medium", "high")
PROTECTED_TERMS = (
    "religio",
    "ethnic",
    "race",
    "racial",
    "politic",
    "health",
    "medical",
    "sex",
    "orientation",
    "union",
    "meal",
    "belief",
    "disab",
    "ssr",
    "free_text",
    "gender",
)
# Values that name a religion or a religious diet: refused in any condition (proxies for religion).
PROTECTED_VALUES = (
    "HALAL",
    "KOSHER",
    "MUSLIM",
    "MOSLEM",
    "ISLAM",
    "JEWISH",
    "JUDAISM",
    "CHRISTIAN",
    "CATHOLIC",
    "HINDU",
    "SIKH",
    "BUDDHIS",
)
RULE_KEYS = frozenset({"id", "version", "description", "severity", "when"})
OPS = (
    "eq",
    "ne",
    "in",
    "not_in",
    "lt",
    "le",
    "gt",
    "ge",
    "within_hours_of_departure",
    "touches_airports",
    "touches_countries",
    "any_in_set",
)


def traveller_key(t: Traveller) -> str:
    """Stable id callers use for ``flagged_travellers``: SURNAME|GIVEN|YYYY-MM-DD."""
    return f"{t.surname.upper()}|{t.given_names.upper()}|{t.birth_date.isoformat() if t.birth_date else ''}"


@dataclass
class Subject:
    traveller: Traveller
    booking: Booking | None
    message: ParsedMessage

    @property
    def departure(self) -> datetime | None:
        if self.message.flight and self.message.flight.dep_time:
            return self.message.flight.dep_time
        segs = self.booking.segments if self.booking else []
        return segs[0].dep_time if segs else None

    @property
    def route(self) -> list[str]:
        legs: list[Segment] = (
            list(self.booking.segments) if self.booking is not None else self.message.journey(self.traveller)
        )
        if self.booking is not None and self.message.flight:
            legs.append(self.message.flight)
        return sorted({a for s in legs for a in (s.dep_airport, s.arr_airport) if a})


def _b(attr: Callable[[Booking], Any]) -> Callable[[Subject], Any]:
    return lambda s: attr(s.booking) if s.booking is not None else None


FIELDS: dict[str, Callable[[Subject], Any]] = {
    "booking.paid_cash": _b(lambda b: b.paid_cash),
    "booking.one_way": _b(lambda b: b.one_way),
    "booking.party_size": _b(lambda b: len(b.travellers)),
    "booking.created": _b(lambda b: b.created),
    "booking.booking_office": _b(lambda b: b.booking_office),
    "booking.co_traveller_keys": lambda s: (
        [traveller_key(t) for t in s.booking.co_travellers(s.traveller.ref)] if s.booking else []
    ),
    "traveller.key": lambda s: traveller_key(s.traveller),
    "traveller.nationality": lambda s: s.traveller.nationality,
    "traveller.document_numbers": lambda s: [d.number for d in s.traveller.documents],
    "traveller.passenger_type": lambda s: s.traveller.passenger_type,
    "route": lambda s: s.route,
    "flight.carrier": lambda s: s.message.flight.carrier if s.message.flight else None,
}


@dataclass(frozen=True)
class Condition:
    field: str
    op: str
    value: Any = None
    set_name: str = ""


@dataclass(frozen=True)
class Group:
    kind: str  # all / any / not
    items: tuple[Condition | Group, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    version: int
    description: str
    severity: str
    when: Group


@dataclass
class RuleHit:
    rule_id: str
    version: int
    reasons: list[str] = field(default_factory=list)
    severity: str = ""


def _protected_field(name: str) -> bool:
    low = name.lower()
    return any(term in low for term in PROTECTED_TERMS)


def _protected_value(value: str) -> bool:
    up = value.strip().upper()
    return up in SENSITIVE_SSR or any(word in up for word in PROTECTED_VALUES)


def _values(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)] if value is not None else []


def _condition(raw: Mapping[str, Any], where: str, errors: list[ErrorDetail]) -> Condition | None:
    f, op = str(raw.get("field", "")), str(raw.get("op", ""))
    unknown = set(raw) - {"field", "op", "value", "set"}
    if unknown:
        errors.append(ErrorDetail(where, f"unknown keys {sorted(unknown)}"))
    if _protected_field(f) or any(_protected_value(v) for v in _values(raw.get("value"))):
        errors.append(
            ErrorDetail(
                where,
                f"refused: {f!r}/{raw.get('value')!r} refers to a protected "
                "characteristic (EU PNR directive art. 6(4))",
            )
        )
        return None
    if f not in FIELDS:
        errors.append(ErrorDetail(where, f"unknown field {f!r}; use one of {sorted(FIELDS)}"))
    if op not in OPS:
        errors.append(ErrorDetail(where, f"unknown operator {op!r}; use one of {list(OPS)}"))
    if op == "any_in_set":
        if not raw.get("set"):
            errors.append(ErrorDetail(where, "any_in_set needs 'set': the name of a caller-supplied set"))
    elif "value" not in raw:
        errors.append(ErrorDetail(where, f"operator {op!r} needs a 'value'"))
    if op in ("lt", "le", "gt", "ge", "within_hours_of_departure") and not isinstance(
        raw.get("value"), int | float
    ):
        errors.append(ErrorDetail(where, f"operator {op!r} needs a number"))
    listy = ("in", "not_in", "touches_airports", "touches_countries")
    if op in listy and not isinstance(raw.get("value"), list):
        errors.append(ErrorDetail(where, f"operator {op!r} needs a list"))
    value = raw.get("value")
    if isinstance(value, list):
        value = tuple(str(v).upper() if op.startswith("touches") else v for v in value)
    return Condition(field=f, op=op, value=value, set_name=str(raw.get("set", "")))


def _group(raw: Any, where: str, errors: list[ErrorDetail]) -> Group | None:
    if not isinstance(raw, Mapping) or len(raw) != 1 or next(iter(raw)) not in ("all", "any", "not"):
        errors.append(ErrorDetail(where, "expected exactly one of 'all', 'any', 'not'"))
        return None
    kind, items = next(iter(raw.items()))
    if kind == "not" and isinstance(items, Mapping):
        items = [items]
    if not isinstance(items, list) or not items:
        errors.append(ErrorDetail(f"{where}.{kind}", "expected a non-empty list of conditions"))
        return None
    out: list[Condition | Group] = []
    for i, item in enumerate(items):
        loc = f"{where}.{kind}[{i}]"
        node = (
            _group(item, loc, errors)
            if isinstance(item, Mapping) and "field" not in item
            else _condition(item, loc, errors)
            if isinstance(item, Mapping)
            else None
        )
        if node is None and not isinstance(item, Mapping):
            errors.append(ErrorDetail(loc, "expected a mapping"))
        if node is not None:
            out.append(node)
    return Group(kind=kind, items=tuple(out))


def compile_rules(text: str, *, source: str = "rules") -> list[Rule]:
    """Parse and validate a YAML rule file; raise one ``ValidationError`` listing every problem."""
    errors: list[ErrorDetail] = []
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"{source}: not valid YAML: {exc}") from None
    raw_rules = doc.get("rules") if isinstance(doc, Mapping) else None
    if not isinstance(raw_rules, list):
        raise ValidationError(f"{source}: expected a top-level 'rules' list")
    rules: list[Rule] = []
    seen: set[tuple[str, int]] = set()
    for i, raw in enumerate(raw_rules):
        where = f"{source}.rules[{i}]"
        if not isinstance(raw, Mapping):
            errors.append(ErrorDetail(where, "expected a mapping"))
            continue
        rid, version = raw.get("id"), raw.get("version")
        extra = set(map(str, raw)) - RULE_KEYS
        if extra:
            errors.append(
                ErrorDetail(where, f"unknown keys {sorted(extra)}; a rule has only {sorted(RULE_KEYS)}")
            )
        if not isinstance(rid, str) or not rid:
            errors.append(ErrorDetail(where, "'id' must be a non-empty string"))
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            errors.append(ErrorDetail(where, "'version' must be an integer >= 1"))
        if not isinstance(raw.get("description"), str) or not raw.get("description"):
            errors.append(ErrorDetail(where, "'description' is required so reviewers know the intent"))
        if raw.get("severity") not in SEVERITIES:
            errors.append(ErrorDetail(where, f"'severity' must be one of {SEVERITIES}"))
        if (rid, version) in seen:
            errors.append(ErrorDetail(where, f"duplicate rule {rid!r} version {version}"))
        seen.add((str(rid), version if isinstance(version, int) else 0))
        group = _group(raw.get("when"), f"{where}.when", errors)
        if group is not None and isinstance(rid, str) and isinstance(version, int):
            rules.append(Rule(rid, version, str(raw.get("description")), str(raw.get("severity")), group))
    if errors:
        raise ValidationError(f"{source}: {len(errors)} problem(s) in the rule file", details=errors)
    return rules


def _describe(item: Condition | Group) -> str:
    if isinstance(item, Group):
        return f"{item.kind}(" + "; ".join(_describe(i) for i in item.items) + ")"
    shown = f"set {item.set_name}" if item.op == "any_in_set" else item.value
    return f"{item.field} {item.op} {shown}"


def _check(c: Condition, s: Subject, sets: Mapping[str, set[str]]) -> str | None:
    """``None`` when the condition fails, else a reason naming the value that matched."""
    v = FIELDS[c.field](s)
    if v is None:
        return None
    ok: bool
    why = f"{c.field} is {v!r}"
    if c.op == "eq":
        ok = v == c.value
    elif c.op == "ne":
        ok = v != c.value
    elif c.op == "in":
        ok = v in c.value
    elif c.op == "not_in":
        ok = v not in c.value
    elif c.op in ("lt", "le", "gt", "ge"):
        ok = {"lt": v < c.value, "le": v <= c.value, "gt": v > c.value, "ge": v >= c.value}[c.op]
    elif c.op == "within_hours_of_departure":
        dep = s.departure
        hours = (dep - v).total_seconds() / 3600 if isinstance(v, datetime) and dep is not None else -1.0
        ok = 0 <= hours < c.value
        why = f"{c.field} {v} is {hours:.1f} h before departure {dep}"
    elif c.op == "touches_airports":
        found = sorted(set(v) & set(c.value))
        ok, why = bool(found), f"route {'-'.join(v)} touches {', '.join(found)}"
    elif c.op == "touches_countries":
        hit = sorted(f"{a} ({country_of(a)})" for a in v if country_of(a) in c.value)
        ok, why = bool(hit), f"route touches {', '.join(hit)}"
    else:  # any_in_set
        items = v if isinstance(v, list) else [v]
        found = sorted(set(items) & sets.get(c.set_name, set()))
        ok, why = bool(found), f"{c.field} {', '.join(found)} in set {c.set_name}"
    if not ok:
        return None
    return _describe(c) if c.op == "eq" else f"{_describe(c)}: {why}"


def _eval(g: Group, s: Subject, sets: Mapping[str, set[str]], reasons: list[str]) -> bool:
    results: list[bool] = []
    for item in g.items:
        local: list[str] = []
        if isinstance(item, Group):
            r = _eval(item, s, sets, local)
        else:
            x = _check(item, s, sets)
            r = x is not None
            if x is not None:
                local.append(x)
        results.append(r)
        if r:
            reasons.extend(local)
    if g.kind == "all":
        return all(results)
    if g.kind == "any":
        return any(results)
    if not any(results):
        reasons.append("none of: " + "; ".join(_describe(i) for i in g.items))
        return True
    return False


def evaluate(
    rules: list[Rule], subject: Subject, sets: Mapping[str, set[str]] | None = None
) -> list[RuleHit]:
    hits: list[RuleHit] = []
    for rule in rules:
        reasons: list[str] = []
        if _eval(rule.when, subject, sets or {}, reasons):
            hits.append(RuleHit(rule.id, rule.version, reasons, rule.severity))
    return hits


def evaluate_message(
    rules: list[Rule], msg: ParsedMessage, sets: Mapping[str, set[str]] | None = None
) -> list[tuple[Traveller, list[RuleHit]]]:
    """Hits for every traveller of a message (travellers without hits are left out)."""
    out: list[tuple[Traveller, list[RuleHit]]] = []
    subjects = [Subject(t, b, msg) for b in msg.bookings for t in b.travellers]
    subjects += [Subject(t, None, msg) for t in msg.passengers]
    for s in subjects:
        hits = evaluate(rules, s, sets)
        if hits:
            out.append((s.traveller, hits))
    return out

"""Marking dicts (API shape) used across the demo world; identical markings share one dict."""

from __future__ import annotations

from functools import cache

from tessera.demo.specs import MarkingDict


@cache
def _cached(
    distribution: str,
    partners: tuple[str, ...],
    group: str | None,
    discoverable: bool,
    handling: tuple[str, ...],
    classification: str,
) -> MarkingDict:
    return {
        "distribution": distribution,
        "partners": list(partners),
        "group": group,
        "discoverable": discoverable,
        "handling": list(handling),
        "classification": classification,
    }


def mark(
    distribution: str = "agency",
    *,
    partners: list[str] | tuple[str, ...] = (),
    group: str | None = None,
    discoverable: bool = False,
    handling: list[str] | tuple[str, ...] = ("H0",),
    classification: str = "restricted",
) -> MarkingDict:
    """A marking dict; callers must not mutate it (it is shared)."""
    return _cached(
        distribution,
        tuple(sorted(set(partners))),
        group,
        discoverable,
        tuple(sorted(set(handling))),
        classification,
    )


def members(classification: str = "restricted", discoverable: bool = True) -> MarkingDict:
    return mark("members", discoverable=discoverable, classification=classification)


def partners(codes: list[str] | tuple[str, ...], classification: str = "restricted") -> MarkingDict:
    return mark("partners", partners=codes, discoverable=True, classification=classification)


def group(code: str, classification: str = "restricted", discoverable: bool = True) -> MarkingDict:
    return mark("group", group=code, discoverable=discoverable, classification=classification)


def own(classification: str = "confidential", discoverable: bool = False) -> MarkingDict:
    return mark("agency", discoverable=discoverable, handling=("H0", "H2"), classification=classification)

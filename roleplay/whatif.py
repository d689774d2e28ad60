"""What-if variants of a scenario: without some rules, or against one counterpart type.

An instructor asks what one rule or one type is worth by simulating the
scenario with and without it. The variant is a copy; the written scenario is
never changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from roleplay.record import replace
from roleplay.scenario.models import Scenario


class WhatIfError(ValueError):
    """A what-if that names something the scenario does not have; the message lists what it has."""


def rule_ids(scenario: Scenario) -> list[str]:
    """Every rule and event as the simulation names them: `owner:rule` (types' rules too) and `event:id`."""
    found = []
    for d in scenario.delegations:
        found += [f"{d.id}:{r.id}" for kind in d.types for r in kind.rules]
        found += [f"{d.id}:{r.id}" for r in d.rules]
    found += [f"event:{e.id}" for e in scenario.events]
    return list(dict.fromkeys(found))


def _matches(full: str, wanted: set[str]) -> bool:
    return full in wanted or full.split(":", 1)[1] in wanted


def without(scenario: Scenario, removed: Iterable[str]) -> Scenario:
    """The scenario without the named rules and events: `owner:id`, `event:id`, or a bare id (every match)."""
    wanted = set(removed)
    if not wanted:
        return scenario
    known = rule_ids(scenario)
    unknown = sorted(w for w in wanted if not any(full == w or full.split(":", 1)[1] == w for full in known))
    if unknown:
        raise WhatIfError(f"no rule or event {', '.join(repr(u) for u in unknown)} in {scenario.id}; "
                          f"it has: {', '.join(known) or 'none'}")
    delegations = []
    for d in scenario.delegations:
        types = [replace(t, rules=[r for r in t.rules if not _matches(f"{d.id}:{r.id}", wanted)])
                 for t in d.types]
        rules = [r for r in d.rules if not _matches(f"{d.id}:{r.id}", wanted)]
        delegations.append(replace(d, rules=rules, types=types))
    events = [e for e in scenario.events if not _matches(f"event:{e.id}", wanted)]
    return replace(scenario, delegations=delegations, events=events)  # nothing derived is copied


def forced_types(scenario: Scenario, specs: Iterable[str]) -> dict[str, str]:
    """`COUNTERPART=TYPE` pairs, checked against the scenario's delegations and their types."""
    forced: dict[str, str] = {}
    for spec in specs:
        who, sep, kind = spec.partition("=")
        typed = {d.id: d for d in scenario.delegations if d.types}
        if not sep or who not in typed:
            choices = ", ".join(f"{d}={t.id}" for d, del_ in typed.items() for t in del_.types)
            raise WhatIfError(f"'{spec}' names no counterpart with types; choose one of: {choices or 'none (no types)'}")
        ids = [t.id for t in typed[who].types]
        if kind not in ids:
            raise WhatIfError(f"'{who}' has no type '{kind}'; choose one of: {', '.join(ids)}")
        forced[who] = kind
    return forced

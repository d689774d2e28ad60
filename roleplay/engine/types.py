"""Counterpart types: which kind of delegation the player faces, and what they can know of it.

A scenario may declare several types per delegation (a hard-liner, a
pragmatist). Each game draws one per counterpart from its seed, and the engine
then plays on the scenario *as that type makes it*: a copy whose delegations
carry the type's stances, temperament, BATNA and rules. Everything that reads
`session.scenario` (utilities, gaps, rules, the frontier) therefore sees the
type without knowing types exist. The copy is made once per combination of
types and kept with the written scenario, so games share it.

What the player can know is the belief: the declared likelihoods, narrowed to
the types whose hidden expectations agree with the intelligence gathered.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from roleplay.engine.intel import Range
from roleplay.record import fields, replace
from roleplay.scenario.models import CounterpartType, Delegation, Scenario, Stance, StanceChange

TypeChoice = tuple[tuple[str, str], ...]
"""(delegation id, type id) for every counterpart that has types, in scenario order."""


def draw(scenario: Scenario, counterparts: list[str], seed: int,
         forced: Mapping[str, str] | None = None) -> dict[str, str]:
    """One type per counterpart that has any, by weight, from a generator of its own.

    The generator is seeded apart from the game's, so drawing types never
    changes the chance events of play, and the same seed always draws the same types.
    `forced` fixes the type of some counterparts (what-if simulations); the
    others are drawn exactly as without it.
    """
    rng = random.Random(f"types:{seed}")
    drawn: dict[str, str] = {}
    for delegation_id in counterparts:
        delegation = scenario.delegation(delegation_id)
        if delegation.types:
            kinds = delegation.types
            drawn[delegation_id] = rng.choices([t.id for t in kinds], weights=[t.weight for t in kinds])[0]
    for delegation_id, type_id in (forced or {}).items():
        if delegation_id in drawn:
            drawn[delegation_id] = type_id
    return drawn


def type_of(delegation: Delegation, type_id: str) -> CounterpartType:
    return next(t for t in delegation.types if t.id == type_id)


def as_type(scenario: Scenario, drawn: Mapping[str, str]) -> Scenario:
    """The scenario as the drawn types make it, shared by every game that drew the same types."""
    if not drawn:
        return scenario
    key: TypeChoice = tuple(sorted(drawn.items()))
    return scenario.memo(("types", key), lambda: _build(scenario, drawn))


def _build(scenario: Scenario, drawn: Mapping[str, str]) -> Scenario:
    delegations = [_typed(d, type_of(d, drawn[d.id])) if d.id in drawn else d for d in scenario.delegations]
    typed = replace(scenario, delegations=delegations)  # a copy keeps nothing the written one worked out
    typed.memo(WRITTEN, lambda: scenario)
    return typed


WRITTEN = ("written",)
"""The memo key under which a typed scenario keeps the scenario it was made from."""


def written(scenario: Scenario) -> Scenario:
    """The scenario as written: itself, or the one a typed copy was made from.

    A game started on a typed copy (a replay built from a session's
    `scenario`, say) must draw its types from the written scenario, or a
    type's rules and changes would be applied twice.
    """
    return scenario.memo(WRITTEN, lambda: scenario)


def _typed(delegation: Delegation, kind: CounterpartType) -> Delegation:
    stances = {issue: _stance(stance, kind.stances.get(issue)) for issue, stance in delegation.stances.items()}
    update: dict[str, object] = {"stances": stances, "rules": [*kind.rules, *delegation.rules]}
    if kind.temperament is not None:
        update["temperament"] = kind.temperament
    if kind.batna is not None:
        update["batna"] = replace(delegation.batna, utility=kind.batna)
    for meter in ("trust", "tension"):
        if getattr(kind, meter) is not None:
            update[meter] = getattr(kind, meter)
    return replace(delegation, **update)


def _stance(stance: Stance, change: StanceChange | None) -> Stance:
    if change is None:
        return stance
    return replace(stance, **{name: value for name, value in fields(change).items() if value is not None})


def belief(delegation: Delegation, scenario: Scenario, known: Mapping[str, Range]) -> dict[str, float]:
    """How likely each type is, given what intelligence shows of the delegation's hidden expectations.

    A type whose expectation on some issue lies outside the known range is
    ruled out; the others keep their declared weights, normalised.
    """
    expected = _expected(delegation, scenario)
    consistent = {t.id: t.weight for t in delegation.types if _agrees(expected[t.id], known)}
    total = sum(consistent.values())
    if total <= 0:
        return {}
    return {type_id: weight / total for type_id, weight in consistent.items()}


def _agrees(expected: Mapping[str, int], known: Mapping[str, Range]) -> bool:
    for issue, seen in known.items():
        rank = expected.get(issue)
        if rank is not None and not seen.lo <= rank <= seen.hi:
            return False
    return True


def _expected(delegation: Delegation, scenario: Scenario) -> dict[str, dict[str, int]]:
    """Per type of the delegation: the rank of the expectation it has on each issue where the delegation has a stance.

    Kept per scenario and delegation: the player's view works the belief out again whenever intelligence comes in.
    """
    def build() -> dict[str, dict[str, int]]:
        table: dict[str, dict[str, int]] = {}
        for kind in delegation.types:
            ranks = table[kind.id] = {}
            for issue, stance in delegation.stances.items():
                change = kind.stances.get(issue)
                expectation = change.expectation if change is not None and change.expectation else stance.expectation
                ranks[issue] = scenario.rank(issue, expectation)
        return table

    return scenario.memo(("expected by type", delegation.id), build)


def belief_text(delegation: Delegation, odds: Mapping[str, float]) -> str:
    """One line a player reads: who the other side may be, as far as intelligence tells."""
    labels = {t.id: t.label for t in delegation.types}
    if len(odds) == 1:
        return f"{delegation.name}: {labels[next(iter(odds))]}, as far as your intelligence tells"
    ranked = sorted(odds.items(), key=lambda kv: (-kv[1], kv[0]))
    return f"{delegation.name} may be " + " or ".join(f"{labels[t]} ({p:.0%})" for t, p in ranked)

"""Warnings and notes: a scenario that plays, but where something is probably off.

Each finding has a stable code (see `CODES`). A scenario silences a warning on
purpose by listing its code under `lint_ignore`; errors cannot be silenced.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import Any

from roleplay.scenario.checks import Finding, _all_conditions, _all_effects
from roleplay.scenario.conditions import (
    AllOf, AnyOf, FlagSet, MoveIs, NotOf, PhaseIs, RoundAtLeast, RoundAtMost, TensionIs, TrustIs, walk,
)
from roleplay.scenario.models import LineTag, Role, Scenario
from roleplay.scenario.problems import Severity
from roleplay.scenario.yaml_source import Key

CODES: dict[str, tuple[Severity, str]] = {
    "rule-never-fires": (Severity.warning, "a rule that an earlier rule always answers first, or whose condition contradicts itself"),
    "flag-never-read": (Severity.warning, "a flag that is set but that no condition tests"),
    "unused-line-tag": (Severity.warning, "lines under a tag this delegation never speaks"),
    "unreachable-ending": (Severity.warning, "an ending that an earlier ending always takes first, or whose condition cannot hold"),
    "no-briefing": (Severity.warning, "a playable delegation without private instructions"),
    "ending-never-reached": (Severity.warning, "an ending no built-in strategy reached in simulation (--deep)"),
    "rule-never-fired": (Severity.warning, "a rule no built-in strategy made fire in simulation (--deep)"),
    "no-zopa": (Severity.info, "an issue on which the two sides' acceptable ranges do not overlap: it can only be settled by a trade"),
}


def finding(path: tuple[Any, ...], code: str, message: str, hint: str = "") -> Finding:
    return (path, code, message, hint, CODES[code][0])


def always(condition: Any) -> bool:
    """True when the condition holds in every game at every moment (as far as a reading can tell)."""
    if isinstance(condition, RoundAtLeast):
        return condition.round_at_least == 0
    if isinstance(condition, AllOf):
        return all(always(c) for c in condition.all)
    if isinstance(condition, AnyOf):
        return any(always(c) for c in condition.any)
    if isinstance(condition, NotOf):
        return never(condition.not_)
    return False


def never(condition: Any) -> bool:
    """True when the condition cannot hold: a meter bound that excludes itself, or an `all` that contradicts itself."""
    if isinstance(condition, (TrustIs, TensionIs)):
        meter = condition.trust if isinstance(condition, TrustIs) else condition.tension
        return meter.at_least is not None and meter.below is not None and meter.at_least >= meter.below
    if isinstance(condition, AnyOf):
        return all(never(c) for c in condition.any)
    if isinstance(condition, NotOf):
        return always(condition.not_)
    if isinstance(condition, AllOf):
        return any(never(c) for c in condition.all) or _contradicts(condition.all)
    return False


def _contradicts(tests: list[Any]) -> bool:
    lowest = max((t.round_at_least for t in tests if isinstance(t, RoundAtLeast)), default=0)
    highest = min((t.round_at_most for t in tests if isinstance(t, RoundAtMost)), default=10**6)
    moves = [set(t.move if isinstance(t.move, list) else [t.move]) for t in tests if isinstance(t, MoveIs)]
    phases = {t.phase for t in tests if isinstance(t, PhaseIs)}
    negated = [t.not_ for t in tests if isinstance(t, NotOf)]
    return (
        lowest > highest
        or (bool(moves) and not set.intersection(*moves))
        or len(phases) > 1
        or any(n in tests for n in negated)
    )


def shadowed_rules(s: Scenario) -> Iterator[Finding]:
    for n, delegation in enumerate(s.delegations):
        blocker = None
        for r, rule in enumerate(delegation.rules):
            path = ("delegations", n, "rules", r, "when")
            if blocker is not None:
                yield finding(path, "rule-never-fires", f"rule '{rule.id}' never fires: '{blocker}' always answers first",
                              "move it above that rule, or narrow the earlier rule's condition")
            elif never(rule.when):
                yield finding(path, "rule-never-fires", f"rule '{rule.id}' never fires: its condition contradicts itself",
                              "check the bounds and the moves it asks for")
            if blocker is None and always(rule.when) and not rule.once:
                blocker = rule.id


def flags_never_read(s: Scenario) -> Iterator[Finding]:
    read = {t.flag for _, condition in _all_conditions(s) for t in walk(condition) if isinstance(t, FlagSet)}
    for path, effects, _owner in _all_effects(s):
        for k, flag in enumerate(effects.set_flags):
            if flag not in read:
                yield finding((*path, "set_flags", k), "flag-never-read", f"the flag '{flag}' is set but never tested",
                              "test it in a condition, or remove it")


SPOKEN_BY_BYSTANDERS = {LineTag.consult}


def unused_line_tags(s: Scenario) -> Iterator[Finding]:
    for n, delegation in enumerate(s.delegations):
        beside = delegation.role is not Role.principal
        for tag in delegation.lines:
            unused = (tag not in SPOKEN_BY_BYSTANDERS) if beside else (tag in SPOKEN_BY_BYSTANDERS)
            if unused:
                who = "a delegation beside the table" if beside else "a delegation at the table"
                yield finding(("delegations", n, "lines", Key(tag.value)), "unused-line-tag",
                              f"{who} never speaks lines tagged '{tag.value}'",
                              "beside the table only 'consult' lines are spoken; at the table every tag but 'consult'")


def unreachable_endings(s: Scenario) -> Iterator[Finding]:
    covered: set[str] = set()
    for n, ending in enumerate(s.endings):
        path = ("endings", n)
        if set(ending.outcome) <= covered:
            yield finding(path, "unreachable-ending", f"ending '{ending.id}' is never told: earlier endings take all its outcomes",
                          "move it above the fallback ending, or give the fallback a condition")
        elif ending.when is not None and never(ending.when):
            yield finding(path, "unreachable-ending", f"ending '{ending.id}' is never told: its condition cannot hold")
        if ending.when is None or always(ending.when):
            covered |= set(ending.outcome)


def briefings(s: Scenario) -> Iterator[Finding]:
    for n, delegation in enumerate(s.delegations):
        if delegation.playable and not delegation.briefing.strip():
            yield finding(("delegations", n, Key("playable")), "no-briefing", f"{delegation.id} is playable but has no briefing",
                          "write its private instructions under 'briefing'")


def zopas(s: Scenario) -> Iterator[Finding]:
    from roleplay.engine.utility import Utility  # the engine's reading of stances, not a second one

    principals = s.principals()
    pairs = list(combinations(principals, 2))
    if not pairs:
        return
    utilities = {d.id: Utility(s, d.id) for d in principals}
    for k, issue in enumerate(s.issues):
        ranges = {d: utility.issues[issue.id].acceptable_range() for d, utility in utilities.items()}
        if all(max(ranges[a.id][0], ranges[b.id][0]) > min(ranges[a.id][1], ranges[b.id][1]) for a, b in pairs):
            yield finding(("issues", k), "no-zopa", f"no two delegations at the table both accept an option of '{issue.id}'",
                          "intended? then a rule that shifts a position (a trade) is needed to settle it")


LINTS = (shadowed_rules, flags_never_read, unused_line_tags, unreachable_endings, briefings, zopas)


def lint(s: Scenario) -> list[Finding]:
    ignored = set(s.lint_ignore)
    return [f for check in LINTS for f in check(s) if f[1] not in ignored]


DEEP_RUNS = 30


def deep_coverage(s: Scenario, runs: int = DEEP_RUNS, seed: int = 0) -> Any:
    """The coverage `validate --deep` reports, computed once per loaded scenario (on both cores when there are two)."""
    import os

    from roleplay.coverage import collect

    jobs = min(2, os.cpu_count() or 1)
    return s.memo(("coverage", runs, seed), lambda: collect(s, runs, seed, jobs=jobs))


def deep(s: Scenario, runs: int = DEEP_RUNS, seed: int = 0) -> list[Finding]:
    """Simulate every built-in strategy from every side; warn about endings and rules nothing reached."""
    coverage = deep_coverage(s, runs, seed)
    found = [finding(("endings", n), "ending-never-reached",
                     f"no simulated game reached the ending '{ending.id}'",
                     "check its condition against how the counterparts behave, or run more games with simulate")
             for n, ending in enumerate(s.endings) if ending.id in coverage.never("ending")]
    never = set(coverage.never("rule"))
    players = {column.side for column in coverage.columns}
    for n, delegation in enumerate(s.delegations):
        if {delegation.id} == players:
            continue  # the only side ever played: its rules never run, by design
        placed = [(("delegations", n, "types", t, "rules", r), rule) for t, kind in enumerate(delegation.types)
                  for r, rule in enumerate(kind.rules)]
        placed += [(("delegations", n, "rules", r), rule) for r, rule in enumerate(delegation.rules)]
        for path, rule in placed:
            if f"{delegation.id}:{rule.id}" in never:
                found.append(finding(path, "rule-never-fired",
                                     f"rule '{rule.id}' of {delegation.id} fired in no simulated game",
                                     "see which rules do fire with simulate --coverage; an earlier rule may "
                                     "answer first, or no strategy makes its condition hold"))
    return [f for f in found if f[1] not in set(s.lint_ignore)]

"""What delegations say: lines chosen by tag and mood, filled with the names of things.

A scenario's lines are text with placeholders ({issue}, {option}, {package},
{name}, {player}, {counterpart}). Filling is done by hand, not with
`str.format`, so that no format spec in a scenario can do anything but name a
value. When a scenario has no line for a tag, a plain built-in line speaks.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping

from roleplay.scenario.models import Delegation, LineTag, Mood, Scenario

DEFAULT_LINES: dict[LineTag, str] = {
    LineTag.opening: "{name} sets out its opening position: {package}.",
    LineTag.accept: "{name} accepts: {package}.",
    LineTag.counter: "{name} counters: {package}.",
    LineTag.reject: "{name} cannot accept {option} on {issue}, and counters: {package}.",
    LineTag.warn: "{name} warns that pressure will not help the talks.",
    LineTag.walk_out: "{name} leaves the table.",
    LineTag.probe: "{name} hints at what it hopes for on {issue}.",
    LineTag.deflect: "{name} will not be drawn on {issue}.",
    LineTag.thanks: "{name} acknowledges the gesture.",
    LineTag.consult: "{name} shares its view.",
    LineTag.closing: "{name} puts its final offer on the table: {package}.",
}


def mood(trust: float, tension: float, limit: float) -> Mood:
    """How a delegation feels, for choosing among its lines."""
    if tension >= 0.6 * limit:
        return Mood.tense
    if trust >= 0.65:
        return Mood.warm
    return Mood.neutral


def candidates(delegation: Delegation, tag: LineTag, feeling: Mood) -> list[str]:
    group = delegation.lines.get(tag)
    if group is None:
        return [DEFAULT_LINES[tag]]
    if isinstance(group, list):
        return group or [DEFAULT_LINES[tag]]
    chosen = group.get(feeling) or group.get(Mood.neutral) or [line for texts in group.values() for line in texts]
    return chosen or [DEFAULT_LINES[tag]]


def pick(options: list[str], last: str | None, rng: random.Random) -> str:
    """One line at random, never the one this speaker said last when another is possible.

    Compare filled lines: two templates can read the same once filled, and one
    template reads differently for different issues.
    """
    fresh = [line for line in options if line != last] or options
    return fresh[rng.randrange(len(fresh))]


def fill(template: str, values: Mapping[str, str]) -> str:
    parts: list[str] = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(values.get(name, "{" + name + "}"))
    return "".join(parts)


def describe(scenario: Scenario, package: Mapping[str, str]) -> str:
    """A package in words: 'Rent: 2,200 a month; Term: three years'."""
    if not package:
        return "nothing settled"
    return "; ".join(
        f"{scenario.issue(issue).label}: {_label(scenario, issue, option)}"
        for issue, option in _ordered(scenario, package)
    )


def option_label(scenario: Scenario, issue: str, option: str) -> str:
    return _label(scenario, issue, option)


def _label(scenario: Scenario, issue: str, option: str) -> str:
    return scenario.issue(issue).options[scenario.rank(issue, option)].label


def _ordered(scenario: Scenario, package: Mapping[str, str]) -> list[tuple[str, str]]:
    return [(i.id, package[i.id]) for i in scenario.issues if i.id in package]

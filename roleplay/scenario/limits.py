"""How big a scenario may be and still play: every move of a game must answer at once.

The engine's cost per move grows with the issues times their options, the
counterparts at the table and the conditions it evaluates. These limits keep
the largest scenario they allow to well under a second per move (measured: 40
issues of 12 options, 20 delegations and 40 rounds play a whole game in about
ten seconds); anything larger is refused with a message instead of a game that
never answers. Each limit is data: what is counted, where, and the bound.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from roleplay.scenario.conditions import walk
from roleplay.scenario.models import Scenario
from roleplay.scenario.problems import Severity


@dataclass(frozen=True)
class Limit:
    path: tuple[Any, ...]
    what: str
    most: int
    count: Callable[[Scenario], int]


LIMITS: tuple[Limit, ...] = (
    Limit(("issues",), "issues", 40, lambda s: len(s.issues)),
    Limit(("delegations",), "delegations", 20, lambda s: len(s.delegations)),
    Limit(("gestures",), "gestures", 50, lambda s: len(s.gestures)),
    Limit(("team", "roster"), "team members", 50, lambda s: len(s.team.roster)),
    Limit(("events",), "events", 200, lambda s: len(s.events)),
    Limit(("endings",), "endings", 100, lambda s: len(s.endings)),
    Limit(("lessons",), "lessons", 100, lambda s: len(s.lessons)),
)
MAX_RULES = 200
"""Scripted rules of one delegation."""
MAX_TESTS = 5_000
"""Tests in all the conditions of a scenario together (every move checks them)."""


def _finding(path: tuple[Any, ...], message: str) -> tuple[tuple[Any, ...], str, str, str, Severity]:
    return (path, "too-big", message, "a game this size cannot be played in reasonable time: split the scenario "
            "or leave out what the players will not need", Severity.error)


def size_limits(s: Scenario) -> Iterator[tuple[tuple[Any, ...], str, str, str, Severity]]:
    """A finding for every limit the scenario passes."""
    for limit in LIMITS:
        count = limit.count(s)
        if count > limit.most:
            yield _finding(limit.path, f"{count:,} {limit.what}; a scenario may have at most {limit.most:,}")
    for n, delegation in enumerate(s.delegations):
        if len(delegation.rules) > MAX_RULES:
            yield _finding(("delegations", n, "rules"),
                           f"{len(delegation.rules):,} rules; a delegation may have at most {MAX_RULES:,}")
    tests = sum(len(walk(c)) for c in _conditions(s))
    if tests > MAX_TESTS:
        yield _finding((), f"the conditions hold {tests:,} tests in all; a scenario may have at most {MAX_TESTS:,}")


def _conditions(s: Scenario) -> Iterator[Any]:
    for d in s.delegations:
        yield from (rule.when for rule in d.rules)
    yield from (event.when for event in s.events)
    yield from (ending.when for ending in s.endings if ending.when is not None)
    yield from (lesson.when for lesson in s.lessons)

"""The Pareto frontier of two sides' utilities, and the Nash bargaining point.

A package's utility is a sum of per-issue contributions, so the frontier of
all packages is built issue by issue: combine the frontier so far with each
choice on the next issue (an option both sides accept, or leaving it open)
and keep only the points no other point beats on both sides. This stays small
where enumerating every package would not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, Protocol

from roleplay.engine.utility import Package, Utility
from roleplay.scenario.models import Scenario


class Valuation(Protocol):
    """What the frontier needs of a side: the scenario, and what settling an issue adds for it."""

    scenario: Scenario

    def contribution(self, issue: str, option: str) -> float: ...


class Joint:
    """Several delegations across the table valued as one side: the mean of their utilities.

    With one counterpart it is that counterpart's utility; with several, the
    frontier and the Nash point weigh them equally.
    """

    def __init__(self, members: Sequence[Utility]) -> None:
        self.members = list(members)
        self.scenario = self.members[0].scenario

    def contribution(self, issue: str, option: str) -> float:
        return sum(m.contribution(issue, option) for m in self.members) / len(self.members)

    def of(self, package: Package) -> float:
        return sum(m.of(package) for m in self.members) / len(self.members)


class Point(NamedTuple):
    mine: float
    theirs: float
    package: tuple[tuple[str, str], ...]

    def as_package(self) -> Package:
        return dict(self.package)


def frontier(me: Valuation, them: Valuation, ranges: dict[str, tuple[int, int] | None]) -> list[Point]:
    """Non-dominated (mine, theirs) points over packages both sides accept, best for me first.

    `ranges` gives, per issue, the ranks both sides accept (None: no overlap, so
    the issue can only be left open).
    """
    scenario = me.scenario
    points = [Point(0.0, 0.0, ())]
    for issue in scenario.issues:
        span = ranges.get(issue.id)
        choices: list[tuple[float, float, tuple[tuple[str, str], ...]]] = [(0.0, 0.0, ())]
        if span is not None:
            for rank in range(span[0], span[1] + 1):
                option = issue.options[rank].id
                choices.append((me.contribution(issue.id, option), them.contribution(issue.id, option),
                                ((issue.id, option),)))
        points = _prune([Point(p.mine + dm, p.theirs + dt, p.package + chosen)
                         for p in points for dm, dt, chosen in choices])
    return points


def _prune(points: list[Point]) -> list[Point]:
    points.sort(key=lambda p: (-p.mine, -p.theirs, len(p.package)))
    kept: list[Point] = []
    best_theirs = -1.0
    for point in points:
        if point.theirs > best_theirs + 1e-12:
            # Sums of the same contributions in another order can differ in the last digit: a point
            # kept just before with the same utility for me, up to that rounding, is beaten by this one.
            while kept and kept[-1].mine <= point.mine + 1e-12:
                kept.pop()
            kept.append(point)
            best_theirs = point.theirs
    return kept


def nash(points: list[Point], my_batna: float, their_batna: float,
         acceptable: Callable[[Point], bool] | None = None) -> Point | None:
    """The point that maximises the product of both sides' gains over no deal.

    `acceptable` can rule out points further (with several counterparts: one of
    them would be below its own BATNA).
    """
    better = [p for p in points if p.mine > my_batna and p.theirs > their_batna
              and (acceptable is None or acceptable(p))]
    if not better:
        return None
    return max(better, key=lambda p: ((p.mine - my_batna) * (p.theirs - their_batna), p.mine))


def left_on_table(points: list[Point], deal: tuple[float, float]) -> float:
    """The largest joint gain of a frontier point that is at least as good for both sides as the deal."""
    gains = [(p.mine - deal[0]) + (p.theirs - deal[1]) for p in points
             if p.mine >= deal[0] - 1e-9 and p.theirs >= deal[1] - 1e-9]
    return max([0.0, *gains])

"""What packages are worth to a delegation.

A delegation's utility for an option falls in a straight line from 1 at its
ideal to 0 at its reservation (or follows explicit per-option values); options
beyond the reservation are unacceptable. A package's utility is the weighted
mean over all issues, an issue left open counting 0: leaving an issue on the
table gains nothing on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from roleplay.scenario.models import Scenario, Stance

Package = dict[str, str]
"""Issue id -> option id; issues left open are absent."""


@dataclass(frozen=True)
class IssueValues:
    """One delegation's values for the options of one issue, by rank (None: unacceptable)."""

    values: tuple[float | None, ...]
    weight: float
    ideal: int
    reservation: int

    def acceptable_range(self) -> tuple[int, int]:
        return self._acceptable

    @cached_property
    def _acceptable(self) -> tuple[int, int]:
        ranks = [rank for rank, value in enumerate(self.values) if value is not None]
        return min(ranks), max(ranks)

    def toward_ideal(self, rank: int) -> int | None:
        """The next option one step closer to the ideal, or None at the ideal."""
        if rank == self.ideal:
            return None
        return rank + (1 if self.ideal > rank else -1)


def issue_values(stance: Stance, options: Sequence[str], shift: int = 0, away: int = 0) -> IssueValues:
    """Values along the scale; `shift` moves the reservation that many options further from the ideal.

    `away` is the direction in which the reservation moves when ideal and
    reservation coincide (there is no other way to tell which side is worse).
    """
    rank = {option: n for n, option in enumerate(options)}
    ideal, reservation = rank[stance.ideal], rank[stance.reservation]
    worse = (reservation > ideal) - (reservation < ideal) or away
    reservation = min(max(reservation + worse * shift, 0), len(options) - 1)
    if (reservation - ideal) * worse < 0:
        reservation = ideal
    span = abs(reservation - ideal)
    values: list[float | None] = []
    for n, option in enumerate(options):
        along = (n - ideal) * worse if worse else abs(n - ideal)
        if along > span:
            values.append(None)
        elif stance.values is not None and option in stance.values:
            values.append(stance.values[option])
        elif along <= 0:
            values.append(1.0)
        else:
            values.append(1.0 - along / span)
    return IssueValues(tuple(values), stance.weight, ideal, reservation)


class Utility:
    """A delegation's valuation of packages, built once and asked many times."""

    def __init__(self, scenario: Scenario, delegation: str, shifts: Mapping[str, int] | None = None,
                 away_from: str | None = None) -> None:
        shifts = shifts or {}
        stances = scenario.delegation(delegation).stances
        other = scenario.delegation(away_from).stances if away_from else {}
        self.scenario = scenario
        self.issues: dict[str, IssueValues] = {}
        for issue in scenario.issues:
            stance = stances.get(issue.id)
            if stance is None:
                continue
            options = [o.id for o in issue.options]
            away = _direction(scenario, issue.id, stance, other.get(issue.id))
            self.issues[issue.id] = issue_values(stance, options, shifts.get(issue.id, 0), away)
        self.total_weight = sum(v.weight for v in self.issues.values()) or 1.0
        # Asked for thousands of times a game: look options up by id rather than by rank.
        self._values: dict[str, dict[str, float | None]] = {
            issue: dict(zip(scenario.issue(issue).option_ids, v.values, strict=True)) for issue, v in self.issues.items()
        }
        self._contributions: dict[str, dict[str, float]] = {
            issue: {option: (value or 0.0) * self.issues[issue].weight / self.total_weight
                    for option, value in values.items()}
            for issue, values in self._values.items()
        }
        self.counter_paths: dict[tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]],
                                 tuple[float, tuple[tuple[str, str, float], ...]]] = {}
        """Kept by `concession.counter_offer`: the greedy search's steps from a package under a cap."""

    @cached_property
    def acceptable(self) -> dict[str, dict[str, str]]:
        """Per issue and option: the option itself if acceptable, else the nearest acceptable one toward the ideal."""
        table: dict[str, dict[str, str]] = {}
        for issue, values in self.issues.items():
            ids = self.scenario.issue(issue).option_ids
            row: dict[str, str] = {}
            for rank, option in enumerate(ids):
                while values.values[rank] is None:
                    nearer = values.toward_ideal(rank)
                    assert nearer is not None, "the ideal is always acceptable"
                    rank = nearer
                row[option] = ids[rank]
            table[issue] = row
        return table

    @cached_property
    def steps(self) -> dict[str, dict[str, tuple[float, str, float, int] | None]]:
        """Per issue and option: the next option toward the ideal, as (gain per step of distance, that option,
        its gain, its distance from the ideal), or None at the ideal or where the step gains nothing.

        The counter-offer search asks for these at every step of every counter-offer; they never change.
        """
        table: dict[str, dict[str, tuple[float, str, float, int] | None]] = {}
        for issue, values in self.issues.items():
            ids = self.scenario.issue(issue).option_ids
            cost = 1.0 / (len(values.values) - 1)
            row: dict[str, tuple[float, str, float, int] | None] = {}
            for rank, option in enumerate(ids):
                nearer = values.toward_ideal(rank)
                if nearer is None:
                    row[option] = None
                    continue
                better = ids[nearer]
                gain = self.contribution(issue, better) - self.contribution(issue, option)
                row[option] = (gain / cost, better, gain, abs(nearer - values.ideal)) if gain > 0 else None
            table[issue] = row
        return table

    def option(self, issue: str, option: str) -> float | None:
        """The value of one option, None when unacceptable (or when this delegation has no stance)."""
        values = self._values.get(issue)
        return None if values is None else values[option]

    def contribution(self, issue: str, option: str) -> float:
        """What settling one issue adds to the package's utility."""
        values = self._contributions.get(issue)
        return 0.0 if values is None else values[option]

    def of(self, package: Mapping[str, str]) -> float:
        """The package's worth: the sum of its issues' contributions, in the package's order.

        A loop rather than `sum` over a generator, as the engine's most frequent question; it adds in the
        same order from the same integer 0, so every sum is the one `sum` gives.
        """
        contributions = self._contributions
        total: float = 0
        for issue, option in package.items():
            row = contributions.get(issue)
            if row is not None:
                total += row[option]
        return total

    def accepts(self, package: Mapping[str, str]) -> bool:
        """No settled issue lies beyond this delegation's reservation."""
        return self.refused(package) is None

    def refused(self, package: Mapping[str, str]) -> str | None:
        """The first issue, in the package's order, settled beyond this delegation's reservation; None if none is.

        One pass answers both whether it accepts and what it would object to.
        """
        values = self._values
        for issue, option in package.items():
            row = values.get(issue)
            if row is not None and row[option] is None:
                return issue
        return None

    def ideal(self) -> Package:
        """The package of its ideal on every issue it has a stance on (a fresh dict, the caller's to change)."""
        return dict(self._ideal)

    @cached_property
    def _ideal(self) -> Package:
        """Worked out once: every game's opening, and the players' and counterparts' first offers, ask for it."""
        return {issue: self._option_id(issue, v.ideal) for issue, v in self.issues.items()}

    def _option_id(self, issue: str, rank: int) -> str:
        return self.scenario.issue(issue).options[rank].id


def _direction(scenario: Scenario, issue: str, stance: Stance, other: Stance | None) -> int:
    """Which way is 'toward the other side' when a stance alone does not say."""
    if other is None:
        return 0
    mine, theirs = scenario.rank(issue, stance.ideal), scenario.rank(issue, other.ideal)
    return (theirs > mine) - (theirs < mine)


def option_ranks(scenario: Scenario) -> dict[str, dict[str, int]]:
    """Issue -> option -> rank, kept on the scenario: one look-up says whether a package names real options,
    and where each option of the many a move's checks and gaps compare lies on its scale."""
    return scenario.memo(("option ranks",), lambda: {
        issue.id: {option: n for n, option in enumerate(issue.option_ids)} for issue in scenario.issues})

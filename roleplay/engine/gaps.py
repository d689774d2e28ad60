"""The expectation gaps, per issue and counterpart, recorded after every round.

All distances are on the issue's scale from 0 (same option) to 1 (opposite
ends). The position gap is between standing offers; the expectation gap
between the player's written expectation and the counterpart's hidden one
(and, separately, what intelligence lets the player see of it); the reality
gap between the player's expectation and what was achieved, or, while no deal
exists, the nearest settlement both sides could accept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from roleplay.engine.history import standing_positions
from roleplay.engine.intel import Range
from roleplay.engine.shared import shared
from roleplay.engine.state import GapRecord
from roleplay.engine.utility import Utility, option_ranks
from roleplay.engine.view import SeenGap

if TYPE_CHECKING:
    from roleplay.engine.session import Session
    from roleplay.scenario.models import Delegation, Scenario


def overlap(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int] | None:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


def _scales(scenario: Scenario, counterpart: Delegation) -> tuple[tuple[str, int, int], ...]:
    """Per issue: its id, its number of steps, and the rank of the counterpart's hidden expectation.

    They depend on the scenario alone (the typed one, where a type moves the expectation), and every round asks.
    """
    return scenario.memo(("gap scales", counterpart.id), lambda: tuple(
        (issue.id, len(issue.options) - 1, scenario.rank(issue.id, counterpart.stances[issue.id].expectation))
        for issue in scenario.issues))


def snapshot(session: Session) -> list[GapRecord]:
    """This round's gaps, per counterpart and issue."""
    return _records(session)[0]


def _records(session: Session) -> tuple[list[GapRecord], list[SeenGap]]:
    """This round's gaps, and the same as the player may see them.

    What the player can know of the expectation gap is its smallest and largest value over the
    range intelligence leaves (`_seen`). Written out in one loop, from what `_basis` keeps: it
    runs after every move, for every issue and counterpart, and makes two records each time
    (built by `_record`).
    """
    state = session.state
    mine = standing_positions(state)
    agreed = state.outcome.package if state.outcome is not None else {}
    now = state.round
    records: list[GapRecord] = []
    seen_by_player: list[SeenGap] = []
    for counterpart in session.counterparts:
        who = counterpart.id
        theirs = session.their_offer(who)
        known = state.intel[who]
        for issue, steps, scale, expected, expectation, common, reality, seen in _basis(session, counterpart):
            ours, their = mine.get(issue), theirs.get(issue)
            position = None if ours is None or their is None else abs(scale[ours] - scale[their]) / steps
            settled = agreed.get(issue)
            if settled is not None:
                reality = abs(expected - scale[settled]) / steps
            window = known[issue]
            bounds = seen.get(window)
            if bounds is None:
                bounds = seen[window] = _seen(expected, window, steps)
            records.append(_record(GapRecord, (now, who, issue, position, expectation, bounds, reality, common)))
            seen_by_player.append(_record(SeenGap, (now, who, issue, position, bounds)))
    return records, seen_by_player


_record = tuple.__new__
"""A named tuple from its fields in order: what its class's own constructor does, without matching
arguments to names, which costs as much again as the rest of a row's work."""


def _seen(expected: int, window: Range, steps: int) -> tuple[float, float]:
    """The expectation gap as the player can bound it: nothing if the expectation lies in the range
    intelligence leaves, else the distance to its nearer end; and the distance to its farther end."""
    lo, hi = window
    below, above = abs(expected - lo), abs(expected - hi)
    nearest = 0 if lo <= expected <= hi else min(below, above)
    return nearest / steps, max(below, above) / steps


class Row(NamedTuple):
    """What a round's gaps on one issue with one counterpart take from things that seldom change."""

    issue: str
    steps: int
    scale: dict[str, int]
    """Option -> rank on the issue's scale."""
    expected: int
    """The rank of the player's expectation."""
    expectation: float
    """The expectation gap."""
    common: tuple[int, int] | None
    """The zone both sides accept (None: none)."""
    reality: float
    """The reality gap while nothing is agreed."""
    seen: dict[Range, tuple[float, float]]
    """The expectation gap as the player can bound it, per range intelligence may leave (filled as ranges turn up)."""


def _basis(session: Session, counterpart: Delegation) -> tuple[Row, ...]:
    """The rows for one counterpart now, kept on the session until what they depend on changes.

    They depend on the player's expectations and walk-away points (fixed once the talks open) and
    the counterpart's valuation (which a trade can shift): a round checks those against what the
    rows were made from, which costs far less than making them.
    """
    state = session.state
    utility = session.utility(counterpart.id)
    found = session.gap_basis.get(counterpart.id)
    if found is not None and found[0] is utility and found[1] == state.expectations and found[2] == state.walkaways:
        return found[3]
    expectations, walkaways = dict(state.expectations), dict(state.walkaways)
    key = (session.me, counterpart.id, utility, tuple(expectations.items()), tuple(walkaways.items()))
    rows = shared(session.scenario, "gap rows", key, lambda: _rows(session, counterpart, utility))
    session.gap_basis[counterpart.id] = (utility, expectations, walkaways, rows)
    return rows


def _rows(session: Session, counterpart: Delegation, utility: Utility) -> tuple[Row, ...]:
    """The rows from the player's expectations and walk-away points, and the counterpart's valuation.

    Shared by the games on the scenario that have the same ones (`_basis` keys them so): games
    played by one strategy often do. The reality gap is measured to the option nearest the
    expectation in the zone both sides accept, or in what the counterpart accepts when they share none.
    """
    state = session.state
    scenario = session.scenario
    ranks = option_ranks(scenario)
    rows: list[Row] = []
    for issue, steps, hidden in _scales(scenario, counterpart):
        expected = scenario.rank(issue, state.expectations[issue])
        acceptable = utility.issues[issue].acceptable_range()
        common = overlap(session.player_range(issue), acceptable)
        span = common or acceptable
        reach = min(max(expected, span[0]), span[1])
        rows.append(Row(issue, steps, ranks[issue], expected, abs(expected - hidden) / steps, common,
                        abs(expected - reach) / steps, {}))
    return tuple(rows)


def record(session: Session) -> None:
    """Append this round's gaps, replacing any already recorded for the same round.

    Rounds only grow, so this round's records can only be the last ones: they
    are dropped from the end rather than by rescanning the whole history.
    """
    state = session.state
    fresh, fresh_seen = _records(session)
    seen = session.seen_gaps
    while state.gaps and state.gaps[-1].round == state.round:
        state.gaps.pop()
        seen.pop()
    state.gaps.extend(fresh)
    seen.extend(fresh_seen)


def latest(session: Session) -> list[GapRecord]:
    state = session.state
    if not state.gaps:
        return []
    last = state.gaps[-1].round
    return [g for g in state.gaps if g.round == last]

"""The expectation gaps, per issue and counterpart, recorded after every round.

All distances are on the issue's scale from 0 (same option) to 1 (opposite
ends). The position gap is between standing offers; the expectation gap
between the player's written expectation and the counterpart's hidden one
(and, separately, what intelligence lets the player see of it); the reality
gap between the player's expectation and what was achieved, or, while no deal
exists, the nearest settlement both sides could accept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from roleplay.engine.history import standing_positions
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
    range intelligence leaves: nothing if the expectation lies inside it, else the distance to its
    nearer end, and the distance to its farther end. Written out in one loop, from what `_fixed`
    keeps: it runs after every move, for every issue and counterpart.
    """
    state = session.state
    ranks = option_ranks(session.scenario)
    mine = standing_positions(state)
    agreed = state.outcome.package if state.outcome is not None else {}
    now = state.round
    records: list[GapRecord] = []
    seen_by_player: list[SeenGap] = []
    for counterpart in session.counterparts:
        who = counterpart.id
        theirs = session.their_offer(who)
        known = state.intel[who]
        for issue, steps, expected, expectation, common, reality in _fixed(session, counterpart):
            scale = ranks[issue]
            position = None
            if issue in mine and issue in theirs:
                position = abs(scale[mine[issue]] - scale[theirs[issue]]) / steps
            if issue in agreed:
                reality = abs(expected - scale[agreed[issue]]) / steps
            lo, hi = known[issue]
            below, above = abs(expected - lo), abs(expected - hi)
            nearest_seen = 0 if lo <= expected <= hi else min(below, above)
            bounds = (nearest_seen / steps, max(below, above) / steps)
            records.append(GapRecord(now, who, issue, position, expectation, bounds, reality, common))
            seen_by_player.append(SeenGap(now, who, issue, position, bounds))
    return records, seen_by_player


Fixed = tuple[str, int, int, float, "tuple[int, int] | None", float]
"""Per issue: its id, its steps, the player's expected rank, the expectation gap, the zone both sides
accept (None: none), and the reality gap while nothing is agreed."""

_FIXED: WeakKeyDictionary[Session, dict[str, tuple[Utility, dict[str, str], dict[str, str], list[Fixed]]]] = \
    WeakKeyDictionary()


def _fixed(session: Session, counterpart: Delegation) -> list[Fixed]:
    """What a round's gaps with one counterpart take from things that seldom change.

    They depend on the player's expectations and walk-away points (fixed once the talks open) and
    the counterpart's valuation (which a trade can shift), so they are worked out again only when
    one of those has changed. The reality gap is measured to the option nearest the expectation
    in the zone both sides accept, or in what the counterpart accepts when they share none.
    """
    state = session.state
    utility = session.utility(counterpart.id)
    kept = _FIXED.setdefault(session, {})
    found = kept.get(counterpart.id)
    if found is not None and found[0] is utility and found[1] == state.expectations and found[2] == state.walkaways:
        return found[3]
    scenario = session.scenario
    rows: list[Fixed] = []
    for issue, steps, hidden in _scales(scenario, counterpart):
        expected = scenario.rank(issue, state.expectations[issue])
        acceptable = utility.issues[issue].acceptable_range()
        common = overlap(session.player_range(issue), acceptable)
        span = common or acceptable
        reach = min(max(expected, span[0]), span[1])
        rows.append((issue, steps, expected, abs(expected - hidden) / steps, common, abs(expected - reach) / steps))
    kept[counterpart.id] = (utility, dict(state.expectations), dict(state.walkaways), rows)
    return rows


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

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

from roleplay.engine.history import player_positions
from roleplay.engine.intel import Range
from roleplay.engine.state import GapRecord
from roleplay.engine.view import SeenGap

if TYPE_CHECKING:
    from roleplay.engine.session import Session


def overlap(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int] | None:
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


def nearest(rank: int, span: tuple[int, int]) -> int:
    return min(max(rank, span[0]), span[1])


def seen_gap(mine: int, known: Range, steps: int) -> tuple[float, float]:
    """The smallest and largest expectation gap consistent with what the player knows."""
    distances = [abs(mine - k) for k in range(known.lo, known.hi + 1)]
    return min(distances) / steps, max(distances) / steps


def achievable(session: Session, issue: str, expected: int, common: tuple[int, int] | None,
               theirs: tuple[int, int]) -> int:
    """What the player could have had on an issue: agreed, else the nearest option both accept.

    `common` is the zone both sides accept (None if there is none), `theirs` what the counterpart accepts.
    """
    state = session.state
    if state.outcome is not None and issue in state.outcome.package:
        return session.scenario.rank(issue, state.outcome.package[issue])
    return nearest(expected, common or theirs)


def snapshot(session: Session) -> list[GapRecord]:
    state = session.state
    scenario = session.scenario
    mine = player_positions(state)
    records: list[GapRecord] = []
    for counterpart in session.counterparts:
        theirs = session.their_offer(counterpart.id)
        utility = session.utility(counterpart.id)
        for issue in scenario.issues:
            steps = len(issue.options) - 1
            expected = scenario.rank(issue.id, state.expectations[issue.id])
            hidden = scenario.rank(issue.id, counterpart.stances[issue.id].expectation)
            acceptable = utility.issues[issue.id].acceptable_range()
            common = overlap(session.player_range(issue.id), acceptable)
            position = None
            if issue.id in mine and issue.id in theirs:
                position = abs(scenario.rank(issue.id, mine[issue.id]) - scenario.rank(issue.id, theirs[issue.id])) / steps
            records.append(GapRecord(
                round=state.round,
                counterpart=counterpart.id,
                issue=issue.id,
                position=position,
                expectation=abs(expected - hidden) / steps,
                expectation_seen=seen_gap(expected, state.intel[counterpart.id][issue.id], steps),
                reality=abs(expected - achievable(session, issue.id, expected, common, acceptable)) / steps,
                zopa=common,
            ))
    return records


def record(session: Session) -> None:
    """Append this round's gaps, replacing any already recorded for the same round.

    Rounds only grow, so this round's records can only be the last ones: they
    are dropped from the end rather than by rescanning the whole history.
    """
    state = session.state
    fresh = snapshot(session)
    seen = session.seen_gaps
    while state.gaps and state.gaps[-1].round == state.round:
        state.gaps.pop()
        seen.pop()
    state.gaps.extend(fresh)
    seen.extend(SeenGap(round=g.round, counterpart=g.counterpart, issue=g.issue, position=g.position,
                                        expectation_seen=g.expectation_seen) for g in fresh)


def latest(session: Session) -> list[GapRecord]:
    state = session.state
    if not state.gaps:
        return []
    last = state.gaps[-1].round
    return [g for g in state.gaps if g.round == last]

"""The score: a number from 0 to 100 made of parts a student can read.

Each part is a value from 0 to 1 with a weight from the scenario:

- outcome: the player's utility of the result (gesture costs deducted) against
  the BATNA b: 0.5 at b, rising linearly to 1 at utility 1, falling to 0 at 0;
- realism: 1 minus the weighted mean reality gap, i.e. how close the written
  expectations were to what was achievable;
- gap closure: the mean share of each issue's opening position gap that was
  closed (a settled issue is closed);
- relationship: half final trust, half distance from the tension limit;
- efficiency: the share of the joint gain available over both BATNAs that the
  deal captured, measured against the Pareto frontier.

Utilities here are the delegations' interests as written in the scenario, not
the positions they moved to during play.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleplay.engine import frontier as pf
from roleplay.engine.gaps import overlap
from roleplay.engine.state import GapRecord, Score, ScorePart

if TYPE_CHECKING:
    from roleplay.engine.session import Session

def outcome_value(utility: float, batna: float) -> float:
    if utility >= batna:
        return 1.0 if batna >= 1 else 0.5 + 0.5 * (utility - batna) / (1 - batna)
    return 0.0 if batna <= 0 else 0.5 * utility / batna


def closure(opening: float | None, final: float | None) -> float:
    if opening is None:
        return 1.0
    final = final or 0.0
    if opening <= 0:
        return 1.0 if final <= 0 else 0.0
    return min(1.0, max(0.0, (opening - final) / opening))


def frontier_of(session: Session) -> list[pf.Point]:
    """The Pareto frontier of the player and the main counterpart, cached per scenario."""
    me, them = session.true_utility(session.me), session.true_utility(session.main.id)

    def build() -> list[pf.Point]:
        ranges = {
            issue: overlap(values.acceptable_range(), them.issues[issue].acceptable_range())
            for issue, values in me.issues.items()
        }
        return pf.frontier(me, them, ranges)

    return session.scenario.memo(("frontier", session.me, session.main.id), build)


def score(session: Session) -> Score:
    state = session.state_data
    scenario = session.scenario
    outcome = state.outcome
    assert outcome is not None, "the score is taken when the talks have ended"
    me, them = session.true_utility(session.me), session.true_utility(session.main.id)
    my_batna, their_batna = session.player.batna.utility, session.main.batna.utility
    dealt = outcome.kind != "breakdown"
    gross = me.of(outcome.package) if dealt else my_batna
    theirs = them.of(outcome.package) if dealt else their_batna
    costs = sum(g.cost for g in scenario.gestures if g.id in state.gestures_given)
    net = max(0.0, gross - costs)

    final = [g for g in state.gaps if g.round == state.gaps[-1].round and g.counterpart == session.main.id]
    opening = {g.issue: g for g in state.gaps if g.round == 0 and g.counterpart == session.main.id}
    weights = {issue: values.weight for issue, values in me.issues.items()}
    realism = 1.0 - _weighted(final, weights, lambda g: g.reality)
    closed = [closure(opening[g.issue].position if g.issue in opening else None,
                      0.0 if g.issue in outcome.package else g.position) for g in final]
    gap_closure = sum(closed) / len(closed) if closed else 0.0
    limit = scenario.policy.tension_limit
    bonds = [0.5 * session.meters(d.id).trust + 0.5 * (1 - min(1.0, session.meters(d.id).tension / limit))
             for d in session.counterparts]
    relationship = sum(bonds) / len(bonds)

    points = frontier_of(session)
    available = pf.left_on_table(points, (my_batna, their_batna))
    left = pf.left_on_table(points, (gross, theirs)) if dealt else available
    efficiency = 1.0 if available <= 0 else min(1.0, max(0.0, 1 - left / available))
    nash = pf.nash(points, my_batna, their_batna)

    w = scenario.score
    parts = [
        ScorePart(name="outcome", value=outcome_value(net, my_batna), weight=w.outcome,
                  detail=f"your utility {net:.2f} against a BATNA of {my_batna:.2f}"),
        ScorePart(name="realism", value=realism, weight=w.realism,
                  detail=f"your expectations were {1 - realism:.0%} of a scale off what was achievable"),
        ScorePart(name="gap_closure", value=gap_closure, weight=w.gap_closure,
                  detail=f"{gap_closure:.0%} of the opening position gaps closed"),
        ScorePart(name="relationship", value=relationship, weight=w.relationship,
                  detail="final trust, and tension kept off the brink"),
        ScorePart(name="efficiency", value=efficiency, weight=w.efficiency,
                  detail=f"{left:.2f} of joint value left on the table out of {available:.2f} available"),
    ]
    total_weight = sum(p.weight for p in parts)
    total = 100 * sum(p.value * p.weight for p in parts) / total_weight
    return Score(
        total=round(total, 1),
        parts=[p.model_copy(update={"value": round(p.value, 4)}) for p in parts],
        player_utility=round(net, 4),
        counterpart_utility=round(theirs, 4),
        nash=nash.as_package() if nash else {},
        nash_utilities=(round(nash.mine, 4), round(nash.theirs, 4)) if nash else (0.0, 0.0),
        frontier=[(round(p.mine, 4), round(p.theirs, 4)) for p in points],
        left_on_table=round(left, 4),
    )


def _weighted(records: list[GapRecord], weights: dict[str, float], value: object) -> float:
    total = sum(weights.get(g.issue, 0.0) for g in records)
    if total <= 0:
        return 0.0
    return sum(weights.get(g.issue, 0.0) * value(g) for g in records) / total  # type: ignore[operator]

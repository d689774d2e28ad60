"""The score: a number from 0 to 100 made of parts a student can read.

Each part is a value from 0 to 1 with a weight from the scenario. The rules
are built so that what the sources call good play is what scores, and so that
none can be gamed by hindsight, stalling or walking out:

- outcome: the player's utility of the result (gesture costs deducted) against
  the BATNA b: 0.5 at b, 0.85 at the player's utility at the Nash point (a
  fair share of the gain), 1 at utility 1, falling to 0 at 0. Most of it is
  earned on the way from no deal to a fair share, so giving the other side
  all the gain is barely better than no deal. A deal's gain over no deal is
  scaled by its ending's weight, so a photo opportunity is worth less than a
  breakthrough with the same package.
- realism: how close the expectations fixed in preparation were to what was
  achievable against the counterpart types actually faced: anything from the
  Nash point of both sides' interests as written (before any trade; on an
  issue no option of which both accept, the zone between the walk-away points)
  to what the other side itself expects, only halfway where that is less than
  a fair share for the player. The deal reached plays no part, so
  replaying a game teaches nothing by hindsight, and intelligence about what
  the other side expects is what makes expectations realistic.
- gap closure: the share of the opening position gaps (weighted by what each
  issue matters to the player) on the issues actually settled. A breakdown
  closes nothing, and neither does a deal worth less to the player than no deal.
- relationship: half final trust, half distance from the tension limit, the
  mean over every counterpart at the table.
- efficiency: the share of the joint gain available over the BATNAs that the
  deal captured, against the Pareto frontier. A breakdown captures nothing, nor
  does a deal worth less to the player than no deal; where no joint gain
  exists at all the part is left out, not given.

The other side's utilities are taken after the trades made in play (a rule
that softened a walk-away opened options, and those count as acceptable);
with several counterparts the other side is their mean, and the Nash point
must leave each of them above its own BATNA.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from roleplay.engine import frontier as pf
from roleplay.engine.gaps import overlap
from roleplay.engine.shared import shared
from roleplay.engine.state import Score, ScorePart
from roleplay.engine.utility import IssueValues, Utility

if TYPE_CHECKING:
    from roleplay.engine.session import Session

Span = tuple[int, int]


FAIR_SHARE = 0.35
"""Of the outcome part, what the gain from no deal up to the Nash point earns; the gain beyond it earns the rest
up to 1, and no deal itself one half."""


def outcome_value(utility: float, batna: float, fair: float | None = None) -> float:
    """What a result is worth on the outcome part: one half at the BATNA, less below it, more above.

    With a Nash point worth more to the player than no deal (`fair`), the way
    up to it counts most: a deal that gives the other side all the gain is
    barely better than no deal, and claiming a fair share is what the part
    rewards. Beyond it, the rest of the way to the player's ideal earns the
    remainder.
    """
    if utility < batna:
        return 0.0 if batna <= 0 else 0.5 * utility / batna
    if batna >= 1:
        return 1.0
    if fair is None or fair <= batna + 1e-9 or fair >= 1:
        return 0.5 + 0.5 * (utility - batna) / (1 - batna)
    upto = min(1.0, (utility - batna) / (fair - batna))
    beyond = max(0.0, (utility - fair) / (1 - fair))
    return 0.5 + FAIR_SHARE * upto + (0.5 - FAIR_SHARE) * beyond


def with_ending(value: float, weight: float) -> float:
    """Scale what a deal gains over no deal (the value above one half) by its ending's weight."""
    return value if value <= 0.5 else 0.5 + weight * (value - 0.5)


def shared_ranges(me: Utility, them: list[Utility]) -> dict[str, Span | None]:
    """Per issue, the ranks every side accepts (None: no option both accept)."""
    ranges: dict[str, Span | None] = {}
    for issue, values in me.issues.items():
        span: Span | None = values.acceptable_range()
        for other in them:
            if span is not None and issue in other.issues:
                span = overlap(span, other.issues[issue].acceptable_range())
        ranges[issue] = span
    return ranges


def _sides(session: Session, traded: bool) -> tuple[Utility, list[Utility]]:
    value = session.utility if traded else session.true_utility
    return session.true_utility(session.me), [value(d.id) for d in session.counterparts]


def their_batna(session: Session) -> float:
    """The other side's BATNA: the mean over every counterpart at the table, as their utility is."""
    return sum(d.batna.utility for d in session.counterparts) / len(session.counterparts)


def _trades(session: Session, traded: bool) -> tuple[str, tuple[tuple[str, tuple[tuple[str, int], ...]], ...]]:
    """The player and the trades that moved each counterpart's valuation: all a frontier depends on besides the
    scenario (a typed one, when types were drawn)."""
    shifts = session.state.shifts if traded else {}
    return session.me, tuple((d.id, tuple(sorted(shifts.get(d.id, {}).items()))) for d in session.counterparts)


def frontier_of(session: Session, traded: bool = True) -> list[pf.Point]:
    """The Pareto frontier of the player and the other side, cached per scenario and set of trades."""
    return _frontier(session, traded, _trades(session, traded))


def _frontier(session: Session, traded: bool, trades: tuple[object, ...]) -> list[pf.Point]:
    def build() -> list[pf.Point]:
        me, them = _sides(session, traded)
        return pf.frontier(me, pf.Joint(them), shared_ranges(me, them))

    return session.scenario.memo(("frontier", *trades), build)


def nash_of(session: Session, traded: bool = True) -> pf.Point | None:
    """The Nash point of that frontier, cached the same way: it depends on nothing else."""
    return _nash_point(session, traded, _trades(session, traded))


def _nash_point(session: Session, traded: bool, trades: tuple[object, ...]) -> pf.Point | None:
    return session.scenario.memo(("nash", *trades), lambda: _nash(session, traded))


def _nash(session: Session, traded: bool) -> pf.Point | None:
    me, them = _sides(session, traded)
    batnas = [d.batna.utility for d in session.counterparts]
    each: Callable[[pf.Point], bool] | None = None
    if len(them) > 1:
        def each(point: pf.Point) -> bool:
            package = point.as_package()
            return all(u.of(package) > b for u, b in zip(them, batnas, strict=True))
    return pf.nash(frontier_of(session, traded), session.player.batna.utility, their_batna(session), each)


def achievable(session: Session) -> dict[str, Span]:
    """Per issue, the ranks a player could realistically have expected against the types faced.

    Fixed before the talks, from facts of the types drawn: anything from the
    Nash point of the written interests to what the other side itself expects,
    only halfway where that is worse for the player than the Nash point (on an
    issue the Nash point leaves open, the zone between the walk-away points and
    what they expect), kept within what the player may accept. Expecting inside
    it is realistic; expecting beyond it is not, whichever way: more than the
    other side could give sets up a failed summit, and expecting all the other
    side hopes for, where that is less than a fair share, gives away the store.
    """
    def build() -> dict[str, Span]:
        me, them = _sides(session, traded=False)
        point = nash_of(session, traded=False)
        package = point.as_package() if point else {}
        scenario = session.scenario
        spans: dict[str, Span] = {}
        for issue, mine in me.issues.items():
            lo, hi = mine.acceptable_range()
            expected = [min(max(scenario.rank(issue, d.stances[issue].expectation), lo), hi)
                        for d in session.counterparts if issue in d.stances]
            if issue in package:
                fair = scenario.rank(issue, package[issue])
                ranks = [fair, *(halfway(fair, rank) if _worth(mine, rank) < _worth(mine, fair) else rank
                                 for rank in expected)]
            else:
                ranks = [mine.reservation, *(u.issues[issue].reservation for u in them if issue in u.issues), *expected]
            spans[issue] = (min(ranks), max(ranks))
        return spans

    return session.scenario.memo(("achievable", session.me), build)


def _worth(values: IssueValues, rank: int) -> float:
    """An option's value to a side (an option it would never accept is worth nothing to it)."""
    return values.values[rank] or 0.0


def halfway(start: int, end: int) -> int:
    """The rank halfway from `start` to `end`, rounded toward `start`."""
    return start + (end - start) // 2 if end >= start else start - (start - end) // 2


def realism(session: Session) -> float:
    """1 minus the weighted mean distance of each expectation from what was achievable (0..1 of a scale).

    It depends on the scenario (as typed), the side played and its expectations alone: shared by the
    games that expected the same.
    """
    expectations = session.state.expectations
    return shared(session.scenario, "realism", (session.me, tuple(expectations.items())),
                  lambda: _realism(session, expectations))


def _realism(session: Session, expectations: Mapping[str, str]) -> float:
    scenario = session.scenario
    me = session.true_utility(session.me)
    off = 0.0
    for issue, (lo, hi) in achievable(session).items():
        expected = scenario.rank(issue, expectations[issue])
        steps = len(scenario.issue(issue).options) - 1
        off += me.issues[issue].weight * (max(lo - expected, 0) + max(expected - hi, 0)) / steps
    return 1.0 - off / sum(v.weight for v in me.issues.values())


def gap_closure(session: Session) -> float | None:
    """The weighted share of the opening position gaps on the issues settled; None when none was open."""
    state = session.state
    assert state.outcome is not None
    me = session.true_utility(session.me)
    opening: dict[str, list[float]] = {}
    for g in state.gaps:
        if g.round != 0:
            break  # the gaps are recorded round by round: the opening's come first
        opening.setdefault(g.issue, []).append(1.0 if g.position is None else g.position)
    gaps = {issue: me.issues[issue].weight * sum(v) / len(v) for issue, v in opening.items() if issue in me.issues}
    total = sum(gaps.values())
    if total <= 0:
        return None
    return sum(gap for issue, gap in gaps.items() if issue in state.outcome.package) / total


def relationship(session: Session) -> float:
    limit = session.scenario.policy.tension_limit
    bonds = [0.5 * session.meters(d.id).trust + 0.5 * (1 - min(1.0, session.meters(d.id).tension / limit))
             for d in session.counterparts]
    return sum(bonds) / len(bonds)


class _Reach(NamedTuple):
    """What the frontier of the player and the other side gives a score, for one set of trades."""

    points: list[pf.Point]
    available: float
    """The most joint value a deal could add over no deal (`pf.left_on_table` at the BATNAs)."""
    nash: pf.Point | None
    frontier: tuple[tuple[float, float], ...]
    """The points as the score shows them, rounded."""


def _reach(session: Session, trades: tuple[object, ...]) -> _Reach:
    """The frontier's part of a score, kept per scenario and set of trades (as the frontier is): it depends
    on nothing else, every game ends with a score, and most games on a scenario share a few sets of trades."""
    def build() -> _Reach:
        points = _frontier(session, True, trades)
        return _Reach(points, pf.left_on_table(points, (session.player.batna.utility, their_batna(session))),
                      _nash_point(session, True, trades), tuple((round(p.mine, 4), round(p.theirs, 4)) for p in points))

    return session.scenario.memo(("score reach", *trades), build)


def score(session: Session) -> Score:
    state, scenario = session.state, session.scenario
    outcome = state.outcome
    assert outcome is not None, "the score is taken when the talks have ended"
    me, them = _sides(session, traded=True)
    joint = pf.Joint(them)
    my_batna, theirs_at_batna = session.player.batna.utility, their_batna(session)
    dealt = outcome.kind != "breakdown"
    gross = me.of(outcome.package) if dealt else my_batna
    theirs = joint.of(outcome.package) if dealt else theirs_at_batna
    costs = sum(g.cost for g in scenario.gestures if g.id in state.gestures_given)
    net = max(0.0, gross - costs)
    ending = next((e for e in scenario.endings if e.id == outcome.ending), None)
    weight = ending.weight if ending is not None and dealt else 1.0

    reach = _reach(session, _trades(session, True))
    available = reach.available
    left = pf.left_on_table(reach.points, (gross, theirs)) if dealt else available
    nash = reach.nash
    real = realism(session)
    # A deal worth less to the player than no deal is no better than a breakdown for these parts.
    credited = dealt and net >= my_batna - 1e-9
    closed = gap_closure(session) if credited else 0.0

    w = scenario.score
    parts = [
        ScorePart(name="outcome", value=with_ending(outcome_value(net, my_batna, nash.mine if nash else None), weight),
                  weight=w.outcome,
                  detail=f"your utility {net:.2f} against a BATNA of {my_batna:.2f}"
                  + (f" ({gross:.2f}, less {costs:.2f} given up in gestures)" if costs > 1e-9 else "")
                  + (f"; this ending keeps {weight:.0%} of the gain" if dealt and weight < 1 else "")),
        ScorePart(name="realism", value=real, weight=w.realism,
                  detail=f"your expectations were {1 - real:.0%} of a scale off what was achievable against "
                  "the side you faced"),
    ]
    below = "" if credited or not dealt else \
        f"none counted: the deal is worth less to you ({net:.2f}) than no deal ({my_batna:.2f})"
    if closed is not None:
        parts.append(ScorePart(name="gap_closure", value=closed, weight=w.gap_closure,
                               detail=below or f"{closed:.0%} of the opening position gaps closed by settling issues"))
    parts.append(ScorePart(name="relationship", value=relationship(session), weight=w.relationship,
                           detail="final trust, and tension kept off the brink"))
    if available > 1e-9:
        efficiency = min(1.0, max(0.0, 1 - left / available)) if credited else 0.0
        parts.append(ScorePart(name="efficiency", value=efficiency, weight=w.efficiency,
                               detail=below or f"{left:.2f} of joint value left on the table out of {available:.2f} "
                               "available"))
    total_weight = sum(p.weight for p in parts)
    total = 100 * sum(p.value * p.weight for p in parts) / total_weight if total_weight > 0 else 0.0
    return Score(
        total=round(float(total), 1),
        parts=[ScorePart(p.name, round(float(p.value), 4), float(p.weight), p.detail) for p in parts],
        player_utility=round(float(net), 4),
        counterpart_utility=round(float(theirs), 4),
        nash=nash.as_package() if nash else {},
        nash_utilities=(round(nash.mine, 4), round(nash.theirs, 4)) if nash else (0.0, 0.0),
        frontier=list(reach.frontier),
        left_on_table=round(float(left), 4),
    )

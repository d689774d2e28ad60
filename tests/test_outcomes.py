"""How talks end, the score on a case computed by hand, and the gaps along the way."""

from __future__ import annotations

import pytest

from roleplay.engine import actions as a
from roleplay.engine.dance import Dance, classify
from roleplay.engine.frontier import frontier, left_on_table, nash
from roleplay.engine.session import Session
from roleplay.engine.state import Outcome
from roleplay.engine.utility import Utility
from roleplay.scenario.models import Scenario
from tests.conftest import ROOT, minimal, scenario_of, to_bargaining

EXPECT = {"price": "p1", "time": "t2"}


def game(scenario: Scenario, *moves: a.Action) -> Session:
    session = to_bargaining(Session(scenario, "buyer", seed=2), EXPECT)
    for move in moves:
        if session.finished():
            break
        session.act(move)
    return session


def ended(session: Session) -> Outcome:
    """The game's outcome, which the test expects to exist."""
    assert session.state.outcome is not None
    return session.state.outcome


def outcome_of(session: Session) -> tuple[str, str]:
    return ended(session).kind, ended(session).cause


def test_accepting_their_offer_is_a_full_agreement(mini: Scenario) -> None:
    session = game(mini, a.Propose(package={"price": "p2", "time": "t2"}), a.Accept())
    assert outcome_of(session) == ("agreement", "accepted")
    assert ended(session).ending == "deal"


def test_a_package_that_leaves_issues_open_is_a_partial_agreement(mini: Scenario) -> None:
    session = game(mini, *[a.Propose(package={"price": "p3"})] * 5)
    assert outcome_of(session) == ("partial", "accepted")
    assert ended(session).package == {"price": "p3"}


def test_walking_out_is_a_breakdown(mini: Scenario) -> None:
    session = game(mini, a.WalkOut())
    assert outcome_of(session) == ("breakdown", "walk_out")
    assert ended(session).ending == "none"


def test_tension_over_the_limit_ends_the_talks() -> None:
    scenario = scenario_of(minimal(policy={"pressure_tension": 0.4}))
    session = game(scenario, a.Pressure(), a.Pressure())
    assert outcome_of(session) == ("breakdown", "escalation")
    assert session.state.transcript[-2].tag == "walk_out" or any(
        s.tag == "walk_out" and s.speaker == "seller" for s in session.state.transcript)


def test_no_deal_in_time_is_a_breakdown_after_the_last_offer(mini: Scenario) -> None:
    stubborn = a.Propose(package={"price": "p0", "time": "t0"})
    session = game(mini, *[stubborn] * 4)
    assert session.phase == "closing"
    assert any(s.tag == "closing" and s.speaker == "seller" for s in session.state.transcript)
    session.act(stubborn)
    assert outcome_of(session) == ("breakdown", "timeout")
    assert session.state.round == mini.rounds + 1


def test_the_last_offer_settles_what_both_sides_share(mini: Scenario) -> None:
    session = game(mini, a.CallClosing(), a.Propose(package={"price": "p0", "time": "t2"}))
    assert outcome_of(session) == ("partial", "timeout")
    assert ended(session).package == {"time": "t2"}


def test_accepting_the_final_offer_at_closing_is_an_agreement(mini: Scenario) -> None:
    session = game(mini, a.Propose(package={"price": "p1", "time": "t2"}), a.CallClosing(), a.Accept())
    assert outcome_of(session) == ("agreement", "accepted")


def test_the_score_matches_a_case_computed_by_hand(mini: Scenario) -> None:
    # Buyer opens at its ideal (p0, t2); the seller opens at (p4, t2). Round 1 the buyer offers
    # (p2, t2): half the way to the seller's ideal price (time: both ideals agree, so it does not
    # count), so the seller is 1/4 * 0.45 (the clock) + 0.5 (reciprocity) = 0.6125 along its
    # linear curve and aspires to 0.3 + (1 - 0.6125) * 0.7 = 0.571. The offer is worth
    # 1/3 * 0.5 + 0.5 = 0.667 to it: accepted. The buyer gets 1/3 * 0.5 + 0.5 = 0.667.
    session = game(mini, a.Propose(package={"price": "p2", "time": "t2"}))
    assert outcome_of(session) == ("agreement", "accepted")
    score = session.state.score
    assert score is not None
    parts = {p.name: p.value for p in score.parts}
    # the deal is the Nash point itself: a fair share of the gain, 0.5 + FAIR_SHARE
    assert parts["outcome"] == pytest.approx(0.85, abs=1e-4)
    # the Nash point is (p2, t2), and halfway from it to the seller's expectation (p3) rounds back to p2:
    # expected p1 on price is a quarter of a scale off, on one of two issues
    assert parts["realism"] == pytest.approx(0.875)
    assert parts["gap_closure"] == pytest.approx(1.0)  # the only open gap (price) was settled
    assert parts["relationship"] == pytest.approx(0.5 * 0.5 + 0.5 * (1 - 0.2))  # 0.65
    assert parts["efficiency"] == pytest.approx(1.0)  # (0.667, 0.667) lies on the Pareto frontier
    assert score.total == pytest.approx(87.0)
    assert score.nash == {"price": "p2", "time": "t2"}
    assert (score.player_utility, score.counterpart_utility) == (pytest.approx(0.6667, abs=1e-4), pytest.approx(0.6667, abs=1e-4))


def test_gesture_costs_come_off_the_outcome() -> None:
    scenario = scenario_of(minimal(gestures=[{"id": "gift", "label": "Gift", "cost": 0.1}]))
    session = game(scenario, a.OfferGesture(gesture="gift"), a.Propose(package={"price": "p2", "time": "t2"}), a.Accept())
    outcome, score = session.state.outcome, session.state.score
    assert outcome is not None and score is not None
    gross = Utility(scenario, "buyer").of(outcome.package)
    assert gross > 0.1 and score.player_utility == pytest.approx(gross - 0.1, abs=1e-4)


def test_the_frontier_and_nash_point_on_the_small_case(mini: Scenario) -> None:
    me, them = Utility(mini, "buyer"), Utility(mini, "seller")
    points = frontier(me, them, {"price": (1, 3), "time": (1, 2)})
    assert [(round(p.mine, 3), round(p.theirs, 3)) for p in points] == [(0.833, 0.5), (0.667, 0.667), (0.5, 0.833)]
    best = nash(points, 0.2, 0.3)
    assert best is not None and best.as_package() == {"price": "p2", "time": "t2"}
    assert left_on_table(points, (0.2, 0.3)) == pytest.approx(0.8333, abs=1e-4)
    assert left_on_table(points, (0.5, 0.5)) == pytest.approx(1 / 3)


@pytest.mark.parametrize(("mine", "theirs", "expected"), [
    (None, None, Dance.opening), (0.0, 0.0, Dance.silent), (0.0, 0.1, Dance.nice), (0.1, 0.1, Dance.fortunate),
    (0.1, -0.1, Dance.selfish), (0.1, 0.0, Dance.selfish), (-0.1, 0.1, Dance.concession), (-0.1, 0.0, Dance.concession),
    (-0.1, -0.1, Dance.unfortunate), (0.0, -0.1, Dance.unfortunate),
])
def test_offers_are_classed_as_in_the_negotiation_dance(mine: float | None, theirs: float | None, expected: Dance) -> None:
    assert classify(mine, theirs) is expected


def test_each_player_offer_is_classified(mini: Scenario) -> None:
    session = game(mini, a.Propose(package={"price": "p1", "time": "t2"}), a.Propose(package={"price": "p1", "time": "t2"}))
    classes = [o.dance for o in session.state.offers if o.by == "buyer"]
    assert classes == [Dance.opening, Dance.concession, Dance.silent]


def test_offers_are_classified_alike_when_games_interleave(mini: Scenario) -> None:
    """Each offer is classed against the player's own last one: moves of two games taken in turn, and an
    offer added by hand in between, change no game's classes."""
    moves = [{"price": "p0", "time": "t0"}, {"price": "p1", "time": "t0"}, {"price": "p0", "time": "t1"}]
    alone = game(mini, *(a.Propose(package=p) for p in moves))
    first, second = game(mini), game(mini)
    for package in moves:
        first.act(a.Propose(package=package))
        second.act(a.Propose(package=dict(reversed(list(package.items())))))
    assert not alone.finished() and len({o.dance for o in alone.state.offers}) > 2
    assert [o.dance for o in first.state.offers] == [o.dance for o in alone.state.offers]
    assert [o.dance for o in second.state.offers] == [o.dance for o in alone.state.offers]
    by_hand = game(mini, a.Propose(package=moves[0]))
    added = [o for o in by_hand.state.offers if o.by == "buyer"][-1]._replace(package=moves[1])
    by_hand.state.offers.append(added)
    by_hand.act(a.Propose(package=moves[1]))
    assert [o.dance for o in by_hand.state.offers if o.by == "buyer"][-1] is Dance.silent


def test_gaps_are_recorded_every_round_and_close_as_talks_go_well(mini: Scenario) -> None:
    session = game(mini, a.Propose(package={"price": "p1", "time": "t2"}), a.Propose(package={"price": "p3", "time": "t2"}))
    price = [g for g in session.state.gaps if g.issue == "price"]
    assert [g.round for g in price] == [0, 1, 2]
    assert price[0].position == 1.0 and price[1].position == pytest.approx(0.5) and price[2].position == 0.0
    assert price[0].zopa == (1, 3)
    assert price[0].expectation == pytest.approx(0.5)  # buyer expects p1, seller p3
    assert price[0].expectation_seen == (0.0, 0.75)  # nothing known yet: anything from p0 to p4
    assert price[-1].reality == 0.5  # agreed p3, expected p1


def test_lessons_and_endings_follow_their_conditions() -> None:
    scenario = scenario_of(minimal(
        lessons=[{"id": "greedy", "when": {"expects": {"issue": "price", "is": "p0"}}, "text": "You expected too much."},
                 {"id": "quitter", "when": {"outcome": "breakdown"}, "text": "You left."}],
        endings=[{"id": "good", "title": "Good", "outcome": ["agreement"],
                  "when": {"agreed": {"issue": "price", "at_most": "p2"}}, "text": "."},
                 {"id": "deal", "title": "Deal", "outcome": ["agreement", "partial"], "text": "."},
                 {"id": "none", "title": "None", "outcome": ["breakdown"], "text": "."}]))
    cheap = to_bargaining(Session(scenario, "buyer", seed=1), {"price": "p0", "time": "t2"})
    cheap.act(a.WalkOut())
    assert cheap.state.lessons == ["greedy", "quitter"]
    fair = game(scenario, a.Propose(package={"price": "p2", "time": "t2"}), a.Accept())
    assert fair.state.outcome is not None and fair.state.outcome.ending == "good"  # agreed p2
    assert fair.state.lessons == []


@pytest.mark.parametrize("strategy", ["realistic", "random", "passive"])
def test_the_last_gaps_follow_their_definitions(strategy: str) -> None:
    """Every gap of the last round, worked out again from its definition, for every scenario and side."""
    from roleplay.scenario.loader import load
    from roleplay.simulation.simulate import play_game

    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        scenario = load(path).scenario
        for side in scenario.playable():
            for seed in range(4):
                session = play_game(scenario, side.id, strategy, seed)
                state, typed = session.state, session.scenario
                assert state.outcome is not None
                last = state.gaps[-1].round
                for gap in (g for g in state.gaps if g.round == last):
                    steps = len(typed.issue(gap.issue).options) - 1
                    expected = typed.rank(gap.issue, state.expectations[gap.issue])
                    known = state.intel[gap.counterpart][gap.issue]
                    distances = [abs(expected - k) for k in range(known.lo, known.hi + 1)]
                    assert gap.expectation_seen == (min(distances) / steps, max(distances) / steps)
                    theirs = session.utility(gap.counterpart).issues[gap.issue].acceptable_range()
                    mine = session.player_range(gap.issue)
                    shared = [r for r in range(steps + 1) if mine[0] <= r <= mine[1] and theirs[0] <= r <= theirs[1]]
                    assert gap.zopa == ((shared[0], shared[-1]) if shared else None)
                    if gap.issue in state.outcome.package:
                        reach = typed.rank(gap.issue, state.outcome.package[gap.issue])
                    else:
                        zone = shared or list(range(theirs[0], theirs[1] + 1))
                        reach = min(zone, key=lambda r: (abs(r - expected), r))
                    assert gap.reality == abs(expected - reach) / steps


def test_the_debrief_says_whether_the_rounds_ran_out_or_the_last_offers_were_called_early(tutorial: Scenario) -> None:
    from roleplay.debrief import how_it_ended
    from tests.helpers import PREPARED

    told = {}
    for called in (True, False):
        session = Session(tutorial, "tenant", 4)
        for action in [*PREPARED, *([a.CallClosing()] if called else [])]:
            session.act(action)
        while not session.finished():
            session.act(a.Propose(package=session.utility("tenant").ideal()))
        assert ended(session).cause == "timeout"
        told[called] = how_it_ended(session)
    assert told[False] == "The rounds ran out; the last offers decided it."
    assert told[True].startswith("The last-offer round was called before the rounds ran out")

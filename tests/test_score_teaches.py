"""The rules that make good play what scores: each on a small scenario built for it."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from pydantic import TypeAdapter

from roleplay.engine import actions as a
from roleplay.engine.counterparts import covered, current_aspiration, progress
from roleplay.engine.score import achievable, frontier_of, nash_of
from roleplay.engine.session import IllegalAction, Session
from roleplay.engine.view import PlayerView, player_view
from tests.conftest import delegation, minimal, scenario_of, to_bargaining

TYPES: list[dict[str, Any]] = [
    {"id": "hard", "label": "a hard-liner", "weight": 1, "temperament": 0.5, "holds_until_trust": 0.9,
     "stances": {"price": {"reservation": "p2", "expectation": "p4"}}},
    {"id": "soft", "label": "a pragmatist", "weight": 1, "temperament": 2.0,
     "stances": {"price": {"expectation": "p2"}}},
]


def typed(**seller: Any) -> dict[str, Any]:
    data = minimal()
    delegation(data, "seller").update({"types": TYPES, **seller})
    return data


def seed_for(data: dict[str, Any], kind: str) -> int:
    scenario = scenario_of(data)
    return next(s for s in range(100) if Session(scenario, "buyer", s).state.types["seller"] == kind)


def part(session: Session, name: str) -> float | None:
    score = session.state.score
    assert score is not None
    return next((p.value for p in score.parts if p.name == name), None)


def test_the_type_a_session_names_is_the_type_drawn_now() -> None:
    session = Session(scenario_of(typed()), "buyer", seed_for(typed(), "soft"))
    kind = session.kind("seller")
    assert kind is not None and kind.id == "soft" and session.kind("seller") is kind
    session.state.types["seller"] = "hard"
    again = session.kind("seller")
    assert again is not None and again.id == "hard"


# --- no credit without agreement -------------------------------------------------------


def test_a_breakdown_earns_no_efficiency_and_no_gap_closure(mini) -> None:
    session = to_bargaining(Session(mini, "buyer", 1))
    session.act(a.WalkOut())
    assert part(session, "gap_closure") == 0.0
    assert part(session, "efficiency") == 0.0


def test_walking_out_costs_trust_and_raises_tension(mini) -> None:
    session = to_bargaining(Session(mini, "buyer", 1))
    before = dataclasses.replace(session.meters("seller"))
    session.act(a.WalkOut())
    after = session.meters("seller")
    assert after.trust < before.trust and after.tension > before.tension


def test_where_no_joint_gain_exists_the_efficiency_part_is_left_out() -> None:
    data = minimal()
    delegation(data, "buyer")["batna"] = {"utility": 1.0}
    delegation(data, "seller")["batna"] = {"utility": 1.0}
    session = to_bargaining(Session(scenario_of(data), "buyer", 1))
    session.act(a.WalkOut())
    assert part(session, "efficiency") is None
    assert part(session, "outcome") is not None


def test_gap_closure_counts_only_the_issues_settled() -> None:
    data = minimal()
    delegation(data, "seller").update(temperament=10, trust=1.0)
    session = to_bargaining(Session(scenario_of(data), "buyer", 1), offer={"price": "p0", "time": "t0"})
    session.act(a.Propose(package={"price": "p3"}))  # time left open
    outcome = session.state.outcome
    assert outcome is not None and outcome.kind == "partial"
    assert "time" not in outcome.package
    closure = part(session, "gap_closure")
    assert closure is not None and closure < 1.0


def test_the_ending_weight_scales_a_deal_gain() -> None:
    def outcome_part(weight: float) -> float:
        data = minimal()
        data["endings"][0]["weight"] = weight
        delegation(data, "seller").update(temperament=10, trust=1.0)
        session = to_bargaining(Session(scenario_of(data), "buyer", 1), offer={"price": "p3", "time": "t2"})
        session.act(a.Propose(package={"price": "p3", "time": "t2"}))
        assert session.state.outcome is not None and session.state.outcome.kind == "agreement"
        value = part(session, "outcome")
        assert value is not None
        return value

    full, hollow = outcome_part(1.0), outcome_part(0.3)
    assert hollow < full
    assert hollow >= 0.5  # a deal above the BATNA is never scored below no deal


def test_the_clock_never_imposes_a_deal_below_a_side_batna() -> None:
    data = minimal()
    delegation(data, "buyer")["batna"] = {"utility": 0.9}
    session = to_bargaining(Session(scenario_of(data), "buyer", 2), offer={"price": "p3", "time": "t1"})
    while session.phase == "bargaining":
        session.act(a.Probe(issue="price"))
    session.state.their_offers["seller"] = {"price": "p3", "time": "t0"}  # shares the price with the buyer
    session.act(a.Propose(package={"price": "p3", "time": "t0"}))  # beyond the seller's walk-away on time
    outcome = session.state.outcome
    assert outcome is not None and outcome.cause == "timeout"
    assert session.true_utility("buyer").of({"price": "p3"}) < 0.9
    assert outcome.kind == "breakdown" and outcome.package == {}


# --- trades ---------------------------------------------------------------------------

def trade_scenario() -> dict[str, Any]:
    """Price has no zone of agreement until the buyer offers a long time; then the seller softens by two."""
    data = minimal()
    delegation(data, "buyer")["stances"]["price"] = {"ideal": "p0", "reservation": "p1", "expectation": "p1"}
    delegation(data, "seller")["rules"] = [{
        "id": "long-for-price", "once": True,
        "when": {"all": [{"move": "propose"}, {"offered": {"issue": "time", "is": "t2"}}]},
        "say": "A long deal changes things: {package}.",
        "effects": {"shift": [{"issue": "price", "steps": 2}]}}]
    return data


def test_a_trade_is_scored_on_the_utilities_after_the_trade() -> None:
    session = to_bargaining(Session(scenario_of(trade_scenario()), "buyer", 1), offer={"price": "p0", "time": "t2"})
    before = frontier_of(session)
    assert all(dict(p.package).get("price") is None for p in before)  # no option both accept on price
    session.act(a.Propose(package={"price": "p1", "time": "t2"}))
    assert session.state.shifts == {"seller": {"price": 2}}
    after = frontier_of(session)
    assert any(dict(p.package).get("price") == "p1" for p in after)
    assert frontier_of(session, traded=False) == before
    if session.state.outcome is not None and session.state.outcome.kind == "agreement":
        score = session.state.score
        assert score is not None
        agreed = session.state.outcome.package
        assert score.counterpart_utility == pytest.approx(session.utility("seller").of(agreed), abs=1e-4)


def test_each_score_takes_the_frontier_of_its_own_trades() -> None:
    scenario = scenario_of(trade_scenario())
    plain = to_bargaining(Session(scenario, "buyer", 1), offer={"price": "p0", "time": "t0"})
    traded = to_bargaining(Session(scenario, "buyer", 1), offer={"price": "p0", "time": "t2"})
    traded.act(a.Propose(package={"price": "p1", "time": "t2"}))
    again = to_bargaining(Session(scenario, "buyer", 2), offer={"price": "p0", "time": "t0"})
    for session in (plain, traded, again):
        if not session.finished():
            session.act(a.WalkOut())
    assert traded.state.shifts and not plain.state.shifts and not again.state.shifts
    for session in (plain, traded, again):
        score = session.state.score
        assert score is not None
        assert score.frontier == [(round(p.mine, 4), round(p.theirs, 4)) for p in frontier_of(session)]
    assert plain.state.score and traded.state.score and plain.state.score.frontier != traded.state.score.frontier


# --- idle moves and reciprocity ---------------------------------------------------------

def test_a_do_nothing_move_costs_tension_and_sets_the_counterpart_back(mini) -> None:
    session = to_bargaining(Session(mini, "buyer", 1))
    tension = session.meters("seller").tension
    session.act(a.Probe(issue="price"))
    assert session.meters("seller").tension > tension
    assert session.state.credit["seller"] < 0


def test_repeating_the_same_offer_is_idle_too(mini) -> None:
    session = to_bargaining(Session(mini, "buyer", 1), offer={"price": "p0", "time": "t2"})
    session.act(a.Propose(package={"price": "p0", "time": "t2"}))
    assert session.state.credit.get("seller", 0) < 0


def test_a_counterpart_concedes_in_answer_to_concessions_more_than_to_the_clock(mini) -> None:
    conceding = to_bargaining(Session(mini, "buyer", 1), offer={"price": "p0", "time": "t2"})
    stalling = to_bargaining(Session(mini, "buyer", 1), offer={"price": "p0", "time": "t2"})
    conceding.act(a.Propose(package={"price": "p2", "time": "t2"}))
    stalling.act(a.Probe(issue="time"))
    seller = mini.delegation("seller")
    assert covered(conceding, seller) > covered(stalling, seller)
    assert progress(conceding, seller) > progress(stalling, seller)


def test_no_blanket_fall_to_the_batna_at_the_last_offer(mini) -> None:
    session = to_bargaining(Session(mini, "buyer", 1), offer={"price": "p0", "time": "t0"})
    while session.phase == "bargaining":
        session.act(a.Probe(issue="price"))
    seller = session.scenario.delegation("seller")
    assert current_aspiration(session, seller) > seller.batna.utility + 0.2


# --- counterpart types --------------------------------------------------------------------

def test_types_are_drawn_from_the_seed_and_change_the_stance() -> None:
    data = typed()
    scenario = scenario_of(data)
    drawn = {Session(scenario, "buyer", s).state.types["seller"] for s in range(40)}
    assert drawn == {"hard", "soft"}
    hard = Session(scenario, "buyer", seed_for(data, "hard"))
    soft = Session(scenario, "buyer", seed_for(data, "soft"))
    assert hard.scenario.delegation("seller").stances["price"].expectation == "p4"
    assert soft.scenario.delegation("seller").stances["price"].expectation == "p2"
    assert hard.scenario.delegation("seller").temperament == 0.5
    assert scenario.delegation("seller").stances["price"].expectation == "p3"  # the written scenario is untouched


def test_the_player_view_never_shows_the_type_drawn() -> None:
    data = typed()
    scenario = scenario_of(data)
    views = [player_view(Session(scenario, "buyer", seed_for(data, kind))) for kind in ("hard", "soft")]
    assert views[0].beliefs == views[1].beliefs == {"seller": {"hard": 0.5, "soft": 0.5}}
    assert "hard" not in TypeAdapter(PlayerView).dump_json(views[0]).decode().replace('"hard":', "")


def test_intelligence_narrows_which_type_you_face() -> None:
    data = typed()
    data["team"] = {"seats": 1, "roster": [{"id": "spy", "name": "A spy", "cost": 1,
                                            "intel": [{"issue": "price", "width": 1}]}]}
    session = Session(scenario_of(data), "buyer", seed_for(data, "hard"))
    session.act(a.BeginPreparation())
    session.act(a.PickMember(member="spy"))
    assert session.belief("seller") == {"hard": 1.0}


def test_intelligence_from_a_picked_member_shows_at_once_and_leaves_with_them(mini) -> None:
    data = minimal(team={"seats": 1, "roster": [{"id": "spy", "name": "A spy", "cost": 1,
                                                 "intel": [{"issue": "price", "width": 1}]}]})
    session = Session(scenario_of(data), "buyer", 3)
    session.act(a.BeginPreparation())
    session.act(a.PickMember(member="spy"))
    assert player_view(session).intel["seller"]["price"].exact()
    session.act(a.DropMember(member="spy"))
    assert not player_view(session).intel["seller"]["price"].exact()


def test_a_hard_liner_holds_its_price_until_trust_is_built() -> None:
    data = typed()
    session = to_bargaining(Session(scenario_of(data), "buyer", seed_for(data, "hard")), offer={"price": "p0", "time": "t2"})
    session.act(a.Propose(package={"price": "p2", "time": "t2"}))
    seller = session.scenario.delegation("seller")
    assert covered(session, seller) > 0
    clock = session.scenario.policy.time_pressure * session.state.round / session.scenario.rounds
    assert progress(session, seller) == pytest.approx(clock + session.state.credit.get("seller", 0.0))


def test_a_type_with_no_patience_walks_out_on_maximal_demands() -> None:
    data = typed()
    for kind in data["delegations"][1]["types"]:
        kind["patience"] = 0
    session = to_bargaining(Session(scenario_of(data), "buyer", 1), offer={"price": "p0", "time": "t2"})
    session.act(a.Propose(package={"price": "p0", "time": "t0"}))  # beyond the seller's walk-away on both
    outcome = session.state.outcome
    assert outcome is not None and outcome.cause == "counterpart_walk_out"


def test_a_counterpart_returns_a_gesture_with_one_of_its_own(mini) -> None:
    data = minimal(gestures=[
        {"id": "coffee", "label": "Buy coffee", "by": ["buyer"], "effects": {"trust": 0.05}},
        {"id": "cake", "label": "Bring cake", "by": ["seller"], "effects": {"trust": 0.05}},
    ])
    session = to_bargaining(Session(scenario_of(data), "buyer", 1))
    session.act(a.OfferGesture(gesture="coffee"))
    assert session.state.gestures_received == ["seller:cake"]
    assert any("Bring cake" in s.text for s in session.state.transcript if s.speaker == "seller")


# --- realism: no hindsight ---------------------------------------------------------------

def test_realism_does_not_change_with_the_deal_but_with_the_type_and_expectations() -> None:
    data = typed()
    scenario = scenario_of(data)
    soft_seed = seed_for(data, "soft")
    expectations = {"price": "p2", "time": "t2"}

    def play(seed: int, final: dict[str, str], expected: dict[str, str]) -> Session:
        session = to_bargaining(Session(scenario, "buyer", seed), expectations=expected, offer={"price": "p0", "time": "t2"})
        for _ in range(3):
            if not session.finished():
                session.act(a.Propose(package=final))
        if not session.finished():
            session.act(a.WalkOut())
        return session

    deal = play(soft_seed, {"price": "p3", "time": "t2"}, expectations)
    walked = play(soft_seed, {"price": "p1", "time": "t1"}, expectations)
    assert deal.state.outcome != walked.state.outcome
    assert part(deal, "realism") == part(walked, "realism")
    other = play(soft_seed, {"price": "p3", "time": "t2"}, {"price": "p0", "time": "t0"})
    assert part(other, "realism") != part(deal, "realism")
    hard = play(seed_for(data, "hard"), {"price": "p3", "time": "t2"}, expectations)
    assert achievable(hard) != achievable(deal)


# --- the table ------------------------------------------------------------------------------

def test_consulting_at_the_table_respects_who_advises_whom(mini) -> None:
    data = minimal()
    delegation(data, "press")["consult"]["open_to"] = ["seller"]
    session = to_bargaining(Session(scenario_of(data), "buyer", 1))
    with pytest.raises(IllegalAction, match="will not advise"):
        session.act(a.Consult(delegation="press"))


def test_several_principals_are_all_in_the_score_and_the_nash_point() -> None:
    data = minimal()
    third = {"id": "broker", "name": "Broker", "batna": {"utility": 0.3}, "stances": {
        "price": {"ideal": "p2", "reservation": "p4", "expectation": "p3"},
        "time": {"ideal": "t0", "reservation": "t2", "expectation": "t1"}}}
    data["delegations"].append(third)
    session = to_bargaining(Session(scenario_of(data), "buyer", 1), offer={"price": "p2", "time": "t1"})
    point = nash_of(session)
    assert point is not None
    package = point.as_package()
    for other in ("seller", "broker"):
        assert session.utility(other).of(package) > session.scenario.delegation(other).batna.utility
    session.act(a.WalkOut())
    score = session.state.score
    assert score is not None
    assert score.counterpart_utility == pytest.approx((0.3 + 0.3) / 2)


def test_a_counterpart_never_takes_back_on_an_issue_what_it_gave() -> None:
    """Random concessions and retractions by the player: its counter never asks more on an issue than it did."""
    import random

    from roleplay.scenario.loader import load
    from tests.conftest import ROOT

    flagship = load(ROOT / "scenarios" / "us-dprk-summit-2018.yaml").scenario
    ideal = {i: flagship.rank(i, s.ideal) for i, s in flagship.delegation("dprk").stances.items()}
    for seed in range(12):
        rng = random.Random(seed)
        session = Session(flagship, "us", seed)
        session.act(a.BeginPreparation())
        for issue in flagship.issues:
            session.act(a.SetExpectation(issue=issue.id, option=flagship.delegation("us").stances[issue.id].expectation))
        session.act(a.FinishPreparation())
        session.act(a.OpenTalks())
        while session.phase == "bargaining":
            before = dict(session.their_offer("dprk"))
            package = {}
            for issue in flagship.issues:
                lo, hi = session.player_range(issue.id)
                package[issue.id] = issue.options[rng.randint(lo, hi)].id
            session.act(a.Propose(package=package))
            after = session.their_offer("dprk")
            for issue_id, option in after.items():
                def far(o: str, issue: str = issue_id) -> int:
                    return abs(flagship.rank(issue, o) - ideal[issue])
                allowed = min(far(before[issue_id]), far(package[issue_id]))  # it may take more when the player offers it
                assert far(option) >= allowed, (seed, issue_id, before[issue_id], package[issue_id], option)


def test_a_game_started_on_a_typed_scenario_plays_as_one_started_on_the_written_one() -> None:
    data = typed()
    delegation(data, "seller")["types"][0]["rules"] = [
        {"id": "hard-words", "when": {"move": "propose"}, "say": "Hard words: {package}."}]
    scenario = scenario_of(data)
    seed = seed_for(data, "hard")
    first = Session(scenario, "buyer", seed)
    again = Session(first.scenario, "buyer", seed)  # a replay built from a game's own (typed) scenario
    assert again.written is scenario and again.state.types == first.state.types
    assert [r.id for r in again.scenario.delegation("seller").rules] == ["hard-words"]


def test_tactics_read_what_each_valuation_refuses_from_that_valuation() -> None:
    """The options a side refuses are kept per utility: a utility after a shift, on the same scenario, has its own."""
    from roleplay.simulation.tactics import Tactics

    session = to_bargaining(Session(scenario_of(trade_scenario()), "buyer", 1), offer={"price": "p0", "time": "t2"})
    before = session.utility("seller")
    session.act(a.Propose(package={"price": "p1", "time": "t2"}))
    after = session.utility("seller")
    assert after is not before
    for utility in (before, after, session.true_utility("buyer")):
        refused = Tactics(utility).refused
        assert refused == {issue: {option for option in utility.scenario.issue(issue).option_ids
                                   if utility.option(issue, option) is None} for issue in utility.issues}
    assert Tactics(before).refused["price"] != Tactics(after).refused["price"]


# --- claiming a fair share ---------------------------------------------------------------------

def test_the_outcome_part_is_earned_mostly_on_the_way_to_a_fair_share() -> None:
    from roleplay.engine.score import FAIR_SHARE, outcome_value

    batna, fair = 0.25, 0.40
    assert outcome_value(batna, batna, fair) == pytest.approx(0.5)
    assert outcome_value(fair, batna, fair) == pytest.approx(0.5 + FAIR_SHARE)
    assert outcome_value(1.0, batna, fair) == pytest.approx(1.0)
    assert outcome_value(0.1, batna, fair) < 0.5
    steps = [outcome_value(u / 100, batna, fair) for u in range(0, 101)]
    assert steps == sorted(steps)
    # a deal that leaves the player a fifth of the fair gain earns a fifth of what reaching it earns
    assert outcome_value(batna + 0.03, batna, fair) - 0.5 == pytest.approx(FAIR_SHARE / 5)
    assert outcome_value(0.5, batna, None) == pytest.approx(0.5 + 0.5 * 0.25 / 0.75), "no fair point: a straight line"


def test_a_deal_that_gives_the_other_side_the_gain_scores_well_below_a_fair_one(mini) -> None:
    def settle(package: dict[str, str]) -> Session:
        session = to_bargaining(Session(mini, "buyer", 1), {"price": "p2", "time": "t1"},
                                offer={"price": "p0", "time": "t2"})
        for _ in range(4):
            if not session.finished():
                session.act(a.Propose(package=package))
            if not session.finished() and session.can(a.Accept()):
                session.act(a.Accept())
        assert session.state.outcome is not None and session.state.outcome.kind == "agreement"
        return session

    fair = nash_of(settle({"price": "p2", "time": "t2"}), traded=False)
    assert fair is not None
    generous = settle({"price": "p3", "time": "t1"})
    claimed = settle(fair.as_package())
    assert generous.state.score is not None and claimed.state.score is not None
    assert generous.state.score.player_utility < claimed.state.score.player_utility
    claimed_outcome, generous_outcome = part(claimed, "outcome"), part(generous, "outcome")
    assert claimed_outcome is not None and generous_outcome is not None
    assert claimed_outcome - generous_outcome >= 0.1


def test_expecting_what_the_other_side_hopes_for_costs_realism_when_it_is_less_than_a_fair_share() -> None:
    """Expecting too little gives away the store: toward their hopes, the realistic span stops halfway."""
    def span(expectation: str) -> tuple[tuple[int, int], int]:
        data = minimal()
        delegation(data, "seller")["stances"]["price"] = {"ideal": "p4", "reservation": "p0",
                                                          "expectation": expectation}
        delegation(data, "buyer")["stances"]["price"]["reservation"] = "p4"  # the whole scale is acceptable
        session = to_bargaining(Session(scenario_of(data), "buyer", 1), {"price": "p2", "time": "t1"})
        fair = nash_of(session, traded=False)
        assert fair is not None
        return achievable(session)["price"], session.scenario.rank("price", fair.as_package()["price"])

    (lo, hi), fair = span("p4")  # they hope for the buyer's worst price: worse for the buyer than the fair point
    assert lo == fair and hi == fair + (4 - fair) // 2 < 4, "only halfway toward their hopes"
    (lo, hi), fair = span("p0")  # they expect to give the buyer's ideal: better than fair, all of it realistic
    assert (lo, hi) == (0, fair)

"""Counterparts, bystanders and events: script rules first, the default policy otherwise."""

from __future__ import annotations

from functools import partial
from itertools import pairwise
from typing import Any

import pytest

from roleplay.engine import actions as a
from roleplay.engine.concession import adjusted, aspiration, counter_offer
from roleplay.engine.session import Session
from roleplay.engine.utility import Utility
from roleplay.scenario.models import Scenario
from tests.conftest import delegation, minimal, scenario_of, to_bargaining
from tests.helpers import play_mini

EXPECT = {"price": "p1", "time": "t2"}


play = partial(play_mini, expect=EXPECT)


def last_said(session: Session, speaker: str) -> Any:
    return next(s for s in reversed(session.state.transcript) if s.speaker == speaker)


@pytest.mark.parametrize(("t", "e", "expected"), [
    (0.0, 1.0, 1.0), (1.0, 1.0, 0.3), (0.5, 1.0, 0.65),
    (0.5, 0.5, 0.3 + (1 - 0.25) * 0.7),   # hard-line: still asks a lot at half time
    (0.5, 2.0, 0.3 + (1 - 0.5 ** 0.5) * 0.7),  # conciliatory: has come down further
])
def test_the_concession_curve_follows_the_design_convention(t: float, e: float, expected: float) -> None:
    assert aspiration(t, 0.3, e) == pytest.approx(expected)
    assert aspiration(0.5, 0.3, 0.5) > aspiration(0.5, 0.3, 1.0) > aspiration(0.5, 0.3, 2.0)


def test_trust_and_pressure_lower_the_aspiration_but_not_below_the_reservation() -> None:
    assert adjusted(0.8, 0.3, trust=0.7, trust_shift=0.2, pressure=0.0) == pytest.approx(0.76)
    assert adjusted(0.8, 0.3, trust=0.5, trust_shift=0.2, pressure=0.06) == pytest.approx(0.74)
    assert adjusted(0.35, 0.3, trust=1.0, trust_shift=0.5, pressure=0.5) == 0.3


def test_utilities_fall_from_ideal_to_reservation(mini: Scenario) -> None:
    seller = Utility(mini, "seller")
    assert [seller.option("price", f"p{n}") for n in range(5)] == [None, 0.0, pytest.approx(1 / 3), pytest.approx(2 / 3), 1.0]
    assert seller.of({"price": "p4", "time": "t2"}) == 1.0
    assert seller.of({"price": "p4"}) == 0.5  # an open issue gains nothing
    assert not seller.accepts({"price": "p0"})


def test_explicit_values_replace_the_straight_line() -> None:
    data = minimal()
    delegation(data, "seller")["stances"]["price"]["values"] = {"p2": 0.9}
    assert Utility(scenario_of(data), "seller").option("price", "p2") == 0.9


def test_the_counter_offer_is_the_closest_package_worth_the_target(mini: Scenario) -> None:
    seller = Utility(mini, "seller")
    counter = counter_offer(seller, {"price": "p2", "time": "t2"}, {"price": "p4", "time": "t2"}, 0.825)
    assert counter == {"price": "p3", "time": "t2"}
    countered = counter_offer(seller, {"price": "p0", "time": "t0"}, {"price": "p4", "time": "t2"}, 0.3)
    assert countered == {"price": "p1", "time": "t2"}


def test_default_policy_counters_an_offer_below_its_aspiration(mini: Scenario) -> None:
    session = play(mini, a.Propose(package={"price": "p1", "time": "t2"}))
    said = last_said(session, "seller")
    assert said.tag == "counter"
    assert session.their_offer("seller") == {"price": "p3", "time": "t2"}
    assert session.phase == "bargaining"


def test_default_policy_rejects_an_unacceptable_option_naming_it(mini: Scenario) -> None:
    session = play(mini, a.Propose(package={"price": "p0", "time": "t2"}))
    said = last_said(session, "seller")
    assert said.tag == "reject"
    assert "0 on Price" in said.text
    assert session.their_offer("seller")["price"] != "p0"


def test_default_policy_accepts_what_reaches_its_aspiration(mini: Scenario) -> None:
    session = play(mini, a.Propose(package={"price": "p3", "time": "t2"}))  # worth 0.833 >= 0.825 to the seller
    assert last_said(session, "seller").tag == "accept"
    assert session.phase == "concluded"
    assert session.state.outcome is not None and session.state.outcome.kind == "agreement"


def with_rules(rules: list[dict[str, Any]], **extra: Any) -> Scenario:
    data = minimal(**extra)
    delegation(data, "seller")["rules"] = rules
    return scenario_of(data)


def test_rules_are_checked_in_order_and_the_first_match_wins() -> None:
    scenario = with_rules([
        {"id": "first", "when": {"move": "probe"}, "say": "First.", "effects": {"trust": 0.1}},
        {"id": "second", "when": {"move": "probe"}, "say": "Second.", "effects": {"trust": 0.3}},
    ])
    session = play(scenario, a.Probe(issue="price"))
    assert last_said(session, "seller").text == "First."
    assert session.meters("seller").trust == pytest.approx(0.6)
    assert session.state.fired == ["seller:first"]


def test_a_once_rule_fires_once_and_then_the_default_speaks() -> None:
    scenario = with_rules([{"id": "hello", "once": True, "when": {"move": "probe"}, "say": "Only once."}])
    session = play(scenario, a.Probe(issue="price"), a.Probe(issue="time"))
    said = [s.text for s in session.state.transcript if s.speaker == "seller"]
    assert said.count("Only once.") == 1 and len(said) == 3


def test_a_rule_can_accept_and_its_effects_reach_flags_positions_and_knowledge() -> None:
    scenario = with_rules([
        {"id": "soften", "when": {"all": [{"move": "probe"}, {"about": "price"}]},
         "effects": {"set_flags": ["softened"], "shift": [{"issue": "price", "steps": 1}], "reveal": ["price"]}},
        {"id": "deal", "when": {"flag": "softened"}, "decide": "accept", "say": "Done: {package}."},
    ])
    session = play(scenario, a.Probe(issue="price"))
    assert session.state.intel["seller"]["price"].exact()
    assert session.utility("seller").option("price", "p0") is not None  # the walk-away moved one step
    session.act(a.Propose(package={"price": "p0", "time": "t0"}))
    assert session.state.outcome is not None and session.state.outcome.package == {"price": "p0", "time": "t0"}


def test_a_rule_can_make_the_counterpart_walk_out() -> None:
    scenario = with_rules([{"id": "enough", "when": {"move": "pressure"}, "say": "Goodbye.", "effects": {"end": "walk_out"}}])
    session = play(scenario, a.Pressure())
    assert session.state.outcome is not None
    assert (session.state.outcome.kind, session.state.outcome.cause) == ("breakdown", "counterpart_walk_out")


def test_probing_reveals_only_when_trusted(mini: Scenario) -> None:
    trusting = play(mini, a.Probe(issue="price"))
    assert trusting.state.intel["seller"]["price"].width == 3
    assert last_said(trusting, "seller").tag == "probe"
    data = minimal()
    delegation(data, "seller")["trust"] = 0.1
    wary = play(scenario_of(data), a.Probe(issue="price"))
    assert wary.state.intel["seller"]["price"].width == 5
    assert last_said(wary, "seller").tag == "deflect"


def test_gestures_and_pressure_move_the_meters() -> None:
    scenario = scenario_of(minimal(gestures=[{"id": "gift", "label": "A gift", "by": ["buyer"], "cost": 0.05,
                                              "effects": {"trust": 0.2, "tension": -0.1}}]))
    session = play(scenario, a.OfferGesture(gesture="gift"))
    assert (session.meters("seller").trust, session.meters("seller").tension) == (pytest.approx(0.7), pytest.approx(0.1))
    assert not session.can(a.OfferGesture(gesture="gift"))
    session.act(a.Pressure())
    idle = scenario.policy.idle_tension  # pressure puts nothing new on the table either
    assert (session.meters("seller").trust, session.meters("seller").tension) == (pytest.approx(0.65), pytest.approx(0.25 + idle))
    assert session.state.pressure == {"seller": 1}


def test_bystanders_comment_by_their_rules_and_answer_when_consulted() -> None:
    data = minimal()
    delegation(data, "press")["rules"] = [
        {"id": "headline", "when": {"move": "pressure"}, "say": "The Press reports a row at the table.",
         "effects": {"target": "seller", "tension": 0.1}}]
    session = play(scenario_of(data), a.Pressure(), a.Consult(delegation="press"))
    said = [s.text for s in session.state.transcript if s.speaker == "press"]
    assert said == ["The Press reports a row at the table.", "The seller needs a sale."]
    idle = session.scenario.policy.idle_tension  # pressing and consulting at the table put nothing new on it
    assert session.meters("seller").tension == pytest.approx(0.2 + 0.15 + 0.1 + 2 * idle)
    assert session.state.intel["seller"]["price"].exact()
    assert session.state.consulted == ["press"]


def test_events_fire_when_their_condition_holds_and_only_once() -> None:
    scenario = scenario_of(minimal(events=[{"id": "storm", "when": {"round_at_least": 2}, "text": "A storm delays the talks.",
                                            "effects": {"tension": 0.05}}]))
    session = play(scenario, a.Probe(issue="price"))
    assert not any(s.tag == "event" for s in session.state.transcript)
    session.act(a.Probe(issue="time"))
    session.act(a.Probe(issue="price"))
    events = [s.text for s in session.state.transcript if s.tag == "event"]
    assert events == ["A storm delays the talks."]
    assert session.meters("seller").tension == pytest.approx(0.2 + 3 * scenario.policy.idle_tension + 0.05)


def test_lines_by_mood_and_never_the_same_twice_in_a_row() -> None:
    data = minimal()
    delegation(data, "seller")["lines"] = {"deflect": {"neutral": ["One.", "Two."], "tense": ["Angry."]},
                                           "probe": ["One.", "Two."]}
    session = play(scenario_of(data), *[a.Probe(issue="price")] * 3)
    said = [s.text for s in session.state.transcript if s.speaker == "seller"][1:]
    assert all(x != y for x, y in pairwise(said))
    assert set(said) <= {"One.", "Two."}


def test_the_player_cannot_offer_or_accept_beyond_its_walkaway(mini: Scenario) -> None:
    session = to_bargaining(Session(mini, "buyer", seed=1), EXPECT)
    assert session.why_not(a.Propose(package={"price": "p4"})) == "that goes beyond your walk-away point on Price (4)"
    assert session.why_not(a.Accept()) == "that goes beyond your walk-away point on Price (4)"  # their opening is p4
    assert session.can(a.Propose(package={"price": "p3", "time": "t0"}))
    assert session.why_not(a.Propose(package={"price": "p4", "time": "t9"})) == "'t9' is not an option of Time"
    assert session.why_not(a.Propose(package={"price": "p4", "size": "s0"})) == "there is no issue 'size'"


def test_a_utility_hands_out_its_ideal_as_a_package_of_the_caller_own(mini: Scenario) -> None:
    """The ideal is worked out once per utility; what one caller does to the package it got reaches no other."""
    utility = Utility(mini, "seller")
    ideal = utility.ideal()
    assert ideal == {issue: mini.issue(issue).options[values.ideal].id for issue, values in utility.issues.items()}
    ideal["price"] = "changed"
    assert utility.ideal()["price"] != "changed"
    assert utility.ideal() is not utility.ideal()

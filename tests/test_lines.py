"""What counterparts and bystanders say: complete lines, matched to the moment, not repeated."""

from __future__ import annotations

import random
from functools import partial

from roleplay.engine import actions as a
from roleplay.engine.dialogue import choose
from roleplay.engine.session import Session
from tests.conftest import delegation, minimal, scenario_of
from tests.helpers import play_mini

EXPECT = {"price": "p1", "time": "t1"}


play = partial(play_mini, expect=EXPECT)


def said_by(session: Session, speaker: str) -> list[str]:
    return [s.text for s in session.state.transcript if s.speaker == speaker]


def test_a_line_is_not_repeated_in_a_game_while_another_is_left() -> None:
    data = minimal()
    delegation(data, "seller")["lines"] = {"probe": ["One on {issue}.", "Two on {issue}.", "Three on {issue}."]}
    session = play(scenario_of(data), *[a.Probe(issue="price")] * 3)
    probes = said_by(session, "seller")[1:]
    assert sorted(probes) == ["One on Price.", "Three on Price.", "Two on Price."]


def test_when_every_line_has_been_said_the_oldest_comes_back_first() -> None:
    said = ["B", "A", "C", "B"]
    assert choose(["A", "B", "C"], {}, said, random.Random(1)) == "A"
    assert choose(["A", "B", "C", "D"], {}, said, random.Random(1)) == "D"


def test_a_placeholder_without_a_value_never_reaches_the_transcript() -> None:
    data = minimal(gestures=[{"id": "gift", "label": "A gift", "by": ["buyer"], "cost": 0.05, "effects": {"trust": 0.1}}])
    delegation(data, "seller")["rules"] = [{"id": "r", "when": {"move": "gesture"}, "say": "Kind of you. Now: {package}."}]
    delegation(data, "seller")["lines"] = {"thanks": ["Thank you, {player}."]}
    session = play(scenario_of(data), a.OfferGesture(gesture="gift"))
    assert said_by(session, "seller")[-1] == "Thank you, Buyer."
    assert not any("{" in s.text for s in session.state.transcript)


def test_a_counterpart_that_walks_out_as_a_rule_fires_says_its_walk_out_line_only() -> None:
    data = minimal()
    delegation(data, "seller")["rules"] = [
        {"id": "offended", "when": {"move": "propose"}, "say": "So this is your offer: {package}.",
         "effects": {"tension": 1.0}}]
    delegation(data, "seller")["lines"] = {"walk_out": ["We are done here."]}
    session = play(scenario_of(data), a.Propose(package={"price": "p1", "time": "t1"}))
    assert session.state.outcome is not None and session.state.outcome.cause == "escalation"
    lines = said_by(session, "seller")
    assert lines[-1] == "We are done here."
    assert lines.count("We are done here.") == 1 and sum(line.startswith("So this is") for line in lines) == 1
    assert not any("{" in s.text for s in session.state.transcript)


def test_a_line_no_alternative_can_fill_falls_back_to_one_naming_only_the_speaker() -> None:
    assert choose(["About {issue}."], {"name": "Seller"}, [], random.Random(1)) == "Seller answers."
    assert choose(["About {issue}."], {"name": "Seller", "package": "Price: 1"}, [], random.Random(1)) == (
        "Seller answers: Price: 1.")


def test_a_rules_lines_come_in_the_order_written() -> None:
    data = minimal()
    delegation(data, "seller")["rules"] = [
        {"id": "low", "when": {"move": "probe"}, "say": ["First time on {issue}.", "Again, {issue}?", "Third."]}]
    session = play(scenario_of(data), *[a.Probe(issue="price")] * 4)
    probes = said_by(session, "seller")[1:]
    assert probes[:3] == ["First time on Price.", "Again, Price?", "Third."]
    assert probes[3] == "First time on Price."  # all said: the one said longest ago comes back


def test_no_placeholder_reaches_the_transcript_in_any_shipped_scenario() -> None:
    """Every side of every scenario, every built-in strategy, a few seeds: not one raw {placeholder}."""
    import re
    from pathlib import Path

    from roleplay.scenario.loader import load
    from roleplay.simulation.simulate import play_game
    from roleplay.simulation.strategies import STRATEGIES

    placeholder = re.compile(r"\{[a-z_]+\}")
    for path in sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml")):
        scenario = load(path).scenario
        for side in scenario.playable():
            for strategy in STRATEGIES:
                for seed in range(3):
                    session = play_game(scenario, side.id, strategy, seed=seed)
                    raw = [s.text for s in session.state.transcript if placeholder.search(s.text)]
                    assert not raw, (path.name, side.id, strategy, seed, raw)

"""The graph of the session machine and of a scenario's rules."""

from __future__ import annotations

from roleplay.cli import main
from roleplay.engine.flow import ENGINE_ROUTES, ROUTES
from roleplay.graph import machine_dot, machine_mermaid, rules_mermaid
from roleplay.scenario.models import Scenario
from tests.conftest import delegation, minimal, scenario_of


def test_every_route_is_drawn_in_both_formats() -> None:
    mermaid, dot = machine_mermaid(), machine_dot()
    for route in (*ROUTES, *ENGINE_ROUTES):
        for source in route.sources:
            assert f"{source} --> {route.dest or source}:" in mermaid
            assert f'"{source}" -> "{route.dest or source}"' in dot
        assert route.trigger in mermaid and route.trigger in dot


def test_rules_are_drawn_in_order_and_dead_rules_are_marked() -> None:
    data = minimal()
    delegation(data, "seller")["rules"] = [{"id": "always", "when": {"round_at_least": 0}, "say": "x"},
                                           {"id": "dead", "when": {"move": "probe"}, "say": "y"}]
    text = rules_mermaid(scenario_of(data))
    assert text.index("always") < text.index("dead")
    assert "dead - NEVER FIRES" in text and "seller_1 -- no match --> seller_default" in text


def test_a_types_rules_are_drawn_before_the_delegations_own_and_hidden_rules_marked() -> None:
    data = minimal()
    seller = delegation(data, "seller")
    seller["rules"] = [{"id": "big-offer", "when": {"all": [{"move": "propose"}, {"round_at_least": 2}]}, "say": "y"}]
    seller["types"] = [{"id": "hard", "label": "a hard one", "rules": [{"id": "any-offer", "when": {"move": "propose"},
                                                                        "say": "No."}]},
                       {"id": "soft", "label": "a soft one"}]
    text = rules_mermaid(scenario_of(data))
    assert "seller_move -->|hard| seller_t0_0" in text and "seller_t0_0 --> seller_0" in text
    assert "seller_move -->|other types| seller_0" in text
    assert text.index("any-offer") < text.index("big-offer")
    assert "big-offer - never against hard" in text and "NEVER FIRES" not in text


def test_graph_command_prints_one_diagram_or_both_under_titles(tutorial: Scenario, capsys) -> None:
    assert main(["graph", "tutorial-harbour-cafe"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("flowchart TD") and "insulting-rent" in out and "stateDiagram" not in out
    assert main(["graph"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("stateDiagram-v2") and "flowchart" not in out
    assert main(["graph", "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph session {")
    assert main(["graph", "tutorial-harbour-cafe", "--show", "both"]) == 0
    out = capsys.readouterr().out
    machine, rules = out.split("## The rules of tutorial-harbour-cafe")
    assert machine.startswith("## The session machine") and "```mermaid\nstateDiagram-v2" in machine
    assert "```mermaid\nflowchart TD" in rules and rules.rstrip().endswith("```")
    assert main(["graph", "--show", "rules"]) == 2
    assert main(["graph", "tutorial-harbour-cafe", "--format", "dot"]) == 2

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


def test_graph_command(tutorial: Scenario, capsys) -> None:
    assert main(["graph", "tutorial-harbour-cafe"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("stateDiagram-v2") and "flowchart TD" in out and "insulting-rent" in out
    assert main(["graph", "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph session {")

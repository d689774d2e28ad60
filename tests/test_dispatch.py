"""Firing triggers through the table read from the flow's machine does what the machine itself does."""

from __future__ import annotations

import pytest
from transitions import MachineError

from roleplay.engine import actions as a
from roleplay.engine import dispatch
from roleplay.engine.flow import ENGINE_ROUTES, ROUTES, STATES, machine
from roleplay.engine.session import Session
from roleplay.scenario.loader import load
from roleplay.simulation.simulate import play_game
from tests.conftest import ROOT


def test_the_table_says_what_the_machine_says() -> None:
    built = machine()
    table = dispatch.steps()
    for name, event in built.events.items():
        for state in STATES:
            found = event.transitions.get(state, [])
            if not found:
                assert (state, name) not in table
                continue
            (transition,) = found
            step = table[(state, name)]
            assert step.dest == transition.dest
            assert step.before == (*built.before_state_change, *transition.before)
            assert step.after == (*transition.after, *built.after_state_change)


def test_every_route_of_the_flow_is_in_the_table() -> None:
    declared = {(source, route.trigger) for route in (*ROUTES, *ENGINE_ROUTES) for source in route.sources}
    assert declared == set(dispatch.steps())


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_games_through_the_table_are_the_games_through_the_machine(path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = load(path).scenario
    for side in scenario.playable():
        for strategy, seed in (("realistic", 3), ("random", 5), ("passive", 7)):
            fast = play_game(scenario, side.id, strategy, seed)
            with monkeypatch.context() as patched:
                patched.setattr(dispatch, "steps", dict)  # an empty table: every trigger goes to the machine
                slow = play_game(scenario, side.id, strategy, seed)
            assert (fast.phase, fast.actions, fast.state) == (slow.phase, slow.actions, slow.state)


def test_a_trigger_the_state_does_not_allow_is_the_machines_error(tutorial) -> None:
    session = Session(tutorial, "tenant", 1)
    with pytest.raises(MachineError):
        session.trigger("conclude")
    session.act(a.BeginPreparation())  # the queue the error emptied takes the next trigger
    assert (session.phase, session.state.phase) == ("preparation", "preparation")

"""One registry per concept: the tables keyed by action kind, posture or eligibility agree with their source.

The action types (`roleplay.engine.actions.Action`) are the registry of kinds; the flow's routes, the
handlers, the round's moves and the checks are separate tables keyed by them, and the scenario language
names the table moves itself (it may not import the engine). These tests hold them all to the registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from roleplay.engine import actions as a
from roleplay.engine import handlers, legality, rounds
from roleplay.engine.flow import ROUTES, TALKS
from roleplay.engine.posture import Posture
from roleplay.engine.session import Session
from roleplay.engine.view import player_view
from roleplay.record_models import validate
from roleplay.scenario.conditions import MoveKind
from roleplay.scenario.lint import NAMED_AFTER_MOVE
from roleplay.scenario.loader import load
from roleplay.scenario.models import Scenario
from tests.conftest import TUTORIAL
from tests.helpers import FLAGSHIP


def test_action_kinds_are_unique() -> None:
    assert len(set(a.KINDS)) == len(a.KINDS) == len(a.ACTION_TYPES)
    assert set(a.MOVE_KINDS) <= set(a.KINDS)


def test_the_scenario_language_names_exactly_the_engines_table_moves() -> None:
    assert get_args(MoveKind) == a.MOVE_KINDS


def test_every_action_kind_has_one_route_and_every_route_an_action() -> None:
    triggers = [route.trigger for route in ROUTES]
    assert len(triggers) == len(set(triggers))
    assert set(triggers) == set(a.KINDS)


def test_table_moves_are_played_at_the_table_and_stay_in_its_phase() -> None:
    routes = {route.trigger: route for route in ROUTES}
    for kind in a.MOVE_KINDS:
        assert set(routes[kind].sources) <= set(TALKS) and routes[kind].dest is None, kind


def test_every_action_kind_has_a_handler_and_none_other() -> None:
    assert set(handlers.HANDLERS) == set(a.KINDS)


def test_every_table_move_does_something_in_a_round() -> None:
    assert set(rounds.MOVES) == set(a.MOVE_TYPES)


def test_checks_and_move_tables_name_only_known_kinds() -> None:
    assert set(legality.CHECKS) <= set(a.KINDS)
    assert rounds.IDLE_MOVES <= set(a.MOVE_KINDS)
    assert set(NAMED_AFTER_MOVE) == set(a.MOVE_KINDS)


@pytest.mark.parametrize("posture", list(Posture))
def test_a_posture_is_saved_as_its_word_and_read_back(posture: Posture) -> None:
    opening = a.OpenTalks(posture=posture)
    saved = a.ACTIONS.dump_json([opening]).decode()
    assert f'"posture":"{posture.value}"' in saved
    assert a.ACTIONS.validate_json(saved) == [opening]
    assert validate(a.OpenTalks, {"posture": posture.value}).posture is posture


@pytest.mark.parametrize("posture", list(Posture))
def test_the_opening_applies_the_postures_own_effects(mini: Scenario, posture: Posture) -> None:
    """The minimal scenario has no rules or events: the posture is all that moves the meters at the opening."""
    session = Session(mini, "buyer", seed=3)
    session.act(a.BeginPreparation())
    for issue in mini.issues:
        session.act(a.SetExpectation(issue=issue.id, option=issue.options[0].id))
    session.act(a.FinishPreparation())
    session.act(a.OpenTalks(posture=posture))
    seller = mini.delegation("seller")
    assert session.state.posture == posture.value
    assert session.meters("seller").trust == pytest.approx(min(1.0, max(0.0, seller.trust + posture.trust)))
    assert session.meters("seller").tension == pytest.approx(min(1.0, max(0.0, seller.tension + posture.tension)))


@pytest.mark.parametrize("path", [TUTORIAL, FLAGSHIP], ids=lambda path: path.stem)
def test_the_view_lists_exactly_whom_the_game_lets_the_player_pick_or_consult(path: Path) -> None:
    """At the start of preparation (the whole budget, every seat free) the view's lists are what the game allows."""
    scenario = load(path).scenario
    budget = scenario.preparation.budget
    refused: set[str] = set()
    for side in scenario.playable():
        session = Session(scenario, side.id)
        session.act(a.BeginPreparation())
        view = player_view(session)
        for member in scenario.team.roster:
            if member.cost <= budget:
                assert session.can(a.PickMember(member=member.id)) == (member.id in view.pickable), member.id
        for delegation in scenario.delegations:
            if delegation.consult is None or delegation.consult.cost <= budget:
                assert session.can(a.ConsultAlly(delegation=delegation.id)) == (delegation.id in view.consultable)
        refused |= {m.id for m in scenario.team.roster} - set(view.pickable)
    assert refused  # each side has members who would not work for it

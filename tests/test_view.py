"""The player's view: each one shows the game as it is when taken, and stays so after."""

from __future__ import annotations

import copy
import random

import pytest

from roleplay.engine import actions as a
from roleplay.engine.history import standing_positions
from roleplay.engine.session import Session
from roleplay.engine.view import PlayerView, player_view
from roleplay.scenario.models import Scenario
from roleplay.simulation.strategies import STRATEGIES


@pytest.mark.parametrize(("strategy", "seed"), [("random", 4), ("random", 11), ("realistic", 2)])
def test_a_view_shares_with_the_last_only_what_has_not_changed(tutorial: Scenario, strategy: str, seed: int) -> None:
    session = Session(tutorial, "tenant", seed)
    player = STRATEGIES[strategy](tutorial, "tenant", random.Random(seed))
    taken: list[tuple[PlayerView, PlayerView]] = []

    def look() -> PlayerView:
        view, state = player_view(session), session.state
        last, session.last_view = session.last_view, None
        assert player_view(session) == view  # the same as a view made with nothing to share...
        session.last_view = last
        assert (view.phase, view.round, view.budget_left, view.finished) == (
            session.phase, state.round, state.budget_left, session.finished())
        assert (view.team, view.consulted, view.expectations, view.walkaways) == (
            state.team, state.consulted, state.expectations, state.walkaways)
        assert (view.intel, view.meters, view.their_offers, view.my_positions) == (
            state.intel, state.meters, state.their_offers, standing_positions(state))
        assert (view.offers, view.transcript, view.gaps) == (state.offers, state.transcript, session.seen_gaps)
        assert (view.gestures_given, view.gestures_received) == (state.gestures_given, state.gestures_received)
        assert view.beliefs == {d.id: session.belief(d.id) for d in session.counterparts if d.types}
        taken.append((view, copy.deepcopy(view)))  # ...and the game as it is now
        return view

    session.act(a.BeginPreparation())
    for action in player.prepare(look()):
        session.attempt(action)
    for action in player.expectations(look()):
        session.attempt(action)
    for issue in tutorial.issues:
        if issue.id not in session.state.expectations:
            session.act(a.SetExpectation(issue=issue.id, option=issue.options[0].id))
    session.act(a.FinishPreparation())
    if session.attempt(player.open(look())) is not None:
        session.act(a.OpenTalks())
    while not session.finished():
        if session.attempt(player.move(look())) is not None:
            session.act(a.WalkOut())
    look()
    assert all(view == when_taken for view, when_taken in taken)  # no view changed after it was taken
    first, last = taken[0][0], taken[-1][0]
    assert last.my_stances is first.my_stances and last.counterparts is first.counterparts
    assert last.transcript != first.transcript and last.finished and not first.finished

"""Tables of values shared by the games on a scenario: kept once made, and bounded."""

from __future__ import annotations

from functools import partial

from roleplay.engine.shared import LIMIT, shared
from roleplay.record import replace
from tests.conftest import minimal, scenario_of


def test_a_shared_value_is_made_once_and_a_full_table_starts_again() -> None:
    scenario = scenario_of(minimal())
    made: list[int] = []

    def make(n: int) -> object:
        made.append(n)
        return object()

    first = shared(scenario, "test", 0, partial(make, 0))
    assert shared(scenario, "test", 0, partial(make, 0)) is first
    assert shared(scenario, "other", 0, partial(make, 0)) is not first
    for n in range(1, LIMIT):
        shared(scenario, "test", n, partial(make, n))
    assert made == [0, 0, *range(1, LIMIT)]
    assert shared(scenario, "test", 0, partial(make, 0)) is first  # the table holds LIMIT values
    latest = shared(scenario, "test", LIMIT, partial(make, LIMIT))  # ...and one more empties it
    assert shared(scenario, "test", LIMIT, partial(make, -1)) is latest
    assert shared(scenario, "test", 0, partial(make, 0)) is not first
    assert made[-2:] == [LIMIT, 0]


def test_a_copy_of_a_scenario_with_other_parts_keeps_nothing_the_original_worked_out() -> None:
    """A copy's games read nothing the original's games kept: a changed walk-away range is the copy's own."""
    from roleplay.catalogue import resolve
    from roleplay.engine.session import Session
    from roleplay.scenario.loader import load

    scenario = load(resolve("us-dprk-summit-2018")).scenario
    me = scenario.playable()[0].id
    original = Session(scenario, me, 1)
    issue, stance = next(iter(original.player.stances.items()))
    assert original.player_range(issue)[0] != original.player_range(issue)[1]

    def firm(delegation):  # the player's reservation moved to its ideal: nothing else to give on that issue
        if delegation.id != me:
            return delegation
        stances = {**delegation.stances, issue: replace(stance, reservation=stance.ideal)}
        return replace(delegation, stances=stances)

    copy = replace(scenario, delegations=[firm(d) for d in scenario.delegations])
    ideal = scenario.rank(issue, stance.ideal)
    assert Session(copy, me, 1).player_range(issue) == (ideal, ideal)
    assert Session(scenario, me, 1).player_range(issue) == original.player_range(issue)


def test_a_scenario_pickles_without_what_its_games_kept() -> None:
    import pickle

    from roleplay.catalogue import resolve
    from roleplay.scenario.loader import load
    from roleplay.simulation.simulate import simulate

    scenario = load(resolve("us-dprk-summit-2018")).scenario
    before = len(pickle.dumps(scenario))
    summary = simulate(scenario, scenario.playable()[0].id, "random", 60, 1)
    assert len(pickle.dumps(scenario)) == before
    again = pickle.loads(pickle.dumps(scenario))
    assert simulate(again, scenario.playable()[0].id, "random", 60, 1).scores == summary.scores

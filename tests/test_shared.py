"""Tables of values shared by the games on a scenario: kept once made, and bounded."""

from __future__ import annotations

from functools import partial

from roleplay.engine.shared import LIMIT, shared
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

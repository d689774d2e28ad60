"""Tables of values shared by the games on a scenario: kept once made, and bounded."""

from __future__ import annotations

from functools import partial

from roleplay.engine.shared import LIMIT, shared
from tests.conftest import minimal, scenario_of


def test_a_shared_value_is_made_once_and_a_full_table_lets_its_oldest_go() -> None:
    scenario = scenario_of(minimal())
    made: list[int] = []

    def make(n: int) -> object:
        made.append(n)
        return object()

    first = shared(scenario, "test", 0, lambda: make(0))
    assert shared(scenario, "test", 0, lambda: make(0)) is first
    for n in range(1, LIMIT + 1):
        shared(scenario, "test", n, partial(make, n))
    assert made == list(range(LIMIT + 1))
    latest = shared(scenario, "test", LIMIT, lambda: make(-1))
    assert made[-1] == LIMIT and latest is shared(scenario, "test", LIMIT, lambda: make(-1))
    assert shared(scenario, "test", 0, lambda: make(0)) is not first
    assert made[-1] == 0
    assert shared(scenario, "other", 0, lambda: make(7)) is not first and made[-1] == 7

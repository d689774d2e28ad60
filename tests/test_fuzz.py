"""Every fuzz target in every test run, 1,000 cases each, each case bounded in time and memory.

`make fuzz` runs at least 10,000 cases of each.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzzing import TARGETS, bounded

CASES = 1_000


@pytest.mark.slow
@pytest.mark.parametrize("name", list(TARGETS))
def test_fuzz_target(name: str) -> None:
    target, inputs = TARGETS[name]
    check = bounded(target)

    @settings(max_examples=CASES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(inputs)
    def case(value: object) -> None:
        check(value)

    case()

"""A modest fuzz run in every test run; `make fuzz` runs at least 10,000 cases of each."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.fuzzing import load_yaml, read_save, save_inputs, yaml_inputs

QUICK = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@QUICK
@given(yaml_inputs)
def test_any_text_gives_a_scenario_or_our_error(text: str) -> None:
    load_yaml(text)


@QUICK
@given(save_inputs)
def test_any_bytes_give_a_save_or_our_error_and_stay_untouched(data: bytes) -> None:
    read_save(data)

"""Every shipped scenario: valid, playable from each side, and the engine knows none of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.scenario.loader import check_file, load
from roleplay.scenario.problems import render
from roleplay.simulation.simulate import simulate
from tests.conftest import ROOT

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_shipped_scenario_is_valid_and_has_two_sides(path: Path) -> None:
    report = check_file(path)
    assert report.ok, render(report.problems)
    assert report.scenario is not None and len(report.scenario.playable()) >= 2


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_realistic_play_scores_best_from_every_side(path: Path) -> None:
    scenario = load(path).scenario
    for side in scenario.playable():
        medians = {name: simulate(scenario, side.id, name, runs=20, seed=2).quartiles()[1]
                   for name in ("random", "maximalist", "passive", "realistic")}
        assert medians["realistic"] == max(medians.values()), (side.id, medians)


def test_the_engine_and_the_format_know_nothing_of_any_scenario() -> None:
    words = ("korea", "dprk", "pyongyang", "sanction", "landlord", "drivers", "harbour")
    for folder in ("engine", "scenario", "play"):
        for source in (ROOT / "roleplay" / folder).glob("*.py"):
            text = source.read_text(encoding="utf-8").lower()
            assert not [w for w in words if w in text], source

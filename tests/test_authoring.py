"""docs/AUTHORING.md: its reference sections are current, and its worked example plays as it says."""

from __future__ import annotations

import re

import pytest

from roleplay.scenario.docs import render
from roleplay.scenario.loader import check_text
from roleplay.scenario.problems import render as render_problems
from roleplay.simulation.simulate import simulate
from tests.conftest import ROOT

GUIDE = ROOT / "docs" / "AUTHORING.md"


def test_the_generated_sections_are_current() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert text == render(text), "run: python -m roleplay.scenario.docs"
    for section in ("fields", "conditions", "codes"):
        start, end = text.index(f"<!-- {section}:start -->"), text.index(f"<!-- {section}:end -->")
        assert end - start > 200


@pytest.fixture(scope="module")
def example() -> str:
    blocks = re.findall(r"```yaml\n(# yaml-language-server.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert len(blocks) == 1
    return blocks[0]


def test_the_worked_example_is_clean_and_rewards_realism(example: str) -> None:
    report = check_text(example, "community-garden.yaml")
    assert report.problems == [], render_problems(report.problems)
    assert report.scenario is not None and len(report.scenario.issues) == 3
    for side in ("residents", "parks"):
        medians = {name: simulate(report.scenario, side, name, runs=30, seed=1).quartiles()[1]
                   for name in ("random", "maximalist", "passive", "realistic")}
        assert medians["realistic"] == max(medians.values())


def test_the_transcript_test_in_the_guide_passes_on_the_worked_example(example: str) -> None:
    import yaml

    from roleplay.transcript_tests import run_test

    block = re.search(r"```yaml\n(tests:\n.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None
    scenario = check_text(example, "community-garden.yaml").scenario
    assert scenario is not None
    for test in yaml.safe_load(block.group(1))["tests"]:
        result = run_test(scenario, test, "guide")
        assert result.ok, result.text()

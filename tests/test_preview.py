"""`roleplay preview`: a side's student sees public and own material only, as the fields' audience says."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.cli import main
from roleplay.preview import preview
from roleplay.scenario.loader import load
from roleplay.scenario.models import Scenario
from tests.conftest import TUTORIAL

FLAGSHIP = Path(TUTORIAL).parent / "us-dprk-summit-2018.yaml"


def _first_line(text: str) -> str:
    return next(line.strip() for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("path", [TUTORIAL, FLAGSHIP], ids=["tutorial", "flagship"])
def test_each_side_sees_its_own_briefing_and_no_other(path: Path) -> None:
    scenario = load(path).scenario
    for side in scenario.playable():
        text = preview(scenario, side.id)
        assert _first_line(side.briefing) in text
        assert _first_line(scenario.briefing) in text
        for other in scenario.delegations:
            if other.id != side.id and other.briefing:
                assert _first_line(other.briefing) not in text
            if other.notes:
                assert _first_line(other.notes) not in text
        assert "expectation:" not in text  # hidden expectations are the instructor's, even one's own
        if scenario.notes:
            assert _first_line(scenario.notes) not in text


def test_own_stances_are_shown_and_the_roster_is_the_sides_own(tutorial: Scenario) -> None:
    text = preview(tutorial, "tenant")
    assert "reservation: 2,400 a month (r2400)" in text  # the tenant's own walk-away, by its label
    assert "Mira Osei" in text and "Lena Park" not in text  # the agent serves the landlord only
    landlord = preview(tutorial, "landlord")
    assert "Lena Park" in landlord and "Mira Osei" not in landlord
    assert "2,400 a month (r2400)" not in landlord


def test_the_command_prints_and_refuses_a_side_that_cannot_be_played(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", str(TUTORIAL), "--as", "landlord"]) == 0
    assert "Chandlery Estates (landlord)" in capsys.readouterr().out
    assert main(["preview", str(TUTORIAL), "--as", "council"]) == 2
    assert "choose one of: tenant, landlord" in capsys.readouterr().err


def test_control_characters_in_the_scenario_never_reach_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = TUTORIAL.read_text(encoding="utf-8").replace("Runs a well-liked café", "Runs a \\x1b[31mred\\x1b[0m café")
    text = text.replace('public: Runs a \\x1b[31mred\\x1b[0m café two streets back from the water.',
                        'public: "Runs a \\x1b[31mred\\x1b[0m café two streets back from the water."')
    path = tmp_path / "cafe.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["preview", str(path), "--as", "tenant"]) == 0
    out = capsys.readouterr().out
    assert "red" in out and "\x1b" not in out

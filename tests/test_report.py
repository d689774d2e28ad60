"""The class report, on saves made by simulated games."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from roleplay.cli import main
from roleplay.saves import Slot
from roleplay.scenario.loader import load
from roleplay.simulation.simulate import play_game
from tests.conftest import ROOT, TUTORIAL

FLAGSHIP = ROOT / "scenarios" / "us-dprk-summit-2018.yaml"


@pytest.fixture
def class_saves(tmp_path: Path) -> Path:
    folder = tmp_path / "class"
    flagship, tutorial = load(FLAGSHIP), load(TUTORIAL)
    for n, (strategy, side) in enumerate([("realistic", "us"), ("maximalist", "us"), ("passive", "dprk"), ("realistic", "dprk")]):
        session = play_game(flagship.scenario, side, strategy, seed=n)
        Slot(folder / f"student{n}.json", flagship.digest, str(FLAGSHIP), player=f"Student {n}").record(session)
    Slot(folder / "tutorial.json", tutorial.digest, str(TUTORIAL), player="Tutor").record(
        play_game(tutorial.scenario, "tenant", "realistic", seed=1))
    Slot(folder / "stale.json", "0" * 64, str(FLAGSHIP), player="Late").record(
        play_game(flagship.scenario, "us", "passive", seed=9))
    (folder / "broken.json").write_text('{"app": "roleplay", "format_version": 1')
    return folder


def test_the_report_has_a_row_per_save_and_a_class_summary(class_saves: Path, capsys) -> None:
    assert main(["report", str(class_saves)]) == 0
    out = capsys.readouterr().out
    assert "7 saves, 5 finished games" in out
    assert "Student 0" in out and "breakthrough" in out and "overreach" in out
    assert "broken.json: unreadable" in out and "stale.json: scenario changed since the game was played" in out
    assert "expectations furthest from what was achievable" in out and "us-dprk-summit-2018:" in out


def test_csv_and_markdown_carry_the_engine_scores(class_saves: Path, capsys) -> None:
    assert main(["report", "--format", "csv", str(class_saves)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    by_player = {row["player"]: row for row in rows}
    expected = play_game(load(FLAGSHIP).scenario, "us", "realistic", seed=0).state.score
    assert expected is not None and by_player["Student 0"]["score"] == f"{expected.total:.1f}"
    assert by_player["Student 1"]["ending"] == "overreach"
    assert len(rows) == 7
    assert main(["report", "--format", "markdown", str(class_saves / "student2.json")]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("# Class report") and "| Student 2 | us-dprk-summit-2018 | dprk | photo-opportunity |" in markdown


def test_no_saves_is_a_message(tmp_path: Path, capsys) -> None:
    assert main(["report", str(tmp_path)]) == 1
    assert "no save files (*.json) found" in capsys.readouterr().err


def test_a_save_is_graded_on_the_version_it_was_played_on_after_the_scenario_is_edited(tmp_path: Path, capsys) -> None:
    scenario = tmp_path / "scenarios" / "tutorial-harbour-cafe.yaml"
    scenario.parent.mkdir()
    scenario.write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    folder = tmp_path / "class"
    first = load(scenario)
    played = play_game(first.scenario, "tenant", "realistic", seed=3)
    Slot(folder / "early.json", first.digest, str(scenario), player="Early").record(played)
    assert played.state.score is not None

    edited = scenario.read_text(encoding="utf-8").replace("rounds: 4", "rounds: 5", 1)
    assert edited != scenario.read_text(encoding="utf-8")
    scenario.write_text(edited, encoding="utf-8")
    second = load(scenario)
    assert second.scenario.rounds == 5
    Slot(folder / "late.json", second.digest, str(scenario), player="Late").record(
        play_game(second.scenario, "tenant", "realistic", seed=3))

    assert main(["report", "--format", "csv", str(folder)]) == 0
    rows = {row["player"]: row for row in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["Early"]["score"] == f"{played.state.score.total:.1f}"
    assert rows["Early"]["version"] == f"{first.digest[:12]} (earlier, kept copy)"
    assert rows["Late"]["version"] == f"{second.digest[:12]} (current)"

    for kept in (folder / "scenarios").glob("*.yaml"):
        kept.unlink()
    assert main(["report", str(folder)]) == 0
    assert "early.json: scenario changed since the game was played" in capsys.readouterr().out


def test_a_report_where_no_save_can_be_read_says_so_and_fails(tmp_path: Path, capsys) -> None:
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    assert main(["report", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert "broken.json" in captured.out and "none of the save files could be read" in captured.err

"""Coverage and what-if: what fires in simulated play, with a rule taken out or a counterpart's type fixed."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from roleplay.cli import main
from roleplay.coverage import collect, elements
from roleplay.scenario.models import Scenario
from roleplay.simulation.simulate import play_game
from roleplay.whatif import WhatIfError, forced_types, without
from tests.conftest import TUTORIAL, delegation, minimal, scenario_of


def test_coverage_counts_per_side_and_strategy_and_marks_never(tutorial: Scenario) -> None:
    covered = collect(tutorial, runs=4, seed=1)
    assert [(c.side, c.strategy) for c in covered.columns][:2] == [("tenant", "random"), ("tenant", "maximalist")]
    assert len(covered.columns) == 2 * 4
    for column in covered.columns:
        assert column.games == 4
        assert sum(column.fired["ending"].values()) == 4  # every game tells exactly one ending
    endings = {e for c in covered.columns for e, n in c.fired["ending"].items() if n}
    assert set(covered.never("ending")) == {e.id for e in tutorial.endings} - endings
    # the maximalist tenant comes unprepared every time: the landlord's rule for that fires in all its games
    maximal = next(c for c in covered.columns if (c.side, c.strategy) == ("tenant", "maximalist"))
    assert maximal.fired["rule"]["landlord:tenant-unprepared"] == 4


def test_two_processes_give_the_same_coverage(tutorial: Scenario) -> None:
    assert collect(tutorial, 3, 2, jobs=2).as_dict() == collect(tutorial, 3, 2, jobs=1).as_dict()


def test_the_most_common_package_is_an_agreed_one(tutorial: Scenario) -> None:
    covered = collect(tutorial, runs=6, seed=0, sides=["tenant"], strategies=["realistic"])
    top = covered.columns[0].top_package()
    assert top is not None
    package, count = top
    assert set(package) == {i.id for i in tutorial.issues} and 1 <= count <= 6


def test_simulate_coverage_prints_text_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", str(TUTORIAL), "--coverage", "--runs", "3", "--as", "tenant"]) == 0
    text = capsys.readouterr().out
    assert "A = tenant playing random" in text and "most common agreed package" in text
    assert "never" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert main(["simulate", str(TUTORIAL), "--coverage", "--runs", "3", "--strategy", "passive", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(c["side"], c["strategy"]) for c in data["columns"]] == [("tenant", "passive"), ("landlord", "passive")]
    assert main(["simulate", str(TUTORIAL), "--coverage", "--runs", "2", "--as", "tenant", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["kind"] for r in rows} >= {"rule", "event", "ending", "lesson", "gesture"}
    assert all(int(r["fired"]) <= int(r["games"]) for r in rows)


def test_deep_warns_about_a_rule_no_game_fires_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = minimal()
    delegation(data, "seller")["rules"] = [{"id": "too-late", "when": {"round_at_least": 30}, "say": "x"}]
    path = tmp_path / "late.yaml"
    text = yaml.safe_dump(data, sort_keys=False)
    path.write_text(text)
    assert main(["validate", "--deep", "--strict", str(path)]) == 2
    out = capsys.readouterr().out
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "id: too-late" in row)
    assert f"late.yaml:{line}:" in out and "rule-never-fired" in out
    assert "coverage of" in out  # --deep also prints the table


def test_without_removes_a_rule_and_names_unknown_ones(tutorial: Scenario) -> None:
    lighter = without(tutorial, ["landlord:long-lease-welcome"])
    assert "long-lease-welcome" not in [r.id for r in lighter.delegation("landlord").rules]
    assert "long-lease-welcome" in [r.id for r in tutorial.delegation("landlord").rules]
    covered = collect(lighter, 4, 0, sides=["tenant"], strategies=["realistic"])
    assert "landlord:long-lease-welcome" not in covered.elements["rule"]
    assert not without(tutorial, ["another-tenant"]).events
    with pytest.raises(WhatIfError, match="no rule or event 'nope'"):
        without(tutorial, ["nope"])


def test_type_forces_the_drawn_type_and_leaves_the_rest(tutorial: Scenario) -> None:
    forced = forced_types(tutorial, ["landlord=in-a-hurry"])
    drawn = {play_game(tutorial, "tenant", "realistic", seed).state.types["landlord"] for seed in range(8)}
    assert len(drawn) == 2  # the seed draws both types
    assert {play_game(tutorial, "tenant", "realistic", seed, forced_types=forced).state.types["landlord"]
            for seed in range(8)} == {"in-a-hurry"}
    with pytest.raises(WhatIfError, match="choose one of: patient, in-a-hurry"):
        forced_types(tutorial, ["landlord=stubborn"])


def test_what_if_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["simulate", str(TUTORIAL), "--runs", "3", "--without", "nope"]) == 2
    assert "no rule or event" in capsys.readouterr().err
    assert main(["simulate", str(TUTORIAL), "--runs", "3", "--type", "landlord=patient", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["runs"] == 3


def test_what_cannot_fire_in_any_column_is_not_called_never(tutorial: Scenario) -> None:
    covered = collect(tutorial, 2, 0, sides=["tenant"], strategies=["passive"])
    assert "tenant:landlord-unprepared" not in covered.never("rule")  # the tenant's own rule, never run here
    assert not covered.applies("gesture", "fix-the-roof", covered.columns[0])  # the landlord's gesture


def test_validate_deep_json_carries_the_coverage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--deep", "--format", "json", str(TUTORIAL)]) == 0
    [entry] = json.loads(capsys.readouterr().out)["files"]
    columns = entry["coverage"]["columns"]
    assert len(columns) == 8 and all(c["games"] == 30 for c in columns)
    assert set(entry["coverage"]["never"]) == {"rules", "events", "gestures", "lessons", "endings"}


def test_a_gesture_open_to_any_player_is_no_counterparts_gesture() -> None:
    data = minimal(gestures=[{"id": "coffee", "label": "Buy the coffee"},
                             {"id": "discount", "label": "Offer a discount", "by": ["seller"]}])
    listed = elements(scenario_of(data))["gesture"]
    assert "seller:discount" in listed and "coffee" in listed
    assert not [g for g in listed if g.endswith(":coffee")]  # a counterpart only makes gestures whose `by` names it

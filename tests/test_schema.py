"""The JSON Schema for editors: current, complete, and accepting every shipped scenario."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from roleplay.cli import main
from roleplay.scenario.schema import MODELINE, SCHEMA_FILE, schema, schema_text
from tests.conftest import ROOT

SHIPPED = sorted((ROOT / "scenarios").glob("*.yaml"))


def test_the_committed_schema_is_current() -> None:
    assert (ROOT / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), "run: roleplay schema --output " + SCHEMA_FILE


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_the_schema_accepts_every_shipped_scenario_which_names_it(path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    jsonschema.validate(yaml.safe_load(text), schema())


def test_the_schema_rejects_what_the_loader_rejects() -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"format_version": 1, "id": "x", "title": "t", "roundz": 3}, schema())


def test_every_field_has_a_description_or_is_self_explaining() -> None:
    described, bare = 0, []
    definitions = schema()["$defs"]
    for name, definition in definitions.items():
        for field, spec in definition.get("properties", {}).items():
            referred = spec.get("$ref", "").rsplit("/", 1)[-1]
            if "description" in spec or "description" in definitions.get(referred, {}):
                described += 1
            else:
                bare.append(f"{name}.{field}")
    assert described > 60
    assert set(bare) <= ALLOWED_BARE, sorted(set(bare) - ALLOWED_BARE)


ALLOWED_BARE = {
    "Option.id", "Issue.id", "Delegation.id", "Gesture.id", "Member.id", "Event.id", "Ending.id", "Lesson.id", "Rule.id",
    "Scenario.id",
}


def test_schema_command_prints_the_schema(capsys) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "roleplay scenario"


def test_new_writes_a_scenario_that_validates_and_plays(tmp_path, capsys) -> None:
    from roleplay.scenario.loader import check_file, load
    from roleplay.simulation.simulate import simulate

    assert main(["new", "market-stall", "--folder", str(tmp_path), "--title", "A market stall"]) == 0
    path = tmp_path / "market-stall.yaml"
    report = check_file(path)
    assert report.ok and report.scenario is not None and report.scenario.title == "A market stall"
    scenario = load(path).scenario
    for side in ("side-a", "side-b"):
        assert simulate(scenario, side, "realistic", runs=5, seed=1).runs == 5
    assert main(["new", "market-stall", "--folder", str(tmp_path)]) == 1  # never overwrites
    assert main(["new", "Bad Name", "--folder", str(tmp_path)]) == 2
    assert "already exists" in capsys.readouterr().err


def test_new_points_the_editor_at_the_schema_from_any_folder(tmp_path) -> None:
    import re

    folder = tmp_path / "deep" / "er"
    assert main(["new", "stall", "--folder", str(folder)]) == 0
    modeline = (folder / "stall.yaml").read_text(encoding="utf-8").splitlines()[0]
    target = re.fullmatch(r"# yaml-language-server: \$schema=(.+)", modeline)
    assert target is not None
    schema = (folder / target.group(1)).resolve()
    assert schema.name == "scenario.schema.json" and schema.is_file()


@pytest.mark.parametrize("title", ['He said "hi"', "It's ours: a café \\ shop", "#1 deal"])
def test_new_keeps_any_title_as_written(tmp_path, title: str) -> None:
    from roleplay.scenario.loader import load

    assert main(["new", "stall", "--folder", str(tmp_path), "--title", title]) == 0
    assert load(tmp_path / "stall.yaml").scenario.title == title

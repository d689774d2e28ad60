"""Records: the plain classes a game reads, and the pydantic models derived from them where data comes in."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from functools import cached_property
from pathlib import Path

import pytest
from pydantic import ValidationError

from roleplay.engine import actions as a
from roleplay.engine.posture import Posture
from roleplay.record import Record, data, fields, replace, spec
from roleplay.record_models import adapter, json_schema, model_of, validate
from roleplay.scenario.conditions import AllOf, Condition, MoveIs, NotOf, Scale
from roleplay.scenario.models import Option, Rule, Scenario, ScoreWeights
from tests.conftest import ROOT, TUTORIAL, minimal


class Point(Record):
    """A record of this test's own."""

    x: int = spec(ge=0, description="Across.")
    y: int = spec(default=0, description="Down.")
    tags: list[str] = spec(default_factory=list)

    @cached_property
    def far(self) -> bool:
        return self.x + self.y > 10


def test_a_record_takes_its_fields_by_name_with_their_defaults_and_refuses_others() -> None:
    point = Point(x=3)
    assert (point.x, point.y, point.tags) == (3, 0, [])
    assert Point(x=1).tags is not Point(x=1).tags, "each record gets its own default list"
    with pytest.raises(TypeError, match="needs x"):
        Point()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="no field z"):
        Point(x=1, z=2)  # type: ignore[call-arg]


def test_a_mutable_default_is_refused_as_dataclasses_refuse_it() -> None:
    with pytest.raises(TypeError, match="default_factory"):
        class Shared(Record):
            items: list[str] = spec(default=[])


def test_a_record_is_frozen_and_replace_makes_a_changed_copy() -> None:
    point = Point(x=3, y=4)
    with pytest.raises(AttributeError, match="frozen"):
        point.x = 5  # type: ignore[misc]
    moved = replace(point, y=9)
    assert (moved.x, moved.y, point.y) == (3, 9, 4)
    with pytest.raises(TypeError, match="no field z"):
        replace(point, z=1)


def test_records_compare_and_hash_by_their_fields_alone() -> None:
    one, same, other = Point(x=3, y=4), Point(x=3, y=4), Point(x=3, y=5)
    assert one.far is False  # worked out and kept beside the fields: not a field
    assert one == same and one != other
    assert hash(Scale(issue="rent", at_least="r1")) == hash(Scale(issue="rent", at_least="r1"))
    assert fields(one) == {"x": 3, "y": 4, "tags": []}
    assert repr(other) == "Point(x=3, y=5, tags=[])"


def test_a_record_pickles_as_its_fields_and_works_out_the_rest_again() -> None:
    point = Point(x=8, y=8)
    assert point.far
    copy = pickle.loads(pickle.dumps(point))
    assert copy == point and "far" not in copy.__dict__ and copy.far
    assert "far" not in replace(point, y=1).__dict__


def test_data_is_what_a_model_dump_gives() -> None:
    scale = Scale(issue="rent", is_="r2000")
    assert data(scale) == {"issue": "rent", "is_": "r2000", "at_least": None, "at_most": None}
    assert data(scale, by_alias=True, exclude_none=True) == {"issue": "rent", "is": "r2000"}
    opening = a.OpenTalks(posture=Posture.firm)
    assert data(opening)["posture"] is Posture.firm
    assert data(opening, json=True) == {"kind": "open_talks", "posture": "firm", "offer": {}}
    assert data(a.OpenTalks(), exclude_defaults=True) == {}


def test_validating_data_gives_records_all_the_way_down() -> None:
    rule = validate(Rule, {"id": "r", "when": {"all": [{"move": "probe"}, {"not": {"phase": "closing"}}]}, "say": "Hm."})
    assert type(rule) is Rule and rule.say == ["Hm."], "the rule's own preparation: one line is a list"
    assert type(rule.when) is AllOf and type(rule.when.all[0]) is MoveIs and type(rule.when.all[1]) is NotOf
    scenario = validate(Scenario, minimal())
    assert all(type(option) is Option for issue in scenario.issues for option in issue.options)


def test_what_pydantic_checks_of_a_field_it_still_checks() -> None:
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        validate(Point, {"x": -1})
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        validate(Point, {"x": 1, "z": 2})
    with pytest.raises(ValidationError, match="at least one score weight"):
        validate(ScoreWeights, dict.fromkeys(ScoreWeights.record_fields, 0))
    with pytest.raises(ValidationError, match="not a condition"):
        adapter(Condition).validate_python({"no_such_test": 1})


def test_a_save_holds_actions_made_in_code_and_reads_them_back_as_records() -> None:
    actions = [a.OpenTalks(posture=Posture.open, offer={"rent": "r2000"}), a.Propose(package={"rent": "r2100"})]
    written = adapter(list[a.Action]).dump_json(actions)
    assert json.loads(written)[0] == {"kind": "open_talks", "posture": "open", "offer": {"rent": "r2000"}}
    read = adapter(list[a.Action]).validate_json(written)
    assert read == actions and [type(action) for action in read] == [a.OpenTalks, a.Propose]
    assert adapter(list[a.Action]).validate_python(actions)[0] is actions[0], "a record given is taken as it is"


def test_a_hint_in_a_save_reads_past_a_key_a_later_version_adds() -> None:
    from roleplay.saves import HintRecord

    hint = validate(HintRecord, {"round": 1, "at": 2, "rule": "r", "text": "t", "added_later": True})
    assert hint == HintRecord(round=1, at=2, rule="r", text="t")


def test_each_derived_model_keeps_its_records_name_fields_and_descriptions() -> None:
    model = model_of(Option)
    assert model.__name__ == "Option" and list(model.model_fields) == list(Option.record_fields)
    assert model.model_fields["label"].description == Option.record_fields["label"].options["description"]
    schema = json_schema(Point)
    assert schema["properties"]["x"] == {"description": "Across.", "minimum": 0, "title": "X", "type": "integer"}
    assert schema["additionalProperties"] is False


def test_a_game_never_imports_pydantic_and_from_a_kept_scenario_not_the_yaml_parser(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from roleplay import games\n"
        "loaded = games.open_scenario(sys.argv[1])\n"
        "games.new_game(loaded, loaded.scenario.playable()[0].id, 1)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'pydantic_core', 'yaml'}))\n"
    )
    env = {**os.environ, "ROLEPLAY_CACHE": str(tmp_path / "cache"), "ROLEPLAY_SAVES": str(tmp_path / "saves")}
    runs = [subprocess.run([sys.executable, "-c", code, str(TUTORIAL)], capture_output=True, text=True, cwd=ROOT,
                           env=env, timeout=120) for _ in range(2)]
    assert all(run.returncode == 0 for run in runs), runs[-1].stderr
    first, repeat = (run.stdout.strip() for run in runs)
    assert first == "['yaml']", "a first start parses the file, and its plainly valid data needs no pydantic"
    assert repeat == "[]", "a repeat start reads the checked scenario back as records"

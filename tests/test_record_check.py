"""The plain check of records (roleplay.record_check) against pydantic's: the same records, or none.

Pydantic is the one judge of what a file may hold; the plain check is only a
quicker way to the same records for data that is plainly valid. So every
scenario must pass it and give exactly what pydantic gives (types included:
1.0, not 1), and no broken or lax data may pass it: thousands of mutations of
the shipped scenarios are checked both ways.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from roleplay.record import Record, fields, spec
from roleplay.record_check import Unchecked, checked
from roleplay.record_models import validate
from roleplay.scenario.models import Scenario, ScoreWeights
from roleplay.scenario.yaml_source import parse

SCENARIOS = sorted(Path(__file__).parent.parent.joinpath("scenarios").glob("*.yaml"))


def shape(value: Any) -> Any:
    """A value as a comparable tree that keeps every type (a record's class, int or float, an enum)."""
    if isinstance(value, Record):
        return type(value).__name__, tuple((name, shape(item)) for name, item in fields(value).items())
    if isinstance(value, (list, tuple)):
        return type(value).__name__, tuple(shape(item) for item in value)
    if isinstance(value, dict):
        return "dict", tuple((shape(key), shape(item)) for key, item in value.items())
    return type(value).__name__, repr(value)


def data_of(path: Path) -> Any:
    return parse(path.read_text(encoding="utf-8"), path.name).data


def outcomes(data: Any) -> tuple[Any, Any]:
    """What pydantic and the plain check make of data: a shape, or the error's class."""
    try:
        judged: Any = shape(validate(Scenario, data))
    except ValidationError:
        judged = ValidationError
    try:
        plain: Any = shape(checked(Scenario, data))
    except Unchecked:
        plain = Unchecked
    return judged, plain


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_every_scenario_is_plainly_valid_and_the_same_as_pydantic_makes_it(path: Path) -> None:
    judged, plain = outcomes(data_of(path))
    assert plain is not Unchecked
    assert plain == judged


def test_an_int_for_a_float_is_the_float_and_a_word_for_an_enum_its_member() -> None:
    data = data_of(SCENARIOS[-1])
    data["score"] = {"outcome": 1}
    scenario = checked(Scenario, data)
    assert type(scenario.score.outcome) is float
    assert shape(scenario) == shape(validate(Scenario, data))
    assert type(scenario.delegations[0].role).__name__ == "Role"


@pytest.mark.parametrize("change", [
    {"rounds": 6.0},  # strict: a float is no count of rounds, even a whole one
    {"rounds": True},
    {"rounds": 41},
    {"id": "Capitals"},
    {"id": "ok\n"},
    {"score": {"outcome": 0, "realism": 0, "gap_closure": 0, "relationship": 0, "efficiency": 0}},  # check_record
    {"unknown": 1},
    {"issues": []},
    {"title": ""},
    {"format_version": 2},
    {"format_version": True},
])
def test_what_pydantic_refuses_or_would_convert_is_left_to_it(change: dict[str, Any]) -> None:
    data = {**data_of(SCENARIOS[-1]), **change}
    with pytest.raises(Unchecked):
        checked(Scenario, data)


def test_a_spec_option_not_known_here_leaves_every_value_to_pydantic() -> None:
    from pydantic import AliasChoices

    class Odd(Record):
        amount: int = spec(default=0, multiple_of=2)

    class Chosen(Record):
        when: str = spec(default="", validation_alias=AliasChoices("when", "at"))

    with pytest.raises(Unchecked):
        checked(Odd, {"amount": 4})
    for data in ({"when": "x"}, {"at": "x"}, {}):
        with pytest.raises(Unchecked):
            checked(Chosen, data)


# --- thousands of mutations, both ways ----------------------------------------------------------------------

REPLACEMENTS: list[Any] = [0, 1, -1, 2, 7, 41, 0.5, 1.5, -0.5, 1e300, float("nan"), float("inf"), 10**20, True,
                           False, None, "", "x", "Bad Id", "a\n", "walk_out", "accept", "principal", "open",
                           "calm", [], {}, ["x"], {"x": 1}, [{"x": 1}], {"all": []}, {"round_at_least": 2}]


def paths(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [at]
    if isinstance(node, dict):
        for key, item in node.items():
            found += paths(item, (*at, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += paths(item, (*at, index))
    return found


def changed(node: Any, path: tuple[Any, ...], change: Any) -> Any:
    """A copy of `node` along `path` only, with `change` applied to what is at its end."""
    if not path:
        return change(node)
    head, *rest = path
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[head] = changed(node[head], tuple(rest), change)
    return copy


def mutation(chance: random.Random, data: Any) -> Any:
    everything = paths(data)
    path = chance.choice(everything[1:])
    kind = chance.randrange(6)
    if kind == 0:  # another subtree of the same file, often of the right type but the wrong shape
        other = chance.choice(everything)
        donor = data
        for step in other:
            donor = donor[step]
        return changed(data, path, lambda _: donor)
    if kind == 1 and isinstance(path[-1], str):  # a key dropped, or written otherwise
        rename = chance.choice([None, "is", "is_", "not", "not_", "extra", path[-1].upper()])

        def rekey(parent: dict[str, Any]) -> dict[str, Any]:
            out = {key: item for key, item in parent.items() if key != path[-1]}
            if rename is not None:
                out[rename] = parent[path[-1]]
            return out
        return changed(data, path[:-1], rekey)
    if kind == 2:  # a number nudged, perhaps out of its range
        return changed(data, path, lambda value: value + chance.choice([-2, -1, -0.5, 0.25, 1, 3])
                       if type(value) in (int, float) else value)
    return changed(data, path, lambda _: chance.choice(REPLACEMENTS))


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda path: path.stem)
def test_a_mutated_scenario_passes_the_plain_check_only_as_pydantic_passes_it(path: Path) -> None:
    chance, original = random.Random(path.stem), data_of(path)
    tally = {"same": 0, "left to pydantic": 0}
    for _ in range(700):
        data = mutation(chance, original)
        judged, plain = outcomes(data)
        if plain is Unchecked:
            tally["left to pydantic"] += 1
            continue
        assert plain == judged, data
        tally["same"] += 1
    assert tally["same"] > 70 and tally["left to pydantic"] > 70, tally  # both ways are exercised


def test_check_record_runs_on_the_plain_way_too() -> None:
    with pytest.raises(Unchecked):
        checked(ScoreWeights, {"outcome": 0, "realism": 0, "gap_closure": 0, "relationship": 0, "efficiency": 0})
    assert checked(ScoreWeights, {"outcome": 1}) == validate(ScoreWeights, {"outcome": 1})

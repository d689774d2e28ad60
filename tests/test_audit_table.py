"""The audit table in scenarios/README.md, checked against a smaller rerun of the same search."""

from __future__ import annotations

import re

import pytest

from roleplay.simulation.audit import CLASSES, SENSIBLE, Runner, audit_side, scenario_at
from tests.conftest import ROOT

NOTES = ROOT / "scenarios" / "README.md"
NAMES = [c.name for c in CLASSES]
SMALL = 300
"""Games per side in the rerun: enough for every class, small enough for the suite."""


def table() -> dict[tuple[str, str], dict[str, float | None]]:
    """(scenario, side) -> class -> best, as the committed table says."""
    text = NOTES.read_text(encoding="utf-8")
    section = text[text.index("## Audit"):]
    rows: dict[tuple[str, str], dict[str, float | None]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == len(NAMES) + 3 and re.fullmatch(r"[a-z][a-z0-9-]*", cells[0]) and cells[0] != "scenario":
            rows[(cells[0], cells[1])] = {n: None if v == "-" else float(v) for n, v in zip(NAMES, cells[2:-1], strict=True)}
            assert cells[-1] == "robust", f"{cells[0]} as {cells[1]} is not robust in the committed table"
    return rows


def test_the_table_covers_every_playable_side_of_every_shipped_scenario() -> None:
    expected = {(scenario_at(str(path)).id, d.id)
                for path in sorted((ROOT / "scenarios").glob("*.yaml")) for d in scenario_at(str(path)).playable()}
    assert set(table()) == expected


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_a_smaller_rerun_finds_no_bad_play_as_good_as_the_sensible_play_in_the_table(path) -> None:
    """A different, smaller search must not find a bad policy that reaches the sensible play the table reports."""
    committed = table()
    scenario = scenario_at(str(path))
    with Runner(str(path), 1) as runner:
        for side in scenario.playable():
            rerun = audit_side(scenario, side.id, runner, games=SMALL, seed=1)
            sensible = committed[(scenario.id, side.id)][SENSIBLE]
            assert sensible is not None
            for name, result in rerun.classes.items():
                if result.best is None:
                    continue
                if name != SENSIBLE:
                    assert result.best < sensible, (side.id, name, result.best, sensible)

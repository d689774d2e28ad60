"""`roleplay diff`: what changed between two versions of a scenario, and the balance before and after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roleplay.cli import main
from roleplay.diff import changes
from roleplay.scenario.loader import check_text
from tests.conftest import TUTORIAL

BASE = Path(TUTORIAL).read_text(encoding="utf-8")
EDITED = (BASE.replace("rent: {ideal: r2600, reservation: r2000, expectation: r2200, weight: 2}",
                       "rent: {ideal: r2600, reservation: r2000, expectation: r2400, weight: 2}")
          .replace('      - {id: y3, label: "three years"}', '      - {id: y3, label: "three years"}\n'
                   '      - {id: y4, label: "four years"}')
          .replace("        effects: {tension: 0.1}\n", "        effects: {tension: 0.2}\n", 1)
          .replace("  - id: left-term-value", "  - id: left-lease-value"))


def scenario(text: str):
    report = check_text(text, "x.yaml")
    assert report.scenario is not None, report.problems
    return report.scenario


def test_each_kind_of_change_is_named() -> None:
    found = {(c.section, c.item, c.kind): c.details for c in changes(scenario(BASE), scenario(EDITED))}
    assert ("options", "term:y4", "added") in found
    assert found[("stances", "landlord.rent", "changed")] == ["expectation r2200 → r2400"]
    assert found[("rules", "landlord:insulting-rent", "changed")] == ['effects.tension 0.1 → 0.2']
    assert ("lessons", "left-term-value", "removed") in found and ("lessons", "left-lease-value", "added") in found
    assert len(found) == 5


def test_an_unchanged_scenario_has_no_changes_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert changes(scenario(BASE), scenario(BASE)) == []
    assert main(["diff", str(TUTORIAL), str(TUTORIAL), "--runs", "0"]) == 0
    assert "no changes" in capsys.readouterr().out


def test_the_command_prints_the_balance_before_and_after(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = tmp_path / "cafe.yaml"
    edited.write_text(EDITED, encoding="utf-8")
    assert main(["diff", str(TUTORIAL), str(edited), "--runs", "4", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {c["item"] for c in data["changes"]} >= {"term:y4", "landlord.rent"}
    rows = data["balance"]
    assert len(rows) == 8 and {r["side"] for r in rows} == {"tenant", "landlord"}
    assert all(0 <= r["agreement_before"] <= 1 and 0 <= r["median_after"] <= 100 for r in rows)
    assert main(["diff", str(TUTORIAL), str(edited), "--runs", "2"]) == 1
    out = capsys.readouterr().out
    assert "stances\n  ~ landlord.rent: expectation r2200 → r2400" in out and "before → after" in out


def test_a_change_deep_in_a_long_value_stays_visible() -> None:
    before = "        effects: {trust: 0.1, shift: [{issue: fitout, steps: 1}]}"
    assert before in BASE
    edited = BASE.replace(before, "        effects: {trust: 0.1, shift: [{issue: fitout, steps: 2}]}", 1)
    [change] = changes(scenario(BASE), scenario(edited))
    assert change.item == "landlord:long-lease-welcome"
    assert '"steps": 2' in change.text() and "effects.shift" in change.text()
    long_text = "word " * 30
    told = BASE.replace('text: "The talks end without a lease."', f'text: "{long_text}a lease."', 1)
    retold = BASE.replace('text: "The talks end without a lease."', f'text: "{long_text}a deal."', 1)
    [change] = changes(scenario(told), scenario(retold))
    old, new = change.text().split(": text ", 1)[1].split(" → ")
    assert "lease" in old and "deal" in new and len(new) <= 40


def test_a_value_changed_to_its_default_is_a_change_and_back_again() -> None:
    assert "\nrounds: 6" not in BASE and "\nrounds: " in BASE
    start = BASE.index("\nrounds: ") + 1
    line = BASE[start:BASE.index("\n", start)]
    to_default = BASE.replace(line, "rounds: 6", 1)
    old_rounds = scenario(BASE).rounds
    [there] = changes(scenario(BASE), scenario(to_default))
    assert there.kind == "changed" and there.details == [f"rounds {old_rounds} → 6"]
    [back] = changes(scenario(to_default), scenario(BASE))
    assert back.details == [f"rounds 6 → {old_rounds}"]

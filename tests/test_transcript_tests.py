"""Transcript tests: the shipped scenarios' own tests pass, and a broken expectation fails with context."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from roleplay.cli import main
from roleplay.scenario.loader import load
from roleplay.transcript_tests import discover, run_file, run_test

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
TUTORIAL = ROOT / "scenarios" / "tutorial-harbour-cafe.yaml"


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_has_passing_transcript_tests(scenario: Path) -> None:
    files = list(discover([scenario]))
    assert files, f"{scenario.name} has no transcript tests in scenarios/tests/"
    results = run_file(files[0])
    assert len(results) >= 2
    failures = [r.text() for r in results if not r.ok]
    assert not failures, "\n".join(failures)


def _first_test() -> dict:
    data = yaml.safe_load((ROOT / "scenarios" / "tests" / "tutorial-harbour-cafe.yaml").read_text())
    return data["tests"][0]


def test_a_wrong_ending_names_both_and_shows_the_transcript() -> None:
    test = _first_test()
    test["expect"] = {"ending": "no-lease"}
    result = run_test(load(TUTORIAL).scenario, test, "t.yaml")
    assert not result.ok
    assert "expected no-lease, got signed-long" in result.failure
    assert any("signed for years to come" in line for line in result.context)


def test_a_missing_line_and_an_unfired_rule_fail() -> None:
    scenario = load(TUTORIAL).scenario
    test = _first_test()
    test["expect"] = {"lines": ["the bakery chain buys the quay"]}
    assert "no line contains" in run_test(scenario, test, "t.yaml").failure
    test["expect"] = {"fired": ["insulting-rent"]}
    failure = run_test(scenario, test, "t.yaml").failure
    assert "'insulting-rent' did not fire" in failure and "long-lease-welcome" in failure


def test_a_score_outside_the_range_fails() -> None:
    test = _first_test()
    test["expect"] = {"score": [0, 10]}
    assert "score: expected 0 to 10" in run_test(load(TUTORIAL).scenario, test, "t.yaml").failure


def test_a_refused_move_says_why_and_which() -> None:
    test = {"name": "bad", "side": "tenant", "seed": 1, "moves": [{"propose": {"rent": "r9999"}}]}
    result = run_test(load(TUTORIAL).scenario, test, "t.yaml")
    assert result.failure.startswith("move 1 (")
    assert "refused" in result.failure


@pytest.mark.parametrize(("move", "told"), [
    ({"probe": {"isue": "rent"}}, "isue"),
    ({"probe": {"to": "landlord"}}, "issue"),
    ({"pressure": {"issue": "rent", "at": "landlord"}}, "at"),
    ({"open": "fierce"}, "'firm', 'balanced' or 'open'"),
])
def test_a_move_written_wrong_fails_its_test_with_what_is_wrong(move: dict[str, object], told: str) -> None:
    result = run_test(load(TUTORIAL).scenario, {"name": "t", "side": "tenant", "moves": [move]}, "t.yaml")
    assert result.failure.startswith("move 1 (") and told in result.failure


def test_an_unknown_move_or_key_is_named() -> None:
    scenario = load(TUTORIAL).scenario
    assert "unknown move 'haggle'" in run_test(scenario, {"side": "tenant", "moves": ["haggle"]}, "t").failure
    assert "unknown key 'sede'" in run_test(scenario, {"side": "tenant", "sede": 1}, "t").failure


def test_the_command_exits_1_on_a_failure_and_prints_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "cafe.yaml").write_text(TUTORIAL.read_text())
    test = _first_test()
    test["expect"] = {"outcome": "breakdown"}
    (tmp_path / "tests" / "cafe.yaml").write_text(yaml.safe_dump({"tests": [test]}))
    assert main(["test", str(tmp_path / "cafe.yaml")]) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "expected breakdown, got agreement" in out and "1 failed" in out
    assert main(["test", str(ROOT / "scenarios")]) == 0


def test_a_test_may_open_at_once_and_leave_preparation_out() -> None:
    test = {"name": "open first", "side": "tenant", "seed": 1,
            "moves": [{"open": "firm"}, {"propose": {"rent": "r2200", "term": "y5", "fitout": "quarter"}}],
            "expect": {"lines": ["opens (firm)"]}}
    result = run_test(load(TUTORIAL).scenario, test, "t.yaml")
    assert result.ok, result.text()


def _test_file(tmp_path: Path, text: str) -> Path:
    """A scenario folder with the tutorial and one test file of the given text."""
    (tmp_path / "tests").mkdir(exist_ok=True)
    (tmp_path / "cafe.yaml").write_text(TUTORIAL.read_text())
    path = tmp_path / "tests" / "cafe.yaml"
    path.write_text(text)
    return path


def _at(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column where `needle` starts in `text`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


TEST_FILE = """tests:
  - name: first
    side: tenant
    seed: 1
    moves:
      - propose: {rent: r2200, term: y5, fitout: quarter}
      - propose: {rent: r2200, term: y5, fitout: quarter}
    expect:
      ending: signed-lnog
"""


def test_a_failure_carries_the_file_line_and_column_of_what_failed(tmp_path: Path) -> None:
    path = _test_file(tmp_path, TEST_FILE)
    [result] = run_file(path)
    assert (result.line, result.column) == _at(TEST_FILE, "signed-lnog")
    assert "unknown ending 'signed-lnog'; did you mean 'signed-long'?" in result.failure
    assert f"{path}:{result.line}:{result.column}: unknown ending" in result.text()


def test_a_refused_move_points_at_the_move(tmp_path: Path) -> None:
    text = TEST_FILE.replace("term: y5, fitout: quarter}\n    expect", "term: y9, fitout: quarter}\n    expect").replace(
        "ending: signed-lnog", "outcome: agreement")
    [result] = run_file(_test_file(tmp_path, text))
    assert result.failure.startswith("move 2 (") and "refused" in result.failure
    assert (result.line, result.column) == _at(text, "propose: {rent: r2200, term: y9")


def test_names_a_test_expects_must_exist_in_the_scenario(tmp_path: Path) -> None:
    scenario = load(TUTORIAL).scenario
    base = {"name": "n", "side": "tenant", "seed": 1, "moves": [{"probe": "rent"}]}
    cases = {
        "not_fired": ("unknown rule or event 'insulting-rnt'; did you mean 'insulting-rent'?", ["insulting-rnt"]),
        "lessons": ("unknown lesson", ["no-such-lesson"]),
        "outcome": ("unknown outcome 'deal'", "deal"),
        "score": ("'score' takes a range of two numbers", 70),
    }
    for key, (message, value) in cases.items():
        result = run_test(scenario, {**base, "expect": {key: value}}, "t")
        assert message in result.failure, (key, result.failure)
    assert "unknown side 'tennant'; did you mean 'tenant'?" in run_test(scenario, {**base, "side": "tennant"}, "t").failure
    typed = run_test(scenario, {**base, "types": {"landlord": "impatient"}}, "t").failure
    assert "unknown type of landlord 'impatient'" in typed
    # a rule is named with or without its owner; an event with or without 'event:'
    assert run_test(scenario, {**base, "expect": {"not_fired": ["landlord:insulting-rent", "insulting-rent",
                                                                      "event:another-tenant", "another-tenant"]}}, "t").ok


@pytest.mark.parametrize(("text", "needle", "said"), [
    ("tests:\n  - name: a\n    side: {tenant\n", "{tenant", "never closed"),
    ("tests:\n  - name: a\n    side: tenant\n    side: landlord\n", "side: landlord", "appears twice"),
    ("tests:\n  - just a text\n", "just a text", "a test is a mapping"),
])
def test_a_broken_test_file_is_located(tmp_path: Path, text: str, needle: str, said: str) -> None:
    [result] = run_file(_test_file(tmp_path, text))
    assert said in result.failure
    assert (result.line, result.column) == _at(text, needle)


def test_a_missing_line_shows_the_whole_game_not_only_its_end() -> None:
    test = _first_test()
    test["expect"] = {"lines": ["the bakery chain buys the quay"]}
    result = run_test(load(TUTORIAL).scenario, test, "t.yaml")
    assert result.context[0].startswith("[0]") and len(result.context) > 6


def test_an_unknown_key_at_the_top_of_a_test_file_is_located(tmp_path: Path) -> None:
    text = "scenaro: ../cafe.yaml\n" + TEST_FILE
    [result] = run_file(_test_file(tmp_path, text))
    assert "unknown key 'scenaro'" in result.failure and (result.line, result.column) == (1, 1)


def test_the_command_takes_a_scenario_id_and_names_one_it_cannot_find(capsys) -> None:
    assert main(["test", "tutorial-harbour-cafe"]) == 0
    assert "in 1 file: all passed" in capsys.readouterr().out
    assert main(["test", "no-such-scenario"]) == 1
    assert "no scenario file or id 'no-such-scenario'" in capsys.readouterr().err

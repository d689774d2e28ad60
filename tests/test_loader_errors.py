"""Every class of loader error, with the line and column an author would be sent to."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from roleplay.scenario.loader import check_file, check_text, load
from roleplay.scenario.problems import ScenarioError, render
from tests.conftest import TUTORIAL, minimal

HEADER = """\
format_version: 1
id: demo
title: Demo
"""

VALID_BODY = """\
issues:
  - id: price
    label: Price
    options:
      - {id: low, label: Low}
      - {id: high, label: High}
delegations:
  - id: buyer
    name: Buyer
    playable: true
    stances:
      price: {ideal: low, reservation: high, expectation: low}
  - id: seller
    name: Seller
    stances:
      price: {ideal: high, reservation: low, expectation: high}
endings:
  - {id: deal, title: Deal, outcome: [agreement, partial], text: A deal.}
  - {id: none, title: None, outcome: [breakdown], text: Nothing.}
"""


def problems_of(text: str) -> list[tuple[str, int, int]]:
    report = check_text(textwrap.dedent(text), "demo.yaml")
    return [(p.code, p.line, p.column) for p in report.problems]


def test_the_valid_demo_has_no_errors_and_one_warning() -> None:
    assert problems_of(HEADER + VALID_BODY) == [("no-briefing", 13, 5)]  # the buyer plays without instructions


def test_the_tutorial_is_valid() -> None:
    report = check_file(TUTORIAL)
    assert report.ok, render(report.problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML syntax: the position of the problem mark.
        (HEADER + "issues: [\n  {id: x\n", ("yaml-syntax", 5, 3)),  # the unclosed brace, where it was opened
        (HEADER + "title: Twice\n" + VALID_BODY, ("duplicate-key", 4, 1)),
        (HEADER + "notes: !!python/object:os.system {}\n" + VALID_BODY, ("unsafe-tag", 4, 8)),
        # Schema errors point at the value, unknown keys at the key, missing keys at the mapping.
        (HEADER + "roundz: 3\n" + VALID_BODY, ("unknown-key", 4, 1)),
        (HEADER.replace("title: Demo\n", "") + VALID_BODY, ("missing", 1, 1)),
        (HEADER + "rounds: many\n" + VALID_BODY, ("wrong-type", 4, 9)),
        (HEADER + "rounds: 0\n" + VALID_BODY, ("out-of-range", 4, 9)),
        (HEADER.replace("id: demo", "id: Demo Scenario") + VALID_BODY, ("bad-id", 2, 5)),
        (HEADER + "summary: no\n" + VALID_BODY, ("yaml-trap", 4, 10)),
        (HEADER + VALID_BODY.replace("label: Low", "label: 2025-03-01"), ("yaml-trap", 8, 26)),
        (HEADER + VALID_BODY.replace("outcome: [breakdown]", "outcome: [collapse]"), ("bad-choice", 22, 39)),
    ],
)
def test_schema_and_syntax_errors_are_located(text: str, expected: tuple[str, int, int]) -> None:
    assert expected in problems_of(text)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (VALID_BODY.replace("expectation: low}", "expectation: lo}"), ("unknown-option", 15, 59)),
        (VALID_BODY.replace("      price: {ideal: high", "      prize: {ideal: high"), ("unknown-issue", 19, 7)),
        (VALID_BODY.replace("playable: true", "playable: false"), ("no-playable", 11, 3)),
        (VALID_BODY.replace("outcome: [breakdown]", "outcome: [partial]"), ("no-ending", 21, 3)),
        (VALID_BODY.replace("  - id: seller\n    name: Seller\n", "  - id: buyer\n    name: Seller\n"),
         ("duplicate-id", 16, 9)),
        (VALID_BODY.replace("expectation: high}", "expectation: high}\n    lines:\n      accept: ['{pakage}']"),
         ("unknown-placeholder", 21, 16)),
    ],
)
def test_meaning_errors_are_located(body: str, expected: tuple[str, int, int]) -> None:
    assert expected in problems_of(HEADER + body)


def test_expectation_must_lie_between_ideal_and_reservation() -> None:
    body = VALID_BODY.replace(
        "      - {id: high, label: High}", "      - {id: mid, label: Mid}\n      - {id: high, label: High}"
    ).replace("price: {ideal: low, reservation: high, expectation: low}",
              "price: {ideal: low, reservation: mid, expectation: high}")
    assert ("expectation-outside", 16, 58) in problems_of(HEADER + body)


def test_a_condition_with_an_unknown_test_is_explained() -> None:
    body = VALID_BODY.replace(
        "      price: {ideal: high, reservation: low, expectation: high}",
        "      price: {ideal: high, reservation: low, expectation: high}\n"
        "    rules:\n      - id: r\n        when: {trust_above: 0.5}\n        say: hi",
    )
    report = check_text(HEADER + body, "demo.yaml")
    [problem] = report.problems
    assert (problem.code, problem.line, problem.column) == ("unknown-condition", 22, 15)
    assert "trust" in problem.hint


def test_a_misspelt_reference_gets_a_did_you_mean() -> None:
    report = check_text(HEADER + VALID_BODY.replace("expectation: low}", "expectation: lwo}"), "demo.yaml")
    assert "did you mean 'low'" in report.problems[0].hint


def test_an_unknown_key_gets_a_did_you_mean() -> None:
    report = check_text(HEADER + "summray: x\n" + VALID_BODY, "demo.yaml")
    assert "'summary'" in report.problems[0].hint


def test_a_flag_tested_but_never_set_is_reported() -> None:
    body = VALID_BODY.replace(
        "      price: {ideal: high, reservation: low, expectation: high}",
        "      price: {ideal: high, reservation: low, expectation: high}\n"
        "    rules:\n      - id: r\n        when: {flag: warned}\n        say: hi",
    )
    assert ("flag-never-set", 22, 15) in problems_of(HEADER + body)


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    text = HEADER + "roundz: 3\nrounds: zero\n" + VALID_BODY.replace("label: Price", "label: 12")
    codes = {code for code, _, _ in problems_of(text)}
    assert {"unknown-key", "wrong-type", "yaml-trap"} <= codes


def test_the_rendering_shows_the_line_and_a_caret(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEADER + "rounds: many\n" + VALID_BODY)
    with pytest.raises(ScenarioError) as caught:
        load(path)
    report = check_file(path)
    text = render(caught.value.problems, {report.file: report.text})
    assert "bad.yaml:4:9: error wrong-type" in text
    assert "4 | rounds: many" in text and "^" in text


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: p, "not-found"),
        (lambda p: (p.mkdir(), p)[1], "not-a-file"),
        (lambda p: (p.write_bytes(b"\xff\xfe\x00bad"), p)[1], "not-utf8"),
        (lambda p: (p.write_text("just text"), p)[1], "not-a-mapping"),
        (lambda p: (p.write_text(""), p)[1], "not-a-mapping"),
        (lambda p: (p.write_text("x: " + "y" * 2_100_000), p)[1], "too-large"),
    ],
)
def test_unreadable_files_get_a_message_not_a_traceback(tmp_path: Path, make, code: str) -> None:
    report = check_file(make(tmp_path / "s.yaml"))
    assert [p.code for p in report.problems] == [code]


def test_alias_bombs_are_refused_before_memory_runs_away() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, "
        f"*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
        for n in range(8)
    )
    assert problems_of(bomb)[0][0] == "too-many-values"


def test_deep_nesting_is_refused() -> None:
    assert problems_of("a: " + "[" * 100 + "]" * 100)[0][0] == "too-deep"


def test_merge_keys_work_for_shared_lines() -> None:
    data = minimal()
    text = yaml.safe_dump(data, sort_keys=False)
    text = "base: &base {trust: 0.5}\n" + text
    report = check_text(text, "x.yaml")
    assert [p.code for p in report.problems] == ["unknown-key"]


@pytest.mark.parametrize(("when", "code"), [
    ({"team": "envoy"}, "unknown-team-member"),
    ({"gave": "flowers"}, "unknown-gesture"),
    ({"trust": {"at_least": 0.5, "of": "sellr"}}, "unknown-delegation"),
    ({"about": "nothing"}, "unknown-subject"),
    ({"not": {"offered": {"issue": "price", "at_least": "p9"}}}, "unknown-option"),
    ({"unsettled": "tariffs"}, "unknown-issue"),
])
def test_every_id_a_condition_names_must_exist(when: dict, code: str) -> None:
    data = minimal()
    data["delegations"][1]["rules"] = [{"id": "r", "when": when, "say": "x"}]
    report = check_text(yaml.safe_dump(data, sort_keys=False), "x.yaml")
    assert [p.code for p in report.problems] == [code]
    assert report.problems[0].line > 0


def test_a_key_given_twice_is_told_with_the_files_other_problems_not_alone() -> None:
    text = HEADER + "title: Twice\nroundz: 3\n" + VALID_BODY.replace("expectation: low}", "expectation: lo}")
    found = problems_of(text)
    assert ("duplicate-key", 4, 1) in found and ("unknown-key", 5, 1) in found
    meaning_only = HEADER + "title: Twice\n" + VALID_BODY.replace("expectation: low}", "expectation: lo}")
    assert {code for code, _, _ in problems_of(meaning_only)} == {"duplicate-key", "unknown-option"}
    assert not check_text(meaning_only, "s.yaml").ok
    thrice = HEADER + "title: Twice\ntitle: Thrice\n" + VALID_BODY
    told = [p.message for p in check_text(thrice, "s.yaml").problems if p.code == "duplicate-key"]
    assert len(told) == 2 and all("(first at line 3)" in message for message in told)


@pytest.mark.parametrize(("text", "where", "message"), [
    (HEADER + 'summary: "The garden\nrounds: 3\n' + VALID_BODY, (4, 10), "this quote is never closed"),
    (HEADER + "issues:\n  - {id: low, label: \"a low price}\n" + VALID_BODY[VALID_BODY.index("delegations"):],
     (5, 22), "this quote is never closed"),
    (HEADER + "summary: 'It's a garden'\n" + VALID_BODY, (4, 14), "an apostrophe ended the single-quoted text here"),
    (HEADER + "summary: 'A garden\nnotes: read on\nbriefing: the tenant's turn\n" + VALID_BODY, (4, 10),
     "this quoted text runs on to line 6, where a quote mark ends it: is its closing quote missing?"),
])
def test_a_quoting_mistake_is_named_where_it_is(text: str, where: tuple[int, int], message: str) -> None:
    [problem] = check_text(text, "s.yaml").problems
    assert (problem.line, problem.column) == where and problem.message == message
    assert "'It''s'" in problem.hint


def test_a_problem_on_a_very_long_line_shows_the_line_around_it_only() -> None:
    from roleplay.scenario.problems import EXCERPT_WIDTH, excerpt

    text = "x" * 5_000 + "BAD" + "y" * 5_000
    shown, caret = excerpt(text, 1, 5_001)
    assert len(shown) < EXCERPT_WIDTH + 20 and "BAD" in shown
    assert shown.index("BAD") == caret.index("^")


@pytest.mark.parametrize(("text", "code", "message", "hint"), [
    (HEADER + "rounds: -3\n" + VALID_BODY, "out-of-range", "-3 is out of range: it must be at least 1", "AUTHORING.md"),
    (HEADER.replace("title: Demo", 'title: ""') + VALID_BODY, "empty", "this text is empty", "cannot be empty"),
    (HEADER + VALID_BODY.replace("      - {id: high, label: High}\n", ""), "too-short",
     "this list needs at least 2 items, and has 1", "add one more"),
])
def test_a_value_out_of_bounds_says_what_the_bounds_are_and_where_to_read_them(text: str, code: str, message: str,
                                                                                hint: str) -> None:
    found = [p for p in check_text(text, "s.yaml").problems if p.code == code]
    assert found and found[0].message == message and hint in found[0].hint

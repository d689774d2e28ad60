"""Messages that never mislead: each wording the loader gives for a known trap, and nothing false beside it."""

from __future__ import annotations

import copy

import yaml

from roleplay.scenario.loader import check_text
from tests.conftest import delegation, minimal


def problems(data_or_text: object) -> list:
    text = data_or_text if isinstance(data_or_text, str) else yaml.safe_dump(data_or_text, sort_keys=False)
    return check_text(text, "m.yaml").problems


def test_a_key_from_elsewhere_is_not_suggested_back_and_the_keys_of_the_mapping_are_listed() -> None:
    data = minimal()
    delegation(data, "seller")["rules"] = [{"id": "r", "when": {"offered": {"issue": "price", "below": "p2"}}}]
    [problem] = problems(data)
    assert problem.code == "unknown-key"
    assert "'below'?" not in problem.hint
    assert "at_least" in problem.hint and "at_most" in problem.hint


def test_a_misspelt_key_gets_the_right_suggestion() -> None:
    data = minimal()
    delegation(data, "seller")["rules"] = [{"id": "r", "when": {"offered": {"issue": "price", "at_lest": "p2"}}}]
    [problem] = problems(data)
    assert problem.hint.startswith("did you mean 'at_least'")


def test_an_unknown_move_is_one_error_and_no_false_list_complaint() -> None:
    data = minimal()
    delegation(data, "seller")["rules"] = [{"id": "r", "when": {"move": "threaten"}}]
    found = problems(data)
    assert [p.code for p in found] == ["bad-choice"]
    assert "list" not in found[0].message and "literal" not in found[0].path


def test_a_duplicate_issue_id_is_reported_alone() -> None:
    data = minimal()
    data["issues"].append({"id": "price", "label": "Other", "options": [{"id": "q0", "label": "a"},
                                                                      {"id": "q1", "label": "b"}]})
    assert [p.code for p in problems(data)] == ["duplicate-id"]
    data = minimal()
    data["issues"].append(copy.deepcopy(data["issues"][0]))
    assert [p.code for p in problems(data)] == ["duplicate-id"]


def test_an_unknown_format_version_says_which_one_this_roleplay_reads() -> None:
    [problem] = problems(minimal(format_version=2))
    assert problem.code == "format-version"
    assert "format_version 2" in problem.message and "format version 1" in problem.message


def test_an_unclosed_brace_is_pointed_at_where_it_opens() -> None:
    text = yaml.safe_dump(minimal(), sort_keys=False).replace("title: Mini", "title: Mini\nsummary: {oops")
    [problem] = problems(text)
    line = text.splitlines().index("summary: {oops") + 1
    assert (problem.code, problem.line, problem.column) == ("yaml-syntax", line, len("summary: ") + 1)
    assert "never closed" in problem.message


def test_yes_for_true_is_a_warning_and_true_is_not() -> None:
    text = yaml.safe_dump(minimal(), sort_keys=False)
    assert not problems(text)
    [problem] = problems(text.replace("playable: true", "playable: yes", 1))
    assert (problem.code, problem.severity.value) == ("yes-no-value", "warning")
    assert "'yes' was read as true" in problem.message


def test_a_renamed_option_that_a_typed_stance_still_names_is_reported_not_a_crash() -> None:
    from tests.conftest import TUTORIAL

    text = TUTORIAL.read_text(encoding="utf-8").replace('{id: landlord, label: "the landlord pays everything"}',
                                                        '{id: andlord, label: "the landlord pays everything"}')
    found = problems(text)
    assert found and {p.code for p in found} == {"unknown-option"}
    assert any("'landlord'" in p.message for p in found)


def test_a_key_that_looks_like_a_type_name_is_still_named() -> None:
    for key in ("str", "0[", "list[x]"):
        found = problems(f"{key}: 1\n")
        assert any(p.code == "unknown-key" and key in p.message for p in found), found

"""Each lint finding on a small bad file, at its exact line and column, and silent on the fixed file."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from roleplay.cli import main
from roleplay.scenario.lint import CODES
from roleplay.scenario.loader import check_text
from tests.conftest import delegation, minimal


def text_of(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, width=200)


def position(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the nth line containing `needle`, at its first non-blank character."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    number, line = lines[nth]
    return number, len(line) - len(line.lstrip(" -")) + 1


def codes_at(text: str) -> list[tuple[str, int, int]]:
    return [(p.code, p.line, p.column) for p in check_text(text, "lint.yaml").problems]


def rules(*items: dict[str, Any]) -> dict[str, Any]:
    data = minimal()
    delegation(data, "seller")["rules"] = list(items)
    return data


BIG_OFFER = {"id": "big-offer", "when": {"all": [{"move": "propose"}, {"offered": {"issue": "price", "is": "p4"}}]},
             "say": "y"}


def typed(*kinds: dict[str, Any], own: tuple[dict[str, Any], ...] = (BIG_OFFER,)) -> dict[str, Any]:
    """The minimal scenario with the seller's own rules and counterpart types (each with its own rules)."""
    data = rules(*own)
    delegation(data, "seller")["types"] = [{"label": f"a {kind['id']} one", **kind} for kind in kinds]
    return data


def catch_all(when: dict[str, Any]) -> dict[str, Any]:
    return {"id": "any-offer", "when": when, "say": "No."}


CASES: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "rule-never-fires": (
        rules({"id": "always", "when": {"round_at_least": 0}, "say": "x"}, {"id": "late", "when": {"move": "probe"}, "say": "y"}),
        rules({"id": "late", "when": {"move": "probe"}, "say": "y"}, {"id": "always", "when": {"round_at_least": 0}, "say": "x"}),
        "move: probe",
    ),
    "rule-hidden-by-type": (
        typed({"id": "hard", "rules": [catch_all({"move": "propose"})]}, {"id": "soft"}),
        typed({"id": "hard", "rules": [catch_all({"all": [{"move": "propose"}, {"round_at_least": 3}]})]}, {"id": "soft"}),
        "all:",
    ),
    "flag-never-read": (
        rules({"id": "r", "when": {"move": "probe"}, "effects": {"set_flags": ["probed"]}}),
        rules({"id": "r", "when": {"move": "probe"}, "effects": {"set_flags": ["probed"]}},
              {"id": "s", "when": {"flag": "probed"}, "say": "Again?"}),
        "- probed",
    ),
    "unused-line-tag": (
        minimal(delegations=[*minimal()["delegations"][:2], {**minimal()["delegations"][2], "lines": {"counter": ["x"]}}]),
        minimal(delegations=[*minimal()["delegations"][:2], {**minimal()["delegations"][2], "lines": {"consult": ["x"]}}]),
        "counter:",
    ),
    "unreachable-ending": (
        minimal(endings=[*minimal()["endings"], {"id": "late", "title": "Late", "outcome": ["agreement"], "text": "."}]),
        minimal(endings=[{"id": "late", "title": "Late", "outcome": ["agreement"], "when": {"round_at_least": 3}, "text": "."},
                         *minimal()["endings"]]),
        "id: late",
    ),
    "unfilled-placeholder": (
        rules({"id": "r", "when": {"move": "gesture"}, "say": ["Thank you; now {package}."]}),
        rules({"id": "r", "when": {"all": [{"move": "propose"}, {"round_at_least": 1}]}, "say": "Then: {package}."}),
        "Thank you",
    ),
    "no-briefing": (minimal(delegations=[{**minimal()["delegations"][0], "briefing": ""}, *minimal()["delegations"][1:]]),
                    minimal(), "playable: true"),
    "no-zopa": (
        minimal(delegations=[minimal()["delegations"][0],
                             {**minimal()["delegations"][1], "stances": {
                                 "price": {"ideal": "p4", "reservation": "p4", "expectation": "p4"},
                                 "time": {"ideal": "t2", "reservation": "t1", "expectation": "t2"}}},
                             minimal()["delegations"][2]]),
        minimal(),
        "id: price",
    ),
    "options-out-of-order": (
        minimal(issues=[{**minimal()["issues"][0], "options": [
            {"id": "p0", "label": "0"}, {"id": "p1", "label": "100bn"}, {"id": "p2", "label": "50bn"},
            {"id": "p3", "label": "150bn"}, {"id": "p4", "label": "200bn"}]}, minimal()["issues"][1]]),
        minimal(issues=[{**minimal()["issues"][0], "options": [
            {"id": "p0", "label": "0"}, {"id": "p1", "label": "50bn"}, {"id": "p2", "label": "100bn"},
            {"id": "p3", "label": "150bn"}, {"id": "p4", "label": "200bn"}]}, minimal()["issues"][1]]),
        "options:",
    ),
    "effect-reaches-nobody": (
        minimal(delegations=[*minimal()["delegations"][:2], {**minimal()["delegations"][2], "rules": [
            {"id": "frown", "when": {"move": "pressure"}, "say": "Tut.", "effects": {"tension": 0.1}}]}]),
        minimal(delegations=[*minimal()["delegations"][:2], {**minimal()["delegations"][2], "rules": [
            {"id": "frown", "when": {"move": "pressure"}, "say": "Tut.",
             "effects": {"target": "counterpart", "tension": 0.1}}]}]),
        "tension: 0.1",
    ),
    "label-too-long": (
        minimal(issues=[{**minimal()["issues"][0], "label": "The price of the whole thing, all included"},
                        minimal()["issues"][1]]),
        minimal(),
        "label: The price",
    ),
    "unknown-lint-code": (minimal(lint_ignore=["rule-never-fire"]), minimal(lint_ignore=["rule-never-fires"]),
                          "- rule-never-fire"),
}


@pytest.mark.parametrize("code", [c for c in CODES if c not in ("ending-never-reached", "rule-never-fired",
                                                                  "yes-no-value")])  # deep ones; the loader's own
def test_each_finding_is_located_and_goes_away_when_fixed(code: str) -> None:
    bad, fixed, needle = CASES[code]
    bad_text, fixed_text = text_of(bad), text_of(fixed)
    found = [c for c in codes_at(bad_text) if c[0] == code]
    assert found, codes_at(bad_text)
    assert found[0][1:] == position(bad_text, needle)
    assert code not in {c for c, _, _ in codes_at(fixed_text)}


def test_a_rule_behind_a_broader_earlier_rule_never_fires() -> None:
    text = text_of(rules({"id": "any-offer", "when": {"move": "propose"}, "say": "x"},
                         {"id": "big-offer", "when": {"all": [{"move": "propose"}, {"offered": {"issue": "price", "is": "p4"}}]},
                          "say": "y"}))
    found = [p for p in check_text(text, "lint.yaml").problems if p.code == "rule-never-fires"]
    assert [(p.line, p.column) for p in found] == [position(text, "all:")]
    assert "'any-offer' holds too" in found[0].message
    # the other way round both fire; and an earlier rule that fires once does not hide the later one
    big_offer = {"all": [{"move": "propose"}, {"offered": {"issue": "price", "is": "p4"}}]}
    swapped = text_of(rules({"id": "big-offer", "when": big_offer, "say": "y"},
                            {"id": "any-offer", "when": {"move": "propose"}, "say": "x"}))
    once = text_of(rules({"id": "any-offer", "once": True, "when": {"move": "propose"}, "say": "x"},
                         {"id": "big-offer", "when": {"all": [{"move": "propose"}, {"trust": {"at_least": 0.5}}]}, "say": "y"}))
    for fixed in (swapped, once):
        assert "rule-never-fires" not in {c for c, _, _ in codes_at(fixed)}


def test_an_effect_on_a_bystanders_meter_that_a_condition_reads_reaches_someone() -> None:
    read = minimal(delegations=[*minimal()["delegations"][:2], {**minimal()["delegations"][2], "rules": [
        {"id": "frown", "when": {"move": "pressure"}, "say": "Tut.", "effects": {"tension": 0.1}},
        {"id": "fed-up", "when": {"tension": {"at_least": 0.5}}, "say": "Enough."}]}])
    assert "effect-reaches-nobody" not in {c for c, _, _ in codes_at(text_of(read))}


def test_a_counterpart_target_moves_the_players_counterparts_meters() -> None:
    from roleplay.engine import effects
    from roleplay.engine.session import Session
    from roleplay.scenario.models import Effects
    from tests.conftest import scenario_of

    session = Session(scenario_of(minimal()), "buyer", 1)
    before = session.meters("seller").tension
    effects.apply(session, Effects(target="counterpart", tension=0.1), "press")
    assert session.meters("seller").tension == pytest.approx(before + 0.1)
    assert session.meters("press").tension == pytest.approx(0.2)  # the owner's own meter is left alone


def test_a_rule_every_type_answers_first_never_fires() -> None:
    text = text_of(typed({"id": "hard", "rules": [catch_all({"move": "propose"})]},
                         {"id": "soft", "rules": [catch_all({"move": ["propose", "accept"]})]}))
    found = [p for p in check_text(text, "lint.yaml").problems if p.code.startswith("rule-")]
    assert [(p.code, p.line, p.column) for p in found] == [("rule-never-fires", *position(text, "all:"))]
    assert "'any-offer'" in found[0].message


def test_a_types_rule_behind_an_earlier_rule_of_the_same_type_never_fires() -> None:
    text = text_of(typed({"id": "hard", "rules": [{"id": "always", "when": {"round_at_least": 0}, "say": "x"},
                                                  {"id": "late", "when": {"move": "probe"}, "say": "y"}]},
                         {"id": "soft"}, own=()))
    found = [(p.code, p.line, p.column, p.message) for p in check_text(text, "lint.yaml").problems]
    assert [f[:3] for f in found] == [("rule-never-fires", *position(text, "move: probe"))]
    assert "'always' always answers first" in found[0][3]


def test_a_once_only_type_rule_hides_nothing() -> None:
    text = text_of(typed({"id": "hard", "rules": [{**catch_all({"move": "propose"}), "once": True}]}, {"id": "soft"}))
    assert not [p for p in check_text(text, "lint.yaml").problems if p.code.startswith("rule-")]


def test_a_self_contradicting_rule_never_fires() -> None:
    text = text_of(rules({"id": "never", "when": {"all": [{"round_at_least": 3}, {"round_at_most": 1}]}, "say": "x"}))
    assert codes_at(text) == [("rule-never-fires", *position(text, "all:"))]


def test_a_scenario_can_silence_a_warning_on_purpose() -> None:
    data = CASES["no-zopa"][0]
    assert "no-zopa" in {c for c, _, _ in codes_at(text_of(data))}
    assert "no-zopa" not in {c for c, _, _ in codes_at(text_of({**data, "lint_ignore": ["no-zopa"]}))}


def test_warnings_keep_exit_0_unless_strict(tmp_path, capsys) -> None:
    path = tmp_path / "warned.yaml"
    path.write_text(text_of(CASES["flag-never-read"][0]))
    assert main(["validate", str(path)]) == 0
    assert "(1 warning)" in capsys.readouterr().out
    assert main(["validate", "--strict", str(path)]) == 2


def test_deep_reports_endings_no_strategy_reaches(tmp_path, capsys) -> None:
    data = minimal(endings=[{"id": "miracle", "title": "M", "outcome": ["agreement"], "when": {"flag": "miracle"}, "text": "."},
                            *minimal()["endings"]])
    delegation(data, "seller")["rules"] = [{"id": "m", "when": {"round_at_least": 99}, "effects": {"set_flags": ["miracle"]}}]
    path = tmp_path / "deep.yaml"
    path.write_text(text_of(data))
    assert main(["validate", "--deep", "--strict", str(path)]) == 2
    assert "ending-never-reached: no simulated game reached the ending 'miracle'" in capsys.readouterr().out


@pytest.mark.parametrize("before, after, where", [
    ('text: "The talks end without a lease."', 'text: "The talks end without {package}."', "an ending"),
    ('say: "The council reminds both parties that a shouting match on the quay helps nobody."',
     'say: "The council frowns at {package}."', "rule 'council-frowns-on-pressure'"),
    ('story: "The building stays empty another season."', 'story: "{name} stays empty."', "BATNA"),
])
def test_texts_told_as_written_and_comments_cannot_fill_every_placeholder(before: str, after: str, where: str) -> None:
    from tests.conftest import TUTORIAL

    base = TUTORIAL.read_text(encoding="utf-8")
    assert before in base
    text = base.replace(before, after)
    found = [p for p in check_text(text, "t.yaml").problems if p.code == "unfilled-placeholder"]
    assert len(found) == 1 and where in found[0].message
    assert found[0].line == next(n for n, line in enumerate(text.splitlines(), 1) if after.split(": ", 1)[1] in line)


def test_a_types_rule_line_is_checked_and_the_hint_names_the_moves_that_fill_it() -> None:
    text = text_of(typed({"id": "hard", "rules": [{"id": "thanks", "when": {"move": "gesture"},
                                                   "say": "Kind of you. On {issue}: {package}."}]}, {"id": "soft"}, own=()))
    found = [p for p in check_text(text, "lint.yaml").problems if p.code == "unfilled-placeholder"]
    line, _ = position(text, "Kind of you")
    assert [(p.line, p.column) for p in found] == [(line, text.splitlines()[line - 1].index("say: ") + 6)]
    assert "{issue}, {package}, which have no value" in found[0].message
    assert "{package} needs a condition that asks for 'move: propose' or 'move: accept'" in found[0].hint
    assert "{issue} needs a condition that asks for 'move: propose' or 'move: accept' or 'move: probe'" in found[0].hint


def test_a_rule_for_a_round_the_talks_never_reach_never_fires() -> None:
    def late(round: int) -> dict[str, Any]:
        return rules({"id": "late", "when": {"all": [{"move": "propose"}, {"round_at_least": round}]}, "say": "y"})

    bad = text_of(late(9))
    found = [c for c in codes_at(bad) if c[0] == "rule-never-fires"]
    assert found and found[0][1:] == position(bad, "all:")
    last_offer_round = minimal()["rounds"] + 1
    assert "rule-never-fires" not in {c for c, _, _ in codes_at(text_of(late(last_offer_round)))}


def test_a_warning_the_loader_tells_is_silenced_like_any_other() -> None:
    text = text_of(minimal()).replace("playable: true", "playable: yes", 1)
    assert "yes-no-value" in {c for c, _, _ in codes_at(text)}
    silenced = text_of(minimal(lint_ignore=["yes-no-value"])).replace("playable: true", "playable: yes", 1)
    assert "yes-no-value" not in {c for c, _, _ in codes_at(silenced)}
    assert "unknown-lint-code" not in {c for c, _, _ in codes_at(silenced)}

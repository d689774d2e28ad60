"""The coach: each rule speaks on a hand-made mistake, stays silent on a good move, and knows only what the player knows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from roleplay import saves
from roleplay.coaching import Coach, ignored, markdown
from roleplay.engine import actions as a
from roleplay.engine.coach import RULES, advise, explain
from roleplay.engine.session import Session
from roleplay.engine.view import player_view
from roleplay.record import data
from roleplay.scenario.models import Scenario
from tests.conftest import delegation, minimal, scenario_of, to_bargaining


def table(**seller: Any) -> Scenario:
    """Price matters three times as much as time to the buyer, and the two sides pull apart on both."""
    data = minimal()
    buyer, other = delegation(data, "buyer"), delegation(data, "seller")
    buyer["stances"]["price"]["weight"] = 3
    other["stances"]["time"] = {"ideal": "t0", "reservation": "t2", "expectation": "t1", "weight": 1}
    other.update(seller)
    return scenario_of(data)


EXPECT = {"price": "p1", "time": "t1"}


def opened(scenario: Scenario | None = None) -> Session:
    return to_bargaining(Session(scenario or table(), "buyer", seed=1), EXPECT)


def moved(move: Any) -> Session:
    session = opened()
    session.act(move)
    assert not session.finished()
    return session


def rules(session: Session, action: Any, scenario: Scenario | None = None) -> set[str]:
    return {hint.rule for hint in advise(player_view(session), scenario or session.written, action)}


# Each rule: a situation, the mistake it names, and a good move in the same situation.
CASES = {
    "near_walkaway": (opened, a.Propose(package={"price": "p3", "time": "t2"}),
                      a.Propose(package={"price": "p0", "time": "t1"})),
    "below_expectation": (opened, a.Propose(package={"price": "p2", "time": "t1"}),
                          a.Propose(package={"price": "p1", "time": "t2"})),
    "refused_better": (lambda: moved(a.Propose(package={"price": "p1", "time": "t1"})),
                       a.Propose(package={"price": "p0", "time": "t1"}),
                       a.Propose(package={"price": "p2", "time": "t1"})),
    "big_concession": (opened, a.Propose(package={"price": "p2", "time": "t2"}),
                       a.Propose(package={"price": "p0", "time": "t1"})),
    "missed_trade": (opened, a.Propose(package={"price": "p1", "time": "t2"}),
                     a.Propose(package={"price": "p0", "time": "t1"})),
}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_each_rule_about_an_offer_speaks_on_the_mistake_and_not_on_the_good_move(rule: str) -> None:
    situation, mistake, good = CASES[rule]
    session = situation()
    assert rule in rules(session, mistake)
    assert rule not in rules(session, good)


def test_offers_rejected_outright_twice_call_for_moving_on_more_issues() -> None:
    from roleplay.engine.state import Statement

    session = opened()
    move = a.Propose(package={"price": "p0", "time": "t2"})
    assert "rejected_outright" not in rules(session, move)
    for round in (1, 2):
        session.state.transcript.append(Statement(round=round, speaker="seller", text="Never.", tag="reject"))
    assert "rejected_outright" in rules(session, move)
    assert "rejected_outright" not in rules(session, a.Propose(package={"price": "p1", "time": "t2"}))


def test_the_same_refused_package_again_is_named() -> None:
    session = moved(a.Propose(package={"price": "p1", "time": "t1"}))
    assert "refused_better" in rules(session, a.Propose(package={"price": "p1", "time": "t1"}))
    assert "refused_better" not in rules(session, a.Propose(package={"price": "p1", "time": "t0"}))


def test_tension_near_the_limit_warns_before_pressure_but_not_before_a_concession() -> None:
    session = opened()
    assert "tension_limit" not in rules(session, a.Pressure(issue="price"))
    session.state.meters["seller"].tension = 0.55
    assert "tension_limit" in rules(session, a.Pressure(issue="price")), "past half the limit pressure is risky"
    assert "tension_limit" not in rules(session, a.Probe(issue="price"))
    session.state.meters["seller"].tension = 0.75
    assert "tension_limit" not in rules(session, a.Probe(issue="price")), "a probe adds less than pressure"
    session.state.meters["seller"].tension = 0.9
    assert "tension_limit" in rules(session, a.Probe(issue="price"))
    assert "tension_limit" not in rules(session, a.Propose(package={"price": "p0", "time": "t1"}))


def test_rounds_running_out_warn_before_a_move_that_offers_nothing() -> None:
    session = opened()
    assert "running_out" not in rules(session, a.Probe(issue="price"))
    session.act(a.Propose(package={"price": "p0", "time": "t1"}))
    session.act(a.Propose(package={"price": "p1", "time": "t1"}))
    assert "running_out" not in rules(session, a.Probe(issue="price")), "two rounds of four left is not running out"
    session.act(a.Probe(issue="time"))
    assert session.phase == "bargaining" and session.scenario.rounds - session.state.round == 1
    assert "running_out" in rules(session, a.Probe(issue="price"))
    assert "running_out" not in rules(session, a.OfferGesture(gesture="none")), "a gesture offers something"
    assert "running_out" not in rules(session, a.Propose(package={"price": "p2", "time": "t0"}))


def test_skipping_preparation_is_named_and_preparing_is_not() -> None:
    session = Session(table(), "buyer", seed=1)
    session.act(a.BeginPreparation())
    for issue, option in EXPECT.items():
        session.act(a.SetExpectation(issue=issue, option=option))
    assert "unprepared" in rules(session, a.FinishPreparation())
    session.act(a.ConsultAlly(delegation="press"))
    assert "unprepared" not in rules(session, a.FinishPreparation())


def test_every_rule_has_a_case() -> None:
    covered = set(CASES) | {"tension_limit", "running_out", "unprepared", "rejected_outright"}
    assert covered == set(RULES)


def test_every_hint_says_why() -> None:
    session = opened()
    for _, mistake, _ in CASES.values():
        for hint in advise(player_view(session), session.written, mistake):
            assert hint.text and len(hint.why) > 40 and hint.about == mistake


def _everything_said(session: Session, scenario: Scenario) -> list[tuple[str, str, str]]:
    view = player_view(session)
    said = [(h.rule, h.text, h.why) for _, mistake, good in CASES.values() for move in (mistake, good)
            for h in advise(view, scenario, move, "tutor")]
    said += [(h.rule, h.text, h.why) for h in explain(view, scenario)]
    return said


def test_the_coach_says_the_same_whatever_the_hidden_side_is() -> None:
    """Change the other side's hidden stance, BATNA and type: what the coach says of the same view is unchanged."""
    written = table(types=[{"id": "soft", "label": "a soft seller", "batna": 0.1},
                           {"id": "hard", "label": "a hard seller", "temperament": 0.3,
                            "stances": {"price": {"reservation": "p2", "expectation": "p4"}}}])
    hidden = table(batna={"utility": 0.6}, temperament=3.0,
                   stances={"price": {"ideal": "p4", "reservation": "p0", "expectation": "p2", "weight": 9},
                            "time": {"ideal": "t0", "reservation": "t1", "expectation": "t0", "weight": 0.5}},
                   types=[{"id": "soft", "label": "a soft seller"}, {"id": "hard", "label": "a hard seller",
                                                                     "temperament": 2.0}])
    session = opened(written)
    session.act(a.Propose(package={"price": "p1", "time": "t2"}))
    said = _everything_said(session, written)
    assert said, "the coach has something to say in this situation"
    assert _everything_said(session, hidden) == said
    session.state.types["seller"] = "hard" if session.state.types["seller"] == "soft" else "soft"
    assert _everything_said(session, written) == said


def test_a_warning_holds_the_move_once_is_recorded_and_the_debrief_names_it_when_played_past(tmp_path: Path) -> None:
    session = opened()
    kept: list[Coach] = []
    coach = Coach("hints", changed=kept.append)
    mistake = a.Propose(package={"price": "p3", "time": "t2"})
    assert coach.before(session, mistake), "the coach speaks before the move"
    assert coach.before(session, mistake) == [], "the same move again goes through"
    assert kept and coach.records[0].about == data(mistake)
    session.act(mistake)
    while not session.finished():
        session.act(a.WalkOut())
    assert ignored(coach.records, session.actions) == coach.records[:len(coach.records)]
    text = markdown(session, coach.records, coach.level)
    assert "Coach level: hints" in text and "You played on" in text and "propose" in text
    heeded = opened()
    other = Coach("hints")
    other.before(heeded, mistake)
    heeded.act(a.Propose(package={"price": "p0", "time": "t1"}))
    assert ignored(other.records, heeded.actions) == []


def test_the_coach_is_silent_when_off_and_its_level_and_hints_are_saved(tmp_path: Path) -> None:
    session = opened()
    assert Coach("off").before(session, a.Propose(package={"price": "p3", "time": "t2"})) == []
    slot = saves.Slot(tmp_path / "g.json", "d" * 64)
    coach = Coach("tutor", changed=lambda c: slot.carry(coach=c.level, hints=list(c.records)))
    coach.before(session, a.Propose(package={"price": "p3", "time": "t2"}))
    slot.record(session)
    save = saves.read(slot.path)
    assert save.coach == "tutor" and [h.rule for h in save.hints] == [r.rule for r in coach.records]
    old = save.model_dump(exclude={"coach", "hints", "parent", "fork_round"})
    assert saves.SaveFile.model_validate(old).coach == "off", "an older save loads with the coach off"


def test_the_tutor_explains_each_round_and_the_hints_level_does_not() -> None:
    session = opened()
    session.act(a.Propose(package={"price": "p0", "time": "t1"}))
    assert Coach("hints").after(session) == []
    said = Coach("tutor").after(session)
    assert said and said[0].rule == "round" and "worth" in said[0].text and said[0].about is None
    session.state.meters["seller"].tension = 0.85
    assert "tension_high" in {h.rule for h in explain(player_view(session), session.written)}


def test_the_tutor_tells_their_opening_offer_as_an_opening_and_a_later_one_by_what_it_moved() -> None:
    session = opened()
    [first] = [h for h in explain(player_view(session), session.written) if h.rule == "round"]
    assert first.text.startswith("Their opening offer is worth") and "last move" not in first.text
    session.act(a.Propose(package={"price": "p0", "time": "t1"}))
    [later] = [h for h in explain(player_view(session), session.written) if h.rule == "round"]
    assert "their last move" in later.text


def test_a_rejection_that_came_with_a_counter_offer_is_told_as_countered() -> None:
    session = opened()
    for _ in range(2):
        session.act(a.Propose(package={"price": "p0", "time": "t0"}))  # price 0 is beyond what the seller can take
    answers = [s for s in session.state.transcript if s.speaker == "seller" and s.round > 0]
    countered = [o for o in session.state.offers if o.by == "seller" and o.round > 0]
    assert [s.tag for s in answers] == ["reject", "reject"] and len(countered) == 2, "refused, and countered"
    hint = next(h for h in advise(player_view(session), session.written, a.Propose(package={"price": "p0", "time": "t0"}))
                if h.rule == "rejected_outright")
    assert "cannot accept something in it, and countered" in hint.text and "not countered" not in hint.text
    assert " 1 issues" not in hint.text, "one issue apart is one issue"


def test_a_move_played_past_several_warnings_is_told_once_in_the_debrief() -> None:
    session = opened()
    coach = Coach("hints")
    mistake = a.Propose(package={"price": "p2", "time": "t2"})
    warnings = coach.before(session, mistake)
    assert len(warnings) >= 2, "a concession at once large, below expectation and a missed trade"
    session.act(mistake)
    text = markdown(session, coach.records, coach.level)
    assert text.count("What followed") == 1 and text.count("You played on") == 1
    assert all(w.text in text for w in warnings)


def test_an_expectation_is_quoted_apart_from_the_sentence_around_it() -> None:
    """Option labels are phrases of their own ("the landlord pays half"): never 'less than the the ...'."""
    session = opened()
    [hint] = [h for h in advise(player_view(session), session.written, CASES["below_expectation"][1])
              if h.rule == "below_expectation"]
    expected = session.state.expectations["price"]
    label = session.scenario.issue("price").options[session.scenario.rank("price", expected)].label
    assert f"short of what you expected ({label})" in hint.text


def test_a_warning_played_past_in_the_last_bargaining_round_is_dated_in_that_round() -> None:
    from roleplay.coaching import notes
    from roleplay.saves import HintRecord
    from roleplay.scenario.loader import load
    from tests.conftest import TUTORIAL

    scenario = load(TUTORIAL).scenario
    session = to_bargaining(Session(scenario, "tenant", 3))
    while session.state.round < scenario.rounds - 1:
        session.act(a.Probe(issue="rent"))
    last = a.Probe(issue="term")
    at = len(session.actions)
    session.act(last)
    assert session.phase == "closing", "the last bargaining move opened the last-offer round"
    record = HintRecord(round=scenario.rounds, at=at, rule="rounds_running_out", text="One round left.",
                        about=data(last))
    [line] = notes(session, [record])
    assert line.startswith(f"Round {scenario.rounds}: ")
    answer = next(s.text for s in session.state.transcript[::-1] if s.speaker == "landlord" and s.tag == "probe")
    assert answer.rstrip(".") in line, "what followed is the answer to that move"

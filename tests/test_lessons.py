"""What the player did well, quoted from their own game."""

from __future__ import annotations

from roleplay.debrief import debrief_markdown
from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.engine.state import Outcome
from roleplay.lessons import done_well
from roleplay.scenario.models import Scenario
from tests.conftest import to_bargaining


def test_a_gesture_that_raised_trust_is_named_with_the_rise_and_the_answer(tutorial: Scenario) -> None:
    session = to_bargaining(Session(tutorial, "tenant", seed=3))
    before = session.meters("landlord").trust
    heard = len(session.state.transcript)
    session.act(a.OfferGesture(gesture="early-deposit"))
    after = session.meters("landlord").trust
    answer = next(s for s in session.state.transcript[heard:] if s.speaker == "landlord")
    session.act(a.WalkOut())
    found = [text for text in done_well(session) if "gesture" in text]
    assert len(found) == 1
    assert "'Pay the deposit early'" in found[0] and f"from {before:.2f} to {after:.2f}" in found[0]
    assert answer.speaker == "landlord" and answer.text in found[0]


def test_expectations_made_right_by_intelligence_name_their_source(tutorial: Scenario) -> None:
    session = Session(tutorial, "tenant", seed=3)
    landlord = session.scenario.delegation("landlord")  # as the type drawn expects
    session.act(a.BeginPreparation())
    session.act(a.PickMember(member="accountant"))
    member = next(m for m in tutorial.team.roster if m.id == "accountant")
    issue = member.intel[0].issue
    for each in tutorial.issues:
        session.act(a.SetExpectation(issue=each.id, option=landlord.stances[each.id].expectation))
    session.act(a.FinishPreparation())
    session.act(a.OpenTalks())
    session.act(a.WalkOut())
    found = " ".join(done_well(session))
    assert member.name in found and tutorial.issue(issue).label in found


def test_play_with_nothing_to_praise_gets_no_praise(tutorial: Scenario) -> None:
    session = to_bargaining(Session(tutorial, "tenant", seed=3))
    session.act(a.WalkOut())
    assert done_well(session) == []
    assert "What you did well" not in debrief_markdown(session)


def test_an_agreement_names_the_trade_it_rests_on(tutorial: Scenario) -> None:
    """The tenant moved on rent, the landlord on the fit-out: that is the trade, quoted from both openings."""
    session = to_bargaining(Session(tutorial, "tenant", seed=0))  # an owner in a hurry, who may pay half the fit-out
    state = session.state
    mine = next(o.package for o in state.offers if o.by == "tenant")
    theirs = next(o.package for o in state.offers if o.by == "landlord")
    agreed = {"rent": "r2200", "term": theirs["term"], "fitout": "half"}
    assert mine["rent"] != "r2200" and theirs["fitout"] != "half"
    state.outcome = Outcome(kind="agreement", cause="accepted", package=agreed, round=state.round)
    (trade,) = [text for text in done_well(session) if text.startswith("You found a trade")]
    label = lambda issue, option: tutorial.issue(issue).options[tutorial.rank(issue, option)].label  # noqa: E731
    assert f"Rent (from {label('rent', mine['rent'])} to 2,200 a month)" in trade
    assert f"Fit-out (from {label('fitout', theirs['fitout'])} to the landlord pays half)" in trade


def test_the_debrief_says_who_ended_the_talks_and_when(tutorial: Scenario) -> None:
    session = to_bargaining(Session(tutorial, "tenant", seed=3))
    session.act(a.Probe(issue="rent"))
    session.act(a.WalkOut())
    assert "*You walked out of the talks in round 2.*" in debrief_markdown(session)
    held = to_bargaining(Session(tutorial, "tenant", seed=3))
    while not held.finished():
        held.act(a.CallClosing() if held.phase == "bargaining" else a.Propose(package={"rent": "r1800"}))
    assert held.state.outcome is not None and held.state.outcome.cause == "timeout"
    assert ("*The last-offer round was called before the rounds ran out; the last offers decided it in round 1.*"
            in debrief_markdown(held))


def _accepted(batna: float) -> Session:
    """The buyer of the minimal scenario settles on price p2 after opening at p0: a trade of steps on price."""
    from tests.conftest import delegation, minimal, scenario_of

    data = minimal()
    delegation(data, "buyer")["batna"] = {"utility": batna}
    session = to_bargaining(Session(scenario_of(data), "buyer", 0), {"price": "p3", "time": "t0"},
                            offer={"price": "p0", "time": "t2"})
    session.act(a.Propose(package={"price": "p2", "time": "t1"}))
    if session.state.outcome is None:
        session.act(a.Accept())
    assert session.state.outcome is not None and session.state.outcome.kind == "agreement"
    return session


def test_a_deal_worth_less_than_no_deal_is_not_praised_and_its_score_says_why_parts_count_nothing() -> None:
    above = _accepted(batna=0.6)
    assert any(text.startswith("You found a trade") for text in done_well(above))
    below = _accepted(batna=0.7)
    assert below.state.score is not None and below.state.score.player_utility < 0.7
    assert not any(text.startswith("You found a trade") for text in done_well(below))
    parts = {p.name: p for p in below.state.score.parts}
    assert parts["gap_closure"].value == 0
    assert parts["gap_closure"].detail.startswith("none counted: the deal is worth less to you (0.67) than no deal (0.70)")


def test_the_outcome_line_says_what_gestures_cost(tutorial: Scenario) -> None:
    session = to_bargaining(Session(tutorial, "tenant", seed=3))
    session.act(a.OfferGesture(gesture="early-deposit"))
    session.act(a.WalkOut())
    assert session.state.score is not None
    [outcome] = [p for p in session.state.score.parts if p.name == "outcome"]
    batna = session.player.batna.utility
    assert f"your utility {batna - 0.02:.2f} against a BATNA of {batna:.2f} ({batna:.2f}, less 0.02 given up in " \
           "gestures)" in outcome.detail


def test_the_nash_point_names_the_issues_it_leaves_out_and_why() -> None:
    from roleplay.debrief import nash_in_words
    from tests.conftest import delegation, minimal, scenario_of

    data = minimal()
    delegation(data, "buyer")["stances"]["time"] = {"ideal": "t2", "reservation": "t1", "expectation": "t2"}
    delegation(data, "seller")["stances"]["time"] = {"ideal": "t0", "reservation": "t0", "expectation": "t0"}
    for side in ("buyer", "seller"):
        delegation(data, side)["batna"] = {"utility": 0.05}
    session = to_bargaining(Session(scenario_of(data), "buyer", 0), {"price": "p2", "time": "t2"})
    session.act(a.WalkOut())
    assert session.state.score is not None and "time" not in session.state.score.nash
    assert "it leaves out Time, where no option lies within both sides' limits" in nash_in_words(session)


def test_the_debrief_shows_the_last_exchange_which_the_table_never_did(tutorial: Scenario) -> None:
    session = to_bargaining(Session(tutorial, "tenant", seed=3))
    session.act(a.Probe(issue="rent"))
    heard = len(session.state.transcript)
    session.act(a.WalkOut())
    said = [s for s in session.state.transcript[heard:] if s.tag != "ending"]
    text = debrief_markdown(session)
    section = text.split("## The last exchange\n\n")[1].split("\n\n")[0].splitlines()
    names = {"narrator": "Narrator"} | {d.id: d.name for d in session.scenario.delegations}
    assert section == [f"- {s.text}" if s.text.startswith(names[s.speaker]) else f"- **{names[s.speaker]}**: {s.text}"
                       for s in said]
    assert section[0] == f"- {said[0].text}", "a line that names its speaker is not headed by the name again"
    assert said[0].speaker == "tenant" and text.index("## The last exchange") < text.index("## Score")


def test_the_debrief_names_each_issues_expectation_and_reality_gaps(tutorial: Scenario) -> None:
    session = to_bargaining(Session(tutorial, "tenant", seed=3))
    session.act(a.WalkOut())
    text = debrief_markdown(session)
    main = session.main.id
    for issue in session.scenario.issues:
        last = [g for g in session.state.gaps if g.counterpart == main and g.issue == issue.id][-1]
        line = next(row for row in text.splitlines() if row.startswith(f"- **{issue.label}**: you expected"))
        assert line.endswith(f"(expectation gap {last.expectation:.2f}, reality gap {last.reality:.2f}).")
    assert "The *expectation gap* is how far your expectation was from theirs" in text


def test_a_refusal_for_lack_of_budget_names_the_budgets_unit(tutorial: Scenario) -> None:
    from roleplay.engine.session import IllegalAction

    session = Session(tutorial, "tenant", seed=3)
    session.act(a.BeginPreparation())
    unit = tutorial.preparation.label
    for member in tutorial.team.roster:
        if session.can(a.PickMember(member=member.id)):
            session.act(a.PickMember(member=member.id))
    session.state.budget_left = 0.5
    ally, consult = next((d, d.consult) for d in tutorial.delegations if d.consult is not None)
    try:
        session.act(a.ConsultAlly(delegation=ally.id))
    except IllegalAction as refused:
        assert f"only 0.5 {unit}" in str(refused) and f"costs {consult.cost:g} " in str(refused)
    else:
        raise AssertionError("a consultation beyond the budget was allowed")

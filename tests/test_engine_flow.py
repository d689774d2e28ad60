"""The state machine: which actions each state allows, and how every state is reached."""

from __future__ import annotations

import copy
import random

import pytest

from roleplay.engine import actions as a
from roleplay.engine.flow import ROUTES, STATES
from roleplay.engine.session import IllegalAction, Session
from roleplay.scenario.models import Scenario
from tests.conftest import delegation, minimal, scenario_of, to_bargaining


def reach(scenario: Scenario, state: str) -> Session:
    session = Session(scenario, "buyer", seed=1)
    steps: dict[str, list[a.Action]] = {
        "briefing": [],
        "preparation": [a.BeginPreparation()],
        "opening": [a.BeginPreparation(), a.SetExpectation(issue="price", option="p1"),
                    a.SetExpectation(issue="time", option="t2"), a.FinishPreparation()],
    }
    if state in steps:
        for action in steps[state]:
            session.act(action)
        return session
    to_bargaining(session, {"price": "p1", "time": "t2"})
    if state == "closing":
        session.act(a.CallClosing())
    if state in ("concluded", "debrief"):
        session.act(a.WalkOut())
    if state == "debrief":
        session.act(a.ShowDebrief())
    return session


PROPOSAL = a.Propose(package={"price": "p2", "time": "t2"})
ALLOWED: dict[str, set[str]] = {
    "briefing": {"begin_preparation"},
    "preparation": {"pick_member", "consult_ally", "set_expectation", "set_walkaway", "finish_preparation"},
    "opening": {"open_talks"},
    "bargaining": {"propose", "probe", "pressure", "consult", "accept", "walk_out", "call_closing"},
    "closing": {"propose", "accept", "walk_out"},
    "concluded": {"show_debrief"},
    "debrief": set(),
}
SAMPLES: list[a.Action] = [
    a.BeginPreparation(), a.ConsultAlly(delegation="press"), a.SetExpectation(issue="price", option="p1"),
    a.SetWalkaway(issue="price", option="p2"), a.FinishPreparation(), a.OpenTalks(), PROPOSAL,
    a.Probe(issue="price"), a.Pressure(), a.Consult(delegation="press"), a.Accept(), a.WalkOut(), a.CallClosing(),
    a.ShowDebrief(),
]


@pytest.fixture(scope="module")
def within_reach() -> Scenario:
    """The minimal scenario with a seller that opens at an offer the buyer may accept."""
    data = minimal()
    delegation(data, "seller")["opening"] = {"price": "p3"}
    return scenario_of(data)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", SAMPLES, ids=lambda action: action.kind)
def test_each_state_allows_exactly_its_actions(within_reach: Scenario, state: str, action: a.Action) -> None:
    session = reach(within_reach, state)
    assert session.phase == state
    if state == "preparation" and action.kind == "finish_preparation":
        assert not session.can(action)  # expectations are not written yet
        return
    assert session.can(action) == (action.kind in ALLOWED[state])


def test_every_state_is_reachable_and_the_phase_is_saved(mini: Scenario) -> None:
    for state in STATES:
        session = reach(mini, state)
        assert session.phase == state == session.state.phase


def test_every_route_names_a_known_state() -> None:
    for route in ROUTES:
        assert set(route.sources) <= set(STATES)
        assert route.dest is None or route.dest in STATES


def test_a_refused_action_says_why_and_changes_nothing(mini: Scenario) -> None:
    session = reach(mini, "preparation")
    before = copy.deepcopy(session.state)
    with pytest.raises(IllegalAction, match="expect on every issue"):
        session.act(a.FinishPreparation())
    with pytest.raises(IllegalAction, match="not an option of Price"):
        session.act(a.SetExpectation(issue="price", option="p9"))
    with pytest.raises(IllegalAction, match="during preparation"):
        session.act(PROPOSAL)
    assert session.state == before
    assert session.actions == [a.BeginPreparation()]


def test_only_playable_delegations_can_be_played(mini: Scenario) -> None:
    with pytest.raises(IllegalAction, match="not a playable delegation"):
        Session(mini, "press")


def test_preparation_spends_the_budget_and_consulting_narrows_intelligence(tutorial: Scenario) -> None:
    session = Session(tutorial, "tenant", seed=4)
    session.act(a.BeginPreparation())
    session.act(a.PickMember(member="accountant"))
    session.act(a.PickMember(member="lawyer"))
    assert session.state.budget_left == 1
    assert not session.can(a.PickMember(member="agent"))  # serves the landlord
    session.act(a.ConsultAlly(delegation="council"))
    assert session.state.budget_left == 0
    assert "council-briefed" in session.state.flags
    assert session.why_not(a.DropMember(member="nobody")) is not None
    rent = session.state.intel["landlord"]["rent"]
    truth = session.scenario.delegation("landlord").stances["rent"].expectation  # as the type drawn expects
    assert rent.width == 2 and rent.lo <= tutorial.rank("rent", truth) <= rent.hi
    assert session.state.intel["landlord"]["term"].width == 1  # the lawyer's intel shows as soon as they are picked
    session.act(a.DropMember(member="lawyer"))
    assert session.state.intel["landlord"]["term"].width > 1  # and leaves with them
    assert session.state.intel["landlord"]["fitout"].width == 4
    assert session.state.intel["landlord"]["rent"] == rent  # what the others told stays as it was


def test_intelligence_in_preparation_only_narrows_as_more_sources_tell_it() -> None:
    """What a member told is told again alike after a consultation: a newcomer narrows it, never widens it.
    Rebuilt with the consultations first, a member's draw started again from other ranges, and on the flagship
    a pick that told the player who Pyongyang was could be followed by a consultation that left it at 50/50."""
    from roleplay.scenario.loader import load
    from tests.conftest import ROOT

    scenario = load(ROOT / "scenarios" / "us-dprk-summit-2018.yaml").scenario
    members = [m.id for m in scenario.team.roster]
    allies = [d.id for d in scenario.delegations if d.consult]
    for seed in range(120):
        chance = random.Random(seed)
        session = Session(scenario, "us", seed)
        session.act(a.BeginPreparation())
        sources: list[a.Action] = [*(a.PickMember(member=m) for m in chance.sample(members, 3)),
                                   *(a.ConsultAlly(delegation=d) for d in chance.sample(allies, 2))]
        chance.shuffle(sources)
        before = {who: dict(known) for who, known in session.state.intel.items()}
        for action in sources:
            if session.attempt(action) is not None:
                continue
            for who, known in session.state.intel.items():
                for issue, now in known.items():
                    was = before[who][issue]
                    assert was.lo <= now.lo and now.hi <= was.hi, (seed, action, issue)
            before = {who: dict(known) for who, known in session.state.intel.items()}


def test_a_full_budget_refuses_more_team_members(tutorial: Scenario) -> None:
    session = Session(tutorial, "tenant", seed=4)
    session.act(a.BeginPreparation())
    session.act(a.ConsultAlly(delegation="council"))
    session.act(a.PickMember(member="accountant"))
    session.act(a.PickMember(member="lawyer"))
    session.act(a.DropMember(member="lawyer"))
    assert session.state.team == ["accountant"] and session.state.budget_left == 1


def test_walkaways_cannot_cross_the_instructions(mini: Scenario) -> None:
    session = reach(mini, "preparation")
    assert session.why_not(a.SetWalkaway(issue="price", option="p4")) == (
        "that lies beyond what your instructions allow you to accept"
    )
    session.act(a.SetWalkaway(issue="price", option="p2"))
    assert session.player_range("price") == (0, 2)


def test_what_crosses_a_walkaway_follows_the_walkaway_chosen_last(mini: Scenario) -> None:
    session = reach(mini, "preparation")
    assert session.crossings({"price": "p3"}) == []
    session.act(a.SetWalkaway(issue="price", option="p2"))
    assert session.crossings({"price": "p3"}) == ["price"]
    other = reach(mini, "preparation")  # a game on the same scenario that chose none
    assert other.crossings({"price": "p3"}) == [] and session.crossings({"price": "p3"}) == ["price"]
    session.act(a.SetWalkaway(issue="price", option="p3"))
    assert session.crossings({"price": "p3", "time": "t0"}) == []


class _NoDraws(random.Random):
    """A generator that fails the test if it is asked for a number."""

    def randint(self, a: int, b: int) -> int:
        raise AssertionError("narrow drew where draws() said it would not")


def test_intelligence_draws_exactly_where_narrowing_changes_the_range() -> None:
    """A source's generator is seeded only for a grant that draws: where `draws` says none is made,
    narrowing leaves the range as it is, and where it says one is, the range comes out narrower."""
    from roleplay.engine.intel import Range, narrow
    from roleplay.engine.reactions import draws

    for lo in range(4):
        for hi in range(lo, 6):
            for width in range(0, 8):
                known = Range(lo, hi)
                if draws(known, width):
                    assert narrow(known, lo, width, random.Random(0)).width < known.width
                else:
                    assert narrow(known, lo, width, _NoDraws()) == known

"""Every test of the condition language, true and false, against a real game."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from roleplay.engine import actions as a
from roleplay.engine.facts import SessionFacts
from roleplay.engine.session import Session
from roleplay.record_models import adapter
from roleplay.scenario.conditions import TESTS, Condition
from roleplay.scenario.models import Scenario
from tests.conftest import minimal, scenario_of

CONDITION = adapter(Condition)

# After preparation (press consulted, expectations p1/t2), the opening, a gift and a probe on price.
CASES: list[tuple[dict[str, Any], dict[str, Any] | None]] = [
    ({"round_at_least": 2}, {"round_at_least": 3}),
    ({"round_at_most": 2}, {"round_at_most": 1}),
    ({"phase": "bargaining"}, {"phase": "closing"}),
    ({"trust": {"at_least": 0.6}}, {"trust": {"below": 0.6}}),
    ({"tension": {"below": 0.2, "of": "seller"}}, {"tension": {"at_least": 0.5}}),
    ({"move": ["probe", "propose"]}, {"move": "pressure"}),
    ({"about": "price"}, {"about": "time"}),
    ({"offered": {"issue": "price", "is": "p0"}}, {"offered": {"issue": "price", "at_least": "p1"}}),
    ({"expects": {"issue": "price", "at_most": "p1"}}, {"expects": {"issue": "time", "at_most": "t1"}}),
    ({"unsettled": "price"}, {"not": {"unsettled": "price"}}),
    ({"agreed": {"issue": "price", "at_least": "p0"}} , None),
    ({"flag": "briefed"}, {"flag": "other"}),
    ({"team": "analyst"}, {"team": "intern"}),
    ({"consulted": "press"}, {"consulted": "seller"}),
    ({"gave": "gift"}, {"gave": "other-gift"}),
    ({"outcome": "breakdown"}, None),
    ({"moves": {"kind": "probe", "at_least": 1}}, {"moves": {"kind": "gesture", "at_least": 2}}),
    ({"budget_spent": {"at_least": 0.5}}, {"budget_spent": {"below": 0.5}}),
    ({"playing": "buyer"}, {"playing": "seller"}),
    ({"all": [{"phase": "bargaining"}, {"about": "price"}]}, {"all": [{"phase": "bargaining"}, {"about": "time"}]}),
    ({"any": [{"about": "time"}, {"about": "price"}]}, {"any": [{"about": "time"}]}),
    ({"not": {"about": "time"}}, {"not": {"about": "price"}}),
]


@pytest.fixture
def session() -> Session:
    data = minimal(
        gestures=[{"id": "gift", "label": "Gift", "effects": {"trust": 0.2, "tension": -0.1}},
                  {"id": "other-gift", "label": "Other"}],
        team={"seats": 2, "roster": [{"id": "analyst", "name": "A"}, {"id": "intern", "name": "I"}]},
        preparation={"budget": 2},
    )
    data["delegations"][2]["consult"]["effects"] = {"set_flags": ["briefed"]}
    scenario: Scenario = scenario_of(data)
    game = Session(scenario, "buyer", seed=1)
    game.act(a.BeginPreparation())
    game.act(a.PickMember(member="analyst"))
    game.act(a.ConsultAlly(delegation="press"))
    for issue, option in {"price": "p1", "time": "t2"}.items():
        game.act(a.SetExpectation(issue=issue, option=option))
    game.act(a.FinishPreparation())
    game.act(a.OpenTalks())
    game.act(a.OfferGesture(gesture="gift"))
    game.act(a.Probe(issue="price"))
    return game


def test_every_condition_key_has_a_case() -> None:
    covered = {next(iter(true)) for true, _ in CASES}
    assert covered == set(TESTS)


@pytest.mark.parametrize(("holds", "fails"), CASES, ids=[next(iter(c)) for c, _ in CASES])
def test_each_condition_holds_and_fails_as_written(session: Session, holds: dict[str, Any], fails: dict[str, Any] | None) -> None:
    facts = SessionFacts(session, "seller")
    key = next(iter(holds))
    if key in ("agreed", "outcome"):  # these speak of the end of the talks
        assert not CONDITION.validate_python(holds).holds(facts)
        session.act(a.WalkOut())
        facts = SessionFacts(session, "seller")
        assert CONDITION.validate_python(holds).holds(facts) == (key == "outcome")
        return
    assert CONDITION.validate_python(holds).holds(facts)
    assert fails is not None and not CONDITION.validate_python(fails).holds(facts)


@pytest.mark.parametrize("bad", [{}, {"move": "propose", "round_at_least": 1}, {"nonsense": 1}, "propose", [1]])
def test_a_condition_is_one_known_key(bad: Any) -> None:
    with pytest.raises(ValidationError):
        CONDITION.validate_python(bad)

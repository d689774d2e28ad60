"""Work the engine keeps instead of doing again gives what doing it again gives."""

from __future__ import annotations

import pickle
import random
from typing import Any, get_args

import pytest

from roleplay.engine import actions as a
from roleplay.engine import counterparts, legality, reactions
from roleplay.engine.concession import counter_offer
from roleplay.engine.facts import SessionFacts
from roleplay.engine.session import Session
from roleplay.engine.utility import Utility, option_ranks
from roleplay.record import replace
from roleplay.scenario.conditions import MoveKind, OutcomeKind, Phase, left_to_test, walk
from roleplay.scenario.loader import load
from roleplay.scenario.models import Scenario
from roleplay.simulation.simulate import play_game
from tests.conftest import ROOT

PATHS = sorted([*(ROOT / "scenarios").glob("*.yaml"), *(ROOT / "examples").glob("*/*.yaml")])
LAST_MOVES: list[str | None] = [*get_args(MoveKind), "open_talks", None]
"""What `state.last_move` can be when rules are checked: a move at the table, the opening, or nothing yet."""


class AnyFacts:
    """Facts drawn at random, with the move just made fixed: what a rule could meet after that move."""

    def __init__(self, scenario: Scenario, last_move: str | None, rng: random.Random,
                 playing: str | None = None) -> None:
        self.scenario, self.move, self.rng, self.side = scenario, last_move, rng, playing
        self.round = rng.randrange(0, scenario.rounds + 2)
        self.phase = rng.choice(get_args(Phase))
        self.ids = [d.id for d in scenario.delegations] + [g.id for g in scenario.gestures] + [None]

    def _option(self, issue: str) -> str | None:
        options = [o.id for o in self.scenario.issue(issue).options]
        return self.rng.choice([*options, None])

    def trust(self, of: str | None) -> float:
        return self.rng.random()

    def tension(self, of: str | None) -> float:
        return self.rng.random()

    def last_move(self) -> str | None:
        return self.move

    def last_subject(self) -> str | None:
        return self.rng.choice([*self.ids, *(i.id for i in self.scenario.issues)])

    def offered(self, issue: str) -> str | None:
        return self._option(issue)

    def expected(self, issue: str) -> str | None:
        return self._option(issue)

    def agreed(self, issue: str) -> str | None:
        return self._option(issue)

    def rank(self, issue: str, option: str) -> int:
        return self.scenario.rank(issue, option)

    def has_flag(self, flag: str) -> bool:
        return self.rng.random() < 0.5

    def has_member(self, member: str) -> bool:
        return self.rng.random() < 0.5

    def has_consulted(self, delegation: str) -> bool:
        return self.rng.random() < 0.5

    def outcome(self) -> str | None:
        return self.rng.choice([*get_args(OutcomeKind), None])

    def move_count(self, kind: str) -> int:
        return self.rng.randrange(0, 5)

    def has_given(self, gesture: str) -> bool:
        return self.rng.random() < 0.5

    def budget_spent(self) -> float:
        return self.rng.random()

    def playing(self) -> str:
        return self.side or self.rng.choice([d.id for d in self.scenario.playable()])


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_rules_passed_over_after_a_move_cannot_hold_after_it(path) -> None:
    scenario = load(path).scenario
    rng = random.Random(7)
    checked = 0
    for delegation in scenario.delegations:
        for move in LAST_MOVES:
            for side in scenario.playable():
                sorted_after = counterparts._after(counterparts.rule_candidates(scenario, delegation), move, side.id)
                kept = [rule for rule, *_ in sorted_after]
                assert kept == [r for r in delegation.rules if r in kept]  # in the delegation's order
                for rule in delegation.rules:
                    if rule in kept:
                        continue
                    checked += 1
                    assert not any(rule.when.holds(AnyFacts(scenario, move, rng, side.id)) for _ in range(200)), \
                        f"{delegation.id}:{rule.id} can hold after {move} played as {side.id}"
    assert checked  # every scenario has rules that answer one move only


class FixedFacts:
    """Facts drawn at random once: the same question gets the same answer, as from a game."""

    def __init__(self, drawn: AnyFacts) -> None:
        self.drawn = drawn
        self.round, self.phase, self.move = drawn.round, drawn.phase, drawn.move
        self.side = drawn.side = drawn.playing()
        self.answers: dict[tuple[str, tuple[object, ...]], object] = {}

    def __getattr__(self, name: str) -> Any:
        ask = getattr(self.drawn, name)

        def fixed(*args: object) -> object:
            if (name, args) not in self.answers:
                self.answers[(name, args)] = ask(*args)
            return self.answers[(name, args)]

        return fixed


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_a_condition_holds_only_where_it_says_it_needs_and_then_as_its_tests_left_say(path) -> None:
    scenario = load(path).scenario
    rng = random.Random(11)
    conditions = [rule.when for d in scenario.delegations for rule in d.rules] + [e.when for e in scenario.events]
    conditions += [lesson.when for lesson in scenario.lessons]
    met = 0
    for condition in conditions:
        needs, tests = condition.needs(), left_to_test(condition)
        for _ in range(200):
            facts = FixedFacts(AnyFacts(scenario, rng.choice(LAST_MOVES), rng))
            holds = condition.holds(facts)
            inside = (needs.in_round(facts.round) and (needs.moves is None or facts.move in needs.moves)
                      and (needs.playing is None or facts.side in needs.playing))
            assert inside or not holds, f"{condition} held after {facts.move} in round {facts.round} as {facts.side}"
            if inside:
                met += 1
                assert holds == all(test.holds(facts) for test in tests), f"{condition} and {tests}"
    assert met


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_a_test_checked_as_one_call_says_what_it_says_evaluated(path) -> None:
    scenario = load(path).scenario
    rng = random.Random(13)
    whole = [rule.when for d in scenario.delegations for rule in d.rules]
    whole += [e.when for e in scenario.events] + [lesson.when for lesson in scenario.lessons]
    conditions = [c for condition in whole for c in walk(condition)]
    ranks = option_ranks(scenario)
    answers = set()
    for condition in conditions:
        check = condition.check(ranks)
        for _ in range(50):
            facts = FixedFacts(AnyFacts(scenario, rng.choice(LAST_MOVES), rng))
            holds = condition.holds(facts)
            assert check(facts) == holds, condition
            answers.add(holds)
    assert answers == {True, False}


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_the_lessons_of_a_game_are_those_whose_condition_holds_at_its_end(path) -> None:
    scenario = load(path).scenario
    learnt = set()
    for side in scenario.playable():
        for strategy in ("realistic", "random"):
            for seed in range(6):
                session = play_game(scenario, side.id, strategy, seed)
                facts = SessionFacts(session)
                assert session.state.lessons == [lesson.id for lesson in session.scenario.lessons
                                                 if lesson.when.holds(facts)], f"{side.id} {strategy} {seed}"
                learnt.update(session.state.lessons)
    assert learnt or not scenario.lessons


def test_a_copy_with_other_rules_does_not_read_the_original_sorting() -> None:
    scenario = load(ROOT / "scenarios" / "us-dprk-summit-2018.yaml").scenario
    delegation = next(d for d in scenario.delegations if d.rules)
    me = scenario.playable()[0].id
    session = Session(scenario, me, 1)
    answering = session.scenario.delegation(delegation.id)
    session.state.last_move = "propose"
    counterparts.first_rule(session, answering)
    table = counterparts.sorted_rules(session.scenario, answering, me)
    assert table[(delegation.id, "propose")] and counterparts.sorted_rules(session.scenario, answering, me) is table
    assert session.rules_after[(delegation.id, "propose")] is table[(delegation.id, "propose")]
    copied = replace(session.scenario, delegations=[
        replace(d, rules=[]) if d.id == delegation.id else d for d in session.scenario.delegations])
    emptied = next(d for d in copied.delegations if d.id == delegation.id)
    assert counterparts.sorted_rules(copied, emptied, me) == {}


@pytest.mark.parametrize("forget", [False, True], ids=["kept", "forgotten"])
@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_intelligence_kept_between_picks_is_what_a_rebuild_gives(path, forget: bool) -> None:
    """After every pick, drop and consultation; `forget`: the rebuild draws every source's grants
    again, without what `grant_intel` kept of them (`Session.granted`)."""
    scenario = load(path).scenario
    for seed in range(8):
        rng = random.Random(seed)
        for side in scenario.playable():
            session = Session(scenario, side.id, seed)
            session.act(a.BeginPreparation())
            members = legality.pickable(session.scenario, side.id)
            allies = legality.consultable(session.scenario, side.id)
            plan: list[a.Action] = [*(a.PickMember(member=m) for m in rng.sample(members, len(members))),
                                    *(a.ConsultAlly(delegation=d) for d in allies)]
            rng.shuffle(plan)
            if members:
                plan.insert(rng.randrange(len(plan) + 1), a.DropMember(member=rng.choice(members)))
            for action in plan:
                if session.attempt(action) is not None:
                    continue
                built = {k: dict(v) for k, v in session.state.intel.items()}
                if forget:
                    session.granted.clear()
                reactions.prepared_intel(session)
                assert session.state.intel == built, f"{action} with seed {seed}"


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.stem)
def test_a_counter_offer_along_a_kept_path_is_what_a_new_search_gives(path) -> None:
    scenario = load(path).scenario
    rng = random.Random(5)
    for side in scenario.principals():
        kept = Utility(scenario, side.id)
        for _ in range(60):
            start = {i.id: rng.choice(i.option_ids) for i in scenario.issues if rng.random() < 0.8}
            fallback = {i.id: rng.choice(i.option_ids) for i in scenario.issues}
            cap = rng.choice([None, {i.id: rng.choice(i.option_ids) for i in scenario.issues if rng.random() < 0.5}])
            for target in rng.sample([0.0, 0.3, 0.5, 0.7, 0.9, 1.0, 1.1], 4):
                fresh = Utility(scenario, side.id)
                assert counter_offer(kept, start, fallback, target, cap) == counter_offer(fresh, start, fallback, target, cap)
        assert kept.counter_paths  # the paths were kept, and asked again


def test_what_games_keep_with_a_scenario_goes_with_it_to_another_process() -> None:
    scenario = load(ROOT / "scenarios" / "us-dprk-summit-2018.yaml").scenario
    for side in scenario.playable():
        for seed in range(3):
            play_game(scenario, side.id, "realistic", seed)
    copied = pickle.loads(pickle.dumps(scenario))
    assert [play_game(copied, "us", "realistic", seed).state.transcript for seed in range(3)] == \
        [play_game(scenario, "us", "realistic", seed).state.transcript for seed in range(3)]

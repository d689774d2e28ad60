"""The end of the talks: which ending is told, the score, and the lessons that apply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleplay.engine.facts import SessionFacts
from roleplay.engine.score import score
from roleplay.engine.utility import option_ranks
from roleplay.scenario.conditions import Check, Needs, all_pass, prepared
from roleplay.scenario.models import Ending, Lesson, Scenario

if TYPE_CHECKING:
    from roleplay.engine.session import Session


def choose_ending(session: Session) -> Ending:
    """The first ending whose outcome matches and whose condition holds (validation ensures a fallback)."""
    outcome = session.state.outcome
    assert outcome is not None
    facts = SessionFacts(session)
    matching = [e for e in session.scenario.endings if outcome.kind in e.outcome]
    for ending in matching:
        if ending.when is None or ending.when.holds(facts):
            return ending
    return matching[-1]


def conclude(session: Session) -> None:
    state = session.state
    assert state.outcome is not None
    ending = choose_ending(session)
    state.outcome.ending = ending.id
    session.say("narrator", f"{ending.title}. {ending.text}", "ending")
    if state.outcome.kind == "breakdown" and session.player.batna.story:
        session.say("narrator", session.player.batna.story, "batna")
    state.score = score(session)
    state.lessons = _lessons_learnt(session)


def _lessons_learnt(session: Session) -> list[str]:
    """The ids of the lessons whose condition holds at the end of the game, in order."""
    state = session.state
    facts = SessionFacts(session)
    learnt = []
    for lesson, needs, checks in _lessons(session.scenario, session.me):
        if needs.met(state.round, state.last_move) and all_pass(checks, facts):
            learnt.append(lesson.id)
    return learnt


def _lessons(scenario: Scenario, me: str) -> tuple[tuple[Lesson, Needs, tuple[Check, ...]], ...]:
    """The lessons that can apply with this side played, in order, each with what its condition needs and
    the tests left to pass where that is met (`conditions.prepared`).

    Kept per scenario and side, as the events are (`reactions._events`): about half a scenario's lessons
    are told to one side only, most name the side, and their tests of what was agreed or expected
    compare ranks that never change.
    """
    return scenario.memo(("lessons", me), lambda: tuple(
        (lesson, needs, checks) for lesson in scenario.lessons
        for needs, checks in [prepared(lesson.when, option_ranks(scenario))]
        if needs.playing is None or me in needs.playing))

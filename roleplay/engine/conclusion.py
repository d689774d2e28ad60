"""The end of the talks: which ending is told, the score, and the lessons that apply."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleplay.engine.facts import SessionFacts
from roleplay.engine.score import score
from roleplay.scenario.models import Ending

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
    facts = SessionFacts(session)
    state.lessons = [lesson.id for lesson in session.scenario.lessons if lesson.when.holds(facts)]

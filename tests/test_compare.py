"""A fork beside its parent: the moves of each round as the transcript tells them."""

from __future__ import annotations

from roleplay.compare import compare_markdown
from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.scenario.models import Scenario
from tests.conftest import to_bargaining


def test_two_moves_told_in_one_round_read_as_one_sentence_list(tutorial: Scenario) -> None:
    def game() -> Session:
        session = to_bargaining(Session(tutorial, "tenant", seed=3))
        session.act(a.Probe(issue="rent"))
        session.act(a.CallClosing())
        return session

    parent, fork = game(), game()
    said = [s.text for s in fork.state.transcript if s.speaker == "tenant" and s.round == 1]
    assert len(said) == 2, said
    text = compare_markdown(parent, fork, "parent", 1)
    row = next(line for line in text.splitlines() if line.startswith("| 1 |"))
    assert ".;" not in row and "; calls for final offers" in row

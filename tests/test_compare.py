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


def test_a_long_label_is_cut_at_a_word_with_an_ellipsis() -> None:
    from roleplay.text import shortened

    text = "Round 1: proposes: Denuclearisation: dismantling on a timetable; Security guarantees: a peace treaty"
    cut = shortened(text, 54)
    assert len(cut) <= 54 and cut.endswith("…") and text.startswith(cut[:-1])
    assert text[len(cut) - 1] == " " or text[len(cut[:-1])] in " ,;:", "the cut falls between words"
    assert shortened("short", 54) == "short"


def test_the_rounds_offered_for_a_rewind_name_their_moves_whole_where_they_fit(tutorial: Scenario) -> None:
    from roleplay.tui.coaching import ROUND_LABEL, round_choices

    session = to_bargaining(Session(tutorial, "tenant", seed=3))
    session.act(a.Probe(issue="rent"))
    session.act(a.Propose(package={"rent": "r2400", "term": "y3", "fitout": "half"}))
    choices = round_choices(session)
    said = next(s.text for s in session.state.transcript if s.speaker == "tenant" and s.tag == "probe")
    whole = f"Round 1: {said.removeprefix(session.player.name).strip().rstrip('.')}"
    assert len(whole) < ROUND_LABEL and choices[0] == ("1", whole), "a label that fits is never cut"
    assert all(len(label) <= ROUND_LABEL for _, label in choices)

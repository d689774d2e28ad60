"""The line-by-line client plays a whole game from typed commands."""

from __future__ import annotations

import io
from collections.abc import Iterator

from roleplay.console import Console
from roleplay.engine.session import Session
from roleplay.scenario.models import Scenario


def scripted(lines: list[str]) -> tuple[Iterator[str], object]:
    feed = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    return feed, read


def test_a_typed_game_reaches_the_debrief_with_the_engine_score(tutorial: Scenario) -> None:
    commands = ["help", "team accountant", "team nobody", "consult council", "expect rent r2200", "done",
                "expect term y5", "expect fitout half", "done", "open balanced rent=r2000", "probe fitout",
                "propose rent=r2000 fitout=half", "propose rent", "dance", "accept"]
    _, read = scripted(commands)
    out = io.StringIO()
    session = Session(tutorial, "tenant", seed=0)  # the owner is in a hurry: it expects 2,000
    Console(session, read=read, out=out).run()  # type: ignore[arg-type]
    text = out.getvalue()
    assert session.state == "debrief"
    assert session.state_data.score is not None
    assert f"Score: {session.state_data.score.total:.1f} / 100" in text
    assert "! there is nobody called 'nobody' on the roster" in text
    assert "! write down what you expect on every issue first: Lease length, Fit-out" in text
    assert "! usage: propose ISSUE=OPTION" in text
    assert "! unknown command 'dance'" in text
    assert "they expected 2,000 a month" in text  # the hidden expectation, revealed at the debrief only
    assert text.index("they expected 2,000") > text.index("=== A long lease on the quay ===")


def test_end_of_input_leaves_quietly(tutorial: Scenario) -> None:
    from roleplay.console import Quit

    _, read = scripted(["team accountant"])
    session = Session(tutorial, "tenant", seed=1)
    try:
        Console(session, read=read, out=io.StringIO()).run()  # type: ignore[arg-type]
    except Quit:
        pass
    assert session.state == "preparation" and session.state_data.team == ["accountant"]


def test_control_characters_from_a_scenario_never_reach_the_terminal(tutorial: Scenario) -> None:
    out = io.StringIO()
    console = Console(Session(tutorial, "tenant", seed=1), read=lambda p: "", out=out)
    console.say("safe \x1b[2Jtext\x07")
    assert out.getvalue() == "safe text\n"  # the whole escape sequence goes, not just its ESC

"""The line-by-line client plays a whole game from typed commands."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from roleplay.console import Console
from roleplay.engine.actions import BeginPreparation
from roleplay.engine.session import Session
from roleplay.scenario.models import Scenario


def scripted(lines: list[str]) -> tuple[Iterator[str], Callable[[str], str]]:
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
                "probe", "propose rent=r2000 fitout=half", "propose rent", "dance", "accept"]
    _, read = scripted(commands)
    out = io.StringIO()
    session = Session(tutorial, "tenant", seed=0)  # the owner is in a hurry: it expects 2,000
    Console(session, read=read, out=out).run()
    text = " ".join(out.getvalue().split())  # the words, wherever the lines were wrapped
    assert session.phase == "debrief"
    assert session.state.score is not None
    assert f"Score: {session.state.score.total:.1f} / 100" in text
    assert "! 'nobody' is not one of: accountant, lawyer" in text
    assert "! write down what you expect on every issue first: Lease length, Fit-out" in text
    assert "! usage: propose ISSUE=OPTION" in text
    assert "! usage: probe ISSUE" in text
    assert "! unknown command 'dance'" in text
    assert "they expected 2,000 a month" in text  # the hidden expectation, revealed at the debrief only
    assert text.index("they expected 2,000") > text.index("=== A long lease on the quay ===")


def test_end_of_input_leaves_quietly(tutorial: Scenario) -> None:
    from roleplay.console import Quit

    _, read = scripted(["team accountant"])
    session = Session(tutorial, "tenant", seed=1)
    try:
        Console(session, read=read, out=io.StringIO()).run()
    except Quit:
        pass
    assert session.phase == "preparation" and session.state.team == ["accountant"]


def test_control_characters_from_a_scenario_never_reach_the_terminal(tutorial: Scenario) -> None:
    out = io.StringIO()
    console = Console(Session(tutorial, "tenant", seed=1), read=lambda p: "", out=out)
    console.say("safe \x1b[2Jtext\x07")
    assert out.getvalue() == "safe text\n"  # the whole escape sequence goes, not just its ESC


def test_the_flagship_reads_cleanly_at_80_columns_and_names_work_as_the_roster_shows() -> None:
    from roleplay.scenario.loader import load
    from tests.conftest import ROOT

    flagship = load(ROOT / "scenarios" / "us-dprk-summit-2018.yaml").scenario
    _, read = scripted(["team envoy", "team ambassador", "expect denuc declaration", "expect security written",
                        "expect sanctions humanitarian", "expect exercises scaled", "expect ties channel",
                        "expect alliance unchanged", "done", "open balanced", "probe sanctions", "walkout"])
    out = io.StringIO()
    session = Session(flagship, "us", seed=3)
    Console(session, read=read, out=out).run()
    text = out.getvalue()
    assert session.state.team == ["special-rep", "ambassador"]  # 'envoy' is a word of the title it shows
    assert all(len(line) <= 80 for line in text.splitlines()), max(text.splitlines(), key=len)
    assert "**" not in text and "{'" not in text and "': '" not in text  # no Markdown marks, no Python dicts
    assert "Round 1 of 8" in text and "Round 0" not in text  # counted as the full-screen game counts
    assert "Budget left 2 weeks" in text and "1 weeks" not in text


def test_tab_completes_commands_and_their_arguments(tutorial: Scenario) -> None:
    console = Console(Session(tutorial, "tenant", seed=1), read=lambda p: "", out=io.StringIO())
    console.session.act(BeginPreparation())
    assert console.completenames("te") == ["team"]
    assert console.completedefault("acc", "team acc", 5, 8) == ["accountant"]
    assert console.completedefault("", "expect term ", 12, 12) == ["y1", "y2", "y3", "y5"]
    assert console.completedefault("", "expect ", 7, 7) == ["rent", "term", "fitout"]

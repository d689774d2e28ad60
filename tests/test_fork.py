"""Forks: an earlier round of a save rebuilt exactly, saved apart, the parent untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay import saves
from roleplay.cli import main
from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.fork import ForkError, actions_before, fork, moves_by_round, rounds_reached
from roleplay.report import as_text, build
from roleplay.saves import Slot
from roleplay.scenario.models import Scenario
from tests.conftest import TUTORIAL
from tests.helpers import TUTORIAL_DIGEST as DIGEST
from tests.helpers import finished_save


def test_the_prefix_ends_where_the_round_begins(tutorial: Scenario, tmp_path: Path) -> None:
    parent = saves.read(finished_save(tutorial, tmp_path))
    opening = next(n for n, act in enumerate(parent.actions) if act.kind == "open_talks")
    for round in (1, 2, 3):
        kept = actions_before(tutorial, "tenant", parent.seed, parent.actions, round)
        assert kept == parent.actions[: opening + round]
        rebuilt = Session(tutorial, "tenant", parent.seed)
        for action in kept:
            rebuilt.act(action)
        assert (rebuilt.phase, rebuilt.state.round) == ("bargaining", round - 1)
    with pytest.raises(ForkError):
        actions_before(tutorial, "tenant", parent.seed, parent.actions, 0)
    reached = rounds_reached(tutorial, "tenant", parent.seed, parent.actions)
    with pytest.raises(ForkError):
        actions_before(tutorial, "tenant", parent.seed, parent.actions, reached + 1)


def test_a_fork_replays_the_parent_then_diverges_and_the_parent_is_untouched(tutorial: Scenario,
                                                                            tmp_path: Path) -> None:
    path = finished_save(tutorial, tmp_path)
    before = path.read_bytes()
    child = fork(path, 2)
    assert path.read_bytes() == before
    parent, forked = saves.read(path), saves.read(child)
    assert (forked.parent, forked.fork_round, forked.player) == ("ada", 2, "Ada")
    assert forked.actions == parent.actions[: len(forked.actions)]
    assert forked.summary.round == 1 and forked.summary.phase == "bargaining"
    session = saves.replay(forked, tutorial, DIGEST, child)
    replayed_parent = Session(tutorial, "tenant", parent.seed)
    for action in parent.actions[: len(forked.actions)]:
        replayed_parent.act(action)
    assert session.state == replayed_parent.state
    # Play on differently: walk out at once.
    session.act(a.WalkOut())
    outcome = session.state.outcome
    assert session.finished() and outcome is not None and outcome.kind == "breakdown" != parent.summary.ending
    slot = Slot(child, DIGEST, str(TUTORIAL))
    slot.record(session)
    again = saves.read(child)
    assert (again.parent, again.fork_round) == ("ada", 2), "playing on keeps the link to the parent"
    assert again.actions[-1] != parent.actions[len(again.actions) - 1]
    assert path.read_bytes() == before


def test_the_fork_command_makes_a_playable_game_and_the_report_keeps_forks_apart(
        tutorial: Scenario, tmp_path: Path, monkeypatch, capsys) -> None:
    path = finished_save(tutorial, tmp_path)
    before = path.read_bytes()
    assert main(["fork", str(path), "--round", "2", "--save", "what-if"]) == 0
    assert "what-if" in capsys.readouterr().out
    assert main(["fork", str(path), "--round", "2", "--save", "what-if"]) == 1, "an existing name is refused"
    assert main(["fork", str(path), "--round", "40"]) == 1
    assert path.read_bytes() == before
    answers = iter(["walkout"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    assert main(["play", "--resume", "what-if", "--coach", "off"]) == 0
    played = saves.read(tmp_path / "what-if.json")
    assert played.summary.phase == "debrief" and played.parent == "ada"
    report = build([tmp_path])
    assert len(report.rows) == 2 and [r.file for r in report.finished()] == [str(path)]
    text = as_text(report)
    assert "1 fork listed, not counted" in text and "what-if.json: from ada at round 2" in text


def test_each_round_offered_for_a_fork_is_labelled_with_the_move_it_replays(tutorial: Scenario) -> None:
    from roleplay.engine import actions as a
    from tests.conftest import to_bargaining

    session = to_bargaining(Session(tutorial, "tenant", 3))
    for action in (a.Probe(issue="rent"), a.CallClosing(), a.Propose(package={"rent": "r1800"})):
        session.act(action)
    said = moves_by_round(tutorial, "tenant", 3, session.actions)
    assert rounds_reached(tutorial, "tenant", 3, session.actions) == max(said) == 2
    # the last-offer round opens with the call and is played by the proposal: one round, as the debrief numbers it
    assert said[2][1].startswith("proposes") and [o.round for o in session.state.offers if o.by == "tenant"][-1] == 2
    assert [line.round for line in session.state.transcript if line.text.startswith("The last-offer round")] == [2]
    for round, words in said.items():
        replayed = session.actions[len(actions_before(tutorial, "tenant", 3, session.actions, round))]
        assert {"probe": "asks", "call_closing": "calls for final offers", "propose": "proposes"}[replayed.kind] in words[0]


def test_a_fork_goes_to_the_folder_given_and_the_command_printed_resumes_it(
        tutorial: Scenario, tmp_path: Path, monkeypatch, capsys) -> None:
    import shlex

    path = finished_save(tutorial, tmp_path)
    forks = tmp_path / "forks"
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "elsewhere"))
    assert main(["fork", str(path), "--round", "2", "--saves", str(forks)]) == 0
    printed = capsys.readouterr().out
    [written] = forks.glob("*.json")
    assert saves.read(written).parent == path.stem and not list(path.parent.glob(f"{path.stem}-r*.json"))
    command = shlex.split(printed.split("play on with: ")[1])
    assert command[:3] == ["roleplay", "play", "--resume"] and command[-2:] == ["--saves", str(forks)]
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path / "elsewhere"))  # as a new shell would have it
    answers = iter(["walkout"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert main([*command[1:], "--coach", "off"]) == 0
    assert saves.read(written).summary.phase == "debrief"


def test_a_fork_in_the_folder_play_reads_is_resumed_by_name_alone(tutorial: Scenario, tmp_path: Path,
                                                                   monkeypatch, capsys) -> None:
    path = finished_save(tutorial, tmp_path)
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    assert main(["fork", path.stem, "--round", "2"]) == 0
    printed = capsys.readouterr().out
    assert printed.rstrip().endswith(f"play on with: roleplay play --resume {path.stem}-r2")

"""Headless play: determinism, a property over random games, strategies, the CLI and import hygiene."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from roleplay.cli import main
from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.engine.view import PlayerView, player_view
from roleplay.scenario.models import Scenario
from roleplay.simulation.simulate import play_game, simulate
from tests.conftest import ROOT, TUTORIAL, to_bargaining


@pytest.mark.parametrize("strategy", ["random", "maximalist", "passive", "realistic"])
def test_the_same_seed_and_moves_give_the_same_game_byte_for_byte(tutorial: Scenario, strategy: str) -> None:
    first = play_game(tutorial, "tenant", strategy, seed=11)
    second = play_game(tutorial, "tenant", strategy, seed=11)
    assert first.state == second.state
    replay = Session(tutorial, "tenant", seed=11)
    for action in first.actions:
        replay.act(action)
    assert replay.state == first.state


MOVES = st.sampled_from([
    a.Propose(package={"rent": "r2200", "term": "y5", "fitout": "half"}),
    a.Propose(package={"rent": "r1800", "term": "y1"}),
    a.Propose(package={"rent": "r2600", "term": "y3", "fitout": "tenant"}),
    a.Probe(issue="rent"), a.Probe(issue="fitout"), a.Pressure(), a.Pressure(issue="rent"),
    a.OfferGesture(gesture="early-deposit"), a.Consult(delegation="council"), a.Accept(), a.CallClosing(), a.WalkOut(),
])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(MOVES, min_size=1, max_size=12), seed=st.integers(0, 2**16),
       expectations=st.tuples(st.sampled_from(["r1800", "r2200", "r2600"]), st.sampled_from(["y1", "y5"])))
def test_any_legal_play_keeps_values_in_range_and_ends_in_time(
    tutorial: Scenario, moves: list[a.Action], seed: int, expectations: tuple[str, str]
) -> None:
    session = to_bargaining(Session(tutorial, "tenant", seed=seed),
                            {"rent": expectations[0], "term": expectations[1], "fitout": "half"})
    played = 0
    for move in moves:
        if session.finished():
            break
        if session.can(move):
            session.act(move)
            played += 1
    while not session.finished():
        closing_move = a.Accept() if session.can(a.Accept()) else a.WalkOut()
        session.act(closing_move if session.phase == "closing" else a.Probe(issue="term"))
        played += 1
    state = session.state
    assert state.round <= tutorial.rounds + 1
    assert played <= tutorial.rounds + 2
    for gap in state.gaps:
        values = [gap.expectation, gap.reality, *gap.expectation_seen] + ([gap.position] if gap.position is not None else [])
        assert all(0.0 <= v <= 1.0 for v in values)
    for meters in state.meters.values():
        assert 0.0 <= meters.trust <= 1.0 and 0.0 <= meters.tension <= 1.0
    assert state.score is not None and 0.0 <= state.score.total <= 100.0
    assert all(0.0 <= p.value <= 1.0 for p in state.score.parts)
    assert 0.0 <= state.score.player_utility <= 1.0 and 0.0 <= state.score.counterpart_utility <= 1.0


@pytest.mark.parametrize("side", ["tenant", "landlord"])
def test_realistic_play_scores_best_on_the_tutorial(tutorial: Scenario, side: str) -> None:
    medians = {name: simulate(tutorial, side, name, runs=40, seed=3).quartiles()[1]
               for name in ("random", "maximalist", "passive", "realistic")}
    assert medians["realistic"] == max(medians.values())
    assert all(medians["realistic"] > medians[name] for name in ("random", "maximalist", "passive"))


def test_the_player_view_hides_what_the_other_side_keeps_to_itself(tutorial: Scenario) -> None:
    session = to_bargaining(Session(tutorial, "tenant", seed=1), {"rent": "r2000", "term": "y3", "fitout": "half"})
    shown = TypeAdapter(PlayerView).dump_json(player_view(session)).decode()
    landlord = tutorial.delegation("landlord")
    assert landlord.briefing.strip().splitlines()[0] not in shown
    assert tutorial.notes.strip().splitlines()[0] not in shown
    assert "reservation" in shown  # its own stance is there...
    assert set(player_view(session).my_stances) == {"rent", "term", "fitout"}
    assert '"expectation":' not in shown.replace('"expectation":"r2000"', "").replace('"expectation":"y3"', "").replace(
        '"expectation":"half"', "")  # ...and nobody else's expectation is


def run_cli(*args: str) -> tuple[int, str]:
    result = subprocess.run([sys.executable, "-m", "roleplay.cli", *args], capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    return result.returncode, result.stdout + result.stderr


def test_validate_exits_0_on_the_shipped_scenarios_and_1_on_a_broken_one(tmp_path, capsys) -> None:
    assert main(["validate", str(ROOT / "scenarios")]) == 0
    assert "checked: all valid" in capsys.readouterr().out
    broken = tmp_path / "broken.yaml"
    broken.write_text("format_version: 1\nid: x\n")
    assert main(["validate", str(TUTORIAL), str(broken)]) == 1
    out = capsys.readouterr().out
    assert "broken.yaml:1:1: error missing" in out and "1 with errors" in out
    assert main(["validate", "--format", "json", str(broken)]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["files"][0]["problems"][0]["code"] == "missing"


def test_simulate_prints_the_same_json_for_the_same_seed() -> None:
    args = ("simulate", "tutorial-harbour-cafe", "--as", "tenant", "--strategy", "realistic", "--runs", "20", "--seed", "5",
            "--json")
    code, first = run_cli(*args)
    assert code == 0
    assert run_cli(*args)[1] == first
    summary = json.loads(first)
    assert summary["runs"] == 20 and 0 <= summary["agreement_rate"] <= 1
    assert set(summary["score"]) == {"mean", "p25", "median", "p75"}
    assert sum(summary["endings"].values()) == 20


def test_simulate_text_and_errors(capsys) -> None:
    assert main(["simulate", "tutorial-harbour-cafe", "--strategy", "maximalist", "--runs", "5"]) == 0
    out = capsys.readouterr().out
    assert "agreement rate" in out and "median" in out
    assert main(["simulate", "no-such-scenario"]) == 1
    assert "no scenario file or id 'no-such-scenario'" in capsys.readouterr().err
    assert main(["simulate", "tutorial-harbour-cafe", "--as", "council"]) == 2


def test_help_describes_every_command() -> None:
    code, out = run_cli("--help")
    assert code == 0 and all(word in out for word in ("play", "validate", "simulate"))
    for command in ("play", "validate", "simulate"):
        code, out = run_cli(command, "--help")
        assert code == 0 and "usage: roleplay " + command in out


def test_the_engine_and_headless_commands_never_import_textual() -> None:
    code = (
        "import sys, roleplay.engine.session, roleplay.scenario.loader, roleplay.simulation.simulate, roleplay.cli\n"
        "import roleplay.games\n"
        "from roleplay.cli import main\n"
        "assert main(['validate', 'scenarios']) == 0\n"
        "assert main(['simulate', 'tutorial-harbour-cafe', '--runs', '2']) == 0\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr


def test_the_balancing_report_covers_every_strategy_and_side(capsys) -> None:
    assert main(["simulate", "tutorial-harbour-cafe", "--all", "--runs", "4", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["delegation"], r["strategy"]) for r in rows} == {
        (side, name) for side in ("tenant", "landlord") for name in ("random", "maximalist", "passive", "realistic")}
    assert all(set(r["mean_final_gaps"]) == {"rent", "term", "fitout"} for r in rows)
    assert main(["simulate", "tutorial-harbour-cafe", "--all", "--runs", "4", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("side,strategy,runs,agreement_rate,mean,p25,median,p75,endings,gap_")
    assert len(lines) == 9
    assert main(["simulate", "tutorial-harbour-cafe", "--all", "--runs", "4"]) == 0
    text = capsys.readouterr().out
    assert "mean final position gap per issue" in text and "█" in text


def test_output_piped_into_head_ends_quietly() -> None:
    """`roleplay simulate --all | head`: the reader leaves early, and no traceback follows."""
    child = subprocess.Popen([sys.executable, "-m", "roleplay.cli", "simulate", "tutorial-harbour-cafe", "--all",
                              "--runs", "20", "--seed", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # as `head` does once it has its lines; here before the games are even played
    errors = child.stderr.read().decode()
    assert child.wait() == 0
    assert "Traceback" not in errors and "BrokenPipe" not in errors


def test_simulations_on_several_processes_give_what_one_process_gives() -> None:
    """Run as commands, so that no process pool is ever started inside the test session."""
    from roleplay.simulation.simulate import BATCH

    def simulate_cli(*args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "roleplay.cli", "simulate", "tutorial-harbour-cafe", *args],
                              capture_output=True, text=True, cwd=ROOT, check=True)
        return done.stdout

    one = ("--as", "tenant", "--strategy", "random", "--runs", str(2 * BATCH + 3), "--seed", "5", "--json")
    assert simulate_cli(*one, "--jobs", "2") == simulate_cli(*one, "--jobs", "1")  # a last batch shorter than the others
    every = ("--all", "--runs", str(BATCH), "--seed", "6", "--format", "json")
    on_two = simulate_cli(*every, "--jobs", "2")
    assert on_two == simulate_cli(*every, "--jobs", "1") and json.loads(on_two)[0]["runs"] == BATCH
    assert main(["simulate", "tutorial-harbour-cafe", "--jobs", "0"]) == 2


def test_a_subcommand_parses_as_it_does_beside_all_the_others() -> None:
    """The parser given a command's arguments has that subcommand alone; it reads them as the whole parser does."""
    from roleplay.cli import parser

    for argv in (["play", "tutorial-harbour-cafe", "--as", "tenant", "--seed", "3", "--coach", "hints"],
                 ["simulate", "x", "--all", "--runs", "4", "--type", "a=b"], ["audit", "x", "--games", "9", "--json"]):
        alone, whole = parser(argv), parser()
        assert vars(alone.parse_args(argv)) == vars(whole.parse_args(argv))
    assert parser(["--help"]).format_help() == parser().format_help()

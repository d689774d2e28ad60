"""`roleplay export`: one row per move per game, with the engine's figures after each move."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from roleplay.cli import main
from roleplay.engine.session import Session
from roleplay.saves import Slot, read
from roleplay.scenario.loader import load
from roleplay.simulation.simulate import play_game
from tests.conftest import TUTORIAL


@pytest.fixture
def saved(tmp_path: Path) -> tuple[Path, Session, Session]:
    """Two games; the first saved after every move, as the game does, the second once at the end."""
    loaded = load(TUTORIAL)
    folder = tmp_path / "class"
    first = play_game(loaded.scenario, "tenant", "realistic", seed=2)
    replayed = Session(loaded.scenario, "tenant", 2)
    slot = Slot(folder / "ada.json", loaded.digest, str(TUTORIAL), player="Ada")
    for action in first.actions:
        replayed.act(action)
        slot.record(replayed)
    second = play_game(loaded.scenario, "landlord", "maximalist", seed=5)
    Slot(folder / "ben.json", loaded.digest, str(TUTORIAL), player="Ben").record(second)
    return folder, first, second


def test_jsonl_has_a_row_per_move_with_the_engine_figures(saved: tuple[Path, Session, Session], capsys) -> None:
    folder, first, second = saved
    assert main(["export", "--format", "jsonl", str(folder)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["move"] for r in rows if r["player"] == "Ada"] == list(range(1, len(first.actions) + 1))
    assert len([r for r in rows if r["player"] == "Ben"]) == len(second.actions)
    last = [r for r in rows if r["player"] == "Ada"][-1]
    state = first.state
    assert last["round"] == state.round and last["side"] == "tenant" and last["counterpart"] == first.main.id
    assert last["trust"] == pytest.approx(first.meters(first.main.id).trust)
    assert last["offer"] == state.player_offer
    assert last["offer_utility_side"] == pytest.approx(first.true_utility("tenant").of(state.player_offer), abs=1e-4)
    assert last["offer_utility_counterpart"] == pytest.approx(
        first.true_utility(first.main.id).of(state.player_offer), abs=1e-4)
    final = {g.issue: g.position for g in state.gaps if g.round == state.round and g.counterpart == first.main.id}
    assert {issue: gaps["position"] for issue, gaps in last["gaps"].items()} == final
    proposals = [r for r in rows if r["action"] == "propose"]
    assert proposals and all(r["detail"]["package"] for r in proposals)


def test_moves_carry_when_they_were_played(saved: tuple[Path, Session, Session], capsys) -> None:
    folder, first, _ = saved
    times = read(folder / "ada.json").move_times
    assert len(times) == len(first.actions) and times == sorted(times) and all(times)
    assert main(["export", str(folder / "ada.json")]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["timestamp"] for r in rows] == times
    assert {"gap.rent.position", "gap.term.reality", "trust", "tension", "offer_utility_counterpart"} <= set(rows[0])


def test_a_save_that_cannot_be_replayed_is_named_and_left_out(saved: tuple[Path, Session, Session], capsys) -> None:
    folder, _, second = saved
    (folder / "broken.json").write_text("{", encoding="utf-8")
    assert main(["export", str(folder)]) == 0
    captured = capsys.readouterr()
    assert "left out:" in captured.err and "broken.json" in captured.err
    [line] = [row for row in captured.err.splitlines() if "broken.json" in row]
    assert line.count("broken.json") == 1, "the file is named once"
    assert "Ben" in captured.out

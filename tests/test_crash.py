"""Kill a game with SIGKILL at random points: at most the move in flight is lost, and the save replays."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from roleplay import saves
from roleplay.engine.actions import ACTIONS
from roleplay.scenario.loader import load
from roleplay.simulation.simulate import play_game
from tests.conftest import ROOT

FLAGSHIP = ROOT / "scenarios" / "us-dprk-summit-2018.yaml"

CHILD = """
import json, sys
from pathlib import Path
from roleplay.engine.actions import ACTIONS
from roleplay.engine.session import Session
from roleplay.saves import Slot
from roleplay.scenario.loader import load

scenario_path, save_path, actions_path = sys.argv[1:4]
loaded = load(scenario_path)
actions = ACTIONS.validate_json(Path(actions_path).read_text())
session = Session(loaded.scenario, "us", 31)
slot = Slot(Path(save_path), loaded.digest, scenario_path)
for number, action in enumerate(actions, start=1):
    session.act(action)
    slot.record(session)
    print(number, flush=True)
"""


def test_a_killed_game_loses_at_most_the_move_in_flight(tmp_path: Path) -> None:
    loaded = load(FLAGSHIP)
    planned = play_game(loaded.scenario, "us", "realistic", seed=31).actions
    actions_file = tmp_path / "actions.json"
    actions_file.write_bytes(ACTIONS.dump_json(planned))
    child = tmp_path / "child.py"
    child.write_text(CHILD)
    chance = random.Random(7)
    for attempt in range(8):
        save_path = tmp_path / f"game-{attempt}.json"
        process = subprocess.Popen([sys.executable, str(child), str(FLAGSHIP), str(save_path), str(actions_file)],
                                   stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert process.stdout is not None
        confirmed = 0
        stop_after = chance.randint(1, len(planned) - 2)
        while confirmed < stop_after:
            line = process.stdout.readline()
            assert line, "the game ended before it was killed"
            confirmed = int(line)
        time.sleep(chance.random() * 0.01)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        confirmed = max([confirmed, *(int(line) for line in process.stdout.read().split())])  # printed before the kill
        save = saves.read(save_path)  # never damaged, whatever the moment of the kill
        assert confirmed <= len(save.actions) <= confirmed + 1
        assert save.actions == planned[: len(save.actions)]
        replayed = saves.replay(save, loaded.scenario, loaded.digest, save_path)
        assert replayed.state.transcript == save.transcript
        saves.Slot(save_path, loaded.digest).claim(replayed)  # resuming clears what a kill left half-written
        assert not list(tmp_path.glob(f".{save_path.stem}.*.tmp"))

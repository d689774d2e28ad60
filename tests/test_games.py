"""Starting and resuming games: names, seeds, coach levels, and saves refused without being touched."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from roleplay import games, saves
from roleplay.engine import actions as a
from roleplay.engine.session import IllegalAction
from roleplay.scenario.loader import Loaded, load
from tests.conftest import TUTORIAL, to_bargaining


@pytest.fixture(autouse=True)
def saves_folder(monkeypatch, tmp_path: Path) -> Path:
    folder = tmp_path / "saves"
    monkeypatch.setenv("ROLEPLAY_SAVES", str(folder))
    return folder


@pytest.fixture
def claimed() -> Iterator[list[games.Game]]:
    """Games a test started: their saves' locks are let go afterwards, as a client does when it ends."""
    started: list[games.Game] = []
    yield started
    for game in started:
        game.slot.release()


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return load(TUTORIAL)


def played(game: games.Game) -> games.Game:
    """The game taken to the table and one probe further, saved as a client saves it, then let go."""
    to_bargaining(game.session, {"rent": "r2200", "term": "y5", "fitout": "half"})
    game.session.act(a.Probe(issue="rent"))
    game.slot.record(game.session)
    game.slot.release()
    return game


def test_a_new_game_is_named_after_its_game_claimed_and_not_yet_written(loaded: Loaded, claimed, saves_folder) -> None:
    game = games.new_game(loaded, "tenant", 31, player="Ada")
    claimed.append(game)
    assert (game.session.me, game.session.state.seed, game.session.phase) == ("tenant", 31, "briefing")
    assert game.slot.path == saves_folder / "tutorial-harbour-cafe-tenant-31.json"
    assert game.slot.lock_path.exists() and not game.slot.path.exists()
    assert game.renamed() == ""
    game.slot.record(game.session)
    save = saves.read(game.slot.path)
    assert (save.player, save.coach, save.scenario_path) == ("Ada", loaded.scenario.coach, str(TUTORIAL))


def test_a_new_game_without_a_seed_draws_one(loaded: Loaded, claimed) -> None:
    seeds = set()
    for _ in range(3):
        game = games.new_game(loaded, "landlord")
        claimed.append(game)
        assert 0 <= game.session.state.seed < games.SEEDS
        assert game.slot.path.stem == f"tutorial-harbour-cafe-landlord-{game.session.state.seed}"[:80]
        seeds.add(game.session.state.seed)
    assert len(seeds) > 1


def test_a_taken_name_gets_a_number_and_the_player_is_told(loaded: Loaded, claimed) -> None:
    first = games.new_game(loaded, "tenant", 7)
    claimed.append(first)
    first.slot.record(first.session)
    second = games.new_game(loaded, "tenant", 7)
    claimed.append(second)
    assert second.slot.path.stem == "tutorial-harbour-cafe-tenant-7-2"
    assert second.renamed() == ("A game is already saved as tutorial-harbour-cafe-tenant-7; "
                                "this one is saved as tutorial-harbour-cafe-tenant-7-2")


def test_a_name_the_player_gave_is_refused_when_taken(loaded: Loaded, claimed, saves_folder) -> None:
    first = games.new_game(loaded, "tenant", 7, save_name="mine")
    claimed.append(first)
    first.slot.record(first.session)
    before = first.slot.path.read_bytes()
    first.slot.release()
    with pytest.raises(saves.SaveError, match="already has this name"):
        games.new_game(loaded, "tenant", 8, save_name="mine")
    assert (saves_folder / "mine.json").read_bytes() == before


def test_a_classroom_game_is_named_after_the_player(loaded: Loaded, claimed) -> None:
    game = games.new_game(loaded, "tenant", 3, player="Zoë Martin", by_player=True)
    claimed.append(game)
    assert game.slot.path.stem == "Zoe-Martin-tutorial-harbour-cafe-tenant-3"
    assert game.slot.player == "Zoë Martin" and game.renamed() == ""


@pytest.mark.parametrize(("asked", "level"), [(None, "hints"), ("tutor", "tutor"), ("off", "off"), ("loud", "hints")])
def test_the_coach_is_the_one_asked_for_else_the_scenarios(loaded: Loaded, claimed, asked, level) -> None:
    game = games.new_game(loaded, "tenant", 2, coach=asked)
    claimed.append(game)
    game.slot.record(game.session)
    assert game.coach == level == saves.read(game.slot.path).coach


def test_a_side_nobody_can_play_is_refused(loaded: Loaded, saves_folder) -> None:
    with pytest.raises(IllegalAction, match="not a playable delegation"):
        games.new_game(loaded, "council", 2)
    assert not saves_folder.exists() or not list(saves_folder.iterdir())


def test_a_scenario_named_by_id_opens(loaded: Loaded) -> None:
    assert games.open_scenario("tutorial-harbour-cafe").digest == loaded.digest
    with pytest.raises(games.CANNOT_START, match="no scenario file or id"):
        games.open_scenario("no-such-scenario")


def test_forced_types_fix_the_counterpart_whatever_the_seed(loaded: Loaded) -> None:
    drawn = {games.new_session(loaded.scenario, "tenant", seed, forced_types={"landlord": "patient"}).state.types["landlord"]
             for seed in range(6)}
    assert drawn == {"patient"}


def test_a_game_resumes_where_it_was_left(loaded: Loaded, claimed) -> None:
    left = played(games.new_game(loaded, "tenant", 9, player="Ada", coach="tutor"))
    game = games.resume(left.slot.path)
    claimed.append(game)
    assert game.session.state == left.session.state
    assert (game.slot.path, game.slot.player, game.coach) == (left.slot.path, "Ada", "tutor")


def test_resuming_may_name_another_player_and_coach(loaded: Loaded, claimed) -> None:
    left = played(games.new_game(loaded, "tenant", 9, player="Ada", coach="tutor"))
    game = games.resume(left.slot.path, player="Bea", coach="off")
    claimed.append(game)
    game.slot.record(game.session)
    save = saves.read(left.slot.path)
    assert (save.player, save.coach) == ("Bea", "off")


def damaged_json(data: dict) -> bytes:
    return json.dumps(data).encode()[:-20]


def illegal_first_move(data: dict) -> bytes:
    return json.dumps({**data, "actions": [{"kind": "accept"}, *data["actions"]]}).encode()


def no_seed(data: dict) -> bytes:
    return json.dumps({key: value for key, value in data.items() if key != "seed"}).encode()


def a_side_nobody_plays(data: dict) -> bytes:
    return json.dumps({**data, "delegation": "council"}).encode()


@pytest.mark.parametrize(("damage", "message"), [
    (damaged_json, "the save is damaged: it is not complete JSON"),
    (illegal_first_move, "cannot be replayed on this scenario"),
    (no_seed, "the save is damaged: seed: Field required"),
    (a_side_nobody_plays, "cannot be replayed on this scenario .*not a playable delegation"),
])
def test_a_damaged_save_is_refused_and_left_as_it_is(loaded: Loaded, damage, message) -> None:
    path = played(games.new_game(loaded, "tenant", 9)).slot.path
    path.write_bytes(damage(json.loads(path.read_bytes())))
    before = sorted((p.name, p.read_bytes()) for p in path.parent.rglob("*") if p.is_file())
    with pytest.raises(saves.SaveError, match=message):
        games.resume(path)
    assert sorted((p.name, p.read_bytes()) for p in path.parent.rglob("*") if p.is_file()) == before


def test_a_game_open_in_another_roleplay_is_refused(loaded: Loaded) -> None:
    path = played(games.new_game(loaded, "tenant", 9)).slot.path
    lock = path.with_name(f".{path.name}.lock")
    other = os.open(lock, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as another process holding the game would
        with pytest.raises(saves.SaveError, match="open in another roleplay"):
            games.resume(path)
    finally:
        os.close(other)


@pytest.fixture
def edited(tmp_path: Path, loaded: Loaded) -> Iterator[tuple[Path, Path]]:
    """A game played on a copy of the tutorial (kept beside the saves), then that copy edited."""
    scenario = tmp_path / "cafe.yaml"
    shutil.copy(TUTORIAL, scenario)
    game = games.new_game(load(scenario), "tenant", 9, coach="tutor")
    hint = saves.HintRecord(round=0, at=0, rule="prepare", text="Prepare.")
    game.slot.carry(hints=[hint])
    played(game)
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace("title: \"", "title: \"Edited ", 1), encoding="utf-8")
    yield game.slot.path, scenario


def test_a_save_of_a_changed_scenario_asks_first_and_is_left_as_it_is(edited) -> None:
    path, scenario = edited
    before = path.read_bytes()
    with pytest.raises(games.ScenarioChanged) as raised:
        games.resume(path)
    changed = raised.value
    assert changed.path == path and changed.loaded.path == str(scenario)
    assert changed.save.scenario_digest != changed.loaded.digest
    assert path.read_bytes() == before


def test_replaying_anew_plays_the_moves_on_the_new_version_in_a_copy(edited, claimed) -> None:
    path, _ = edited
    before = path.read_bytes()
    with pytest.raises(games.ScenarioChanged) as raised:
        games.resume(path)
    game = games.replay_anew(raised.value, player="Ada")
    claimed.append(game)
    assert game.slot.path == path.with_name(f"{path.stem}-replayed.json")
    assert game.session.scenario.title.startswith("Edited")
    assert len(game.session.actions) == len(saves.read(path).actions)
    game.slot.record(game.session)
    copy = saves.read(game.slot.path)
    assert (copy.player, copy.coach, [h.rule for h in copy.hints]) == ("Ada", "tutor", ["prepare"])
    assert (copy.parent, copy.fork_round) == (path.stem, None), "linked to the game it replays"
    assert path.read_bytes() == before
    from roleplay.report import as_text, build

    report = build([path.parent])
    assert [r.file for r in report.forks()] == [str(game.slot.path)], "the replay is listed apart"
    assert str(game.slot.path) not in [r.file for r in report.finished()], "and never counted"
    assert f"{game.slot.path.name}: {path.stem}'s moves replayed on the scenario as changed" in as_text(report)


def test_the_version_played_replays_on_the_copy_kept_beside_the_saves(edited, claimed) -> None:
    path, _ = edited
    game = games.resume(path, version="played")
    claimed.append(game)
    assert not game.session.scenario.title.startswith("Edited")
    assert game.slot.path == path
    rebuilt = games.rebuild(path, version="played")
    assert rebuilt.session.state == game.session.state


def test_a_game_started_from_a_relative_path_resumes_from_any_folder(tmp_path: Path, monkeypatch) -> None:
    own = tmp_path / "course" / "garden.yaml"
    own.parent.mkdir()
    own.write_text(TUTORIAL.read_text(encoding="utf-8").replace("id: tutorial-harbour-cafe", "id: garden", 1),
                   encoding="utf-8")
    monkeypatch.chdir(own.parent)
    game = played(games.new_game(load("garden.yaml"), "tenant", 5))
    assert saves.read(game.slot.path).scenario_path == str(own)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    resumed = games.resume(game.slot.path)
    resumed.slot.release()
    assert resumed.session.actions == game.session.actions


def test_a_game_whose_file_cannot_be_found_resumes_on_the_copy_kept_beside_it(tmp_path: Path, monkeypatch) -> None:
    own = tmp_path / "garden.yaml"
    own.write_text(TUTORIAL.read_text(encoding="utf-8").replace("id: tutorial-harbour-cafe", "id: garden", 1),
                   encoding="utf-8")
    game = played(games.new_game(load(own), "tenant", 5))
    own.rename(tmp_path / "moved.yaml")
    resumed = games.resume(game.slot.path)
    resumed.slot.release()
    assert resumed.session.actions == game.session.actions
    assert Path(resumed.slot.scenario_path).parent.name == saves.KEPT

"""Saves: written atomically after every move, read back or refused with a message, never lost."""

from __future__ import annotations

import builtins
import json
import os
from pathlib import Path

import pytest

from roleplay import games, saves
from roleplay.console import run_console
from roleplay.engine import actions as a
from roleplay.engine.session import Session
from roleplay.saves import SaveError, ScenarioChanged, Slot
from roleplay.scenario.loader import digest, load
from roleplay.scenario.models import Scenario
from roleplay.simulation.simulate import play_game
from tests.conftest import TUTORIAL, to_bargaining

DIGEST = digest(TUTORIAL.read_text(encoding="utf-8"))


def half_played(tutorial: Scenario) -> Session:
    session = to_bargaining(Session(tutorial, "tenant", seed=9), {"rent": "r2200", "term": "y5", "fitout": "half"})
    session.act(a.Probe(issue="rent"))
    session.act(a.Propose(package={"rent": "r1800", "term": "y5", "fitout": "half"}))
    return session


def test_a_save_replays_to_the_same_game(tutorial: Scenario, tmp_path: Path) -> None:
    session = half_played(tutorial)
    slot = Slot(tmp_path / "game.json", DIGEST, str(TUTORIAL), player="Ada")
    slot.record(session)
    save = saves.read(slot.path)
    assert (save.player, save.summary.round, save.summary.phase) == ("Ada", 2, "bargaining")
    again = saves.replay(save, tutorial, DIGEST, slot.path)
    assert again.state == session.state
    finished = play_game(tutorial, "landlord", "realistic", seed=4)
    slot.record(finished)
    assert finished.state.score is not None
    assert saves.read(slot.path).summary.score == finished.state.score.total


def test_background_writes_keep_the_newest_staged_game(tutorial: Scenario, tmp_path: Path) -> None:
    """The TUI stages a snapshot per move and writes it on other threads: whatever their order, the newest wins."""
    import threading

    session = to_bargaining(Session(tutorial, "tenant", seed=9), {"rent": "r2200", "term": "y5", "fitout": "half"})
    slot = Slot(tmp_path / "game.json", DIGEST)
    slot.stage(session)
    assert not slot.path.exists()  # staging alone writes nothing
    writers = []
    for issue in ("rent", "term", "fitout"):
        session.act(a.Probe(issue=issue))
        slot.stage(session)
        writers.append(threading.Thread(target=slot.flush))
    for writer in reversed(writers):
        writer.start()
    for writer in writers:
        writer.join()
    slot.flush()
    assert len(saves.read(slot.path).actions) == len(session.actions)


@pytest.fixture
def disk_full(monkeypatch):
    """Call it to make every replace of a save fail as on a full disk; `monkeypatch.undo()` ends it."""
    def fail() -> None:
        def crash(*args: object) -> None:
            raise OSError("disk full")

        monkeypatch.setattr(saves.os, "replace", crash)

    return fail


def test_a_failed_background_write_is_retried_by_the_next_flush(tutorial: Scenario, tmp_path: Path, disk_full,
                                                                 monkeypatch) -> None:
    session = half_played(tutorial)
    slot = Slot(tmp_path / "game.json", DIGEST)
    slot.stage(session)
    disk_full()
    with pytest.raises(OSError):
        slot.flush()
    monkeypatch.undo()
    slot.flush()
    assert len(saves.read(slot.path).actions) == len(session.actions)


def test_a_failed_write_leaves_the_previous_save(tutorial: Scenario, tmp_path: Path, disk_full) -> None:
    session = half_played(tutorial)
    slot = Slot(tmp_path / "game.json", DIGEST)
    slot.record(session)
    before = slot.path.read_bytes()
    session.act(a.Pressure())
    disk_full()
    with pytest.raises(OSError):
        slot.record(session)
    assert slot.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["game.json"]  # no temporary file left behind


@pytest.mark.parametrize("name", ["../escape", "a/b", "a\\b", "", ".hidden", "x..y", "end.", "tab\there", "x" * 81])
def test_save_names_cannot_leave_the_saves_folder(name: str) -> None:
    with pytest.raises(SaveError, match="cannot be a save name"):
        saves.save_path(name)


def test_good_names_stay_in_the_folder(tmp_path: Path) -> None:
    assert saves.save_path("Ada's game".replace("'", ""), tmp_path) == tmp_path / "Adas game.json"


DAMAGED = {
    "truncated": (b'{"app": "roleplay", "format_version": 1, "scen', "not complete JSON at line 1"),
    "empty": (b"", "the save is empty"),
    "foreign": (b'{"name": "my-package", "version": "1.0.0"}', "not a roleplay save"),
    "a list": (b"[1, 2, 3]", "not a roleplay save"),
    "wrong types": (b'{"app": "roleplay", "format_version": 1, "scenario_id": 3}', "the save is damaged"),
    "binary": (b"\xff\xfe\x00\x01", "not text"),
    "no version": (b'{"app": "roleplay"}', "no format version"),
    "future": (b'{"app": "roleplay", "format_version": 99}', "newer roleplay"),
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_damaged_and_foreign_files_get_a_message_and_stay_untouched(tmp_path: Path, kind: str) -> None:
    content, message = DAMAGED[kind]
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    stamp = path.stat().st_mtime_ns
    with pytest.raises(SaveError) as caught:
        saves.read(path)
    assert message in str(caught.value) and str(path) in str(caught.value)
    assert path.read_bytes() == content and path.stat().st_mtime_ns == stamp


def test_folders_missing_files_and_unreadable_files_are_reported(tmp_path: Path, monkeypatch) -> None:
    with pytest.raises(SaveError, match="folder"):
        saves.read(tmp_path)
    with pytest.raises(SaveError, match="no such save"):
        saves.read(tmp_path / "nothing.json")
    locked = tmp_path / "locked.json"
    locked.write_text("{}")

    def denied(path: object, flags: int, mode: int = 0o777) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("roleplay.files.os.open", denied)
    with pytest.raises(SaveError, match="permission denied"):
        saves.read(locked)


def test_a_slot_never_overwrites_what_it_did_not_write(tutorial: Scenario, tmp_path: Path) -> None:
    session = half_played(tutorial)
    damaged = tmp_path / "game.json"
    damaged.write_text("{ not json")
    with pytest.raises(SaveError, match="damaged"):
        Slot(damaged, DIGEST).claim(session)
    other = Slot(tmp_path / "other.json", DIGEST)
    other.record(play_game(tutorial, "landlord", "passive", seed=1))
    with pytest.raises(SaveError, match="another game"):
        Slot(other.path, DIGEST).claim(session)
    Slot(tmp_path / "mine.json", DIGEST).claim(session)  # a new name is fine


def test_a_changed_scenario_is_named_and_can_still_be_replayed(tutorial: Scenario, tmp_path: Path) -> None:
    session = half_played(tutorial)
    slot = Slot(tmp_path / "game.json", "0" * 64)
    slot.record(session)
    save = saves.read(slot.path)
    with pytest.raises(ScenarioChanged, match="has changed"):
        saves.replay(save, tutorial, DIGEST, slot.path)
    assert saves.replay(save, tutorial, DIGEST, slot.path, anyway=True).state.round == 2
    foreign = save.model_copy(update={"scenario_id": "another"})
    with pytest.raises(SaveError, match="belongs to the scenario 'another'"):
        saves.replay(foreign, tutorial, DIGEST, slot.path)


def test_old_formats_are_migrated_on_load(tutorial: Scenario, tmp_path: Path, monkeypatch) -> None:
    slot = Slot(tmp_path / "game.json", DIGEST)
    slot.record(half_played(tutorial))
    old = json.loads(slot.path.read_text())
    old["format_version"] = 0
    old["label"] = old.pop("player")
    slot.path.write_text(json.dumps(old))
    with pytest.raises(SaveError, match="too old"):
        saves.read(slot.path)
    monkeypatch.setitem(saves.MIGRATIONS, 0, lambda data: {**{k: v for k, v in data.items() if k != "label"},
                                                            "player": data["label"]})
    assert saves.read(slot.path).player == ""


def test_the_listing_reports_damaged_saves_beside_good_ones(tutorial: Scenario, tmp_path: Path) -> None:
    Slot(tmp_path / "good.json", DIGEST).record(half_played(tutorial))
    (tmp_path / "bad.json").write_text("[]")
    found = {path.name: result for path, result in saves.listing(tmp_path)}
    assert isinstance(found["bad.json"], SaveError) and not isinstance(found["good.json"], SaveError)


def scripted_input(monkeypatch, lines: list[str]) -> None:
    feed = iter(lines)

    def fake(prompt: str = "") -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr(builtins, "input", fake)


def test_quitting_and_resuming_continues_at_the_same_round(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    scripted_input(monkeypatch, ["team accountant", "expect rent r2200", "expect term y5", "expect fitout half", "done",
                                 "open balanced", "probe rent", "propose rent=r2200", "propose rent=r2200"])
    assert run_console(str(TUTORIAL), "tenant", 12, save_name="lease", player="Ada") == 0
    out = capsys.readouterr().out
    assert "Your game is saved in" in out
    assert "coach: " in out, "the tutorial's coach warns before the large concession; the move again plays it"
    saved = saves.read(tmp_path / "lease.json")
    assert (saved.summary.round, saved.player, len(saved.actions)) == (2, "Ada", 9)
    scripted_input(monkeypatch, ["walkout"])
    assert run_console(None, None, None, resume="") == 0
    out = capsys.readouterr().out
    assert "Resuming Tutorial: the Harbour Café lease as Harbour Café, round 3 of 4." in out
    assert saved.transcript[-1].text in " ".join(out.split())  # the transcript so far is shown again (wrapped)
    finished = saves.read(tmp_path / "lease.json")
    assert finished.summary.phase == "debrief" and finished.transcript[: len(saved.transcript)] == saved.transcript


def test_resuming_after_the_scenario_changed_asks_first(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    scenario = tmp_path / "lease.yaml"
    scenario.write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    scripted_input(monkeypatch, ["team accountant"])
    run_console(str(scenario), "tenant", 3, save_name="g")
    scenario.write_text(scenario.read_text(encoding="utf-8").replace("rounds: 4", "rounds: 5"), encoding="utf-8")
    original = (tmp_path / "g.json").read_bytes()
    scripted_input(monkeypatch, ["c"])
    assert run_console(None, None, None, resume="g") == 0
    assert "has changed since this game was saved" in capsys.readouterr().out
    scripted_input(monkeypatch, ["t"])
    run_console(None, None, None, resume="g")
    assert "Harbour" not in capsys.readouterr().err
    scripted_input(monkeypatch, ["r", "team lawyer"])
    run_console(None, None, None, resume="g")
    assert (tmp_path / "g.json").read_bytes() == original  # the original save is never overwritten
    assert saves.read(tmp_path / "g-replayed.json").actions[-1] == a.PickMember(member="lawyer")
    assert load(scenario).scenario.rounds == 5
    assert os.path.exists(tmp_path / "g.json")


def test_a_save_whose_times_are_not_times_is_damaged_and_left_as_it_is(tmp_path: Path) -> None:
    import hashlib

    from tests.conftest import TUTORIAL as scenario_file

    loaded = load(scenario_file)
    session = Session(loaded.scenario, "tenant", 3)
    session.act(a.BeginPreparation())
    path = tmp_path / "g.json"
    slot = saves.Slot(path, loaded.digest, str(scenario_file))
    slot.record(session)
    slot.release()
    assert len(saves.read(path).move_times) == 1
    data = json.loads(path.read_text(encoding="utf-8"))
    data["move_times"] = ["yesterday"]
    path.write_text(json.dumps(data), encoding="utf-8")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(saves.SaveError, match=r"the save is damaged: move_times\.0"):
        saves.read(path)
    with pytest.raises(saves.SaveError):
        games.resume(path)  # a client opening it refuses it the same way, and writes nothing
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_scenario_given_for_a_save_and_a_folder_of_damaged_saves_are_named_as_such(tmp_path: Path,
                                                                                      monkeypatch) -> None:
    from tests.conftest import TUTORIAL as scenario_file

    with pytest.raises(saves.SaveError, match="a scenario, not a save"):
        saves.read(scenario_file)
    (tmp_path / "x.json").write_text("{", encoding="utf-8")
    monkeypatch.setenv("ROLEPLAY_SAVES", str(tmp_path))
    with pytest.raises(saves.SaveError, match=r"no saved games that can be read \(1 cannot"):
        saves.find("")
